//! `into_owned` equals the borrowed message, and `parse_bytes` the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_sip::{Message, ParseOptions};

fuzz_target!(|bytes: &[u8]| {
    let Ok(msg) = Message::parse(bytes) else {
        return;
    };
    let owned = msg.clone().into_owned();
    assert_eq!(owned, msg);
    assert_eq!(owned.to_bytes(), msg.to_bytes());
    assert_eq!(owned.validate(), msg.validate());
    let shared = Message::parse_bytes(bytes::Bytes::copy_from_slice(bytes), &ParseOptions::new())
        .expect("same input");
    assert_eq!(shared, msg);
});
