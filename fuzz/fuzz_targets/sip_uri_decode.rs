//! URI parse: the text is kept exactly, a URI is equivalent to itself, and re-parsing its text
//! gives the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_sip::Uri;

fuzz_target!(|bytes: &[u8]| {
    let Ok(s) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(uri) = Uri::parse(s) else { return };
    assert_eq!(uri.as_str(), s);
    assert!(uri.equivalent(&uri), "equivalence is reflexive");
    assert_eq!(Uri::parse(uri.as_str()).ok(), Some(uri));
    if let Uri::Sip(sip) = uri {
        let _ = (
            sip.user_decoded(),
            sip.header_pairs().count(),
            sip.params().iter().count(),
            sip.host().ip(),
        );
    }
});
