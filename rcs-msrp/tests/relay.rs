//! Responses and REPORTs by the rules of RFC 4975 §7, relays by RFC 4976: forwarding, re-chunking
//! and the AUTH exchange, checked against the corpus frames.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod common;

use proptest::prelude::*;
use rcs_msrp::{
    ByteRange, Chunker, DigestChallenge, ErrorKind, Flag, Frame, FrameBuilder, ParseOptions,
    Progress, Reassembler, Rechunker,
};
use rcs_testkit::corpus_file;

fn send(headers: &str, body: &str) -> Frame<'static> {
    let raw = format!(
        "MSRP t0t0t0 SEND\r\nTo-Path: msrp://bob.example:2855/s2;tcp\r\nFrom-Path: msrp://alice.example:2855/s1;tcp\r\nMessage-ID: m42\r\nByte-Range: 1-{n}/{n}\r\n{headers}Content-Type: text/plain\r\n\r\n{body}\r\n-------t0t0t0$\r\n",
        n = body.len()
    );
    Frame::parse(raw.as_bytes()).unwrap().into_owned()
}

#[test]
fn the_200_to_the_rfc_send_is_the_rfc_200() {
    let Some(req) = corpus_file("msrp", "rfc4975-s4-send.msrp") else {
        return;
    };
    let want = corpus_file("msrp", "rfc4975-s4-200ok.msrp").unwrap();
    let req = Frame::parse(&req).unwrap();
    let ok = req
        .response(200, Some("OK"))
        .unwrap()
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(ok.as_bytes(), &want[..]);
}

#[test]
fn failure_report_decides_the_response() {
    // Absent: yes.
    let f = send("", "hi");
    assert_eq!(
        f.response(200, Some("OK"))
            .unwrap()
            .unwrap()
            .build()
            .unwrap()
            .status(),
        Some(200)
    );
    // no: nothing at all.
    let f = send("Failure-Report: no\r\n", "hi");
    assert!(f.response(200, Some("OK")).unwrap().is_none());
    assert!(f.response(415, None).unwrap().is_none());
    // partial: failures only.
    let f = send("Failure-Report: partial\r\n", "hi");
    assert!(f.response(200, Some("OK")).unwrap().is_none());
    let r = f
        .response(413, Some("Message too large"))
        .unwrap()
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(
        (r.status(), r.comment()),
        (Some(413), Some("Message too large"))
    );
    assert_eq!(
        r.header("To-Path"),
        Some("msrp://alice.example:2855/s1;tcp")
    );
    assert_eq!(
        r.header("From-Path"),
        Some("msrp://bob.example:2855/s2;tcp")
    );
    // An unreadable value counts as yes, so the 400 can be sent.
    let f = send("Failure-Report: maybe\r\n", "hi");
    assert!(f.response(400, None).unwrap().is_some());
    // Never a response to a REPORT, nor to a response.
    if let Some(rep) = corpus_file("msrp", "rfc4975-report-200.msrp") {
        assert!(
            Frame::parse(&rep)
                .unwrap()
                .response(200, None)
                .unwrap()
                .is_none()
        );
    }
    let resp = f.response(200, None).unwrap().unwrap().build().unwrap();
    assert_eq!(
        resp.response(200, None).unwrap_err().kind(),
        ErrorKind::InvalidStartLine
    );
}

#[test]
fn success_reports_go_back_along_the_from_path() {
    let Some(raw) = corpus_file("msrp", "rfc4976-send-via-relays.msrp") else {
        return;
    };
    // Alice -> relay a -> relay b -> Bob.
    let at_a = Frame::parse(&raw).unwrap();
    let at_b = at_a.forward("relA0001").unwrap();
    let at_bob = at_b.forward("relB0001").unwrap();
    assert_eq!(
        at_bob.header("To-Path"),
        Some("msrps://bob.example.net:8145/foo;tcp")
    );
    assert_eq!(
        at_bob.header("From-Path"),
        Some(
            "msrps://b.example.net:9000/aeiug;tcp msrps://a.example.org:9000/kjfjan;tcp msrps://alice.example.org:7965/bar;tcp"
        )
    );
    assert_eq!(at_bob.body(), at_a.body());
    assert_eq!(at_bob.transaction_id(), "relB0001");
    // Bob is the destination: nothing further to forward to.
    assert_eq!(
        at_bob.forward("relC0001").unwrap_err().kind(),
        ErrorKind::InvalidPathHeaders
    );
    let n = at_bob.body().unwrap().len() as u64;
    let rep = at_bob
        .report_success("rep00001", ByteRange::new(1, Some(n), Some(n)))
        .unwrap()
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(rep.method(), Some("REPORT"));
    assert_eq!(rep.header("To-Path"), at_bob.header("From-Path"));
    assert_eq!(
        rep.header("From-Path"),
        Some("msrps://bob.example.net:8145/foo;tcp")
    );
    assert_eq!(rep.header("Message-ID"), Some("87652"));
    assert_eq!(rep.header("Byte-Range"), Some("1-38/38"));
    let st = rep.status_header().unwrap().unwrap();
    assert_eq!((st.namespace, st.code, st.reason), (0, 200, Some("OK")));
    assert_eq!(rep.body(), None);
    // No Success-Report (default no): no REPORT.
    assert!(
        send("", "x")
            .report_success("rep00002", ByteRange::new(1, Some(1), Some(1)))
            .unwrap()
            .is_none()
    );
}

#[test]
fn failure_reports_respect_failure_report() {
    let range = ByteRange::new(1, Some(4096), Some(8192));
    assert!(
        send("Failure-Report: no\r\n", "x")
            .report_failure("rep00002", 408, Some("Request Timeout"), range)
            .unwrap()
            .is_none()
    );
    let rep = send("Failure-Report: partial\r\n", "x")
        .report_failure("rep00002", 408, Some("Request Timeout"), range)
        .unwrap()
        .unwrap()
        .build()
        .unwrap();
    // The shape of the corpus's partial-failure REPORT.
    if let Some(want) = corpus_file("msrp", "synthetic-failure-report-partial.msrp") {
        let want = Frame::parse(&want).unwrap();
        for h in ["Byte-Range", "Status"] {
            assert_eq!(rep.header(h), want.header(h), "{h}");
        }
        assert_eq!(rep.method(), want.method());
    }
    // A failure REPORT cannot carry a 2xx.
    assert!(
        send("", "x")
            .report_failure("rep00003", 200, None, range)
            .is_err()
    );
}

#[test]
fn the_auth_exchange_of_rfc_4976() {
    let (Some(auth), Some(challenge_401), Some(ok_200)) = (
        corpus_file("msrp", "rfc4976-auth.msrp"),
        corpus_file("msrp", "synthetic-rfc4976-auth-401.msrp"),
        corpus_file("msrp", "synthetic-rfc4976-auth-200-usepath.msrp"),
    ) else {
        return;
    };
    // The relay answers the first AUTH with 401 and a challenge.
    let auth = Frame::parse(&auth).unwrap();
    let theirs = Frame::parse(&challenge_401).unwrap();
    let c = DigestChallenge::parse(theirs.header("WWW-Authenticate").unwrap()).unwrap();
    assert_eq!(
        (c.realm.as_str(), c.qop.as_deref()),
        ("intra.example.com", Some("auth"))
    );
    let ours = auth
        .response(401, Some("Unauthorized"))
        .unwrap()
        .unwrap()
        .header("WWW-Authenticate", &c.to_header_value())
        .build()
        .unwrap();
    assert_eq!(ours.header("To-Path"), theirs.header("To-Path"));
    assert_eq!(ours.header("From-Path"), theirs.header("From-Path"));
    assert_eq!(
        DigestChallenge::parse(ours.header("WWW-Authenticate").unwrap()).unwrap(),
        c
    );
    // The client answers with credentials for the relay URI (its To-Path).
    let relay_uri = auth.header("To-Path").unwrap();
    let creds = c.authorization("alice", "secret", relay_uri, 1, "0a4f113b");
    let second = FrameBuilder::request("49fi", "AUTH")
        .to_path(relay_uri)
        .from_path(auth.header("From-Path").unwrap())
        .header("Authorization", &creds)
        .build()
        .unwrap();
    let got = second.header("Authorization").unwrap();
    assert!(c.verify(got, "secret", relay_uri).unwrap());
    assert!(!c.verify(got, "wrong", relay_uri).unwrap());
    assert!(
        !c.verify(got, "secret", "msrps://other.example.com;tcp")
            .unwrap()
    );
    // Accepted: 200 with Use-Path and Expires, byte for byte the corpus frame.
    let ok = second
        .response(200, Some("OK"))
        .unwrap()
        .unwrap()
        .header("Use-Path", "msrps://relay.example.com:9000/hjdhfha;tcp")
        .header("Expires", "1800")
        .build()
        .unwrap();
    assert_eq!(ok.as_bytes(), &ok_200[..]);
    assert_eq!(
        ok.use_path().collect::<Vec<_>>(),
        ["msrps://relay.example.com:9000/hjdhfha;tcp"]
    );
    assert_eq!(ok.expires(), Some(Ok(1800)));
    // The corpus's Authorization (no uri parameter) reads; the digest-uri is then the To-Path.
    if let Some(raw) = corpus_file("msrp", "synthetic-rfc4976-auth-with-authorization.msrp") {
        let lf = ParseOptions::new().allow_bare_lf(true);
        let f = Frame::parse_with(&raw, &lf).unwrap();
        let c = DigestChallenge::new("intra.example.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093");
        // The response value is the RFC 2617 example's, not one for this URI and a password.
        assert!(
            !c.verify(
                f.header("Authorization").unwrap(),
                "secret",
                f.header("To-Path").unwrap()
            )
            .unwrap()
        );
    }
    assert!(DigestChallenge::parse("Basic realm=\"x\"").is_err());
    assert!(DigestChallenge::parse("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-256").is_err());
}

/// Relay: a stream of chunks in pieces at these split sizes through a `Rechunker`.
fn relay(stream: &[u8], splits: &[usize], max_chunk: usize) -> Vec<Frame<'static>> {
    let mut r = Rechunker::new(max_chunk, "fwd");
    let mut out = Vec::new();
    common::for_each_piece(stream, splits, |p| out.extend(r.push(p).unwrap()));
    out
}

proptest! {
    #[test]
    fn rechunked_messages_arrive_whole(msg in prop::collection::vec(any::<u8>(), 0..2000), size in 1usize..400,
        relay_size in 1usize..300, splits in prop::collection::vec(1usize..500, 1..6)) {
        let chunks: Vec<Frame<'static>> = Chunker::new(msg.clone(), "m-relay", "application/octet-stream", size)
            .paths("msrp://relay.example:2855;tcp msrp://bob.example:2855/s2;tcp", "msrp://alice.example:2855/s1;tcp")
            .reports(Some("yes"), None)
            .collect::<Result<_, _>>()
            .unwrap();
        let stream: Vec<u8> = chunks.iter().flat_map(|f| f.as_bytes().to_vec()).collect();
        let out = relay(&stream, &splits, relay_size);
        let mut r = Reassembler::new(1 << 20, 1);
        let mut done = None;
        for f in &out {
            prop_assert!(f.body().unwrap().len() <= relay_size);
            prop_assert_eq!(f.header("To-Path"), Some("msrp://bob.example:2855/s2;tcp"));
            prop_assert_eq!(f.from_path().next(), Some("msrp://relay.example:2855;tcp"));
            prop_assert_eq!(f.header("Success-Report"), Some("yes"));
            prop_assert_eq!(&Frame::parse(f.as_bytes()).unwrap(), f);
            if let Progress::Complete(m) = r.push(f).unwrap() {
                done = Some(m);
            }
        }
        prop_assert_eq!(out.last().unwrap().flag(), Flag::Complete);
        prop_assert_eq!(done.as_deref(), Some(&msg[..]));
    }
}

#[test]
fn rechunker_forwards_other_requests_whole() {
    let report = "MSRP r1r1 REPORT\r\nTo-Path: msrp://relay.example:2855;tcp msrp://alice.example:2855/s1;tcp\r\nFrom-Path: msrp://bob.example:2855/s2;tcp\r\nMessage-ID: m1\r\nByte-Range: 1-10/10\r\nStatus: 000 200 OK\r\n-------r1r1$\r\n";
    let nick = "MSRP n1n1 NICKNAME\r\nTo-Path: msrp://relay.example:2855;tcp msrp://conf.example:2855/c;tcp\r\nFrom-Path: msrp://bob.example:2855/s2;tcp\r\nUse-Nickname: \"Bob\"\r\n-------n1n1$\r\n";
    let out = relay(format!("{report}{nick}").as_bytes(), &[7], 4);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].method(), Some("REPORT"));
    assert_eq!(out[0].header("Byte-Range"), Some("1-10/10"));
    assert_eq!(
        out[0].header("To-Path"),
        Some("msrp://alice.example:2855/s1;tcp")
    );
    assert_eq!(out[1].header("Use-Nickname"), Some("\"Bob\""));
    // A SEND without Byte-Range is the whole message: re-chunked, the last chunk states the total.
    let raw = "MSRP s1s1 SEND\r\nTo-Path: msrp://relay.example:2855;tcp msrp://bob.example:2855/s2;tcp\r\nFrom-Path: msrp://alice.example:2855/s1;tcp\r\nMessage-ID: m9\r\nContent-Type: text/plain\r\n\r\nabcdefghij\r\n-------s1s1$\r\n";
    let out = relay(raw.as_bytes(), &[1000], 4);
    let ranges: Vec<_> = out
        .iter()
        .map(|f| f.header("Byte-Range").unwrap())
        .collect();
    assert_eq!(ranges, ["1-4/*", "5-8/*", "9-10/10"]);
    // An empty SEND stays one (empty) chunk.
    let empty = "MSRP s2s2 SEND\r\nTo-Path: msrp://relay.example:2855;tcp msrp://bob.example:2855/s2;tcp\r\nFrom-Path: msrp://alice.example:2855/s1;tcp\r\nMessage-ID: m10\r\nByte-Range: 1-0/0\r\nContent-Type: text/plain\r\n\r\n\r\n-------s2s2$\r\n";
    let out = relay(empty.as_bytes(), &[3], 4);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].body(), Some(&b""[..]));
    assert_eq!(out[0].header("Byte-Range"), Some("1-0/0"));
}

#[test]
fn an_oversized_non_send_is_dropped_not_truncated() {
    let big = format!(
        "MSRP x1x1 FOO\r\nTo-Path: msrp://relay.example:2855;tcp msrp://bob.example:2855/s2;tcp\r\nFrom-Path: msrp://alice.example:2855/s1;tcp\r\nContent-Type: text/plain\r\n\r\n{}\r\n-------x1x1$\r\n",
        "y".repeat(50)
    );
    let mut r = Rechunker::new(10, "fwd");
    let (mut errors, mut out) = (0, Vec::new());
    common::for_each_piece(big.as_bytes(), &[7], |p| match r.push(p) {
        Ok(f) => out.extend(f),
        Err(_) => errors += 1,
    });
    assert!(errors >= 1);
    assert!(out.is_empty(), "nothing forwarded: {out:?}");
}
