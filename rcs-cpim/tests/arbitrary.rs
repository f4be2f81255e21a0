//! `Arbitrary` (feature `arbitrary`) makes messages the strict parser reads back equal.
#![cfg(feature = "arbitrary")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use rcs_cpim::Message;

proptest! {
    #[test]
    fn arbitrary_messages_round_trip(data in prop::collection::vec(any::<u8>(), 0..1024)) {
        let mut u = Unstructured::new(&data);
        if let Ok(m) = Message::arbitrary(&mut u) {
            let bytes = m.to_bytes();
            let back = Message::parse(&bytes).unwrap();
            prop_assert_eq!(back.as_bytes(), m.as_bytes());
            prop_assert!(back.from().unwrap().is_ok());
            prop_assert_eq!(back.content(), m.content());
            if let Some(d) = back.date_time() {
                prop_assert!(d.is_ok());
            }
        }
    }
}

/// Most inputs make a value (the impl does not give up on its own pieces).
#[test]
fn most_inputs_make_a_value() {
    rcs_testkit::assert_arbitrary_mostly_makes!(Message<'static>);
}
