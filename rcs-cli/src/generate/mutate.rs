//! Grammar-aware mutations: each knows the format it breaks (where the head ends, which
//! header is single-valued, where a length field sits, what the parser's limits are) and makes
//! one change a hostile or broken peer would make. The verdict is not assumed: `rcs gen` asks
//! our own parser.

use super::{GenProto, Rng};

/// A mutation: its manifest name and the change (`None` when it does not apply here).
type Mutation = (&'static str, fn(&[u8], &mut Rng) -> Option<Vec<u8>>);

/// One mutation of `bytes`, chosen by `rng` among those that apply; its name.
pub(super) fn mutate(proto: GenProto, bytes: Vec<u8>, rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let list: &[Mutation] = match proto {
        GenProto::Sip => SIP,
        GenProto::Sdp => SDP,
        GenProto::Msrp => MSRP,
        GenProto::Cpim => CPIM,
        GenProto::Imdn => XML,
        GenProto::Chatbot => JSON,
        GenProto::Tpdu => TPDU,
        GenProto::Smpp => SMPP,
        GenProto::Cmpp => CMPP,
        GenProto::Mms => MMS,
    };
    let start = rng.below(list.len());
    for i in 0..list.len() {
        let (name, f) = list[(start + i) % list.len()];
        if let Some(out) = f(&bytes, rng).filter(|o| *o != bytes) {
            return (out, name);
        }
    }
    (truncate(&bytes, rng).unwrap_or_default(), "truncate")
}

const SIP: &[Mutation] = &[
    ("content-length-wrong", content_length_wrong),
    ("fold-header", fold_header),
    ("header-name-case", header_name_case),
    ("method-case", method_case),
    ("uri-escape", uri_escape),
    ("uri-bad-escape", uri_bad_escape),
    ("duplicate-single-valued", |b, r| {
        duplicate_header(
            b,
            r,
            &[
                "Call-ID",
                "CSeq",
                "Max-Forwards",
                "From",
                "To",
                "Content-Length",
            ],
        )
    }),
    ("bare-lf", bare_lf),
    ("truncate", truncate),
    ("line-at-limit", |b, r| {
        line_at_limit(b, r, rcs_sip::Limits::default().max_line_length)
    }),
    ("headers-at-limit", |b, r| {
        headers_at_limit(b, r, rcs_sip::Limits::default().max_headers)
    }),
    ("deep-multipart", deep_multipart),
    ("invalid-utf8", invalid_utf8),
];

const MSRP: &[Mutation] = &[
    ("byte-range-wrong", byte_range_wrong),
    ("end-line-mismatch", end_line_mismatch),
    ("duplicate-single-valued", |b, r| {
        duplicate_header(b, r, &["Message-ID", "Byte-Range", "To-Path", "From-Path"])
    }),
    ("header-name-case", header_name_case),
    ("method-case", msrp_method_case),
    ("bare-lf", bare_lf),
    ("truncate", truncate),
    ("headers-at-limit", |b, r| {
        headers_at_limit(b, r, rcs_msrp::Limits::default().max_headers)
    }),
    ("invalid-utf8", invalid_utf8),
];

const SDP: &[Mutation] = &[
    ("duplicate-version", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        Some(s.replacen("v=0\r\n", "v=0\r\nv=0\r\n", 1).into_bytes())
    }),
    ("type-case", |b, r| {
        let s = std::str::from_utf8(b).ok()?;
        let letters = ["m=", "a=", "c=", "o="];
        let l = r.pick(&letters);
        Some(
            s.replacen(
                &format!("\r\n{l}"),
                &format!("\r\n{}", l.to_ascii_uppercase()),
                1,
            )
            .into_bytes(),
        )
    }),
    ("line-order", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        let o = s.lines().find(|l| l.starts_with("o="))?;
        let rest = s.replacen(&format!("{o}\r\n"), "", 1);
        Some(format!("{rest}{o}\r\n").into_bytes())
    }),
    ("lines-at-limit", |b, r| {
        let max = rcs_sdp::Limits::default().max_lines;
        let lines = b.split(|&c| c == b'\n').filter(|l| !l.is_empty()).count();
        let add = (max + r.below(2)).checked_sub(lines)?;
        let mut out = b.to_vec();
        for _ in 0..add {
            out.extend_from_slice(b"a=x\r\n");
        }
        Some(out)
    }),
    ("bare-lf", bare_lf),
    ("truncate", truncate),
    ("invalid-utf8", |b, r| {
        let s = std::str::from_utf8(b).ok()?;
        let at = s.find("\ns=")? + 3;
        let mut out = b.to_vec();
        out.insert(at + r.below(1), 0xFF);
        Some(out)
    }),
];

const CPIM: &[Mutation] = &[
    ("content-length-wrong", content_length_wrong),
    ("duplicate-single-valued", |b, r| {
        duplicate_header(b, r, &["From", "To", "DateTime"])
    }),
    ("header-name-case", header_name_case),
    ("bare-lf", bare_lf),
    ("truncate", truncate),
    ("line-at-limit", |b, r| {
        line_at_limit(b, r, rcs_cpim::Limits::default().max_line_length)
    }),
    ("headers-at-limit", |b, r| {
        headers_at_limit(b, r, rcs_cpim::Limits::default().max_headers)
    }),
    ("invalid-utf8", invalid_utf8),
];

const XML: &[Mutation] = &[
    ("truncate", truncate),
    ("deep-nesting", |b, r| {
        let depth = rcs_cpim::XmlLimits::default().max_nesting_depth + r.below(2);
        let s = std::str::from_utf8(b).ok()?;
        let at = s.rfind("</imdn>")?;
        Some(
            format!(
                "{}{}{}{}",
                &s[..at],
                "<x:e xmlns:x=\"urn:x\">".repeat(depth),
                "</x:e>".repeat(depth),
                &s[at..]
            )
            .into_bytes(),
        )
    }),
    ("attributes-at-limit", |b, r| {
        let n = rcs_cpim::XmlLimits::default().max_attributes + r.below(2);
        let s = std::str::from_utf8(b).ok()?;
        let at = s.find("<message-id")? + "<message-id".len();
        let attrs: String = (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect();
        Some(format!("{}{attrs}{}", &s[..at], &s[at..]).into_bytes())
    }),
    ("declared-encoding", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        Some(
            s.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1)
                .into_bytes(),
        )
    }),
    ("bad-entity", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        Some(
            s.replacen("</message-id>", "&bogus;</message-id>", 1)
                .into_bytes(),
        )
    }),
    ("element-case", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        Some(s.replace("message-id>", "Message-ID>").into_bytes())
    }),
    ("duplicate-element", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        let start = s.find("<message-id>")?;
        let end = s.find("</message-id>")? + "</message-id>".len();
        let el = s.get(start..end)?;
        Some(format!("{}{el}{}", &s[..end], &s[end..]).into_bytes())
    }),
    ("invalid-utf8", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        let at = s.find("<message-id>")? + "<message-id>".len();
        let mut out = b.to_vec();
        out.insert(at, 0xC3);
        Some(out)
    }),
];

const JSON: &[Mutation] = &[
    ("length-at-limit", |b, r| {
        // A label at 25 characters (the GSMA limit) or one over.
        let s = std::str::from_utf8(b).ok()?;
        let key = "\"displayText\":\"";
        let at = s.find(key)? + key.len();
        let end = at + s[at..].find('"')?;
        let n = 25 + r.below(2);
        Some(format!("{}{}{}", &s[..at], "字".repeat(n), &s[end..]).into_bytes())
    }),
    ("count-at-limit", |b, r| {
        // A chip list of 11 (the limit) or 12.
        let s = std::str::from_utf8(b).ok()?;
        let n = 11 + r.below(2);
        let chips: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    "{{\"reply\":{{\"displayText\":\"c{i}\",\"postback\":{{\"data\":\"{i}\"}}}}}}"
                )
            })
            .collect();
        if s.contains("\"suggestions\"") && s.starts_with("{\"suggestions\"") {
            Some(format!("{{\"suggestions\":[{}]}}", chips.join(",")).into_bytes())
        } else {
            None
        }
    }),
    ("deep-nesting", |b, r| {
        let depth = rcs_chatbot::Limits::default().max_nesting_depth + r.below(2);
        let s = std::str::from_utf8(b).ok()?;
        let inner = s.strip_prefix('{')?;
        Some(
            format!(
                "{{\"x\":{}1{},{inner}",
                "[".repeat(depth),
                "]".repeat(depth)
            )
            .into_bytes(),
        )
    }),
    ("unicode-escape", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        let key = "\"displayText\":\"";
        let at = s.find(key)? + key.len();
        let c = s[at..].chars().next()?;
        if c == '"' {
            return None;
        }
        let mut units = [0u16; 2];
        let esc: String = c
            .encode_utf16(&mut units)
            .iter()
            .map(|u| format!("\\u{u:04x}"))
            .collect();
        Some(format!("{}{esc}{}", &s[..at], &s[at + c.len_utf8()..]).into_bytes())
    }),
    ("lone-surrogate", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        let key = "\"displayText\":\"";
        let at = s.find(key)? + key.len();
        Some(format!("{}\\ud800{}", &s[..at], &s[at..]).into_bytes())
    }),
    ("duplicate-key", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        let key = "\"displayText\":\"";
        let at = s.find(key)?;
        Some(format!("{}\"displayText\":\"dup\",{}", &s[..at], &s[at..]).into_bytes())
    }),
    ("number-as-string", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        let key = "\"mediaFileSize\":";
        let at = s.find(key)? + key.len();
        let end = at + s[at..].find(|c: char| !c.is_ascii_digit())?;
        Some(format!("{}\"{}\"{}", &s[..at], &s[at..end], &s[end..]).into_bytes())
    }),
    ("truncate", truncate),
    ("invalid-utf8", |b, _| {
        let s = std::str::from_utf8(b).ok()?;
        let key = "\"displayText\":\"";
        let at = s.find(key)? + key.len();
        let mut out = b.to_vec();
        out.insert(at, 0xFF);
        Some(out)
    }),
];

const TPDU: &[Mutation] = &[
    ("user-data-length-wrong", |b, r| {
        nudge(b, tpdu_fields(b)?.udl, r)
    }),
    ("udhi-without-user-data", |b, _| {
        let f = tpdu_fields(b)?;
        let mut out = b.get(..=f.udl)?.to_vec();
        out[0] |= 0x40;
        out[f.udl] = 0;
        Some(out)
    }),
    ("timestamp-not-bcd", |b, r| {
        let f = tpdu_fields(b)?;
        let at = f.scts? + r.below(7);
        let mut out = b.to_vec();
        *out.get_mut(at)? |= 0x0A;
        Some(out)
    }),
    ("type-of-address-bit-7", |b, _| {
        let f = tpdu_fields(b)?;
        let mut out = b.to_vec();
        *out.get_mut(f.toa)? &= 0x7F;
        Some(out)
    }),
    ("compressed-coding", |b, _| {
        let f = tpdu_fields(b)?;
        let mut out = b.to_vec();
        *out.get_mut(f.dcs)? = 0x20 | (b.get(f.dcs)? & 0x0C);
        Some(out)
    }),
    ("truncate", truncate),
    ("trailing-octets", trailing),
];

const SMPP: &[Mutation] = &[
    ("command-length-wrong", |b, r| length_field_wrong(b, r, 16)),
    ("truncate", truncate),
    ("trailing-octets", trailing_in_length),
    ("c-string-unterminated", |b, _| {
        // The first C-octet string of the body (service_type, system_id) loses its NUL.
        let at = 16 + b.get(16..)?.iter().position(|&c| c == 0)?;
        let mut out = b.to_vec();
        out[at] = b'x';
        Some(out)
    }),
    ("sm-length-wrong", |b, r| nudge(b, smpp_sm_length(b)?, r)),
    ("command-id-unknown", command_id_unknown),
];

const CMPP: &[Mutation] = &[
    ("total-length-wrong", |b, r| length_field_wrong(b, r, 12)),
    ("truncate", truncate),
    ("trailing-octets", trailing_in_length),
    ("command-id-unknown", command_id_unknown),
];

const MMS: &[Mutation] = &[
    ("truncate", truncate),
    ("trailing-octets", trailing),
    ("unknown-header", |b, _| {
        // After X-Mms-Message-Type's two octets: a well-known header code no version defines.
        let mut out = b.get(..2)?.to_vec();
        out.extend_from_slice(&[0xFF, 0x80]);
        out.extend_from_slice(b.get(2..)?);
        Some(out)
    }),
    ("message-type-unknown", |b, _| {
        let mut out = b.to_vec();
        if *out.first()? != 0x8C {
            return None;
        }
        *out.get_mut(1)? = 0xFE;
        Some(out)
    }),
    ("version-wrong", |b, _| {
        let at = b.windows(2).position(|w| w[0] == 0x8D)?;
        let mut out = b.to_vec();
        out[at + 1] = 0xFF;
        Some(out)
    }),
];

/// The octet at `at` one more or one less.
fn nudge(b: &[u8], at: usize, rng: &mut Rng) -> Option<Vec<u8>> {
    let mut out = b.to_vec();
    let v = out.get_mut(at)?;
    *v = if rng.chance(0.5) {
        v.wrapping_add(1)
    } else {
        v.wrapping_sub(1)
    };
    Some(out)
}

/// Octets after the body, inside the PDU: its 4-octet length at the start grows with them.
fn trailing_in_length(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let mut out = trailing(b, rng)?;
    let n = u32::try_from(out.len()).ok()?;
    out.get_mut(..4)?.copy_from_slice(&n.to_be_bytes());
    Some(out)
}

/// A command id (octets 4..8) no version of SMPP or CMPP defines.
fn command_id_unknown(b: &[u8], _: &mut Rng) -> Option<Vec<u8>> {
    let mut out = b.to_vec();
    out.get_mut(4..8)?
        .copy_from_slice(&0x0000_0077u32.to_be_bytes());
    Some(out)
}

fn truncate(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    if b.len() < 2 {
        return None;
    }
    Some(b[..1 + rng.below(b.len() - 1)].to_vec())
}

fn trailing(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let mut out = b.to_vec();
    for _ in 0..1 + rng.below(4) {
        out.push(rng.next() as u8);
    }
    Some(out)
}

/// A 4-octet big-endian length at the start, made one more, one less, or below the header.
fn length_field_wrong(b: &[u8], rng: &mut Rng, header: u32) -> Option<Vec<u8>> {
    let n = u32::from_be_bytes(b.get(..4)?.try_into().ok()?);
    let wrong = match rng.below(3) {
        0 => n + 1,
        1 => n.checked_sub(1)?,
        _ => header - 1,
    };
    let mut out = b.to_vec();
    out[..4].copy_from_slice(&wrong.to_be_bytes());
    Some(out)
}

/// Where the head ends (the blank line), for SIP, CPIM and MSRP.
fn head_end(b: &[u8]) -> Option<usize> {
    b.windows(4).position(|w| w == b"\r\n\r\n")
}

/// The header lines of the head (after the start line): (start, end) of each, CRLF excluded.
fn header_lines(b: &[u8], from: usize) -> Vec<(usize, usize)> {
    let end = head_end(b).unwrap_or(b.len());
    let mut out = Vec::new();
    let mut at = from;
    while at < end {
        let stop = b[at..end]
            .windows(2)
            .position(|w| w == b"\r\n")
            .map_or(end, |p| at + p);
        if stop > at {
            out.push((at, stop));
        }
        at = stop + 2;
    }
    out
}

/// The first line's end (SIP and MSRP start lines; CPIM has none, its headers start at 0).
fn first_line_end(b: &[u8]) -> usize {
    b.windows(2)
        .position(|w| w == b"\r\n")
        .map_or(b.len(), |p| p + 2)
}

/// Where headers start: after the start line when the input has one.
fn headers_from(b: &[u8]) -> usize {
    let first = &b[..first_line_end(b).min(b.len())];
    let has_colon_before_space = first
        .iter()
        .position(|&c| c == b':')
        .is_some_and(|c| first.iter().position(|&s| s == b' ').is_none_or(|s| c < s));
    if has_colon_before_space {
        0
    } else {
        first_line_end(b)
    }
}

fn content_length_wrong(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(b).ok()?;
    let key = "Content-Length: ";
    let at = s.find(key)? + key.len();
    let end = at + s[at..].find("\r\n")?;
    let n: u64 = s[at..end].parse().ok()?;
    let wrong = match rng.below(3) {
        0 => n + 1,
        1 => n.checked_sub(1)?,
        _ => 99_999_999,
    };
    Some(format!("{}{wrong}{}", &s[..at], &s[end..]).into_bytes())
}

fn fold_header(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let lines = header_lines(b, headers_from(b));
    let candidates: Vec<&(usize, usize)> = lines
        .iter()
        .filter(|(s, e)| {
            b[*s..*e]
                .iter()
                .skip_while(|&&c| c != b':')
                .skip(2)
                .any(|&c| c == b' ')
        })
        .collect();
    let &&(s, e) = candidates.get(rng.below(candidates.len()))?;
    let colon = s + b[s..e].iter().position(|&c| c == b':')? + 2;
    let space = colon + b[colon..e].iter().position(|&c| c == b' ')?;
    let mut out = b[..space].to_vec();
    out.extend_from_slice(b"\r\n ");
    out.extend_from_slice(&b[space + 1..]);
    Some(out)
}

fn header_name_case(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let lines = header_lines(b, headers_from(b));
    let &(s, e) = lines.get(rng.below(lines.len()))?;
    let colon = s + b[s..e].iter().position(|&c| c == b':')?;
    let mut out = b.to_vec();
    let upper = rng.chance(0.5);
    for c in &mut out[s..colon] {
        *c = if upper {
            c.to_ascii_uppercase()
        } else {
            c.to_ascii_lowercase()
        };
    }
    Some(out)
}

fn method_case(b: &[u8], _: &mut Rng) -> Option<Vec<u8>> {
    if b.starts_with(b"SIP/") {
        return None;
    }
    let sp = b.iter().position(|&c| c == b' ')?;
    let mut out = b.to_vec();
    out[..sp].make_ascii_lowercase();
    Some(out)
}

fn msrp_method_case(b: &[u8], _: &mut Rng) -> Option<Vec<u8>> {
    let line = first_line_end(b);
    let s = std::str::from_utf8(&b[..line]).ok()?;
    let method = s.split(' ').nth(2)?.trim_end();
    if method.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let at = s.find(method)?;
    let mut out = b.to_vec();
    out[at..at + method.len()].make_ascii_lowercase();
    Some(out)
}

fn uri_escape(b: &[u8], _: &mut Rng) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(b).ok()?;
    let start = s.find(" sip:")? + 5;
    let at = start + s[start..].find('@')?;
    let user = &s[start..at];
    let c = user.chars().last()?;
    if !c.is_ascii_alphanumeric() {
        return None;
    }
    Some(format!("{}%{:02X}{}", &s[..at - 1], c as u8, &s[at..]).into_bytes())
}

fn uri_bad_escape(b: &[u8], _: &mut Rng) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(b).ok()?;
    let start = s.find(" sip:")? + 5;
    Some(format!("{}%G1{}", &s[..start], &s[start..]).into_bytes())
}

fn duplicate_header(b: &[u8], rng: &mut Rng, names: &[&str]) -> Option<Vec<u8>> {
    let lines = header_lines(b, headers_from(b));
    let found: Vec<&(usize, usize)> = lines
        .iter()
        .filter(|(s, e)| {
            names.iter().any(|n| {
                b[*s..*e].len() > n.len()
                    && b[*s..*s + n.len()].eq_ignore_ascii_case(n.as_bytes())
                    && b[*s + n.len()] == b':'
            })
        })
        .collect();
    let &&(s, e) = found.get(rng.below(found.len()))?;
    let mut out = b[..e + 2].to_vec();
    out.extend_from_slice(&b[s..e]);
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(b.get(e + 2..)?);
    Some(out)
}

fn bare_lf(b: &[u8], _: &mut Rng) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(b).ok()?;
    Some(s.replace("\r\n", "\n").into_bytes())
}

/// A header line of exactly `max` octets (the parser's limit), or one more.
fn line_at_limit(b: &[u8], rng: &mut Rng, max: usize) -> Option<Vec<u8>> {
    let at = first_line_end(b).min(headers_from(b).max(first_line_end(b)));
    let at = if headers_from(b) == 0 { 0 } else { at };
    let len = max + rng.below(2);
    let name = "X-Pad: ";
    let mut out = b[..at].to_vec();
    out.extend_from_slice(name.as_bytes());
    out.extend(std::iter::repeat_n(b'a', len.checked_sub(name.len())?));
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&b[at..]);
    Some(out)
}

/// Headers added up to the parser's count limit, or one past it.
fn headers_at_limit(b: &[u8], rng: &mut Rng, max: usize) -> Option<Vec<u8>> {
    let from = headers_from(b);
    let have = header_lines(b, from).len();
    let add = (max + rng.below(2)).checked_sub(have)?;
    let mut out = b[..from].to_vec();
    for i in 0..add {
        out.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
    }
    out.extend_from_slice(&b[from..]);
    Some(out)
}

/// A body of multiparts nested to the parser's depth limit, or one deeper.
fn deep_multipart(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let head = head_end(b)?;
    let depth = rcs_sip::Limits::default().max_nesting_depth + rng.below(2);
    let mut body = String::from("Content-Type: text/plain\r\n\r\nx");
    for level in (1..depth).rev() {
        body = format!(
            "Content-Type: multipart/mixed;boundary=b{level}\r\n\r\n--b{level}\r\n{body}\r\n--b{level}--\r\n"
        );
    }
    let body = format!("--b0\r\n{body}\r\n--b0--\r\n");
    let s = std::str::from_utf8(&b[..head]).ok()?;
    let kept: Vec<&str> = s
        .split("\r\n")
        .filter(|l| {
            let l = l.to_ascii_lowercase();
            !l.starts_with("content-type:") && !l.starts_with("content-length:")
        })
        .collect();
    Some(
        format!(
            "{}\r\nContent-Type: multipart/mixed;boundary=b0\r\nContent-Length: {}\r\n\r\n{body}",
            kept.join("\r\n"),
            body.len()
        )
        .into_bytes(),
    )
}

fn invalid_utf8(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let lines = header_lines(b, headers_from(b));
    let &(s, e) = lines.get(rng.below(lines.len()))?;
    let colon = s + b[s..e].iter().position(|&c| c == b':')? + 1;
    let mut out = b.to_vec();
    out.insert(colon + 1, *rng.pick(&[0xFF, 0xC0, 0x80]));
    Some(out)
}

fn byte_range_wrong(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(b).ok()?;
    let key = "Byte-Range: ";
    let at = s.find(key)? + key.len();
    let end = at + s[at..].find("\r\n")?;
    let (range, total) = s[at..end].split_once('/')?;
    let (start, stop) = range.split_once('-')?;
    let stop: u64 = stop.parse().ok()?;
    let wrong = match rng.below(3) {
        0 => format!("{start}-{}/{total}", stop + 1),
        1 => format!("{start}-{stop}/{}", stop.saturating_sub(1)),
        _ => format!("0-{stop}/{total}"),
    };
    Some(format!("{}{wrong}{}", &s[..at], &s[end..]).into_bytes())
}

fn end_line_mismatch(b: &[u8], _: &mut Rng) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(b).ok()?;
    let at = s.rfind("-------")? + 7;
    Some(format!("{}X{}", &s[..at], &s[at + 1..]).into_bytes())
}

/// Offsets of the fields a TPDU mutation changes.
struct TpduFields {
    toa: usize,
    dcs: usize,
    scts: Option<usize>,
    udl: usize,
}

fn tpdu_fields(b: &[u8]) -> Option<TpduFields> {
    let fo = *b.first()?;
    match fo & 0x03 {
        // SMS-DELIVER: OA, PID, DCS, SCTS, UDL.
        0 => {
            let digits = usize::from(*b.get(1)?);
            let toa = 2;
            let pid = 3 + digits.div_ceil(2);
            let f = TpduFields {
                toa,
                dcs: pid + 1,
                scts: Some(pid + 2),
                udl: pid + 9,
            };
            (f.udl < b.len()).then_some(f)
        }
        // SMS-SUBMIT: MR, DA, PID, DCS, VP, UDL.
        1 => {
            let digits = usize::from(*b.get(2)?);
            let toa = 3;
            let pid = 4 + digits.div_ceil(2);
            let vp = match (fo >> 3) & 0x03 {
                0 => 0,
                2 => 1,
                _ => 7,
            };
            let f = TpduFields {
                toa,
                dcs: pid + 1,
                scts: None,
                udl: pid + 2 + vp,
            };
            (f.udl < b.len()).then_some(f)
        }
        _ => None,
    }
}

/// The offset of submit_sm's or deliver_sm's sm_length.
fn smpp_sm_length(b: &[u8]) -> Option<usize> {
    let id = u32::from_be_bytes(b.get(4..8)?.try_into().ok()?);
    if id != 4 && id != 5 {
        return None;
    }
    let mut at = 16;
    let cstr =
        |at: usize| -> Option<usize> { Some(at + b.get(at..)?.iter().position(|&c| c == 0)? + 1) };
    at = cstr(at)?; // service_type
    at += 2; // source ton, npi
    at = cstr(at)?; // source_addr
    at += 2; // dest ton, npi
    at = cstr(at)?; // destination_addr
    at += 3; // esm_class, protocol_id, priority_flag
    at = cstr(at)?; // schedule_delivery_time
    at = cstr(at)?; // validity_period
    at += 4; // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
    (at < b.len()).then_some(at)
}
