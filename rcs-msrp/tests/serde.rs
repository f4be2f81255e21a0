//! `Serialize` (feature `serde`): frames as start line, headers in order, body and flag.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_msrp::{Frame, MsrpUri};

#[test]
fn a_frame_as_json() {
    let raw = b"MSRP a786hjs2 SEND\r\n\
To-Path: msrp://b.example:12763/kjhd37s2s20w2a;tcp\r\n\
From-Path: msrp://a.example:7654/jshA7weztas;tcp\r\n\
Message-ID: 87652491\r\nByte-Range: 1-2/2\r\nContent-Type: text/plain\r\n\r\n\
hi\r\n-------a786hjs2$\r\n";
    let f = Frame::parse(raw).unwrap();
    let v = serde_json::to_value(&f).unwrap();
    // The set of keys (their order is serde_json's `preserve_order`; rcs-cli's tests check it).
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "body",
            "body_base64",
            "body_length",
            "byte_range",
            "comment",
            "flag",
            "headers",
            "kind",
            "method",
            "status",
            "transaction_id"
        ]
    );
    assert_eq!(v["kind"], "request");
    assert_eq!(v["transaction_id"], "a786hjs2");
    assert_eq!(v["method"], "SEND");
    assert_eq!(v["status"], serde_json::Value::Null);
    assert_eq!(
        v["headers"][2],
        serde_json::json!({"name": "Message-ID", "value": "87652491"})
    );
    assert_eq!(v["headers"].as_array().unwrap().len(), 5);
    assert_eq!(
        v["byte_range"],
        serde_json::json!({"start": 1, "end": 2, "total": 2})
    );
    assert_eq!(
        (&v["flag"], &v["body"], &v["body_base64"], &v["body_length"]),
        (
            &serde_json::json!("$"),
            &serde_json::json!("hi"),
            &serde_json::Value::Null,
            &serde_json::json!(2)
        )
    );
    // A response: no body; a body that is not UTF-8: base64.
    let r = Frame::parse(b"MSRP a786hjs2 200 OK\r\nTo-Path: msrp://a.example:7654/jshA7weztas;tcp\r\nFrom-Path: msrp://b.example:12763/kjhd37s2s20w2a;tcp\r\n-------a786hjs2$\r\n").unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(
        (
            &v["kind"],
            &v["status"],
            &v["comment"],
            &v["body"],
            &v["body_length"]
        ),
        (
            &serde_json::json!("response"),
            &serde_json::json!(200),
            &serde_json::json!("OK"),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        )
    );
    let bin = Frame::parse(b"MSRP tx01 SEND\r\nTo-Path: msrp://a.example:7654/s;tcp\r\nFrom-Path: msrp://b.example:1/s;tcp\r\nMessage-ID: m\r\nByte-Range: 1-3/3\r\nContent-Type: image/png\r\n\r\n\xff\xfe\x00\r\n-------tx01+\r\n").unwrap();
    let v = serde_json::to_value(&bin).unwrap();
    assert_eq!(
        (&v["body_base64"], &v["flag"]),
        (&serde_json::json!("//4A"), &serde_json::json!("+"))
    );
    // A problem of validate(): a SEND without Message-ID.
    let raw = b"MSRP tx02 SEND\r\nTo-Path: msrp://a.example:7654/s;tcp\r\nFrom-Path: msrp://b.example:1/s;tcp\r\n-------tx02$\r\n";
    let bare = Frame::parse(raw).unwrap();
    let problems = serde_json::to_value(bare.validate().problems).unwrap();
    assert_eq!(
        problems[0],
        serde_json::json!({"severity": "error", "kind": "missing-header",
            "description": "missing mandatory header", "detail": null, "header": "Message-ID",
            "offset": problems[0]["offset"], "status": 400})
    );
    let br = serde_json::to_value(f.byte_range().unwrap().unwrap()).unwrap();
    assert_eq!(br, serde_json::json!({"start": 1, "end": 2, "total": 2}));
    let uri = MsrpUri::parse("msrp://a.example:7654/jshA7weztas;tcp").unwrap();
    let u = serde_json::to_value(uri).unwrap();
    assert_eq!(u["port"], 7654);
    assert_eq!(u["session_id"], "jshA7weztas");
}

#[test]
fn owned_uri_as_a_string() {
    let u: rcs_msrp::MsrpUriBuf = "msrps://[2001:db8::1]:2855/s1;tcp".parse().unwrap();
    let json = serde_json::to_string(&u).unwrap();
    assert_eq!(json, "\"msrps://[2001:db8::1]:2855/s1;tcp\"");
    assert_eq!(
        serde_json::from_str::<rcs_msrp::MsrpUriBuf>(&json).unwrap(),
        u
    );
    assert!(serde_json::from_str::<rcs_msrp::MsrpUriBuf>("\"msrp://\"").is_err());
}

/// The owned values read back from their JSON equal (`Deserialize`).
#[test]
fn owned_values_deserialize() {
    use rcs_msrp::{ByteRange, FailureReport, Flag};
    let r: ByteRange = "1-2048/*".parse().unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<ByteRange>(&json).unwrap(), r);
    for f in [
        FailureReport::Yes,
        FailureReport::No,
        FailureReport::Partial,
    ] {
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<FailureReport>(&json).unwrap(), f);
    }
    for f in [Flag::Complete, Flag::Continued, Flag::Aborted] {
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<Flag>(&json).unwrap(), f);
    }
}
