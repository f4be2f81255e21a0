//! `Display` and `FromStr` of MSRP values: each writes what it reads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_msrp::{ByteRange, FailureReport, Flag, Frame, MsrpUri, MsrpUriBuf};

#[test]
fn values_round_trip_through_text() {
    for text in ["1-23/23", "1-*/*", "24-*/100", "18446744073709551615-*/*"] {
        let r: ByteRange = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(r.to_string(), text);
    }
    for bad in ["", "1-", "a-2/3", "1-2", "-1-2/3", "1 -2/3"] {
        assert!(bad.parse::<ByteRange>().is_err(), "{bad:?}");
    }
    for v in [
        FailureReport::Yes,
        FailureReport::No,
        FailureReport::Partial,
    ] {
        assert_eq!(v.to_string().parse::<FailureReport>().unwrap(), v);
    }
    assert!("YES".parse::<FailureReport>().is_err());
    assert_eq!(Flag::Continued.to_string(), "+");
    let uri = "msrp://bob@b.example:12763/kjhd37s2s20w2a;tcp";
    assert_eq!(MsrpUri::parse(uri).unwrap().to_string(), uri);
    let owned: MsrpUriBuf = uri.parse().unwrap();
    assert_eq!(owned.uri().port(), Some(12763));
    assert_eq!(MsrpUriBuf::from(MsrpUri::parse(uri).unwrap()), owned);
    assert!("http://x".parse::<MsrpUriBuf>().is_err());
}

#[test]
fn status_displays_canonically() {
    let raw = b"MSRP dkei38sd REPORT\r\nTo-Path: msrp://a.example:7654/jshA7weztas;tcp\r\n\
From-Path: msrp://b.example:12763/kjhd37s2s20w2a;tcp\r\nMessage-ID: 12339sdqwer\r\n\
Byte-Range: 1-106/106\r\nStatus: 000 200 OK\r\n-------dkei38sd$\r\n";
    let f = Frame::parse(raw).unwrap();
    assert_eq!(
        f.status_header().unwrap().unwrap().to_string(),
        "000 200 OK"
    );
}
