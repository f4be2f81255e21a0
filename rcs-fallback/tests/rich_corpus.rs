//! `../shared/corpus/fallback/maap/` read in place: every fallback field the public CSP
//! integrations use is read from the China Mobile request, and the example's card falls back
//! with the CSP's own texts winning; and a carousel with a chip list falls back in budget.
#![cfg(feature = "chatbot")]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use rcs_chatbot::cmcc::OutboundMessageRequest;
use rcs_chatbot::{ChatbotBody, ParseOptions};
use rcs_fallback::rich::{
    CspFallback, FetchedMedia, NoteKind, Policy, RichMessage, Target, fallback,
};
use rcs_testkit::corpus_dir;

fn keep(u: &str) -> String {
    u.to_string()
}

fn none(_: &str) -> Option<FetchedMedia> {
    None
}

#[test]
fn maap_fallback_fields_and_example() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let xml = std::fs::read(dir.join("maap/outbound_with_fallback_example.xml")).unwrap();
    let (req, _) = OutboundMessageRequest::parse_with(&xml, &ParseOptions::lenient()).unwrap();
    let m = req.message.as_ref().unwrap();
    // Every field of the TSV, read (trafficType is absent from the example: checked absent).
    let tsv = std::fs::read_to_string(dir.join("maap/outbound_fallback_fields.tsv")).unwrap();
    let mut n = 0;
    for line in tsv.lines().skip(1) {
        let field = line.split('\t').next().unwrap();
        let read = match field {
            "shortMessageSupported" => m.short_message_supported == Some(true),
            "smsBodyText" => m
                .sms_body_text
                .as_deref()
                .is_some_and(|t| t.starts_with("【示例】")),
            "multimediaMessageSupported" => m.multimedia_message_supported == Some(false),
            "fallbackSupported" => m.fallback_supported == Some(true),
            "fallbackContentType" => m.fallback_content_type.as_deref() == Some("text/plain"),
            "fallbackContentEncoding" => m.fallback_content_encoding.as_deref() == Some("utf8"),
            "rcsBodyText" => m.rcs_body_text.is_some(),
            "reportRequest" => m.report_request.iter().any(|r| r == "Interworking"),
            "trafficType" => m.traffic_type.is_none(),
            "serviceCapability/capabilityId+version" => m
                .service_capability
                .first()
                .is_some_and(|(id, _)| id == "ChatbotSA"),
            other => panic!("field {other} not read"),
        };
        assert!(read, "{field}");
        n += 1;
    }
    assert_eq!(n, 10);
    // The fallbacks: the CSP's texts win; the card gives the MMS.
    let body = ChatbotBody::parse_with(
        m.body_text.as_ref().unwrap().as_bytes(),
        &ParseOptions::lenient(),
    )
    .unwrap()
    .value;
    let csp = CspFallback::from_cmcc(m);
    let policy = Policy::default();
    let sms = fallback(
        &RichMessage::Chatbot(&body),
        &csp,
        Target::Sms,
        &policy,
        &mut keep,
        &mut none,
    )
    .unwrap();
    assert_eq!(Some(sms.text.as_str()), m.sms_body_text.as_deref());
    let text = fallback(
        &RichMessage::Chatbot(&body),
        &csp,
        Target::Text,
        &policy,
        &mut keep,
        &mut none,
    )
    .unwrap();
    assert_eq!(Some(text.text.as_str()), m.rcs_body_text.as_deref());
    // Without the CSP's texts, the card itself.
    let own = fallback(
        &RichMessage::Chatbot(&body),
        &CspFallback::default(),
        Target::Sms,
        &policy,
        &mut keep,
        &mut none,
    )
    .unwrap();
    assert_eq!(
        own.text,
        "订单已发货\n点击查看物流\n查看物流: https://example.com/o/123"
    );
    println!("corpus fallback/maap: {n} fields read, example right");
}

#[test]
fn carousel_with_chips_in_budget() {
    let card = |i: usize| {
        format!(
            r#"{{"title":"商品{i}","description":"限时优惠，立即购买享受九折","suggestions":[{{"action":{{"displayText":"购买{i}","urlAction":{{"openUrl":{{"url":"https://shop.example/p/{i}"}}}}}}}}]}}"#
        )
    };
    let cards: Vec<String> = (1..=4).map(card).collect();
    let json = format!(
        r#"{{"message":{{"generalPurposeCardCarousel":{{"layout":{{"cardWidth":"MEDIUM_WIDTH"}},"content":[{}]}}}},"suggestions":[{{"reply":{{"displayText":"更多","postback":{{"data":"more"}}}}}}]}}"#,
        cards.join(",")
    );
    let body = ChatbotBody::parse(json.as_bytes()).unwrap();
    let policy = Policy {
        max_segments: 2,
        signature: Some("商城".into()),
        ..Policy::default()
    };
    let f = fallback(
        &RichMessage::Chatbot(&body),
        &CspFallback::default(),
        Target::Sms,
        &policy,
        &mut keep,
        &mut none,
    )
    .unwrap();
    assert!(f.segments <= 2, "{}", f.text);
    assert!(f.text.starts_with("【商城】商品1"));
    // What did not fit is named: the chip first, then later cards' links and cards.
    assert!(
        f.notes
            .iter()
            .any(|n| n.kind == NoteKind::Dropped && n.detail.contains("更多"))
    );
    let text = fallback(
        &RichMessage::Chatbot(&body),
        &CspFallback::default(),
        Target::Text,
        &policy,
        &mut keep,
        &mut none,
    )
    .unwrap();
    assert!(text.text.contains("商品4") && text.text.contains("1. 更多"));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn json_str(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Any card, any budget: an SMS fallback never exceeds its segments, and says what it
        /// dropped or cut whenever the text is not the whole card.
        #[test]
        fn sms_fallback_stays_in_budget(
            title in "[a-zA-Z 中文😀]{0,60}",
            description in "[a-zA-Z0-9 ,.中文消息😀{}]{0,600}",
            labels in prop::collection::vec("[a-zA-Z中]{1,20}", 0..12),
            max in 1u8..5,
            signature in prop::option::of("[A-Za-z]{1,8}"),
        ) {
            let suggestions: Vec<String> = labels
                .iter()
                .enumerate()
                .map(|(i, l)| if i % 2 == 0 {
                    format!(r#"{{"reply":{{"displayText":{},"postback":{{"data":"d{i}"}}}}}}"#, json_str(l))
                } else {
                    format!(r#"{{"action":{{"displayText":{},"urlAction":{{"openUrl":{{"url":"https://e.example/{i}"}}}}}}}}"#, json_str(l))
                })
                .collect();
            let json = format!(
                r#"{{"message":{{"generalPurposeCard":{{"layout":{{"cardOrientation":"VERTICAL"}},"content":{{"title":{},"description":{},"suggestions":[{}]}}}}}}}}"#,
                json_str(&title), json_str(&description), suggestions.join(",")
            );
            let body = ChatbotBody::parse_with(json.as_bytes(), &ParseOptions::lenient()).unwrap().value;
            let policy = Policy { max_segments: max, signature, ..Policy::default() };
            match fallback(&RichMessage::Chatbot(&body), &CspFallback::default(), Target::Sms, &policy, &mut keep, &mut none) {
                Ok(f) => {
                    prop_assert!(f.segments <= usize::from(max), "{} segments", f.segments);
                    let whole = f.text.contains(&description) && labels.iter().all(|l| f.text.contains(l.as_str()));
                    prop_assert!(whole || !f.notes.is_empty(), "text changed without a note");
                }
                Err(e) => prop_assert_eq!(e, rcs_fallback::rich::FallbackError::NothingToShow),
            }
        }
    }
}
