//! The layout model: every text of the source is on the screen (whole or cut), every violation
//! is placed once, pointers are in the source document's frame, and what a profile does not
//! allow is flagged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_chatbot::cmcc::OutboundMessageRequest;
use rcs_chatbot::ctcu::MessageRequest;
use rcs_chatbot::fnw11::MaapMessage;
use rcs_chatbot::layout::{Bubble, CardView, ChipAction, MenuItem, Screen};
use rcs_chatbot::rbm::AgentMessage;
use rcs_chatbot::{ChatbotBody, ParseOptions, PersistentMenu, Profile};
use rcs_testkit::corpus_file;
use serde_json::Value;

/// Every string a phone shows (titles, descriptions, labels, text), from the source JSON.
fn shown_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("title" | "description" | "displayText" | "textMessage", Value::String(s)) => {
                        out.push(s.clone());
                    }
                    // Calendar events and RBM text are under other names; compose texts are
                    // not shown.
                    ("createCalendarEvent" | "composeTextMessage", _) => {}
                    _ => shown_strings(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| shown_strings(v, out)),
        _ => {}
    }
}

/// Every text on the screen.
fn screen_strings(s: &Screen) -> String {
    serde_json::to_string(s).unwrap()
}

fn assert_all_shown(source: &[u8], screen: &Screen) {
    let v: Value = serde_json::from_slice(source).unwrap();
    let mut want = Vec::new();
    shown_strings(&v, &mut want);
    let json = screen_strings(screen);
    for w in want {
        // Shown whole, or its first characters before the cut.
        let head: String = w.chars().take(20).collect();
        let head = serde_json::to_string(&head).unwrap();
        let head = head.trim_matches('"');
        assert!(json.contains(head), "{w:?} not on the screen: {json}");
    }
}

fn corpus(name: &str) -> Option<Vec<u8>> {
    corpus_file("chatbot", name)
}

#[test]
fn gsma_bodies_from_the_corpus() {
    for name in [
        "gsma-bodies/botmessage.generalPurposeCard.horizontal.ctcu.json",
        "gsma-bodies/botmessage.generalPurposeCardCarousel.ctcu.json",
        "gsma-bodies/botsuggestion.chiplist.all-actions.ctcu.json",
        "gsma-bodies/botsuggestion.chiplist.ctcu-carousel.json",
        "fnw11-maap/suggestions.all-12-actions.json",
    ] {
        let Some(bytes) = corpus(name) else { return };
        let body = ChatbotBody::parse_with(&bytes, &ParseOptions::lenient())
            .unwrap()
            .value;
        for profile in [Profile::GSMA, Profile::CTCU, Profile::CMCC] {
            let mut screen = Screen::from_body(&body, &profile);
            assert_all_shown(&bytes, &screen);
            assert_eq!(
                screen.mark_count(),
                body.validate(&profile).len(),
                "{name} {}",
                profile.name
            );
        }
    }
}

#[test]
fn a_horizontal_card_keeps_its_side_and_its_styles() {
    let Some(bytes) = corpus("gsma-bodies/botmessage.generalPurposeCard.horizontal.ctcu.json")
    else {
        return;
    };
    let body = ChatbotBody::parse_with(&bytes, &ParseOptions::lenient())
        .unwrap()
        .value;
    let screen = Screen::from_body(&body, &Profile::GSMA);
    let Bubble::Card(card) = &screen.bubbles[0] else {
        panic!("{:?}", screen.bubbles)
    };
    assert_eq!(
        (card.orientation, card.media_side),
        ("horizontal", Some("left"))
    );
    let media = card.media.as_ref().unwrap();
    // Beside the text, the height is the client's.
    assert_eq!((media.height, media.height_dp), (None, None));
    assert_eq!(media.kind, rcs_chatbot::layout::MediaKind::Video);
    let title = card.title.as_ref().unwrap();
    assert_eq!(title.text.styles, ["underline", "bold"]);
    // `calibri` is not a font style: the violation is on the card (its layout).
    assert!(
        card.element
            .marks
            .iter()
            .any(|m| m.pointer.ends_with("/layout/descriptionFontStyle/0")),
        "{:?}",
        card.element.marks
    );
}

fn carousel_card(i: usize, height: &str) -> String {
    format!(
        r#"{{"media":{{"mediaUrl":"https://cdn.example/{i}.jpg","mediaContentType":"image/jpeg","mediaFileSize":1,"height":"{height}"}},"title":"Card {i}","suggestions":[{{"reply":{{"displayText":"Pick {i}","postback":{{"data":"p{i}"}}}}}}]}}"#
    )
}

#[test]
fn carousel_width_heights_and_cards_past_the_count() {
    let cards: Vec<String> = (0..13).map(|i| carousel_card(i, "TALL_HEIGHT")).collect();
    let doc = format!(
        r#"{{"message":{{"generalPurposeCardCarousel":{{"layout":{{"cardWidth":"SMALL_WIDTH"}},"content":[{}]}}}}}}"#,
        cards.join(",")
    );
    let body = ChatbotBody::parse(doc.as_bytes()).unwrap();
    let mut screen = Screen::from_body(&body, &Profile::GSMA);
    let Bubble::Carousel(k) = &screen.bubbles[0] else {
        panic!()
    };
    assert_eq!((k.card_width, k.card_width_dp), ("small", 120));
    assert_eq!(k.cards.len(), 13);
    assert!(k.cards[..12].iter().all(|c| c.shown));
    assert!(!k.cards[12].shown);
    let media = k.cards[0].media.as_ref().unwrap();
    // Tall media is not available on small cards: shown medium, what was asked kept.
    assert_eq!(
        (media.height, media.height_dp, media.height_asked),
        (Some("medium"), Some(168), Some("tall"))
    );
    assert_eq!(k.cards[3].width_dp, Some(120));
    // The count violation sits on the carousel.
    assert!(k.element.marks.iter().any(|m| m.rule == "maxItems"));
    assert_eq!(screen.mark_count(), body.validate(&Profile::GSMA).len());
    // RBM allows 10.
    let screen = Screen::from_body(&body, &Profile::RBM);
    let Bubble::Carousel(k) = &screen.bubbles[0] else {
        panic!()
    };
    assert_eq!(k.cards.iter().filter(|c| c.shown).count(), 10);
}

#[test]
fn chips_past_eleven_are_flagged_and_cut_labels_marked() {
    let chips: Vec<String> = (0..12)
        .map(|i| {
            format!(r#"{{"reply":{{"displayText":"Option number {i} with a long label","postback":{{"data":"o{i}"}}}}}}"#)
        })
        .collect();
    let doc = format!(r#"{{"suggestions":[{}]}}"#, chips.join(","));
    let body = ChatbotBody::parse(doc.as_bytes()).unwrap();
    let mut screen = Screen::from_body(&body, &Profile::GSMA);
    assert_eq!(screen.chips.len(), 12);
    assert_eq!(screen.chips.iter().filter(|c| c.shown).count(), 11);
    let c = &screen.chips[0];
    assert_eq!(c.label.text, "Option number 0 with a lo…");
    assert_eq!(c.label.cut.unwrap().max, 25);
    assert_eq!(
        c.element.marks[0].pointer,
        "/suggestions/0/reply/displayText"
    );
    assert_eq!(c.action, ChipAction::Reply);
    let list = screen.chip_list.as_ref().unwrap();
    assert!(list.marks.iter().any(|m| m.rule == "maxItems"), "{list:?}");
    assert_eq!(screen.mark_count(), body.validate(&Profile::GSMA).len());
    // CT/CU counts labels in bytes: 8 Chinese characters fit, 9 do not.
    let doc = r#"{"suggestions":[{"reply":{"displayText":"一二三四五六七八九","postback":{"data":"x"}}}]}"#;
    let body = ChatbotBody::parse(doc.as_bytes()).unwrap();
    let screen = Screen::from_body(&body, &Profile::CTCU);
    assert_eq!(screen.chips[0].label.text, "一二三四五六七八…");
}

#[test]
fn menu_with_submenus() {
    let Some(bytes) = corpus("gsma-bodies/persistent-menu.ctcu.json") else {
        return;
    };
    let menu = PersistentMenu::parse_with(&bytes, &ParseOptions::lenient())
        .unwrap()
        .value;
    let mut screen = Screen::from_menu(&menu, &Profile::CTCU);
    assert_all_shown(&bytes, &screen);
    let m = screen.menu.as_ref().unwrap();
    let MenuItem::Submenu { label, entries, .. } = &m.entries[1] else {
        panic!("{:?}", m.entries)
    };
    assert_eq!(label.text, "SubmenuL1");
    assert!(matches!(
        &entries[1],
        MenuItem::Chip(c) if c.action == ChipAction::Dial { number: "+8617928222350".into() }
    ));
    assert_eq!(screen.mark_count(), menu.validate(&Profile::CTCU).len());
    // Six top-level entries under CT/CU's three: the last three are not shown.
    let six: Vec<String> = (0..6)
        .map(|i| format!(r#"{{"reply":{{"displayText":"E{i}","postback":{{"data":"{i}"}}}}}}"#))
        .collect();
    let doc = format!(r#"{{"menu":{{"entries":[{}]}}}}"#, six.join(","));
    let menu = PersistentMenu::parse(doc.as_bytes()).unwrap();
    let screen = Screen::from_menu(&menu, &Profile::CTCU);
    let shown: Vec<bool> = screen
        .menu
        .unwrap()
        .entries
        .iter()
        .map(MenuItem::shown)
        .collect();
    assert_eq!(shown, [true, true, true, false, false, false]);
}

#[test]
fn ctcu_requests_in_their_own_frame() {
    for name in [
        "ctcu-v1.0.4/outbound.richcard-css-suggestions.json",
        "ctcu-v1.0.4/outbound.carousel-css-suggestions.json",
        "ctcu-v1.0.4/outbound.text-with-chiplist.json",
        "ctcu-v1.0.4/outbound.file.json",
        "ctcu-v1.0.4/outbound.text-with-sms-fallback.json",
    ] {
        let Some(bytes) = corpus(name) else { return };
        let r = MessageRequest::parse_with(&bytes, &ParseOptions::lenient())
            .unwrap()
            .value;
        let mut screen = Screen::from_ctcu(&r, &Profile::CTCU);
        assert!(
            !screen.bubbles.is_empty() || !screen.chips.is_empty(),
            "{name}"
        );
        assert_eq!(
            screen.mark_count(),
            r.validate_send(&Profile::CTCU).len(),
            "{name}"
        );
        let json = screen_strings(&screen);
        assert!(
            json.contains(r#""pointer":"/messageList/0/contentText"#),
            "{name}: {json}"
        );
    }
    let Some(bytes) = corpus("ctcu-v1.0.4/outbound.file.json") else {
        return;
    };
    let r = MessageRequest::parse_with(&bytes, &ParseOptions::lenient())
        .unwrap()
        .value;
    let screen = Screen::from_ctcu(&r, &Profile::CTCU);
    let Bubble::File(f) = &screen.bubbles[0] else {
        panic!("{:?}", screen.bubbles)
    };
    assert!(f.thumbnail_url.is_some() && !f.url.is_empty(), "{f:?}");
}

#[test]
fn fnw11_and_cmcc() {
    if let Some(bytes) = corpus("fnw11-maap/event.message.json") {
        let m = MaapMessage::parse_with(&bytes, &ParseOptions::lenient())
            .unwrap()
            .value;
        let screen = Screen::from_maap(m.rcs_message.as_ref().unwrap(), &Profile::GSMA);
        let Bubble::Text(t) = &screen.bubbles[0] else {
            panic!()
        };
        assert_eq!(t.text.text, "hello world");
        assert_eq!(t.element.pointer, "/RCSMessage/textMessage");
    }
    let doc = br#"{"RCSMessage":{"richcardMessage":{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{"title":"A title that is far too long for any phone to show whole, repeated: A title that is far too long for any phone to show whole, repeated: A title that is far too long for any phone to show whole, repeated."}}}},"suggestedChipList":{"suggestions":[{"reply":{"displayText":"Yes","postback":{"data":"y"}}}]}}}"#;
    let m = MaapMessage::parse(doc).unwrap();
    let mut screen = Screen::from_maap(m.rcs_message.as_ref().unwrap(), &Profile::GSMA);
    let Bubble::Card(card) = &screen.bubbles[0] else {
        panic!()
    };
    let title = card.title.as_ref().unwrap();
    assert_eq!(
        title.element.pointer,
        "/RCSMessage/richcardMessage/message/generalPurposeCard/content/title"
    );
    assert_eq!(title.element.marks.len(), 1);
    assert!(title.text.cut.is_some());
    assert_eq!(
        screen.chips[0].element.pointer,
        "/RCSMessage/suggestedChipList/suggestions/0"
    );
    assert_eq!(screen.mark_count(), 1);

    let Some(bytes) = corpus("cmcc-xml/outbound.carousel-chiplist-fallback.SYNTHETIC.xml") else {
        return;
    };
    let req = OutboundMessageRequest::parse(&bytes).unwrap();
    let screen = Screen::from_cmcc(req.message.as_ref().unwrap(), &Profile::CMCC);
    let Bubble::Carousel(k) = &screen.bubbles[0] else {
        panic!("{:?}", screen.bubbles)
    };
    assert_eq!((k.card_width, k.cards.len()), ("medium", 2));
    assert_eq!(
        k.element.pointer,
        "/bodyText/0/message/generalPurposeCardCarousel"
    );
    assert_eq!(screen.chips.len(), 2);
    assert_eq!(screen.chips[0].label.text, "是");
    assert!(
        matches!(&screen.chips[1].action, ChipAction::OpenUrl { url } if url == "https://m.example.com/")
    );
}

#[test]
fn rbm_marks_land_on_rbm_members() {
    let Some(bytes) = corpus("rbm/agentMessage.standaloneCard.json") else {
        return;
    };
    let m = AgentMessage::parse_with(&bytes, &ParseOptions::lenient())
        .unwrap()
        .value;
    let screen = Screen::from_rbm(&m, &Profile::RBM);
    let Bubble::Card(card) = &screen.bubbles[0] else {
        panic!()
    };
    assert_eq!(card.title.as_ref().unwrap().text.text, "Hello, world!");
    assert_eq!(card.suggestions.len(), 3);
    assert!(
        matches!(&card.suggestions[2].action, ChipAction::ShowLocation { place } if place == "Googleplex")
    );
    let doc = br#"{"contentMessage":{"text":"Pick one","suggestions":[{"reply":{"text":"A label much longer than twenty-five","postbackData":"a"}}]}}"#;
    let m = AgentMessage::parse(doc).unwrap();
    let mut screen = Screen::from_rbm(&m, &Profile::RBM);
    let Bubble::Text(t) = &screen.bubbles[0] else {
        panic!()
    };
    assert_eq!(t.element.pointer, "/contentMessage/text");
    let chip = &screen.chips[0];
    assert_eq!(chip.element.pointer, "/contentMessage/suggestions/0");
    assert_eq!(chip.element.marks.len(), 1, "{:?}", screen.marks);
    assert_eq!(screen.mark_count(), m.validate(&Profile::RBM).len());
}

#[test]
fn hostile_text_is_kept_as_text() {
    let doc = br#"{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{"title":"<script>alert(1)</script>","description":"<img src=x onerror=alert(2)>"}}}}"#;
    let body = ChatbotBody::parse(doc).unwrap();
    let screen = Screen::from_body(&body, &Profile::GSMA);
    let Bubble::Card(card) = &screen.bubbles[0] else {
        panic!()
    };
    let card: &CardView = card;
    assert_eq!(
        card.title.as_ref().unwrap().text.text,
        "<script>alert(1)</script>"
    );
}
