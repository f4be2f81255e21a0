//! `arbitrary::Arbitrary` for messages: structured fuzz input that is always a message the
//! strict parser accepts, built through [`MessageBuilder`].

use crate::encode::MessageBuilder;
use crate::imdn::Notification;
use crate::message::{IMDN_NS, Message};
use arbitrary::{Arbitrary, Result, Unstructured};

const URIS: &[&str] = &[
    "sip:alice@example.com",
    "im:bob@example.com",
    "tel:+8613800138000",
    "sip:+8613800138000@ims.mnc000.mcc460.3gppnetwork.org",
    "sip:anonymous@anonymous.invalid",
];
const NAMES: &[&str] = &["Alice", "Dr. \"Who\" \\ 博士", "张三", "MR SANDERS"];
const TYPES: &[&str] = &[
    "text/plain; charset=utf-8",
    "message/imdn+xml",
    "application/vnd.gsma.botmessage.v1.0+json",
    "application/vnd.gsma.rcs-ft-http+xml",
    "image/jpeg",
];

fn token(u: &mut Unstructured<'_>) -> Result<String> {
    const CHARS: &[u8] = b"abcXYZ019-_";
    let n = u.int_in_range(1..=12)?;
    (0..n)
        .map(|_| u.choose(CHARS).map(|&c| char::from(c)))
        .collect()
}

fn address(u: &mut Unstructured<'_>) -> Result<(Option<&'static str>, &'static str)> {
    let name = if u.arbitrary()? {
        Some(*u.choose(NAMES)?)
    } else {
        None
    };
    Ok((name, *u.choose(URIS)?))
}

impl<'a> Arbitrary<'a> for Message<'static> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut b = MessageBuilder::new();
        if u.arbitrary()? {
            b = b.namespace(&token(u)?, IMDN_NS);
        }
        let (n, a) = address(u)?;
        b = b.from(n, a);
        for _ in 0..u.int_in_range(1..=3)? {
            let (n, a) = address(u)?;
            b = b.to(n, a);
        }
        if u.arbitrary()? {
            let (n, a) = address(u)?;
            b = b.cc(n, a);
        }
        if u.arbitrary()? {
            let date = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
                u.int_in_range(1970..=2099)?,
                u.int_in_range(1..=12)?,
                u.int_in_range(1..=28)?,
                u.int_in_range(0..=23)?,
                u.int_in_range(0..=59)?,
                u.int_in_range(0..=59)?,
                *u.choose(&["Z", "+08:00", "-05:00", ".123Z"])?
            );
            b = b.date_time(&date);
        }
        if u.arbitrary()? {
            let lang = if u.arbitrary()? {
                Some(*u.choose(&["en", "zh-CN", "fr"])?)
            } else {
                None
            };
            b = b.subject(&token(u)?, lang);
        }
        if u.arbitrary()? {
            b = b.imdn_message_id(&token(u)?);
            let all = [
                Notification::PositiveDelivery,
                Notification::NegativeDelivery,
                Notification::Display,
            ];
            let n = u.int_in_range(1..=3)?;
            b = b.disposition_notification(&all[..n]);
        }
        if u.arbitrary()? {
            b = b.header("urn:example:ext", &token(u)?, &token(u)?);
        }
        let content: Vec<u8> = u.arbitrary()?;
        b = b.content(u.choose(TYPES)?, content);
        if u.arbitrary()? {
            b = b.content_header("Content-Disposition", "render");
        }
        b.content_length(u.arbitrary()?)
            .build()
            .map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}
