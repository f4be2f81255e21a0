//! bytes → frame (strict and lenient) → every typed accessor → encode (byte-exact) → parse, equal;
//! and the stream decoder agrees with the one-shot parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_msrp::{Frame, FrameDecoder, ParseOptions};

fuzz_target!(|bytes: &[u8]| {
    for opts in [
        ParseOptions::new(),
        ParseOptions::new().lenient_paths(true),
        ParseOptions::new().lenient_paths(true).allow_bare_lf(true),
    ] {
        let Ok(f) = Frame::parse_with(bytes, &opts) else {
            continue;
        };
        serde_json::to_vec(&f).expect("a frame serializes");
        serde_json::to_vec(&f.validate().problems).expect("problems serialize");
        let _ = (
            f.transaction_id(),
            f.method(),
            f.status(),
            f.comment(),
            f.headers().count(),
        );
        let _ = (
            f.byte_range(),
            f.status_header(),
            f.success_report(),
            f.failure_report(),
            f.to_path().count(),
            f.from_path().count(),
        );
        assert_eq!(f.as_bytes(), bytes, "byte-exact");
        let encoded = f.to_bytes();
        let again = Frame::parse_with(&encoded, &opts).expect("encoded frame parses");
        assert_eq!(again, f);
        let mut dec = FrameDecoder::new(opts);
        let mut buf = bytes::BytesMut::from(bytes);
        let streamed = dec
            .decode(&mut buf)
            .expect("stream decodes")
            .expect("complete");
        assert_eq!(streamed, f);
        assert!(buf.is_empty());
        assert_eq!(f.clone().into_owned(), f);
    }
});
