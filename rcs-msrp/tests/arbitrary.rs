//! `Arbitrary` (feature `arbitrary`) makes frames the decoders read back equal.
#![cfg(feature = "arbitrary")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use rcs_msrp::{Frame, FrameDecoder, ParseOptions};

proptest! {
    #[test]
    fn arbitrary_frames_round_trip(data in prop::collection::vec(any::<u8>(), 0..1024)) {
        let mut u = Unstructured::new(&data);
        if let Ok(f) = Frame::arbitrary(&mut u) {
            let bytes = f.to_bytes();
            prop_assert_eq!(f.encoded_len(), bytes.len());
            let back = Frame::parse(&bytes).unwrap();
            prop_assert_eq!(&back, &f);
            prop_assert_eq!(back.flag(), f.flag());
            prop_assert!(back.to_path_uris().all(|u| u.is_ok()));
            let mut d = FrameDecoder::new(ParseOptions::new());
            let mut buf = bytes::BytesMut::from(&bytes[..]);
            prop_assert_eq!(d.decode(&mut buf).unwrap().unwrap(), f);
        }
    }
}

/// Most inputs make a value (the impl does not give up on its own pieces).
#[test]
fn most_inputs_make_a_value() {
    rcs_testkit::assert_arbitrary_mostly_makes!(Frame<'static>);
}
