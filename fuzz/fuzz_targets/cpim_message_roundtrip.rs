//! arbitrary built message → bytes → parse: the same bytes, headers and content.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_cpim::Message;

fuzz_target!(|built: Message<'static>| {
    let bytes = built.to_bytes();
    assert_eq!(built.encoded_len(), bytes.len());
    let parsed = Message::parse(&bytes).expect("a built message parses");
    assert_eq!(parsed.as_bytes(), built.as_bytes());
    let names = |m: &Message<'_>| {
        m.headers()
            .map(|h| {
                (
                    h.namespace.map(str::to_owned),
                    h.name.to_owned(),
                    h.value.to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&parsed), names(&built));
    assert_eq!(parsed.content(), built.content());
    assert!(parsed.from().expect("From").is_ok());
    if let Some(d) = parsed.date_time() {
        assert!(d.is_ok());
    }
});
