//! `Serialize` (feature `serde`): TPDUs, plans, gateway PDUs (secrets redacted).
#![cfg(all(feature = "serde", feature = "gateway"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_fallback::gateway::Redacted;
use rcs_fallback::gateway::smpp::{Bind, SmppBody, SmppPdu, command};
use rcs_fallback::{SmsOptions, SmsPlan, Timestamp};
use std::borrow::Cow;

#[test]
fn values_as_json() {
    let plan = SmsPlan::new("hello", &SmsOptions::default()).unwrap();
    let v = serde_json::to_value(plan.encoding()).unwrap();
    assert!(v.is_string() || v.is_object(), "{v}");
    let ts = serde_json::to_value(Timestamp::new(26, 12, 5, 19, 0, 48, 32)).unwrap();
    assert_eq!(ts, "2026-12-05T19:00:48+08:00");

    let bind = SmppPdu {
        command_id: command::BIND_TRANSCEIVER,
        command_status: 0,
        sequence_number: 1,
        body: SmppBody::Bind(Bind {
            system_id: Cow::Borrowed(b"esme"),
            password: Redacted(Cow::Borrowed(b"s3cret")),
            interface_version: 0x34,
            ..Bind::default()
        }),
    };
    let text = serde_json::to_string(&bind).unwrap();
    assert!(text.contains("\"password\":\"<redacted>\""), "{text}");
    assert!(
        !text.contains("[115,51"),
        "the password's octets are not written: {text}"
    );
}

/// Timestamps are RFC 3339 text when that reads back as the same octets, else hex; both read.
#[test]
fn timestamps_as_text_or_hex() {
    let read = |json: &str| serde_json::from_str::<Timestamp>(json);
    for t in [
        Timestamp::new(26, 12, 5, 19, 0, 48, 32),
        Timestamp::new(8, 2, 26, 19, 37, 41, -20),
        Timestamp::new(0, 1, 1, 0, 0, 0, 0),
        Timestamp::new(99, 12, 31, 23, 59, 59, 79),
    ] {
        let json = serde_json::to_string(&t).unwrap();
        assert!(json.starts_with("\"20"), "{json}");
        assert_eq!(read(&json).unwrap(), t);
    }
    assert_eq!(
        read("\"2008-02-26T19:37:41-05:00\"").unwrap(),
        Timestamp::new(8, 2, 26, 19, 37, 41, -20)
    );
    // A zero offset with the sign bit: "-00:00", RFC 3339's unknown offset.
    let unknown = Timestamp([0x20, 0x80, 0x62, 0x91, 0x73, 0x14, 0x08]);
    assert_eq!(
        serde_json::to_value(unknown).unwrap(),
        "2002-08-26T19:37:41-00:00"
    );
    assert_eq!(read("\"2002-08-26T19:37:41-00:00\"").unwrap(), unknown);
    // A digit that is not decimal, in the date or the offset: hex, read back the same.
    for octets in [
        [0x6F, 0, 0, 0, 0, 0, 0],
        [0x62, 0x21, 0x50, 0x91, 0x00, 0x84, 0xA0],
    ] {
        let t = Timestamp(octets);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json.len(), 16, "{json}");
        assert_eq!(read(&json).unwrap(), t);
    }
    // The octets as a list read too; what is neither is refused.
    assert_eq!(read("[98,33,80,145,0,132,35]").unwrap().0[0], 98);
    for bad in [
        "\"2008-02-26\"",
        "\"2008-02-26T19:37:41+05:07\"",
        "\"0102\"",
        "[1,2]",
        "3",
    ] {
        assert!(read(bad).is_err(), "{bad}");
    }
}

/// A TPDU: tagged by its type, user data with hex body, its TP-UDL and its text; encoded,
/// read back from its octets and from its JSON equal.
#[test]
fn a_tpdu_as_json() {
    use rcs_fallback::{
        Address, Alphabet, InformationElement, Submit, Tpdu, UserData, UserDataHeader,
        ValidityPeriod,
    };
    use serde_json::json;
    let mut submit = Submit::new(
        Address::international("+8613800138000").unwrap(),
        UserData {
            header: Some(UserDataHeader {
                elements: vec![InformationElement::Concat8 {
                    reference: 10,
                    total: 2,
                    sequence: 1,
                }],
            }),
            alphabet: Alphabet::Gsm7,
            body: b"hi".to_vec(),
        },
    );
    submit.validity = Some(ValidityPeriod::Absolute(Timestamp::new(
        26, 12, 5, 19, 0, 48, 32,
    )));
    let tpdu = Tpdu::parse(&Tpdu::Submit(submit).to_bytes()).unwrap();
    let v = serde_json::to_value(&tpdu).unwrap();
    assert_eq!(v["type"], "submit");
    assert_eq!(
        v["destination"],
        json!({"type_of_address": 145, "value": "8613800138000"})
    );
    assert_eq!(
        v["validity"],
        json!({"absolute": "2026-12-05T19:00:48+08:00"})
    );
    assert_eq!(
        v["user_data"],
        json!({"header": {"elements": [{"concat8": {"reference": 10, "total": 2, "sequence": 1}}]},
            "alphabet": "gsm7", "body": "6869", "udl": 9, "text": "hi"})
    );
    assert_eq!(serde_json::from_value::<Tpdu>(v).unwrap(), tpdu);
    // An enhanced validity period and 8-bit data are hex too.
    let mut data = Submit::new(
        Address::international("+8613800138000").unwrap(),
        UserData {
            header: None,
            alphabet: Alphabet::Eight,
            body: vec![0xff, 0x00],
        },
    );
    data.validity = Some(ValidityPeriod::Enhanced([1, 2, 3, 4, 5, 6, 7]));
    let v = serde_json::to_value(Tpdu::Submit(data.clone())).unwrap();
    assert_eq!(v["validity"], json!({"enhanced": "01020304050607"}));
    assert_eq!(
        (
            &v["user_data"]["alphabet"],
            &v["user_data"]["body"],
            &v["user_data"]["text"]
        ),
        (&json!("8bit"), &json!("ff00"), &json!(null))
    );
    assert_eq!(
        serde_json::from_value::<Tpdu>(v).unwrap(),
        Tpdu::Submit(data)
    );
}

/// SMPP and CMPP PDUs: text fields as text, contents as hex, the decoded text and (CMPP) the
/// status report beside the body; the password redacted.
#[test]
fn gateway_pdus_as_json() {
    use rcs_fallback::gateway::cmpp::{self, CmppPdu, CmppVersion};
    use serde_json::json;
    let submit = rcs_base::hex::decode(b"00000039000000040000000000004fe80001013430343034000101343439353133363139323000000000000001000000084024232125262f3a").unwrap();
    let v = serde_json::to_value(SmppPdu::parse(&submit).unwrap()).unwrap();
    assert_eq!(
        (&v["command"], &v["command_id"], &v["sequence_number"]),
        (&json!("submit_sm"), &json!(4), &json!(20456))
    );
    let m = &v["body"]["short_message"];
    assert_eq!(m["source"], json!({"ton": 1, "npi": 1, "address": "40404"}));
    assert_eq!(
        (&m["service_type"], &m["short_message"]),
        (&json!(""), &json!("4024232125262f3a"))
    );
    assert_eq!(
        (&v["text"], &v["text_latin1"]),
        (&json!("¡¤#!%&/:"), &json!("@$#!%&/:"))
    );
    // A body-less PDU.
    let link = rcs_base::hex::decode(b"0000001000000015000000000a342ee7").unwrap();
    let v = serde_json::to_value(SmppPdu::parse(&link).unwrap()).unwrap();
    assert_eq!(
        (&v["command"], &v["body"], &v["text"]),
        (&json!("enquire_link"), &json!("empty"), &json!(null))
    );
    // A CMPP 3.0 status report in a DELIVER.
    let report = cmpp::Report {
        msg_id: 7,
        stat: std::borrow::Cow::Borrowed(b"DELIVRD"),
        submit_time: std::borrow::Cow::Borrowed(b"2612051900"),
        done_time: std::borrow::Cow::Borrowed(b"2612051901"),
        dest_terminal_id: std::borrow::Cow::Borrowed(b"8613800138000"),
        smsc_sequence: 9,
    };
    let pdu = CmppPdu {
        version: CmppVersion::V30,
        command_id: cmpp::command::DELIVER,
        sequence_id: 3,
        body: cmpp::CmppBody::Deliver(cmpp::Deliver {
            msg_id: 1,
            registered_delivery: 1,
            msg_content: std::borrow::Cow::Owned(report.to_bytes(CmppVersion::V30).to_vec()),
            ..cmpp::Deliver::default()
        }),
    };
    let v = serde_json::to_value(&pdu).unwrap();
    assert_eq!(
        (&v["version"], &v["command"], &v["text"]),
        (&json!("3.0"), &json!("CMPP_DELIVER"), &json!(null))
    );
    assert_eq!(
        v["report"],
        json!({"msg_id": 7, "stat": "DELIVRD", "submit_time": "2612051900",
            "done_time": "2612051901", "dest_terminal_id": "8613800138000", "smsc_sequence": 9})
    );
    assert_eq!(v["body"]["deliver"]["registered_delivery"], 1);
}

/// An MMS PDU: the values of its headers and its parts, text decoded, other data in base64.
#[cfg(feature = "mms")]
#[test]
fn an_mms_as_json() {
    use rcs_fallback::mms::{MessageType, MmsBuilder, MmsPdu, NewPart};
    use serde_json::json;
    let parts = [
        NewPart::new("text/plain", "t", "t.txt", "你好".as_bytes().to_vec()),
        NewPart::new("image/png", "i", "i.png", vec![0xff, 0xfe, 0x00]),
    ];
    let bytes = MmsBuilder::new(MessageType::SendReq, Some("T7"), (1, 2))
        .from(None)
        .related(&parts);
    let v = serde_json::to_value(MmsPdu::parse(&bytes).unwrap()).unwrap();
    assert_eq!(
        (
            &v["message_type"],
            &v["transaction_id"],
            &v["version"],
            &v["from"]
        ),
        (
            &json!("m-send-req"),
            &json!("T7"),
            &json!("1.2"),
            &json!("(insert-address)")
        )
    );
    assert_eq!(v["content_type"], "application/vnd.wap.multipart.related");
    assert_eq!(
        (
            &v["parts"][0]["content_type"],
            &v["parts"][0]["text"],
            &v["parts"][0]["base64"],
            &v["parts"][0]["size"]
        ),
        (
            &json!("text/plain"),
            &json!("你好"),
            &json!(null),
            &json!(6)
        )
    );
    assert_eq!(
        (
            &v["parts"][1]["content_location"],
            &v["parts"][1]["text"],
            &v["parts"][1]["base64"]
        ),
        (&json!("i.png"), &json!(null), &json!("//4A"))
    );
}

/// A plan: its encoding and national tables, segments, each part's text and place, the
/// characters that forced the encoding and the folds.
#[test]
fn a_plan_as_json() {
    use rcs_fallback::{NationalLanguages, SmsOptions, SmsPlan};
    use serde_json::json;
    let text = "中".repeat(71);
    let plan = SmsPlan::new(&text, &SmsOptions::default()).unwrap();
    let v = serde_json::to_value(&plan).unwrap();
    assert_eq!(
        (&v["encoding"], &v["national"], &v["segments"], &v["unit"]),
        (&json!("ucs2"), &json!(null), &json!(2), &json!("units"))
    );
    assert_eq!(
        (
            &v["parts"][0]["start"],
            &v["parts"][0]["end"],
            &v["parts"][0]["length"]
        ),
        (&json!(0), &json!(201), &json!(67))
    );
    assert_eq!(v["parts"][1]["text"], "中中中中");
    assert_eq!(
        v["forced_by"],
        json!([{"char": "中", "codepoint": "U+4E2D", "offset": 0, "count": 71}])
    );
    let options = SmsOptions {
        national: NationalLanguages::ALL,
        ..SmsOptions::default()
    };
    let text = "ğüşıöç ".repeat(12);
    let plan = SmsPlan::new(&text, &options).unwrap();
    let v = serde_json::to_value(&plan).unwrap();
    assert_eq!(
        (&v["encoding"], &v["unit"]),
        (&json!("gsm7-nls"), &json!("septets"))
    );
    assert!(v["national"]["single_shift"].is_string(), "{v}");
    let text = "It’s “quoted” — and that’s all… ".repeat(4);
    let plan = SmsPlan::new(
        &text,
        &SmsOptions {
            fold: true,
            ..SmsOptions::default()
        },
    )
    .unwrap();
    let v = serde_json::to_value(&plan).unwrap();
    assert_eq!(v["encoding"], "gsm7", "{v}");
    assert_eq!(
        v["folded"][0],
        json!({"char": "’", "codepoint": "U+2019", "offset": 2, "replacement": "'"})
    );
}
