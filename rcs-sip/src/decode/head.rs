//! The head scanner: start line and header index, as spans into the input. One pass, no copies.

use crate::decode::lex::{TOKEN, class_run_end, parse_decimal, starts_with_folded};
use crate::decode::scan::{find_byte, find_ctl, header_name};
use crate::decode::uri::{UriContext, check_uri};
use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::known::KnownHeader;
use crate::limits::ParseOptions;
use crate::message::{HeaderEntry, Span, StartSpans};

/// What the scanner found in a complete head.
#[derive(Debug)]
pub(crate) struct Head {
    pub(crate) start: StartSpans,
    pub(crate) headers: Vec<HeaderEntry>,
    /// Offset of the first body byte (just after the empty line).
    pub(crate) body_start: usize,
    pub(crate) content_length: ContentLength,
    /// First bare LF line ending seen (only possible with `allow_bare_lf`).
    pub(crate) bare_lf_at: Option<usize>,
    /// The input ended after a complete header line with no empty line (datagram leniency).
    pub(crate) unterminated: bool,
}

/// Content-Length as the framing sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContentLength {
    Absent,
    Value(u32),
    /// Several Content-Length headers with different values; the first one's.
    Conflict {
        first: u32,
    },
}

impl ContentLength {
    /// The first Content-Length value (what the typed accessor returns).
    pub(crate) fn first(self) -> Option<u32> {
        match self {
            Self::Absent => None,
            Self::Value(v) | Self::Conflict { first: v } => Some(v),
        }
    }
}

/// Typical messages carry fewer headers than this, so the index is one allocation.
const INITIAL_HEADERS: usize = 24;

struct Scanner<'b> {
    buf: &'b [u8],
    opts: &'b ParseOptions,
    bare_lf_at: Option<usize>,
    /// In datagram mode the input is all there is: running out is not `Incomplete`.
    datagram: bool,
}

impl Scanner<'_> {
    fn incomplete(&self) -> DecodeError {
        if self.buf.len() > self.opts.limits.max_head_size {
            DecodeError::at(
                ErrorKind::LimitExceeded(LimitKind::HeadSize),
                self.buf,
                self.opts.limits.max_head_size,
            )
        } else if self.datagram {
            DecodeError::at(ErrorKind::UnterminatedHead, self.buf, self.buf.len())
        } else {
            DecodeError::new(ErrorKind::Incomplete, self.buf.len())
        }
    }

    /// End of the line starting at `from`: (end of content, start of next line).
    #[inline]
    fn line_end(&mut self, from: usize) -> Result<(usize, usize), DecodeError> {
        let Some(lf) = find_byte(self.buf, from, b'\n') else {
            return Err(self.incomplete());
        };
        if lf > self.opts.limits.max_head_size {
            return Err(DecodeError::at(
                ErrorKind::LimitExceeded(LimitKind::HeadSize),
                self.buf,
                self.opts.limits.max_head_size,
            ));
        }
        if lf > from && self.buf[lf - 1] == b'\r' {
            Ok((lf - 1, lf + 1))
        } else if self.opts.allow_bare_lf {
            self.bare_lf_at.get_or_insert(lf);
            Ok((lf, lf + 1))
        } else {
            Err(DecodeError::at(ErrorKind::InvalidLineEnding, self.buf, lf))
        }
    }
}

/// Scan a head. `datagram`: the input is complete, so a missing end is an error, not `Incomplete`.
pub(crate) fn scan_head(
    buf: &[u8],
    opts: &ParseOptions,
    datagram: bool,
) -> Result<Head, DecodeError> {
    if buf.is_empty() {
        let kind = if datagram {
            ErrorKind::Empty
        } else {
            ErrorKind::Incomplete
        };
        return Err(DecodeError::new(kind, 0));
    }
    let mut sc = Scanner {
        buf,
        opts,
        bare_lf_at: None,
        datagram,
    };
    let (start_end, pos) = sc.line_end(0)?;
    let start = scan_start_line(buf, start_end)?;
    let mut headers = Vec::with_capacity(INITIAL_HEADERS);
    let fields = scan_fields(&mut sc, pos, &mut headers)?;
    let limits = &opts.limits;
    let body_start = fields.end;
    if body_start > limits.max_head_size {
        return Err(DecodeError::at(
            ErrorKind::LimitExceeded(LimitKind::HeadSize),
            buf,
            limits.max_head_size,
        ));
    }
    Ok(Head {
        start,
        headers,
        body_start,
        content_length: fields.content_length,
        bare_lf_at: sc.bare_lf_at,
        unterminated: fields.unterminated,
    })
}

/// What [`scan_fields`] found besides the entries.
pub(crate) struct Fields {
    /// Just past the empty line.
    pub(crate) end: usize,
    pub(crate) content_length: ContentLength,
    pub(crate) unterminated: bool,
}

/// The header fields of a SIP message or MIME part from `pos` to the empty line.
#[inline(always)]
fn scan_fields(
    sc: &mut Scanner<'_>,
    mut pos: usize,
    headers: &mut Vec<HeaderEntry>,
) -> Result<Fields, DecodeError> {
    let (buf, opts, datagram) = (sc.buf, sc.opts, sc.datagram);
    let mut content_length = ContentLength::Absent;
    let mut unterminated = false;
    let limits = &opts.limits;
    let body_start = loop {
        let Some(&b) = buf.get(pos) else {
            // A datagram read with bare-LF leniency may lack the empty line.
            if datagram && sc.bare_lf_at.is_some() && !headers.is_empty() {
                unterminated = true;
                break pos;
            }
            return Err(sc.incomplete());
        };
        match b {
            b'\r' => match buf.get(pos + 1) {
                Some(b'\n') => break pos + 2,
                Some(_) => return Err(DecodeError::at(ErrorKind::InvalidLineEnding, buf, pos)),
                None => return Err(sc.incomplete()),
            },
            b'\n' if opts.allow_bare_lf => {
                sc.bare_lf_at.get_or_insert(pos);
                break pos + 1;
            }
            b'\n' => return Err(DecodeError::at(ErrorKind::InvalidLineEnding, buf, pos)),
            _ => {}
        }
        if headers.len() >= limits.max_headers {
            return Err(DecodeError::at(
                ErrorKind::LimitExceeded(LimitKind::HeaderCount),
                buf,
                pos,
            ));
        }
        // header-name
        let name_start = pos;
        let (mut p, known_by_scan) = header_name(buf, pos);
        let name_end = p;
        if name_end == name_start {
            return Err(DecodeError::at(ErrorKind::InvalidHeaderName, buf, p));
        }
        // HCOLON = *( SP / HTAB ) ":" SWS
        while p < buf.len() && (buf[p] == b' ' || buf[p] == b'\t') {
            p += 1;
        }
        match buf.get(p) {
            Some(b':') => p += 1,
            None => return Err(sc.incomplete()),
            Some(_) if p == name_end => {
                let kind = if buf[p] == b'\r' || buf[p] == b'\n' {
                    ErrorKind::MissingColon
                } else {
                    ErrorKind::InvalidHeaderName
                };
                return Err(DecodeError::at(kind, buf, p));
            }
            Some(_) => return Err(DecodeError::at(ErrorKind::MissingColon, buf, p)),
        }
        // The value, with any folded continuation lines.
        let seg_start = p;
        let (value_last, next) = loop {
            let Some(q) = find_ctl(buf, p) else {
                return Err(sc.incomplete());
            };
            let (ce, lf) = match buf[q] {
                b'\r' => match buf.get(q + 1) {
                    Some(b'\n') => (q, q + 1),
                    Some(_) => return Err(DecodeError::at(ErrorKind::InvalidLineEnding, buf, q)),
                    None => return Err(sc.incomplete()),
                },
                b'\n' if opts.allow_bare_lf => {
                    sc.bare_lf_at.get_or_insert(q);
                    (q, q)
                }
                b'\n' => return Err(DecodeError::at(ErrorKind::InvalidLineEnding, buf, q)),
                b'\t' => {
                    p = q + 1;
                    continue;
                }
                // A control character is allowed only as the second half of a quoted-pair.
                _ if q > seg_start && buf[q - 1] == b'\\' => {
                    p = q + 1;
                    continue;
                }
                _ => return Err(DecodeError::at(ErrorKind::InvalidHeaderValue, buf, q)),
            };
            if lf >= limits.max_head_size {
                return Err(DecodeError::at(
                    ErrorKind::LimitExceeded(LimitKind::HeadSize),
                    buf,
                    limits.max_head_size,
                ));
            }
            let next = lf + 1;
            match buf.get(next) {
                Some(b' ' | b'\t') => p = next,
                Some(_) => break (ce, next),
                None if datagram && sc.bare_lf_at.is_some() => break (ce, next),
                None => return Err(sc.incomplete()),
            }
        };
        if value_last - name_start > limits.max_line_length {
            return Err(DecodeError::at(
                ErrorKind::LimitExceeded(LimitKind::LineLength),
                buf,
                name_start,
            ));
        }
        // Trim SWS before and WSP (and folds) after the value.
        let mut vs = seg_start;
        while vs < value_last && matches!(buf[vs], b' ' | b'\t' | b'\r' | b'\n') {
            vs += 1;
        }
        let mut ve = value_last;
        while ve > vs && matches!(buf[ve - 1], b' ' | b'\t' | b'\r' | b'\n') {
            ve -= 1;
        }
        let known = match known_by_scan {
            Some(known) => known,
            None => KnownHeader::from_name(&buf[name_start..name_end]),
        };
        if known == Some(KnownHeader::ContentLength) {
            let v = parse_decimal(&buf[vs..ve], u64::from(u32::MAX)).ok_or_else(|| {
                DecodeError::at(ErrorKind::InvalidContentLength, buf, vs)
                    .in_header("Content-Length")
            })?;
            let v = v as u32;
            content_length = match content_length {
                ContentLength::Absent => ContentLength::Value(v),
                ContentLength::Value(old) if old == v => ContentLength::Value(v),
                ContentLength::Value(first) | ContentLength::Conflict { first } => {
                    ContentLength::Conflict { first }
                }
            };
        }
        headers.push(HeaderEntry {
            name: Span::at(name_start, name_end),
            value: Span::at(vs, ve),
            known,
        });
        pos = next;
    };
    Ok(Fields {
        end: body_start,
        content_length,
        unterminated,
    })
}

/// The header fields of a MIME body part (RFC 2046 §5.1.1), which has no start line. `buf` is
/// the part; a part without headers starts with its empty line.
pub(crate) fn scan_part_fields(
    buf: &[u8],
    opts: &ParseOptions,
) -> Result<(Vec<HeaderEntry>, usize), DecodeError> {
    let mut sc = Scanner {
        buf,
        opts,
        bare_lf_at: None,
        datagram: true,
    };
    let mut headers = Vec::new();
    let fields = scan_fields(&mut sc, 0, &mut headers)?;
    Ok((headers, fields.end))
}

#[inline]
fn is_sip_version(v: &[u8]) -> bool {
    // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT ("SIP" is case-insensitive)
    if v.len() == 7 && starts_with_folded(v, b"sip/2.0") {
        // SIP/2.0, the version every message carries, in one compare.
        return true;
    }
    if v.len() < 7 || !v[..4].eq_ignore_ascii_case(b"SIP/") {
        return false;
    }
    let rest = &v[4..];
    let Some(dot) = rest.iter().position(|&b| b == b'.') else {
        return false;
    };
    let (major, minor) = (&rest[..dot], &rest[dot + 1..]);
    !major.is_empty()
        && !minor.is_empty()
        && major.iter().all(u8::is_ascii_digit)
        && minor.iter().all(u8::is_ascii_digit)
}

fn scan_start_line(buf: &[u8], end: usize) -> Result<StartSpans, DecodeError> {
    let line = &buf[..end];
    if line.is_empty() {
        return Err(DecodeError::at(ErrorKind::Empty, buf, 0));
    }
    if line.len() >= 4 && line[..4].eq_ignore_ascii_case(b"SIP/") {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF
        let Some(sp1) = memchr::memchr(b' ', line) else {
            return Err(DecodeError::at(ErrorKind::InvalidStartLine, buf, end));
        };
        if !is_sip_version(&line[..sp1]) {
            return Err(DecodeError::at(ErrorKind::InvalidVersion, buf, 0));
        }
        let code_start = sp1 + 1;
        let code = line.get(code_start..code_start + 3);
        let code = match code {
            Some(c)
                if c.iter().all(u8::is_ascii_digit) && line.get(code_start + 3) == Some(&b' ') =>
            {
                u16::from(c[0] - b'0') * 100 + u16::from(c[1] - b'0') * 10 + u16::from(c[2] - b'0')
            }
            _ => {
                return Err(DecodeError::at(
                    ErrorKind::InvalidStatusCode,
                    buf,
                    code_start,
                ));
            }
        };
        if !(100..700).contains(&code) {
            return Err(DecodeError::at(
                ErrorKind::InvalidStatusCode,
                buf,
                code_start,
            ));
        }
        let reason_start = code_start + 4;
        for (i, &b) in line[reason_start..].iter().enumerate() {
            if (b < 0x20 && b != b'\t') || b == 0x7f {
                return Err(DecodeError::at(
                    ErrorKind::InvalidReasonPhrase,
                    buf,
                    reason_start + i,
                ));
            }
        }
        return Ok(StartSpans::Response {
            version: Span::at(0, sp1),
            code,
            reason: Span::at(reason_start, end),
        });
    }
    // Request-Line = Method SP Request-URI SP SIP-Version CRLF
    let p = class_run_end(line, 0, &TOKEN);
    if p == 0 || line.get(p) != Some(&b' ') {
        let kind = if p == 0 || p == end {
            ErrorKind::InvalidStartLine
        } else {
            ErrorKind::InvalidMethod
        };
        return Err(DecodeError::at(kind, buf, p));
    }
    let method = Span::at(0, p);
    let uri_start = p + 1;
    let Some(rel) = memchr::memchr(b' ', &line[uri_start..]) else {
        return Err(DecodeError::at(ErrorKind::InvalidStartLine, buf, end));
    };
    let uri_end = uri_start + rel;
    if uri_end == uri_start {
        return Err(DecodeError::at(ErrorKind::InvalidStartLine, buf, uri_start));
    }
    let uri_bytes = &line[uri_start..uri_end];
    let uri_str = core::str::from_utf8(uri_bytes)
        .ok()
        .filter(|s| s.is_ascii())
        .ok_or_else(|| DecodeError::at(ErrorKind::InvalidRequestUri, buf, uri_start))?;
    if let Err(e) = check_uri(uri_str, UriContext::RequestUri) {
        let mut e = DecodeError::new(ErrorKind::InvalidRequestUri, e.offset() + uri_start);
        e.locate(buf);
        return Err(e);
    }
    let version_start = uri_end + 1;
    let version = &line[version_start..];
    if let Some(extra) = memchr::memchr2(b' ', b'\t', version) {
        return Err(DecodeError::at(
            ErrorKind::InvalidStartLine,
            buf,
            version_start + extra,
        ));
    }
    if !is_sip_version(version) {
        return Err(DecodeError::at(
            ErrorKind::InvalidVersion,
            buf,
            version_start,
        ));
    }
    Ok(StartSpans::Request {
        method,
        uri: Span::at(uri_start, uri_end),
        version: Span::at(version_start, end),
    })
}
