//! GSMA FNW.11 MaaP: the corpus webhook events, outbound messages as client libraries write
//! them (nulls included), and the request builders.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_chatbot::fnw11::*;
use rcs_chatbot::{BodyKind, ErrorKind, ParseOptions, WarningKind};
use rcs_testkit::corpus_dir;

#[test]
fn corpus_fnw11_events() {
    let Some(dir) = corpus_dir("chatbot") else {
        return;
    };
    let dir = dir.join("fnw11-maap");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let Some(kind) = name
            .strip_prefix("event.")
            .and_then(|r| r.strip_suffix(".json"))
        else {
            continue;
        };
        let bytes = std::fs::read(&p).unwrap();
        let m = MaapMessage::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let event = m.event.as_ref().unwrap();
        assert!(event.is_known(), "{name}");
        assert_eq!(event.as_str(), kind, "{name}");
        let a: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&m.to_bytes()).unwrap();
        assert_eq!(a, b, "{name}");
        match event {
            MaapEvent::Message => {
                assert_eq!(
                    m.rcs_message.as_ref().unwrap().text_message.as_deref(),
                    Some("hello world")
                );
            }
            MaapEvent::Response | MaapEvent::NewUser => {
                let r = m
                    .rcs_message
                    .as_ref()
                    .unwrap()
                    .suggested_response
                    .as_ref()
                    .unwrap();
                assert_eq!(r.kind(), Some(BodyKind::SuggestionResponse));
            }
            MaapEvent::FileStatus => {
                assert_eq!(
                    m.file.as_ref().unwrap().file_size.as_ref().unwrap().value(),
                    Some(123_456)
                );
            }
            MaapEvent::Alias => {
                assert_eq!(
                    m.message_contact.as_ref().unwrap().chat_id.as_deref(),
                    Some("93JF93SEIJFE")
                );
            }
            _ => {}
        }
        n += 1;
    }
    println!("chatbot fnw11 events: {n} right");
    assert_eq!(n, 7);
}

/// What rcs-maap-bot's `FileMessage.generate()` writes: every unset member as `null`.
const WITH_NULLS: &str = r#"{"RCSMessage":{"fileMessage":{"fileUrl":"https://x.example/f.jpg","fileName":null,"fileMIMEType":"image/jpeg","fileSize":null,"thumbnailUrl":null,"thumbnailFileName":null,"thumbnailMIMEType":null,"thumbnailFileSize":null},"suggestedChipList":{"suggestions":[{"reply":{"displayText":"OK","postback":{"data":"ok"}}}]}},"messageContact":{"userContact":"+14251234567","chatId":null}}"#;

#[test]
fn null_members() {
    let e = MaapMessage::parse(WITH_NULLS.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WrongType);
    assert_eq!(e.field().unwrap_or(""), "/RCSMessage/fileMessage/fileName");
    let p = MaapMessage::parse_with(WITH_NULLS.as_bytes(), &ParseOptions::faithful()).unwrap();
    assert_eq!(p.warnings.len(), 7);
    assert!(p.warnings.iter().all(|w| w.kind == WarningKind::NullMember));
    assert_eq!(p.warnings[6].pointer, "/messageContact/chatId");
    let f = p
        .value
        .rcs_message
        .as_ref()
        .unwrap()
        .file_message
        .as_ref()
        .unwrap();
    assert_eq!(
        (f.file_name.as_deref(), f.file_mime_type.as_deref()),
        (None, Some("image/jpeg"))
    );
    // Written back without the nulls, and then strict-clean.
    let out = p.value.to_bytes();
    assert!(!out.windows(4).any(|w| w == b"null"));
    assert_eq!(MaapMessage::parse(&out).unwrap(), p.value);
}

#[test]
fn requests() {
    let api = MaapApi::new(
        "http://maap.example:8080/root/rcs/bot/v1/",
        "bot@botplatform.example",
    );
    let m = MaapMessage::parse_with(WITH_NULLS.as_bytes(), &ParseOptions::faithful())
        .unwrap()
        .value;
    let r = api.send("TOKEN", &m).unwrap();
    assert_eq!(
        r.uri().to_string(),
        "http://maap.example:8080/root/rcs/bot/v1/bot%40botplatform.example/messages"
    );
    assert_eq!(r.headers()["authorization"], "Bearer TOKEN");
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(MaapMessage::parse(r.body()).unwrap(), m);
    let s = api
        .update_status("TOKEN", "Xs8CI3tdf", "displayed")
        .unwrap();
    assert_eq!(s.method(), http::Method::PUT);
    assert!(s.uri().path().ends_with("/messages/Xs8CI3tdf/status"));
    assert_eq!(&s.body()[..], br#"{"RCSMessage":{"status":"displayed"}}"#);
    let c = api
        .contact_capabilities("TOKEN", "+14251234567", Some("a b"))
        .unwrap();
    assert_eq!(
        c.uri().query(),
        Some("userContact=%2B14251234567&chatId=a%20b")
    );
    let u = api
        .upload_file(
            "TOKEN",
            "image/jpeg",
            "2026-12-01T00:00:00Z",
            FileSource::Url("https://x/f.jpg"),
            "B0undary",
        )
        .unwrap();
    let body = std::str::from_utf8(u.body()).unwrap();
    assert_eq!(
        body,
        "--B0undary\r\nContent-Disposition: form-data; name=\"fileType\"\r\n\r\nimage/jpeg\r\n\
         --B0undary\r\nContent-Disposition: form-data; name=\"until\"\r\n\r\n2026-12-01T00:00:00Z\r\n\
         --B0undary\r\nContent-Disposition: form-data; name=\"fileUrl\"\r\n\r\nhttps://x/f.jpg\r\n--B0undary--\r\n"
    );
    assert_eq!(
        api.delete_file("TOKEN", "f1").unwrap().method(),
        http::Method::DELETE
    );
    assert!(
        api.get_file("TOKEN", "f1")
            .unwrap()
            .uri()
            .path()
            .ends_with("/files/f1")
    );
    assert!(
        api.message_status("TOKEN", "m/1")
            .unwrap()
            .uri()
            .path()
            .ends_with("/messages/m%2F1/status")
    );
}
