//! Decode errors: a small `Copy` kind plus where it happened.

/// Which limit of [`Limits`](crate::Limits) a frame exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum LimitKind {
    /// Start line and headers larger than `max_head_size`.
    HeadSize,
    /// More headers than `max_headers`.
    HeaderCount,
    /// A body larger than `max_chunk_size`.
    ChunkSize,
    /// A reassembled message larger than `max_message_size` (answer 413).
    MessageSize,
    /// More messages in reassembly than `max_messages_in_progress`.
    MessagesInProgress,
    /// A message in reassembly scattered over more separate runs of octets than the
    /// reassembler keeps (4096).
    Fragments,
}

impl LimitKind {
    /// A short lower-case name of the limit.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HeadSize => "head size",
            Self::HeaderCount => "header count",
            Self::ChunkSize => "chunk size",
            Self::MessageSize => "message size",
            Self::MessagesInProgress => "messages in progress",
            Self::Fragments => "fragments",
        }
    }
}

/// What went wrong while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum ErrorKind {
    /// More bytes are needed (streams), or the input ends inside the frame.
    Incomplete,
    /// A [`Limits`](crate::Limits) bound was exceeded.
    LimitExceeded(LimitKind),
    /// The start line is not `MSRP <transaction-id> <method>` or `MSRP <transaction-id> <status> [comment]`.
    InvalidStartLine,
    /// The transaction id is not 4 to 32 ident characters starting with an alphanumeric.
    InvalidTransactionId,
    /// A line ends in a bare LF or a bare CR (RFC 4975 requires CRLF).
    InvalidLineEnding,
    /// A header line is not `name: value` (the space after the colon is required).
    InvalidHeader,
    /// To-Path and From-Path are missing, or not the first two headers in that order.
    InvalidPathHeaders,
    /// A request body without Content-Type, or a response with a body.
    InvalidBody,
    /// The end-line does not match `-------<transaction-id><+|$|#>`.
    InvalidEndLine,
    /// Bytes follow the frame where one complete frame was expected.
    TrailingBytes,
    /// A typed header's value does not match its grammar.
    InvalidHeaderValue,
    /// The head is not UTF-8.
    InvalidUtf8,
}

impl ErrorKind {
    /// A short lower-case description.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incomplete => "incomplete input",
            Self::LimitExceeded(_) => "limit exceeded",
            Self::InvalidStartLine => "invalid start line",
            Self::InvalidTransactionId => "invalid transaction id",
            Self::InvalidLineEnding => "line not ended by CRLF",
            Self::InvalidHeader => "invalid header line",
            Self::InvalidPathHeaders => "To-Path then From-Path must come first",
            Self::InvalidBody => "invalid body",
            Self::InvalidEndLine => "invalid end-line",
            Self::TrailingBytes => "trailing bytes after the frame",
            Self::InvalidHeaderValue => "invalid header value",
            Self::InvalidUtf8 => "head is not UTF-8",
        }
    }
}

/// A decode failure: what went wrong and at which byte offset of the frame (or stream buffer).
///
/// `line` and `column` (1-based, bytes) are known for errors from [`Frame::parse`](crate::Frame::parse)
/// and the stream decoders; a typed header value parsed on its own has only the offset in it.
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
    pub(crate) const fn new(kind: ErrorKind, offset: usize) -> Self {
        Self {
            kind,
            offset,
            line: 0,
            column: 0,
            header: None,
        }
    }
    /// Line and column of the offset in `input` (the bytes the offset counts in).
    pub(crate) fn locate(mut self, input: &[u8]) -> Self {
        let at = rcs_base::Position::locate(input, self.offset);
        self.line = at.line;
        self.column = at.column;
        self
    }
    pub(crate) const fn in_header(mut self, h: &'static str) -> Self {
        self.header = Some(h);
        self
    }
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// Byte offset of the problem.
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// 1-based line of the problem (0 when unknown).
    pub fn line(&self) -> u32 {
        self.line
    }
    /// 1-based column (in bytes) of the problem (0 when unknown).
    pub fn column(&self) -> u32 {
        self.column
    }
    /// The header concerned, for typed-header errors.
    pub fn field(&self) -> Option<&'static str> {
        self.header
    }
    /// Whether more input could complete the frame.
    pub fn is_incomplete(&self) -> bool {
        self.kind == ErrorKind::Incomplete
    }
}

rcs_base::display_located!(DecodeError, ErrorKind, |e| (
    e.header,
    rcs_base::Place::of(e.line, e.column, e.offset)
));

impl std::error::Error for DecodeError {}

rcs_base::impl_located_error!(DecodeError);
