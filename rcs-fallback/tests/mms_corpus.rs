//! `../shared/corpus/fallback/mms/` read in place: every MMS decodes, re-encodes byte for byte
//! and reads as SOURCES.md describes it; the WAP-push SMS pair of `sms/tpdu_vectors.json`
//! reassembles into the m-notification-ind it carries.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use rcs_fallback::ErrorKind;
use rcs_fallback::mms::{Body, MessageType, MmsOptions, MmsPdu, WapPush};
use rcs_fallback::{Reassembler, Reassembly, Tpdu};
use rcs_testkit::corpus_dir;

fn parts_types(pdu: &MmsPdu<'_>) -> Vec<String> {
    match &pdu.body {
        Body::Multipart(parts) => parts
            .iter()
            .map(|p| p.content_type().unwrap().media_type)
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn mms_files() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let mut n = 0;
    for entry in std::fs::read_dir(dir.join("mms")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let bytes = std::fs::read(&path).unwrap();
        // The Rogers capture ends 960 octets into a 222 KB JPEG: strict reading refuses it,
        // the truncated-body leniency reads its three parts and says so.
        let lenient = MmsOptions::new().allow_truncated_body(true);
        let pdu = match MmsPdu::parse(&bytes) {
            Ok(p) => p,
            Err(e) if name.starts_with("smsgate_rogers") && e.kind() == ErrorKind::Incomplete => {
                let p = MmsPdu::parse_with(&bytes, &lenient).unwrap();
                assert!(p.truncated, "{name}");
                p
            }
            Err(e) => panic!("{name}: {e}"),
        };
        assert_eq!(pdu.truncated, name.starts_with("smsgate_rogers"), "{name}");
        assert_eq!(pdu.to_bytes(), bytes, "{name}: re-encoded");
        let types = parts_types(&pdu);
        match name.as_str() {
            "pm_SIMPLE_m-retrieve-conf.mms" => {
                assert_eq!(pdu.message_type(), MessageType::RetrieveConf);
                assert_eq!(pdu.subject().as_deref(), Some("Simple message"));
                let Body::Multipart(parts) = &pdu.body else {
                    panic!("{name}")
                };
                assert_eq!(parts.len(), 1);
                assert_eq!(
                    parts[0].data,
                    b"This is a simple MMS message with a single text body part."
                );
            }
            "pm_openwave_m-send-req.mms" => {
                assert_eq!(pdu.message_type(), MessageType::SendReq);
                assert_eq!(pdu.from(), Some(Some("+16505550000/TYPE=PLMN".into())));
                assert_eq!(pdu.to(), ["112/TYPE=PLMN"]);
                assert_eq!(pdu.subject().as_deref(), Some("rubrik"));
                let ct = pdu.content_type().unwrap();
                assert_eq!(ct.media_type, "application/vnd.wap.multipart.related");
                assert_eq!(ct.param("type"), Some("application/smil"));
                assert_eq!(ct.param("start"), Some("<smil_0>"));
                assert_eq!(types[0], "application/smil");
            }
            "pm_SEC-SGHS300M_m-send-req.mms" => {
                assert_eq!(pdu.from(), Some(None), "insert-address token");
                assert_eq!(pdu.subject().as_deref(), Some("IL"));
                assert_eq!(
                    pdu.content_type().unwrap().media_type,
                    "application/vnd.wap.multipart.mixed"
                );
                assert_eq!(types, ["text/plain"]);
            }
            "smsgate_rogers_m-retrieve-conf.mms" => {
                assert_eq!(pdu.message_type(), MessageType::RetrieveConf);
                assert_eq!(pdu.version(), Some((1, 2)));
                assert_eq!(types, ["application/smil", "text/plain", "image/jpeg"]);
            }
            "corpus_m-send-req_utf8.mms" => {
                assert_eq!(pdu.subject().as_deref(), Some("5G消息回落"));
                assert_eq!(pdu.from(), Some(None));
                assert_eq!(types, ["application/smil", "text/plain"]);
                let Body::Multipart(parts) = &pdu.body else {
                    panic!("{name}")
                };
                let text = std::str::from_utf8(parts[1].data).unwrap();
                assert!(text.contains("http"), "{name}: {text}");
                assert_eq!(
                    parts[1].content_type().unwrap().param("charset"),
                    Some("106")
                );
            }
            other => panic!("unknown corpus file {other}"),
        }
        n += 1;
    }
    assert_eq!(n, 5);
    println!("corpus fallback/mms: {n}/{n}");
}

#[test]
fn wap_push_notification_over_sms() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sms/tpdu_vectors.json")).unwrap()).unwrap();
    let mut r = Reassembler::default();
    let mut done = None;
    for v in json["vectors"].as_array().unwrap() {
        if !v["id"].as_str().unwrap().starts_with("pm-deliver-wap-push") {
            continue;
        }
        let hex = v["tpdu_hex"].as_str().unwrap();
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let tpdu = Tpdu::parse(&bytes).unwrap();
        if let Reassembly::Complete(parts) = r.push("+447785", tpdu.user_data().unwrap().clone()) {
            done = Some(parts);
        }
    }
    let parts = done.unwrap();
    assert_eq!(
        parts[0].header.as_ref().unwrap().ports(),
        Some((2948, 9200))
    );
    let data: Vec<u8> = parts.iter().flat_map(|p| p.body.clone()).collect();
    let push = WapPush::parse(&data).unwrap();
    assert_eq!(
        push.content_type.media_type,
        "application/vnd.wap.mms-message"
    );
    let pdu = MmsPdu::parse(push.body).unwrap();
    assert_eq!(pdu.message_type(), MessageType::NotificationInd);
    assert_eq!(
        pdu.content_location().as_deref(),
        Some("http://promms/servlets/NOK5CiKcoTMYSG4MBSwAAsKv14FUHAAAAAAAA")
    );
    assert_eq!(pdu.message_size(), Some(29_696));
}
