//! `rcs gen`: reproducible from the seed, every valid message valid to our parser and read back
//! equal, every manifest verdict what `rcs inspect --as` says, and tshark reading the SIP, MSRP,
//! TPDU, SMPP and MMS ones the same way.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::rcs;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const PROTOS: &[&str] = &[
    "sip", "sdp", "msrp", "cpim", "imdn", "chatbot", "tpdu", "smpp", "cmpp", "mms",
];

fn lines(args: &[&str]) -> Vec<Value> {
    let (code, out, err) = rcs(args, b"");
    assert_eq!(code, 0, "{args:?}: {err}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn bytes_of(v: &Value) -> Vec<u8> {
    match (v["text"].as_str(), v["hex"].as_str()) {
        (Some(t), _) => t.as_bytes().to_vec(),
        (None, Some(h)) => (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect(),
        _ => panic!("{v}"),
    }
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rcs-gen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn the_same_seed_gives_the_same_messages() {
    for proto in PROTOS {
        let a = lines(&[
            "gen", proto, "--count", "12", "--seed", "42", "--mutate", "0.5",
        ]);
        let b = lines(&[
            "gen", proto, "--count", "12", "--seed", "42", "--mutate", "0.5",
        ]);
        assert_eq!(a, b, "{proto}");
        // Message N does not depend on how many are asked for.
        let first = lines(&[
            "gen", proto, "--count", "5", "--seed", "42", "--mutate", "0.5",
        ]);
        assert_eq!(&a[..5], &first[..], "{proto}");
        let other = lines(&[
            "gen", proto, "--count", "12", "--seed", "43", "--mutate", "0.5",
        ]);
        assert_ne!(a, other, "{proto}");
    }
}

/// `rcs inspect --as NAME FILE`'s verdict name.
fn inspect_verdict(name: &str, file: &Path) -> &'static str {
    let out = Command::new(env!("CARGO_BIN_EXE_rcs"))
        .args(["inspect", "--as", name])
        .arg(file)
        .output()
        .unwrap();
    match out.status.code() {
        Some(0) => "valid",
        Some(1) => "syntax-error",
        Some(3) => "semantic-error",
        other => panic!("{name} {}: exit {other:?}", file.display()),
    }
}

#[test]
fn manifest_verdicts_are_what_inspect_says() {
    for proto in PROTOS {
        let dir = temp(proto);
        let (code, out, err) = rcs(
            &[
                "gen",
                proto,
                "--count",
                "40",
                "--seed",
                "9",
                "--mutate",
                "0.6",
                "--out",
                dir.to_str().unwrap(),
            ],
            b"",
        );
        assert_eq!(code, 0, "{proto}: {err}");
        assert!(out.is_empty());
        let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
        let mut rows = manifest.lines();
        assert_eq!(
            rows.next(),
            Some("file\tproto\tinspect_as\tindex\tseed\torigin\tmutation\tverdict\tsize")
        );
        let mut mutated = 0;
        for row in rows {
            let f: Vec<&str> = row.split('\t').collect();
            assert_eq!(f.len(), 9, "{row}");
            let file = dir.join(f[0]);
            assert_eq!(std::fs::metadata(&file).unwrap().len().to_string(), f[8]);
            assert_eq!(inspect_verdict(f[2], &file), f[7], "{proto} {row}");
            if f[6] == "none" {
                assert_eq!(f[7], "valid", "{row}");
            } else {
                mutated += 1;
            }
        }
        assert!(mutated > 10, "{proto}: {mutated} mutated of 40");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn valid_messages_cover_templates_and_the_grammar() {
    for proto in PROTOS {
        let all = lines(&["gen", proto, "--count", "80", "--seed", "1"]);
        assert!(
            all.iter()
                .all(|v| v["verdict"] == "valid" && v["mutation"] == "none")
        );
        let origins: std::collections::BTreeSet<&str> =
            all.iter().map(|v| v["origin"].as_str().unwrap()).collect();
        // IMDN has no `arbitrary` implementation; every other format draws from it too.
        if *proto != "imdn" {
            assert!(origins.contains("arbitrary"), "{proto}: {origins:?}");
        }
        assert!(origins.len() >= 2, "{proto}: {origins:?}");
    }
}

#[test]
fn mutations_are_named_and_varied() {
    for proto in PROTOS {
        let all = lines(&[
            "gen", proto, "--count", "120", "--seed", "3", "--mutate", "1",
        ]);
        let names: std::collections::BTreeSet<&str> = all
            .iter()
            .map(|v| v["mutation"].as_str().unwrap())
            .collect();
        assert!(!names.contains("none"), "{proto}");
        assert!(names.len() >= 4, "{proto}: {names:?}");
        let verdicts: std::collections::BTreeSet<&str> =
            all.iter().map(|v| v["verdict"].as_str().unwrap()).collect();
        assert!(verdicts.contains("syntax-error"), "{proto}: {verdicts:?}");
    }
    // The boundary mutations straddle the limit: both sides occur.
    let sip = lines(&[
        "gen", "sip", "--count", "400", "--seed", "5", "--mutate", "1",
    ]);
    let at_limit: std::collections::BTreeSet<&str> = sip
        .iter()
        .filter(|v| v["mutation"] == "headers-at-limit")
        .map(|v| v["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(at_limit.len(), 2, "{at_limit:?}");
}

#[test]
fn thousands_of_messages_every_protocol_no_failure() {
    for proto in PROTOS {
        for seed in ["99", "12345678901234567890"] {
            let (code, out, err) = rcs(
                &[
                    "gen", proto, "--count", "1000", "--seed", seed, "--mutate", "0.7",
                ],
                b"",
            );
            assert_eq!(code, 0, "{proto} {seed}: {err}");
            assert_eq!(out.lines().count(), 1000);
        }
    }
}

#[test]
fn usage() {
    assert_eq!(rcs(&["gen", "sip", "--mutate", "1.5"], b"").0, 2);
    assert_eq!(rcs(&["gen", "xmpp"], b"").0, 2);
    assert_eq!(rcs(&["gen", "sip", "--count", "0"], b"").0, 2);
    assert_eq!(rcs(&["gen", "sip", "--out", "/tmp/x", "--jsonl"], b"").0, 2);
}

/// Each packet with tshark's fields, one row per packet.
fn tshark(
    packets: &[Vec<u8>],
    transport: &[&str],
    decode_as: Option<&str>,
    fields: &[&str],
) -> Vec<Vec<String>> {
    let options: Vec<&str> = decode_as.map(|d| vec!["-d", d]).unwrap_or_default();
    rcs_testkit::tshark_fields(packets, transport, &options, fields)
}

#[test]
fn tshark_reads_generated_messages_the_same() {
    if !rcs_testkit::oracles(&["tshark", "text2pcap"]) {
        return;
    }
    let sample = |proto: &str| -> Vec<Vec<u8>> {
        lines(&["gen", proto, "--count", "30", "--seed", "21"])
            .iter()
            .map(bytes_of)
            .collect()
    };
    // SIP over UDP: method or status, and Call-ID.
    let sip = sample("sip");
    let rows = tshark(
        &sip,
        &["-u", "5060,5060"],
        None,
        &["sip.Method", "sip.Status-Code", "sip.Call-ID"],
    );
    assert_eq!(rows.len(), sip.len());
    for (m, row) in sip.iter().zip(&rows) {
        let msg = rcs_sip::Message::parse_datagram(m, &rcs_sip::ParseOptions::new()).unwrap();
        let ours = [
            msg.method().unwrap_or("").to_owned(),
            msg.status().map(|s| s.to_string()).unwrap_or_default(),
            msg.header("Call-ID")
                .map(|h| h.value().to_owned())
                .unwrap_or_default(),
        ];
        assert_eq!(row[..3], ours[..], "{}", String::from_utf8_lossy(m));
    }
    // MSRP over TCP: transaction id and method.
    let msrp = sample("msrp");
    let rows = tshark(
        &msrp,
        &["-T", "2855,2855"],
        Some("tcp.port==2855,msrp"),
        &["msrp.transaction.id", "msrp.method"],
    );
    assert_eq!(rows.len(), msrp.len());
    for (m, row) in msrp.iter().zip(&rows) {
        let f = rcs_msrp::Frame::parse(m).unwrap();
        assert_eq!(row[0], f.transaction_id(), "{}", String::from_utf8_lossy(m));
        assert_eq!(
            row[1],
            f.method().unwrap_or(""),
            "{}",
            String::from_utf8_lossy(m)
        );
    }
    // SMPP over TCP: command id and sequence number.
    let smpp = sample("smpp");
    let rows = tshark(
        &smpp,
        &["-T", "2775,2775"],
        Some("tcp.port==2775,smpp"),
        &["smpp.command_id", "smpp.sequence_number"],
    );
    assert_eq!(rows.len(), smpp.len());
    for (p, row) in smpp.iter().zip(&rows) {
        let pdu = rcs_fallback::gateway::smpp::SmppPdu::parse(p).unwrap();
        assert_eq!(row[0], format!("0x{:08x}", pdu.command_id), "{p:02x?}");
        assert_eq!(row[1], pdu.sequence_number.to_string(), "{p:02x?}");
    }
    // MMS in an HTTP POST: message type and transaction id.
    let mms = sample("mms");
    let posts: Vec<Vec<u8>> = mms
        .iter()
        .map(|p| {
            let mut r = format!(
                "POST /mms HTTP/1.1\r\nHost: mmsc.example\r\nContent-Type: application/vnd.wap.mms-message\r\nContent-Length: {}\r\n\r\n",
                p.len()
            )
            .into_bytes();
            r.extend_from_slice(p);
            r
        })
        .collect();
    let rows = tshark(
        &posts,
        &["-T", "1080,80"],
        None,
        &["mmse.message_type", "mmse.transaction_id"],
    );
    let rows: Vec<&Vec<String>> = rows.iter().filter(|r| !r[0].is_empty()).collect();
    assert_eq!(rows.len(), mms.len());
    for (p, row) in mms.iter().zip(rows) {
        let pdu = rcs_fallback::mms::MmsPdu::parse(p).unwrap();
        // X-Mms-Message-Type is the first header: its value is the second octet.
        assert_eq!(row[0], format!("0x{:02x}", p[1]), "{p:02x?}");
        assert_eq!(row[1], pdu.transaction_id().unwrap_or_default(), "{p:02x?}");
    }
    // TPDUs as GSM SMS over a user DLT: the address and the user data length.
    let tpdus = sample("tpdu");
    // Submits travel from the phone, delivers to it.
    let directed: Vec<(bool, &[u8])> = tpdus.iter().map(|t| (t[0] & 0x03 == 1, &t[..])).collect();
    let rows = rcs_testkit::tshark_sms_fields(
        &directed,
        &[
            "gsm_sms.tp-da",
            "gsm_sms.tp-oa",
            "gsm_sms.tp.user_data_length",
        ],
    );
    assert_eq!(rows.len(), tpdus.len());
    for (t, row) in tpdus.iter().zip(&rows) {
        let tpdu = rcs_fallback::Tpdu::parse(t).unwrap();
        let (address, shown) = match &tpdu {
            rcs_fallback::Tpdu::Submit(s) => (s.destination.to_string(), &row[0]),
            rcs_fallback::Tpdu::Deliver(d) => (d.originator.to_string(), &row[1]),
            _ => continue,
        };
        assert_eq!(shown, address.trim_start_matches('+'), "{t:02X?}");
        assert_eq!(
            row[2],
            tpdu.user_data().unwrap().udl().to_string(),
            "{t:02X?}"
        );
    }
}
