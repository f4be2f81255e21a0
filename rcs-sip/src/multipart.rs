//! Multipart bodies (RFC 2046 §5.1): parts split zero-copy, boundary from Content-Type.
//! Group-chat INVITEs carry SDP plus a resource list this way (RFC 5366).

use crate::decode::head::scan_part_fields;
use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::headers::MediaType;
use crate::known::KnownHeader;
use crate::limits::ParseOptions;
use crate::message::{HeaderEntry, HeaderField, Message};
use crate::typed::Element;

/// A multipart body split into its parts. Borrows the message body.
#[derive(Debug, Clone)]
pub struct Multipart<'a> {
    preamble: &'a [u8],
    parts: Vec<Part<'a>>,
    epilogue: &'a [u8],
}

/// One body part: its MIME headers and its body.
#[derive(Debug, Clone)]
pub struct Part<'a> {
    raw: &'a [u8],
    head: &'a str,
    headers: Vec<HeaderEntry>,
    body: &'a [u8],
    offset: usize,
    depth: usize,
    opts: ParseOptions,
}

impl<'a> Multipart<'a> {
    /// Split `body` at `boundary` (the Content-Type parameter, unquoted). `offset` is where the
    /// body starts in the message, for error positions.
    pub fn parse(body: &'a [u8], boundary: &str, opts: &ParseOptions) -> Result<Self, DecodeError> {
        parse(body, boundary, opts, 0, 0)
    }

    /// The parts in order.
    pub fn parts(&self) -> &[Part<'a>] {
        &self.parts
    }

    /// Bytes before the first boundary (ignored by MIME).
    pub fn preamble(&self) -> &'a [u8] {
        self.preamble
    }

    /// Bytes after the close delimiter (ignored by MIME).
    pub fn epilogue(&self) -> &'a [u8] {
        self.epilogue
    }

    /// The first part whose Content-Type is `ty/subtype`.
    pub fn find(&self, ty: &str, subtype: &str) -> Option<&Part<'a>> {
        self.parts.iter().find(|p| {
            p.content_type()
                .and_then(Result::ok)
                .is_some_and(|m| m.is(ty, subtype))
        })
    }
}

impl<'a> Part<'a> {
    /// The part as sent (headers, empty line, body).
    pub fn as_bytes(&self) -> &'a [u8] {
        self.raw
    }

    /// Offset of the part in the message.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The part's header fields (offsets relative to the part).
    pub fn headers(&self) -> impl Iterator<Item = HeaderField<'a>> + '_ {
        let (raw, head) = (self.raw, self.head);
        self.headers
            .iter()
            .map(move |e| HeaderField::new(raw, head, e))
    }

    /// The first header with this name (full or compact form, any case).
    pub fn header(&self, name: &str) -> Option<HeaderField<'a>> {
        let known = KnownHeader::from_name(name.as_bytes());
        self.headers().find(|h| match known {
            Some(k) => h.known() == Some(k),
            None => h.raw_name().eq_ignore_ascii_case(name),
        })
    }

    /// The part's Content-Type (RFC 2046: text/plain when absent, which this returns as `None`).
    pub fn content_type(&self) -> Option<Result<MediaType<'a>, DecodeError>> {
        let h = self.header("Content-Type")?;
        let mut pos = 0;
        Some(
            MediaType::parse_at(KnownHeader::ContentType, h.value(), &mut pos)
                .map_err(|e| e.rebase(h.value_offset())),
        )
    }

    /// Content-ID, as sent (with its angle brackets).
    pub fn content_id(&self) -> Option<&'a str> {
        self.header("Content-ID").map(|h| h.value())
    }

    /// The part's body.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// A nested multipart body, when this part is one (nesting bounded by `max_nesting_depth`).
    pub fn multipart(&self) -> Option<Result<Multipart<'a>, DecodeError>> {
        let ct = self.content_type()?.ok()?;
        if !ct.ty().eq_ignore_ascii_case("multipart") {
            return None;
        }
        let boundary = ct.param("boundary")?;
        let offset = self.offset + (self.raw.len() - self.body.len());
        Some(parse(
            self.body,
            &boundary,
            &self.opts,
            self.depth + 1,
            offset,
        ))
    }
}

impl Message<'_> {
    /// The body split into parts, when Content-Type is `multipart/*` with a boundary.
    pub fn multipart(&self) -> Option<Result<Multipart<'_>, DecodeError>> {
        self.multipart_with(&ParseOptions::new())
    }

    /// [`Message::multipart`] with limits (`max_parts`, `max_nesting_depth`).
    pub fn multipart_with(
        &self,
        opts: &ParseOptions,
    ) -> Option<Result<Multipart<'_>, DecodeError>> {
        let ct = self.content_type()?.ok()?;
        if !ct.ty().eq_ignore_ascii_case("multipart") {
            return None;
        }
        let boundary = match ct.param("boundary") {
            Some(b) => b,
            None => {
                return Some(Err(DecodeError::new(
                    ErrorKind::InvalidMultipart,
                    self.body_offset(),
                )));
            }
        };
        Some(parse(self.body(), &boundary, opts, 0, self.body_offset()))
    }
}

/// `bchars` (RFC 2046 §5.1.1), 1 to 70 of them, not ending in a space.
fn valid_boundary(b: &str) -> bool {
    (1..=70).contains(&b.len())
        && !b.ends_with(' ')
        && b.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&c))
}

fn parse<'a>(
    body: &'a [u8],
    boundary: &str,
    opts: &ParseOptions,
    depth: usize,
    offset: usize,
) -> Result<Multipart<'a>, DecodeError> {
    let err = |kind, at: usize| DecodeError::new(kind, offset + at);
    if depth >= opts.limits.max_nesting_depth {
        return Err(err(ErrorKind::LimitExceeded(LimitKind::NestingDepth), 0));
    }
    if !valid_boundary(boundary) {
        return Err(err(ErrorKind::InvalidMultipart, 0));
    }
    let mut dash = Vec::with_capacity(boundary.len() + 4);
    dash.extend_from_slice(b"\r\n--");
    dash.extend_from_slice(boundary.as_bytes());
    let dash_boundary = &dash[2..];
    let delimiter = &dash[..];
    let finder = memchr::memmem::Finder::new(delimiter);
    let lf_finder = memchr::memmem::Finder::new(&dash[1..]);
    // The first dash-boundary opens the body or a line.
    let first = if body.starts_with(dash_boundary) {
        0
    } else {
        finder
            .find(body)
            .map(|p| p + 2)
            .ok_or(err(ErrorKind::InvalidMultipart, 0))?
    };
    let preamble = &body[..first.saturating_sub(2)];
    let mut pos = first + dash_boundary.len();
    let mut parts = Vec::new();
    loop {
        if body[pos..].starts_with(b"--") {
            // close-delimiter, then an optional CRLF and the epilogue.
            let mut e = pos + 2;
            if body[e..].starts_with(b"\r\n") {
                e += 2;
            }
            return Ok(Multipart {
                preamble,
                parts,
                epilogue: &body[e..],
            });
        }
        // transport-padding (LWSP) then CRLF.
        while matches!(body.get(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        if !body[pos..].starts_with(b"\r\n") {
            return Err(err(ErrorKind::InvalidMultipart, pos));
        }
        let start = pos + 2;
        // The part ends where the next delimiter (CRLF + dash-boundary) starts: its CRLF belongs
        // to the delimiter (RFC 2046 §5.1.1). Each search starts past the last: linear.
        let strict = finder
            .find(&body[start..])
            .map(|p| (start + p, delimiter.len()));
        // With bare-LF leniency, a delimiter after a bare LF also counts (binary parts written
        // by hand, such as RFC 4475's mpart01, end that way).
        let lenient = || {
            lf_finder
                .find(&body[start..])
                .map(|p| (start + p, delimiter.len() - 1))
        };
        let (end, delim_len) = match strict {
            Some(found) => found,
            None if opts.allow_bare_lf => {
                lenient().ok_or(err(ErrorKind::InvalidMultipart, start))?
            }
            None => return Err(err(ErrorKind::InvalidMultipart, start)),
        };
        if parts.len() >= opts.limits.max_parts {
            return Err(err(ErrorKind::LimitExceeded(LimitKind::PartCount), start));
        }
        parts.push(part(&body[start..end], opts, depth, offset + start)?);
        pos = end + delim_len;
    }
}

fn part<'a>(
    raw: &'a [u8],
    opts: &ParseOptions,
    depth: usize,
    offset: usize,
) -> Result<Part<'a>, DecodeError> {
    let (headers, body_start) = if raw.starts_with(b"\r\n") {
        (Vec::new(), 2)
    } else if raw.is_empty() {
        (Vec::new(), 0)
    } else {
        scan_part_fields(raw, opts).map_err(|e| {
            let kind = if matches!(e.kind(), ErrorKind::UnterminatedHead) {
                ErrorKind::InvalidMultipart
            } else {
                e.kind()
            };
            DecodeError::new(kind, offset + e.offset())
        })?
    };
    let head = core::str::from_utf8(&raw[..body_start])
        .map_err(|e| DecodeError::new(ErrorKind::InvalidUtf8, offset + e.valid_up_to()))?;
    Ok(Part {
        raw,
        head,
        headers,
        body: &raw[body_start..],
        offset,
        depth,
        opts: *opts,
    })
}
