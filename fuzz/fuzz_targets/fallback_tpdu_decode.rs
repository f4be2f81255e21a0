//! Any bytes: a TPDU decodes or fails with an error, never a panic; a decoded TPDU encodes to
//! bytes that decode to the same value and encode to the same bytes (spare bits and fillers
//! are written canonically), and its text reads without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_fallback::{Address, Tpdu};

fuzz_target!(|data: &[u8]| {
    if let Ok(tpdu) = Tpdu::parse(data) {
        let bytes = tpdu.to_bytes();
        assert_eq!(tpdu.encoded_len(), bytes.len(), "encoded_len is exact");
        let again = Tpdu::parse(&bytes).expect("own encoding decodes");
        assert_eq!(again, tpdu, "bytes -> value -> bytes -> value differs");
        assert_eq!(again.to_bytes(), bytes, "canonical encoding is not stable");
        // The serde form reads back as the same TPDU.
        let json = serde_json::to_vec(&tpdu).expect("a TPDU serializes");
        let read: Tpdu = serde_json::from_slice(&json).expect("its JSON reads back");
        assert_eq!(read, tpdu, "JSON round trip");
        if let Some(ud) = tpdu.user_data() {
            let _ = ud.text();
            assert!(ud.encoded_len() <= data.len());
        }
    }
    // The same bytes with an SMSC address in front, as AT-command PDU mode has them.
    if let Ok((smsc, used)) = Address::parse_smsc(data) {
        let mut again = Vec::new();
        Address::encode_smsc(smsc.as_ref(), &mut again);
        let (back, n) = Address::parse_smsc(&again).expect("own SMSC address decodes");
        assert_eq!((back, n), (smsc, again.len()));
        let _ = Tpdu::parse(&data[used..]);
    }
});
