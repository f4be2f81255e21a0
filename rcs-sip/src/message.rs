//! The parsed message: spans into one buffer, borrowed or shared.

use crate::decode::head::{ContentLength, Head, scan_head};
use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::known::KnownHeader;
use crate::limits::ParseOptions;
use crate::typed::{Element, Values};
use crate::uri::Uri;
use bytes::Bytes;
use bytestring::ByteString;
use std::borrow::Cow;

/// A byte range of the message buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Span {
    pub(crate) const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }
    #[inline]
    pub(crate) fn range(self) -> core::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// A span of text at most `u32::MAX` long: a message is bounded to that, and the typed
    /// parsers' entry points refuse longer text.
    #[inline(always)]
    pub(crate) const fn at(start: usize, end: usize) -> Self {
        Self::new(start as u32, end as u32)
    }
    /// The text this span covers in `s` (empty if it does not fall on `s`'s boundaries, which a
    /// span made by the parser of `s` always does).
    #[inline]
    pub(crate) fn of(self, s: &str) -> &str {
        s.get(self.range()).unwrap_or("")
    }
}

/// One entry of the header index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HeaderEntry {
    pub(crate) name: Span,
    pub(crate) value: Span,
    pub(crate) known: Option<KnownHeader>,
}

/// The kinds of the first [`KindIndex::LEN`] header fields, a byte each: finding a header
/// is one byte search instead of a walk over the 20-byte index entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KindIndex([u8; KindIndex::LEN]);

impl KindIndex {
    const LEN: usize = 32;
    /// An unknown header, or no header; never a `KnownHeader` (there are fewer than 255).
    const NONE: u8 = u8::MAX;

    fn of(entries: &[HeaderEntry]) -> Self {
        let mut kinds = [Self::NONE; Self::LEN];
        for (slot, e) in kinds.iter_mut().zip(entries) {
            *slot = e.known.map_or(Self::NONE, |k| k as u8);
        }
        Self(kinds)
    }

    /// The first of the indexed fields at or after `from` that is `kind`.
    #[inline]
    fn find(&self, kind: KnownHeader, from: usize) -> Option<usize> {
        crate::decode::scan::find_byte(&self.0, from, kind as u8)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StartSpans {
    Request {
        method: Span,
        uri: Span,
        version: Span,
    },
    Response {
        version: Span,
        code: u16,
        reason: Span,
    },
}

/// Something accepted only because a [`ParseOptions`] leniency allowed it, or a datagram
/// irregularity that RFC 3261 says to tolerate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Warning {
    /// A line ended in a bare LF (first one at `offset`).
    BareLf {
        /// Offset of the first bare LF.
        offset: usize,
    },
    /// A datagram's header section ended without the empty line (bare-LF text only).
    MissingEmptyLine,
    /// A datagram held `len` bytes after the message (RFC 3261 §18.3: discarded).
    TrailingBytesDiscarded {
        /// How many bytes were discarded.
        len: usize,
    },
    /// A bare-LF datagram's Content-Length (`declared`) disagreed with its body; the body runs to
    /// the end of the datagram.
    ContentLengthIgnored {
        /// The Content-Length value sent.
        declared: u32,
    },
}

/// The message bytes, and the head (start line and headers) as text: it is checked to be UTF-8
/// once, when the message is made, so accessors slice it without checking again.
#[derive(Debug, Clone)]
enum Buf<'a> {
    Borrowed { bytes: &'a [u8], head: &'a str },
    Shared { bytes: Bytes, head: ByteString },
}

impl<'a> Buf<'a> {
    fn borrowed(bytes: &'a [u8], head_len: usize) -> Result<Self, DecodeError> {
        // simdutf8's check is several times faster than core's on a typical head; on failure
        // core's finds the position.
        let head = simdutf8::basic::from_utf8(&bytes[..head_len]).map_err(|_| {
            let at = core::str::from_utf8(&bytes[..head_len])
                .err()
                .map_or(0, |e| e.valid_up_to());
            DecodeError::at(ErrorKind::InvalidUtf8, bytes, at)
        })?;
        Ok(Self::Borrowed { bytes, head })
    }

    fn shared(bytes: Bytes, head_len: usize) -> Result<Self, DecodeError> {
        let head = ByteString::try_from(bytes.slice(..head_len)).map_err(|_| {
            let at = core::str::from_utf8(&bytes[..head_len])
                .err()
                .map_or(0, |e| e.valid_up_to());
            DecodeError::at(ErrorKind::InvalidUtf8, &bytes, at)
        })?;
        Ok(Self::Shared { bytes, head })
    }
}

/// How many bytes of CRLFs (bare LFs too, when allowed) come before the start line. A start
/// line begins with a letter, so one byte tells the usual case; the walk is out of line.
#[inline(always)]
fn leading_crlfs(input: &[u8], opts: &ParseOptions) -> usize {
    match input.first() {
        Some(b'\r' | b'\n') => crlf_run(input, opts.allow_bare_lf),
        _ => 0,
    }
}

#[cold]
fn crlf_run(input: &[u8], bare_lf: bool) -> usize {
    let mut at = 0;
    loop {
        match input.get(at..at + 2) {
            Some(b"\r\n") => at += 2,
            _ if bare_lf && input.get(at) == Some(&b'\n') => at += 1,
            _ => return at,
        }
    }
}

enum Source<'a> {
    Borrowed(&'a [u8]),
    Shared(Bytes),
}

/// A parsed SIP message: a view over the bytes it was parsed from.
///
/// Parsing indexes the start line and the headers (name and value spans, in order, compact
/// names resolved) and checks the grammar every header shares; typed values are parsed when
/// asked for. Nothing is copied: a borrowed message points into the caller's slice, and one made
/// from [`Bytes`] shares that buffer. The header index is the only allocation.
///
/// ```
/// use rcs_sip::Message;
/// let raw = b"MESSAGE sip:bob@example.com SIP/2.0\r\n\
/// v: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK776\r\n\
/// Max-Forwards: 70\r\n\
/// f: <sip:alice@example.com>;tag=49583\r\n\
/// t: <sip:bob@example.com>\r\n\
/// i: a84b4c76e66710\r\n\
/// CSeq: 1 MESSAGE\r\n\
/// c: text/plain\r\n\
/// l: 5\r\n\r\nhello";
/// let msg = Message::parse(raw).unwrap();
/// assert_eq!(msg.method(), Some("MESSAGE"));
/// assert_eq!(msg.call_id().unwrap().unwrap().as_str(), "a84b4c76e66710");
/// let via = msg.vias().next().unwrap().unwrap();
/// assert_eq!(via.branch(), Some("z9hG4bK776"));
/// assert_eq!(msg.cseq().unwrap().unwrap().seq(), 1);
/// assert_eq!(msg.body(), b"hello");
/// assert_eq!(msg.to_bytes(), &raw[..]);
/// ```
///
/// With the `serde` feature a message serializes as `{"kind": "request"|"response", "method",
/// "uri", "status", "reason", "version", "headers": [{"name", "raw_name" (only when the name
/// was sent otherwise: a compact form, other case), "value" (unfolded), "typed": [`HeaderValue`]s
/// (headers with a typed form), "error" (the first value that does not read)}], "body" (when
/// UTF-8), "body_base64" (when not), "body_length", "warnings"}` — what `rcs inspect --json`
/// prints.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    buf: Buf<'a>,
    start: StartSpans,
    headers: Vec<HeaderEntry>,
    kinds: KindIndex,
    body: Span,
    warnings: Vec<Warning>,
    /// The first Content-Length value, read by the head scan.
    content_length: Option<u32>,
}

/// How the input bounds the message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Exactly one complete message.
    Complete,
    /// A UDP datagram: trailing bytes are discarded, a short body is an error.
    Datagram,
}

impl<'a> Message<'a> {
    /// Parse exactly one complete message with strict default options.
    ///
    /// Without Content-Length the body is the rest of the input. Bytes beyond Content-Length are
    /// [`ErrorKind::TrailingBytes`]; fewer are [`ErrorKind::Incomplete`].
    pub fn parse(input: &'a [u8]) -> Result<Self, DecodeError> {
        Self::parse_with(input, &ParseOptions::new())
    }

    /// [`Message::parse`] with options.
    ///
    /// CRLFs before the start line are skipped (RFC 3261 §7.5: keep-alives and leftovers of a
    /// stream); they are not part of the message, so [`as_bytes`](Self::as_bytes) starts at the
    /// start line. Error offsets count from the start of `input`.
    pub fn parse_with(input: &'a [u8], opts: &ParseOptions) -> Result<Self, DecodeError> {
        match leading_crlfs(input, opts) {
            0 => Self::build(Source::Borrowed(input), opts, Mode::Complete),
            skip => Self::build(Source::Borrowed(&input[skip..]), opts, Mode::Complete)
                .map_err(|e| e.placed(skip, input)),
        }
    }

    /// Parse one UDP datagram (RFC 3261 §18.3): octets after Content-Length are discarded with a
    /// [`Warning::TrailingBytesDiscarded`]; a body shorter than Content-Length is
    /// [`ErrorKind::BodyTruncated`]; without Content-Length the body is the rest of the datagram.
    pub fn parse_datagram(input: &'a [u8], opts: &ParseOptions) -> Result<Self, DecodeError> {
        Self::build(Source::Borrowed(input), opts, Mode::Datagram)
    }

    /// The bytes the message views.
    #[inline]
    pub(crate) fn src(&self) -> &[u8] {
        match &self.buf {
            Buf::Borrowed { bytes, .. } => bytes,
            Buf::Shared { bytes, .. } => bytes,
        }
    }

    /// The head as text (checked once when the message was made).
    #[inline]
    fn head(&self) -> &str {
        match &self.buf {
            Buf::Borrowed { head, .. } => head,
            Buf::Shared { head, .. } => head,
        }
    }

    /// The first Content-Length value (checked by the head scan).
    pub(crate) fn first_content_length(&self) -> Option<u32> {
        self.content_length
    }

    #[inline]
    pub(crate) fn str_at(&self, span: Span) -> &str {
        // Spans end at ASCII delimiters, so they fall on char boundaries; `get` keeps it total.
        self.head().get(span.range()).unwrap_or("")
    }

    fn build(source: Source<'a>, opts: &ParseOptions, mode: Mode) -> Result<Self, DecodeError> {
        let input: &[u8] = match &source {
            Source::Borrowed(b) => b,
            Source::Shared(b) => b,
        };
        let max = opts.limits.max_message_size.min(u32::MAX as usize);
        if input.len() > max {
            return Err(DecodeError::at(
                ErrorKind::LimitExceeded(LimitKind::MessageSize),
                input,
                max,
            ));
        }
        let head: Head = scan_head(input, opts, mode == Mode::Datagram)?;
        let mut warnings = Vec::new();
        if let Some(offset) = head.bare_lf_at {
            warnings.push(Warning::BareLf { offset });
        }
        if head.unterminated {
            warnings.push(Warning::MissingEmptyLine);
        }
        let bs = head.body_start;
        let avail = input.len() - bs;
        let body_len = match (head.content_length, mode) {
            (ContentLength::Value(n), _) if n as usize > opts.limits.max_body_size => {
                return Err(DecodeError::at(
                    ErrorKind::LimitExceeded(LimitKind::BodySize),
                    input,
                    bs,
                ));
            }
            (ContentLength::Value(n), Mode::Complete) => {
                let n = n as usize;
                if n > avail {
                    return Err(DecodeError::new(ErrorKind::Incomplete, input.len()));
                }
                if n < avail {
                    return Err(DecodeError::at(ErrorKind::TrailingBytes, input, bs + n));
                }
                n
            }
            (ContentLength::Value(n), Mode::Datagram)
                if head.bare_lf_at.is_some() && n as usize != avail =>
            {
                warnings.push(Warning::ContentLengthIgnored { declared: n });
                avail
            }
            (ContentLength::Value(n), Mode::Datagram) => {
                let n = n as usize;
                if n > avail {
                    return Err(DecodeError::at(
                        ErrorKind::BodyTruncated,
                        input,
                        input.len(),
                    ));
                }
                if n < avail {
                    warnings.push(Warning::TrailingBytesDiscarded { len: avail - n });
                }
                n
            }
            // No usable Content-Length: the body is what is left (validate() reports a conflict).
            (ContentLength::Absent | ContentLength::Conflict { .. }, _) => {
                if avail > opts.limits.max_body_size {
                    return Err(DecodeError::at(
                        ErrorKind::LimitExceeded(LimitKind::BodySize),
                        input,
                        bs,
                    ));
                }
                avail
            }
        };
        let body = Span::at(bs, bs + body_len);
        let buf = match source {
            Source::Borrowed(b) => Buf::borrowed(b, bs)?,
            Source::Shared(b) => Buf::shared(b, bs)?,
        };
        Ok(Self {
            buf,
            start: head.start,
            kinds: KindIndex::of(&head.headers),
            headers: head.headers,
            body,
            warnings,
            content_length: head.content_length.first(),
        })
    }

    /// A message from a frame the stream framer cut (or the builder wrote), with its scanned head.
    pub(crate) fn from_frame(frame: Bytes, head: Head) -> Result<Message<'static>, DecodeError> {
        let mut warnings = Vec::new();
        if let Some(offset) = head.bare_lf_at {
            warnings.push(Warning::BareLf { offset });
        }
        let body = Span::at(head.body_start, frame.len());
        let buf = Buf::shared(frame, head.body_start)?;
        Ok(Message {
            buf,
            start: head.start,
            kinds: KindIndex::of(&head.headers),
            headers: head.headers,
            body,
            warnings,
            content_length: head.content_length.first(),
        })
    }

    /// Parse one message carried in a WebSocket frame (RFC 7118 §5): the frame delimits the
    /// message, so Content-Length may be absent; when present it must match.
    pub fn parse_websocket(frame: &'a [u8], opts: &ParseOptions) -> Result<Self, DecodeError> {
        Self::build(Source::Borrowed(frame), opts, Mode::Complete)
    }

    /// Parse one complete message held in `Bytes`, sharing the buffer instead of borrowing.
    pub fn parse_bytes(input: Bytes, opts: &ParseOptions) -> Result<Message<'static>, DecodeError> {
        match leading_crlfs(&input, opts) {
            0 => Message::build(Source::Shared(input), opts, Mode::Complete),
            skip => Message::build(Source::Shared(input.slice(skip..)), opts, Mode::Complete)
                .map_err(|e| e.placed(skip, &input)),
        }
    }

    /// A message the builder wrote: `head_text` is its head, already text.
    pub(crate) fn from_built(bytes: Bytes, head_text: ByteString, head: Head) -> Message<'static> {
        let body = Span::at(head.body_start, bytes.len());
        Message {
            buf: Buf::Shared {
                bytes,
                head: head_text,
            },
            start: head.start,
            kinds: KindIndex::of(&head.headers),
            headers: head.headers,
            body,
            warnings: Vec::new(),
            content_length: head.content_length.first(),
        }
    }

    /// An owned message: the bytes are copied once, the index is kept (no re-parse).
    pub fn into_owned(self) -> Message<'static> {
        let buf: Buf<'static> = match self.buf {
            Buf::Borrowed { bytes, head } => Buf::Shared {
                bytes: Bytes::copy_from_slice(&bytes[..self.body.end as usize]),
                // Already checked as text: ByteString::from(String) does not check again.
                head: ByteString::from(head.to_string()),
            },
            Buf::Shared { bytes, head } => Buf::Shared { bytes, head },
        };
        Message {
            buf,
            start: self.start,
            headers: self.headers,
            kinds: self.kinds,
            body: self.body,
            warnings: self.warnings,
            content_length: self.content_length,
        }
    }

    /// Whether this is a request.
    pub fn is_request(&self) -> bool {
        matches!(self.start, StartSpans::Request { .. })
    }

    /// Whether this is a response.
    pub fn is_response(&self) -> bool {
        !self.is_request()
    }

    /// The method of a request, as sent (methods are case-sensitive).
    pub fn method(&self) -> Option<&str> {
        match self.start {
            StartSpans::Request { method, .. } => Some(self.str_at(method)),
            StartSpans::Response { .. } => None,
        }
    }

    /// The Request-URI as sent.
    pub fn request_uri_str(&self) -> Option<&str> {
        match self.start {
            StartSpans::Request { uri, .. } => Some(self.str_at(uri)),
            StartSpans::Response { .. } => None,
        }
    }

    /// The Request-URI, typed. Its grammar was checked by the parse, so this does not fail for a
    /// parsed request.
    pub fn request_uri(&self) -> Option<Uri<'_>> {
        let s = self.request_uri_str()?;
        crate::decode::uri::parse_uri(s, crate::decode::uri::UriContext::RequestUri).ok()
    }

    /// The version of the start line as sent (`SIP/2.0`).
    pub fn version(&self) -> &str {
        match self.start {
            StartSpans::Request { version, .. } | StartSpans::Response { version, .. } => {
                self.str_at(version)
            }
        }
    }

    /// The status code of a response.
    pub fn status(&self) -> Option<u16> {
        match self.start {
            StartSpans::Response { code, .. } => Some(code),
            StartSpans::Request { .. } => None,
        }
    }

    /// The reason phrase of a response, as sent (may be empty).
    pub fn reason(&self) -> Option<&str> {
        match self.start {
            StartSpans::Response { reason, .. } => Some(self.str_at(reason)),
            StartSpans::Request { .. } => None,
        }
    }

    /// The start line as sent, without its line ending.
    pub fn start_line(&self) -> &str {
        let end = match self.start {
            StartSpans::Request { version, .. } => version.end,
            StartSpans::Response { reason, .. } => reason.end,
        };
        self.str_at(Span::new(0, end))
    }

    /// The header fields in their original order.
    pub fn headers(&self) -> Headers<'_> {
        Headers {
            msg: self,
            inner: self.headers.iter(),
        }
    }

    /// How many header fields (lines) there are.
    pub fn header_count(&self) -> usize {
        self.headers.len()
    }

    /// The first header field with this name (full or compact form, any case).
    pub fn header(&self, name: &str) -> Option<HeaderField<'_>> {
        let known = KnownHeader::from_name(name.as_bytes());
        self.headers().find(|h| match known {
            Some(k) => h.known == Some(k),
            None => h.raw_name.eq_ignore_ascii_case(name),
        })
    }

    /// Every header field with this name (full or compact form, any case).
    pub fn headers_named<'m>(
        &'m self,
        name: &'m str,
    ) -> impl Iterator<Item = HeaderField<'m>> + 'm {
        let known = KnownHeader::from_name(name.as_bytes());
        self.headers().filter(move |h| match known {
            Some(k) => h.known == Some(k),
            None => h.raw_name.eq_ignore_ascii_case(name),
        })
    }

    /// Every header field of a known kind.
    pub fn headers_of(&self, kind: KnownHeader) -> impl Iterator<Item = HeaderField<'_>> + '_ {
        self.headers().filter(move |h| h.known == Some(kind))
    }

    /// Every value of `kind`, typed as `T`, across all lines (comma lists split).
    ///
    /// Errors come back in place of the values that failed, with the header named and the offset
    /// in the message; iteration goes on with the next line.
    pub fn values<'m, T: Element<'m>>(&'m self, kind: KnownHeader) -> Values<'m, T> {
        Values::new(self, kind)
    }

    /// The first value of a single-valued header, typed.
    pub fn first<'m, T: Element<'m>>(
        &'m self,
        kind: KnownHeader,
    ) -> Option<Result<T, DecodeError>> {
        // Direct, not through `values()`: the common accessors (From, To, CSeq, Call-ID, ...)
        // are single-valued and this path is hot.
        let e = &self.headers[self.position(kind, 0)?];
        let value = self.str_at(e.value);
        let mut pos = 0;
        // Written out, not with `map_err`: the value goes straight to the result.
        let err = match T::parse_at(kind, value, &mut pos) {
            Ok(v) => match crate::typed::after_element(kind, value, pos) {
                Ok(_) => return Some(Ok(v)),
                Err(err) => err,
            },
            Err(err) => err,
        };
        Some(Err(err
            .in_header(kind.as_str())
            .placed(e.value.start as usize, self.as_bytes())))
    }

    /// The body (empty if there is none).
    pub fn body(&self) -> &[u8] {
        &self.src()[self.body.range()]
    }

    /// Offset of the body in the message.
    pub fn body_offset(&self) -> usize {
        self.body.start as usize
    }

    /// What leniency or datagram tolerance was used to accept this message.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The message bytes (for a parsed message: exactly the bytes parsed).
    pub fn as_bytes(&self) -> &[u8] {
        &self.src()[..self.body.end as usize]
    }

    /// The exact encoded length.
    pub fn encoded_len(&self) -> usize {
        self.body.end as usize
    }

    /// Write the message into any `BufMut`. A parsed message re-encodes byte-exact.
    pub fn encode(&self, dst: &mut impl bytes::BufMut) {
        dst.put_slice(self.as_bytes());
    }

    /// The encoded message.
    pub fn to_bytes(&self) -> Bytes {
        match &self.buf {
            Buf::Shared { bytes, .. } => bytes.slice(..self.body.end as usize),
            Buf::Borrowed { bytes, .. } => Bytes::copy_from_slice(&bytes[..self.body.end as usize]),
        }
    }

    /// Line and column of an offset in this message (1-based).
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let mut e = DecodeError::new(ErrorKind::Empty, offset);
        e.locate(self.as_bytes());
        (e.line(), e.column())
    }

    /// The index of the first header field at or after `from` that is `kind`.
    #[inline]
    pub(crate) fn position(&self, kind: KnownHeader, from: usize) -> Option<usize> {
        if let Some(i) = self.kinds.find(kind, from) {
            return Some(i);
        }
        let rest = from.max(KindIndex::LEN);
        let more = self.headers.get(rest..)?;
        more.iter()
            .position(|e| e.known == Some(kind))
            .map(|i| rest + i)
    }

    pub(crate) fn entries(&self) -> &[HeaderEntry] {
        &self.headers
    }

    pub(crate) fn field(&self, e: &HeaderEntry) -> HeaderField<'_> {
        HeaderField::new(self.as_bytes(), self.head(), e)
    }
}

impl PartialEq for Message<'_> {
    /// Messages are equal when their start lines, header names and values (in order), and bodies
    /// are equal: how they were framed (folds, compact names aside) is not compared.
    fn eq(&self, other: &Self) -> bool {
        self.start_line() == other.start_line()
            && self.body() == other.body()
            && self.headers.len() == other.headers.len()
            && self
                .headers()
                .zip(other.headers())
                .all(|(a, b)| a.name() == b.name() && a.value == b.value)
    }
}

/// Iterator over the header fields of a message.
#[derive(Debug, Clone)]
pub struct Headers<'m> {
    msg: &'m Message<'m>,
    inner: core::slice::Iter<'m, HeaderEntry>,
}

impl<'m> Iterator for Headers<'m> {
    type Item = HeaderField<'m>;
    fn next(&mut self) -> Option<HeaderField<'m>> {
        self.inner.next().map(|e| self.msg.field(e))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Headers<'_> {}

/// One header field (one line, with its folds) as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderField<'m> {
    msg: &'m [u8],
    raw_name: &'m str,
    value: &'m str,
    known: Option<KnownHeader>,
    offset: usize,
    value_offset: usize,
}

impl<'m> HeaderField<'m> {
    /// A field of `head` (the text the entry's spans index), inside `src` (for error positions).
    pub(crate) fn new(src: &'m [u8], head: &'m str, e: &HeaderEntry) -> Self {
        HeaderField {
            msg: src,
            raw_name: head.get(e.name.range()).unwrap_or(""),
            value: head.get(e.value.range()).unwrap_or(""),
            known: e.known,
            offset: e.name.start as usize,
            value_offset: e.value.start as usize,
        }
    }

    /// The canonical name for a known header (compact forms expanded), else the name as sent.
    pub fn name(&self) -> &'m str {
        match self.known {
            Some(k) => k.as_str(),
            None => self.raw_name,
        }
    }

    /// The name exactly as sent.
    pub fn raw_name(&self) -> &'m str {
        self.raw_name
    }

    /// The value as sent, without surrounding white space; folds are kept.
    pub fn value(&self) -> &'m str {
        self.value
    }

    /// The value with every fold (line break plus the next line's leading white space) read as
    /// one SP (RFC 3261 §7.3.1). Borrows when there is no fold.
    pub fn unfolded_value(&self) -> Cow<'m, str> {
        crate::decode::lex::unfold(self.value)
    }

    /// Which known header this is.
    pub fn known(&self) -> Option<KnownHeader> {
        self.known
    }

    /// Offset of the header line in the message.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Offset of the value in the message.
    pub fn value_offset(&self) -> usize {
        self.value_offset
    }

    /// The message this field belongs to (for error positions).
    pub(crate) fn message_bytes(&self) -> &'m [u8] {
        self.msg
    }

    /// The value split at top-level commas: commas inside quotes, `<...>` and `(...)` comments do
    /// not split. Each piece is trimmed.
    pub fn split_values(&self) -> SplitValues<'m> {
        SplitValues {
            s: self.value,
            pos: 0,
        }
    }

    /// Type every value of this field (when the crate has a typed form for it) and report the
    /// first error, with its offset in the message.
    pub fn check(&self) -> Result<(), DecodeError> {
        crate::typed::check_field(self)
    }
}

/// Iterator of [`HeaderField::split_values`].
#[derive(Debug, Clone)]
pub struct SplitValues<'m> {
    s: &'m str,
    pos: usize,
}

impl<'m> Iterator for SplitValues<'m> {
    type Item = &'m str;
    fn next(&mut self) -> Option<&'m str> {
        let b = self.s.as_bytes();
        if self.pos > b.len() {
            return None;
        }
        let start = self.pos;
        let (mut quoted, mut angle, mut paren) = (false, false, 0usize);
        let mut i = start;
        while i < b.len() {
            match b[i] {
                b'\\' if quoted || paren > 0 => i += 1,
                b'"' if paren == 0 => quoted = !quoted,
                b'<' if !quoted && paren == 0 => angle = true,
                b'>' if !quoted && paren == 0 => angle = false,
                b'(' if !quoted && !angle => paren += 1,
                b')' if !quoted && !angle && paren > 0 => paren -= 1,
                b',' if !quoted && !angle && paren == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let end = i.min(b.len());
        self.pos = end + 1;
        Some(self.s[start..end].trim_matches([' ', '\t', '\r', '\n']))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind index and the walk of the entries it stands in for agree, for every kind, from
    /// every field, in heads shorter and longer than the index.
    #[test]
    fn position_matches_a_walk_of_the_entries() {
        let names = [
            "Via", "X-Other", "To", "f", "Route", "Route", "Call-ID", "Contact",
        ];
        for count in [0, 1, 7, 8, 9, 31, 32, 33, 40, 70] {
            let mut raw = String::from("OPTIONS sip:a@b SIP/2.0\r\n");
            for i in 0..count {
                // A varying pattern, so kinds land at every byte position of the index words.
                let name = names[(i * 7 + i / 3) % names.len()];
                raw.push_str(&format!("{name}: <sip:x{i}@h>\r\n"));
            }
            raw.push_str("\r\n");
            let m = Message::parse(raw.as_bytes()).unwrap();
            for &kind in KnownHeader::ALL {
                for from in 0..=count + 1 {
                    let walk = m
                        .entries()
                        .iter()
                        .enumerate()
                        .skip(from)
                        .find(|(_, e)| e.known == Some(kind))
                        .map(|(i, _)| i);
                    assert_eq!(m.position(kind, from), walk, "{count} {kind:?} {from}");
                }
            }
        }
    }
}
