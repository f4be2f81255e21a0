//! Building frames: checked pieces, canonical form, an end-line that always matches.

use crate::decode::is_ident;
use crate::error::{DecodeError, ErrorKind};
use crate::frame::{Flag, Frame};
use crate::limits::ParseOptions;
use bytes::Bytes;

/// Builds a request or response: start line, To-Path, From-Path, other headers in order, an
/// optional body with its Content-Type, and the end-line for the transaction id and flag.
///
/// Setters never fail: the first refused piece is kept and [`build`](Self::build) returns it
/// as a [`BuildError`] (one `?` per frame).
///
/// ```
/// use rcs_msrp::{Flag, FrameBuilder};
/// let f = FrameBuilder::request("d93kswow", "SEND")
///     .to_path("msrp://bob.example.com:8888/9di4eae923wzd;tcp")
///     .from_path("msrp://alicepc.example.com:7777/iau39soe2843z;tcp")
///     .header("Message-ID", "12339sdqwer")
///     .header("Byte-Range", "1-5/5")
///     .body("text/plain", "hello")
///     .flag(Flag::Complete)
///     .build()?;
/// assert_eq!(f.body(), Some(&b"hello"[..]));
/// assert!(f.as_bytes().ends_with(b"\r\nhello\r\n-------d93kswow$\r\n"));
/// let refused = FrameBuilder::request("d93kswow", "SEND").to_path("http://x").build();
/// assert_eq!(refused.unwrap_err().piece(), "To-Path");
/// # Ok::<(), rcs_msrp::BuildError>(())
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
    /// The first piece refused.
    error: Option<BuildError>,
}

/// Why a [`FrameBuilder`] could not build: the first piece it refused and why.
pub type BuildError = rcs_base::BuildError<DecodeError>;

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
    fn new(tid: &str, start: Result<String, DecodeError>) -> Self {
        let mut b = Self {
            tid: tid.into(),
            start: String::new(),
            to_path: None,
            from_path: None,
            headers: Vec::new(),
            body: None,
            flag: Flag::Complete,
            error: None,
        };
        let start = if is_ident(tid.as_bytes()) {
            start
        } else {
            Err(bad(ErrorKind::InvalidTransactionId))
        };
        match start {
            Ok(line) => b.start = line,
            Err(e) => b.error = Some(BuildError::new("start line", e)),
        }
        b
    }

    rcs_base::builder_steps!(DecodeError);

    /// `MSRP <tid> <METHOD>`: the method is upper-case letters.
    pub fn request(tid: &str, method: &str) -> Self {
        let start = if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
            Err(bad(ErrorKind::InvalidStartLine))
        } else {
            Ok(format!("MSRP {tid} {method}"))
        };
        Self::new(tid, start)
    }

    /// `MSRP <tid> <status> [comment]`.
    pub fn response(tid: &str, status: u16, comment: Option<&str>) -> Self {
        let start = (|| {
            if !(100..1000).contains(&status) {
                return Err(bad(ErrorKind::InvalidStartLine));
            }
            let mut start = format!("MSRP {tid} {status}");
            if let Some(c) = comment {
                check_text(c)?;
                start.push(' ');
                start.push_str(c);
            }
            Ok(start)
        })();
        Self::new(tid, start)
    }

    /// To-Path (space-separated URIs, each checked).
    pub fn to_path(self, uris: &str) -> Self {
        self.checked(
            || "To-Path".into(),
            |b| {
                check_path(uris)?;
                b.to_path = Some(uris.into());
                Ok(())
            },
        )
    }

    /// From-Path.
    pub fn from_path(self, uris: &str) -> Self {
        self.checked(
            || "From-Path".into(),
            |b| {
                check_path(uris)?;
                b.from_path = Some(uris.into());
                Ok(())
            },
        )
    }

    /// Another header (after To-Path and From-Path, in the order added). Content-Type comes with
    /// [`FrameBuilder::body`].
    pub fn header(self, name: &str, value: &str) -> Self {
        self.checked(
            || name.to_owned().into(),
            |b| {
                let name_ok = crate::decode::is_header_name(name.as_bytes());
                let reserved = ["To-Path", "From-Path", "Content-Type"]
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(name));
                if !name_ok || reserved {
                    return Err(bad(ErrorKind::InvalidHeader));
                }
                check_text(value)?;
                b.headers.push((name.into(), value.into()));
                Ok(())
            },
        )
    }

    /// The body and its Content-Type (requests only).
    pub fn body(self, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.checked(
            || "body".into(),
            |b| {
                check_text(content_type)?;
                if b.start
                    .as_bytes()
                    .get(5 + b.tid.len() + 1)
                    .is_some_and(u8::is_ascii_digit)
                {
                    return Err(bad(ErrorKind::InvalidBody));
                }
                b.body = Some((content_type.into(), body.into()));
                Ok(())
            },
        )
    }

    /// The end-line flag (default `$`).
    pub fn flag(mut self, flag: Flag) -> Self {
        self.flag = flag;
        self
    }

    /// The frame. Refused when the body holds this transaction's end-line (RFC 4975 §7.1: the
    /// sender must pick a transaction id that does not occur so).
    pub fn build(self) -> Result<Frame<'static>, BuildError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let (Some(to), Some(from)) = (&self.to_path, &self.from_path) else {
            let missing = if self.to_path.is_none() {
                "To-Path"
            } else {
                "From-Path"
            };
            return Err(BuildError::new(missing, bad(ErrorKind::InvalidPathHeaders)));
        };
        let mut headers: Vec<(&str, &str)> = vec![("To-Path", to), ("From-Path", from)];
        headers.extend(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let body = self.body.as_ref().map(|(ct, body)| {
            headers.push(("Content-Type", ct));
            &body[..]
        });
        assemble(&self.start, &headers, body, &self.tid, self.flag)
            .map_err(|e| BuildError::new("frame", e))
    }
}

/// Whether `body` holds the end-line of transaction `tid` (then it cannot be sent under `tid`:
/// RFC 4975 §7.1 has the sender pick another).
pub(crate) fn body_holds_end_line(body: &[u8], tid: &str) -> bool {
    let mut delim = Vec::with_capacity(tid.len() + 9);
    delim.extend_from_slice(b"\r\n-------");
    delim.extend_from_slice(tid.as_bytes());
    memchr::memmem::find(body, &delim).is_some() || body.starts_with(&delim[2..])
}

/// A request under a fresh transaction id `<prefix><counter as 8 hex digits>`, taking the next
/// id while the body holds the current one's end-line (RFC 4975 §7.1: the sender picks another).
/// A few ids are enough: a body can hold only so many copies of an end-line.
pub(crate) fn with_fresh_tid(
    prefix: &str,
    counter: &mut u32,
    method: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
    flag: Flag,
) -> Result<Frame<'static>, DecodeError> {
    for _ in 0..8 {
        *counter = counter.wrapping_add(1);
        let tid = format!("{prefix}{counter:08x}");
        match assemble(&format!("MSRP {tid} {method}"), headers, body, &tid, flag) {
            Err(e) if e.kind() == ErrorKind::InvalidBody => continue,
            other => return other,
        }
    }
    Err(bad(ErrorKind::InvalidBody))
}

/// Write a frame from checked pieces and parse it back (so a built frame is one the decoder
/// accepts, byte for byte).
pub(crate) fn assemble(
    start_line: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
    tid: &str,
    flag: Flag,
) -> Result<Frame<'static>, DecodeError> {
    if body.is_some_and(|b| body_holds_end_line(b, tid)) {
        return Err(bad(ErrorKind::InvalidBody));
    }
    let len = headers
        .iter()
        .map(|(n, v)| n.len() + v.len() + 4)
        .sum::<usize>();
    let mut out = Vec::with_capacity(start_line.len() + len + body.map_or(0, <[u8]>::len) + 64);
    out.extend_from_slice(start_line.as_bytes());
    out.extend_from_slice(b"\r\n");
    for (n, v) in headers {
        out.extend_from_slice(n.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(v.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if let Some(body) = body {
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"-------");
    out.extend_from_slice(tid.as_bytes());
    out.push(flag.as_char() as u8);
    out.extend_from_slice(b"\r\n");
    let mut opts = ParseOptions::new();
    opts.limits.max_chunk_size = usize::MAX;
    opts.limits.max_head_size = usize::MAX;
    opts.limits.max_headers = usize::MAX;
    let head = Frame::parse_with(&out, &opts)?.into_head();
    // `out` is exactly the frame: hand it over without a copy.
    Ok(Frame::from_parts(bytes::Bytes::from(out), head))
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
