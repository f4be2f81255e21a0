//! Property tests: built → text → parsed is equal, with the typed values given; parsed →
//! encoded is byte-exact; every prefix (every split point) is handled without a panic.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rcs_sdp::*;

/// port, TLS, path, accept-types, setup, file (name, size).
type Section = (
    u16,
    bool,
    Vec<String>,
    Vec<String>,
    Option<Setup>,
    Option<(String, u64)>,
);

#[derive(Debug, Clone)]
struct Spec {
    id: u64,
    host: String,
    sections: Vec<Section>,
    session_attrs: Vec<(String, Option<String>)>,
}

fn token() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9][a-zA-Z0-9.+-]{0,10}"
}

fn media_type() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_string()),
        (token(), prop_oneof![Just("*".to_string()), token()])
            .prop_map(|(a, b)| format!("{a}/{b}"))
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    let setup = prop_oneof![
        Just(None),
        Just(Some(Setup::Active)),
        Just(Some(Setup::Passive)),
        Just(Some(Setup::ActPass))
    ];
    let section = (
        any::<u16>(),
        any::<bool>(),
        prop::collection::vec(
            "msrp://[a-z]{1,8}\\.example:[0-9]{1,4}/[a-zA-Z0-9]{1,10};tcp",
            1..3,
        ),
        prop::collection::vec(media_type(), 1..4),
        setup,
        prop::option::of(("[a-zA-Z0-9 ._-]{1,20}", any::<u64>())),
    );
    (
        any::<u64>(),
        "[a-z]{1,10}(\\.[a-z]{1,6}){0,2}",
        prop::collection::vec(section, 0..4),
        prop::collection::vec((token(), prop::option::of("[ -~]{0,20}")), 0..3),
    )
        .prop_map(|(id, host, sections, session_attrs)| Spec {
            id,
            host,
            sections,
            session_attrs,
        })
}

fn build(s: &Spec) -> Session<'static> {
    let mut b = SessionBuilder::new("-", s.id, 1, "IP4", &s.host).connection("IP4", &s.host);
    for (n, v) in &s.session_attrs {
        b = b.attribute(n, v.as_deref());
    }
    for (port, tls, path, types, setup, file) in &s.sections {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let types: Vec<&str> = types.iter().map(String::as_str).collect();
        let mut m = MediaBuilder::msrp(*port, *tls, &path, &types, &[]);
        if let Some(setup) = setup {
            m = m.setup(*setup);
        }
        if let Some((name, size)) = file {
            m = m.file_selector(&FileSelector {
                name: Some(name),
                ty: Some("image/png"),
                size: Some(*size),
                hash: None,
            });
        }
        b = b.media(m);
    }
    b.build().unwrap()
}

proptest! {
    #[test]
    fn built_description_parses_back_with_its_values(s in spec()) {
        let built = build(&s);
        let bytes = built.to_bytes();
        let parsed = Session::parse(&bytes).unwrap();
        prop_assert_eq!(&parsed, &built);
        prop_assert_eq!(parsed.origin().unwrap().session_id, s.id.to_string());
        prop_assert_eq!(parsed.media().len(), s.sections.len());
        for (m, (port, tls, path, types, setup, file)) in parsed.media().zip(&s.sections) {
            let msrp = m.msrp().unwrap();
            msrp.check().unwrap();
            prop_assert_eq!(m.media_line().unwrap().port, *port);
            prop_assert_eq!(msrp.is_tls(), *tls);
            prop_assert_eq!(msrp.path().collect::<Vec<_>>(), path.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert_eq!(msrp.accept_types().map(|t| t.raw).collect::<Vec<_>>(), types.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert_eq!(msrp.setup().map(Result::unwrap), *setup);
            if let Some((name, size)) = file {
                let f = msrp.file_selector().unwrap().unwrap();
                prop_assert_eq!(f.name, Some(name.as_str()));
                prop_assert_eq!(f.size, Some(*size));
            }
        }
        for ((n, v), a) in s.session_attrs.iter().zip(parsed.attributes()) {
            prop_assert_eq!(a.name, n.as_str());
            prop_assert_eq!(a.value, v.as_deref());
        }
        prop_assert_eq!(parsed.clone().into_owned(), parsed);
    }

    #[test]
    fn parsed_description_reencodes_byte_exact(s in spec(), lf in any::<bool>()) {
        let text = String::from_utf8(build(&s).to_bytes().to_vec()).unwrap();
        let text = if lf { text.replace("\r\n", "\n") } else { text };
        let parsed = Session::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(parsed.to_bytes(), text.as_bytes());
        let mut out = Vec::new();
        parsed.encode(&mut out);
        prop_assert_eq!(out.len(), parsed.encoded_len());
    }

    #[test]
    fn every_prefix_is_handled(s in spec()) {
        let bytes = build(&s).to_bytes();
        for cut in 0..=bytes.len() {
            let prefix = &bytes[..cut];
            let full = Session::parse(prefix);
            let frag = Session::parse_fragment(prefix, &ParseOptions::new());
            // A prefix ending after a line end keeps exactly the lines before it.
            if cut > 0 && prefix.ends_with(b"\r\n") {
                let f = frag.unwrap();
                prop_assert_eq!(f.lines().len(), prefix.iter().filter(|&&b| b == b'\n').count());
                if let Ok(p) = full {
                    prop_assert_eq!(p, f);
                }
            }
        }
    }
}
