//! MSRP URI parse: the text is kept exactly, equivalence is reflexive and symmetric, and
//! re-parsing gives the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_msrp::MsrpUri;

fuzz_target!(|input: (&str, &str)| {
    let (a, b) = input;
    let Ok(ua) = MsrpUri::parse(a) else { return };
    assert_eq!(ua.as_str(), a);
    assert!(ua.equivalent(&ua));
    assert_eq!(MsrpUri::parse(ua.as_str()).ok(), Some(ua));
    if let Ok(ub) = MsrpUri::parse(b) {
        assert_eq!(ua.equivalent(&ub), ub.equivalent(&ua));
    }
});
