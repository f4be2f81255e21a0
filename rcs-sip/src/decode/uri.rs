//! URI grammar: RFC 3261 §25.1 (SIP-URI, SIPS-URI, absoluteURI) and RFC 3966 (tel).

use crate::decode::lex::{Cursor, HNV, PARAMCHAR, PASSWORD, URIC, USER, starts_with_folded};
use crate::decode::scan::{alnum_run_end, hostname};
use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::message::Span;
use crate::params::Params;
use crate::uri::{AbsoluteUri, HostAt, HostKind, SipUri, TelUri, Uri};
use std::net::{Ipv4Addr, Ipv6Addr};

/// Where a URI stands, which decides what it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UriContext {
    /// The Request-URI: no `?headers` (RFC 3261 §19.1.1 table).
    RequestUri,
    /// Inside `<...>`: everything allowed.
    Bracketed,
    /// Inside `<...>`, given the rest of the value from just after the `<`: the URI ends at the
    /// first `>` (which no URI holds unescaped), so the caller need not search for it first.
    InAngles,
    /// A bare `addr-spec` in a header: the caller cut it at `;`/`,`; `?` is refused because such a
    /// URI must be bracketed (RFC 3261 §20.10).
    AddrSpec,
}

/// Whether the URI ends at the cursor: the end of the text, or the `>` closing `InAngles`.
#[inline(always)]
fn ends(c: &Cursor<'_>, ctx: UriContext) -> bool {
    c.is_end() || (ctx == UriContext::InAngles && c.peek() == Some(b'>'))
}

/// Typed values keep their parts as `u32` offsets. A message is at most `u32::MAX` bytes; text
/// given on its own that is longer is refused.
#[cold]
pub(crate) fn too_long() -> DecodeError {
    DecodeError::new(
        ErrorKind::LimitExceeded(LimitKind::LineLength),
        u32::MAX as usize,
    )
}

pub(crate) fn check_uri(s: &str, ctx: UriContext) -> Result<(), DecodeError> {
    parse_uri(s, ctx).map(|_| ())
}

#[inline]
pub(crate) fn parse_uri(s: &str, ctx: UriContext) -> Result<Uri<'_>, DecodeError> {
    if s.len() > u32::MAX as usize {
        return Err(too_long());
    }
    let b = s.as_bytes();
    // Nearly every URI here is sip: or sips:; a word compare finds them.
    if starts_with_folded(b, b"sip:") {
        return parse_sip(s, 4, false, ctx).map(Uri::Sip);
    }
    if starts_with_folded(b, b"sips:") {
        return parse_sip(s, 5, true, ctx).map(Uri::Sip);
    }
    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    let colon = b
        .iter()
        .position(|&c| c == b':')
        .ok_or(DecodeError::new(ErrorKind::InvalidUri, 0))?;
    let scheme = &s[..colon];
    if scheme.is_empty()
        || !b[0].is_ascii_alphabetic()
        || !scheme
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    {
        return Err(DecodeError::new(ErrorKind::InvalidUri, 0));
    }
    if scheme.eq_ignore_ascii_case("sip") || scheme.eq_ignore_ascii_case("sips") {
        parse_sip(s, colon + 1, scheme.len() == 4, ctx).map(Uri::Sip)
    } else if scheme.eq_ignore_ascii_case("tel") {
        parse_tel(s, colon + 1, ctx).map(Uri::Tel)
    } else {
        let mut c = Cursor::at(s, colon + 1);
        c.skip_escaped(&URIC, ErrorKind::InvalidUri)?;
        let rest = &s[colon + 1..c.pos];
        if rest.is_empty() {
            return Err(DecodeError::new(ErrorKind::InvalidUri, colon + 1));
        }
        if !ends(&c, ctx) || (ctx == UriContext::AddrSpec && rest.contains('?')) {
            return Err(c.err(ErrorKind::InvalidUri));
        }
        Ok(Uri::Other(AbsoluteUri {
            raw: &s[..c.pos],
            scheme,
            rest,
        }))
    }
}

#[inline(always)]
fn parse_sip(
    s: &str,
    start: usize,
    secure: bool,
    ctx: UriContext,
) -> Result<SipUri<'_>, DecodeError> {
    let mut c = Cursor::at(s, start);
    // Offsets into `s`, which starts with the URI: see `SipUri`.
    let (mut user_end, mut password_end) = (0, 0);
    // userinfo: a run of user characters ended by '@', or by ':' password '@'. '@' cannot appear
    // unescaped after it, so when the run ends any other way there is no userinfo and the host
    // starts at the beginning. One forward pass in the common case.
    let user_len = c.skip_escaped(&USER, ErrorKind::InvalidUri)?;
    match c.peek() {
        Some(b'@') if user_len != 0 => {
            user_end = c.pos as u32;
            c.pos += 1;
        }
        Some(b':') if user_len != 0 => {
            let colon = c.pos;
            c.pos += 1;
            c.skip_escaped(&PASSWORD, ErrorKind::InvalidUri)?;
            if c.peek() == Some(b'@') {
                (user_end, password_end) = (colon as u32, c.pos as u32);
                c.pos += 1;
            } else {
                c.pos = start;
            }
        }
        Some(b'@') => return Err(c.err(ErrorKind::InvalidUri)),
        _ => c.pos = start,
    }
    let host = host(&mut c)?;
    let port = if c.eat(b':') {
        Some(port(&mut c)?)
    } else {
        None
    };
    // uri-parameters = *( ";" uri-parameter ); pname [ "=" pvalue ]
    let params_start = c.pos;
    while c.eat(b';') {
        if c.skip_escaped(&PARAMCHAR, ErrorKind::InvalidParameter)? == 0 {
            return Err(c.err(ErrorKind::InvalidParameter));
        }
        if c.eat(b'=') && c.skip_escaped(&PARAMCHAR, ErrorKind::InvalidParameter)? == 0 {
            return Err(c.err(ErrorKind::InvalidParameter));
        }
    }
    let params = Span::at(params_start, c.pos);
    if c.peek() == Some(b'?') {
        if !matches!(ctx, UriContext::Bracketed | UriContext::InAngles) {
            return Err(c.err(ErrorKind::InvalidUri));
        }
        c.pos += 1;
        loop {
            // header = hname "=" hvalue
            if c.skip_escaped(&HNV, ErrorKind::InvalidUri)? == 0 || !c.eat(b'=') {
                return Err(c.err(ErrorKind::InvalidUri));
            }
            c.skip_escaped(&HNV, ErrorKind::InvalidUri)?;
            if !c.eat(b'&') {
                break;
            }
        }
    }
    if !ends(&c, ctx) {
        return Err(c.err(ErrorKind::InvalidUri));
    }
    Ok(SipUri {
        raw: &s[..c.pos],
        user_end,
        password_end,
        host,
        params,
        port,
        secure,
    })
}

/// `host = hostname / IPv4address / IPv6reference`
#[inline(always)]
pub(crate) fn host(c: &mut Cursor<'_>) -> Result<HostAt, DecodeError> {
    let start = c.pos;
    if c.eat(b'[') {
        let b = c.bytes();
        let end = memchr::memchr(b']', &b[c.pos..])
            .map(|p| c.pos + p)
            .ok_or(c.err_at(ErrorKind::InvalidHost, start))?;
        if parse_ipv6(&c.s[c.pos..end]).is_none() {
            return Err(c.err_at(ErrorKind::InvalidHost, start));
        }
        let span = Span::at(c.pos, end);
        c.pos = end + 1;
        return Ok(HostAt {
            span,
            kind: HostKind::Ipv6,
        });
    }
    // `hostname = *( domainlabel "." ) toplabel [ "." ]`: labels alphanumeric at both ends with
    // inner '-', toplabel starting with ALPHA. A toplabel starting with a digit can only be the
    // last octet of an IPv4 address.
    let b = c.bytes();
    let (i, top) = match hostname(b, start) {
        Some(found) => found,
        None => hostname_bytewise(b, start).ok_or(c.err_at(ErrorKind::InvalidHost, start))?,
    };
    let kind = if b[top].is_ascii_digit() {
        let ip = parse_ipv4(&c.s[start..i]).ok_or(c.err_at(ErrorKind::InvalidHost, start))?;
        HostKind::Ipv4(ip.octets())
    } else {
        HostKind::Domain
    };
    c.pos = i;
    Ok(HostAt {
        span: Span::at(start, i),
        kind,
    })
}

/// The host name at `start`, a byte at a time: `(end, start of the last label)`, or `None` when
/// the labels break the grammar. Alphanumeric runs are skipped by words; the label rules are
/// checked only at '.' and '-'.
pub(crate) fn hostname_bytewise(b: &[u8], start: usize) -> Option<(usize, usize)> {
    let mut i = start;
    let mut label = start; // start of the current label
    let mut top = start; // start of the last non-empty label
    loop {
        i = alnum_run_end(b, i);
        match b.get(i) {
            Some(b'-') if i > label => i += 1,
            Some(b'.') if i > label && b[i - 1] != b'-' => {
                top = label;
                i += 1;
                label = i;
            }
            Some(b'-' | b'.') => return None,
            _ => break,
        }
    }
    if i > label {
        top = label;
        if b[i - 1] == b'-' {
            return None;
        }
    }
    (i > start).then_some((i, top))
}

#[inline]
pub(crate) fn port(c: &mut Cursor<'_>) -> Result<u16, DecodeError> {
    let start = c.pos;
    c.number(65535)
        .map(|v| v as u16)
        .map_err(|_| c.err_at(ErrorKind::InvalidPort, start))
}

/// `IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT`, each at most 255.
pub(crate) fn parse_ipv4(s: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let (mut n, mut digits, mut v) = (0usize, 0u32, 0u32);
    for &b in s.as_bytes() {
        match b {
            b'0'..=b'9' if digits < 3 => {
                v = v * 10 + u32::from(b - b'0');
                digits += 1;
            }
            b'.' if digits > 0 && n < 3 && v <= 255 => {
                octets[n] = v as u8;
                (n, digits, v) = (n + 1, 0, 0);
            }
            _ => return None,
        }
    }
    if n != 3 || digits == 0 || v > 255 {
        return None;
    }
    octets[3] = v as u8;
    Some(Ipv4Addr::from(octets))
}

/// An IPv6 address as RFC 3261 writes it. Its ABNF wants three colons before an embedded IPv4
/// address after `::` (`2001:db8:::192.0.2.1`); RFC 5118 §4.10 says to accept that and the
/// correct two-colon form alike.
pub(crate) fn parse_ipv6(s: &str) -> Option<Ipv6Addr> {
    if s.len() > 64
        || !s
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    {
        return None;
    }
    if let Ok(a) = s.parse::<Ipv6Addr>() {
        return Some(a);
    }
    // ":::" directly before a dotted quad: drop one colon and try again.
    let pos = s.find(":::")?;
    if !s[pos + 3..].contains('.') || s[pos + 3..].contains(':') {
        return None;
    }
    let mut buf = [0u8; 64];
    let (head, tail) = (&s.as_bytes()[..pos + 2], &s.as_bytes()[pos + 3..]);
    buf[..head.len()].copy_from_slice(head);
    buf[head.len()..head.len() + tail.len()].copy_from_slice(tail);
    core::str::from_utf8(&buf[..head.len() + tail.len()])
        .ok()?
        .parse()
        .ok()
}

fn parse_tel(s: &str, start: usize, ctx: UriContext) -> Result<TelUri<'_>, DecodeError> {
    let b = s.as_bytes();
    let end_num = if ctx == UriContext::InAngles {
        memchr::memchr2(b';', b'>', &b[start..])
    } else {
        memchr::memchr(b';', &b[start..])
    }
    .map_or(b.len(), |p| start + p);
    let number = &s[start..end_num];
    let is_sep = |c: u8| matches!(c, b'-' | b'.' | b'(' | b')');
    let ok = if let Some(digits) = number.strip_prefix('+') {
        // global-number-digits = "+" *phonedigit DIGIT *phonedigit
        digits.bytes().all(|c| c.is_ascii_digit() || is_sep(c))
            && digits.bytes().any(|c| c.is_ascii_digit())
    } else {
        // local-number-digits = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex
        number
            .bytes()
            .all(|c| c.is_ascii_hexdigit() || c == b'*' || c == b'#' || is_sep(c))
            && number.bytes().any(|c| !is_sep(c))
    };
    if !ok {
        return Err(DecodeError::new(ErrorKind::InvalidUri, start));
    }
    let mut c = Cursor::at(s, end_num);
    let mut has_context = false;
    while c.eat(b';') {
        // pname = 1*( alphanum / "-" ); pvalue = 1*paramchar
        let ns = c.pos;
        while c
            .peek()
            .is_some_and(|x| x.is_ascii_alphanumeric() || x == b'-')
        {
            c.pos += 1;
        }
        if c.pos == ns {
            return Err(c.err(ErrorKind::InvalidParameter));
        }
        has_context |= s[ns..c.pos].eq_ignore_ascii_case("phone-context");
        if c.eat(b'=') && c.skip_escaped(&PARAMCHAR, ErrorKind::InvalidParameter)? == 0 {
            return Err(c.err(ErrorKind::InvalidParameter));
        }
    }
    if !ends(&c, ctx) || (ctx == UriContext::AddrSpec && c.peek() == Some(b'?')) {
        return Err(c.err(ErrorKind::InvalidUri));
    }
    if !number.starts_with('+') && !has_context {
        // RFC 3966 §5.1.5: a local number MUST carry phone-context.
        return Err(DecodeError::new(ErrorKind::InvalidUri, start));
    }
    Ok(TelUri {
        raw: &s[..c.pos],
        number,
        params: Params::from_validated(&s[end_num..c.pos]),
    })
}
