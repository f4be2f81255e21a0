//! bytes → message → every typed accessor → validate → encode → parse, equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_sip::{Message, ParseOptions};

fn exercise(bytes: &[u8], opts: &ParseOptions) {
    let Ok(msg) = Message::parse_datagram(bytes, opts) else {
        return;
    };
    let _ = msg.request_uri();
    for h in msg.headers() {
        let _ = h.unfolded_value();
        let _ = h.split_values().count();
        if let Some(values) = h.typed_values() {
            for v in values {
                let _ = format!("{v:?}");
            }
        }
    }
    let _ = msg.vias().count();
    let _ = msg.contacts().count();
    let _ = (
        msg.from_header(),
        msg.to_header(),
        msg.cseq(),
        msg.call_id(),
        msg.content_type(),
        msg.max_forwards(),
    );
    if let Some(Ok(mp)) = msg.multipart_with(opts) {
        for part in mp.parts() {
            let _ = (
                part.content_type(),
                part.content_id(),
                part.headers().count(),
            );
            if let Some(Ok(inner)) = part.multipart() {
                assert!(
                    inner
                        .parts()
                        .iter()
                        .all(|p| p.as_bytes().len() <= part.body().len())
                );
            }
            assert_eq!(
                &bytes[part.offset()..part.offset() + part.as_bytes().len()],
                part.as_bytes()
            );
        }
    }
    let report = msg.validate();
    for p in &report.problems {
        let _ = p.to_string();
    }
    let enc = msg.to_bytes();
    assert_eq!(&enc[..], &bytes[..enc.len()], "re-encode is byte-exact");
    let again = Message::parse_datagram(&enc, opts).expect("encoded message parses");
    assert_eq!(again, msg);
    assert_eq!(again.validate(), report);
}

fuzz_target!(|bytes: &[u8]| {
    exercise(bytes, &ParseOptions::new());
    exercise(bytes, &ParseOptions::new().allow_bare_lf(true));
});
