//! Differential: rcs-chatbot's JSON reader and serde_json accept exactly the same documents
//! (RFC 8259, nothing after the value) and read them to the same values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_chatbot::fuzz_support::{read, read_with_serde_json};

fuzz_target!(|data: &[u8]| {
    let ours = read(data);
    let theirs = read_with_serde_json(data);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        // serde_json's own nesting limit (128) is not a JSON rule.
        (Ok(_), Err(e)) if e.contains("recursion limit") => {}
        _ => panic!("reader disagreement: ours {ours:?}, serde_json {theirs:?}"),
    }
});
