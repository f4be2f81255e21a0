//! RFC 3862 §3 grammar: message headers, blank line, MIME content headers, blank line,
//! content. Crate-private: the API speaks in messages and errors.

use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::limits::ParseOptions;
use crate::message::{HeaderIdx, NsDecl, NsRef, Parsed, Span, Warning};
use std::collections::HashMap;

/// RFC 3862 `NAMECHAR`: `%x21 / %x23-27 / %x2a-2b / %x2d / %x5e-60 / %x7c / %x7e / ALPHA /
/// DIGIT` (no `.`, which separates a prefix, and no `:`).
pub(crate) fn is_namechar(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(b, 0x21 | 0x23..=0x27 | 0x2a | 0x2b | 0x2d | 0x5e..=0x60 | 0x7c | 0x7e)
}

/// RFC 2045 `token` characters, as a table (a `contains` over the specials per byte costs a
/// call per byte).
const TOKEN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x21;
    while b < 0x7f {
        t[b] = true;
        b += 1;
    }
    let specials = b"()<>@,;:\\\"/[]?=";
    let mut i = 0;
    while i < specials.len() {
        t[specials[i] as usize] = false;
        i += 1;
    }
    t
};

/// RFC 2045 `token` (MIME header names and parameter values).
#[inline]
pub(crate) fn is_token_char(b: u8) -> bool {
    TOKEN[b as usize]
}

/// A quoted string at `s[i]` (which is `"`): the index just past the closing quote.
pub(crate) fn skip_quoted(s: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < s.len() {
        match s[j] {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
    None
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The first control octet (below 0x20 but HTAB, or 0x7f) of `s`, eight octets at a time.
fn find_ctl(s: &[u8]) -> Option<usize> {
    let bad = |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f;
    let mut i = 0;
    while let Some(chunk) = s.get(i..i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let x = u64::from_le_bytes(a);
        // Any byte below 0x20 or equal to 0x7f flags the word; the exact byte (and the HTAB
        // exception) is then found bytewise within these eight.
        let below = x.wrapping_sub(LO * 0x20) & !x & HI;
        let y = x ^ (LO * 0x7f);
        let del = y.wrapping_sub(LO) & !y & HI;
        if below | del != 0
            && let Some(k) = chunk.iter().position(|&b| bad(b))
        {
            return Some(i + k);
        }
        i += 8;
    }
    s[i..].iter().position(|&b| bad(b)).map(|k| i + k)
}

struct Lines<'b> {
    buf: &'b [u8],
    opts: &'b ParseOptions,
    warnings: Vec<Warning>,
    count: usize,
}

impl Lines<'_> {
    fn err(&self, kind: ErrorKind, at: usize) -> DecodeError {
        DecodeError::at(kind, self.buf, at)
    }

    /// The line at `pos`: (end of its content, start of the next line).
    fn line(&mut self, pos: usize) -> Result<(usize, usize), DecodeError> {
        let max = self.opts.limits.max_line_length;
        let window = &self.buf[pos..self.buf.len().min(pos.saturating_add(max + 2))];
        let Some(lf) = memchr::memchr(b'\n', window).map(|r| pos + r) else {
            return Err(if window.len() >= max + 2 {
                self.err(ErrorKind::LimitExceeded(LimitKind::LineLength), pos)
            } else {
                self.err(ErrorKind::Incomplete, self.buf.len())
            });
        };
        let end = if lf > pos && self.buf[lf - 1] == b'\r' {
            lf - 1
        } else if self.opts.allow_bare_lf {
            if !self.warnings.contains(&Warning::BareLf) {
                self.warnings.push(Warning::BareLf);
            }
            lf
        } else {
            return Err(self.err(ErrorKind::InvalidLineEnding, lf));
        };
        if end - pos > max {
            return Err(self.err(ErrorKind::LimitExceeded(LimitKind::LineLength), pos));
        }
        if let Some(cr) = memchr::memchr(b'\r', &self.buf[pos..end]) {
            return Err(self.err(ErrorKind::InvalidLineEnding, pos + cr));
        }
        Ok((end, lf + 1))
    }

    fn count(&mut self, at: usize) -> Result<(), DecodeError> {
        self.count += 1;
        if self.count > self.opts.limits.max_headers {
            return Err(self.err(ErrorKind::LimitExceeded(LimitKind::HeaderCount), at));
        }
        Ok(())
    }

    /// A header value's octets: no control characters but HTAB.
    fn check_text(&self, from: usize, to: usize) -> Result<(), DecodeError> {
        match find_ctl(&self.buf[from..to]) {
            Some(i) => Err(self.err(ErrorKind::InvalidHeader, from + i)),
            None => Ok(()),
        }
    }
}

fn sp(start: usize, end: usize) -> Span {
    Span::new(start, end)
}

/// `Header = Header-name ":" Header-parameters SP Header-value CRLF`, `Header-name =
/// [Name-prefix "."] Name`, `Header-parameters = *( ";" Parameter )`.
fn message_header(l: &mut Lines<'_>, ls: usize, le: usize) -> Result<HeaderIdx, DecodeError> {
    let b = l.buf;
    let name_run = |from: usize| {
        let mut i = from;
        while i < le && is_namechar(b[i]) {
            i += 1;
        }
        i
    };
    let mut i = name_run(ls);
    if i == ls {
        return Err(l.err(ErrorKind::InvalidHeader, ls));
    }
    let mut prefix = None;
    let mut name = sp(ls, i);
    if i < le && b[i] == b'.' {
        prefix = Some(name);
        let n = name_run(i + 1);
        if n == i + 1 {
            return Err(l.err(ErrorKind::InvalidHeader, i + 1));
        }
        name = sp(i + 1, n);
        i = n;
    }
    if i >= le || b[i] != b':' {
        return Err(l.err(ErrorKind::InvalidHeader, i));
    }
    i += 1;
    let params_start = i;
    // Parameter = Param-name "=" Param-value; values are tokens, numbers or quoted strings.
    while i < le && b[i] == b';' {
        let n = name_run(i + 1);
        if n == i + 1 || n >= le || b[n] != b'=' {
            return Err(l.err(ErrorKind::InvalidHeader, i + 1));
        }
        let v = n + 1;
        i = if b.get(v) == Some(&b'"') {
            skip_quoted(&b[..le], v).ok_or_else(|| l.err(ErrorKind::InvalidHeader, v))?
        } else {
            let mut j = v;
            while j < le && (is_namechar(b[j]) || b[j] == b'.') {
                j += 1;
            }
            if j == v {
                return Err(l.err(ErrorKind::InvalidHeader, v));
            }
            j
        };
    }
    let params = sp(params_start, i);
    let value_start = if i < le && b[i] == b' ' {
        i + 1
    } else if i == le && l.opts.lenient_headers {
        l.warnings.push(Warning::MissingSpace);
        le
    } else if l.opts.lenient_headers && params.is_empty() {
        l.warnings.push(Warning::MissingSpace);
        i
    } else {
        return Err(l.err(ErrorKind::InvalidHeader, i));
    };
    l.check_text(value_start, le)?;
    Ok(HeaderIdx {
        prefix,
        name,
        params,
        value: sp(value_start, le),
        ns: NsRef::Core,
    })
}

/// A MIME header (RFC 2045): `token ":" [WSP] value`, folded lines allowed. Returns the
/// (name, value) spans and where the next line starts.
fn content_header(
    l: &mut Lines<'_>,
    ls: usize,
    le: usize,
    next: usize,
) -> Result<((Span, Span), usize), DecodeError> {
    let b = l.buf;
    let mut i = ls;
    while i < le && is_token_char(b[i]) {
        i += 1;
    }
    if i == ls || i >= le || b[i] != b':' {
        return Err(l.err(ErrorKind::InvalidHeader, i));
    }
    let name = sp(ls, i);
    let mut vs = i + 1;
    while vs < le && matches!(b[vs], b' ' | b'\t') {
        vs += 1;
    }
    l.check_text(vs, le)?;
    let (mut ve, mut next) = (le, next);
    // Folded continuation lines start with a space or tab.
    while next < b.len() && matches!(b[next], b' ' | b'\t') {
        let (e, n) = l.line(next)?;
        l.check_text(next, e)?;
        (ve, next) = (e, n);
    }
    Ok(((name, sp(vs, ve)), next))
}

/// `[ Name-prefix SP ] "<" URI ">"`: the prefix and the URI.
pub(crate) fn ns_value(v: &str) -> Option<(Option<&str>, &str)> {
    let (prefix, rest) = match v.strip_prefix('<') {
        Some(_) => (None, v),
        None => {
            let (p, r) = v.split_once(' ')?;
            (p.bytes().all(is_namechar).then_some(Some(p))?, r)
        }
    };
    let uri = rest.strip_prefix('<')?.strip_suffix('>')?;
    crate::typed::check_uri(uri).then_some((prefix, uri))
}

/// Parse a whole message.
pub(crate) fn parse(buf: &[u8], opts: &ParseOptions) -> Result<Parsed, DecodeError> {
    if buf.len() > opts.limits.max_message_size {
        return Err(DecodeError::at(
            ErrorKind::LimitExceeded(LimitKind::MessageSize),
            buf,
            opts.limits.max_message_size,
        ));
    }
    let mut l = Lines {
        buf,
        opts,
        warnings: Vec::new(),
        count: 0,
    };
    let mut headers = Vec::new();
    let mut pos = 0;
    loop {
        let (le, next) = l.line(pos)?;
        if le == pos {
            pos = next;
            break;
        }
        if matches!(buf[pos], b' ' | b'\t') {
            // CPIM message headers are never folded.
            return Err(l.err(ErrorKind::InvalidHeader, pos));
        }
        l.count(pos)?;
        headers.push(message_header(&mut l, pos, le)?);
        pos = next;
    }
    let mut content_headers = Vec::new();
    loop {
        let (le, next) = l.line(pos)?;
        if le == pos {
            pos = next;
            break;
        }
        l.count(pos)?;
        let (h, n) = content_header(&mut l, pos, le, next)?;
        content_headers.push(h);
        pos = n;
    }
    let content_start = pos;
    // simdutf8 on the happy path; the standard library finds where it failed.
    if simdutf8::basic::from_utf8(&buf[..content_start]).is_err() {
        let at = core::str::from_utf8(&buf[..content_start])
            .err()
            .map_or(0, |e| e.valid_up_to());
        return Err(l.err(ErrorKind::InvalidUtf8, at));
    }
    let mut p = Parsed {
        headers,
        ns: Vec::new(),
        content_headers,
        content: sp(content_start, buf.len()),
        warnings: Vec::new(),
    };
    resolve_namespaces(buf, &mut p, &mut l)?;
    check_content_length(buf, &mut p, &mut l)?;
    p.warnings = l.warnings;
    Ok(p)
}

fn text(buf: &[u8], s: Span) -> &str {
    core::str::from_utf8(&buf[s.range()]).unwrap_or("")
}

/// Read the NS declarations and give each prefixed header its namespace: the nearest
/// declaration of its prefix before it (or, leniently, after it).
fn resolve_namespaces(buf: &[u8], p: &mut Parsed, l: &mut Lines<'_>) -> Result<(), DecodeError> {
    for (i, h) in p.headers.iter().enumerate() {
        if h.prefix.is_none() && text(buf, h.name) == "NS" {
            match ns_value(text(buf, h.value)) {
                Some((prefix, uri)) => {
                    let at = h.value.start;
                    let off =
                        |s: &str| at + (s.as_ptr() as usize - text(buf, h.value).as_ptr() as usize);
                    p.ns.push(NsDecl {
                        header: i,
                        prefix: prefix.map(|s| sp(off(s), off(s) + s.len())),
                        urn: sp(off(uri), off(uri) + uri.len()),
                    });
                }
                None if l.opts.lenient_headers => l.warnings.push(Warning::InvalidNamespace),
                None => {
                    return Err(l
                        .err(ErrorKind::InvalidHeaderValue, h.value.start)
                        .in_header("NS"));
                }
            }
        }
    }
    if p.headers.iter().all(|h| h.prefix.is_none()) {
        return Ok(());
    }
    // One pass in header order: the latest declaration of each prefix so far; a prefix used
    // before any declaration falls back to its first declaration (lenient order). Few
    // declarations (the usual one or two) are searched in place; many go through maps, so the
    // work stays linear.
    let many = p.ns.len() > 8;
    let mut first: HashMap<&[u8], usize> = HashMap::new();
    if many {
        for (k, d) in p.ns.iter().enumerate() {
            if let Some(dp) = d.prefix {
                first.entry(&buf[dp.range()]).or_insert(k);
            }
        }
    }
    let mut latest: HashMap<&[u8], usize> = HashMap::new();
    let mut next_decl = 0;
    for i in 0..p.headers.len() {
        while let Some(d) = p.ns.get(next_decl).filter(|d| d.header < i) {
            if let (true, Some(dp)) = (many, d.prefix) {
                latest.insert(&buf[dp.range()], next_decl);
            }
            next_decl += 1;
        }
        let Some(prefix) = p.headers[i].prefix else {
            continue;
        };
        let want = &buf[prefix.range()];
        let named = |d: &NsDecl| d.prefix.is_some_and(|dp| &buf[dp.range()] == want);
        let (before, after) = if many {
            (latest.get(want).copied(), first.get(want).copied())
        } else {
            (
                p.ns[..next_decl].iter().rposition(named),
                p.ns.iter().position(named),
            )
        };
        let found = match before {
            Some(k) => Some(k),
            None => {
                if after.is_some() {
                    l.warnings.push(Warning::NamespaceDeclaredLater);
                }
                after
            }
        };
        p.headers[i].ns = match found {
            Some(k) => NsRef::Declared(k),
            None if l.opts.lenient_headers => {
                l.warnings.push(Warning::UndeclaredPrefix);
                NsRef::Unknown
            }
            None => return Err(l.err(ErrorKind::UndeclaredPrefix, prefix.start)),
        };
    }
    Ok(())
}

fn check_content_length(buf: &[u8], p: &mut Parsed, l: &mut Lines<'_>) -> Result<(), DecodeError> {
    let content_len = p.content.len();
    for (n, v) in &p.content_headers {
        if !buf[n.range()].eq_ignore_ascii_case(b"Content-Length") {
            continue;
        }
        let digits = &buf[v.range()];
        let value =
            (!digits.is_empty() && digits.len() <= 19 && digits.iter().all(u8::is_ascii_digit))
                .then(|| text(buf, *v).parse::<u64>().ok())
                .flatten()
                .ok_or_else(|| {
                    l.err(ErrorKind::InvalidHeaderValue, v.start)
                        .in_header("Content-Length")
                })?;
        if value != content_len as u64 {
            if l.opts.allow_wrong_content_length {
                l.warnings.push(Warning::WrongContentLength);
            } else {
                return Err(l
                    .err(ErrorKind::ContentLengthMismatch, v.start)
                    .in_header("Content-Length"));
            }
        }
    }
    Ok(())
}
