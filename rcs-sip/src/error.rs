//! Decode errors: a small `Copy` kind plus where it happened.

/// Which limit of [`Limits`](crate::Limits) a message exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum LimitKind {
    /// The whole message (head and body) is larger than `max_message_size`.
    MessageSize,
    /// The start line and headers are larger than `max_head_size`.
    HeadSize,
    /// More header fields than `max_headers`.
    HeaderCount,
    /// One header field (with its folded continuation lines) is longer than `max_line_length`.
    LineLength,
    /// The body (Content-Length) is larger than `max_body_size`.
    BodySize,
    /// Multipart bodies nested deeper than `max_nesting_depth`.
    NestingDepth,
    /// More parts in one multipart body than `max_parts`.
    PartCount,
}

impl LimitKind {
    /// A short lower-case name of the limit.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MessageSize => "message size",
            Self::HeadSize => "head size",
            Self::HeaderCount => "header count",
            Self::LineLength => "line length",
            Self::BodySize => "body size",
            Self::NestingDepth => "nesting depth",
            Self::PartCount => "part count",
        }
    }
}

/// What went wrong while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ErrorKind {
    /// The input ends before the message does; feed more bytes (streams) or the datagram was cut.
    Incomplete,
    /// A [`Limits`](crate::Limits) bound was exceeded before any work sized by the input was done.
    LimitExceeded(LimitKind),
    /// The input has no start line (empty, or only line terminators).
    Empty,
    /// The method of a request line is not a token.
    InvalidMethod,
    /// The Request-URI is malformed, or uses a form a Request-URI may not (`<...>`, `?headers`).
    InvalidRequestUri,
    /// The version is not `SIP/<digits>.<digits>`.
    InvalidVersion,
    /// The status code is not exactly three digits in 100..=699.
    InvalidStatusCode,
    /// The reason phrase holds a control character.
    InvalidReasonPhrase,
    /// The start line is malformed in another way (extra or trailing spaces, missing parts).
    InvalidStartLine,
    /// A header line has no colon.
    MissingColon,
    /// A header name is empty or is not a token.
    InvalidHeaderName,
    /// A header value holds a byte not allowed there.
    InvalidHeaderValue,
    /// A line ends in a bare LF (allowed only with `ParseOptions::allow_bare_lf`) or a bare CR.
    InvalidLineEnding,
    /// The header section is not UTF-8.
    InvalidUtf8,
    /// Content-Length is not a non-negative decimal that fits.
    InvalidContentLength,
    /// Several Content-Length headers disagree, so a stream cannot be framed.
    ConflictingContentLength,
    /// A stream message has no Content-Length (RFC 3261 §18.3 requires it on streams).
    MissingContentLength,
    /// Bytes follow the message where one complete message was expected.
    TrailingBytes,
    /// A datagram is shorter than its Content-Length says.
    BodyTruncated,
    /// A datagram ends inside the header section (no empty line).
    UnterminatedHead,
    /// A URI is malformed.
    InvalidUri,
    /// A URI's host is not a valid host name, IPv4 address or IPv6 reference.
    InvalidHost,
    /// A port is not a decimal number below 65536.
    InvalidPort,
    /// A number is not decimal or overflows its type (CSeq, Max-Forwards, Expires, ...).
    InvalidNumber,
    /// A quoted string is not terminated, or holds a bad escape.
    InvalidQuotedString,
    /// A parameter (`;name=value`) is malformed or empty.
    InvalidParameter,
    /// A typed header's value does not match its grammar (see the header name of the error).
    InvalidHeaderSyntax,
    /// A `name-addr` is malformed (display name, angle brackets, unbracketed URI with `?`/`;`).
    InvalidNameAddr,
    /// A multipart body is malformed (no boundary, missing delimiter, bad part headers).
    InvalidMultipart,
}

impl ErrorKind {
    /// A short lower-case description.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incomplete => "incomplete input",
            Self::LimitExceeded(_) => "limit exceeded",
            Self::Empty => "empty message",
            Self::InvalidMethod => "invalid method",
            Self::InvalidRequestUri => "invalid Request-URI",
            Self::InvalidVersion => "invalid SIP version",
            Self::InvalidStatusCode => "invalid status code",
            Self::InvalidReasonPhrase => "invalid reason phrase",
            Self::InvalidStartLine => "invalid start line",
            Self::MissingColon => "header line without a colon",
            Self::InvalidHeaderName => "invalid header name",
            Self::InvalidHeaderValue => "invalid byte in header value",
            Self::InvalidLineEnding => "invalid line ending",
            Self::InvalidUtf8 => "header section is not UTF-8",
            Self::InvalidContentLength => "invalid Content-Length",
            Self::ConflictingContentLength => "conflicting Content-Length values",
            Self::MissingContentLength => "missing Content-Length on a stream",
            Self::TrailingBytes => "trailing bytes after the message",
            Self::BodyTruncated => "body shorter than Content-Length",
            Self::UnterminatedHead => "header section not ended by an empty line",
            Self::InvalidUri => "invalid URI",
            Self::InvalidHost => "invalid host",
            Self::InvalidPort => "invalid port",
            Self::InvalidNumber => "invalid or overflowing number",
            Self::InvalidQuotedString => "invalid quoted string",
            Self::InvalidParameter => "invalid parameter",
            Self::InvalidHeaderSyntax => "invalid header syntax",
            Self::InvalidNameAddr => "invalid name-addr",
            Self::InvalidMultipart => "invalid multipart body",
        }
    }
}

/// A decode failure: what went wrong and where.
///
/// `offset` counts bytes from the start of the input handed to the parser (for typed headers
/// reached through a [`Message`](crate::Message), from the start of the message). `line` and
/// `column` are 1-based and count lines and bytes; they are computed once, when the error is made.
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
    /// An error at `offset` with no line information (`line` and `column` are 0).
    pub(crate) const fn new(kind: ErrorKind, offset: usize) -> Self {
        Self {
            kind,
            offset,
            line: 0,
            column: 0,
            header: None,
        }
    }

    /// An error at `offset` in `input`, with line and column computed from it.
    pub(crate) fn at(kind: ErrorKind, input: &[u8], offset: usize) -> Self {
        let mut e = Self::new(kind, offset);
        e.locate(input);
        e
    }

    /// Fill line and column from the input the offset refers to.
    ///
    /// The same arithmetic as `rcs_base::Position::locate`, written here: calling that (or
    /// inlining it) changed how the head scan is compiled and cost the successful parse ~140
    /// instructions (callgrind, `benches/callgrind.sh`); tests hold the two to each other.
    pub(crate) fn locate(&mut self, input: &[u8]) {
        let end = self.offset.min(input.len());
        let before = &input[..end];
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
        self.line = u32::try_from(line).unwrap_or(u32::MAX);
        self.column = u32::try_from(end - line_start + 1).unwrap_or(u32::MAX);
    }

    /// Move the offset by `base` (an error found inside a slice of a larger input).
    pub(crate) fn rebase(mut self, base: usize) -> Self {
        self.offset += base;
        self
    }

    /// An error found in a slice that starts at `base` of `input`: moved and located there.
    pub(crate) fn placed(self, base: usize, input: &[u8]) -> Self {
        let mut e = self.rebase(base);
        e.locate(input);
        e
    }

    /// Attach the canonical name of the header being decoded.
    pub(crate) fn in_header(mut self, name: &'static str) -> Self {
        if self.header.is_none() {
            self.header = Some(name);
        }
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

    /// Canonical name of the header being decoded, when the error is inside one.
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
    rcs_base::Place::of(e.line, e.column, e.offset)
));

impl std::error::Error for DecodeError {}

rcs_base::impl_located_error!(DecodeError);

#[cfg(test)]
mod tests {
    use super::{DecodeError, ErrorKind};

    #[test]
    fn locate_agrees_with_rcs_base() {
        let text = b"INVITE sip:a@b SIP/2.0\r\nVia: x\r\n\nTo: y\r\n";
        for offset in 0..=text.len() + 2 {
            let mut e = DecodeError::new(ErrorKind::Incomplete, offset);
            e.locate(text);
            let p = rcs_base::Position::locate(text, offset);
            assert_eq!((e.line(), e.column()), (p.line, p.column), "{offset}");
        }
    }
}
