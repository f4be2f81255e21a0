//! `Serialize` (feature `serde`): messages and the typed values.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_cpim::{DateTime, Message};

#[test]
fn a_message_as_json() {
    use serde_json::json;
    let m = Message::parse(
        b"From: \"A\" <sip:alice@a.example>\r\nTo: <sip:b@b.example>\r\nTo: <tel:+1>\r\n\
NS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: 34jk324j\r\n\
imdn.Disposition-Notification: positive-delivery, x-other\r\n\
DateTime: 2000-12-13T13:40:00-08:00\r\nSubject:;lang=fr Bonjour\r\n\r\n\
Content-Type: text/plain\r\n\r\nHi",
    )
    .unwrap();
    let v = serde_json::to_value(&m).unwrap();
    // The set of keys (their order is serde_json's `preserve_order`; rcs-cli's tests check it).
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "content",
            "content_headers",
            "content_type",
            "date_time",
            "from",
            "headers",
            "imdn",
            "namespaces",
            "to",
            "warnings"
        ]
    );
    assert_eq!(
        v["headers"][4],
        json!({"prefix": "imdn", "name": "Message-ID", "params": "", "value": "34jk324j",
            "namespace": "urn:ietf:params:imdn"})
    );
    assert_eq!(v["headers"][7]["params"], ";lang=fr");
    assert_eq!(
        v["namespaces"],
        json!([{"prefix": "imdn", "urn": "urn:ietf:params:imdn"}])
    );
    assert_eq!(
        (&v["from"], &v["to"], &v["date_time"]),
        (
            &json!("sip:alice@a.example"),
            &json!(["sip:b@b.example", "tel:+1"]),
            &json!("2000-12-13T13:40:00-08:00")
        )
    );
    assert_eq!(
        v["imdn"],
        json!({"message_id": "34jk324j", "disposition_notification": ["positive-delivery", "x-other"]})
    );
    assert_eq!(
        v["content_headers"],
        json!([{"name": "Content-Type", "value": "text/plain"}])
    );
    assert_eq!(v["content_type"], "text/plain");
    assert_eq!(
        v["content"],
        json!({"type": "text/plain", "length": 2, "text": "Hi", "base64": null})
    );
    // Content that is not UTF-8 comes as base64, its transfer encoding undone first.
    let m = Message::parse(
        b"From: <sip:a@b>\r\n\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n//4A",
    )
    .unwrap();
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(
        v["content"],
        json!({"type": "image/png", "length": 3, "text": null, "base64": "//4A"})
    );
    assert_eq!(
        v["imdn"],
        json!({"message_id": null, "disposition_notification": null})
    );
    let d = serde_json::to_value(DateTime::parse("2000-12-13T13:40:00-08:00").unwrap()).unwrap();
    assert_eq!(d["offset_minutes"], -480);
}

/// Owned documents read back from their JSON equal (`Deserialize`); the parse warnings are
/// not part of the value read back.
#[test]
fn owned_documents_deserialize() {
    use rcs_cpim::{ConferenceInfo, Imdn, IsComposing, ResourceLists, XmlOptions};
    fn round_trip<
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    >(
        v: &T,
    ) {
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
    }
    let o = XmlOptions::default();
    let imdn = Imdn::parse(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>34jk324j</message-id>
<datetime>2008-04-04T12:16:49-00:00</datetime><recipient-uri>im:bob@example.com</recipient-uri>
<original-recipient-uri>im:bob@example.com</original-recipient-uri>
<delivery-notification><status><delivered/></status></delivery-notification></imdn>"#,
        &o,
    )
    .unwrap();
    round_trip(&imdn);
    let typing = IsComposing::parse(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>active</state>
<contenttype>text/plain</contenttype><refresh>90</refresh></isComposing>"#,
        &o,
    )
    .unwrap();
    round_trip(&typing);
    let conf = ConferenceInfo::parse(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="sip:g@conf.example.cn" state="full" version="2">
<users><user entity="tel:+8613800000001" state="full"><display-text>Alice</display-text>
<endpoint entity="tel:+8613800000001"><status>connected</status></endpoint></user></users>
</conference-info>"#,
        &o,
    )
    .unwrap();
    round_trip(&conf);
    let lists = ResourceLists::parse(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists" xmlns:cp="urn:ietf:params:xml:ns:copycontrol">
<list><entry uri="sip:bill@example.com" cp:copyControl="to"/><entry uri="sip:joe@example.org" cp:copyControl="cc"/></list>
</resource-lists>"#,
        &o,
    )
    .unwrap();
    round_trip(&lists);
}

/// The documents' closed lists serialize as the names the XML uses, and other names as sent.
#[test]
fn names_as_in_the_xml() {
    use rcs_cpim::{CopyControl, ImdnKind, ImdnStatus, XmlWarning};
    let j = |v: serde_json::Value| v;
    assert_eq!(
        j(serde_json::to_value(ImdnKind::Display).unwrap()),
        "display"
    );
    assert_eq!(
        j(serde_json::to_value(ImdnStatus::Delivered).unwrap()),
        "delivered"
    );
    assert_eq!(
        serde_json::to_value(ImdnStatus::Other("x-sent".into())).unwrap(),
        "x-sent"
    );
    assert_eq!(
        serde_json::from_str::<ImdnStatus>("\"displayed\"").unwrap(),
        ImdnStatus::Displayed
    );
    assert_eq!(
        serde_json::from_str::<CopyControl>("\"bcc\"").unwrap(),
        CopyControl::Bcc
    );
    assert_eq!(
        serde_json::to_value(XmlWarning::NamespaceMissing).unwrap(),
        "namespace-missing"
    );
}
