//! RFC 8866 §9 grammar, line by line. Crate-private: the API speaks in values and errors.

use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::limits::ParseOptions;
use crate::session::{Connection, LineSpan, MediaLine, Origin, Session, Timing, Warning};
use std::borrow::Cow;

type R<T> = Result<T, ErrorKind>;

/// `token` characters (RFC 8866 §9, `token-char`).
fn is_token_char(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x27 | 0x2A | 0x2B | 0x2D | 0x2E | 0x30..=0x39 | 0x41..=0x5A | 0x5E..=0x7E)
}

/// RFC 4566 `token`: one or more token characters.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_char)
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `non-ws-string`: visible characters and UTF-8, no spaces.
fn is_non_ws(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b > 0x20 && b != 0x7f)
}

/// Order rank of a session-level line (RFC 8866 §5); `t` and `r` share a rank so they may
/// alternate.
fn session_rank(k: u8) -> Option<u8> {
    Some(match k {
        b'v' => 0,
        b'o' => 1,
        b's' => 2,
        b'i' => 3,
        b'u' => 4,
        b'e' => 5,
        b'p' => 6,
        b'c' => 7,
        b'b' => 8,
        b't' | b'r' => 9,
        b'z' => 10,
        b'k' => 11,
        b'a' => 12,
        _ => return None,
    })
}

fn media_rank(k: u8) -> Option<u8> {
    Some(match k {
        b'm' => 0,
        b'i' => 1,
        b'c' => 2,
        b'b' => 3,
        b'k' => 4,
        b'a' => 5,
        _ => return None,
    })
}

/// Lines that may appear once per level.
fn single(k: u8, media: bool) -> bool {
    matches!(k, b'v' | b'o' | b's' | b'i' | b'u' | b'z' | b'k') || (!media && k == b'c')
}

pub(crate) fn parse<'a>(
    input: &'a [u8],
    opts: &ParseOptions,
    fragment: bool,
) -> Result<Session<'a>, DecodeError> {
    let limits = &opts.limits;
    if input.len() > limits.max_message_size {
        return Err(DecodeError::new(
            ErrorKind::LimitExceeded(LimitKind::MessageSize),
            0,
            limits.max_message_size,
        ));
    }
    if input.is_empty() {
        return Err(DecodeError::new(ErrorKind::Empty, 0, 0));
    }
    let src = core::str::from_utf8(input).map_err(|e| {
        let at = e.valid_up_to();
        let line = memchr::memchr_iter(b'\n', &input[..at]).count() + 1;
        DecodeError::new(ErrorKind::InvalidUtf8, line as u32, at)
    })?;
    let b = src.as_bytes();
    let mut lines = Vec::with_capacity(16);
    let mut media = Vec::new();
    let mut warnings = Vec::new();
    let (mut pos, mut number) = (0usize, 0u32);
    let mut rank = 0u8;
    let mut in_media = false;
    let mut seen = [false; 26];
    while pos < b.len() {
        number += 1;
        if lines.len() >= limits.max_lines {
            return Err(DecodeError::new(
                ErrorKind::LimitExceeded(LimitKind::LineCount),
                number,
                pos,
            ));
        }
        let err = |kind| DecodeError::new(kind, number, pos);
        let (end, next) = match memchr::memchr(b'\n', &b[pos..]) {
            Some(rel) if rel > 0 && b[pos + rel - 1] == b'\r' => (pos + rel - 1, pos + rel + 1),
            Some(rel) => {
                if !warnings.iter().any(|w| matches!(w, Warning::BareLf { .. })) {
                    warnings.push(Warning::BareLf { line: number });
                }
                (pos + rel, pos + rel + 1)
            }
            None => {
                warnings.push(Warning::NoFinalLineEnd);
                (b.len(), b.len())
            }
        };
        let line = &src[pos..end];
        let lb = line.as_bytes();
        if lb.len() < 2 || lb[1] != b'=' || !lb[0].is_ascii_lowercase() {
            return Err(err(ErrorKind::InvalidLine));
        }
        if let Some(i) = lb.iter().position(|&c| c == 0 || c == b'\r' || c == b'\n') {
            return Err(DecodeError::new(
                ErrorKind::InvalidCharacter,
                number,
                pos + i,
            ));
        }
        let k = lb[0];
        let value = &line[2..];
        // Order and repetition (RFC 8866 §5).
        let r = if k == b'm' {
            if media.len() >= limits.max_media {
                return Err(err(ErrorKind::LimitExceeded(LimitKind::MediaCount)));
            }
            // Each media section starts its own order.
            in_media = true;
            seen = [false; 26];
            rank = 0;
            media.push(lines.len() as u32);
            Some(0)
        } else if in_media {
            media_rank(k)
        } else {
            session_rank(k)
        };
        let Some(r) = r else {
            let known = session_rank(k).is_some() || media_rank(k).is_some();
            return Err(err(if known {
                ErrorKind::UnexpectedLine
            } else {
                ErrorKind::UnknownLineType
            }));
        };
        let repeated = single(k, in_media) && seen[(k - b'a') as usize];
        if r < rank || repeated {
            if opts.allow_any_order && !repeated {
                warnings.push(Warning::OutOfOrder { line: number });
            } else {
                return Err(err(ErrorKind::UnexpectedLine));
            }
        } else {
            rank = r;
        }
        seen[(k - b'a') as usize] = true;
        check_value(k, value, fragment).map_err(|kind| DecodeError::new(kind, number, pos + 2))?;
        if k == b's' && value.is_empty() {
            warnings.push(Warning::EmptySessionName);
        }
        if k == b'v' && number != 1 {
            return Err(err(ErrorKind::UnexpectedLine));
        }
        lines.push(LineSpan {
            kind: k,
            start: pos as u32,
            value_start: (pos + 2) as u32,
            value_end: end as u32,
            number,
        });
        pos = next;
    }
    if !fragment {
        let first_media = media.first().map_or(lines.len(), |&i| i as usize);
        let has = |k: u8| lines[..first_media].iter().any(|l| l.kind == k);
        for k in [b'v', b'o', b's', b't'] {
            if !has(k) {
                return Err(DecodeError::new(ErrorKind::MissingLine, 0, input.len()));
            }
        }
    }
    Ok(Session {
        src: Cow::Borrowed(src),
        lines,
        media,
        warnings,
        fragment,
    })
}

fn check_value(k: u8, v: &str, fragment: bool) -> R<()> {
    match k {
        b'v' => (v == "0").then_some(()).ok_or(ErrorKind::InvalidVersion),
        b'o' => origin(v).map(|_| ()),
        b'c' => connection(v).map(|_| ()),
        b'b' => {
            let (t, bw) = v.split_once(':').ok_or(ErrorKind::InvalidBandwidth)?;
            (is_token(t) && is_digits(bw))
                .then_some(())
                .ok_or(ErrorKind::InvalidBandwidth)
        }
        b't' => timing(v).map(|_| ()),
        b'r' | b'z' => {
            // repeat-fields / zone-adjustments: space-separated [-]digits with an optional unit.
            let ok = v.split(' ').all(|f| {
                let f = f.strip_prefix('-').unwrap_or(f);
                let f = f.strip_suffix(['d', 'h', 'm', 's']).unwrap_or(f);
                is_digits(f)
            });
            ok.then_some(()).ok_or(ErrorKind::InvalidTiming)
        }
        b'm' => media_line(v).map(|_| ()),
        b'a' => {
            let name = v.split_once(':').map_or(v, |(n, _)| n);
            is_token(name)
                .then_some(())
                .ok_or(ErrorKind::InvalidAttribute)
        }
        // i= u= e= p= k= and s=: text. s= may be empty in fragments and (with a warning) in full
        // descriptions: RFC 5547's own example has it.
        _ => {
            let _ = fragment;
            Ok(())
        }
    }
}

pub(crate) fn origin(v: &str) -> R<Origin<'_>> {
    let mut f = v.split(' ');
    let mut next = || f.next().ok_or(ErrorKind::InvalidOrigin);
    let o = Origin {
        username: next()?,
        session_id: next()?,
        session_version: next()?,
        nettype: next()?,
        addrtype: next()?,
        address: next()?,
    };
    let ok = f.next().is_none()
        && is_non_ws(o.username)
        && is_digits(o.session_id)
        && is_digits(o.session_version)
        && is_token(o.nettype)
        && is_token(o.addrtype)
        && is_non_ws(o.address);
    ok.then_some(o).ok_or(ErrorKind::InvalidOrigin)
}

pub(crate) fn connection(v: &str) -> R<Connection<'_>> {
    let mut f = v.split(' ');
    let mut next = || f.next().ok_or(ErrorKind::InvalidConnection);
    let c = Connection {
        nettype: next()?,
        addrtype: next()?,
        address: next()?,
    };
    let ok =
        f.next().is_none() && is_token(c.nettype) && is_token(c.addrtype) && is_non_ws(c.address);
    ok.then_some(c).ok_or(ErrorKind::InvalidConnection)
}

pub(crate) fn timing(v: &str) -> R<Timing> {
    let (a, b) = v.split_once(' ').ok_or(ErrorKind::InvalidTiming)?;
    let n = |s: &str| {
        if is_digits(s) {
            s.parse::<u64>().ok()
        } else {
            None
        }
    };
    match (n(a), n(b)) {
        (Some(start), Some(stop)) => Ok(Timing { start, stop }),
        _ => Err(ErrorKind::InvalidTiming),
    }
}

pub(crate) fn media_line(v: &str) -> R<MediaLine<'_>> {
    let mut f = v.splitn(4, ' ');
    let media = f
        .next()
        .filter(|s| is_token(s))
        .ok_or(ErrorKind::InvalidMedia)?;
    let port_field = f.next().ok_or(ErrorKind::InvalidMedia)?;
    let (port, count) = match port_field.split_once('/') {
        Some((p, n)) => (p, Some(n)),
        None => (port_field, None),
    };
    let num = |s: &str| {
        if is_digits(s) {
            s.parse::<u16>().ok()
        } else {
            None
        }
    };
    let port = num(port).ok_or(ErrorKind::InvalidMedia)?;
    let port_count = match count {
        Some(n) => Some(num(n).ok_or(ErrorKind::InvalidMedia)?),
        None => None,
    };
    let proto = f.next().ok_or(ErrorKind::InvalidMedia)?;
    if !proto.split('/').all(is_token) {
        return Err(ErrorKind::InvalidMedia);
    }
    let formats = f.next().ok_or(ErrorKind::InvalidMedia)?;
    if !formats.split(' ').all(is_token) {
        return Err(ErrorKind::InvalidMedia);
    }
    Ok(MediaLine {
        media,
        port,
        port_count,
        proto,
        formats,
    })
}
