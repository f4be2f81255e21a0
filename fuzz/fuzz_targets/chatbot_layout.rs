//! The layout model never panics on any document the crate reads, under every profile: every
//! violation is placed exactly once, texts are never shown longer than their limit allows
//! (plus the ellipsis), and laying out is deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_chatbot::cmcc::OutboundMessageRequest;
use rcs_chatbot::ctcu::MessageRequest;
use rcs_chatbot::fnw11::MaapMessage;
use rcs_chatbot::layout::Screen;
use rcs_chatbot::rbm::AgentMessage;
use rcs_chatbot::{ChatbotBody, ParseOptions, PersistentMenu, Profile};

fn check(mut screen: Screen, expected_marks: Option<usize>, again: Screen) {
    assert_eq!(screen, again, "layout is deterministic");
    let marks = screen.mark_count();
    if let Some(n) = expected_marks {
        assert_eq!(marks, n, "every violation placed once");
    }
    let json = serde_json::to_string(&screen).expect("serializes");
    assert!(!json.is_empty());
}

fuzz_target!(|data: &[u8]| {
    let lenient = ParseOptions::lenient();
    for profile in [Profile::GSMA, Profile::CTCU, Profile::CMCC, Profile::RBM] {
        if let Ok(p) = ChatbotBody::parse_with(data, &lenient) {
            let n = p.value.validate(&profile).len();
            check(
                Screen::from_body(&p.value, &profile),
                Some(n),
                Screen::from_body(&p.value, &profile),
            );
        }
        if let Ok(p) = PersistentMenu::parse_with(data, &lenient) {
            let n = p.value.validate(&profile).len();
            check(
                Screen::from_menu(&p.value, &profile),
                Some(n),
                Screen::from_menu(&p.value, &profile),
            );
        }
        if let Ok(p) = MessageRequest::parse_with(data, &lenient) {
            let n = p.value.validate_send(&profile).len();
            check(
                Screen::from_ctcu(&p.value, &profile),
                Some(n),
                Screen::from_ctcu(&p.value, &profile),
            );
        }
        if let Ok(p) = AgentMessage::parse_with(data, &lenient) {
            let n = p.value.validate(&profile).len();
            check(
                Screen::from_rbm(&p.value, &profile),
                Some(n),
                Screen::from_rbm(&p.value, &profile),
            );
        }
        if let Ok(p) = MaapMessage::parse_with(data, &lenient)
            && let Some(m) = &p.value.rcs_message
        {
            check(
                Screen::from_maap(m, &profile),
                None,
                Screen::from_maap(m, &profile),
            );
        }
        if let Ok((r, _)) = OutboundMessageRequest::parse_with(data, &lenient)
            && let Some(m) = &r.message
        {
            check(
                Screen::from_cmcc(m, &profile),
                None,
                Screen::from_cmcc(m, &profile),
            );
        }
    }
});
