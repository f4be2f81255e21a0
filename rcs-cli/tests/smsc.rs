//! `rcs smsc serve` and `rcs smsc send` against each other on loopback, every protocol.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::Serve;

use std::io::{BufRead, BufReader};
use std::process::Command;

fn serve(args: &[&str]) -> (Serve, String, BufReader<std::process::ChildStdout>) {
    let mut all = vec!["smsc", "serve", "--listen", "127.0.0.1:0"];
    all.extend_from_slice(args);
    common::serve(&all)
}

fn send(addr: &str, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_rcs"))
        .args(["smsc", "send", "--connect", addr])
        .args(args)
        .output()
        .unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap(), lines)
}

#[test]
fn every_protocol_submits_and_gets_receipts() {
    // SGIP's REPORTs come on a link the SMG opens to the SP: a port for it.
    let reports = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let report_addr = reports.local_addr().unwrap().to_string();
    drop(reports);
    for protocol in ["smpp", "cmpp", "cmpp2", "smgp", "sgip"] {
        let receipts = true;
        let mut serve_args = vec![
            "--protocol",
            protocol,
            "--user",
            "900001",
            "--password",
            "pw",
            "--receipts",
        ];
        if protocol == "sgip" {
            serve_args.extend(["--report-to", report_addr.as_str()]);
        }
        let (_serve, addr, mut out) = serve(&serve_args);
        let mut args = vec![
            "--protocol",
            protocol,
            "--user",
            "900001",
            "--password",
            "pw",
            "--to",
            "13800138000",
            "--count",
            "7",
            "--window",
            "3",
        ];
        if receipts {
            args.push("--receipts");
        }
        if protocol == "sgip" {
            args.extend(["--listen-reports", report_addr.as_str()]);
        }
        let text = "分段短信：".repeat(30);
        args.push(&text);
        let (code, lines) = send(&addr, &args);
        assert_eq!(code, 0, "{protocol}: {lines:?}");
        let summary = lines.iter().find(|l| l["event"] == "summary").unwrap();
        assert_eq!(summary["accepted"], 7, "{protocol}");
        assert_eq!(summary["parts_per_message"], 3);
        if receipts {
            assert_eq!(summary["delivered"], 7, "{protocol}");
        }
        assert_eq!(lines.last().unwrap()["reason"], "unbound");
        // The server printed each part it took.
        let mut submits = 0;
        let mut line = String::new();
        while submits < 21 && out.read_line(&mut line).unwrap() > 0 {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            submits += usize::from(v["event"] == "submit");
            line.clear();
        }
        assert_eq!(submits, 21, "{protocol}");
    }
}

#[test]
fn refusals_and_usage() {
    let (_serve, addr, _) = serve(&["--protocol", "smpp", "--user", "u", "--password", "p"]);
    let (code, lines) = send(
        &addr,
        &[
            "--protocol",
            "smpp",
            "--user",
            "u",
            "--password",
            "x",
            "--to",
            "1",
            "hi",
        ],
    );
    assert_eq!(code, 4);
    assert_eq!(lines[0]["reason"], "login refused (status 14)");
    // Nobody listening.
    let (code, _) = send(
        "127.0.0.1:9",
        &[
            "--protocol",
            "smpp",
            "--user",
            "u",
            "--password",
            "p",
            "--to",
            "1",
            "hi",
        ],
    );
    assert_eq!(code, 4);
    for bad in [
        vec![
            "--protocol",
            "xmpp",
            "--user",
            "u",
            "--password",
            "p",
            "--to",
            "1",
            "hi",
        ],
        vec!["--protocol", "smpp", "--user", "u", "--password", "p", "hi"],
        vec![
            "--protocol",
            "smpp",
            "--user",
            "u",
            "--password",
            "p",
            "--to",
            "1",
            "--window",
            "0",
            "hi",
        ],
    ] {
        let (code, _) = send(&addr, &bad);
        assert_eq!(code, 2, "{bad:?}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_rcs"))
        .args(["smsc", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(help.contains("serve") && help.contains("send"), "{help}");
}
