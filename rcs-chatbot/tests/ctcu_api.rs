//! The CT/CU interface over HTTP: request builders, notification routing, signatures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;

use rcs_chatbot::ctcu::*;
use rcs_chatbot::{ChatbotBody, OneOrMany, ParseOptions, PersistentMenu, WarningKind};

const BOT: &str = "sip:106500@botplatform.rcs.domain.cn";
const DATE: &str = "Fri, 15 Nov 2019 08:12:31 GMT";

fn api() -> CtcuApi {
    CtcuApi::new("example.com/exampleAPI", "v1", BOT)
}

#[test]
fn urls_follow_the_spec_example() {
    // §8.1's example request line: POST /exampleAPI/bot/v1/sip%3A106500%40botplatform.rcs.domain.cn/medias/upload
    assert_eq!(
        api().url("medias/upload"),
        "https://example.com/exampleAPI/bot/v1/sip%3A106500%40botplatform.rcs.domain.cn/medias/upload"
    );
    assert_eq!(
        CtcuApi::new("http://10.0.0.1:8080/", "v1", "x").url("messages"),
        "http://10.0.0.1:8080/bot/v1/x/messages"
    );
}

#[test]
fn send_message_request() {
    let msg = MessageRequest {
        message_id: Some("cb1188a3-37ec-1037-9054-2dc66e44375b".into()),
        message_list: Some(vec![MessagePart {
            content_type: Some("text/plain".into()),
            content_text: Some(ContentText::Text("你好".into())),
            ..Default::default()
        }]),
        destination_address: Some(OneOrMany::Many(vec!["tel:+8617928222350".into()])),
        sender_address: Some(BOT.into()),
        sms_supported: Some(true),
        sms_content: Some("你好".into()),
        store_supported: Some(false),
        ..Default::default()
    };
    let r = api().send_message("TXlwdndOZG0y", &msg, DATE).unwrap();
    assert_eq!(r.method(), http::Method::POST);
    assert_eq!(
        r.uri().path(),
        "/exampleAPI/bot/v1/sip%3A106500%40botplatform.rcs.domain.cn/messages"
    );
    let h = r.headers();
    assert_eq!(h["authorization"], "accessToken TXlwdndOZG0y");
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h["accept"], "application/json");
    assert_eq!(h["host"], "example.com");
    assert_eq!(h["date"], DATE);
    assert_eq!(h["content-length"], r.body().len().to_string().as_str());
    assert_eq!(MessageRequest::parse(r.body()).unwrap(), msg);
    // No token for the token request; a token with a line break is refused, not sent.
    let t = api()
        .access_token(
            &AccessTokenRequest {
                app_id: Some("id".into()),
                app_key: Some("key".into()),
                ..Default::default()
            },
            DATE,
        )
        .unwrap();
    assert!(t.headers().get("authorization").is_none());
    assert!(api().send_message("a\r\nb", &msg, DATE).is_err());
}

#[test]
fn media_and_info_requests() {
    let r = api()
        .media_upload(
            "T",
            UploadMode::Temporary,
            "a.jpg",
            "image/jpeg",
            b"\xff\xd8JPEG",
            "TGvFHJKLZeghjkk",
            DATE,
        )
        .unwrap();
    assert_eq!(r.headers()["uploadMode"], "temp");
    assert_eq!(
        r.headers()["content-type"],
        "multipart/form-data; boundary=TGvFHJKLZeghjkk"
    );
    let body = r.body();
    assert!(body.starts_with(b"--TGvFHJKLZeghjkk\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8JPEG"));
    assert!(body.ends_with(b"\r\n--TGvFHJKLZeghjkk--\r\n"));
    let d = api()
        .media_download("T", "http://x/a.jpg", Some("bytes=0-99"), DATE)
        .unwrap();
    assert_eq!(
        (d.method(), &d.headers()["url"], &d.headers()["range"]),
        (
            &http::Method::GET,
            &"http://x/a.jpg".parse::<http::HeaderValue>().unwrap(),
            &"bytes=0-99".parse::<http::HeaderValue>().unwrap()
        )
    );
    let x = api().media_delete("T", "http://x/a.jpg", DATE).unwrap();
    assert_eq!(x.method(), http::Method::DELETE);
    let i = api().chatbot_info("T", DATE).unwrap();
    assert!(i.uri().path().ends_with("/find/chatBotInfo"));
    let menu =
        PersistentMenu::parse(br#"{"menu":{"entries":[{"reply":{"displayText":"a"}}]}}"#).unwrap();
    let m = api().update_menu("T", &menu, DATE).unwrap();
    assert!(m.uri().path().ends_with("/update/chatBotInfo/menu"));
    assert_eq!(PersistentMenu::parse(m.body()).unwrap(), menu);
}

#[test]
fn http_dates() {
    assert_eq!(http_date(1_573_805_551), DATE);
    assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(http_date(951_868_799), "Tue, 29 Feb 2000 23:59:59 GMT");
    assert_eq!(http_date(4_107_542_400), "Mon, 01 Mar 2100 00:00:00 GMT");
}

#[test]
fn signatures() {
    // Known answer computed with Python's hashlib over the sorted, concatenated parameters.
    let (token, ts, nonce) = (
        "mytoken",
        "1573805551",
        "5f0a8a6e-0d1c-4c43-9e1b-2f7f3d3b8c11",
    );
    let sig = signature(token, ts, nonce);
    assert_eq!(
        sig,
        "3bda166aa29b3b07c22f8253d7814bda4eb46efb447531d2b286689cfdcc631d"
    );
    let req = |sig: &str| {
        http::Request::post("/notify/deliveryNotification/x/status")
            .header("signature", sig)
            .header("timestamp", ts)
            .header("nonce", nonce)
            .body(Vec::<u8>::new())
            .unwrap()
    };
    assert!(verify_signature(&req(&sig), token));
    assert!(verify_signature(&req(&sig.to_uppercase()), token));
    assert!(!verify_signature(&req(&sig), "other"));
    assert!(!verify_signature(&req(&sig[..63]), token));
    assert!(!verify_signature(&http::Request::new(()), token));
    let e = echo_response("abc", "app1").unwrap();
    assert_eq!(
        (&e.headers()["echoStr"], &e.headers()["appId"]),
        (
            &"abc".parse::<http::HeaderValue>().unwrap(),
            &"app1".parse::<http::HeaderValue>().unwrap()
        )
    );
}

fn post(path: &str, body: &[u8]) -> http::Request<Vec<u8>> {
    http::Request::post(path).body(body.to_vec()).unwrap()
}

#[test]
fn notifications_by_path() {
    let text = br#"{"messageId":"4BF4","messageList":[{"contentType":"text/plain","contentText":"hello world"}],"dateTime":"2020-01-17T14:42:20.840+08:00","destinationAddress":"sip:106500@botplatform.rcs.domain.cn","senderAddress":"tel:+8617928222350","conversationId":"c","contributionId":"d"}"#;
    let r = post(
        "/cb/messageNotification/sip%3A106500%40botplatform.rcs.domain.cn/messages",
        text,
    );
    let n = Notification::from_request(&r, &ParseOptions::new()).unwrap();
    let Notification::Message(m) = &n.value else {
        panic!()
    };
    assert_eq!(m.sender_address.as_deref(), Some("tel:+8617928222350"));

    // The capitalised spelling: refused strictly, read leniently with a warning.
    let r = post("/cb/MessageNotification/x/messages", text);
    assert_eq!(
        Notification::from_request(&r, &ParseOptions::new()).unwrap_err(),
        NotificationError::UnknownPath
    );
    let n = Notification::from_request(&r, &ParseOptions::faithful()).unwrap();
    assert_eq!(n.warnings[0].kind, WarningKind::PathCase);

    let d = post("/deliveryNotification/x/status", br#"{"deliveryInfoList":[{"messageId":"m","status":"revokeOk","dateTime":"2020-01-17T14:42:20Z","destinationAddress":"a","senderAddress":"b"}]}"#);
    let Notification::Delivery(d) = Notification::from_request(&d, &ParseOptions::new())
        .unwrap()
        .value
    else {
        panic!()
    };
    assert_eq!(
        d.delivery_info_list.unwrap()[0].status,
        Some(DeliveryStatus::RevokeOk)
    );
    let s = post(
        "/notifyInfoNotification/x/notice/rcsspam",
        "{\"spamType\":\"垃圾消息\"}".as_bytes(),
    );
    assert!(matches!(
        Notification::from_request(&s, &ParseOptions::new())
            .unwrap()
            .value,
        Notification::Spam(_)
    ));
    let a = post(
        "/notifyInfoNotification/x/check",
        br#"{"type":"media","result":"pass","time":"t"}"#,
    );
    assert!(matches!(
        Notification::from_request(&a, &ParseOptions::new())
            .unwrap()
            .value,
        Notification::Audit(_)
    ));
    let c = post("/notifyInfoNotification/x/notice/informationChange", b"");
    assert!(matches!(
        Notification::from_request(&c, &ParseOptions::new())
            .unwrap()
            .value,
        Notification::InformationChange(rcs_chatbot::JsonValue::Null)
    ));

    assert_eq!(
        Notification::from_request(&post("/other", b"{}"), &ParseOptions::new()).unwrap_err(),
        NotificationError::UnknownPath
    );
    let get = http::Request::get("/deliveryNotification/x/status")
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        Notification::from_request(&get, &ParseOptions::new()).unwrap_err(),
        NotificationError::Method
    );
    let bad = post(
        "/deliveryNotification/x/status",
        b"{\"deliveryInfoList\":7}",
    );
    let Err(NotificationError::Body(e)) = Notification::from_request(&bad, &ParseOptions::new())
    else {
        panic!()
    };
    assert_eq!(e.field().unwrap_or(""), "/deliveryInfoList");
}

#[test]
fn content_text_shapes() {
    let body = r#"{"messageList":[{"contentType":"application/vnd.gsma.botsuggestion.v1.0+json","contentText":{"suggestions":[{"reply":{"displayText":"Yes"}}]}},{"contentText":[{"type":"file","url":"https://x/y"}],"contentType":"application/vnd.gsma.rcs-ft-http"},{"contentType":"text/plain","contentEncoding":"base64","contentText":"5L2g5aW9"}]}"#;
    let m = MessageRequest::parse(body.as_bytes()).unwrap();
    let parts = m.message_list.as_ref().unwrap();
    let Some(ContentText::Body(b)) = &parts[0].content_text else {
        panic!()
    };
    assert_eq!(b.kind(), Some(rcs_chatbot::BodyKind::BotSuggestion));
    assert!(
        matches!(&parts[1].content_text, Some(ContentText::Files(f)) if f[0].kind.as_deref() == Some("file"))
    );
    assert!(matches!(
        &parts[2].content_text,
        Some(ContentText::Text(Cow::Borrowed("5L2g5aW9")))
    ));
    // A chatbot object inside an envelope follows the envelope's strictness.
    let unknown = body.replace("\"displayText\":\"Yes\"", "\"displayText\":\"Yes\",\"x\":1");
    let e = MessageRequest::parse(unknown.as_bytes()).unwrap_err();
    assert_eq!(
        e.field().unwrap_or(""),
        "/messageList/0/contentText/suggestions/0/reply/x"
    );
    let _: Option<ChatbotBody<'_>> = None;
}

#[test]
fn send_validation_on_the_spec_examples() {
    let Some(dir) = rcs_testkit::corpus_dir("chatbot") else {
        return;
    };
    let dir = dir.join("ctcu-v1.0.4");
    let check = |name: &str| -> Vec<String> {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let m = MessageRequest::parse_with(&bytes, &ParseOptions::faithful())
            .unwrap()
            .value;
        m.validate_send(&rcs_chatbot::Profile::CTCU)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    for ok in [
        "outbound.text-with-sms-fallback.json",
        "outbound.file.json",
        "outbound.geolocation-fallback-text.json",
        "outbound.group-text.json",
    ] {
        assert_eq!(check(ok), Vec::<String>::new(), "{ok}");
    }
    assert_eq!(
        check("outbound.text-with-chiplist.json"),
        [
            "/messageList/1/contentText/suggestions/2/action/urlAction/openUrl: required (application, absent)"
        ]
    );
    assert_eq!(
        check("outbound.richcard-css-suggestions.json"),
        [
            "/messageList/0/contentText/message/generalPurposeCard/layout/descriptionFontStyle/0: enum (italics|bold|underline, calibri)"
        ]
    );
    assert_eq!(check("outbound.carousel-css-suggestions.json").len(), 3);
}

#[test]
fn send_validation_rules() {
    let base = r##"{"messageId":"m","messageList":[{"contentType":"text/plain","contentText":"hi"}],"destinationAddress":["tel:+86138"],"senderAddress":"sip:b@x","conversationId":"c","contributionId":"d","serviceCapability":[{"capabilityId":"ChatbotSA","version":"+g.gsma.rcs.botversion=\"#=1\""}],"smsSupported":false,"storeSupported":true}"##;
    let v = |json: &str, p: &rcs_chatbot::Profile| -> Vec<String> {
        MessageRequest::parse(json.as_bytes())
            .unwrap()
            .validate_send(p)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    let gsma = rcs_chatbot::Profile::GSMA;
    let ctcu = rcs_chatbot::Profile::CTCU;
    assert!(v(base, &ctcu).is_empty());
    let sms = base.replace("\"smsSupported\":false", "\"smsSupported\":true");
    assert_eq!(
        v(&sms, &ctcu),
        ["/: requiredWith (smsContent (with smsSupported: true), absent)"]
    );
    let long = base.replace("\"hi\"", &format!("\"{}\"", "字".repeat(2001)));
    assert_eq!(
        v(&long, &ctcu),
        ["/messageList/0/contentText: maxLength (2000 characters, 2001 characters)"]
    );
    assert!(v(&long, &gsma).is_empty());
    let chips_as_text = base.replace(
        "\"text/plain\"",
        "\"application/vnd.gsma.botsuggestion.v1.0+json\"",
    );
    assert_eq!(
        v(&chips_as_text, &ctcu),
        [
            "/messageList/0/contentText: contentType (the content of application/vnd.gsma.botsuggestion.v1.0+json, a string)"
        ]
    );
    let b64 = chips_as_text.replace(
        "\"contentText\":\"hi\"",
        "\"contentEncoding\":\"base64\",\"contentText\":\"aGk=\"",
    );
    assert!(v(&b64, &ctcu).is_empty());
    let gbk = base.replace(
        "\"contentType\":\"text/plain\",",
        "\"contentType\":\"text/plain\",\"contentEncoding\":\"gbk\",",
    );
    assert_eq!(
        v(&gbk, &ctcu),
        ["/messageList/0/contentEncoding: enum (utf8|base64, gbk)"]
    );
    let three = base.replace(
        "{\"contentType\":\"text/plain\",\"contentText\":\"hi\"}",
        "{\"contentType\":\"application/vnd.gsma.rcs-ft-http\",\"contentText\":[{\"type\":\"file\",\"url\":\"u\"},{\"type\":\"file\",\"url\":\"u\"},{\"type\":\"thumbnail\",\"url\":\"u\"}]}",
    );
    assert_eq!(
        v(&three, &ctcu),
        [
            "/messageList/0/contentText: maxItems (2 items, 3 items)",
            "/messageList/0/contentText: oneOf (one file and at most one thumbnail, 2 files, 1 thumbnails)"
        ]
    );
    let missing = r#"{"messageList":[]}"#;
    assert_eq!(v(missing, &ctcu).len(), 9);
}
