//! The XML bodies: IMDN (RFC 5438) and isComposing (RFC 3994) from the corpus, written back and
//! read again; the notification for a received message; hostile XML refused.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rcs_cpim::{
    ComposingState, ErrorKind, Imdn, ImdnKind, ImdnStatus, IsComposing, LimitKind, Message,
    ParseOptions, XmlOptions, XmlWarning,
};
use rcs_testkit::{corpus_dir, corpus_file};

fn strict() -> XmlOptions {
    XmlOptions::default()
}

fn judge(file: &str, bytes: &[u8]) -> Result<String, String> {
    if file.contains("iscomposing") {
        let c = IsComposing::parse(bytes, &strict()).map_err(|e| e.to_string())?;
        let want = match file {
            "rfc3994-iscomposing-active.xml" => {
                (ComposingState::Active, None, Some("text/plain"), Some(90))
            }
            "rfc3994-iscomposing-idle.xml" => (
                ComposingState::Idle,
                Some("2003-01-27T10:43:00Z"),
                Some("audio"),
                None,
            ),
            "rcsjta-iscomposing-active.xml" => (
                ComposingState::Active,
                Some("2012-02-22T17:53:49.000Z"),
                Some("text/plain"),
                Some(60),
            ),
            other => return Err(format!("no expectation for {other}")),
        };
        let got = (
            c.state.clone(),
            c.last_active.as_deref(),
            c.content_type.as_deref(),
            c.refresh,
        );
        if got != want {
            return Err(format!("{got:?}"));
        }
        let again =
            IsComposing::parse(c.to_xml().as_bytes(), &strict()).map_err(|e| e.to_string())?;
        if again != c {
            return Err("written back, it reads differently".into());
        }
        return Ok(format!("{:?}", c.state));
    }
    let i = Imdn::parse(bytes, &strict()).map_err(|e| e.to_string())?;
    let want = match file {
        "rcsjta-imdn-displayed.xml" => (ImdnKind::Display, ImdnStatus::Displayed, None, None),
        "rfc5438-delivery-notification.xml" | "wrapped in CPIM" => (
            ImdnKind::Delivery,
            ImdnStatus::Delivered,
            Some("im:bob@example.com"),
            Some("im:bob@example.com"),
        ),
        "synthetic-imdn-processed-error.xml" => {
            (ImdnKind::Processing, ImdnStatus::Error, None, None)
        }
        other => return Err(format!("no expectation for {other}")),
    };
    let got = (
        i.kind,
        i.status.clone(),
        i.recipient_uri.as_deref(),
        i.original_recipient_uri.as_deref(),
    );
    if got != want || i.message_id.is_empty() || !i.warnings.is_empty() {
        return Err(format!("{got:?}"));
    }
    let again = Imdn::parse(i.to_xml().as_bytes(), &strict()).map_err(|e| e.to_string())?;
    if again != i {
        return Err("written back, it reads differently".into());
    }
    Ok(format!("{:?} {}", i.kind, i.status.as_str()))
}

#[test]
fn corpus() {
    let Some(dir) = corpus_dir("imdn") else {
        return;
    };
    let (mut right, mut wrong) = (0, Vec::new());
    let mut run = |name: &str, bytes: &[u8]| match judge(name, bytes) {
        Ok(what) => {
            eprintln!("ok   {name}: {what}");
            right += 1;
        }
        Err(e) => wrong.push(format!("{name}: {e}")),
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    for line in manifest.lines().skip(1) {
        let file = line.split('\t').next().unwrap();
        if file.ends_with(".xml") {
            run(file, &std::fs::read(dir.join(file)).unwrap());
        }
    }
    let wrapped = corpus_file("imdn", "rfc5438-delivery-notification-wrapped.cpim").unwrap();
    let m = Message::parse(&wrapped).unwrap();
    run("wrapped in CPIM", m.content());
    eprintln!("imdn xml corpus: {right} right, {} wrong", wrong.len());
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(right, 7);
}

#[test]
fn a_notification_for_a_received_message() {
    let Some(raw) = corpus_file("imdn", "rfc5438-s7.1.1-request.cpim") else {
        return;
    };
    let mut opts = ParseOptions::new();
    opts = opts.allow_wrong_content_length(true);
    let m = Message::parse_with(&raw, &opts).unwrap();
    let n = Imdn::for_message(
        &m,
        ImdnKind::Delivery,
        ImdnStatus::Delivered,
        "im:bob@example.com",
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        (n.message_id.as_str(), n.datetime.as_str()),
        ("34jk324j", "2006-04-04T12:16:49-05:00")
    );
    // Display was asked for too; processing was not.
    assert!(
        Imdn::for_message(
            &m,
            ImdnKind::Display,
            ImdnStatus::Displayed,
            "im:bob@example.com"
        )
        .unwrap()
        .is_some()
    );
    assert!(
        Imdn::for_message(
            &m,
            ImdnKind::Processing,
            ImdnStatus::Processed,
            "im:bob@example.com"
        )
        .unwrap()
        .is_none()
    );
    // A status that does not fit the kind.
    assert!(
        Imdn::for_message(
            &m,
            ImdnKind::Display,
            ImdnStatus::Delivered,
            "im:bob@example.com"
        )
        .is_err()
    );
    // Wrapped: a CPIM notification that asks for nothing, carrying the document.
    let wrapped = n
        .to_cpim(
            "im:bob@example.com",
            "im:alice@example.com",
            "d834jied93rf",
            "2008-04-04T12:16:49-05:00",
        )
        .unwrap();
    assert!(wrapped.disposition_notification().is_none());
    assert_eq!(
        wrapped.content_disposition().unwrap().unwrap().kind,
        "notification"
    );
    assert!(
        wrapped
            .content_type()
            .unwrap()
            .unwrap()
            .is("message", "imdn+xml")
    );
    assert_eq!(Imdn::parse(wrapped.content(), &strict()).unwrap(), n);
}

#[test]
fn hostile_and_sloppy_xml() {
    let e = |b: &[u8]| Imdn::parse(b, &strict()).unwrap_err().kind();
    // Billion laughs: no DTD at all.
    let lol = b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>&lol2;</message-id></imdn>";
    assert_eq!(e(lol), ErrorKind::InvalidXml);
    // Unknown entity, mismatched end, two roots, text outside the root.
    assert_eq!(
        e(b"<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>&x;</message-id></imdn>"),
        ErrorKind::InvalidXml
    );
    assert_eq!(
        e(b"<imdn><message-id>a</datetime></imdn>"),
        ErrorKind::InvalidXml
    );
    assert_eq!(e(b"<a/><b/>"), ErrorKind::InvalidXml);
    assert_eq!(e(b"<a/>junk"), ErrorKind::InvalidXml);
    assert_eq!(
        e(b"<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">"),
        ErrorKind::InvalidXml
    );
    // Depth and element count.
    let deep = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
    assert_eq!(e(deep.as_bytes()), ErrorKind::LimitExceeded(LimitKind::Xml));
    let wide = format!("<a>{}</a>", "<b/>".repeat(5000));
    assert_eq!(e(wide.as_bytes()), ErrorKind::LimitExceeded(LimitKind::Xml));
    // No namespace: a wrong document strictly, read with a warning leniently.
    let bare = b"<imdn><message-id>x1</message-id><datetime>2024-05-01T08:00:00Z</datetime><display-notification><status><displayed/></status></display-notification></imdn>";
    assert_eq!(e(bare), ErrorKind::InvalidDocument);
    let lenient = XmlOptions {
        lenient: true,
        ..XmlOptions::default()
    };
    let i = Imdn::parse(bare, &lenient).unwrap();
    assert_eq!(
        (i.kind, i.status),
        (ImdnKind::Display, ImdnStatus::Displayed)
    );
    assert!(i.warnings.contains(&XmlWarning::NamespaceMissing));
    // Missing pieces and statuses that do not fit.
    let no_status = b"<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>x</message-id><datetime>2024-05-01T08:00:00Z</datetime><delivery-notification/></imdn>";
    assert_eq!(e(no_status), ErrorKind::InvalidDocument);
    let misfit = b"<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>x</message-id><datetime>2024-05-01T08:00:00Z</datetime><display-notification><status><delivered/></status></display-notification></imdn>";
    assert_eq!(e(misfit), ErrorKind::InvalidDocument);
    // Extension elements survive a read and a write.
    let ext = b"<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\" xmlns:x=\"urn:example:x\"><message-id>x</message-id><datetime>2024-05-01T08:00:00Z</datetime><delivery-notification><status><failed/></status></delivery-notification><x:reason code=\"7\">gone &amp; lost</x:reason></imdn>";
    let i = Imdn::parse(ext, &strict()).unwrap();
    assert_eq!(i.extensions.len(), 1);
    assert_eq!(i.extensions[0].namespace.as_deref(), Some("urn:example:x"));
    assert_eq!(i.extensions[0].attribute("code"), Some("7"));
    let again = Imdn::parse(i.to_xml().as_bytes(), &strict()).unwrap();
    assert_eq!(again, i);
    assert_eq!(again.extensions[0].text(), "gone & lost");
}

fn uri() -> impl Strategy<Value = String> {
    "(sip|tel|im):[a-z0-9+@.&<>\"'=-]{1,20}"
}

proptest! {
    #[test]
    fn imdn_round_trip(id in "[A-Za-z0-9&<>\"'-]{1,24}", secs in 0u32..86_400, kind in 0u8..3, status in 0u8..8,
        recipient in prop::option::of(uri()), original in prop::option::of(uri()), subject in prop::option::of("[ -~\u{4f60}\u{597d}]{0,20}")) {
        let kind = [ImdnKind::Delivery, ImdnKind::Display, ImdnKind::Processing][kind as usize];
        let status = [ImdnStatus::Delivered, ImdnStatus::Failed, ImdnStatus::Displayed, ImdnStatus::Processed,
            ImdnStatus::Stored, ImdnStatus::Forbidden, ImdnStatus::Error, ImdnStatus::Other("x-custom".into())][status as usize].clone();
        prop_assume!(status.fits(kind));
        let i = Imdn {
            message_id: id,
            datetime: format!("2026-11-21T{:02}:{:02}:{:02}+08:00", secs / 3600, secs / 60 % 60, secs % 60),
            recipient_uri: recipient,
            original_recipient_uri: original,
            // Text is read trimmed.
            subject: subject.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
            kind,
            status,
            extensions: Vec::new(),
            warnings: Vec::new(),
        };
        let again = Imdn::parse(i.to_xml().as_bytes(), &strict()).unwrap();
        prop_assert_eq!(again, i);
    }

    #[test]
    fn iscomposing_round_trip(active in any::<bool>(), refresh in prop::option::of(1u32..3600), ct in prop::option::of("[a-z]{1,8}(/[a-z+.-]{1,12})?"),
        last in prop::option::of(0u32..86_400)) {
        let c = IsComposing {
            state: if active { ComposingState::Active } else { ComposingState::Idle },
            last_active: last.map(|s| format!("2026-11-21T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)),
            content_type: ct,
            refresh,
            extensions: Vec::new(),
            warnings: Vec::new(),
        };
        let again = IsComposing::parse(c.to_xml().as_bytes(), &strict()).unwrap();
        prop_assert_eq!(again, c);
    }
}

#[test]
fn written_documents_look_right() {
    let ext = b"<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\" xmlns:x=\"urn:example:x\"><message-id>a&lt;b</message-id><datetime>2024-05-01T08:00:00Z</datetime><delivery-notification><status><failed/></status></delivery-notification><x:reason code=\"7\">gone</x:reason></imdn>";
    let xml = Imdn::parse(ext, &strict()).unwrap().to_xml();
    assert_eq!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>a&lt;b</message-id><datetime>2024-05-01T08:00:00Z</datetime><delivery-notification><status><failed/></status></delivery-notification><x:reason xmlns:x=\"urn:example:x\" code=\"7\">gone</x:reason></imdn>"
    );
}

#[test]
fn namespace_edge_cases_survive_a_write() {
    // An extension in no namespace under a namespaced root (written with xmlns=""), and a
    // namespace URI with an escaped character (compared unescaped).
    let doc = b"<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\" xmlns:y=\"urn:a&amp;b\"><message-id>m</message-id><datetime>2024-05-01T08:00:00Z</datetime><display-notification><status><displayed/></status></display-notification><plain xmlns=\"\">p</plain><y:e/></imdn>";
    let i = Imdn::parse(doc, &strict()).unwrap();
    assert_eq!(i.extensions[0].namespace, None);
    assert_eq!(i.extensions[1].namespace.as_deref(), Some("urn:a&b"));
    let xml = i.to_xml();
    assert!(xml.contains("<plain xmlns=\"\">p</plain>"), "{xml}");
    assert!(xml.contains("<y:e xmlns:y=\"urn:a&amp;b\"/>"), "{xml}");
    assert_eq!(Imdn::parse(xml.as_bytes(), &strict()).unwrap(), i);
    // Names XML does not allow, and control characters, are refused.
    for bad in [
        &b"<imdn><a)b/></imdn>"[..],
        b"<imdn><m>\x01</m></imdn>",
        b"<imdn><m>&#0;</m></imdn>",
        b"<imdn a)=\"1\"/>",
    ] {
        assert_eq!(
            Imdn::parse(bad, &strict()).unwrap_err().kind(),
            ErrorKind::InvalidXml,
            "{bad:?}"
        );
    }
}

/// RFC 5438 §7.2 and RFC 3994 §4: the schemas' single-valued elements appear at most once;
/// a repeat is refused by name (strict and lenient alike), never read as the first.
#[test]
fn single_valued_elements_repeated_are_refused() {
    let imdn = |inner: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">{inner}</imdn>"
        )
    };
    let id = "<message-id>34jk324j</message-id>";
    let dt = "<datetime>2008-04-04T12:16:49-07:00</datetime>";
    let dn = "<delivery-notification><status><delivered/></status></delivery-notification>";
    let ok = imdn(&format!("{id}{dt}{dn}"));
    for opts in [
        XmlOptions::default(),
        XmlOptions {
            lenient: true,
            ..XmlOptions::default()
        },
    ] {
        assert!(Imdn::parse(ok.as_bytes(), &opts).is_ok());
        for (doc, name) in [
            (imdn(&format!("{id}{id}{dt}{dn}")), "message-id"),
            (imdn(&format!("{id}{dt}{dt}{dn}")), "datetime"),
            (imdn(&format!("{id}{dt}{dn}{dn}")), "delivery-notification"),
            (
                imdn(&format!(
                    "{id}{dt}<subject>a</subject><subject>b</subject>{dn}"
                )),
                "subject",
            ),
        ] {
            let e = Imdn::parse(doc.as_bytes(), &opts).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidDocument, "{doc}");
            assert_eq!(e.field(), Some(name), "{doc}");
        }
    }
    let composing = |inner: &str| {
        format!(
            "<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\">{inner}</isComposing>"
        )
    };
    assert!(
        IsComposing::parse(
            composing("<state>active</state>").as_bytes(),
            &XmlOptions::default()
        )
        .is_ok()
    );
    for (inner, name) in [
        ("<state>active</state><state>idle</state>", "state"),
        (
            "<state>active</state><refresh>60</refresh><refresh>90</refresh>",
            "refresh",
        ),
        (
            "<state>idle</state><lastactive>2003-01-27T10:43:00Z</lastactive><lastactive>2003-01-27T10:44:00Z</lastactive>",
            "lastactive",
        ),
    ] {
        let e =
            IsComposing::parse(composing(inner).as_bytes(), &XmlOptions::default()).unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ErrorKind::InvalidDocument, Some(name)),
            "{inner}"
        );
    }
}

/// XML 1.0 §4.3.3: a document declared in one encoding and written in another is a fatal
/// error. These bodies are UTF-8: a declaration may name UTF-8, or US-ASCII when it is ASCII.
#[test]
fn declared_encoding_must_be_the_one_written() {
    let body = |decl: &str, text: &str| {
        format!(
            "<?xml version=\"1.0\"{decl}?><isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\"><state>active</state><contenttype>{text}</contenttype></isComposing>"
        )
    };
    let o = XmlOptions::default();
    for (decl, text, ok) in [
        ("", "text/plain", true),
        (" encoding=\"UTF-8\"", "文本", true),
        (" encoding=\"utf-8\"", "text/plain", true),
        (" encoding=\"US-ASCII\"", "text/plain", true),
        (" encoding=\"US-ASCII\"", "文本", false),
        (" encoding=\"UTF-16\"", "text/plain", false),
        (" encoding=\"ISO-8859-1\"", "text/plain", false),
        (" encoding=\"GBK\"", "文本", false),
    ] {
        let r = IsComposing::parse(body(decl, text).as_bytes(), &o);
        assert_eq!(r.is_ok(), ok, "{decl} {text}: {r:?}");
        if let Err(e) = r {
            assert_eq!(e.kind(), ErrorKind::InvalidXml, "{decl}");
        }
    }
}
