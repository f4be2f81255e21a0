//! `Serialize` (feature `serde`): messages and the typed values.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_cpim::{DateTime, Message};

#[test]
fn a_message_as_json() {
    let m = Message::parse(
        b"From: <sip:alice@a.example>\r\nNS: imdn <urn:ietf:params:imdn>\r\n\
imdn.Message-ID: 34jk324j\r\n\r\nContent-Type: text/plain\r\n\r\nHi",
    )
    .unwrap();
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(v["headers"][2]["prefix"], "imdn");
    assert_eq!(v["headers"][2]["name"], "Message-ID");
    assert_eq!(v["headers"][2]["namespace"], "urn:ietf:params:imdn");
    assert_eq!(
        v["content_headers"][0],
        serde_json::json!(["Content-Type", "text/plain"])
    );
    assert_eq!(v["content"], serde_json::json!([72, 105]));
    let d = serde_json::to_value(DateTime::parse("2000-12-13T13:40:00-08:00").unwrap()).unwrap();
    assert_eq!(d["offset_minutes"], -480);
}
