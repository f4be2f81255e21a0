//! Builders: what they build is valid for the profile (checked by the JSON Schema too), and
//! what would not be is refused with every violation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;
use std::sync::OnceLock;

use proptest::prelude::*;
use rcs_chatbot::*;
use rcs_testkit::corpus_dir;

fn schema_valid(json: &[u8], menu: bool) -> Option<bool> {
    static MSG: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
    static MENU: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
    let (cell, file) = if menu {
        (&MENU, "gsma-chatbot-menu.schema.selfcontained.json")
    } else {
        (&MSG, "gsma-chatbot-message.schema.json")
    };
    let v = cell
        .get_or_init(|| {
            let dir = corpus_dir("chatbot")?;
            let s: serde_json::Value =
                serde_json::from_slice(&std::fs::read(dir.join("schemas").join(file)).unwrap())
                    .unwrap();
            Some(jsonschema::draft4::new(&s).unwrap())
        })
        .as_ref()?;
    Some(v.is_valid(&serde_json::from_slice(json).unwrap()))
}

fn every_action() -> Vec<Suggestion<'static>> {
    let pb = |s: &'static str| Some(Cow::Borrowed(s));
    vec![
        Suggestion::new_reply("Yes", pb("yes")),
        Suggestion::new_action(
            "Site",
            pb("site"),
            Action::open_url("https://www.example.cn/"),
        ),
        Suggestion::new_action(
            "Webview",
            None,
            Action::open_webview("https://m.example.cn/", ViewMode::Half, Some("k=v".into())),
        ),
        Suggestion::new_action(
            "Call",
            pb("call"),
            Action::dial("+8610086").with_fallback_url("https://example.cn/call"),
        ),
        Suggestion::new_action(
            "Enriched",
            None,
            Action::dial_enriched_call("+8610086", Some("Your order".into())),
        ),
        Suggestion::new_action("Video", None, Action::dial_video_call("+8610086")),
        Suggestion::new_action(
            "Map",
            None,
            Action::show_location(30.2592, 120.1487, Some("West Lake".into())),
        ),
        Suggestion::new_action("Find", None, Action::show_query("restaurants")),
        Suggestion::new_action("Share location", None, Action::request_location_push()),
        Suggestion::new_action(
            "Meeting",
            None,
            Action::create_calendar_event(
                "2026-12-01T09:00:00+08:00",
                "2026-12-01T10:00:00+08:00",
                "Review",
                Some("Q4".into()),
            ),
        ),
        Suggestion::new_action("Text us", None, Action::compose_text("+8610086", "Hello")),
        Suggestion::new_action(
            "Record",
            None,
            Action::compose_recording("+8610086", RecordingType::Audio),
        ),
        Suggestion::new_action("Device", None, Action::request_device_specifics()),
        Suggestion::new_action("Anonymity", None, Action::disable_anonymization()),
        Suggestion::new_action("Receipts", None, Action::enable_displayed_notifications()),
    ]
}

fn check_built(body: &ChatbotBody<'static>) {
    let json = body.to_bytes();
    assert_eq!(&ChatbotBody::parse(&json).unwrap(), body);
    if let Some(ok) = schema_valid(&json, false) {
        assert!(ok, "{}", String::from_utf8_lossy(&json));
    }
}

#[test]
fn every_action_kind_builds_valid_chip_lists() {
    let all = every_action();
    assert_eq!(all.len(), 15);
    for chunk in all.chunks(11) {
        let mut b = ChipListBuilder::new();
        for s in chunk {
            b = b.suggestion(s.clone());
        }
        check_built(&b.build(&Profile::GSMA).unwrap());
    }
    // Twelve are too many: refused with where and why.
    let mut b = ChipListBuilder::new();
    for s in all.iter().take(12) {
        b = b.suggestion(s.clone());
    }
    let e = b.build(&Profile::GSMA).unwrap_err();
    assert_eq!(e.violations.len(), 1);
    assert_eq!(
        e.violations[0].to_string(),
        "/suggestions: maxItems (11 items, 12 items)"
    );
    assert_eq!(
        e.to_string(),
        "not valid for profile gsma: /suggestions: maxItems (11 items, 12 items);"
    );
}

#[test]
fn cards_and_carousels() {
    let media = || {
        Media::new(
            "https://cdn.example.cn/a.jpg",
            "image/jpeg",
            184_635,
            MediaHeight::Medium,
        )
        .with_thumbnail("https://cdn.example.cn/a-t.jpg", "image/jpeg", 7_440)
        .with_description("A jacket")
    };
    let card = || {
        CardBuilder::new()
            .media(media())
            .title("夏季新款")
            .description("轻薄透气")
            .suggestion(Suggestion::new_reply("购买", Some("buy".into())))
    };
    let single = RichCardBuilder::horizontal(ImageAlignment::Left, card())
        .title_font_style(vec![FontStyle::Bold])
        .style("https://cdn.example.cn/style.css")
        .build(&Profile::GSMA)
        .unwrap();
    check_built(&single);
    check_built(
        &RichCardBuilder::vertical(card())
            .build(&Profile::CTCU)
            .unwrap(),
    );

    let e = RichCardBuilder::vertical(CardBuilder::new())
        .build(&Profile::GSMA)
        .unwrap_err();
    assert_eq!(
        e.violations[0].to_string(),
        "/message/generalPurposeCard/content: anyOf (media|title|description, none)"
    );
    let mut five = card();
    for i in 0..4 {
        five = five.suggestion(Suggestion::new_reply(format!("r{i}"), None));
    }
    let e = RichCardBuilder::vertical(five)
        .build(&Profile::GSMA)
        .unwrap_err();
    assert_eq!(
        e.violations[0].pointer,
        "/message/generalPurposeCard/content/suggestions"
    );
    assert_eq!(e.violations[0].rule, Rule::MaxItems);

    let carousel = |n: usize| {
        let mut c = CarouselBuilder::new(CardWidth::Medium)
            .title_font_style(vec![FontStyle::Bold, FontStyle::Underline]);
        for _ in 0..n {
            c = c.card(card());
        }
        c
    };
    check_built(&carousel(2).build(&Profile::GSMA).unwrap());
    check_built(&carousel(12).build(&Profile::GSMA).unwrap());
    assert_eq!(
        carousel(1).build(&Profile::GSMA).unwrap_err().violations[0].rule,
        Rule::MinItems
    );
    assert_eq!(
        carousel(13).build(&Profile::GSMA).unwrap_err().violations[0].rule,
        Rule::MaxItems
    );
    // RBM allows 10.
    let e = carousel(11).build(&Profile::RBM).unwrap_err();
    assert_eq!(
        e.violations[0].to_string(),
        "/message/generalPurposeCardCarousel/content: maxItems (10 items, 11 items)"
    );
}

#[test]
fn menus() {
    let leaf = MenuBuilder::new()
        .entry(Suggestion::new_reply("r2", Some("r2".into())))
        .entry(Suggestion::new_action(
            "Call",
            None,
            Action::dial("+8617928222350"),
        ));
    let menu = MenuBuilder::new()
        .entry(Suggestion::new_reply("r1", None))
        .submenu(
            "L1",
            MenuBuilder::new()
                .submenu("L2", leaf.clone())
                .entry(Suggestion::new_reply("x", None)),
        );
    let built = menu.clone().build(&Profile::GSMA).unwrap();
    let json = built.to_bytes();
    assert_eq!(PersistentMenu::parse(&json).unwrap(), built);
    if let Some(ok) = schema_valid(&json, true) {
        assert!(ok);
    }
    // A third level is refused.
    let deep = MenuBuilder::new().submenu(
        "1",
        MenuBuilder::new().submenu("2", MenuBuilder::new().submenu("3", leaf)),
    );
    let e = deep.build(&Profile::GSMA).unwrap_err();
    assert_eq!(e.violations[0].rule, Rule::OneOf);
    // Four top-level entries: GSMA yes, CT/CU no.
    let mut four = MenuBuilder::new();
    for i in 0..4 {
        four = four.entry(Suggestion::new_reply(format!("e{i}"), None));
    }
    assert!(four.clone().build(&Profile::GSMA).is_ok());
    assert_eq!(
        four.build(&Profile::CTCU).unwrap_err().violations[0].to_string(),
        "/menu/entries: maxItems (3 items, 4 items)"
    );
}

fn label() -> impl Strategy<Value = String> {
    (0usize..=27, prop_oneof![Just('a'), Just('中'), Just('😀')])
        .prop_map(|(n, c)| std::iter::repeat_n(c, n).collect())
}

proptest! {
    /// Whatever goes in, a chip list the builder accepts is schema-valid, and one the schema
    /// accepts is never refused (GSMA profile).
    #[test]
    fn builder_accepts_exactly_what_the_schema_accepts(
        picks in proptest::collection::vec((0usize..15, label(), proptest::option::of(label())), 0..13)
    ) {
        let all = every_action();
        let mut list = Vec::new();
        for (i, text, pb) in picks {
            let mut s = all[i].clone();
            let postback = pb.map(|d| Postback { data: Some(Cow::Owned(d)), ..Default::default() });
            if let Some(r) = &mut s.reply {
                r.display_text = Some(Cow::Owned(text));
                r.postback = postback;
            } else if let Some(a) = &mut s.action {
                a.display_text = Some(Cow::Owned(text));
                a.postback = postback;
            }
            list.push(s);
        }
        let plain = ChatbotBody { suggestions: Some(list.clone()), ..Default::default() };
        let built = list.into_iter().fold(ChipListBuilder::new(), ChipListBuilder::suggestion).build(&Profile::GSMA);
        if let Err(e) = &built {
            prop_assert!(!e.violations.is_empty());
        }
        if let Some(ok) = schema_valid(&plain.to_bytes(), false) {
            prop_assert_eq!(built.is_ok(), ok, "{:?}", built.err());
        }
    }
}
