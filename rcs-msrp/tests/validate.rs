//! `Frame::validate`: each rule with frames that keep it and frames that break it, and the
//! corpus frames judged.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use bytes::BytesMut;
use rcs_msrp::{Frame, FrameDecoder, ParseOptions, ProblemKind, Severity};
use rcs_testkit::corpus_dir;

/// A SEND (or `method`) with these headers after the paths, and a body.
fn frame(method: &str, headers: &str, body: Option<&str>) -> Vec<u8> {
    let mut s = format!(
        "MSRP a786hjs2 {method}\r\nTo-Path: msrp://b.example.com:7654/jshA7we;tcp\r\n\
From-Path: msrp://a.example.com:12763/kjhd37s2s20w2a;tcp\r\n{headers}"
    );
    if let Some(b) = body {
        s.push_str(&format!("Content-Type: text/plain\r\n\r\n{b}\r\n"));
    }
    s.push_str("-------a786hjs2$\r\n");
    s.into_bytes()
}

/// The (kind, header, severity, status) of each problem; the kind by its description (an
/// invalid header's decode error is checked on its own).
fn problems(raw: &[u8]) -> Vec<(&'static str, Option<&'static str>, Severity, u16)> {
    let f = Frame::parse(raw).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(raw)));
    f.validate()
        .problems
        .iter()
        .map(|p| (p.kind.as_str(), p.header, p.severity, p.status))
        .collect()
}

fn invalid() -> &'static str {
    "invalid header value"
}

#[test]
fn a_well_formed_send_is_clean() {
    let raw = frame(
        "SEND",
        "Message-ID: 87652491\r\nByte-Range: 1-5/5\r\nSuccess-Report: yes\r\nFailure-Report: partial\r\n",
        Some("hello"),
    );
    assert_eq!(problems(&raw), []);
}

#[test]
fn header_values_against_their_grammars() {
    let e = |h: &'static str| (invalid(), Some(h), Severity::Error, 400);
    for (headers, want) in [
        (
            "Message-ID: 87652491\r\nByte-Range: a-5/5\r\n",
            e("Byte-Range"),
        ),
        (
            "Message-ID: 87652491\r\nByte-Range: 1-5/x\r\n",
            e("Byte-Range"),
        ),
        (
            "Message-ID: 87652491\r\nByte-Range: 0-5/5\r\n",
            e("Byte-Range"),
        ),
        (
            "Message-ID: 87652491\r\nByte-Range: 3-1/5\r\n",
            e("Byte-Range"),
        ),
        (
            "Message-ID: 87652491\r\nSuccess-Report: maybe\r\n",
            e("Success-Report"),
        ),
        (
            "Message-ID: 87652491\r\nSuccess-Report: YES\r\n",
            e("Success-Report"),
        ),
        (
            "Message-ID: 87652491\r\nFailure-Report: sometimes\r\n",
            e("Failure-Report"),
        ),
        ("Message-ID: abc\r\n", e("Message-ID")),
        ("Message-ID: -bcd\r\n", e("Message-ID")),
        ("Message-ID: abc/def\r\n", e("Message-ID")),
        (
            &format!("Message-ID: a{}\r\n", "b".repeat(32)),
            e("Message-ID"),
        ),
        ("Message-ID: 87652491\r\nExpires: soon\r\n", e("Expires")),
        (
            "Message-ID: 87652491\r\nExpires: 99999999999\r\n",
            e("Expires"),
        ),
    ] {
        let raw = frame("SEND", headers, Some("hello"));
        let p = problems(&raw);
        assert!(p.contains(&want), "{headers:?}: {p:?}");
    }
    // Content-Type that is not a media type.
    let raw = b"MSRP a786hjs2 SEND\r\nTo-Path: msrp://b.example.com:7654/jshA7we;tcp\r\n\
From-Path: msrp://a.example.com:12763/kjhd37s2s20w2a;tcp\r\nMessage-ID: 87652491\r\n\
Content-Type: text\r\n\r\nhi\r\n-------a786hjs2$\r\n";
    assert!(problems(raw).contains(&e("Content-Type")));
    // Where: the problem is at the header line, its error at the value.
    let raw = frame(
        "SEND",
        "Message-ID: 87652491\r\nByte-Range: a-5/5\r\n",
        Some("hello"),
    );
    let f = Frame::parse(&raw).unwrap();
    let p = f.validate().problems[0];
    let line = std::str::from_utf8(&raw)
        .unwrap()
        .find("Byte-Range")
        .unwrap();
    assert_eq!(p.offset, line);
    let ProblemKind::InvalidHeader(d) = p.kind else {
        panic!()
    };
    assert_eq!((d.offset(), d.field()), (line + 12, Some("Byte-Range")));
    assert_eq!(
        p.to_string(),
        format!(
            "error: invalid header value in Byte-Range at byte {} [400]",
            line + 12
        )
    );
}

#[test]
fn report_status_and_paths() {
    let report = |status: &str| {
        format!(
            "MSRP dkei38sd REPORT\r\nTo-Path: msrp://a.example.com:7777/iau39soe2843z;tcp\r\n\
From-Path: msrp://b.example.com:8888/9di4eae923wzd;tcp\r\nMessage-ID: 12339sdqwer\r\n\
Byte-Range: 1-106/106\r\nStatus: {status}\r\n-------dkei38sd$\r\n"
        )
        .into_bytes()
    };
    assert_eq!(problems(&report("000 200 OK")), []);
    assert_eq!(problems(&report("000 413")), []);
    // A REPORT is never answered: status 0.
    for bad in ["200 OK", "000 20 OK", "001 200 OK", "000 200OK", "0000 200"] {
        assert_eq!(
            problems(&report(bad)),
            [(invalid(), Some("Status"), Severity::Error, 0)],
            "{bad}"
        );
    }
    // REPORT requires Message-ID, Byte-Range, Status.
    let raw = b"MSRP dkei38sd REPORT\r\nTo-Path: msrp://a.example.com:7777/iau39soe2843z;tcp\r\n\
From-Path: msrp://b.example.com:8888/9di4eae923wzd;tcp\r\n-------dkei38sd$\r\n";
    let p = problems(raw);
    let missing: Vec<_> = p
        .iter()
        .filter(|p| p.0 == ProblemKind::MissingHeader.as_str())
        .map(|p| p.1.unwrap())
        .collect();
    assert_eq!(missing, ["Message-ID", "Byte-Range", "Status"]);
    // A SEND without Message-ID is answered 400.
    let raw = frame("SEND", "", Some("hello"));
    assert_eq!(
        problems(&raw),
        [(
            ProblemKind::MissingHeader.as_str(),
            Some("Message-ID"),
            Severity::Error,
            400
        )]
    );
}

#[test]
fn use_path_authenticate_duplicates_methods_bodies() {
    // An AUTH 200 with an empty Use-Path; a 401 whose challenge is not Digest.
    let resp = |headers: &str| {
        format!(
            "MSRP 49fh AUTH\r\nTo-Path: msrps://alice@intra.example.com;tcp\r\n\
From-Path: msrps://alice.example.com:9892/98cjs;tcp\r\n{headers}-------49fh$\r\n"
        )
        .into_bytes()
    };
    assert_eq!(problems(&resp("")), []);
    let resp = |status: &str, headers: &str| {
        format!(
            "MSRP 49fh {status}\r\nTo-Path: msrps://alice.example.com:9892/98cjs;tcp\r\n\
From-Path: msrps://alice@intra.example.com;tcp\r\n{headers}-------49fh$\r\n"
        )
        .into_bytes()
    };
    assert_eq!(
        problems(&resp("200 OK", "Use-Path: \r\nExpires: 900\r\n")),
        [(invalid(), Some("Use-Path"), Severity::Error, 0)]
    );
    assert_eq!(
        problems(&resp(
            "200 OK",
            "Use-Path: msrps://relay.example.com:2855/abc;tcp\r\nExpires: 900\r\n"
        )),
        []
    );
    assert_eq!(
        problems(&resp(
            "401 Unauthorized",
            "WWW-Authenticate: Basic realm=\"x\"\r\n"
        )),
        [(invalid(), Some("WWW-Authenticate"), Severity::Error, 0)]
    );
    assert_eq!(
        problems(&resp(
            "401 Unauthorized",
            "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"abc\", qop=\"auth\"\r\n"
        )),
        []
    );
    assert_eq!(
        problems(&resp("700 Odd", "")),
        [(
            ProblemKind::UnknownStatus.as_str(),
            None,
            Severity::Warning,
            0
        )]
    );
    // A single-valued header twice.
    let raw = frame(
        "SEND",
        "Message-ID: 87652491\r\nMessage-ID: 87652492\r\n",
        Some("x"),
    );
    assert_eq!(
        problems(&raw),
        [(
            ProblemKind::DuplicateHeader.as_str(),
            Some("Message-ID"),
            Severity::Error,
            400
        )]
    );
    // An unknown method: 501; NICKNAME is known (RFC 7701) and needs Use-Nickname.
    let raw = frame("FETCH", "", None);
    assert_eq!(
        problems(&raw),
        [(
            ProblemKind::UnknownMethod.as_str(),
            None,
            Severity::Error,
            501
        )]
    );
    let raw = frame("NICKNAME", "Use-Nickname: \"Alice\"\r\n", None);
    assert_eq!(problems(&raw), []);
    let raw = frame("NICKNAME", "Use-Nickname: Alice\r\n", None);
    assert_eq!(
        problems(&raw),
        [(invalid(), Some("Use-Nickname"), Severity::Error, 400)]
    );
    // A REPORT with a body; a chunk whose body is not what Byte-Range says (a warning: the
    // end-line decides).
    let raw = frame(
        "REPORT",
        "Message-ID: 87652491\r\nByte-Range: 1-5/5\r\nStatus: 000 200 OK\r\n",
        Some("hello"),
    );
    assert!(problems(&raw).contains(&(
        ProblemKind::UnexpectedBody.as_str(),
        None,
        Severity::Error,
        0
    )));
    let raw = frame(
        "SEND",
        "Message-ID: 87652491\r\nByte-Range: 1-9/9\r\n",
        Some("hello"),
    );
    assert_eq!(
        problems(&raw),
        [(
            ProblemKind::ByteRangeMismatch.as_str(),
            Some("Byte-Range"),
            Severity::Warning,
            0
        )]
    );
}

/// Every corpus frame that parses: the valid ones have no error; the ones the manifest says
/// are wrong get the finding it names.
#[test]
fn corpus_frames() {
    let Some(dir) = corpus_dir("msrp") else {
        return;
    };
    let mut judged = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("msrp") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let bytes = std::fs::read(&path).unwrap();
        let mut d = FrameDecoder::new(ParseOptions::new());
        let mut buf = BytesMut::from(&bytes[..]);
        while let Ok(Some(f)) = d.decode(&mut buf) {
            judged += 1;
            let r = f.validate();
            let errors: Vec<String> = r.errors().map(ToString::to_string).collect();
            match name.as_str() {
                // Byte-Range repeated, one of them 1-5/3.
                "doubango-request-odd-headers.msrp" => {
                    assert!(
                        r.problems
                            .iter()
                            .any(|p| p.kind == ProblemKind::DuplicateHeader),
                        "{name}: {errors:?}"
                    );
                }
                // RFC 4975's ident is 4 to 32 characters: "456" is too short.
                "synthetic-rfc7977-ws-send.msrp" => {
                    assert_eq!(errors.len(), 1, "{name}: {errors:?}");
                    assert!(errors[0].contains("Message-ID"), "{errors:?}");
                }
                // RFC 4975's examples announce more octets than they carry.
                "rfc4975-s4-send.msrp" | "rfc4975-s11.1-send-alice.msrp" => {
                    assert!(errors.is_empty(), "{name}: {errors:?}");
                    assert!(
                        r.problems
                            .iter()
                            .any(|p| p.kind == ProblemKind::ByteRangeMismatch),
                        "{name}"
                    );
                }
                _ => assert!(errors.is_empty(), "{name}: {errors:?}"),
            }
        }
    }
    assert!(judged >= 15, "{judged} frames");
}
