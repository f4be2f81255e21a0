//! The JSON Schemas of `../shared/corpus/chatbot/schemas/` as an oracle: for generated
//! documents, valid and invalid around every limit, our GSMA validation and a JSON Schema
//! validator (jsonschema, draft-04, formats checked) give the same verdict; every generated
//! document also writes and reads back equal, strictly and leniently.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;
use std::sync::OnceLock;

use proptest::option::weighted;
use proptest::prelude::*;
use rcs_chatbot::*;
use rcs_testkit::corpus_dir;

type S = Cow<'static, str>;

fn schema(name: &str) -> Option<&'static jsonschema::Validator> {
    static MSG: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
    static MENU: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
    let (cell, file) = match name {
        "menu" => (&MENU, "gsma-chatbot-menu.schema.selfcontained.json"),
        _ => (&MSG, "gsma-chatbot-message.schema.json"),
    };
    cell.get_or_init(|| {
        let dir = corpus_dir("chatbot")?;
        let bytes = std::fs::read(dir.join("schemas").join(file)).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        Some(jsonschema::draft4::new(&v).unwrap())
    })
    .as_ref()
}

/// Text of a length around `max` (and 0, 1), in ASCII, Chinese or emoji.
fn text(max: usize) -> impl Strategy<Value = S> {
    let len = prop_oneof![
        3 => 1..=max.min(30),
        1 => Just(0usize),
        1 => Just(max),
        1 => Just(max + 1),
    ];
    let ch = prop_oneof![Just('a'), Just('中'), Just('😀'), Just('"'), Just('\n')];
    (len, ch).prop_map(|(n, c)| Cow::Owned(std::iter::repeat_n(c, n).collect()))
}

fn valid_text(max: usize) -> impl Strategy<Value = S> {
    (1..=max.min(30)).prop_map(|n| Cow::Owned("x".repeat(n)))
}

fn uri() -> impl Strategy<Value = S> {
    prop_oneof![
        4 => Just(Cow::Borrowed("https://cdn.example.com/a/b.jpg?x=1&y=%20#top")),
        2 => Just(Cow::Borrowed("tel:+8610086")),
        1 => Just(Cow::Borrowed("no scheme here")),
        1 => Just(Cow::Borrowed("https://bad host/")),
    ]
}

fn date_time() -> impl Strategy<Value = S> {
    prop_oneof![
        3 => Just(Cow::Borrowed("2017-03-14T00:00:00Z")),
        2 => Just(Cow::Borrowed("2024-02-29T10:30:00.250+08:00")),
        1 => Just(Cow::Borrowed("2017-02-29T00:00:00Z")),
        1 => Just(Cow::Borrowed("tomorrow")),
    ]
}

fn size() -> impl Strategy<Value = Integer<'static>> {
    prop_oneof![5 => (0u64..10_000_000).prop_map(Integer::Unsigned), 1 => Just(Integer::Negative(-3))]
}

fn phone() -> impl Strategy<Value = S> {
    prop_oneof![
        Just(Cow::Borrowed("+8610086")),
        Just(Cow::Borrowed("10086"))
    ]
}

fn opt<T: std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    weighted(0.85, s)
}

fn rare<T: std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    weighted(0.15, s)
}

macro_rules! enum_of {
    ($t:ident: $($v:expr),+) => {
        prop_oneof![$(4 => Just($v)),+, 1 => Just($t::Other(Cow::Borrowed("calibri")))]
    };
}

fn postback() -> BoxedStrategy<Postback<'static>> {
    opt(prop_oneof![5 => valid_text(64), 1 => text(2048)])
        .prop_map(|data| Postback {
            data,
            ..Default::default()
        })
        .boxed()
}

fn reply() -> BoxedStrategy<Reply<'static>> {
    (opt(text(25)), opt(postback()))
        .prop_map(|(display_text, postback)| Reply {
            display_text,
            postback,
            ..Default::default()
        })
        .boxed()
}

fn empty() -> impl Strategy<Value = EmptyObject<'static>> {
    Just(EmptyObject::default())
}

fn open_url() -> BoxedStrategy<OpenUrl<'static>> {
    (
        opt(uri()),
        opt(enum_of!(Application: Application::Browser, Application::Webview)),
        rare(enum_of!(ViewMode: ViewMode::Full, ViewMode::Half, ViewMode::Tall)),
        rare(text(200)),
    )
        .prop_map(|(url, application, view_mode, parameters)| OpenUrl {
            url,
            application,
            view_mode,
            parameters,
            ..Default::default()
        })
        .boxed()
}

fn dial() -> BoxedStrategy<DialNumber<'static>> {
    (opt(phone()), rare(uri()))
        .prop_map(|(phone_number, fallback_url)| DialNumber {
            phone_number,
            fallback_url,
            ..Default::default()
        })
        .boxed()
}

fn location() -> BoxedStrategy<Location<'static>> {
    (
        opt(prop_oneof![
            Just(37.422_004_1),
            Just(-33.5),
            Just(0.1 + 0.2)
        ]),
        opt(prop_oneof![Just(-122.086_251_5), Just(151.0), Just(1e-7)]),
        rare(text(100)),
        rare(text(200)),
    )
        .prop_map(|(latitude, longitude, label, query)| Location {
            latitude,
            longitude,
            label,
            query,
            ..Default::default()
        })
        .boxed()
}

fn action_kinds() -> BoxedStrategy<Action<'static>> {
    let url = open_url().prop_map(|o| Action {
        url_action: Some(Box::new(UrlAction {
            open_url: Some(o),
            ..Default::default()
        })),
        ..Default::default()
    });
    let dialer = (
        prop_oneof![Just(0u8), Just(1), Just(2)],
        dial(),
        opt(phone()),
        rare(text(60)),
    )
        .prop_map(|(which, d, phone_number, subject)| {
            let mut x = DialerAction::default();
            match which {
                0 => x.dial_phone_number = Some(d),
                1 => {
                    x.dial_enriched_call = Some(DialEnrichedCall {
                        phone_number,
                        subject,
                        ..Default::default()
                    });
                }
                _ => x.dial_video_call = Some(d),
            }
            Action {
                dialer_action: Some(Box::new(x)),
                ..Default::default()
            }
        });
    let map = prop_oneof![
        (location(), rare(uri())).prop_map(|(l, fallback_url)| MapAction {
            show_location: Some(ShowLocation {
                location: Some(l),
                fallback_url,
                ..Default::default()
            }),
            ..Default::default()
        }),
        empty().prop_map(|e| MapAction {
            request_location_push: Some(e),
            ..Default::default()
        }),
    ]
    .prop_map(|m| Action {
        map_action: Some(Box::new(m)),
        ..Default::default()
    });
    let calendar = (
        opt(date_time()),
        opt(date_time()),
        opt(text(100)),
        rare(text(500)),
    )
        .prop_map(|(start_time, end_time, title, description)| Action {
            calendar_action: Some(Box::new(CalendarAction {
                create_calendar_event: Some(CalendarEvent {
                    start_time,
                    end_time,
                    title,
                    description,
                    ..Default::default()
                }),
                ..Default::default()
            })),
            ..Default::default()
        });
    let compose = prop_oneof![
        (opt(phone()), opt(text(100))).prop_map(|(phone_number, text)| ComposeAction {
            compose_text_message: Some(ComposeTextMessage {
                phone_number,
                text,
                ..Default::default()
            }),
            ..Default::default()
        }),
        (
            opt(phone()),
            opt(enum_of!(RecordingType: RecordingType::Audio, RecordingType::Video))
        )
            .prop_map(|(phone_number, recording_type)| ComposeAction {
                compose_recording_message: Some(ComposeRecordingMessage {
                    phone_number,
                    recording_type,
                    ..Default::default()
                }),
                ..Default::default()
            }),
    ]
    .prop_map(|c| Action {
        compose_action: Some(Box::new(c)),
        ..Default::default()
    });
    let device = empty().prop_map(|e| Action {
        device_action: Some(Box::new(DeviceAction {
            request_device_specifics: Some(e),
            ..Default::default()
        })),
        ..Default::default()
    });
    let settings = (any::<bool>(), empty()).prop_map(|(b, e)| {
        let mut s = SettingsAction::default();
        if b {
            s.disable_anonymization = Some(e);
        } else {
            s.enable_displayed_notifications = Some(e);
        }
        Action {
            settings_action: Some(Box::new(s)),
            ..Default::default()
        }
    });
    prop_oneof![url, dialer, map, calendar, compose, device, settings].boxed()
}

fn action() -> BoxedStrategy<Action<'static>> {
    (
        action_kinds(),
        rare(action_kinds()),
        opt(text(25)),
        opt(postback()),
    )
        .prop_map(|(mut a, second, display_text, postback)| {
            // Now and then a second kind: the oneOf must then fail (or not, when one is broken).
            if let Some(b) = second {
                a.url_action = a.url_action.or(b.url_action);
                a.map_action = a.map_action.or(b.map_action);
                a.device_action = a.device_action.or(b.device_action);
            }
            a.display_text = display_text;
            a.postback = postback;
            a
        })
        .boxed()
}

fn suggestion() -> BoxedStrategy<Suggestion<'static>> {
    prop_oneof![
        6 => reply().prop_map(|r| Suggestion { reply: Some(r), ..Default::default() }),
        6 => action().prop_map(|a| Suggestion { action: Some(a), ..Default::default() }),
        1 => (reply(), action()).prop_map(|(r, a)| Suggestion { reply: Some(r), action: Some(a), ..Default::default() }),
        1 => Just(Suggestion::default()),
    ]
    .boxed()
}

fn suggestions(max: usize) -> impl Strategy<Value = Vec<Suggestion<'static>>> {
    prop_oneof![5 => proptest::collection::vec(suggestion(), 1..=max.min(4)), 1 => proptest::collection::vec(suggestion(), 0..=max + 1)]
}

fn font_styles() -> impl Strategy<Value = Vec<FontStyle<'static>>> {
    proptest::collection::vec(
        enum_of!(FontStyle: FontStyle::Bold, FontStyle::Italics, FontStyle::Underline),
        0..=4,
    )
}

fn media() -> BoxedStrategy<Media<'static>> {
    (
        (
            opt(uri()),
            opt(Just(Cow::Borrowed("image/jpeg"))),
            opt(size()),
        ),
        (
            rare(uri()),
            opt(Just(Cow::Borrowed("image/png"))),
            opt(size()),
        ),
        opt(enum_of!(MediaHeight: MediaHeight::Short, MediaHeight::Medium, MediaHeight::Tall)),
        rare(text(200)),
    )
        .prop_map(
            |((mu, mct, mfs), (tu, tct, tfs), height, content_description)| Media {
                media_url: mu,
                media_content_type: mct,
                media_file_size: mfs,
                thumbnail_url: tu,
                thumbnail_content_type: tct,
                thumbnail_file_size: tfs,
                height,
                content_description,
                ..Default::default()
            },
        )
        .boxed()
}

fn card_content() -> BoxedStrategy<CardContent<'static>> {
    (
        opt(media()),
        opt(text(200)),
        rare(text(2000)),
        opt(suggestions(4)),
    )
        .prop_map(|(media, title, description, suggestions)| CardContent {
            media,
            title,
            description,
            suggestions,
            ..Default::default()
        })
        .boxed()
}

fn message() -> BoxedStrategy<Message<'static>> {
    let card = (
        opt(enum_of!(CardOrientation: CardOrientation::Vertical, CardOrientation::Horizontal)),
        opt(enum_of!(ImageAlignment: ImageAlignment::Left, ImageAlignment::Right)),
        rare(font_styles()),
        rare(font_styles()),
        rare(uri()),
        opt(card_content()),
    )
        .prop_map(|(o, a, tfs, dfs, style, content)| GeneralPurposeCard {
            layout: Some(CardLayout {
                card_orientation: o,
                image_alignment: a,
                title_font_style: tfs,
                description_font_style: dfs,
                style,
                ..Default::default()
            }),
            content,
            ..Default::default()
        });
    let carousel = (
        opt(enum_of!(CardWidth: CardWidth::Small, CardWidth::Medium)),
        rare(font_styles()),
        prop_oneof![5 => proptest::collection::vec(card_content(), 2..=4), 1 => proptest::collection::vec(card_content(), 0..=13)],
    )
        .prop_map(|(w, tfs, cards)| GeneralPurposeCardCarousel {
            layout: Some(CarouselLayout {
                card_width: w,
                title_font_style: tfs,
                ..Default::default()
            }),
            content: Some(cards),
            ..Default::default()
        });
    prop_oneof![
        4 => card.prop_map(|c| Message { general_purpose_card: Some(Box::new(c)), ..Default::default() }),
        4 => carousel.prop_map(|c| Message { general_purpose_card_carousel: Some(Box::new(c)), ..Default::default() }),
        1 => Just(Message::default()),
    ]
    .boxed()
}

fn body() -> BoxedStrategy<ChatbotBody<'static>> {
    let shared = (
        opt(text(10)),
        opt(text(20)),
        opt(text(4)),
        opt(text(15)),
        rare(size()),
    )
        .prop_map(|(m, p, v, c, b)| SharedData {
            device_specifics: Some(DeviceSpecifics {
                device_model: m,
                platform_version: p,
                client_vendor: v,
                client_version: c,
                battery_remaining_minutes: b,
                ..Default::default()
            }),
            ..Default::default()
        });
    let response = (any::<bool>(), reply()).prop_map(|(is_reply, r)| {
        if is_reply {
            Response {
                reply: Some(r),
                ..Default::default()
            }
        } else {
            Response {
                action: Some(r),
                ..Default::default()
            }
        }
    });
    prop_oneof![
        6 => message().prop_map(|m| ChatbotBody { message: Some(m), ..Default::default() }),
        6 => suggestions(11).prop_map(|s| ChatbotBody { suggestions: Some(s), ..Default::default() }),
        2 => response.prop_map(|r| ChatbotBody { response: Some(Box::new(r)), ..Default::default() }),
        2 => shared.prop_map(|s| ChatbotBody { shared_data: Some(Box::new(s)), ..Default::default() }),
        1 => (message(), suggestions(11)).prop_map(|(m, s)| ChatbotBody { message: Some(m), suggestions: Some(s), ..Default::default() }),
        1 => Just(ChatbotBody::default()),
    ]
    .boxed()
}

fn menu(level: u32) -> BoxedStrategy<Menu<'static>> {
    let entry = if level < 3 {
        prop_oneof![
            3 => reply().prop_map(|r| MenuEntry { reply: Some(r), ..Default::default() }),
            3 => action().prop_map(|a| MenuEntry { action: Some(a), ..Default::default() }),
            2 => menu(level + 1).prop_map(|m| MenuEntry { menu: Some(m), ..Default::default() }),
        ]
        .boxed()
    } else {
        reply()
            .prop_map(|r| MenuEntry {
                reply: Some(r),
                ..Default::default()
            })
            .boxed()
    };
    (
        prop_oneof![5 => proptest::collection::vec(entry.clone(), 1..=3), 1 => proptest::collection::vec(entry, 0..=6)],
        if level == 0 { Just(None).boxed() } else { opt(text(25)).boxed() },
    )
        .prop_map(|(entries, display_text)| Menu {
            entries: Some(entries),
            display_text,
            ..Default::default()
        })
        .boxed()
}

fn check_roundtrip<'a, T>(
    doc: &T,
    bytes: &'a [u8],
    parse: impl Fn(&'a [u8], &ParseOptions) -> Result<Parsed<T>, DecodeError>,
) where
    T: PartialEq + std::fmt::Debug,
{
    let strict = parse(bytes, &ParseOptions::new()).unwrap();
    assert_eq!(&strict.value, doc);
    assert!(strict.warnings.is_empty());
    let lenient = parse(bytes, &ParseOptions::faithful()).unwrap();
    assert_eq!(&lenient.value, doc);
    assert!(lenient.warnings.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("RCS_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(768)))]

    #[test]
    fn body_roundtrip_and_schema_agreement(doc in body()) {
        let bytes = doc.to_bytes();
        prop_assert_eq!(bytes.len(), doc.encoded_len());
        check_roundtrip(&doc, &bytes, ChatbotBody::parse_with);
        let Some(schema) = schema("message") else { return Ok(()) };
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let theirs = schema.is_valid(&json);
        let ours = doc.validate(&Profile::GSMA);
        prop_assert_eq!(ours.is_empty(), theirs, "ours: {:?}\n{}", ours, String::from_utf8_lossy(&bytes));
        // A lenient reader (defaults on) reads what was written plus exactly the repairs
        // `normalize` makes, each warned; a valid document is read back unchanged (repairs only
        // touch what the schema refuses, and never a branch beside a valid one).
        let lenient = ChatbotBody::parse_with(&bytes, &ParseOptions::lenient()).unwrap();
        let mut expected = doc.clone();
        let repairs = expected.normalize();
        prop_assert_eq!(&lenient.value, &expected);
        prop_assert_eq!(lenient.warnings.len(), repairs.len());
        if ours.is_empty() {
            prop_assert!(repairs.is_empty(), "a valid document was repaired: {:?}", repairs);
            prop_assert_eq!(&lenient.value, &doc);
        }
    }

    #[test]
    fn menu_roundtrip_and_schema_agreement(m in menu(0)) {
        let doc = PersistentMenu { menu: Some(m), ..Default::default() };
        let bytes = doc.to_bytes();
        check_roundtrip(&doc, &bytes, PersistentMenu::parse_with);
        let Some(schema) = schema("menu") else { return Ok(()) };
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let theirs = schema.is_valid(&json);
        let ours = doc.validate(&Profile::GSMA);
        prop_assert_eq!(ours.is_empty(), theirs, "ours: {:?}\n{}", ours, String::from_utf8_lossy(&bytes));
    }
}

/// Both verdicts occur often enough for the agreement to mean something.
#[test]
fn generated_documents_are_both_valid_and_invalid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let s = body();
    let (mut valid, mut invalid) = (0, 0);
    for _ in 0..500 {
        let doc = s.new_tree(&mut runner).unwrap().current();
        if doc.validate(&Profile::GSMA).is_empty() {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    println!("generated bodies: {valid} valid, {invalid} invalid");
    assert!(
        valid >= 50 && invalid >= 50,
        "{valid} valid, {invalid} invalid"
    );
}
