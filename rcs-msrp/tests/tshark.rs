//! Differential check against Wireshark's MSRP dissector: frames we encode (chunks, responses,
//! REPORTs, AUTH, extension methods) are dissected by `tshark`, which must agree on transaction
//! id, method or status, Byte-Range and the end-line flag. Skips (saying so) without tshark,
//! unless `RCS_REQUIRE_ORACLES=1`. Binary bodies holding fake end-lines are left out: tshark
//! takes the first end-line-looking line (see the corpus pcap notes); we do not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_msrp::{ByteRange, Chunker, DigestChallenge, Frame, FrameBuilder};
use std::process::Command;

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
    let dir = std::env::temp_dir().join(format!("rcs-msrp-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // One frame per TCP segment (text2pcap: an offset of 0 starts a new packet).
    let packets: Vec<_> = frames.iter().map(|f| f.as_bytes()).collect();
    std::fs::write(dir.join("in.hex"), rcs_testkit::text2pcap_dump(&packets)).unwrap();
    let st = Command::new("text2pcap")
        .args(["-q", "-T", "2855,2855", "-4", "127.0.0.1,127.0.0.2"])
        .arg(dir.join("in.hex"))
        .arg(dir.join("out.pcap"))
        .status()
        .unwrap();
    assert!(st.success(), "text2pcap failed");
    let out = Command::new("tshark")
        .arg("-r")
        .arg(dir.join("out.pcap"))
        .args([
            "-d",
            "tcp.port==2855,msrp",
            "-T",
            "fields",
            "-E",
            "separator=|",
        ])
        .args([
            "-e",
            "msrp.transaction.id",
            "-e",
            "msrp.method",
            "-e",
            "msrp.status.code",
        ])
        .args(["-e", "msrp.byte.range", "-e", "msrp.cnt.flg"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), frames.len(), "one dissected packet per frame");
    for (f, row) in frames.iter().zip(rows) {
        let cols: Vec<&str> = row.split('|').collect();
        // The transaction id appears twice (start line, end-line).
        let theirs = [
            cols[0].split(',').next().unwrap_or("").to_string(),
            cols[1].to_string(),
            cols[2].to_string(),
            cols[3].to_string(),
            cols[4].to_string(),
        ];
        assert_eq!(ours(f), theirs, "{}", String::from_utf8_lossy(f.as_bytes()));
    }
    eprintln!("tshark agreed on {} frames", frames.len());
    let _ = std::fs::remove_dir_all(&dir);
}
