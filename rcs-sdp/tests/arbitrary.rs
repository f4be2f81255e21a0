//! `Arbitrary` (feature `arbitrary`) makes descriptions the parser reads back equal.
#![cfg(feature = "arbitrary")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use rcs_sdp::Session;

proptest! {
    #[test]
    fn arbitrary_sessions_round_trip(data in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut u = Unstructured::new(&data);
        if let Ok(s) = Session::arbitrary(&mut u) {
            let bytes = s.to_bytes();
            let back = Session::parse(&bytes).unwrap();
            prop_assert_eq!(&back, &s);
            prop_assert_eq!(back.media().count(), s.media().count());
            for m in back.media() {
                if let Some(msrp) = m.msrp() {
                    prop_assert!(msrp.path().next().is_some());
                }
            }
        }
    }
}

/// Most inputs make a value (the impl does not give up on its own pieces).
#[test]
fn most_inputs_make_a_value() {
    rcs_testkit::assert_arbitrary_mostly_makes!(Session<'static>);
}
