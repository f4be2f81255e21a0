//! bytes → message → bytes → message: equal; every typed accessor is total (an error, never a
//! panic); a message rebuilt from the parsed fields by the builder parses to the same fields.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_cpim::{CPIM_NS, Message, MessageBuilder, ParseOptions};

fn exercise(m: &Message<'_>) {
    serde_json::to_vec(m).expect("a message serializes");
    let _ = m.from();
    let _ = m.to().count();
    let _ = m.cc().count();
    if let Some(Ok(d)) = m.date_time() {
        let _ = d.unix_seconds();
    }
    let _ = m.subjects().count();
    let _ = m.require().count();
    let _ = m.namespaces().count();
    let _ = m.content_type();
    let _ = m.content_disposition();
    let _ = m.content_length();
    let _ = m.decoded_content();
    let _ = m.imdn_message_id();
    let _ = m.disposition_notification();
    let _ = m.original_to();
    let _ = m.imdn_record_route().count();
    let _ = m.imdn_route().count();
    for h in m.headers() {
        let _ = h.lang();
        let _ = h.param("x");
    }
}

fn rebuild(m: &Message<'_>) {
    let mut b = MessageBuilder::new();
    for n in m.namespaces() {
        if let Some(p) = n.prefix {
            b = b.namespace(p, n.urn);
        }
    }
    for h in m.headers() {
        if h.is(CPIM_NS, "NS") {
            continue;
        }
        let Some(ns) = h.namespace else { return };
        b = b.header(ns, h.name, h.value);
    }
    let ct = m.content_header("Content-Type").unwrap_or("text/plain");
    let b = b.content(ct, m.content().to_vec());
    if b.refused().is_some() {
        return;
    }
    let built = b
        .build()
        .expect("a builder that accepted its pieces builds");
    let key = |m: &Message<'_>| {
        m.headers()
            .filter(|h| !h.is(CPIM_NS, "NS"))
            .map(|h| {
                (
                    h.namespace.map(str::to_ascii_lowercase),
                    h.name.to_string(),
                    h.value.to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&built), key(m));
    assert_eq!(built.content(), m.content());
}

fuzz_target!(|data: &[u8]| {
    for opts in [ParseOptions::new(), ParseOptions::lenient()] {
        let Ok(m) = Message::parse_with(data, &opts) else {
            continue;
        };
        assert_eq!(m.as_bytes(), data);
        let again = Message::parse_with(m.as_bytes(), &opts).expect("re-parse");
        assert_eq!(
            again.headers().collect::<Vec<_>>(),
            m.headers().collect::<Vec<_>>()
        );
        let owned = m.clone().into_owned();
        assert_eq!(
            owned.headers().collect::<Vec<_>>(),
            m.headers().collect::<Vec<_>>()
        );
        exercise(&m);
        rebuild(&m);
    }
});
