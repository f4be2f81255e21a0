//! `Display` and the owned text types of addresses and media types: whatever parses writes
//! text that parses back equal, and the owned forms keep their text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use rcs_cpim::{Address, AddressBuf, MediaType, MediaTypeBuf};

#[test]
fn addresses_and_media_types() {
    for (text, name, uri) in [
        ("<sip:alice@example.com>", None, "sip:alice@example.com"),
        (
            "Alice <im:alice@example.com>",
            Some("Alice"),
            "im:alice@example.com",
        ),
        (
            "\"Bob, Jr.\" <tel:+8613800138000>",
            Some("\"Bob, Jr.\""),
            "tel:+8613800138000",
        ),
        (
            "MR SANDERS <im:piglet@100akerwood.com>",
            Some("MR SANDERS"),
            "im:piglet@100akerwood.com",
        ),
    ] {
        let a = Address::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!((a.formal_name, a.uri), (name, uri));
        assert_eq!(a.to_string(), text);
        let owned: AddressBuf = text.parse().unwrap();
        assert_eq!(owned.address(), a);
        assert_eq!(AddressBuf::from(a), owned);
    }
    for bad in [
        "",
        "sip:a@b",
        "<sip:a@b",
        "Alice<sip:a@b>",
        "Two  Spaces <sip:a@b>",
        "<>",
    ] {
        assert!(bad.parse::<AddressBuf>().is_err(), "{bad:?}");
    }
    let m: MediaTypeBuf = "text/plain ; charset=\"utf-8\"".parse().unwrap();
    assert_eq!(m.media_type().charset(), Some("utf-8"));
    assert_eq!(m.media_type().to_string(), "text/plain;charset=\"utf-8\"");
    assert_eq!(
        MediaTypeBuf::from(m.media_type()).as_str(),
        "text/plain;charset=\"utf-8\""
    );
    for bad in ["", "text", "text/", "/plain", "te xt/plain"] {
        assert!(bad.parse::<MediaTypeBuf>().is_err(), "{bad:?}");
    }
}

proptest! {
    /// Display of a parsed value parses to the same value (for every text that parses).
    #[test]
    fn display_parses_back_equal(
        name in prop_oneof![
            Just(String::new()),
            "[A-Za-z0-9.]{1,8}( [A-Za-z0-9.]{1,8}){0,2} ",
            "\"[a-z ,<>]{0,10}\" ?",
        ],
        uri in "(sip|im|tel):[a-z0-9+@.]{1,20}",
        ty in "[a-z]{1,8}/[a-z0-9.+-]{1,12}",
        params in prop::collection::vec("[a-z]{1,6}=([a-z0-9-]{1,6}|\"[a-z ;]{0,6}\")", 0..3),
        spaces in " {0,2}",
    ) {
        let text = format!("{name}<{uri}>");
        if let Ok(a) = Address::parse(&text) {
            let shown = a.to_string();
            prop_assert_eq!(Address::parse(&shown).unwrap(), a);
        }
        let mut text = ty;
        for p in &params {
            text.push_str(&format!("{spaces};{spaces}{p}"));
        }
        if let Ok(m) = MediaType::parse(&text) {
            let shown = m.to_string();
            prop_assert_eq!(MediaType::parse(&shown).unwrap(), m);
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn owned_text_serde() {
    let a: AddressBuf = "Alice <sip:alice@example.com>".parse().unwrap();
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<AddressBuf>(&json).unwrap(), a);
    assert!(serde_json::from_str::<AddressBuf>("\"sip:a@b\"").is_err());
    let m: MediaTypeBuf = serde_json::from_str("\"message/imdn+xml\"").unwrap();
    assert!(m.media_type().is("message", "imdn+xml"));
}
