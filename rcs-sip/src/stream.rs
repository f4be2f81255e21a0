//! Sans-IO framing of SIP over TCP/TLS byte streams (RFC 3261 §18.3, §7.5; RFC 5626 §4.4.1).

use crate::decode::head::{ContentLength, Head, scan_head};
use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::limits::ParseOptions;
use crate::message::Message;
use bytes::{Buf, BytesMut};

/// Cuts messages off the front of a byte stream.
///
/// Feed it the connection's read buffer; each call takes at most one message off the front.
/// Bytes are scanned once: a partial head is remembered and the search resumes where it stopped.
/// Limits are checked before a body is waited for. CRLF keep-alives (RFC 5626) between messages
/// are skipped and counted. An error means framing is lost: close the connection.
///
/// ```
/// use bytes::BytesMut;
/// use rcs_sip::{Framer, ParseOptions};
/// let mut framer = Framer::new(ParseOptions::new());
/// let mut buf = BytesMut::new();
/// buf.extend_from_slice(b"\r\n\r\nOPTIONS sip:a@example.com SIP/2.0\r\nContent-Len");
/// assert!(framer.decode(&mut buf).unwrap().is_none());
/// buf.extend_from_slice(b"gth: 2\r\n\r\nhi");
/// let msg = framer.decode(&mut buf).unwrap().unwrap();
/// assert_eq!(msg.body(), b"hi");
/// assert_eq!(framer.keepalives(), 2);
/// assert!(buf.is_empty());
/// ```
#[derive(Debug)]
pub struct Framer {
    opts: ParseOptions,
    /// Where the search for the end of the head resumes.
    scanned: usize,
    /// The scanned head of the message whose body is awaited, and its total length.
    pending: Option<(Head, usize)>,
    keepalives: u64,
}

impl Framer {
    /// A framer with these options (limits, bare-LF leniency).
    pub fn new(opts: ParseOptions) -> Self {
        Self {
            opts,
            scanned: 0,
            pending: None,
            keepalives: 0,
        }
    }

    /// How many CRLF keep-alives were skipped so far.
    pub fn keepalives(&self) -> u64 {
        self.keepalives
    }

    /// Take one message off the front of `buf`: `Ok(None)` until one is complete.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message<'static>>, DecodeError> {
        if self.pending.is_none() {
            if self.scanned == 0 {
                self.skip_keepalives(buf)?;
            }
            let Some(head_end) = self.find_head_end(buf)? else {
                return Ok(None);
            };
            let head = scan_head(&buf[..head_end], &self.opts, false)?;
            let body = match head.content_length {
                ContentLength::Value(n) => n as usize,
                ContentLength::Absent => {
                    return Err(DecodeError::at(
                        ErrorKind::MissingContentLength,
                        buf,
                        head_end,
                    ));
                }
                ContentLength::Conflict { .. } => {
                    return Err(DecodeError::at(
                        ErrorKind::ConflictingContentLength,
                        buf,
                        head_end,
                    ));
                }
            };
            let limits = &self.opts.limits;
            if body > limits.max_body_size {
                return Err(DecodeError::at(
                    ErrorKind::LimitExceeded(LimitKind::BodySize),
                    buf,
                    head_end,
                ));
            }
            let total = head_end + body;
            if total > limits.max_message_size.min(u32::MAX as usize) {
                return Err(DecodeError::at(
                    ErrorKind::LimitExceeded(LimitKind::MessageSize),
                    buf,
                    head_end,
                ));
            }
            self.pending = Some((head, total));
        }
        match self.pending.take() {
            Some((head, total)) if buf.len() >= total => {
                self.scanned = 0;
                let frame = buf.split_to(total).freeze();
                Message::from_frame(frame, head).map(Some)
            }
            other => {
                self.pending = other;
                Ok(None)
            }
        }
    }

    fn skip_keepalives(&mut self, buf: &mut BytesMut) -> Result<(), DecodeError> {
        loop {
            match buf.first() {
                Some(b'\r') => match buf.get(1) {
                    Some(b'\n') => buf.advance(2),
                    Some(_) => return Err(DecodeError::at(ErrorKind::InvalidLineEnding, buf, 0)),
                    None => return Ok(()),
                },
                Some(b'\n') if self.opts.allow_bare_lf => buf.advance(1),
                _ => return Ok(()),
            }
            self.keepalives += 1;
        }
    }

    /// The end of the head (just past the empty line), resuming the search at `scanned`.
    fn find_head_end(&mut self, buf: &[u8]) -> Result<Option<usize>, DecodeError> {
        // A keep-alive CR may wait at the front for its LF.
        if buf.first() == Some(&b'\r') && buf.len() < 2 {
            return Ok(None);
        }
        let mut from = self.scanned;
        while let Some(rel) = memchr::memchr(b'\n', &buf[from.min(buf.len())..]) {
            let lf = from + rel;
            match (buf.get(lf + 1), buf.get(lf + 2)) {
                (Some(b'\r'), Some(b'\n')) => return Ok(Some(lf + 3)),
                (Some(b'\n'), _) if self.opts.allow_bare_lf => return Ok(Some(lf + 2)),
                (None, _) | (Some(b'\r'), None) => {
                    // Undecided until more bytes come: resume at this LF.
                    self.scanned = lf;
                    return self.check_head_size(buf).map(|()| None);
                }
                _ => from = lf + 1,
            }
        }
        self.scanned = buf.len();
        self.check_head_size(buf).map(|()| None)
    }

    fn check_head_size(&self, buf: &[u8]) -> Result<(), DecodeError> {
        if buf.len() > self.opts.limits.max_head_size {
            let at = self.opts.limits.max_head_size;
            return Err(DecodeError::at(
                ErrorKind::LimitExceeded(LimitKind::HeadSize),
                buf,
                at,
            ));
        }
        Ok(())
    }
}

/// A tokio-util codec over [`Framer`]: decodes `Message<'static>`, encodes any `&Message`.
#[cfg(feature = "tokio-codec")]
#[derive(Debug)]
pub struct SipCodec {
    framer: Framer,
}

#[cfg(feature = "tokio-codec")]
impl SipCodec {
    /// A codec with these options.
    pub fn new(opts: ParseOptions) -> Self {
        Self {
            framer: Framer::new(opts),
        }
    }
}

/// Errors of [`SipCodec`]: framing or I/O.
#[cfg(feature = "tokio-codec")]
#[derive(Debug)]
pub enum CodecError {
    /// The stream could not be framed or a message did not parse; close the connection.
    Decode(DecodeError),
    /// The transport failed.
    Io(std::io::Error),
}

#[cfg(feature = "tokio-codec")]
impl core::fmt::Display for CodecError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Decode(e) => write!(f, "SIP framing: {e}"),
            Self::Io(e) => write!(f, "I/O: {e}"),
        }
    }
}

#[cfg(feature = "tokio-codec")]
impl std::error::Error for CodecError {}

#[cfg(feature = "tokio-codec")]
impl From<std::io::Error> for CodecError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

#[cfg(feature = "tokio-codec")]
impl tokio_util::codec::Decoder for SipCodec {
    type Item = Message<'static>;
    type Error = CodecError;
    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, CodecError> {
        self.framer.decode(src).map_err(CodecError::Decode)
    }
}

#[cfg(feature = "tokio-codec")]
impl tokio_util::codec::Encoder<&Message<'_>> for SipCodec {
    type Error = CodecError;
    fn encode(&mut self, item: &Message<'_>, dst: &mut BytesMut) -> Result<(), CodecError> {
        dst.reserve(item.encoded_len());
        item.encode(dst);
        Ok(())
    }
}
