//! Inputs found by fuzzing, kept as tests. Each names the target that found it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_sip::Uri;

/// sip_uri_decode: a repeated URI parameter made equivalence compare the second occurrence of a
/// name on one side with the first on the other, so a URI was not equivalent to itself.
#[test]
fn uri_with_repeated_parameter_is_equivalent_to_itself() {
    let s = "sip:alii;expires=plii;expires=p:t[:t[e";
    let uri = Uri::parse(s).unwrap();
    assert!(uri.equivalent(&uri));
    let other = Uri::parse("sip:alii;expires=plii").unwrap();
    assert!(uri.equivalent(&other) && other.equivalent(&uri));
}
