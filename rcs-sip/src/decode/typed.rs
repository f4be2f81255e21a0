//! Parsers of typed header values (RFC 3261 §25.1 and the extension RFCs each type names).
//! Each parses one element at the cursor and leaves the cursor after it.

use crate::decode::lex::{
    Cursor, GEN_VALUE, TOKEN, URIC, WORD, class_run_end, parse_decimal, starts_with_folded,
    token_is,
};
use crate::decode::uri::{UriContext, host, parse_ipv4, parse_ipv6, parse_uri, port};
use crate::error::{DecodeError, ErrorKind};
use crate::headers::*;
use crate::known::KnownHeader;
use crate::message::Span;
use crate::params::Params;
use crate::uri::Uri;

type R<T> = Result<T, DecodeError>;

/// `*( SEMI generic-param )`, returned as raw text from the first `;`.
/// `check` sees each (name, value, offset of the name, whether the value is a `token`) to
/// validate the parameters its header defines.
#[inline]
pub(crate) fn params<'a>(
    c: &mut Cursor<'a>,
    mut check: impl FnMut(&'a [u8], Option<&'a str>, usize, bool) -> R<()>,
) -> R<()> {
    let mut end = c.pos;
    while c.eat_sep(b';') {
        let name_pos = c.pos;
        c.skip_token(ErrorKind::InvalidParameter)?;
        // Bytes, not a str slice: no character boundaries to check.
        let name = &c.bytes()[name_pos..c.pos];
        let mut value = None;
        let mut token = false;
        if c.eat_sep(b'=') {
            let vpos = c.pos;
            let v = if c.peek() == Some(b'"') {
                c.quoted()?
            } else {
                // gen-value is a token, or a host (the token characters and `:[]`): scanned as a
                // token first, so the token checks of `tag` and `branch` need no second pass.
                let b = c.bytes();
                let token_end = class_run_end(b, vpos, &TOKEN);
                let value_end = match b.get(token_end) {
                    Some(b':' | b'[' | b']') => class_run_end(b, token_end, &GEN_VALUE),
                    _ => token_end,
                };
                token = value_end == token_end;
                c.pos = value_end;
                &c.s[vpos..value_end]
            };
            if v.is_empty() {
                return Err(c.err_at(ErrorKind::InvalidParameter, vpos));
            }
            value = Some(v);
        }
        check(name, value, name_pos, token)?;
        end = c.pos;
    }
    c.pos = end;
    Ok(())
}

/// [`params`], returning them.
#[inline(always)]
fn params_text<'a>(
    c: &mut Cursor<'a>,
    check: impl FnMut(&'a [u8], Option<&'a str>, usize, bool) -> R<()>,
) -> R<Params<'a>> {
    let start = c.pos;
    params(c, check)?;
    Ok(Params::from_validated(&c.s[start..c.pos]))
}

fn no_check(_: &[u8], _: Option<&str>, _: usize, _: bool) -> R<()> {
    Ok(())
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` in thousandths.
pub(crate) fn qvalue_millis(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut millis: u16 = 0;
    for (i, d) in frac.bytes().enumerate() {
        millis += u16::from(d - b'0') * [100, 10, 1][i];
    }
    match int {
        "0" => Some(millis),
        "1" if millis == 0 => Some(1000),
        _ => None,
    }
}

fn bad_param(pos: usize) -> DecodeError {
    DecodeError::new(ErrorKind::InvalidParameter, pos)
}

/// `( name-addr / addr-spec ) *( SEMI param )`.
#[inline]
pub(crate) fn address<'a>(c: &mut Cursor<'a>, kind: KnownHeader) -> R<Address<'a>> {
    // Route, Record-Route, Path (RFC 3327), Service-Route (RFC 3608), P-Associated-URI and
    // P-Called-Party-ID (RFC 7315) take name-addr only (RFC 3261 §25.1 route-param,
    // rec-route): a bare URI's `;lr` would otherwise be read as a header parameter.
    let name_addr_only = matches!(
        kind,
        KnownHeader::Route
            | KnownHeader::RecordRoute
            | KnownHeader::Path
            | KnownHeader::ServiceRoute
            | KnownHeader::PAssociatedUri
            | KnownHeader::PCalledPartyId
    );
    address_with(c, name_addr_only, |c| address_params(c, kind))
}

/// An address whose parameters `params_of` checks (moving the cursor past them), returning the
/// first `tag` value: the part From/To/Route/... and Contact share.
#[inline(always)]
fn address_with<'a>(
    c: &mut Cursor<'a>,
    name_addr_only: bool,
    params_of: impl FnOnce(&mut Cursor<'a>) -> R<Option<&'a str>>,
) -> R<Address<'a>> {
    let start = c.pos;
    let (display, uri, bracketed) = name_addr_or_spec(c)?;
    if name_addr_only && !bracketed {
        return Err(DecodeError::new(ErrorKind::InvalidNameAddr, start));
    }
    let params_start = c.pos;
    let tag = params_of(c)?;
    Ok(Address {
        raw: &c.s[start..c.pos],
        uri,
        tag,
        display: relative_display(display, start),
        params_start: (params_start - start) as u32,
        bracketed,
    })
}

/// A display name's span relative to its element at `start`; empty when there is none.
#[inline(always)]
fn relative_display(display: Option<(usize, usize)>, start: usize) -> Span {
    display.map_or(Span::new(0, 0), |(a, b)| Span::at(a - start, b - start))
}

/// A display name's span (in the cursor's text), the URI, and whether it was in `<...>`.
type NameAddr<'a> = (Option<(usize, usize)>, Uri<'a>, bool);

/// The parameters after an address (the cursor moves past them); the first `tag` value.
#[inline]
fn address_params<'a>(c: &mut Cursor<'a>, kind: KnownHeader) -> R<Option<&'a str>> {
    // RFC 3325: P-Asserted-Identity / P-Preferred-Identity carry no parameters.
    if matches!(
        kind,
        KnownHeader::PAssertedIdentity | KnownHeader::PPreferredIdentity
    ) {
        return Ok(None);
    }
    let tag_is_token = matches!(kind, KnownHeader::From | KnownHeader::To);
    let mut tag = None;
    params(c, |n, v, p, token| {
        if token_is(n, "tag") {
            if tag_is_token && !token {
                return Err(bad_param(p));
            }
            tag.get_or_insert(v);
        }
        Ok(())
    })?;
    Ok(tag.flatten())
}

/// The display name's span (with its quotes, in the cursor's text), the URI, and whether it was
/// in angle brackets.
#[inline]
fn name_addr_or_spec<'a>(c: &mut Cursor<'a>) -> R<NameAddr<'a>> {
    let mut display = None;
    match c.peek() {
        Some(b'"') => {
            let start = c.pos;
            c.skip_quoted()?;
            display = Some((start, c.pos));
            c.skip_ws();
        }
        Some(b'<') => {}
        Some(b) if TOKEN.has(b) => {
            // `*(token LWS) <` or an addr-spec: tokens cannot hold ':' so a scheme ends the run.
            let save = c.pos;
            let mut last = c.pos;
            while c.peek().is_some_and(|b| TOKEN.has(b)) {
                c.skip_class(&TOKEN);
                last = c.pos;
                c.skip_ws();
            }
            if c.peek() == Some(b'<') {
                display = Some((save, last));
            } else {
                c.pos = save;
                return addr_spec(c).map(|u| (None, u, false));
            }
        }
        _ => return Err(c.err(ErrorKind::InvalidNameAddr)),
    }
    // LAQUOT addr-spec RAQUOT: no white space inside the brackets. The URI parser stops at the
    // first '>', so the URI is scanned once.
    c.expect(b'<', ErrorKind::InvalidNameAddr)?;
    let uri = parse_uri(&c.s[c.pos..], UriContext::InAngles).map_err(|e| e.rebase(c.pos))?;
    c.pos += uri.as_str().len();
    c.expect(b'>', ErrorKind::InvalidNameAddr)?;
    Ok((display, uri, true))
}

/// A bare addr-spec: up to `;`, `,` or white space. Parameters after it belong to the header.
fn addr_spec<'a>(c: &mut Cursor<'a>) -> R<Uri<'a>> {
    let b = c.bytes();
    let start = c.pos;
    let mut i = start;
    while i < b.len() && !matches!(b[i], b';' | b',' | b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    let uri = parse_uri(&c.s[start..i], UriContext::AddrSpec).map_err(|e| {
        // Keep the URI error kind, but say it is the unbracketed form that failed.
        DecodeError::new(
            if e.kind() == ErrorKind::InvalidUri {
                ErrorKind::InvalidNameAddr
            } else {
                e.kind()
            },
            e.offset(),
        )
        .rebase(start)
    })?;
    c.pos = i;
    Ok(uri)
}

#[inline]
pub(crate) fn contact<'a>(c: &mut Cursor<'a>) -> R<Contact<'a>> {
    if c.peek() == Some(b'*') {
        c.pos += 1;
        return Ok(Contact {
            raw: "*",
            address: None,
        });
    }
    let address = address_with(c, false, |c| {
        let mut tag = None;
        params(c, |n, v, p, _| {
            let ok = if token_is(n, "q") {
                v.and_then(qvalue_millis).is_some()
            } else if token_is(n, "expires") || token_is(n, "reg-id") {
                v.and_then(|v| parse_decimal(v.as_bytes(), u64::from(u32::MAX)))
                    .is_some()
            } else {
                if token_is(n, "tag") {
                    tag.get_or_insert(v);
                }
                true
            };
            if ok { Ok(()) } else { Err(bad_param(p)) }
        })?;
        Ok(tag.flatten())
    })?;
    Ok(Contact {
        raw: address.raw,
        address: Some(address),
    })
}

#[inline(always)]
pub(crate) fn via<'a>(c: &mut Cursor<'a>) -> R<Via<'a>> {
    let start = c.pos;
    // Offsets relative to `start`, where the Via (and its protocol name) begins.
    let (protocol_end, version) = if starts_with_folded(&c.bytes()[start..], b"sip/2.0/") {
        // The form nearly every Via has, read in one compare.
        c.pos = start + 8;
        (3, Span::new(4, 7))
    } else {
        c.skip_token(ErrorKind::InvalidHeaderSyntax)?;
        let protocol_end = c.pos - start;
        if !c.eat_sep(b'/') {
            return Err(c.err(ErrorKind::InvalidHeaderSyntax));
        }
        let version_start = c.pos - start;
        c.skip_token(ErrorKind::InvalidHeaderSyntax)?;
        let version = Span::at(version_start, c.pos - start);
        if !c.eat_sep(b'/') {
            return Err(c.err(ErrorKind::InvalidHeaderSyntax));
        }
        (protocol_end as u32, version)
    };
    let transport_start = c.pos - start;
    c.skip_token(ErrorKind::InvalidHeaderSyntax)?;
    let transport = Span::at(transport_start, c.pos - start);
    if !c.skip_ws() {
        return Err(c.err(ErrorKind::InvalidHeaderSyntax));
    }
    let h = host(c)?.rebase(start);
    let p = if c.eat_sep(b':') {
        Some(port(c)?)
    } else {
        None
    };
    let mut branch = None;
    let params_start = c.pos - start;
    params(c, |n, v, pos, token| {
        let is = |name: &str| token_is(n, name);
        let ok = if is("branch") {
            branch.get_or_insert(v);
            token
        } else if is("received") {
            v.is_some_and(|v| {
                let inner = v
                    .strip_prefix('[')
                    .and_then(|v| v.strip_suffix(']'))
                    .unwrap_or(v);
                parse_ipv4(inner).is_some() || parse_ipv6(inner).is_some()
            })
        } else if is("rport") {
            v.is_none_or(|v| parse_decimal(v.as_bytes(), 65535).is_some())
        } else if is("ttl") {
            v.and_then(|v| parse_decimal(v.as_bytes(), 255)).is_some()
        } else if is("maddr") {
            v.is_some_and(|v| {
                let mut c = Cursor::new(v);
                host(&mut c).is_ok() && c.is_end()
            })
        } else {
            true
        };
        if ok { Ok(()) } else { Err(bad_param(pos)) }
    })?;
    Ok(Via {
        raw: &c.s[start..c.pos],
        branch: branch.flatten(),
        host: h,
        protocol_end,
        version,
        transport,
        params_start: params_start as u32,
        port: p,
    })
}

#[inline]
pub(crate) fn cseq<'a>(c: &mut Cursor<'a>) -> R<CSeq<'a>> {
    // RFC 3261 §8.1.1.5: the sequence number MUST be less than 2**31.
    let seq = c.number((1 << 31) - 1)? as u32;
    if !c.skip_ws() {
        return Err(c.err(ErrorKind::InvalidHeaderSyntax));
    }
    let method = c.token(ErrorKind::InvalidMethod)?;
    Ok(CSeq { seq, method })
}

pub(crate) fn rack<'a>(c: &mut Cursor<'a>) -> R<RAck<'a>> {
    let rseq = c.number(u64::from(u32::MAX))? as u32;
    if !c.skip_ws() {
        return Err(c.err(ErrorKind::InvalidHeaderSyntax));
    }
    let cseq = c.number(u64::from(u32::MAX))? as u32;
    if !c.skip_ws() {
        return Err(c.err(ErrorKind::InvalidHeaderSyntax));
    }
    let method = c.token(ErrorKind::InvalidMethod)?;
    Ok(RAck { rseq, cseq, method })
}

#[inline]
pub(crate) fn call_id<'a>(c: &mut Cursor<'a>) -> R<CallId<'a>> {
    // callid = word [ "@" word ]
    let start = c.pos;
    if !c.skip_class(&WORD) {
        return Err(c.err(ErrorKind::InvalidHeaderSyntax));
    }
    if c.eat(b'@') && !c.skip_class(&WORD) {
        return Err(c.err(ErrorKind::InvalidHeaderSyntax));
    }
    Ok(CallId(&c.s[start..c.pos]))
}

#[inline]
pub(crate) fn media_type<'a>(c: &mut Cursor<'a>, range: bool) -> R<MediaType<'a>> {
    let start = c.pos;
    let ty = if range && c.eat(b'*') {
        "*"
    } else {
        c.token(ErrorKind::InvalidHeaderSyntax)?
    };
    if !c.eat_sep(b'/') {
        return Err(c.err(ErrorKind::InvalidHeaderSyntax));
    }
    let subtype = if range && c.eat(b'*') {
        "*"
    } else {
        c.token(ErrorKind::InvalidHeaderSyntax)?
    };
    if ty == "*" && subtype != "*" {
        return Err(c.err(ErrorKind::InvalidHeaderSyntax));
    }
    let params = params_text(c, no_check)?;
    Ok(MediaType {
        raw: &c.s[start..c.pos],
        ty,
        subtype,
        params,
    })
}

pub(crate) fn token<'a>(c: &mut Cursor<'a>) -> R<Token<'a>> {
    c.token(ErrorKind::InvalidHeaderSyntax).map(Token)
}

pub(crate) fn token_params<'a>(c: &mut Cursor<'a>, kind: KnownHeader) -> R<TokenParams<'a>> {
    let start = c.pos;
    let value = match kind {
        KnownHeader::PVisitedNetworkId if c.peek() == Some(b'"') => c.quoted()?,
        KnownHeader::AcceptEncoding | KnownHeader::AcceptLanguage if c.peek() == Some(b'*') => {
            c.pos += 1;
            "*"
        }
        _ => c.token(ErrorKind::InvalidHeaderSyntax)?,
    };
    let params = params_text(c, |n, v, p, _| {
        let numeric = match kind {
            KnownHeader::SubscriptionState => {
                ["expires", "retry-after"].iter().any(|x| token_is(n, x))
            }
            KnownHeader::Reason => token_is(n, "cause"),
            _ => false,
        };
        let q = token_is(n, "q")
            && matches!(
                kind,
                KnownHeader::AcceptEncoding
                    | KnownHeader::AcceptLanguage
                    | KnownHeader::SecurityClient
                    | KnownHeader::SecurityServer
                    | KnownHeader::SecurityVerify
            );
        if numeric
            && v.and_then(|v| parse_decimal(v.as_bytes(), u64::from(u32::MAX)))
                .is_none()
        {
            return Err(bad_param(p));
        }
        if q && v.and_then(qvalue_millis).is_none() {
            return Err(bad_param(p));
        }
        Ok(())
    })?;
    Ok(TokenParams {
        raw: &c.s[start..c.pos],
        value,
        params,
    })
}

pub(crate) fn seconds<'a>(c: &mut Cursor<'a>, kind: KnownHeader) -> R<Seconds<'a>> {
    let value = c.number(u64::from(u32::MAX))? as u32;
    let mut comment = None;
    if kind == KnownHeader::RetryAfter {
        let save = c.pos;
        c.skip_ws();
        if c.peek() == Some(b'(') {
            comment = Some(comment_text(c)?);
        } else {
            c.pos = save;
        }
    }
    let params = match kind {
        KnownHeader::RSeq => Params::default(),
        _ => params_text(c, |n, v, p, _| {
            if token_is(n, "duration")
                && v.and_then(|v| parse_decimal(v.as_bytes(), u64::from(u32::MAX)))
                    .is_none()
            {
                return Err(bad_param(p));
            }
            Ok(())
        })?,
    };
    Ok(Seconds {
        value,
        comment,
        params,
    })
}

/// `comment = LPAREN *(ctext / quoted-pair / comment) RPAREN`, nesting bounded by its length.
fn comment_text<'a>(c: &mut Cursor<'a>) -> R<&'a str> {
    let start = c.pos;
    let b = c.bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    c.pos = i + 1;
                    return Ok(&c.s[start..i + 1]);
                }
            }
            b'\\' => i += 1,
            _ => {}
        }
        i += 1;
    }
    Err(c.err_at(ErrorKind::InvalidHeaderSyntax, start))
}

pub(crate) fn number(c: &mut Cursor<'_>, max: u64) -> R<Number> {
    c.number(max).map(|v| Number(v as u32))
}

pub(crate) fn date<'a>(c: &mut Cursor<'a>) -> R<SipDate<'a>> {
    // rfc1123-date = wkday "," SP date1 SP time SP "GMT"
    let start = c.pos;
    let s = &c.s[start..];
    let err = |off: usize| DecodeError::new(ErrorKind::InvalidHeaderSyntax, start + off);
    let b = s.as_bytes();
    if b.len() < 29 {
        return Err(err(0));
    }
    const DAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    if !DAYS.contains(&&b[0..3]) || &b[3..5] != b", " {
        return Err(err(0));
    }
    let num = |from: usize, len: usize| -> R<u64> {
        let d = &b[from..from + len];
        if d.iter().all(u8::is_ascii_digit) {
            parse_decimal(d, u64::MAX).ok_or(err(from))
        } else {
            Err(err(from))
        }
    };
    let day = num(5, 2)?;
    let month = MONTHS.iter().position(|m| *m == &b[8..11]).ok_or(err(8))? + 1;
    if b[7] != b' '
        || b[11] != b' '
        || b[16] != b' '
        || b[19] != b':'
        || b[22] != b':'
        || b[25] != b' '
    {
        return Err(err(7));
    }
    let year = num(12, 4)?;
    let (hour, minute, second) = (num(17, 2)?, num(20, 2)?, num(23, 2)?);
    if &b[26..29] != b"GMT" {
        return Err(err(26));
    }
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return Err(err(5));
    }
    c.pos = start + 29;
    Ok(SipDate {
        raw: &c.s[start..c.pos],
        day: day as u8,
        month: month as u8,
        year: year as u16,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
    })
}

pub(crate) fn warning<'a>(c: &mut Cursor<'a>) -> R<WarningValue<'a>> {
    // warning-value = warn-code SP warn-agent SP warn-text
    let start = c.pos;
    let code = c.take_digits();
    if code.len() != 3 || !c.eat(b' ') {
        return Err(c.err_at(ErrorKind::InvalidHeaderSyntax, start));
    }
    let agent_start = c.pos;
    // warn-agent = hostport / pseudonym
    let b = c.bytes();
    while c.pos < b.len() && (TOKEN.has(b[c.pos]) || matches!(b[c.pos], b':' | b'[' | b']')) {
        c.pos += 1;
    }
    let agent = &c.s[agent_start..c.pos];
    if agent.is_empty() || !c.eat(b' ') {
        return Err(c.err(ErrorKind::InvalidHeaderSyntax));
    }
    let text = c.quoted()?;
    Ok(WarningValue {
        code: parse_decimal(code.as_bytes(), 999).unwrap_or(0) as u16,
        agent,
        text,
    })
}

/// `auth-scheme LWS auth-param *(COMMA auth-param)`; with `scheme == false`, just the params.
/// The whole rest of the value is one element (auth params are themselves comma-separated).
pub(crate) fn auth<'a>(c: &mut Cursor<'a>, with_scheme: bool) -> R<Auth<'a>> {
    let scheme = if with_scheme {
        let s = c.token(ErrorKind::InvalidHeaderSyntax)?;
        if c.is_end() {
            return Ok(Auth {
                scheme: s,
                params: "",
            });
        }
        if !c.skip_ws() {
            return Err(c.err(ErrorKind::InvalidHeaderSyntax));
        }
        s
    } else {
        ""
    };
    let start = c.pos;
    loop {
        // auth-param = auth-param-name EQUAL ( token / quoted-string ); Digest puts a few
        // unquoted non-token values (nc=00000001, uri="...") that token covers.
        c.skip_token(ErrorKind::InvalidParameter)?;
        if !c.eat_sep(b'=') {
            return Err(c.err(ErrorKind::InvalidParameter));
        }
        if c.peek() == Some(b'"') {
            c.skip_quoted()?;
        } else if !c.skip_class(&GEN_VALUE) {
            return Err(c.err(ErrorKind::InvalidParameter));
        }
        let save = c.pos;
        if !c.eat_sep(b',') {
            c.pos = save;
            break;
        }
    }
    Ok(Auth {
        scheme,
        params: &c.s[start..c.pos],
    })
}

pub(crate) fn feature_preference<'a>(c: &mut Cursor<'a>) -> R<FeaturePreference<'a>> {
    // ac-value = "*" *(SEMI ac-params)
    c.expect(b'*', ErrorKind::InvalidHeaderSyntax)?;
    let params = params_text(c, no_check)?;
    Ok(FeaturePreference { params })
}

pub(crate) fn service_id<'a>(c: &mut Cursor<'a>) -> R<ServiceId<'a>> {
    let start = c.pos;
    let b = c.bytes();
    let mut i = start;
    while i < b.len() && (URIC.has(b[i]) || b[i] == b'%') && b[i] != b',' {
        i += 1;
    }
    let s = &c.s[start..i];
    if !s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")) || s.len() < 5 {
        return Err(c.err_at(ErrorKind::InvalidHeaderSyntax, start));
    }
    c.pos = i;
    Ok(ServiceId(s))
}

pub(crate) fn privacy<'a>(c: &mut Cursor<'a>) -> R<Privacy<'a>> {
    // Privacy-hdr = "Privacy" HCOLON priv-value *(";" priv-value)
    let start = c.pos;
    c.skip_token(ErrorKind::InvalidHeaderSyntax)?;
    loop {
        let save = c.pos;
        if !c.eat_sep(b';') {
            c.pos = save;
            break;
        }
        c.skip_token(ErrorKind::InvalidHeaderSyntax)?;
    }
    Ok(Privacy(&c.s[start..c.pos]))
}

pub(crate) fn params_value<'a>(c: &mut Cursor<'a>) -> R<ParamsValue<'a>> {
    // The first parameter has no leading ';': parse it as if it had one.
    let start = c.pos;
    c.token(ErrorKind::InvalidParameter)?;
    if c.eat_sep(b'=') {
        let v = if c.peek() == Some(b'"') {
            c.quoted()?
        } else {
            c.take_class(&GEN_VALUE)
        };
        if v.is_empty() {
            return Err(c.err(ErrorKind::InvalidParameter));
        }
    }
    params(c, no_check)?;
    Ok(ParamsValue {
        raw: &c.s[start..c.pos],
    })
}

pub(crate) fn info_uri<'a>(c: &mut Cursor<'a>) -> R<InfoUri<'a>> {
    c.expect(b'<', ErrorKind::InvalidHeaderSyntax)?;
    let b = c.bytes();
    let close = memchr::memchr(b'>', &b[c.pos..])
        .map(|p| c.pos + p)
        .ok_or(c.err(ErrorKind::InvalidHeaderSyntax))?;
    let uri = parse_uri(&c.s[c.pos..close], UriContext::Bracketed).map_err(|e| e.rebase(c.pos))?;
    c.pos = close + 1;
    let params = params_text(c, no_check)?;
    Ok(InfoUri { uri, params })
}

/// RFC 8224 §4.1: `signed-identity-digest SEMI ident-info *( SEMI ident-info-params )`, the
/// digest in base64 or base64url with the JWS dots (`1*(base64-char / ".")`, padding allowed),
/// `ident-info = "info" EQUAL LAQUOT absoluteURI RAQUOT` at most once (taken wherever it
/// stands), the others generic-params (`alg`, `ppt`, extensions). Without `info` it is RFC
/// 4474's form (RFC 4475's mpart01 sends it): the digest alone, quoted or not.
pub(crate) fn identity<'a>(c: &mut Cursor<'a>) -> R<IdentityValue<'a>> {
    if c.peek() == Some(b'"') {
        let start = c.pos;
        let q = c.quoted()?;
        let digest = q.get(1..q.len().saturating_sub(1)).unwrap_or_default();
        if digest.is_empty()
            || !digest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'+' | b'='))
        {
            return Err(c.err_at(ErrorKind::InvalidHeaderSyntax, start + 1));
        }
        return Ok(IdentityValue {
            digest,
            info: None,
            params: "",
        });
    }
    let start = c.pos;
    let b = c.bytes();
    while c.pos < b.len()
        && (b[c.pos].is_ascii_alphanumeric()
            || matches!(b[c.pos], b'/' | b'+' | b'-' | b'_' | b'.' | b'='))
    {
        c.pos += 1;
    }
    if c.pos == start {
        return Err(c.err_at(ErrorKind::InvalidHeaderSyntax, start));
    }
    let digest = &c.s[start..c.pos];
    let params_start = c.pos;
    let mut end = c.pos;
    let mut info = None;
    while c.eat_sep(b';') {
        let name_pos = c.pos;
        c.skip_token(ErrorKind::InvalidParameter)?;
        let name = &c.s[name_pos..c.pos];
        if name.eq_ignore_ascii_case("info") {
            if info.is_some() || !c.eat_sep(b'=') || c.peek() != Some(b'<') {
                return Err(c.err_at(ErrorKind::InvalidParameter, name_pos));
            }
            c.pos += 1;
            let b = c.bytes();
            let close = memchr::memchr(b'>', &b[c.pos..])
                .map(|p| c.pos + p)
                .ok_or(c.err(ErrorKind::InvalidParameter))?;
            let uri = parse_uri(&c.s[c.pos..close], UriContext::Bracketed)
                .map_err(|e| e.rebase(c.pos))?;
            info = Some(uri);
            c.pos = close + 1;
        } else if c.eat_sep(b'=') {
            let vpos = c.pos;
            if c.peek() == Some(b'"') {
                c.quoted()?;
            } else {
                c.pos = class_run_end(c.bytes(), vpos, &TOKEN);
                if c.pos == vpos {
                    return Err(c.err_at(ErrorKind::InvalidParameter, vpos));
                }
            }
        }
        end = c.pos;
    }
    c.pos = end;
    Ok(IdentityValue {
        digest,
        info,
        params: &c.s[params_start..end],
    })
}

pub(crate) fn identifier<'a>(c: &mut Cursor<'a>, kind: KnownHeader) -> R<Identifier<'a>> {
    let start = c.pos;
    let ok = match kind {
        KnownHeader::MimeVersion => {
            let major = c.take_digits();
            !major.is_empty() && c.eat(b'.') && !c.take_digits().is_empty()
        }
        _ => {
            // Contribution-ID / Conversation-ID: a word (in practice a UUID or hex string).
            let b = c.bytes();
            while c.pos < b.len() && (WORD.has(b[c.pos]) || b[c.pos] == b'@' || b[c.pos] == b'=') {
                c.pos += 1;
            }
            c.pos > start
        }
    };
    if !ok {
        return Err(c.err_at(ErrorKind::InvalidHeaderSyntax, start));
    }
    Ok(Identifier(&c.s[start..c.pos]))
}
