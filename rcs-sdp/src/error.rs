//! Decode errors: a small `Copy` kind plus where it happened.

/// Which limit of [`Limits`](crate::Limits) a description exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum LimitKind {
    /// The description is larger than `max_message_size`.
    MessageSize,
    /// More lines than `max_lines`.
    LineCount,
    /// More media sections than `max_media`.
    MediaCount,
}

impl LimitKind {
    /// A short lower-case name of the limit.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MessageSize => "message size",
            Self::LineCount => "line count",
            Self::MediaCount => "media count",
        }
    }
}

/// What went wrong while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum ErrorKind {
    /// A [`Limits`](crate::Limits) bound was exceeded.
    LimitExceeded(LimitKind),
    /// The description is empty.
    Empty,
    /// The description is not UTF-8.
    InvalidUtf8,
    /// A line is not `<letter>=<value>`.
    InvalidLine,
    /// A line's type letter is not one RFC 8866 defines (§5: such a description is ignored).
    UnknownLineType,
    /// A line holds a control character (NUL, a bare CR).
    InvalidCharacter,
    /// A line appears where RFC 8866 §5's order does not allow it, or more often than allowed.
    UnexpectedLine,
    /// A mandatory line is missing (`v=`, `o=`, `s=`, `t=`).
    MissingLine,
    /// `v=` is not `0`.
    InvalidVersion,
    /// `o=` does not have six fields of the right form.
    InvalidOrigin,
    /// `c=` does not have three fields of the right form.
    InvalidConnection,
    /// `b=` is not `<bwtype>:<bandwidth>`.
    InvalidBandwidth,
    /// `t=`, `r=` or `z=` is malformed.
    InvalidTiming,
    /// `m=` is not `<media> <port>[/<n>] <proto> <fmt> ...`.
    InvalidMedia,
    /// `a=` name is not a token.
    InvalidAttribute,
    /// A typed attribute's value does not match its grammar.
    InvalidAttributeValue,
}

impl ErrorKind {
    /// A short lower-case description.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LimitExceeded(_) => "limit exceeded",
            Self::Empty => "empty description",
            Self::InvalidUtf8 => "description is not UTF-8",
            Self::InvalidLine => "line is not <type>=<value>",
            Self::UnknownLineType => "unknown line type",
            Self::InvalidCharacter => "control character in a line",
            Self::UnexpectedLine => "line out of order or repeated",
            Self::MissingLine => "mandatory line missing",
            Self::InvalidVersion => "v= is not 0",
            Self::InvalidOrigin => "invalid o= line",
            Self::InvalidConnection => "invalid c= line",
            Self::InvalidBandwidth => "invalid b= line",
            Self::InvalidTiming => "invalid t=/r=/z= line",
            Self::InvalidMedia => "invalid m= line",
            Self::InvalidAttribute => "invalid attribute name",
            Self::InvalidAttributeValue => "invalid attribute value",
        }
    }
}

/// A decode failure: what, on which line and column (1-based), at which byte offset.
///
/// A description is always complete (its container gives its length), so there is no
/// `Incomplete` kind here and [`is_incomplete`](Self::is_incomplete) is always `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DecodeError {
    kind: ErrorKind,
    line: u32,
    column: u32,
    offset: usize,
}

impl DecodeError {
    pub(crate) const fn new(kind: ErrorKind, line: u32, offset: usize) -> Self {
        Self {
            kind,
            line,
            column: 0,
            offset,
        }
    }
    /// The column of the offset in `input`, for errors on a line.
    pub(crate) fn locate(mut self, input: &[u8]) -> Self {
        if self.line > 0 {
            let at = rcs_base::Position::locate(input, self.offset);
            self.line = at.line;
            self.column = at.column;
        }
        self
    }
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// 1-based line number (0 when the error is about the whole description).
    pub fn line(&self) -> u32 {
        self.line
    }
    /// 1-based column (in bytes) of the problem (0 when the error is about the whole
    /// description).
    pub fn column(&self) -> u32 {
        self.column
    }
    /// Byte offset of the problem.
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// The type of the line at fault (`"o="`, `"a="`, ...), when the kind names one.
    pub fn field(&self) -> Option<&'static str> {
        Some(match self.kind {
            ErrorKind::InvalidVersion => "v=",
            ErrorKind::InvalidOrigin => "o=",
            ErrorKind::InvalidConnection => "c=",
            ErrorKind::InvalidBandwidth => "b=",
            ErrorKind::InvalidTiming => "t=",
            ErrorKind::InvalidMedia => "m=",
            ErrorKind::InvalidAttribute | ErrorKind::InvalidAttributeValue => "a=",
            _ => return None,
        })
    }
    /// Always `false`: see the type's docs.
    pub fn is_incomplete(&self) -> bool {
        false
    }
}

// The SDP kind already names the line type, so no field is shown.
rcs_base::display_located!(DecodeError, ErrorKind, |e| (
    None,
    rcs_base::Place::of(e.line, e.column, e.offset)
));

impl std::error::Error for DecodeError {}

rcs_base::impl_located_error!(DecodeError);
