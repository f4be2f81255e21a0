//! China Mobile's XML: attributes per element bounded and unique, and the work on hostile
//! documents (thousands of attributes or namespace declarations on one element) stops at the
//! bound: time per input octet does not grow with the input.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use rcs_chatbot::cmcc::OutboundMessageRequest;
use rcs_chatbot::{ErrorKind, LimitKind};

fn doc(attrs: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><msg:outboundMessageRequest xmlns:msg="urn:oma:xml:rest:netapi:messaging:1"{attrs}><address>tel:+8613800000000</address><senderAddress>sip:bot@botplatform.example.cn</senderAddress></msg:outboundMessageRequest>"#
    )
}

fn attributes(n: usize) -> String {
    doc(&(0..n).map(|i| format!(" a{i}=\"v\"")).collect::<String>())
}

fn declarations(n: usize) -> String {
    doc(&(0..n)
        .map(|i| format!(" xmlns:p{i}=\"urn:p{i}\""))
        .collect::<String>())
}

fn kind(input: &str) -> Option<ErrorKind> {
    OutboundMessageRequest::parse(input.as_bytes())
        .err()
        .map(|e| e.kind())
}

#[test]
fn attributes_are_bounded_and_unique() {
    // The root's own declaration counts: 63 more fit, 64 do not.
    assert_ne!(
        kind(&attributes(63)),
        Some(ErrorKind::LimitExceeded(LimitKind::AttributeCount))
    );
    assert_eq!(
        kind(&attributes(64)),
        Some(ErrorKind::LimitExceeded(LimitKind::AttributeCount))
    );
    assert_eq!(
        kind(&declarations(64)),
        Some(ErrorKind::LimitExceeded(LimitKind::AttributeCount))
    );
    assert_eq!(kind(&doc(r#" a="1" b="2" a="3""#)), Some(ErrorKind::Syntax));
}

fn least(input: &[u8]) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            let _ =
                std::hint::black_box(OutboundMessageRequest::parse(std::hint::black_box(input)));
            t.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn hostile_elements_cost_no_more_per_octet_when_larger() {
    for (what, small, large) in [
        ("attributes", attributes(2_000), attributes(20_000)),
        ("declarations", declarations(2_000), declarations(20_000)),
    ] {
        let per = |s: &str| least(s.as_bytes()).as_secs_f64().max(1e-7) / s.len() as f64;
        let ratio = per(&large) / per(&small);
        assert!(ratio < 3.0, "{what}: {ratio:.1}x the time per octet");
    }
}
