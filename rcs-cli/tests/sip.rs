//! `rcs sip serve` and `rcs sip send` on loopback, with plain sockets as the other side.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::net::UdpSocket;
use std::time::Duration;

use common::{Serve, rcs};

/// Starts `rcs sip serve` on an ephemeral UDP port; returns it, its address and its stdout.
fn serve() -> (Serve, String, BufReader<std::process::ChildStdout>) {
    common::serve(&["sip", "serve", "--listen", "udp:127.0.0.1:0"])
}

fn request(method: &str, branch: &str, local: &str) -> String {
    format!(
        "{method} sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bK{branch}\r\n\
From: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>\r\nCall-ID: {branch}@t\r\n\
CSeq: 1 {method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
    )
}

fn exchange(socket: &UdpSocket, to: &str, text: &str) -> String {
    socket.send_to(text.as_bytes(), to).unwrap();
    let mut buf = [0u8; 4096];
    let (n, _) = socket.recv_from(&mut buf).unwrap();
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[test]
fn serve_answers_options_with_capabilities_and_unknown_methods_405() {
    let (_serve, addr, mut out) = serve();
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let local = socket.local_addr().unwrap().to_string();
    let reply = exchange(&socket, &addr, &request("OPTIONS", "o1", &local));
    assert!(reply.starts_with("SIP/2.0 200 OK\r\n"), "{reply}");
    assert!(reply.contains("+g.3gpp.icsi-ref="), "{reply}");
    assert!(
        reply.contains("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE"),
        "{reply}"
    );
    // The retransmission gets the same answer from the transaction, and is not delivered.
    let again = exchange(&socket, &addr, &request("OPTIONS", "o1", &local));
    assert_eq!(again, reply);
    let reply = exchange(&socket, &addr, &request("SUBSCRIBE", "s1", &local));
    assert!(
        reply.starts_with("SIP/2.0 405 Method Not Allowed\r\n"),
        "{reply}"
    );
    // BYE outside any dialog: 481.
    let reply = exchange(&socket, &addr, &request("BYE", "b1", &local));
    assert!(reply.starts_with("SIP/2.0 481 "), "{reply}");
    let mut requests = 0;
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 {
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        if v["event"] == "request" {
            requests += 1;
        }
        if v["event"] == "answered" && v["status"] == 481 {
            break;
        }
        line.clear();
    }
    // OPTIONS and SUBSCRIBE: the retransmitted OPTIONS is not delivered again, and the BYE
    // outside any dialog is answered by the user agent core.
    assert_eq!(requests, 2);
}

/// A one-shot UAS on a plain socket: answers the first request with `status`.
fn answering(status: u16) -> (std::thread::JoinHandle<String>, String) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let addr = socket.local_addr().unwrap().to_string();
    let t = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let (n, from) = socket.recv_from(&mut buf).unwrap();
        let req = String::from_utf8_lossy(&buf[..n]).into_owned();
        let head: Vec<&str> = req
            .split("\r\n")
            .filter(|l| {
                ["Via:", "From:", "To:", "Call-ID:", "CSeq:"]
                    .iter()
                    .any(|h| l.starts_with(h))
            })
            .collect();
        let reply = format!(
            "SIP/2.0 {status} Whatever\r\n{}\r\nContent-Length: 0\r\n\r\n",
            head.join("\r\n")
                .replace("To: <sip:bob@127.0.0.1>", "To: <sip:bob@127.0.0.1>;tag=x")
        );
        socket.send_to(reply.as_bytes(), from).unwrap();
        req
    });
    (t, addr)
}

#[test]
fn send_exits_0_on_2xx_and_1_on_other_finals() {
    for (status, code) in [(202, 0), (404, 1)] {
        let (uas, addr) = answering(status);
        let uri = format!("sip:bob@{addr}");
        let (exit, out, err) = rcs(&["sip", "send", "MESSAGE", &uri], b"");
        assert_eq!(exit, code, "{out}{err}");
        let v: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
        assert_eq!(v["status"], status);
        let req = uas.join().unwrap();
        assert!(
            req.starts_with(&format!("MESSAGE {uri} SIP/2.0\r\n")),
            "{req}"
        );
        assert!(req.contains(";branch=z9hG4bK"), "{req}");
    }
}

#[test]
fn sip_usage_errors_exit_2() {
    for args in [
        &["sip"][..],
        &["sip", "serve"],
        &["sip", "serve", "--listen", "sctp:127.0.0.1:5060"],
        &["sip", "send", "MESSAGE"],
        &["sip", "send", "MESSAGE", "not a uri"],
        &["sip", "send", "ACK", "sip:a@127.0.0.1"],
        &["sip", "send", "MESSAGE", "sip:a@example.com"],
        &[
            "sip",
            "send",
            "MESSAGE",
            "sip:a@127.0.0.1",
            "--body",
            "/nonexistent",
        ],
    ] {
        let (exit, _, err) = rcs(args, b"");
        assert_eq!(exit, 2, "{args:?}: {err}");
        assert!(
            err.contains("error:") || err.contains("Usage: rcs sip"),
            "{args:?}: {err}"
        );
    }
}

/// `send INVITE --cancel-after`: the INVITE is CANCELled after its 180 (RFC 3261 §9.1), the
/// CANCEL gets 200 and the INVITE 487, which is the success asked for; over UDP and over TCP,
/// where the ACK of the 487 is written before the connection closes.
#[test]
fn send_cancels_an_invite_after_its_provisional_response() {
    for transport in ["udp", "tcp"] {
        let (_serve, addr, _out) = common::serve(&[
            "sip",
            "serve",
            "--listen",
            &format!("{transport}:127.0.0.1:0"),
            "--ring-ms",
            "5000",
        ]);
        let uri = format!("sip:bob@{addr}");
        let via = format!("{transport}:{addr}");
        // An MSRP offer, which serve would answer.
        let sdp = concat!(env!("CARGO_MANIFEST_DIR"), "/../.ci/sipp/msrp-offer.sdp");
        let (code, out, err) = rcs(
            &[
                "sip",
                "send",
                "INVITE",
                &uri,
                "--via",
                &via,
                "--body",
                sdp,
                "--content-type",
                "application/sdp",
                "--cancel-after",
                "50",
            ],
            b"",
        );
        assert_eq!(code, 0, "{transport}: {out} {err}");
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let statuses: Vec<(Option<u64>, Option<&str>)> = lines
            .iter()
            .map(|v| (v["status"].as_u64(), v["for"].as_str()))
            .collect();
        assert!(statuses.contains(&(Some(180), None)), "{transport}: {out}");
        assert!(
            statuses.contains(&(Some(200), Some("CANCEL"))),
            "{transport}: {out}"
        );
        assert_eq!(
            statuses.last(),
            Some(&(Some(487), None)),
            "{transport}: {out}"
        );
        assert!(out.contains("\"event\":\"cancel_sent\""), "{out}");
    }
    // Only an INVITE can be cancelled.
    let (code, _, err) = rcs(
        &[
            "sip",
            "send",
            "MESSAGE",
            "sip:a@127.0.0.1",
            "--cancel-after",
            "5",
        ],
        b"",
    );
    assert_eq!(code, 2, "{err}");
}
