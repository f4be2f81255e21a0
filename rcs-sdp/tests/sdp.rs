//! Known answers, errors with line numbers, limits, order rules, builders.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use rcs_sdp::*;

const FULL: &str = "v=0\r\n\
o=jdoe 2890844526 2890842807 IN IP4 198.51.100.1\r\n\
s=SDP Seminar\r\n\
i=A Seminar on the session description protocol\r\n\
u=http://www.example.com/seminars/sdp.pdf\r\n\
e=j.doe@example.com (Jane Doe)\r\n\
c=IN IP4 233.252.0.1/127\r\n\
b=AS:128\r\n\
t=2873397496 2873404696\r\n\
r=7d 1h 0 25h\r\n\
a=recvonly\r\n\
m=audio 49170 RTP/AVP 0\r\n\
m=video 51372/2 RTP/AVP 99\r\n\
c=IN IP6 2001:db8::2\r\n\
a=rtpmap:99 h263-1998/90000\r\n";

#[test]
fn rfc8866_example_parses_and_types() {
    let s = Session::parse(FULL.as_bytes()).unwrap();
    assert!(s.warnings().is_empty());
    assert_eq!(s.lines().len(), 15);
    let o = s.origin().unwrap();
    assert_eq!(
        (o.username, o.session_id, o.address),
        ("jdoe", "2890844526", "198.51.100.1")
    );
    assert_eq!(s.name(), Some("SDP Seminar"));
    assert_eq!(s.connection().unwrap().address, "233.252.0.1/127");
    assert_eq!(
        s.times().next().unwrap(),
        Timing {
            start: 2873397496,
            stop: 2873404696
        }
    );
    assert_eq!(s.attribute("recvonly"), Some(None));
    let media: Vec<_> = s.media().collect();
    assert_eq!(media.len(), 2);
    let audio = media[0].media_line().unwrap();
    assert_eq!(
        (audio.media, audio.port, audio.proto, audio.formats),
        ("audio", 49170, "RTP/AVP", "0")
    );
    assert_eq!(
        media[0].direction(),
        Direction::RecvOnly,
        "inherited from the session"
    );
    assert_eq!(media[0].connection().unwrap().address, "233.252.0.1/127");
    let video = media[1].media_line().unwrap();
    assert_eq!(video.port_count, Some(2));
    assert_eq!(media[1].connection().unwrap().addrtype, "IP6");
    assert_eq!(
        media[1].attribute("rtpmap"),
        Some(Some("99 h263-1998/90000"))
    );
    assert!(media[0].msrp().is_none());
    assert_eq!(s.to_bytes(), FULL.as_bytes());
}

fn err(text: &str) -> DecodeError {
    Session::parse(text.as_bytes()).unwrap_err()
}

#[test]
fn errors_name_the_line() {
    let e = err("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n");
    assert_eq!((e.kind(), e.line()), (ErrorKind::InvalidOrigin, 2));
    assert_eq!(e.to_string(), "invalid o= line at 2:3");
    assert_eq!(err("v=1\r\n").kind(), ErrorKind::InvalidVersion);
    let e = err("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=message x TCP/MSRP *\r\n");
    assert_eq!((e.kind(), e.line()), (ErrorKind::InvalidMedia, 5));
    let e = err("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nx=1\r\n");
    assert_eq!((e.kind(), e.line()), (ErrorKind::UnknownLineType, 5));
    let e = err("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nc=IN IP4 h\r\n");
    assert_eq!(
        (e.kind(), e.line()),
        (ErrorKind::UnexpectedLine, 5),
        "c= after t="
    );
    let e = err("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\ns=-\r\nt=0 0\r\n");
    assert_eq!(
        (e.kind(), e.line()),
        (ErrorKind::UnexpectedLine, 4),
        "s= twice"
    );
    assert_eq!(
        err("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\n").kind(),
        ErrorKind::MissingLine
    );
    assert_eq!(
        err("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\na=bad name\r\n").kind(),
        ErrorKind::InvalidAttribute
    );
    assert_eq!(
        err("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nb=AS\r\nt=0 0\r\n").kind(),
        ErrorKind::InvalidBandwidth
    );
    assert_eq!(
        err("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=now 0\r\n").kind(),
        ErrorKind::InvalidTiming
    );
    assert_eq!(
        err("v=0\r\no=- 1 1 IN IP4 h\r\ns=a\0b\r\nt=0 0\r\n").kind(),
        ErrorKind::InvalidCharacter
    );
    assert_eq!(
        err("v=0\r\no=- 1 1 IN IP4 h\r\ns=a\rb\r\nt=0 0\r\n").kind(),
        ErrorKind::InvalidCharacter
    );
    assert_eq!(err("garbage\r\n").kind(), ErrorKind::InvalidLine);
    assert_eq!(err("").kind(), ErrorKind::Empty);
    assert_eq!(
        Session::parse(b"v=0\r\no=- 1 1 IN IP4 h\r\ns=\xff\r\nt=0 0\r\n")
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidUtf8
    );
}

#[test]
fn leniency_is_reported() {
    let lf = FULL.replace("\r\n", "\n");
    let s = Session::parse(lf.as_bytes()).unwrap();
    assert_eq!(s.warnings(), &[Warning::BareLf { line: 1 }]);
    assert_eq!(s.to_bytes(), lf.as_bytes());
    let no_end = FULL.trim_end();
    assert!(
        Session::parse(no_end.as_bytes())
            .unwrap()
            .warnings()
            .contains(&Warning::NoFinalLineEnd)
    );
    let misordered = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nc=IN IP4 h\r\n";
    let s = Session::parse_with(
        misordered.as_bytes(),
        &ParseOptions::new().allow_any_order(true),
    )
    .unwrap();
    assert_eq!(s.warnings(), &[Warning::OutOfOrder { line: 5 }]);
}

#[test]
fn limits() {
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_lines = 3;
    assert_eq!(
        Session::parse_with(FULL.as_bytes(), &opts)
            .unwrap_err()
            .kind(),
        ErrorKind::LimitExceeded(LimitKind::LineCount)
    );
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_media = 1;
    assert_eq!(
        Session::parse_with(FULL.as_bytes(), &opts)
            .unwrap_err()
            .kind(),
        ErrorKind::LimitExceeded(LimitKind::MediaCount)
    );
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_message_size = 10;
    assert_eq!(
        Session::parse_with(FULL.as_bytes(), &opts)
            .unwrap_err()
            .kind(),
        ErrorKind::LimitExceeded(LimitKind::MessageSize)
    );
}

#[test]
fn msrp_attributes_typed() {
    let text = "v=0\r\no=- 1 1 IN IP6 2001:db8::7\r\ns=-\r\nc=IN IP6 2001:db8::7\r\nt=0 0\r\n\
m=message 2855 TCP/TLS/MSRP *\r\na=accept-types:message/cpim application/im-iscomposing+xml text/*\r\n\
a=accept-wrapped-types:text/plain;charset=UTF-8 message/imdn+xml *\r\na=path:msrps://[2001:db8::7]:2855/s1;tcp msrps://relay.example:2855/r1;tcp\r\n\
a=max-size:4194304\r\na=setup:passive\r\na=connection:new\r\na=msrp-cema\r\na=file-range:1-*\r\n";
    let s = Session::parse(text.as_bytes()).unwrap();
    let m = s.media().next().unwrap().msrp().unwrap();
    assert!(m.is_tls() && m.cema());
    assert_eq!(m.path().count(), 2);
    assert!(
        m.accepts("TEXT", "html")
            && m.accepts("application", "im-iscomposing+xml")
            && !m.accepts("image", "png")
    );
    assert!(m.accepts_wrapped("image", "png"), "wildcard");
    assert_eq!(
        m.accept_wrapped_types().next().unwrap().raw,
        "text/plain;charset=UTF-8"
    );
    assert_eq!(m.max_size().unwrap().unwrap(), 4194304);
    assert_eq!(m.setup().unwrap().unwrap(), Setup::Passive);
    assert!(m.connection_new().unwrap().unwrap());
    assert_eq!(
        m.file_range().unwrap().unwrap(),
        FileRange {
            start: 1,
            stop: None
        }
    );
    m.check().unwrap();
    for (bad, attr) in [
        ("a=max-size:lots", "max-size"),
        ("a=setup:eager", "setup"),
        ("a=connection:maybe", "connection"),
        ("a=file-range:0-5", "file-range"),
        ("a=file-range:9-5", "file-range"),
        ("a=file-selector:name:\"unterminated", "file-selector"),
        ("a=file-selector:hash:sha-1:XYZ", "file-selector"),
        ("a=file-selector:colour:blue", "file-selector"),
        ("a=file-date:yesterday", "file-date"),
        ("a=accept-types:text", "accept-types"),
        ("a=path:http://x", "path"),
    ] {
        let t = format!(
            "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=message 9 TCP/MSRP *\r\n{bad}\r\n"
        );
        let s = Session::parse(t.as_bytes()).unwrap();
        let e = s
            .media()
            .next()
            .unwrap()
            .msrp()
            .unwrap()
            .check()
            .unwrap_err();
        assert_eq!(
            (e.kind(), e.line()),
            (ErrorKind::InvalidAttributeValue, 6),
            "{attr}"
        );
    }
}

#[test]
fn offer_answer() {
    let offer = SessionBuilder::new("-", 7, 1, "IP4", "198.51.100.7")
        .connection("IP4", "198.51.100.7")
        .media(
            MediaBuilder::msrp(
                9,
                false,
                &["msrp://198.51.100.7:9/a;tcp"],
                &["message/cpim", "application/im-iscomposing+xml"],
                &["*"],
            )
            .setup(Setup::ActPass)
            .direction(Direction::SendOnly)
            .file_selector(&FileSelector {
                name: Some("a b.jpg"),
                ty: Some("image/jpeg"),
                size: Some(10),
                hash: None,
            })
            .attribute("file-transfer-id", Some("ft1")),
        )
        .media(MediaBuilder::new("audio", 4000, "RTP/AVP", "0"))
        .build()
        .unwrap();
    assert!(offer.warnings().is_empty());
    let a = answer_to(
        &offer,
        "2001:db8::9",
        2855,
        "msrp://[2001:db8::9]:2855/b;tcp",
        &["message/cpim", "text/plain"],
    )
    .unwrap();
    let media: Vec<_> = a.media().collect();
    assert_eq!(media.len(), 2);
    let m = media[0].msrp().unwrap();
    assert_eq!(m.setup().unwrap().unwrap(), Setup::Active);
    assert_eq!(m.direction(), Direction::RecvOnly);
    assert_eq!(
        m.accept_types().map(|t| t.raw).collect::<Vec<_>>(),
        ["message/cpim"]
    );
    assert_eq!(m.file_selector().unwrap().unwrap().name, Some("a b.jpg"));
    assert_eq!(m.file_transfer_id(), Some("ft1"));
    assert_eq!(a.origin().unwrap().addrtype, "IP6");
    assert_eq!(
        media[1].media_line().unwrap().port,
        0,
        "non-MSRP media rejected"
    );
    // A built description with a bad piece is refused with the line.
    let bad = SessionBuilder::new("-", 1, 1, "IP4", "h")
        .media(MediaBuilder::new("message", 9, "TCP/MSRP", ""))
        .build()
        .unwrap_err();
    assert_eq!(
        (bad.error().kind(), bad.error().line(), bad.piece()),
        (ErrorKind::InvalidMedia, 5, "m=")
    );
}

#[test]
fn fragments() {
    let frag = b"c=IN IP4 atlanta.example.com\r\nm=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n";
    assert_eq!(
        Session::parse(frag).unwrap_err().kind(),
        ErrorKind::MissingLine
    );
    let s = Session::parse_fragment(frag, &ParseOptions::new()).unwrap();
    assert!(s.is_fragment());
    assert!(
        s.media()
            .next()
            .unwrap()
            .msrp()
            .unwrap()
            .accepts("text", "plain")
    );
}

#[cfg(feature = "serde")]
#[test]
fn serde_output() {
    let s = Session::parse(FULL.as_bytes()).unwrap();
    let o = serde_json::to_value(s.origin().unwrap()).unwrap();
    assert_eq!(o["username"], "jdoe");
    let l = serde_json::to_value(s.lines().next().unwrap()).unwrap();
    assert_eq!(l["kind"], "v");
    // The whole description.
    let offer = "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
a=tool:x\r\nm=message 7654 TCP/MSRP *\r\na=accept-types:message/cpim text/plain\r\n\
a=path:msrp://192.0.2.1:7654/jshA7we;tcp\r\na=setup:actpass\r\na=sendonly\r\n\
a=file-selector:name:\"a.png\" type:image/png size:10 hash:sha-1:72:24\r\n\
m=audio 0 RTP/AVP 0 8\r\n";
    let s = Session::parse(offer.as_bytes()).unwrap();
    let v = serde_json::to_value(&s).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "attributes",
            "connection",
            "fragment",
            "media",
            "name",
            "origin",
            "times",
            "warnings"
        ]
    );
    assert_eq!(v["fragment"], false);
    assert_eq!(v["origin"]["session_version"], "2");
    assert_eq!(
        v["connection"],
        serde_json::json!({"nettype": "IN", "addrtype": "IP4", "address": "192.0.2.1"})
    );
    assert_eq!(v["times"], serde_json::json!([{"start": 0, "stop": 0}]));
    assert_eq!(
        v["attributes"],
        serde_json::json!([{"name": "tool", "value": "x"}])
    );
    let msrp = &v["media"][0];
    assert_eq!(
        (
            &msrp["media"],
            &msrp["port"],
            &msrp["proto"],
            &msrp["formats"],
            &msrp["direction"]
        ),
        (
            &serde_json::json!("message"),
            &serde_json::json!(7654),
            &serde_json::json!("TCP/MSRP"),
            &serde_json::json!(["*"]),
            &serde_json::json!("sendonly")
        )
    );
    assert_eq!(
        msrp["msrp"],
        serde_json::json!({"path": ["msrp://192.0.2.1:7654/jshA7we;tcp"],
            "accept_types": ["message/cpim", "text/plain"], "accept_wrapped_types": [],
            "setup": "actpass", "file_selector": {"name": "a.png", "type": "image/png",
            "size": 10, "hash": "sha-1:72:24"}, "error": null})
    );
    let audio = &v["media"][1];
    assert_eq!(
        (
            &audio["port"],
            &audio["formats"],
            &audio["msrp"],
            &audio["direction"]
        ),
        (
            &serde_json::json!(0),
            &serde_json::json!(["0", "8"]),
            &serde_json::Value::Null,
            &serde_json::json!("sendrecv")
        )
    );
}

/// The owned values read back from their JSON equal (`Deserialize`).
#[cfg(feature = "serde")]
#[test]
fn owned_values_deserialize() {
    use rcs_sdp::{Direction, FileRange, Setup, Timing};
    fn round_trip<
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    >(
        v: T,
    ) {
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
    }
    round_trip(Timing {
        start: 0,
        stop: 3_034_423_619,
    });
    round_trip(FileRange {
        start: 1,
        stop: None,
    });
    round_trip(FileRange {
        start: 1,
        stop: Some(2048),
    });
    for d in [
        Direction::SendRecv,
        Direction::SendOnly,
        Direction::RecvOnly,
        Direction::Inactive,
    ] {
        round_trip(d);
    }
    for s in [
        Setup::Active,
        Setup::Passive,
        Setup::ActPass,
        Setup::HoldConn,
    ] {
        round_trip(s);
    }
}
