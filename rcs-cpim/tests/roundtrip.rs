//! Round trips: built messages parse back to the same fields, any namespace prefix resolves like
//! `imdn`, and every prefix of a message is either incomplete (inside the headers) or the same
//! message with a shorter content. Limits and strictness.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rcs_cpim::{
    CPIM_NS, ErrorKind, IMDN_NS, LimitKind, Message, MessageBuilder, Notification, ParseOptions,
    Warning,
};

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9!#$%&'*+^_`|~-]{0,12}"
}

fn text() -> impl Strategy<Value = String> {
    // Header text: printable ASCII and some UTF-8, tabs, no line breaks.
    "[ -~\t\u{e9}\u{4f60}\u{597d}]{0,30}"
}

proptest! {
    #[test]
    fn built_messages_parse_back(
        prefix in "[a-z][a-z0-9]{0,6}",
        from_name in prop::option::of("[A-Za-z]{1,8}( [A-Za-z]{1,8}){0,2}|[ -~]{1,12}"),
        tos in prop::collection::vec("[a-z]{1,8}", 1..4),
        subject in text(),
        lang in prop::option::of("[a-z]{2}(-[A-Z]{2})?"),
        ext in prop::collection::vec((name(), text()), 0..5),
        id in "[A-Za-z0-9]{1,32}",
        content in prop::collection::vec(any::<u8>(), 0..200),
        with_len in any::<bool>(),
    ) {
        let mut b = MessageBuilder::new()
            .namespace(&prefix, IMDN_NS)
            .from(from_name.as_deref(), "sip:alice@example.com");
        for t in &tos {
            b = b.to(None, &format!("tel:+86{}", t.len())).cc(Some(t), &format!("im:{t}@example.com"));
        }
        b = b.subject(&subject, lang.as_deref())
            .imdn_message_id(&id)
            .disposition_notification(&[Notification::PositiveDelivery, Notification::Display]);
        for (n, v) in &ext {
            b = b.header("urn:example:ext", n, v);
        }
        let m = b
            .content_header("Content-Disposition", "render")
            .content("application/octet-stream", content.clone())
            .content_length(with_len)
            .build().unwrap();
        // parse ∘ encode = id.
        let again = Message::parse(m.as_bytes()).unwrap();
        prop_assert_eq!(again.as_bytes(), m.as_bytes());
        let from = again.from().unwrap().unwrap();
        prop_assert_eq!(from.display_name(), from_name.clone());
        prop_assert_eq!(again.to().count(), tos.len());
        prop_assert_eq!(again.cc().map(|c| c.unwrap().formal_name.unwrap().to_string()).collect::<Vec<_>>(), tos.clone());
        prop_assert_eq!(again.subjects().next(), Some((subject.as_str(), lang.as_deref())));
        prop_assert_eq!(again.imdn_message_id(), Some(id.as_str()));
        prop_assert!(again.wants(Notification::Display));
        for (n, v) in &ext {
            prop_assert!(again.headers_named("urn:example:ext", n).any(|h| h.value == v));
        }
        prop_assert_eq!(again.content(), &content[..]);
        prop_assert_eq!(again.content_length(), with_len.then_some(content.len() as u64));
        // The chosen prefix is what was sent; resolution does not care.
        let imdn_prefixed = again.headers().find(|h| h.is(IMDN_NS, "Message-ID")).unwrap();
        prop_assert_eq!(imdn_prefixed.prefix, Some(prefix.as_str()));
        let renamed = String::from_utf8(m.as_bytes().to_vec()).ok();
        if let Some(r) = renamed
            && prefix != "imdn"
            && !r.contains("imdn.")
        {
            let r = r.replace(&format!("NS: {prefix} <"), "NS: imdn <").replace(&format!("\r\n{prefix}."), "\r\nimdn.");
            let m2 = Message::parse(r.as_bytes()).unwrap();
            prop_assert_eq!(m2.imdn_message_id(), again.imdn_message_id());
            prop_assert_eq!(m2.disposition_notification().unwrap().unwrap(), again.disposition_notification().unwrap().unwrap());
        }
    }
}

fn sample() -> Vec<u8> {
    MessageBuilder::new()
        .from(Some("Alice"), "im:alice@example.com")
        .to(None, "im:bob@example.com")
        .imdn_message_id("abc123")
        .date_time("2026-11-21T10:00:00.5+08:00")
        .content("text/plain; charset=utf-8", "你好, 5G消息\r\nline two")
        .build()
        .unwrap()
        .as_bytes()
        .to_vec()
}

#[test]
fn every_prefix_is_incomplete_or_a_shorter_content() {
    let whole = sample();
    let m = Message::parse(&whole).unwrap();
    let content_at = whole.len() - m.content().len();
    for cut in 0..whole.len() {
        match Message::parse(&whole[..cut]) {
            Ok(p) => {
                assert!(cut >= content_at, "cut {cut}: parsed inside the headers");
                assert_eq!(p.content(), &m.content()[..cut - content_at]);
                assert_eq!(p.imdn_message_id(), Some("abc123"));
            }
            Err(e) => assert!(e.is_incomplete() && cut < content_at, "cut {cut}: {e}"),
        }
    }
}

#[test]
fn namespaces_by_urn_not_by_prefix() {
    let raw = b"NS: a <urn:ietf:params:imdn>\r\nNS: b <urn:example:other>\r\na.Message-ID: one\r\nb.Message-ID: two\r\nNS: a <urn:example:other>\r\na.Message-ID: three\r\n\r\nContent-Type: text/plain\r\n\r\n";
    let m = Message::parse(raw).unwrap();
    // `a` is re-declared: the later header is in the other namespace.
    assert_eq!(m.imdn_message_id(), Some("one"));
    assert_eq!(
        m.headers_named("urn:example:other", "Message-ID")
            .map(|h| h.value)
            .collect::<Vec<_>>(),
        ["two", "three"]
    );
    // A prefix used before its declaration: refused strictly, resolved with a warning leniently.
    let late = b"x.Message-ID: one\r\nNS: x <urn:ietf:params:imdn>\r\n\r\nContent-Type: text/plain\r\n\r\n";
    let m = Message::parse(late).unwrap();
    assert_eq!(m.imdn_message_id(), Some("one"));
    assert_eq!(m.warnings(), [Warning::NamespaceDeclaredLater]);
    let undeclared = b"y.Message-ID: one\r\n\r\nContent-Type: text/plain\r\n\r\n";
    let e = Message::parse(undeclared).unwrap_err();
    assert_eq!(
        (e.kind(), e.line(), e.column()),
        (ErrorKind::UndeclaredPrefix, 1, 1)
    );
    let m = Message::parse_with(undeclared, &ParseOptions::lenient()).unwrap();
    assert_eq!(m.headers().next().unwrap().namespace, None);
    assert_eq!(m.warnings(), [Warning::UndeclaredPrefix]);
    // rcsjta-style lookups by literal prefix would miss this; the core namespace is explicit.
    assert_eq!(m.header(CPIM_NS, "Message-ID"), None);
}

#[test]
fn strict_grammar_and_limits() {
    let e = |b: &[u8]| Message::parse(b).unwrap_err();
    // No space after the colon, a folded message header, a bare LF, a control character.
    assert_eq!(
        e(b"From:<im:a@b>\r\n\r\n\r\n").kind(),
        ErrorKind::InvalidHeader
    );
    assert!(Message::parse_with(b"From:<im:a@b>\r\n\r\n\r\n", &ParseOptions::lenient()).is_ok());
    assert_eq!(
        e(b"Subject: a\r\n b\r\n\r\n\r\n").kind(),
        ErrorKind::InvalidHeader
    );
    assert_eq!(
        e(b"Subject: a\n\r\n\r\n").kind(),
        ErrorKind::InvalidLineEnding
    );
    let err = e(b"Subject: a\r\nTo: x\x01y\r\n\r\n\r\n");
    assert_eq!(
        (err.kind(), err.line(), err.column()),
        (ErrorKind::InvalidHeader, 2, 6)
    );
    assert_eq!(err.to_string(), "invalid header line at 2:6");
    assert_eq!(
        e(b"Subject: \xff\r\n\r\n\r\n").kind(),
        ErrorKind::InvalidUtf8
    );
    assert_eq!(
        e(b"NS: imdn urn:x\r\n\r\n\r\n").kind(),
        ErrorKind::InvalidHeaderValue
    );
    assert_eq!(
        e(b"\r\nContent-Length: x\r\n\r\n").kind(),
        ErrorKind::InvalidHeaderValue
    );
    // Typed values fail on access, not at parse time.
    let m = Message::parse(b"From: bad\r\nDateTime: yesterday\r\n\r\n\r\n").unwrap();
    assert_eq!(m.from().unwrap().unwrap_err().field(), Some("From"));
    assert!(m.date_time().unwrap().is_err());
    // Limits.
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_headers = 2;
    let three = b"a: 1\r\nb: 2\r\nc: 3\r\n\r\n\r\n";
    assert_eq!(
        Message::parse_with(three, &opts).unwrap_err().kind(),
        ErrorKind::LimitExceeded(LimitKind::HeaderCount)
    );
    opts.limits_mut().max_headers = 10;
    opts.limits_mut().max_line_length = 8;
    let long = b"Subject: 123456789\r\n\r\n\r\n";
    assert_eq!(
        Message::parse_with(long, &opts).unwrap_err().kind(),
        ErrorKind::LimitExceeded(LimitKind::LineLength)
    );
    // An endless line is refused once it passes the limit, not buffered on.
    let endless = vec![b'a'; 1000];
    assert_eq!(
        Message::parse_with(&endless, &opts).unwrap_err().kind(),
        ErrorKind::LimitExceeded(LimitKind::LineLength)
    );
    opts.limits_mut().max_message_size = 10;
    assert_eq!(
        Message::parse_with(three, &opts).unwrap_err().kind(),
        ErrorKind::LimitExceeded(LimitKind::MessageSize)
    );
    // Base64 content decoded on request.
    let b64 =
        b"\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\nGgo=";
    let m = Message::parse(b64).unwrap();
    assert_eq!(&m.decoded_content().unwrap()[..], b"\x89PNG\r\n\x1a\n");
    let bad = b"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!";
    assert_eq!(
        Message::parse(bad)
            .unwrap()
            .decoded_content()
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidBase64
    );
}

#[test]
fn builder_refuses_injection() {
    let refused = |b: MessageBuilder| b.build().unwrap_err().piece().to_string();
    assert_eq!(
        refused(MessageBuilder::new().header(CPIM_NS, "Subject", "a\r\nTo: x")),
        "Subject"
    );
    assert_eq!(
        refused(MessageBuilder::new().header(CPIM_NS, "Bad.Name", "x")),
        "Bad.Name"
    );
    assert_eq!(
        refused(MessageBuilder::new().from(Some("x"), "not a uri")),
        "From"
    );
    assert_eq!(
        refused(MessageBuilder::new().date_time("2026-02-30T00:00:00Z")),
        "DateTime"
    );
    assert_eq!(
        refused(MessageBuilder::new().content("text", "x")),
        "Content-Type"
    );
    assert_eq!(
        refused(MessageBuilder::new().content_header("Content-Type", "text/plain")),
        "Content-Type"
    );
    assert_eq!(
        refused(MessageBuilder::new().namespace("a", "no-scheme")),
        "NS"
    );
    // The first refusal is kept.
    let two = MessageBuilder::new().date_time("x").from(None, "not a uri");
    assert_eq!(two.refused().map(|e| e.piece()), Some("DateTime"));
    // Quoted names with quotes and backslashes survive.
    let m = MessageBuilder::new()
        .from(Some("Dr. \"Who\" \\ 博士"), "sip:who@example.com")
        .build()
        .unwrap();
    assert_eq!(
        m.from().unwrap().unwrap().display_name().as_deref(),
        Some("Dr. \"Who\" \\ 博士")
    );
}
