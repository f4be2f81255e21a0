//! Differential check against Wireshark's MSRP dissector: frames we encode (chunks, responses,
//! REPORTs, AUTH, extension methods) are dissected by `tshark`, which must agree on transaction
//! id, method or status, Byte-Range and the end-line flag. Skips (saying so) without tshark,
//! unless `RCS_REQUIRE_ORACLES=1`. Binary bodies holding fake end-lines are left out: tshark
//! takes the first end-line-looking line (see the corpus pcap notes); we do not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_msrp::{ByteRange, Chunker, DigestChallenge, Frame, FrameBuilder};

fn frames() -> Vec<Frame<'static>> {
    let to = "msrp://bob.example.com:8888/9di4eae923wzd;tcp";
    let from = "msrp://alicepc.example.com:7777/iau39soe2843z;tcp";
    let mut out = Vec::new();
    let texts = [
        "hi".to_string(),
        "你好，5G消息".repeat(40),
        "x".repeat(3000),
        String::new(),
    ];
    for (i, t) in texts.iter().enumerate() {
        for size in [7, 100, 4096] {
            let chunks = Chunker::new(
                t.clone().into_bytes(),
                &format!("msg{i}-{size}"),
                "text/plain",
                size,
            )
            .paths(to, from)
            .tid_prefix(&format!("t{i}x{size}"))
            .reports(Some("yes"), Some("partial"));
            out.extend(chunks.map(Result::unwrap).take(20));
        }
    }
    let mut c = Chunker::new(vec![b'a'; 50], "aborted", "text/plain", 10).paths(to, from);
    out.push(c.next().unwrap().unwrap());
    out.push(c.abort().unwrap());
    // Failure-Report: partial asks for failures only.
    assert!(out[0].response(200, Some("OK")).unwrap().is_none());
    let send = FrameBuilder::request("fail0001", "SEND")
        .to_path(to)
        .from_path(from)
        .header("Message-ID", "m-fail")
        .body("text/plain", "x")
        .build()
        .unwrap();
    out.push(
        send.response(200, Some("OK"))
            .unwrap()
            .unwrap()
            .build()
            .unwrap(),
    );
    out.push(
        send.response(413, Some("Message too large"))
            .unwrap()
            .unwrap()
            .build()
            .unwrap(),
    );
    out.push(send.response(481, None).unwrap().unwrap().build().unwrap());
    let range = ByteRange::new(1, Some(1), Some(1));
    out.push(
        send.report_failure("rep0fail", 408, Some("Request Timeout"), range)
            .unwrap()
            .unwrap()
            .build()
            .unwrap(),
    );
    let relay = "msrps://alice@intra.example.com;tcp";
    let auth = FrameBuilder::request("auth0001", "AUTH")
        .to_path(relay)
        .from_path("msrps://alice.example.com:9892/98cjs;tcp")
        .build()
        .unwrap();
    let c = DigestChallenge::new("intra.example.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093");
    out.push(
        auth.response(401, Some("Unauthorized"))
            .unwrap()
            .unwrap()
            .header("WWW-Authenticate", &c.to_header_value())
            .build()
            .unwrap(),
    );
    out.push(auth);
    out.push(
        FrameBuilder::request("nick0001", "NICKNAME")
            .to_path(to)
            .from_path(from)
            .header("Use-Nickname", "\"Alice\"")
            .build()
            .unwrap(),
    );
    out
}

/// (tid, method, status, byte-range, flag) as tshark's field columns print them.
fn ours(f: &Frame<'_>) -> [String; 5] {
    [
        f.transaction_id().to_string(),
        f.method().unwrap_or("").to_string(),
        f.status().map(|s| s.to_string()).unwrap_or_default(),
        f.header("Byte-Range").unwrap_or("").to_string(),
        f.flag().as_char().to_string(),
    ]
}

#[test]
fn tshark_agrees_with_our_encoding() {
    if !rcs_testkit::oracles(&["tshark", "text2pcap"]) {
        return;
    }
    let frames = frames();
    // One frame per TCP segment.
    let packets: Vec<_> = frames.iter().map(|f| f.as_bytes()).collect();
    let rows = rcs_testkit::tshark_fields(
        &packets,
        &["-T", "2855,2855"],
        &["-d", "tcp.port==2855,msrp"],
        &[
            "msrp.transaction.id",
            "msrp.method",
            "msrp.status.code",
            "msrp.byte.range",
            "msrp.cnt.flg",
        ],
    );
    assert_eq!(rows.len(), frames.len(), "one dissected packet per frame");
    for (f, theirs) in frames.iter().zip(rows) {
        // The transaction id appears twice (start line, end-line): the first is taken.
        assert_eq!(
            ours(f)[..],
            theirs[..],
            "{}",
            String::from_utf8_lossy(f.as_bytes())
        );
    }
    eprintln!("tshark agreed on {} frames", frames.len());
}
