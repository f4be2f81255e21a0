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
    assert_eq!(v["transaction_id"], "a786hjs2");
    assert_eq!(v["method"], "SEND");
    assert_eq!(v["status"], serde_json::Value::Null);
    assert_eq!(
        v["headers"][2],
        serde_json::json!(["Message-ID", "87652491"])
    );
    assert_eq!(v["headers"].as_array().unwrap().len(), 5);
    assert_eq!(v["body"], serde_json::json!([104, 105]));
    assert_eq!(v["flag"], "Complete");
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
