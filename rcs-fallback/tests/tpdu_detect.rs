//! A TPDU with or without AT-command PDU mode's SMSC address in front, decided by the
//! specification; readings that break it (type-of-address bit 7 clear, non-decimal
//! timestamps) are refused; compressed user data is counted in octets and not decoded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_fallback::{
    Address, Alphabet, DataCoding, Deliver, ErrorKind, Submit, Timestamp, Tpdu, TpduFraming,
    UserData,
};

fn text(s: &str) -> UserData {
    UserData {
        header: None,
        alphabet: Alphabet::Gsm7,
        body: s.bytes().collect(),
    }
}

fn submit() -> Tpdu {
    Tpdu::Submit(Submit::new(
        Address::international("8613800138000").unwrap(),
        text("hello"),
    ))
}

fn deliver() -> Tpdu {
    Tpdu::Deliver(Deliver {
        no_more_messages: true,
        loop_prevention: false,
        status_report_indication: false,
        reply_path: false,
        originator: Address::international("8613900139000").unwrap(),
        protocol_id: 0,
        data_coding: DataCoding::GSM7,
        timestamp: Timestamp::new(26, 12, 5, 17, 30, 0, 32),
        user_data: text("hi there"),
    })
}

fn with_smsc(smsc: Option<&Address>, tpdu: &Tpdu) -> Vec<u8> {
    let mut v = Vec::new();
    Address::encode_smsc(smsc, &mut v);
    v.extend_from_slice(&tpdu.to_bytes());
    v
}

#[test]
fn bare_tpdus_stay_bare() {
    for t in [submit(), deliver()] {
        let (framing, back) = Tpdu::parse_detect(&t.to_bytes()).unwrap();
        assert_eq!((framing, back), (TpduFraming::Bare, t));
    }
}

#[test]
fn pdu_mode_is_recognised_with_and_without_an_smsc() {
    let smsc = Address::international("8613800100500").unwrap();
    for t in [submit(), deliver()] {
        for s in [None, Some(&smsc)] {
            let input = with_smsc(s, &t);
            let (framing, back) = Tpdu::parse_detect(&input).unwrap();
            assert_eq!(
                framing,
                TpduFraming::PduMode { smsc: s.cloned() },
                "{input:02x?}"
            );
            assert_eq!(back, t);
        }
    }
}

/// `00` then a SUBMIT whose TP-MR is 0: read bare, it is a DELIVER whose originator length
/// is the SUBMIT's first octet and whose type of address is TP-MR — bit 7 clear, so that
/// reading breaks TS 23.040 §9.1.2.5 and is not taken.
#[test]
fn a_reading_with_type_of_address_bit_7_clear_is_not_taken() {
    let input = with_smsc(None, &submit());
    assert_eq!(input[0..3], [0x00, 0x01, 0x00]);
    let e = Tpdu::parse(&input).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset(), e.field()),
        (ErrorKind::InvalidValue, 2, Some("TP-OA"))
    );
    assert!(matches!(
        Tpdu::parse_detect(&input).unwrap(),
        (TpduFraming::PduMode { smsc: None }, Tpdu::Submit(_))
    ));
    // The same rule for the SMSC address itself.
    let mut bad = with_smsc(Some(&Address::international("123").unwrap()), &submit());
    bad[1] &= 0x7F;
    assert_eq!(
        Address::parse_smsc(&bad).unwrap_err().kind(),
        ErrorKind::InvalidValue
    );
}

#[test]
fn non_decimal_timestamp_digits_are_refused() {
    let good = deliver().to_bytes().to_vec();
    // TP-SCTS starts after first octet, TP-OA (2 + 7), TP-PID, TP-DCS.
    let scts = 1 + 2 + 7 + 2;
    for (i, octet) in [(0, 0x1A), (3, 0xF1), (5, 0x6B)] {
        let mut bad = good.clone();
        bad[scts + i] = octet;
        let e = Tpdu::parse(&bad).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset(), e.field()),
            (ErrorKind::InvalidValue, scts + i, Some("TP-SCTS")),
            "{octet:02x}"
        );
    }
    // The time zone: a units digit over 9.
    let mut bad = good.clone();
    bad[scts + 6] = 0xA2;
    assert_eq!(Tpdu::parse(&bad).unwrap_err().offset(), scts + 6);
    // A negative zone (bit 3) is fine.
    let mut ok = good;
    ok[scts + 6] = 0x8A;
    assert!(Tpdu::parse(&ok).is_ok());
}

#[test]
fn compressed_user_data_is_octets_and_not_text() {
    // DCS 0x20: general group, compressed, GSM 7-bit alphabet. UDL counts octets.
    let mut t = deliver();
    let Tpdu::Deliver(d) = &mut t else { panic!() };
    d.data_coding = DataCoding(0x20);
    d.user_data = UserData {
        header: None,
        alphabet: Alphabet::Eight,
        body: vec![0x12, 0x34, 0x56],
    };
    let bytes = t.to_bytes();
    let back = Tpdu::parse(&bytes).unwrap();
    assert_eq!(back, t);
    let Tpdu::Deliver(d) = back else { panic!() };
    assert_eq!(d.user_data.udl(), 3);
    assert_eq!(d.user_data.text(), None);
}
