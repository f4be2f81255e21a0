//! `../shared/corpus/msrp/*.msrp` (read in place), each handled as MANIFEST.tsv says.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use bytes::BytesMut;
use rcs_msrp::{ErrorKind, Flag, Frame, FrameDecoder, ParseOptions, Warning};
use rcs_testkit::corpus_dir;

/// All frames of a buffer through the stream decoder, and what is left.
fn decode_all(
    bytes: &[u8],
    opts: ParseOptions,
) -> Result<(Vec<Frame<'static>>, usize), rcs_msrp::DecodeError> {
    let mut d = FrameDecoder::new(opts);
    let mut buf = BytesMut::from(bytes);
    let mut out = Vec::new();
    while let Some(f) = d.decode(&mut buf)? {
        out.push(f);
    }
    Ok((out, buf.len()))
}

fn judge(file: &str, bytes: &[u8]) -> Result<String, String> {
    let strict = ParseOptions::new();
    let lenient = ParseOptions::new().lenient_paths(true);
    let one = || Frame::parse(bytes).map_err(|e| e.to_string());
    match file {
        // Strict parsers must refuse frames without (or with misordered) To-Path/From-Path.
        "rfc4975-s7.1.1-chunk1-nopaths.msrp"
        | "rfc4975-s7.1.1-chunk2-nopaths.msrp"
        | "synthetic-header-order-violation.msrp" => {
            let e = Frame::parse(bytes).unwrap_err();
            if e.kind() != ErrorKind::InvalidPathHeaders {
                return Err(format!("strict: {e}"));
            }
            let f = Frame::parse_with(bytes, &lenient).map_err(|e| e.to_string())?;
            if f.warnings() != [Warning::PathHeaders] {
                return Err("no warning".into());
            }
            Ok(format!(
                "strict refused, lenient {:?} body {:?}",
                f.flag(),
                f.body().map(<[u8]>::len)
            ))
        }
        // "strict reject vs lenient accept must be a config choice".
        "synthetic-bare-lf.msrp" => match Frame::parse(bytes) {
            Err(e) if e.kind() == ErrorKind::InvalidLineEnding => {
                let f = Frame::parse_with(bytes, &ParseOptions::new().allow_bare_lf(true))
                    .map_err(|e| e.to_string())?;
                if !f.warnings().contains(&Warning::BareLf) || f.as_bytes() != bytes {
                    return Err("lenient: no warning or not byte-exact".into());
                }
                let (frames, left) = decode_all(bytes, ParseOptions::new().allow_bare_lf(true))
                    .map_err(|e| e.to_string())?;
                if frames.len() != 1 || left != 0 || frames[0] != f {
                    return Err("lenient stream decode differs".into());
                }
                Ok(format!(
                    "strict refused ({e}), lenient {} body {:?}",
                    f.method().unwrap_or(""),
                    f.body().map(<[u8]>::len)
                ))
            }
            other => Err(format!("bare LF accepted by default: {other:?}")),
        },
        "doubango-request-odd-headers.msrp" | "doubango-response-trailing.msrp" => {
            // A frame, then the start of the next: one frame, the rest waits for more bytes.
            if Frame::parse(bytes).unwrap_err().kind() != ErrorKind::TrailingBytes {
                return Err("trailing bytes not reported".into());
            }
            let (frames, left) = decode_all(bytes, strict).map_err(|e| e.to_string())?;
            if frames.len() != 1 || left == 0 {
                return Err(format!("{} frames, {left} left", frames.len()));
            }
            let f = &frames[0];
            if file.starts_with("doubango-request") {
                assert_eq!(f.body(), Some(&b"ab\r\nc"[..]), "CRLF inside body");
                assert_eq!(f.headers_named("Byte-Range").count(), 3);
                assert!(
                    f.byte_range().unwrap().is_err(),
                    "the first Byte-Range (1-5/3) is invalid"
                );
                assert_eq!(
                    f.failure_report().unwrap().unwrap(),
                    rcs_msrp::FailureReport::Partial
                );
                assert_eq!(
                    f.header("Byte-Dummy"),
                    Some("1-25/25"),
                    "unknown header kept"
                );
            }
            Ok(format!("1 frame, {left} bytes of the next left"))
        }
        "synthetic-pipelined-two-frames.msrp" => {
            let (frames, left) = decode_all(bytes, strict).map_err(|e| e.to_string())?;
            if frames.len() != 2 || left != 0 {
                return Err(format!("{} frames, {left} left", frames.len()));
            }
            Ok("2 frames".into())
        }
        _ => {
            let f = one()?;
            if f.as_bytes() != bytes {
                return Err("re-encode differs".into());
            }
            let (frames, left) = decode_all(bytes, strict).map_err(|e| e.to_string())?;
            if frames.len() != 1 || left != 0 || frames[0] != f {
                return Err("stream decode differs".into());
            }
            // Leniency changes nothing for a CRLF frame.
            let lf = Frame::parse_with(bytes, &ParseOptions::new().allow_bare_lf(true))
                .map_err(|e| e.to_string())?;
            if lf != f || lf.body() != f.body() || !lf.warnings().is_empty() {
                return Err("allow_bare_lf changed a CRLF frame".into());
            }
            let br = f
                .byte_range()
                .map(|r| r.map_err(|e| e.to_string()))
                .transpose()?;
            let mut note = format!(
                "{} {:?}",
                f.method()
                    .map_or_else(|| f.status().unwrap_or(0).to_string(), str::to_string),
                f.flag()
            );
            match file {
                "rfc4975-s4-send.msrp" | "rfc4975-s11.1-send-alice.msrp" => {
                    // The RFC's Byte-Range end disagrees with its body: the end-line decides.
                    let br = br.unwrap();
                    let body = f.body().unwrap().len() as u64;
                    assert_ne!(br.end, Some(br.start + body - 1));
                    note += &format!(", body {body} octets though Byte-Range says {:?}", br.end);
                }
                "synthetic-binary-fake-endlines.msrp" => assert_eq!(f.body().unwrap().len(), 566),
                "synthetic-abort-chunk.msrp" => assert_eq!(f.flag(), Flag::Aborted),
                "synthetic-unknown-total.msrp" => {
                    assert_eq!((br.unwrap().end, br.unwrap().total), (None, None));
                    assert_eq!(f.flag(), Flag::Continued);
                }
                "synthetic-bodyless-send.msrp" => {
                    assert!(f.body().is_none() && f.method() == Some("SEND"))
                }
                "rfc4975-report-200.msrp" => {
                    assert_eq!(f.status_header().unwrap().unwrap().code, 200)
                }
                "rfc4976-send-via-relays.msrp" => {
                    assert_eq!(f.to_path().count(), 3);
                    assert_eq!(f.transaction_id().len(), 4);
                }
                "synthetic-nickname.msrp" => {
                    assert_eq!(f.header("Use-Nickname"), Some("\"Alice the Great\""))
                }
                _ => {}
            }
            Ok(note)
        }
    }
}

#[test]
fn msrp_corpus() {
    let Some(dir) = corpus_dir("msrp") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let (mut right, mut wrong) = (0, 0);
    for line in manifest.lines().skip(1) {
        let file = line.split('\t').next().unwrap();
        if !file.ends_with(".msrp") {
            continue;
        }
        let bytes = std::fs::read(dir.join(file)).unwrap();
        match judge(file, &bytes) {
            Ok(how) => {
                right += 1;
                println!("right  {file:48} {how}");
            }
            Err(why) => {
                wrong += 1;
                println!("WRONG  {file:48} {why}");
            }
        }
    }
    println!("msrp corpus: {right} right, {wrong} wrong");
    assert_eq!(wrong, 0);
    assert_eq!(right, 26);
}
