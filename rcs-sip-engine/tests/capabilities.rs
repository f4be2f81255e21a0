//! OPTIONS capability sets (RCC.07 feature tags) and the pager-mode size rule (RFC 3428 §5).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_sip::{Message, MessageBuilder, ParseOptions};
use rcs_sip_engine::{Capabilities, PAGER_LIMIT, pager_check, service};

fn parse(text: &str) -> Message<'static> {
    Message::parse_bytes(
        text.replace('\n', "\r\n").into_bytes().into(),
        &ParseOptions::new(),
    )
    .unwrap()
}

#[test]
fn a_real_contact_reads_as_one_set() {
    // As RCS clients write it: escaped URNs, lists in one quoted value, other tags kept.
    let m = parse(
        "SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1
From: <sip:a@example.com>;tag=1
To: <sip:b@example.com>;tag=2
Call-ID: c
CSeq: 1 OPTIONS
Contact: <sip:b@192.0.2.2:5060>;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session,urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\";+g.3gpp.iari-ref=\"urn%3Aurn-7%3A3gpp-application.ims.iari.rcs.fthttp\";+g.gsma.rcs.botversion=\"#=1,#=2\";video;+g.gsma.rcs.isbot;+sip.instance=\"<urn:gsma:imei:35358607-000000-0>\"
Content-Length: 0

",
    );
    let caps = Capabilities::from_message(&m);
    assert_eq!(caps.icsi, [service::CHAT, service::STANDALONE_MESSAGE]);
    assert_eq!(caps.iari, [service::FILE_TRANSFER_HTTP]);
    assert_eq!(caps.bot_versions, ["#=1", "#=2"]);
    assert!(caps.is_bot);
    assert!(caps.supports(service::CHAT) && caps.supports(service::FILE_TRANSFER_HTTP));
    assert!(!caps.supports(service::MMTEL));
    assert!(caps.other.iter().any(|(n, v)| n == "video" && v.is_none()));
    assert!(caps.other.iter().any(|(n, _)| n == "+sip.instance"));
}

#[test]
fn written_capabilities_read_back_equal() {
    for caps in [
        Capabilities::rcs_client(),
        Capabilities::default(),
        Capabilities {
            icsi: vec![service::MMTEL.into()],
            is_bot: true,
            other: vec![
                ("audio".into(), None),
                ("+g.example.x".into(), Some("\"1\"".into())),
            ],
            ..Capabilities::default()
        },
    ] {
        let params = caps.to_contact_params();
        assert!(params.is_empty() || params.starts_with(';'), "{params}");
        assert!(
            !params.contains("urn:urn-7"),
            "URNs are %-escaped: {params}"
        );
        let m = MessageBuilder::request("OPTIONS", "sip:b@example.com")
            .via("UDP", "192.0.2.1", None, "z9hG4bK1", false)
            .from(None, "sip:a@example.com", "1")
            .to(None, "sip:b@example.com", None)
            .call_id("c")
            .cseq(1, "OPTIONS")
            .contact("sip:a@192.0.2.1", &params)
            .build()
            .unwrap();
        assert_eq!(Capabilities::from_message(&m), caps);
    }
}

#[test]
fn the_1300_byte_rule() {
    let message = |body: usize| {
        MessageBuilder::request("MESSAGE", "sip:b@example.com")
            .via("UDP", "192.0.2.1", None, "z9hG4bK1", false)
            .from(None, "sip:a@example.com", "1")
            .to(None, "sip:b@example.com", None)
            .call_id("c")
            .cseq(1, "MESSAGE")
            .content_type("text", "plain")
            .body("x".repeat(body))
            .build()
            .unwrap()
    };
    // The body that makes the request exactly 1300 bytes (Content-Length's digits count too).
    let fit = (0..PAGER_LIMIT)
        .find(|&n| message(n).encoded_len() == PAGER_LIMIT)
        .unwrap();
    assert!(
        pager_check(&message(fit)).is_ok(),
        "exactly 1300 bytes fits"
    );
    let err = pager_check(&message(fit + 1)).unwrap_err();
    assert_eq!((err.size, err.limit), (PAGER_LIMIT + 1, PAGER_LIMIT));
    assert!(err.to_string().contains("MSRP"));
    // Only MESSAGE is bound by it.
    let invite = rcs_sip::MessageBuilder::request("INVITE", "sip:b@example.com")
        .via("UDP", "192.0.2.1", None, "z9hG4bK1", false)
        .from(None, "sip:a@example.com", "1")
        .to(None, "sip:b@example.com", None)
        .call_id("c")
        .cseq(1, "INVITE")
        .body("x".repeat(2000))
        .build()
        .unwrap();
    assert!(pager_check(&invite).is_ok());
}
