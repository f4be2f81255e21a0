//! bytes → message → every typed accessor → validate → encode → parse, equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_sip::{KnownHeader, Message, ParseOptions, Uri};

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
    // Values the typed views keep from their parse equal the ones walked on demand.
    for via in msg.vias().flatten() {
        assert_eq!(via.branch(), via.params().value("branch"));
    }
    for contact in msg.contacts().flatten() {
        if let Some(a) = contact.address() {
            assert_eq!(a.tag(), a.params().value("tag"));
        }
    }
    for a in [msg.from_header(), msg.to_header()]
        .into_iter()
        .flatten()
        .flatten()
    {
        assert_eq!(a.tag(), a.params().value("tag"));
        // A bracketed URI is read in place up to its '>': the same URI as read on its own.
        if a.is_bracketed() {
            assert_eq!(Uri::parse(a.uri().as_str()).as_ref(), Ok(&a.uri()));
        }
    }
    let first_length = msg
        .headers()
        .find(|h| h.known() == Some(KnownHeader::ContentLength));
    assert_eq!(
        msg.content_length().map(|r| r.ok()),
        first_length.map(|h| h.value().parse::<u32>().ok())
    );
    let _ = (
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
    // The serde form (what `rcs inspect --json` prints) is written for any message.
    serde_json::to_vec(&msg).expect("a message serializes");
    serde_json::to_vec(&report.problems).expect("problems serialize");
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
