//! `arbitrary::Arbitrary` for sessions: structured fuzz input that is always a valid
//! description, built through [`SessionBuilder`] (so the parser has accepted it once).

use crate::encode::{MediaBuilder, SessionBuilder};
use crate::msrp::Setup;
use crate::session::Direction;
use crate::session::Session;
use arbitrary::{Arbitrary, Result, Unstructured};

const ADDRESSES: &[(&str, &str)] = &[
    ("IP4", "192.0.2.1"),
    ("IP4", "alicepc.example.com"),
    ("IP6", "2001:db8::1"),
    ("IP4", "10.0.0.7"),
];
const PATHS: &[&str] = &[
    "msrp://alicepc.example.com:7654/jshA7we;tcp",
    "msrps://[2001:db8::1]:2855/s3cr3t;tcp",
    "msrp://relay.example.net:2855/r1;tcp",
    "msrp://192.0.2.1:9/x;ws",
];
const TYPES: &[&str] = &[
    "message/cpim",
    "text/plain",
    "application/im-iscomposing+xml",
    "image/jpeg",
    "*",
    "application/vnd.gsma.rcs-ft-http+xml",
];

fn pick<T: Copy>(u: &mut Unstructured<'_>, from: &[T]) -> Result<T> {
    u.choose(from).copied()
}

fn some<'a>(u: &mut Unstructured<'_>, from: &'a [&'a str]) -> Result<Vec<&'a str>> {
    let n = u.int_in_range(1..=from.len().min(3))?;
    (0..n).map(|_| pick(u, from)).collect()
}

fn token(u: &mut Unstructured<'_>) -> Result<String> {
    const CHARS: &[u8] = b"abcdefXYZ0129-._";
    let n = u.int_in_range(1..=10)?;
    (0..n)
        .map(|_| u.choose(CHARS).map(|&c| char::from(c)))
        .collect()
}

impl<'a> Arbitrary<'a> for Session<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let (addrtype, address) = pick(u, ADDRESSES)?;
        let mut b = SessionBuilder::new(
            if u.arbitrary()? { "-" } else { "alice" },
            u.int_in_range(0..=u64::from(u32::MAX))?,
            u.int_in_range(0..=1_000_000)?,
            addrtype,
            address,
        );
        if u.arbitrary()? {
            b = b.name(&token(u)?);
        }
        if u.arbitrary()? {
            b = b.connection(addrtype, address);
        }
        for _ in 0..u.int_in_range(0..=2)? {
            b = b.attribute(&token(u)?, if u.arbitrary()? { Some("v1") } else { None });
        }
        for _ in 0..u.int_in_range(0..=3)? {
            let mut m = if u.arbitrary()? {
                let paths = some(u, PATHS)?;
                let accept = some(u, TYPES)?;
                let wrapped = if u.arbitrary()? {
                    some(u, TYPES)?
                } else {
                    Vec::new()
                };
                MediaBuilder::msrp(u.arbitrary()?, u.arbitrary()?, &paths, &accept, &wrapped)
                    .setup(pick(u, &[Setup::Active, Setup::Passive, Setup::ActPass])?)
                    .direction(pick(
                        u,
                        &[
                            Direction::SendRecv,
                            Direction::SendOnly,
                            Direction::RecvOnly,
                            Direction::Inactive,
                        ],
                    )?)
            } else {
                MediaBuilder::new("audio", u.arbitrary()?, "RTP/AVP", "0 8 96")
                    .attribute("rtpmap", Some("96 telephone-event/8000"))
            };
            if u.arbitrary()? {
                m = m.connection(addrtype, address);
            }
            b = b.media(m);
        }
        b.build().map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}
