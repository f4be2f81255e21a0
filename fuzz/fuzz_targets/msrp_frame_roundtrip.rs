//! arbitrary built frame → bytes → parse and stream-decode at a split: equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_msrp::{Frame, FrameDecoder, ParseOptions};

fuzz_target!(|input: (Frame<'static>, u16)| {
    let (built, split) = input;
    let bytes = built.to_bytes();
    assert_eq!(built.encoded_len(), bytes.len());
    let parsed = Frame::parse(&bytes).expect("a built frame parses");
    assert_eq!(parsed, built);
    assert_eq!(parsed.flag(), built.flag());
    assert!(parsed.to_path_uris().all(|u| u.is_ok()));
    let at = usize::from(split) % (bytes.len() + 1);
    let mut d = FrameDecoder::new(ParseOptions::new());
    let mut buf = bytes::BytesMut::from(&bytes[..at]);
    let first = d.decode(&mut buf).expect("no error on a prefix");
    let framed = match first {
        Some(f) => f,
        None => {
            buf.extend_from_slice(&bytes[at..]);
            d.decode(&mut buf).expect("frames").expect("complete")
        }
    };
    assert_eq!(framed, built);
});
