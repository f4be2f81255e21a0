//! Building frames: checked pieces, canonical form, an end-line that always matches.

use crate::decode::is_ident;
use crate::error::{DecodeError, ErrorKind};
use crate::frame::{Flag, Frame};
use crate::limits::ParseOptions;
use bytes::Bytes;

/// Builds a request or response: start line, To-Path, From-Path, other headers in order, an
/// optional body with its Content-Type, and the end-line for the transaction id and flag.
///
/// ```
/// use rcs_msrp::{Flag, FrameBuilder};
/// let f = FrameBuilder::request("d93kswow", "SEND")?
///     .to_path("msrp://bob.example.com:8888/9di4eae923wzd;tcp")?
///     .from_path("msrp://alicepc.example.com:7777/iau39soe2843z;tcp")?
///     .header("Message-ID", "12339sdqwer")?
///     .header("Byte-Range", "1-5/5")?
///     .body("text/plain", "hello")?
///     .flag(Flag::Complete)
///     .build()?;
/// assert_eq!(f.body(), Some(&b"hello"[..]));
/// assert!(f.as_bytes().ends_with(b"\r\nhello\r\n-------d93kswow$\r\n"));
/// # Ok::<(), rcs_msrp::DecodeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct FrameBuilder {
    tid: String,
    start: String,
    to_path: Option<String>,
    from_path: Option<String>,
    headers: Vec<(String, String)>,
    body: Option<(String, Bytes)>,
    flag: Flag,
}

fn bad(kind: ErrorKind) -> DecodeError {
    DecodeError::new(kind, 0)
}

fn check_text(v: &str) -> Result<(), DecodeError> {
    if v.is_empty() || v.bytes().any(|b| b < 0x20 && b != b'\t') {
        return Err(bad(ErrorKind::InvalidHeaderValue));
    }
    Ok(())
}

impl FrameBuilder {
    fn new(tid: &str, start: String) -> Result<Self, DecodeError> {
        if !is_ident(tid.as_bytes()) {
            return Err(bad(ErrorKind::InvalidTransactionId));
        }
        Ok(Self {
            tid: tid.into(),
            start,
            to_path: None,
            from_path: None,
            headers: Vec::new(),
            body: None,
            flag: Flag::Complete,
        })
    }

    /// `MSRP <tid> <METHOD>`: the method is upper-case letters.
    pub fn request(tid: &str, method: &str) -> Result<Self, DecodeError> {
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(bad(ErrorKind::InvalidStartLine));
        }
        Self::new(tid, format!("MSRP {tid} {method}"))
    }

    /// `MSRP <tid> <status> [comment]`.
    pub fn response(tid: &str, status: u16, comment: Option<&str>) -> Result<Self, DecodeError> {
        if !(100..1000).contains(&status) {
            return Err(bad(ErrorKind::InvalidStartLine));
        }
        let mut start = format!("MSRP {tid} {status}");
        if let Some(c) = comment {
            check_text(c)?;
            start.push(' ');
            start.push_str(c);
        }
        Self::new(tid, start)
    }

    /// To-Path (space-separated URIs, each checked).
    pub fn to_path(mut self, uris: &str) -> Result<Self, DecodeError> {
        check_path(uris)?;
        self.to_path = Some(uris.into());
        Ok(self)
    }

    /// From-Path.
    pub fn from_path(mut self, uris: &str) -> Result<Self, DecodeError> {
        check_path(uris)?;
        self.from_path = Some(uris.into());
        Ok(self)
    }

    /// Another header (after To-Path and From-Path, in the order added). Content-Type comes with
    /// [`FrameBuilder::body`].
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, DecodeError> {
        let name_ok = crate::decode::is_header_name(name.as_bytes());
        let reserved = ["To-Path", "From-Path", "Content-Type"]
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name));
        if !name_ok || reserved {
            return Err(bad(ErrorKind::InvalidHeader));
        }
        check_text(value)?;
        self.headers.push((name.into(), value.into()));
        Ok(self)
    }

    /// The body and its Content-Type (requests only).
    pub fn body(mut self, content_type: &str, body: impl Into<Bytes>) -> Result<Self, DecodeError> {
        check_text(content_type)?;
        if self
            .start
            .as_bytes()
            .get(5 + self.tid.len() + 1)
            .is_some_and(u8::is_ascii_digit)
        {
            return Err(bad(ErrorKind::InvalidBody));
        }
        self.body = Some((content_type.into(), body.into()));
        Ok(self)
    }

    /// The end-line flag (default `$`).
    pub fn flag(mut self, flag: Flag) -> Self {
        self.flag = flag;
        self
    }

    /// The frame. Refused when the body holds this transaction's end-line (RFC 4975 §7.1: the
    /// sender must pick a transaction id that does not occur so).
    pub fn build(self) -> Result<Frame<'static>, DecodeError> {
        let (Some(to), Some(from)) = (&self.to_path, &self.from_path) else {
            return Err(bad(ErrorKind::InvalidPathHeaders));
        };
        let mut out = Vec::with_capacity(128 + self.body.as_ref().map_or(0, |b| b.1.len()));
        out.extend_from_slice(self.start.as_bytes());
        out.extend_from_slice(format!("\r\nTo-Path: {to}\r\nFrom-Path: {from}\r\n").as_bytes());
        for (n, v) in &self.headers {
            out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
        }
        let end_line = format!("-------{}{}\r\n", self.tid, self.flag.as_char());
        if let Some((ct, body)) = &self.body {
            let mut delim = b"\r\n".to_vec();
            delim.extend_from_slice(&end_line.as_bytes()[..end_line.len() - 3]);
            if memchr::memmem::find(body, &delim).is_some() || body.starts_with(&delim[2..]) {
                return Err(bad(ErrorKind::InvalidBody));
            }
            out.extend_from_slice(format!("Content-Type: {ct}\r\n\r\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(end_line.as_bytes());
        let mut opts = ParseOptions::new();
        opts.limits.max_chunk_size = usize::MAX;
        opts.limits.max_head_size = usize::MAX;
        opts.limits.max_headers = usize::MAX;
        let frame = Frame::parse_with(&out, &opts)?.into_owned();
        Ok(frame)
    }
}

fn check_path(uris: &str) -> Result<(), DecodeError> {
    if uris.is_empty() {
        return Err(bad(ErrorKind::InvalidHeaderValue));
    }
    for u in uris.split(' ') {
        crate::MsrpUri::parse(u)?;
    }
    Ok(())
}
