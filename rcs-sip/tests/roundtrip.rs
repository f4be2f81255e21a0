//! Property tests: built → bytes → parsed is equal; parsed → encoded is byte-exact; the stream
//! framer gives the same messages at every split point and with one-byte feeds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::BytesMut;
use proptest::prelude::*;
use rcs_sip::{Framer, Host, KnownHeader, Message, MessageBuilder, ParseOptions, Uri};

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9.!%*_+`'~-]{0,12}".prop_filter("not a % escape issue", |_| true)
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("INVITE".to_string()),
        Just("MESSAGE".to_string()),
        Just("OPTIONS".to_string()),
        Just("REGISTER".to_string()),
        "[A-Z]{3,10}",
    ]
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9]{0,6}(\\.[a-z][a-z0-9-]{0,6}[a-z0-9]){0,3}",
        (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>())
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        (any::<u16>(), any::<u16>()).prop_map(|(a, b)| format!("[2001:db8::{a:x}:{b:x}]")),
    ]
}

fn sip_uri() -> impl Strategy<Value = String> {
    (
        prop::option::of("[a-zA-Z0-9+._~-]{1,12}"),
        host(),
        prop::option::of(1u16..),
        prop::option::of(prop_oneof![
            Just(";transport=tcp"),
            Just(";lr"),
            Just(";user=phone")
        ]),
    )
        .prop_map(|(user, host, port, param)| {
            let mut s = "sip:".to_string();
            if let Some(u) = user {
                s += &u;
                s.push('@');
            }
            s += &host;
            if let Some(p) = port {
                s += &format!(":{p}");
            }
            s += param.unwrap_or("");
            s
        })
}

/// Display names: any text without controls, quoted with `"` and `\` escaped.
fn display() -> impl Strategy<Value = String> {
    "[ a-zA-Z0-9\"\\\\李雷小明,;:<>@.-]{0,16}"
}

fn quote(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

#[derive(Debug, Clone)]
struct Spec {
    method: String,
    ruri: String,
    transport: &'static str,
    via_host: String,
    via_port: Option<u16>,
    branch: String,
    from_name: String,
    from_uri: String,
    from_tag: String,
    to_uri: String,
    call_id: String,
    seq: u32,
    max_forwards: u8,
    ext: Vec<(String, String)>,
    body: Vec<u8>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        (
            method(),
            sip_uri(),
            prop_oneof![Just("UDP"), Just("TCP"), Just("TLS"), Just("WSS")],
            host(),
            prop::option::of(1u16..),
        ),
        (
            token(),
            display(),
            sip_uri(),
            token(),
            sip_uri(),
            "[a-zA-Z0-9.!%*_+-]{1,20}(@[a-z0-9.]{1,10})?",
        ),
        (0u32..(1 << 31), any::<u8>()),
        prop::collection::vec(
            ("X-[A-Za-z0-9-]{1,10}", "[!-~]([ !-~李雷]{0,30}[!-~])?"),
            0..4,
        ),
        prop::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(|(a, b, c, ext, body)| Spec {
            method: a.0,
            ruri: a.1,
            transport: a.2,
            via_host: a.3,
            via_port: a.4,
            branch: format!("z9hG4bK{}", b.0),
            from_name: b.1,
            from_uri: b.2,
            from_tag: b.3,
            to_uri: b.4,
            call_id: b.5,
            seq: c.0,
            max_forwards: c.1,
            ext,
            body,
        })
}

fn build(s: &Spec) -> Message<'static> {
    let port = s.via_port.map(|p| format!(":{p}")).unwrap_or_default();
    let mut b = MessageBuilder::request(&s.method, &s.ruri)
        .header(
            KnownHeader::Via,
            &format!(
                "SIP/2.0/{} {}{};branch={}",
                s.transport, s.via_host, port, s.branch
            ),
        )
        .header(KnownHeader::MaxForwards, &s.max_forwards.to_string())
        .header(
            KnownHeader::From,
            &format!(
                "{} <{}>;tag={}",
                quote(&s.from_name),
                s.from_uri,
                s.from_tag
            ),
        )
        .header(KnownHeader::To, &format!("<{}>", s.to_uri))
        .header(KnownHeader::CallId, &s.call_id)
        .header(KnownHeader::CSeq, &format!("{} {}", s.seq, s.method));
    for (n, v) in &s.ext {
        b = b.raw_header(n, v);
    }
    if !s.body.is_empty() {
        b = b.header(KnownHeader::ContentType, "text/plain");
    }
    b.body(&s.body).build().unwrap()
}

/// Re-format a canonical message the way real peers do: compact names, odd spacing around the
/// colon, folded values. Values keep their meaning.
fn reformat(canonical: &[u8], compact: bool, fold_at: usize) -> Vec<u8> {
    let text = canonical;
    let head_end = text.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 2;
    let head = std::str::from_utf8(&text[..head_end]).unwrap();
    let mut out = String::new();
    for (i, line) in head.split("\r\n").enumerate() {
        if line.is_empty() {
            continue;
        }
        if i == 0 {
            out += line;
            out += "\r\n";
            continue;
        }
        let (name, value) = line.split_once(": ").unwrap();
        let k = KnownHeader::from_name(name.as_bytes());
        let name = match (compact, k.and_then(|k| k.compact())) {
            (true, Some(c)) => c.to_string(),
            _ => name.to_string(),
        };
        // Fold at the first lone space after `fold_at` characters of the value, if any (a fold
        // and the white space after it read as one SP, so a run of spaces would shrink).
        let lone_space = |j: usize| {
            value.as_bytes()[j] == b' '
                && value.as_bytes().get(j + 1).is_some_and(|&n| n != b' ')
                && (j == 0 || value.as_bytes()[j - 1] != b' ')
        };
        let value = match value
            .char_indices()
            .find(|&(j, _)| j >= fold_at % (value.len() + 1) && lone_space(j))
        {
            Some((j, _)) => format!("{}\r\n  {}", &value[..j], &value[j + 1..]),
            None => value.to_string(),
        };
        out += &format!("{name} :\t{value}\r\n");
    }
    let mut v = out.into_bytes();
    v.extend_from_slice(b"\r\n");
    v.extend_from_slice(&text[head_end + 2..]);
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn built_message_parses_back_equal(s in spec()) {
        let built = build(&s);
        let bytes = built.to_bytes();
        let parsed = Message::parse(&bytes).unwrap();
        prop_assert_eq!(&parsed, &built);
        prop_assert_eq!(parsed.method(), Some(s.method.as_str()));
        let via = parsed.vias().next().unwrap().unwrap();
        prop_assert_eq!(via.branch(), Some(s.branch.as_str()));
        prop_assert_eq!(via.transport(), s.transport);
        prop_assert_eq!(via.port(), s.via_port);
        let from = parsed.from_header().unwrap().unwrap();
        prop_assert_eq!(from.display_name_unquoted().unwrap(), s.from_name.as_str());
        prop_assert_eq!(from.tag(), Some(s.from_tag.as_str()));
        prop_assert_eq!(from.uri().as_str(), s.from_uri.as_str());
        prop_assert_eq!(parsed.call_id().unwrap().unwrap().as_str(), s.call_id.as_str());
        let cseq = parsed.cseq().unwrap().unwrap();
        prop_assert_eq!((cseq.seq(), cseq.method()), (s.seq, s.method.as_str()));
        prop_assert_eq!(parsed.max_forwards().unwrap().unwrap(), s.max_forwards);
        prop_assert_eq!(parsed.body(), &s.body[..]);
        prop_assert_eq!(parsed.content_length().unwrap().unwrap() as usize, s.body.len());
        for (n, _) in &s.ext {
            // Names may repeat: header() gives the first with that name.
            let first = s.ext.iter().find(|(m, _)| m.eq_ignore_ascii_case(n)).unwrap();
            prop_assert_eq!(parsed.header(n).unwrap().value(), first.1.as_str());
            prop_assert_eq!(parsed.headers_named(n).count(), s.ext.iter().filter(|(m, _)| m.eq_ignore_ascii_case(n)).count());
        }
        prop_assert!(!parsed.validate().has_errors(), "{:?}", parsed.validate());
        // The owned form equals the borrowed one without re-parsing.
        prop_assert_eq!(parsed.clone().into_owned(), parsed);
    }

    #[test]
    fn parsed_message_reencodes_byte_exact(s in spec(), compact in any::<bool>(), fold_at in 0usize..40) {
        let canonical = build(&s).to_bytes();
        let odd = reformat(&canonical, compact, fold_at);
        let parsed = Message::parse(&odd).unwrap();
        prop_assert_eq!(&parsed.to_bytes()[..], &odd[..]);
        let mut v = Vec::new();
        parsed.encode(&mut v);
        prop_assert_eq!(v.len(), parsed.encoded_len());
        // Same meaning as the canonical form.
        let canon = Message::parse(&canonical).unwrap();
        prop_assert_eq!(parsed.vias().next().unwrap().unwrap().branch(), canon.vias().next().unwrap().unwrap().branch());
        let (a, b) = (parsed.from_header().unwrap().unwrap(), canon.from_header().unwrap().unwrap());
        prop_assert_eq!(a.display_name_unquoted(), b.display_name_unquoted());
        prop_assert_eq!(a.tag(), b.tag());
        prop_assert!(a.uri().equivalent(&b.uri()));
        prop_assert_eq!(parsed.cseq().unwrap().unwrap(), canon.cseq().unwrap().unwrap());
        prop_assert_eq!(parsed.body(), canon.body());
        for (h, c) in parsed.headers().zip(canon.headers()) {
            prop_assert_eq!(h.name(), c.name());
            prop_assert_eq!(h.unfolded_value(), c.unfolded_value());
        }
    }

    #[test]
    fn framer_is_split_invariant(specs in prop::collection::vec(spec(), 1..4), keepalives in 0usize..3, chunks in prop::collection::vec(1usize..64, 1..40)) {
        let msgs: Vec<_> = specs.iter().map(build).collect();
        let mut stream = Vec::new();
        for m in &msgs {
            for _ in 0..keepalives {
                stream.extend_from_slice(b"\r\n");
            }
            stream.extend_from_slice(&m.to_bytes());
        }
        let got = feed(&stream, chunks.iter().copied().cycle());
        prop_assert_eq!(got.len(), msgs.len());
        for (g, m) in got.iter().zip(&msgs) {
            prop_assert_eq!(g, m);
            prop_assert_eq!(&g.to_bytes(), &m.to_bytes());
        }
    }
}

/// Feed `stream` in chunks of the given sizes; collect every message.
fn feed(stream: &[u8], mut sizes: impl Iterator<Item = usize>) -> Vec<Message<'static>> {
    let mut framer = Framer::new(ParseOptions::new());
    let mut buf = BytesMut::new();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < stream.len() {
        let n = sizes.next().unwrap().min(stream.len() - pos);
        buf.extend_from_slice(&stream[pos..pos + n]);
        pos += n;
        while let Some(m) = framer.decode(&mut buf).unwrap() {
            out.push(m);
        }
    }
    assert!(
        buf.is_empty(),
        "left over: {:?}",
        String::from_utf8_lossy(&buf)
    );
    out
}

fn sample_stream() -> (Vec<u8>, Vec<Message<'static>>) {
    let a = MessageBuilder::request("MESSAGE", "sip:bob@example.com")
        .header(
            KnownHeader::Via,
            "SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bKa",
        )
        .header(KnownHeader::ContentType, "text/plain")
        .body("hello\r\n\r\nworld")
        .build()
        .unwrap();
    let b = MessageBuilder::response(200, "OK")
        .header(KnownHeader::CallId, "x")
        .build()
        .unwrap();
    let mut s = b"\r\n\r\n".to_vec();
    s.extend_from_slice(&a.to_bytes());
    s.extend_from_slice(b"\r\n");
    s.extend_from_slice(&b.to_bytes());
    (s, vec![a, b])
}

#[test]
fn framer_every_split_point() {
    let (stream, msgs) = sample_stream();
    for split in 0..=stream.len() {
        let mut sizes = [split, stream.len()].into_iter().filter(|&n| n > 0);
        let got = feed(
            &stream,
            std::iter::from_fn(move || sizes.next().or(Some(usize::MAX))),
        );
        assert_eq!(got, msgs, "split at {split}");
    }
}

#[test]
fn framer_one_byte_feeds() {
    let (stream, msgs) = sample_stream();
    let mut framer = Framer::new(ParseOptions::new());
    let got = feed(&stream, std::iter::repeat(1));
    assert_eq!(got, msgs);
    // The keep-alives were counted.
    let mut buf = BytesMut::from(&stream[..]);
    while framer.decode(&mut buf).unwrap().is_some() {}
    assert_eq!(framer.keepalives(), 3);
}

#[test]
fn framer_refuses_missing_and_conflicting_content_length() {
    let mut f = Framer::new(ParseOptions::new());
    let mut buf = BytesMut::from(
        &b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n"[..],
    );
    assert_eq!(
        f.decode(&mut buf).unwrap_err().kind(),
        rcs_sip::ErrorKind::MissingContentLength
    );
    let mut f = Framer::new(ParseOptions::new());
    let mut buf = BytesMut::from(
        &b"OPTIONS sip:a@b.example SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nab"[..],
    );
    assert_eq!(
        f.decode(&mut buf).unwrap_err().kind(),
        rcs_sip::ErrorKind::ConflictingContentLength
    );
    // A whole message with conflicting values parses (validate() reports them); the typed
    // accessor gives the first value, as every other single-valued accessor does.
    let m = Message::parse(
        b"OPTIONS sip:a@b.example SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\nl: 3\r\n\r\nab",
    )
    .unwrap();
    assert_eq!(m.content_length(), Some(Ok(1)));
}

#[test]
fn framer_checks_limits_before_buffering() {
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_head_size = 64;
    opts.limits_mut().max_body_size = 10;
    let mut f = Framer::new(opts);
    let mut buf = BytesMut::from(&[b'A'; 100][..]);
    assert!(matches!(
        f.decode(&mut buf).unwrap_err().kind(),
        rcs_sip::ErrorKind::LimitExceeded(_)
    ));
    let mut f = Framer::new(opts);
    let mut buf = BytesMut::from(&b"MESSAGE sip:a@b.example SIP/2.0\r\nl: 4000000000\r\n\r\n"[..]);
    assert_eq!(
        f.decode(&mut buf).unwrap_err().kind(),
        rcs_sip::ErrorKind::LimitExceeded(rcs_sip::LimitKind::BodySize)
    );
}

#[test]
fn ipv6_host_round_trips() {
    let (stream, _) = sample_stream();
    let got = feed(&stream, std::iter::repeat(7));
    let via = got[0].vias().next().unwrap().unwrap();
    assert!(matches!(via.host(), Host::Ipv6("2001:db8::1")));
    assert!(matches!(got[0].request_uri(), Some(Uri::Sip(_))));
}

/// The tokio-util codec decodes what the framer frames and encodes byte-exact.
#[cfg(feature = "tokio-codec")]
#[test]
fn tokio_codec_decodes_and_encodes() {
    use tokio_util::codec::{Decoder, Encoder};
    let (stream, msgs) = sample_stream();
    let mut codec = rcs_sip::SipCodec::new(ParseOptions::new());
    let mut buf = BytesMut::from(&stream[..]);
    let mut got = Vec::new();
    while let Some(m) = codec.decode(&mut buf).unwrap() {
        got.push(m);
    }
    assert_eq!(got, msgs);
    let mut out = BytesMut::new();
    for m in &got {
        codec.encode(m, &mut out).unwrap();
    }
    let mut expected = Vec::new();
    for m in &msgs {
        expected.extend_from_slice(&m.to_bytes());
    }
    assert_eq!(&out[..], &expected[..]);
    let mut bad = BytesMut::from(&b"OPTIONS sip:a@b.example SIP/2.0\r\n\r\n"[..]);
    assert!(matches!(
        codec.decode(&mut bad),
        Err(rcs_sip::CodecError::Decode(_))
    ));
}
