//! `arbitrary::Arbitrary` for frames: structured fuzz input that is always a frame the decoder
//! accepts, built through [`FrameBuilder`].

use crate::encode::FrameBuilder;
use crate::frame::{ByteRange, Flag, Frame};
use arbitrary::{Arbitrary, Result, Unstructured};

const URIS: &[&str] = &[
    "msrp://alicepc.example.com:7654/jshA7weztas;tcp",
    "msrp://bob.example.com:8888/9di4eae923wzd;tcp",
    "msrps://[2001:db8::1]:2855/s3cr3t;tcp",
    "msrp://relay.example.net:2855/r1;tcp",
    "msrp://192.0.2.1:9/x;ws",
    "msrp://user@host.example:1/abc;tcp;p=1",
];
const TYPES: &[&str] = &[
    "text/plain",
    "message/cpim",
    "application/im-iscomposing+xml",
    "image/jpeg",
    "text/plain; charset=utf-8",
];

fn ident(u: &mut Unstructured<'_>, min: usize) -> Result<String> {
    const FIRST: &[u8] = b"abcXYZ0189";
    const REST: &[u8] = b"abcXYZ0189.-+%=";
    let n = u.int_in_range(min..=32)?;
    let mut s = String::with_capacity(n);
    s.push(char::from(*u.choose(FIRST)?));
    for _ in 1..n {
        s.push(char::from(*u.choose(REST)?));
    }
    Ok(s)
}

fn path(u: &mut Unstructured<'_>) -> Result<String> {
    let n = u.int_in_range(1..=3)?;
    let uris: Vec<&str> = (0..n)
        .map(|_| u.choose(URIS).copied())
        .collect::<Result<_>>()?;
    Ok(uris.join(" "))
}

impl<'a> Arbitrary<'a> for Frame<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let tid = ident(u, 4)?;
        let request = u.ratio(3, 4)?;
        let method = *u.choose(&["SEND", "REPORT", "AUTH", "NICKNAME", "XTEST"])?;
        let mut b = if request {
            FrameBuilder::request(&tid, method)
        } else {
            let code = *u.choose(&[200u16, 400, 403, 408, 413, 415, 423, 481, 501, 506])?;
            FrameBuilder::response(&tid, code, u.arbitrary::<bool>()?.then_some("OK"))
        };
        b = b.to_path(&path(u)?).from_path(&path(u)?);
        if request {
            b = b.header("Message-ID", &ident(u, 1)?);
            let start = u.int_in_range(1..=1_000_000u64)?;
            let len = u.int_in_range(0..=4096u64)?;
            let range = ByteRange::new(
                start,
                u.arbitrary::<bool>()?.then_some(start + len),
                if u.arbitrary()? {
                    Some(start + len + u.int_in_range(0..=10)?)
                } else {
                    None
                },
            );
            b = b.header("Byte-Range", &range.to_string());
            if u.arbitrary()? {
                b = b.header("Success-Report", if u.arbitrary()? { "yes" } else { "no" });
            }
            if u.arbitrary()? {
                b = b.header("Failure-Report", u.choose(&["yes", "no", "partial"])?);
            }
            if method == "REPORT" {
                b = b.header("Status", "000 200 OK");
            }
            if u.arbitrary()? {
                b = b.header("X-Extension", &ident(u, 1)?);
            }
            if method == "SEND" && u.arbitrary()? {
                let body: Vec<u8> = u.arbitrary()?;
                b = b.body(u.choose(TYPES)?, body);
            }
            b = b.flag(*u.choose(&[Flag::Complete, Flag::Continued, Flag::Aborted])?);
        }
        b.build().map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}
