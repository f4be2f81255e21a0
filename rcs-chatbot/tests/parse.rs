//! Parsing: strict and lenient modes, precise errors, limits, zero-copy.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;

use rcs_chatbot::*;

const CARD: &str = r#"{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{"media":{"mediaUrl":"https://x.cn/a.jpg","mediaContentType":"image/jpeg","mediaFileSize":1024,"height":"SHORT_HEIGHT"},"title":"标题","suggestions":[{"reply":{"displayText":"好","postback":{"data":"ok"}}}]}}}}"#;

#[test]
fn strings_without_escapes_are_borrowed() {
    let b = ChatbotBody::parse(CARD.as_bytes()).unwrap();
    let content = b
        .message
        .as_ref()
        .unwrap()
        .general_purpose_card
        .as_ref()
        .unwrap()
        .content
        .as_ref()
        .unwrap();
    assert!(matches!(content.title, Some(Cow::Borrowed("标题"))));
    let escaped = br#"{"suggestions":[{"reply":{"displayText":"\u597d\"q\""}}]}"#;
    let b = ChatbotBody::parse(escaped).unwrap();
    let r = b.suggestions.as_ref().unwrap()[0].reply.as_ref().unwrap();
    assert!(matches!(&r.display_text, Some(Cow::Owned(s)) if s == "好\"q\""));
    assert_eq!(ChatbotBody::parse(&b.to_bytes()).unwrap(), b);
}

#[test]
fn unknown_member_strict_error_names_the_place() {
    let doc = br#"{"suggestions":[{"reply":{"displayText":"a"}},{"reply":{"displayText":"b","colour":"red"}}]}"#;
    let e = ChatbotBody::parse(doc).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownMember);
    assert_eq!(e.field().unwrap_or(""), "/suggestions/1/reply/colour");
    // The column is where the reader stopped: the start of the refused member's value.
    assert_eq!((e.line(), e.column()), (1, 84));
    assert_eq!(
        e.to_string(),
        "unknown member in /suggestions/1/reply/colour at 1:84"
    );
    // Lenient: kept, warned, written back.
    let p = ChatbotBody::parse_with(doc, &ParseOptions::faithful()).unwrap();
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].kind, WarningKind::UnknownMember);
    assert_eq!(p.warnings[0].pointer, "/suggestions/1/reply/colour");
    let r = p.value.suggestions.as_ref().unwrap()[1]
        .reply
        .as_ref()
        .unwrap();
    assert_eq!(
        r.extra,
        vec![(
            Cow::Borrowed("colour"),
            JsonValue::String(Cow::Borrowed("red"))
        )]
    );
    assert_eq!(p.value.to_bytes(), &doc[..]);
}

#[test]
fn pointer_escapes_tilde_and_slash() {
    let doc = br#"{"message":{"a/b~c":1}}"#;
    let e = ChatbotBody::parse(doc).unwrap_err();
    assert_eq!(e.field().unwrap_or(""), "/message/a~1b~0c");
}

#[test]
fn wrong_type_and_syntax_errors() {
    let e = ChatbotBody::parse(br#"{"suggestions":[{"reply":{"displayText":7}}]}"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WrongType);
    assert_eq!(e.field().unwrap_or(""), "/suggestions/0/reply/displayText");
    let e = ChatbotBody::parse(br#"{"suggestions":{}}"#).unwrap_err();
    assert_eq!(
        (e.kind(), e.field().unwrap_or("")),
        (ErrorKind::WrongType, "/suggestions")
    );
    let e = ChatbotBody::parse(br#"[]"#).unwrap_err();
    assert_eq!(
        (e.kind(), e.field().unwrap_or("")),
        (ErrorKind::WrongType, "")
    );
    let e = ChatbotBody::parse(br#"{"suggestions":[}"#).unwrap_err();
    assert_eq!(
        (e.kind(), e.field().unwrap_or("")),
        (ErrorKind::Syntax, "/suggestions/0")
    );
    let e = ChatbotBody::parse(br#"{"suggestions":[{"reply":"#).unwrap_err();
    assert!(e.is_incomplete(), "{e}");
    let e = ChatbotBody::parse(br#"{} {}"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Syntax);
    let e = ChatbotBody::parse(b"{\"message\":{\"x\xff\":1}}").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Syntax);
    // Coordinates must be numbers; sizes must be integers (a fraction is not one).
    let e = ChatbotBody::parse(
        br#"{"message":{"generalPurposeCard":{"content":{"media":{"mediaFileSize":1.5}}}}}"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.kind(), e.field().unwrap_or("")),
        (
            ErrorKind::WrongType,
            "/message/generalPurposeCard/content/media/mediaFileSize"
        )
    );
}

#[test]
fn duplicate_members_are_refused_in_every_mode() {
    let doc = br#"{"suggestions":[{"reply":{"displayText":"a","displayText":"b"}}]}"#;
    for opts in [ParseOptions::new(), ParseOptions::faithful()] {
        let e = ChatbotBody::parse_with(doc, &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DuplicateMember);
        assert_eq!(e.field().unwrap_or(""), "/suggestions/0/reply/displayText");
    }
}

#[test]
fn numbers_as_strings() {
    let doc = br#"{"message":{"generalPurposeCard":{"content":{"media":{"mediaFileSize":"151250","thumbnailFileSize":""}}}}}"#;
    let e = ChatbotBody::parse(doc).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NumberAsString);
    assert_eq!(
        e.field().unwrap_or(""),
        "/message/generalPurposeCard/content/media/mediaFileSize"
    );
    let p = ChatbotBody::parse_with(doc, &ParseOptions::faithful()).unwrap();
    assert_eq!(p.warnings.len(), 2);
    let media = p
        .value
        .message
        .as_ref()
        .unwrap()
        .general_purpose_card
        .as_ref()
        .unwrap()
        .content
        .as_ref()
        .unwrap()
        .media
        .as_ref()
        .unwrap();
    assert_eq!(
        media.media_file_size.as_ref().unwrap().value(),
        Some(151_250)
    );
    assert_eq!(media.thumbnail_file_size.as_ref().unwrap().value(), None);
    // Written back as sent.
    assert_eq!(p.value.to_bytes(), &doc[..]);
}

#[test]
fn limits() {
    let deep = format!("{{\"message\":{}{}}}", "[".repeat(40), "]".repeat(40));
    let e = ChatbotBody::parse_with(deep.as_bytes(), &ParseOptions::faithful()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WrongType); // message must be an object
    let deep = format!(
        "{{\"message\":{{\"x\":{}{}}}}}",
        "[".repeat(40),
        "]".repeat(40)
    );
    let e = ChatbotBody::parse_with(deep.as_bytes(), &ParseOptions::faithful()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::NestingDepth));
    assert!(
        e.field().unwrap_or("").starts_with("/message/x/0/0/0"),
        "{}",
        e.field().unwrap_or("")
    );

    let many = format!("{{\"suggestions\":[{}]}}", vec!["{}"; 70_000].join(","));
    let e = ChatbotBody::parse(many.as_bytes()).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::LimitExceeded(LimitKind::ContainerCount)
    );
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_containers = 30;
    let e = ChatbotBody::parse_with(CARD.as_bytes(), &opts);
    assert!(e.is_ok());
    opts.limits_mut().max_containers = 5;
    let e = ChatbotBody::parse_with(CARD.as_bytes(), &opts).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::LimitExceeded(LimitKind::ContainerCount)
    );
    opts.limits_mut().max_message_size = 10;
    let e = ChatbotBody::parse_with(CARD.as_bytes(), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::MessageSize));
}

#[test]
fn kinds_and_content_types() {
    let b = ChatbotBody::parse(CARD.as_bytes()).unwrap();
    assert_eq!(b.kind(), Some(BodyKind::BotMessage));
    assert_eq!(
        BodyKind::from_content_type("Application/vnd.gsma.botmessage.v1.0+json; charset=utf-8"),
        Some(BodyKind::BotMessage)
    );
    assert_eq!(
        BodyKind::SuggestionResponse.content_type(),
        SUGGESTION_RESPONSE_TYPE
    );
    let two = br#"{"message":{},"suggestions":[]}"#;
    assert_eq!(ChatbotBody::parse(two).unwrap().kind(), None);
    assert!(b.validate(&Profile::GSMA).is_empty());
}

#[test]
fn serde_deserialize_embeds_leniently() {
    #[derive(serde::Deserialize)]
    struct Envelope<'a> {
        #[serde(borrow, rename = "contentText")]
        content_text: ChatbotBody<'a>,
    }
    let json = format!(
        r#"{{"contentText":{}}}"#,
        CARD.replace("\"title\"", "\"x-unknown\":1,\"title\"")
    );
    let e: Envelope<'_> = serde_json::from_str(&json).unwrap();
    assert_eq!(e.content_text.kind(), Some(BodyKind::BotMessage));
}

/// Suggestions are moved around by the hundred: the seven action kinds stay boxed so that one
/// suggestion is a few hundred bytes, not the 1,280 it was with them inline.
#[test]
fn suggestions_stay_small() {
    assert!(
        size_of::<Suggestion<'_>>() <= 320,
        "{}",
        size_of::<Suggestion<'_>>()
    );
    assert!(
        size_of::<Action<'_>>() <= 192,
        "{}",
        size_of::<Action<'_>>()
    );
    // The root's members are boxed too: a body is cheap to move and to put in an enum.
    assert!(
        size_of::<ChatbotBody<'_>>() <= 128,
        "{}",
        size_of::<ChatbotBody<'_>>()
    );
    eprintln!(
        "sizes: body {} suggestion {} action {}",
        size_of::<ChatbotBody<'_>>(),
        size_of::<Suggestion<'_>>(),
        size_of::<Action<'_>>()
    );
}
