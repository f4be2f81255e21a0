//! `arbitrary::Arbitrary` for messages: structured fuzz input that is always a well-formed
//! message, built through [`MessageBuilder`] so every piece passed its checks.

use crate::encode::MessageBuilder;
use crate::known::KnownHeader;
use crate::message::Message;
use arbitrary::{Arbitrary, Result, Unstructured};

const METHODS: &[&str] = &[
    "INVITE",
    "ACK",
    "BYE",
    "CANCEL",
    "MESSAGE",
    "OPTIONS",
    "REGISTER",
    "SUBSCRIBE",
    "NOTIFY",
    "UPDATE",
    "PRACK",
    "REFER",
    "INFO",
    "PUBLISH",
];
const HOSTS: &[&str] = &[
    "example.com",
    "192.0.2.1",
    "[2001:db8::1]",
    "ims.mnc000.mcc460.3gppnetwork.org",
    "a.b-c.example",
];
const USERS: &[&str] = &["alice", "+8613800138000", "bob%20x", "user;p=1", "a.b_c~d"];
const TRANSPORTS: &[&str] = &["UDP", "TCP", "TLS", "WS", "WSS", "SCTP"];

fn pick<'a>(u: &mut Unstructured<'_>, from: &[&'a str]) -> Result<&'a str> {
    u.choose(from).copied()
}

fn token(u: &mut Unstructured<'_>) -> Result<String> {
    const CHARS: &[u8] = b"abcXYZ019-.!%*_+`'~";
    let n = u.int_in_range(1..=12)?;
    (0..n)
        .map(|_| u.choose(CHARS).map(|&c| c as char))
        .collect()
}

fn sip_uri(u: &mut Unstructured<'_>) -> Result<String> {
    let mut s = String::from(if u.arbitrary()? { "sips:" } else { "sip:" });
    if u.arbitrary()? {
        s += pick(u, USERS)?;
        s.push('@');
    }
    s += pick(u, HOSTS)?;
    if u.arbitrary()? {
        s += &format!(":{}", u.int_in_range(1..=65535u32)?);
    }
    if u.arbitrary()? {
        s += pick(
            u,
            &[";transport=tcp", ";lr", ";user=phone", ";maddr=192.0.2.9"],
        )?;
    }
    Ok(s)
}

/// Free text for a header value: printable, non-ASCII allowed, no edge white space.
fn text(u: &mut Unstructured<'_>) -> Result<String> {
    let raw: String = u.arbitrary()?;
    let t: String = raw.chars().filter(|c| !c.is_control()).take(80).collect();
    let t = t.trim().to_string();
    Ok(if t.is_empty() { "x".into() } else { t })
}

impl<'a> Arbitrary<'a> for Message<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let method = pick(u, METHODS)?;
        let mut b = if u.arbitrary()? {
            let code = u.int_in_range(100..=699)?;
            let b = MessageBuilder::response(code, &text(u)?);
            if b.refused().is_some() {
                MessageBuilder::response(code, "OK")
            } else {
                b
            }
        } else {
            MessageBuilder::request(method, &sip_uri(u)?)
        };
        if b.refused().is_some() {
            return Err(arbitrary::Error::IncorrectFormat);
        }
        let n = u.int_in_range(0..=24)?;
        for _ in 0..n {
            let value = match u.int_in_range(0..=9)? {
                0 => (
                    KnownHeader::Via,
                    format!(
                        "SIP/2.0/{} {};branch=z9hG4bK{}",
                        pick(u, TRANSPORTS)?,
                        pick(u, HOSTS)?,
                        token(u)?
                    ),
                ),
                1 => (
                    KnownHeader::From,
                    format!(
                        "\"{}\" <{}>;tag={}",
                        text(u)?.replace(['"', '\\'], ""),
                        sip_uri(u)?,
                        token(u)?
                    ),
                ),
                2 => (KnownHeader::To, format!("<{}>", sip_uri(u)?)),
                3 => (
                    KnownHeader::CallId,
                    format!("{}@{}", token(u)?, pick(u, HOSTS)?),
                ),
                4 => (
                    KnownHeader::CSeq,
                    format!("{} {}", u.int_in_range(0..=0x7fff_ffffu32)?, method),
                ),
                5 => (
                    KnownHeader::MaxForwards,
                    u.int_in_range(0..=255u32)?.to_string(),
                ),
                6 => (
                    KnownHeader::Contact,
                    format!("<{}>;expires={}", sip_uri(u)?, u.arbitrary::<u32>()?),
                ),
                7 => (
                    KnownHeader::Supported,
                    format!("{}, {}", token(u)?, token(u)?),
                ),
                8 => (
                    KnownHeader::ContentType,
                    "text/plain;charset=UTF-8".to_string(),
                ),
                _ => {
                    // An extension header.
                    let name = format!("X-{}", token(u)?);
                    let v = text(u)?;
                    b = b.raw_header(&name, &v);
                    if b.refused().is_some() {
                        return Err(arbitrary::Error::IncorrectFormat);
                    }
                    continue;
                }
            };
            b = b.header(value.0, &value.1);
        }
        let body: Vec<u8> = u.arbitrary()?;
        b.body(body)
            .build()
            .map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}
