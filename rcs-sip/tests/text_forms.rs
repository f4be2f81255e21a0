//! `Display` of typed values (the text as sent) and the owned text types `UriBuf`,
//! `AddressBuf`, `MediaTypeBuf` (`FromStr`, owned, serde).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_sip::{Address, AddressBuf, MediaType, MediaTypeBuf, Message, Uri, UriBuf};

#[test]
fn typed_values_display_as_sent() {
    let raw = b"MESSAGE sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK776\r\n\
From: \"Alice\" <sip:alice@example.com>;tag=49583\r\nTo: <tel:+8613800138000>\r\n\
Call-ID: a84b4c76e66710\r\nCSeq: 1  MESSAGE\r\nContent-Type: text/plain;charset=UTF-8\r\n\
Content-Length: 0\r\n\r\n";
    let m = Message::parse(raw).unwrap();
    let via = m.vias().next().unwrap().unwrap();
    assert_eq!(
        via.to_string(),
        "SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK776"
    );
    let from = m.from_header().unwrap().unwrap();
    assert_eq!(
        from.to_string(),
        "\"Alice\" <sip:alice@example.com>;tag=49583"
    );
    assert_eq!(from.uri().to_string(), "sip:alice@example.com");
    let Uri::Sip(sip) = from.uri() else { panic!() };
    assert_eq!(sip.to_string(), "sip:alice@example.com");
    let Uri::Tel(tel) = m.to_header().unwrap().unwrap().uri() else {
        panic!()
    };
    assert_eq!(tel.to_string(), "tel:+8613800138000");
    assert_eq!(m.call_id().unwrap().unwrap().to_string(), "a84b4c76e66710");
    // CSeq is written canonically (one space).
    assert_eq!(m.cseq().unwrap().unwrap().to_string(), "1 MESSAGE");
    assert_eq!(
        m.content_type().unwrap().unwrap().to_string(),
        "text/plain;charset=UTF-8"
    );
}

#[test]
fn uri_buf() {
    for text in [
        "sip:alice@example.com",
        "sips:[2001:db8::1]:5061;transport=tls",
        "tel:+86-10-86",
        "urn:service:sos",
    ] {
        let u: UriBuf = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(u.to_string(), text);
        assert_eq!(u.uri().as_str(), text);
        assert_eq!(UriBuf::from(Uri::parse(text).unwrap()), u);
    }
    for bad in ["", "sip:", "sip:a@", "no-scheme", "sip:a b@c"] {
        assert!(bad.parse::<UriBuf>().is_err(), "{bad:?}");
    }
}

/// Every From/To/Content-Type value a message reads, `Address::parse`/`MediaType::parse` read
/// the same way (the same parser, standalone), and the owned forms keep the text.
#[test]
fn standalone_parse_is_the_header_parse() {
    let addresses = [
        "\"Alice\" <sip:alice@example.com>;tag=49583",
        "<tel:+8613800138000>",
        "sip:bob@example.com;tag=1",
        "Bob <sips:bob@[2001:db8::1]:5061;transport=tls>;tag=x;epid=y",
        "\"\\\"quoted\\\" name\" <sip:a@b>",
        "  <sip:padded@example.com>  ",
        "<urn:service:sos>",
    ];
    for text in addresses {
        let raw =
            format!("MESSAGE sip:b@example.com SIP/2.0\r\nTo: {text}\r\nContent-Length: 0\r\n\r\n");
        let m = Message::parse(raw.as_bytes()).unwrap();
        let from_message = m.to_header().unwrap().unwrap();
        let alone = Address::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(alone.as_str(), from_message.as_str(), "{text}");
        assert_eq!(alone.uri(), from_message.uri());
        assert_eq!(alone.tag(), from_message.tag());
        assert_eq!(alone.display_name(), from_message.display_name());
        let owned: AddressBuf = text.parse().unwrap();
        assert_eq!(owned.to_string(), text);
        assert_eq!(owned.address().uri(), alone.uri());
        assert_eq!(AddressBuf::from(alone).as_str(), text.trim());
    }
    for bad in [
        "",
        "<sip:a@b",
        "sip:a@b, sip:c@d",
        "<sip:a@b> trailing",
        "\"unterminated <sip:a@b>",
        "<>",
        ";tag=1",
    ] {
        assert!(Address::parse(bad).is_err(), "{bad:?}");
        assert!(bad.parse::<AddressBuf>().is_err(), "{bad:?}");
    }
    for text in [
        "text/plain",
        "text/plain;charset=UTF-8",
        "multipart/mixed; boundary=\"b 1\"",
        "application/vnd.gsma.rcs-ft-http+xml",
        "message/cpim",
    ] {
        let alone = MediaType::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let raw = format!(
            "MESSAGE sip:b@example.com SIP/2.0\r\nContent-Type: {text}\r\nContent-Length: 0\r\n\r\n"
        );
        let m = Message::parse(raw.as_bytes()).unwrap();
        let from_message = m.content_type().unwrap().unwrap();
        assert_eq!(alone, from_message);
        let owned: MediaTypeBuf = text.parse().unwrap();
        assert_eq!(owned.media_type(), alone);
        assert_eq!(owned.to_string(), text);
    }
    for bad in [
        "",
        "text",
        "text/",
        "/plain",
        "text/plain;",
        "text/plain, text/html",
        "a b/c",
    ] {
        assert!(MediaType::parse(bad).is_err(), "{bad:?}");
        assert!(bad.parse::<MediaTypeBuf>().is_err(), "{bad:?}");
    }
}

#[cfg(feature = "serde")]
#[test]
fn owned_text_serde() {
    let a: AddressBuf = "<sip:alice@example.com>;tag=1".parse().unwrap();
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(json, "\"<sip:alice@example.com>;tag=1\"");
    assert_eq!(serde_json::from_str::<AddressBuf>(&json).unwrap(), a);
    assert!(serde_json::from_str::<AddressBuf>("\"<sip:\"").is_err());
    let m: MediaTypeBuf = serde_json::from_str("\"text/plain\"").unwrap();
    assert!(m.media_type().is("text", "plain"));
    assert!(serde_json::from_str::<MediaTypeBuf>("\"text\"").is_err());
}

#[cfg(feature = "serde")]
#[test]
fn uri_buf_serde() {
    let u: UriBuf = "sip:alice@example.com".parse().unwrap();
    let json = serde_json::to_string(&u).unwrap();
    assert_eq!(json, "\"sip:alice@example.com\"");
    assert_eq!(serde_json::from_str::<UriBuf>(&json).unwrap(), u);
    assert!(serde_json::from_str::<UriBuf>("\"sip:\"").is_err());
}

#[test]
fn crlfs_before_the_start_line_are_skipped() {
    use rcs_sip::{ErrorKind, ParseOptions};
    let msg = b"OPTIONS sip:a@example.com SIP/2.0\r\nl: 0\r\n\r\n";
    for lead in [&b"\r\n"[..], b"\r\n\r\n\r\n"] {
        let mut input = lead.to_vec();
        input.extend_from_slice(msg);
        let m = Message::parse(&input).unwrap();
        assert_eq!(m.method(), Some("OPTIONS"));
        assert_eq!(
            m.as_bytes(),
            &msg[..],
            "the CRLFs are not part of the message"
        );
        let owned = Message::parse_bytes(input.clone().into(), &ParseOptions::new()).unwrap();
        assert_eq!(owned, m);
        // Errors count from the start of the input.
        let mut bad = input.clone();
        let colon = bad.len() - 7; // the `:` of `l: 0`
        bad[colon] = b' ';
        let alone = Message::parse(&bad[lead.len()..]).unwrap_err();
        let e = Message::parse(&bad).unwrap_err();
        assert_eq!(e.kind(), alone.kind());
        assert_eq!(e.offset(), alone.offset() + lead.len(), "{e}");
        let crlfs = u32::try_from(lead.len() / 2).unwrap();
        assert_eq!(
            (e.line(), e.column()),
            (alone.line() + crlfs, alone.column()),
            "{e}"
        );
    }
    // A bare LF is a line end only when allowed.
    let mut bare = b"\n".to_vec();
    bare.extend_from_slice(msg);
    assert!(Message::parse(&bare).is_err());
    assert!(Message::parse_with(&bare, &ParseOptions::new().allow_bare_lf(true)).is_ok());
    // Nothing but CRLFs: more is needed.
    assert_eq!(
        Message::parse(b"\r\n\r\n").unwrap_err().kind(),
        ErrorKind::Incomplete
    );
}
