//! arbitrary TPDU (SUBMIT, DELIVER, STATUS-REPORT, with user data and headers) → octets →
//! parse → the same TPDU, with `encoded_len` exact and the text readable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_fallback::Tpdu;

fuzz_target!(|tpdu: Tpdu| {
    let bytes = tpdu.to_bytes();
    assert_eq!(tpdu.encoded_len(), bytes.len());
    let back = Tpdu::parse(&bytes).expect("a written TPDU parses");
    assert_eq!(back, tpdu);
    if let Some(ud) = back.user_data() {
        let _ = ud.text();
    }
});
