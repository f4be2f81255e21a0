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
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut made = 0;
    for _ in 0..200 {
        let data: Vec<u8> = (0..600)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        if Frame::arbitrary(&mut Unstructured::new(&data)).is_ok() {
            made += 1;
        }
    }
    assert!(made >= 180, "{made} of 200");
}
