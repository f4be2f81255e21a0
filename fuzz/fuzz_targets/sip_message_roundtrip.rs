//! arbitrary built message → bytes → parse: equal, typed values equal, validate stable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_sip::{Message, ParseOptions};

fuzz_target!(|built: Message<'static>| {
    let bytes = built.to_bytes();
    let parsed = Message::parse(&bytes).expect("a built message parses");
    assert_eq!(parsed, built);
    assert_eq!(&parsed.to_bytes()[..], &bytes[..]);
    for (a, b) in parsed.headers().zip(built.headers()) {
        assert!(a.check().is_ok(), "built header types: {}", a.name());
        let (va, vb): (Vec<_>, Vec<_>) = (
            a.typed_values()
                .map(|v| v.map(|x| x.ok()).collect())
                .unwrap_or_default(),
            b.typed_values()
                .map(|v| v.map(|x| x.ok()).collect())
                .unwrap_or_default(),
        );
        assert_eq!(va, vb);
    }
    let framed = {
        let mut f = rcs_sip::Framer::new(ParseOptions::new());
        let mut buf = bytes::BytesMut::from(&bytes[..]);
        f.decode(&mut buf).expect("frames").expect("complete")
    };
    assert_eq!(framed, built);
});
