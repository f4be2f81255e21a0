//! Decode errors: a small `Copy` kind, where it happened (offset, line, column) and the header.

/// Which limit of [`Limits`](crate::Limits) a message exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum LimitKind {
    /// The whole message is larger than `max_message_size`.
    MessageSize,
    /// More header lines (message or content) than `max_headers`.
    HeaderCount,
    /// A header line longer than `max_line_length`.
    LineLength,
    /// An XML body larger, deeper or with more elements than its [`XmlLimits`](crate::XmlLimits).
    Xml,
}

impl LimitKind {
    /// A short lower-case name of the limit.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MessageSize => "message size",
            Self::HeaderCount => "header count",
            Self::LineLength => "line length",
            Self::Xml => "xml",
        }
    }
}

/// What went wrong while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ends inside the message headers or the content headers.
    Incomplete,
    /// A [`Limits`](crate::Limits) bound was exceeded.
    LimitExceeded(LimitKind),
    /// A line ends in a bare LF or a bare CR (CPIM requires CRLF).
    InvalidLineEnding,
    /// A header line is not `[prefix "."] name ":" [params] SP value`.
    InvalidHeader,
    /// A header's value does not match its grammar (From, To, cc, DateTime, NS, Require, ...).
    InvalidHeaderValue,
    /// A header name uses a namespace prefix that no NS header declares.
    UndeclaredPrefix,
    /// Content-Length disagrees with the content's length.
    ContentLengthMismatch,
    /// The headers are not UTF-8.
    InvalidUtf8,
    /// Content-Transfer-Encoding says base64 but the content is not base64.
    InvalidBase64,
    /// An XML body is not well-formed, declares a DTD, or uses an unknown entity.
    InvalidXml,
    /// An XML body is well-formed but not the document its type says (wrong root, a required
    /// element missing, a value out of its set); the element is named in `header()`.
    InvalidDocument,
}

impl ErrorKind {
    /// A short lower-case description.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incomplete => "incomplete message",
            Self::LimitExceeded(_) => "limit exceeded",
            Self::InvalidLineEnding => "line not ended by CRLF",
            Self::InvalidHeader => "invalid header line",
            Self::InvalidHeaderValue => "invalid header value",
            Self::UndeclaredPrefix => "undeclared namespace prefix",
            Self::ContentLengthMismatch => "Content-Length does not match the content",
            Self::InvalidUtf8 => "headers are not UTF-8",
            Self::InvalidBase64 => "content is not base64",
            Self::InvalidXml => "invalid XML",
            Self::InvalidDocument => "invalid document",
        }
    }
}

/// A decode failure: what went wrong, at which byte offset, line and column (1-based), and in
/// which header when a typed value failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DecodeError {
    kind: ErrorKind,
    offset: usize,
    line: u32,
    column: u32,
    header: Option<&'static str>,
}

impl DecodeError {
    /// An error at `offset` of `input` (line and column computed from it).
    pub(crate) fn at(kind: ErrorKind, input: &[u8], offset: usize) -> Self {
        let at = rcs_base::Position::locate(input, offset);
        Self {
            kind,
            offset: at.offset,
            line: at.line,
            column: at.column,
            header: None,
        }
    }

    /// An error in a header value, positioned relative to that value.
    pub(crate) fn value(kind: ErrorKind, header: &'static str) -> Self {
        Self {
            kind,
            offset: 0,
            line: 0,
            column: 0,
            header: Some(header),
        }
    }

    pub(crate) fn in_header(mut self, h: &'static str) -> Self {
        self.header = Some(h);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// Byte offset of the problem in the message (0 for typed-value errors).
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// Line of the problem, 1-based (0 for typed-value errors).
    pub fn line(&self) -> u32 {
        self.line
    }
    /// Column of the problem, 1-based (0 for typed-value errors).
    pub fn column(&self) -> u32 {
        self.column
    }
    /// The header concerned, when known.
    pub fn field(&self) -> Option<&'static str> {
        self.header
    }
    /// Whether more input could complete the message.
    pub fn is_incomplete(&self) -> bool {
        self.kind == ErrorKind::Incomplete
    }
}

rcs_base::display_located!(DecodeError, ErrorKind, |e| (
    e.header,
    rcs_base::Place::of_text(e.line, e.column)
));

impl std::error::Error for DecodeError {}

rcs_base::impl_located_error!(DecodeError);
