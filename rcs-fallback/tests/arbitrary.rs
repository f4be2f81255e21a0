//! `Arbitrary` (feature `arbitrary`) makes TPDUs, user data, gateway PDUs and MMS parts that
//! encode and read back equal.
#![cfg(feature = "arbitrary")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use rcs_fallback::{Tpdu, UserData, UserDataHeader};

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn tpdus_round_trip(data in prop::collection::vec(any::<u8>(), 0..1024)) {
        if let Ok(tpdu) = Tpdu::arbitrary(&mut Unstructured::new(&data)) {
            let bytes = tpdu.to_bytes();
            rcs_testkit::assert_encoding!(tpdu, bytes);
            prop_assert_eq!(Tpdu::parse(&bytes).unwrap(), tpdu);
        }
    }

    #[test]
    fn user_data_and_headers_round_trip(data in prop::collection::vec(any::<u8>(), 0..1024)) {
        let mut u = Unstructured::new(&data);
        if let Ok(ud) = UserData::arbitrary(&mut u) {
            let bytes = ud.to_bytes();
            rcs_testkit::assert_encoding!(ud, bytes);
            let udl = u8::try_from(ud.udl()).unwrap();
            prop_assert_eq!(UserData::parse(&bytes, udl, ud.header.is_some(), ud.alphabet).unwrap(), ud);
        }
        if let Ok(h) = UserDataHeader::arbitrary(&mut u) {
            let bytes = h.to_bytes();
            prop_assert_eq!(UserDataHeader::parse_prefix(&bytes).unwrap(), (h, bytes.len()));
        }
    }
}

#[cfg(feature = "gateway")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn gateway_pdus_round_trip(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        use rcs_fallback::gateway::{cmpp::CmppPdu, sgip::SgipPdu, smgp::SmgpPdu, smpp::SmppPdu};
        let mut u = Unstructured::new(&data);
        if let Ok(pdu) = SmppPdu::arbitrary(&mut u) {
            let bytes = pdu.to_bytes();
            rcs_testkit::assert_encoding!(pdu, bytes);
            prop_assert_eq!(SmppPdu::parse(&bytes).unwrap(), pdu);
        }
        if let Ok(pdu) = CmppPdu::arbitrary(&mut u) {
            let bytes = pdu.to_bytes();
            rcs_testkit::assert_encoding!(pdu, bytes);
            prop_assert_eq!(CmppPdu::parse(&bytes, pdu.version).unwrap(), pdu);
        }
        if let Ok(pdu) = SgipPdu::arbitrary(&mut u) {
            let bytes = pdu.to_bytes();
            rcs_testkit::assert_encoding!(pdu, bytes);
            prop_assert_eq!(SgipPdu::parse(&bytes).unwrap(), pdu);
        }
        if let Ok(pdu) = SmgpPdu::arbitrary(&mut u) {
            let bytes = pdu.to_bytes();
            rcs_testkit::assert_encoding!(pdu, bytes);
            prop_assert_eq!(SmgpPdu::parse(&bytes, pdu.layout).unwrap(), pdu);
        }
    }
}

#[cfg(feature = "mms")]
proptest! {
    #[test]
    fn mms_parts_round_trip(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        use rcs_fallback::mms::{Body, MessageType, MmsBuilder, MmsPdu, NewPart};
        let mut u = Unstructured::new(&data);
        if let Ok(parts) = Vec::<NewPart>::arbitrary(&mut u) {
            let bytes = MmsBuilder::new(MessageType::SendReq, Some("t1"), (1, 3)).related(&parts);
            let pdu = MmsPdu::parse(&bytes).unwrap();
            let Body::Multipart(read) = &pdu.body else { panic!("not multipart") };
            prop_assert_eq!(read.len(), parts.len());
            for (r, p) in read.iter().zip(&parts) {
                prop_assert_eq!(r.data, &p.data[..]);
                prop_assert_eq!(r.content_type().unwrap(), p.content_type.clone());
                prop_assert_eq!(r.content_location(), p.content_location.clone());
                // Content-ID is read as sent, in its angle brackets.
                prop_assert_eq!(r.content_id(), p.content_id.as_ref().map(|id| format!("<{id}>")));
            }
        }
    }
}

/// Most inputs make a value (the impls do not give up on their own pieces).
#[test]
fn most_inputs_make_a_value() {
    rcs_testkit::assert_arbitrary_mostly_makes!(Tpdu);
    rcs_testkit::assert_arbitrary_mostly_makes!(UserData);
    #[cfg(feature = "gateway")]
    {
        rcs_testkit::assert_arbitrary_mostly_makes!(rcs_fallback::gateway::smpp::SmppPdu<'static>);
        rcs_testkit::assert_arbitrary_mostly_makes!(rcs_fallback::gateway::cmpp::CmppPdu<'static>);
        rcs_testkit::assert_arbitrary_mostly_makes!(rcs_fallback::gateway::sgip::SgipPdu<'static>);
        rcs_testkit::assert_arbitrary_mostly_makes!(rcs_fallback::gateway::smgp::SmgpPdu<'static>);
    }
}
