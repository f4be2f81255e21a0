//! bytes → description (full and fragment) → every typed view → encode (byte-exact) → parse, equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_sdp::{ParseOptions, Session};

fn exercise(s: &Session<'_>, bytes: &[u8]) {
    serde_json::to_vec(s).expect("a description serializes");
    let _ = (
        s.origin(),
        s.name(),
        s.connection(),
        s.times().count(),
        s.attributes().count(),
    );
    for m in s.media() {
        let _ = (
            m.media_line(),
            m.connection(),
            m.direction(),
            m.attributes().count(),
        );
        if let Some(msrp) = m.msrp() {
            let _ = (
                msrp.path().count(),
                msrp.accept_types().count(),
                msrp.accept_wrapped_types().count(),
            );
            let _ = (
                msrp.max_size(),
                msrp.setup(),
                msrp.connection_new(),
                msrp.file_selector(),
                msrp.file_date(),
                msrp.file_range(),
            );
            let _ = msrp.check();
        }
    }
    assert_eq!(s.to_bytes(), bytes, "re-encode is byte-exact");
    let again = if s.is_fragment() {
        Session::parse_fragment(bytes, &ParseOptions::new())
    } else {
        Session::parse(bytes)
    };
    assert_eq!(&again.expect("encoded description parses"), s);
    assert_eq!(&s.clone().into_owned(), s);
}

fuzz_target!(|bytes: &[u8]| {
    if let Ok(s) = Session::parse(bytes) {
        exercise(&s, bytes);
    }
    if let Ok(s) = Session::parse_fragment(bytes, &ParseOptions::new()) {
        exercise(&s, bytes);
    }
    let _ = Session::parse_with(bytes, &ParseOptions::new().allow_any_order(true));
});
