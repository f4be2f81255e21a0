//! arbitrary SMPP, CMPP, SGIP or SMGP PDU (every body the decoder knows, and others kept as
//! sent) → octets → parse → the same PDU, with `encoded_len` exact.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use rcs_fallback::gateway::{cmpp::CmppPdu, sgip::SgipPdu, smgp::SmgpPdu, smpp::SmppPdu};

#[derive(Debug, Arbitrary)]
enum Pdu {
    Smpp(SmppPdu<'static>),
    Cmpp(CmppPdu<'static>),
    Sgip(SgipPdu<'static>),
    Smgp(SmgpPdu<'static>),
}

fuzz_target!(|pdu: Pdu| {
    match pdu {
        Pdu::Smpp(p) => {
            let bytes = p.to_bytes();
            assert_eq!(p.encoded_len(), bytes.len());
            assert_eq!(SmppPdu::parse(&bytes).expect("written SMPP parses"), p);
        }
        Pdu::Cmpp(p) => {
            let bytes = p.to_bytes();
            assert_eq!(p.encoded_len(), bytes.len());
            assert_eq!(
                CmppPdu::parse(&bytes, p.version).expect("written CMPP parses"),
                p
            );
        }
        Pdu::Sgip(p) => {
            let bytes = p.to_bytes();
            assert_eq!(p.encoded_len(), bytes.len());
            assert_eq!(SgipPdu::parse(&bytes).expect("written SGIP parses"), p);
        }
        Pdu::Smgp(p) => {
            let bytes = p.to_bytes();
            assert_eq!(p.encoded_len(), bytes.len());
            assert_eq!(
                SmgpPdu::parse(&bytes, p.layout).expect("written SMGP parses"),
                p
            );
        }
    }
});
