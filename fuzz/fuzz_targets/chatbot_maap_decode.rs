//! Every platform body (CT/CU send/inbound messages and notifications, FNW.11 messages and
//! events, China Mobile's XML and the multipart body inside it): hostile bytes never panic;
//! whatever parses writes back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_chatbot::cmcc::OutboundMessageRequest;
use rcs_chatbot::ctcu::{DeliveryNotification, MessageRequest, Notification};
use rcs_chatbot::fnw11::MaapMessage;
use rcs_chatbot::{ParseOptions, multipart};

fuzz_target!(|data: &[u8]| {
    let lenient = ParseOptions::faithful();
    if let Ok(p) = MessageRequest::parse_with(data, &lenient) {
        let out = p.value.to_bytes();
        let again = MessageRequest::parse_with(&out, &lenient).expect("re-parse");
        assert_eq!(again.value, p.value);
        assert_eq!(p.value.clone().into_owned(), p.value);
    }
    if let Ok(p) = DeliveryNotification::parse_with(data, &lenient) {
        let out = p.value.to_bytes();
        let again = DeliveryNotification::parse_with(&out, &lenient).expect("re-parse");
        assert_eq!(again.value, p.value);
    }
    if let Ok(p) = MaapMessage::parse_with(data, &lenient) {
        let out = p.value.to_bytes();
        let again = MaapMessage::parse_with(&out, &lenient).expect("re-parse");
        assert_eq!(again.value, p.value);
        if MaapMessage::parse(data).is_ok() {
            assert_eq!(MaapMessage::parse(&out).expect("strict re-parse"), p.value);
        }
    }
    // The same bytes posted to each notification path.
    for path in [
        "/n/messageNotification/b/messages",
        "/n/deliveryNotification/b/status",
        "/n/notifyInfoNotification/b/notice/rcsspam",
        "/n/notifyInfoNotification/b/check",
        "/n/notifyInfoNotification/b/notice/informationChange",
    ] {
        if let Ok(req) = http::Request::post(path).body(data.to_vec()) {
            let _ = Notification::from_request(&req, &lenient);
        }
    }
    if let Ok((r, _)) = OutboundMessageRequest::parse_with(data, &lenient) {
        let xml = r.to_xml();
        let (again, _) =
            OutboundMessageRequest::parse_with(xml.as_bytes(), &lenient).expect("re-parse");
        assert_eq!(again, r);
        if let Some(m) = &r.message
            && let (Some(ct), Some(body)) = (&m.content_type, &m.body_text)
            && let Some(b) = multipart::boundary(ct)
        {
            let _ = multipart::parse(body, b, &lenient);
        }
    }
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok((parts, _)) = multipart::parse(text, "next", &ParseOptions::new())
    {
        let list: Vec<_> = parts
            .iter()
            .map(|p| {
                (
                    p.content_type().unwrap_or("text/plain"),
                    p.filename().unwrap_or("f"),
                    p.body,
                )
            })
            .collect();
        if let Ok(body) = multipart::write("next", &list) {
            let (again, _) =
                multipart::parse(&body, "next", &ParseOptions::new()).expect("re-parse");
            assert_eq!(again.len(), parts.len());
            for (a, b) in again.iter().zip(&parts) {
                assert_eq!(a.body, b.body);
            }
        }
    }
});
