//! arbitrary built description → bytes → parse: equal, every typed view reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_sdp::Session;

fuzz_target!(|built: Session<'static>| {
    let bytes = built.to_bytes();
    assert_eq!(built.encoded_len(), bytes.len());
    let parsed = Session::parse(&bytes).expect("a built description parses");
    assert_eq!(parsed, built);
    assert_eq!(parsed.media().count(), built.media().count());
    for m in parsed.media() {
        if let Some(msrp) = m.msrp() {
            assert!(
                msrp.path().next().is_some(),
                "a built MSRP section has a path"
            );
            let _ = msrp.setup();
        }
    }
});
