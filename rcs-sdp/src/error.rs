//! Decode errors: a small `Copy` kind plus where it happened.

use core::fmt;

/// Which limit of [`Limits`](crate::Limits) a description exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum LimitKind {
    /// The description is larger than `max_size`.
    Size,
    /// More lines than `max_lines`.
    LineCount,
    /// More media sections than `max_media`.
    MediaCount,
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

/// A decode failure: what, on which line (1-based), at which byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DecodeError {
    kind: ErrorKind,
    line: u32,
    offset: usize,
}

impl DecodeError {
    pub(crate) const fn new(kind: ErrorKind, line: u32, offset: usize) -> Self {
        Self { kind, line, offset }
    }
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// 1-based line number (0 when the error is about the whole description).
    pub fn line(&self) -> u32 {
        self.line
    }
    /// Byte offset of the problem.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.as_str())?;
        if let ErrorKind::LimitExceeded(l) = self.kind {
            write!(f, " ({l:?})")?;
        }
        if self.line > 0 {
            write!(f, " on line {}", self.line)
        } else {
            write!(f, " at byte {}", self.offset)
        }
    }
}

impl std::error::Error for DecodeError {}
