//! proptest round trips of the platform bodies (the chatbot bodies and menus have theirs in
//! `schema.rs`), and truncation: every strict prefix of a corpus document is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;

use proptest::prelude::*;
use rcs_chatbot::cmcc::{OutboundImMessage, OutboundMessageRequest};
use rcs_chatbot::ctcu::{ContentText, MessagePart, MessageRequest};
use rcs_chatbot::fnw11::{MaapEvent, MaapMessage, MessageContact, RcsMessage};
use rcs_chatbot::{ChatbotBody, ErrorKind, OneOrMany, ParseOptions, multipart};
use rcs_testkit::corpus_dir;

/// Text with what JSON and XML escape, non-ASCII, and a CDATA end.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a"),
            Just("中"),
            Just("😀"),
            Just("\""),
            Just("\\"),
            Just("<"),
            Just("&"),
            Just("]]>"),
            Just("\n"),
            Just("\t"),
            Just(" "),
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn ctcu_message_roundtrip(
        id in text(), texts in proptest::collection::vec(text(), 1..4),
        many in any::<bool>(), sms in proptest::option::of(text()), store in any::<bool>(),
    ) {
        let m = MessageRequest {
            message_id: Some(Cow::Owned(id)),
            message_list: Some(texts.into_iter().map(|t| MessagePart {
                content_type: Some(Cow::Borrowed("text/plain")),
                content_text: Some(ContentText::Text(Cow::Owned(t))),
                ..Default::default()
            }).collect()),
            destination_address: Some(if many {
                OneOrMany::Many(vec![Cow::Borrowed("tel:+8613800000000"), Cow::Borrowed("tel:+8613800000001")])
            } else {
                OneOrMany::One(Cow::Borrowed("sip:bot@example.cn"))
            }),
            sms_supported: Some(sms.is_some()),
            sms_content: sms.map(Cow::Owned),
            store_supported: Some(store),
            ..Default::default()
        };
        let out = m.to_bytes();
        prop_assert_eq!(MessageRequest::parse(&out).unwrap(), m.clone());
        prop_assert_eq!(MessageRequest::parse_with(&out, &ParseOptions::lenient()).unwrap().value, m);
    }

    #[test]
    fn fnw11_message_roundtrip(id in text(), t in text(), contact in text(), event in 0usize..7) {
        let events = [MaapEvent::Message, MaapEvent::IsTyping, MaapEvent::MessageStatus,
            MaapEvent::FileStatus, MaapEvent::Response, MaapEvent::Alias, MaapEvent::NewUser];
        let m = MaapMessage {
            rcs_message: Some(Box::new(RcsMessage {
                msg_id: Some(Cow::Owned(id)),
                text_message: Some(Cow::Owned(t)),
                ..Default::default()
            })),
            message_contact: Some(MessageContact { user_contact: Some(Cow::Owned(contact)), ..Default::default() }),
            event: Some(events[event].clone()),
            ..Default::default()
        };
        let out = m.to_bytes();
        prop_assert_eq!(MaapMessage::parse(&out).unwrap(), m);
    }

    #[test]
    fn cmcc_request_roundtrip(
        addresses in proptest::collection::vec(text(), 0..3), body in text(), sms in text(),
        reports in proptest::collection::vec(text(), 0..3), sm in any::<bool>(), store in any::<bool>(),
    ) {
        let r = OutboundMessageRequest {
            address: addresses,
            sender_address: Some("sip:1065@bot.example.cn".into()),
            message: Some(OutboundImMessage {
                content_type: Some("text/plain".into()),
                body_text: Some(body),
                report_request: reports,
                store_supported: Some(store),
                sms_body_text: Some(sms),
                sms_text_element: if sm {
                    rcs_chatbot::cmcc::SmsTextElement::SmBodyText
                } else {
                    rcs_chatbot::cmcc::SmsTextElement::SmsBodyText
                },
                ..Default::default()
            }),
            ..Default::default()
        };
        prop_assert_eq!(OutboundMessageRequest::parse(r.to_xml().as_bytes()).unwrap(), r);
    }

    #[test]
    fn multipart_roundtrip(bodies in proptest::collection::vec(text(), 1..4)) {
        let parts: Vec<(&str, &str, &str)> =
            bodies.iter().map(|b| ("text/plain", "f", b.as_str())).collect();
        let written = multipart::write("next", &parts).unwrap();
        let (read, warnings) = multipart::parse(&written, "next", &ParseOptions::new()).unwrap();
        prop_assert!(warnings.is_empty());
        prop_assert_eq!(read.iter().map(|p| p.body).collect::<Vec<_>>(), bodies.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

/// A document cut anywhere is refused (incomplete, or not JSON where the cut leaves a
/// complete number or literal), never read as something else and never a panic.
#[test]
fn every_prefix_of_a_corpus_document_is_refused() {
    let Some(dir) = corpus_dir("chatbot") else {
        return;
    };
    let mut n = 0;
    for f in [
        "bench/carousel-6cards.compact-escaped.json",
        "bench/carousel-4cards.pretty-utf8.json",
        "gsma-bodies/persistent-menu.ctcu.json",
    ] {
        let bytes = std::fs::read(dir.join(f)).unwrap();
        let end = bytes.trim_ascii_end().len();
        for cut in 0..end {
            let e = ChatbotBody::parse_with(&bytes[..cut], &ParseOptions::faithful()).unwrap_err();
            assert!(
                matches!(e.kind(), ErrorKind::Incomplete | ErrorKind::Syntax),
                "{f} cut at {cut}: {e}"
            );
            n += 1;
        }
        assert!(
            ChatbotBody::parse_with(&bytes, &ParseOptions::faithful()).is_ok()
                || f.contains("menu")
        );
    }
    assert!(n > 15_000, "{n}");
}
