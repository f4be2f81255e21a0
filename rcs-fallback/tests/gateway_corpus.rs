//! `../shared/corpus/fallback/{smpp,cmpp}/` read in place: every PDU decodes (or, where the
//! corpus marks it malformed, is refused) and re-encodes byte for byte; stream cases frame as
//! their test says.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use rcs_fallback::gateway::cmpp::{
    CmppBody, CmppLimits, CmppPdu, CmppVersion, Connect, ConnectResp, Report, content_user_data,
};
use rcs_fallback::gateway::sgip::{SgipBody, SgipPdu};
use rcs_fallback::gateway::smgp::{Report as SmgpReport, SmgpBody, SmgpLayout, SmgpPdu};
use rcs_fallback::gateway::smpp::{SmppBody, SmppLimits, SmppOptions, SmppPdu, tag};
use rcs_fallback::{ErrorKind, InformationElement, Reassembler, Reassembly, UserDataHeader};
use rcs_testkit::corpus_dir;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Frames a byte stream: the PDUs decoded, then what stopped it (`None`: ran out of input).
fn frame_all(mut input: &[u8]) -> (Vec<SmppPdu<'_>>, Option<ErrorKind>, usize) {
    let mut out = Vec::new();
    loop {
        match SmppPdu::frame(input, &SmppLimits::default()) {
            Ok(Some(len)) if len <= input.len() => {
                out.push(SmppPdu::parse(&input[..len]).unwrap());
                input = &input[len..];
            }
            Ok(_) => return (out, None, input.len()),
            Err(e) => return (out, Some(e.kind()), input.len()),
        }
    }
}

#[test]
fn smpp_cloudhopper_pdus() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let tsv = std::fs::read_to_string(dir.join("smpp/cloudhopper_pdus.tsv")).unwrap();
    let (mut right, mut refused) = (0, 0);
    let mut last: Option<Vec<u8>> = None;
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (method, bytes, kind, tshark) = (f[1], unhex(f[2]), f[3], f[4]);
        match kind {
            "pdu" if tshark.contains("MALFORMED") => {
                let e = SmppPdu::parse(&bytes).expect_err(method);
                // The body-less responses are what allow_missing_message_id accepts.
                let lenient = SmppOptions::new().allow_missing_message_id(true);
                if method.contains("NoMessageId") {
                    assert_eq!(e.kind(), ErrorKind::Incomplete, "{method}");
                    let p = SmppPdu::parse_with(&bytes, &lenient).unwrap();
                    assert_eq!(p.to_bytes(), bytes, "{method}");
                }
                refused += 1;
                last = None;
            }
            "pdu" => {
                let p = SmppPdu::parse(&bytes).unwrap_or_else(|e| panic!("{method}: {e}"));
                assert_eq!(p.to_bytes(), bytes, "{method}: re-encoded");
                assert_eq!(p.clone().into_owned(), p, "{method}: owned");
                let expected_id = tshark
                    .strip_prefix("command_id=0x")
                    .and_then(|h| h.split_whitespace().next())
                    .and_then(|h| u32::from_str_radix(h, 16).ok());
                if let Some(id) = expected_id {
                    assert_eq!(p.command_id, id, "{method}");
                }
                last = Some(bytes);
                right += 1;
            }
            "short_message_payload" => {
                // The text of the PDU on the line before: short_message or message_payload.
                let prev = last
                    .take()
                    .unwrap_or_else(|| panic!("{method}: no PDU before"));
                let p = SmppPdu::parse(&prev).unwrap();
                let SmppBody::ShortMessage(m) = &p.body else {
                    panic!("{method}: not a short message")
                };
                let text = if m.short_message.is_empty() {
                    m.tlvs
                        .iter()
                        .find(|t| t.tag == tag::MESSAGE_PAYLOAD)
                        .unwrap()
                        .value
                        .to_vec()
                } else {
                    m.short_message.to_vec()
                };
                assert_eq!(text, bytes, "{method}");
                right += 1;
            }
            "stream_or_intentionally_bad" => {
                let (pdus, stop, left) = frame_all(&bytes);
                match method {
                    "decodeBadPduButSkipAllDataInBuffer" => {
                        assert_eq!(pdus.len(), 2, "{method}");
                        assert!(matches!(pdus[0].body, SmppBody::Other(_)));
                        assert_eq!(pdus[1].command_name(), Some("enquire_link"));
                    }
                    "decodeSignedIntLength" => {
                        assert_eq!(
                            (pdus.len(), stop),
                            (
                                0,
                                Some(ErrorKind::LimitExceeded(
                                    rcs_fallback::LimitKind::MessageSize
                                ))
                            )
                        );
                    }
                    "decodeTwoEnquireLinkRespButWithReadRequiredInBetween" => {
                        assert_eq!((pdus.len(), stop, left), (1, None, 15), "{method}");
                    }
                    other => panic!("unknown stream case {other}"),
                }
                right += 1;
            }
            other => panic!("unknown kind {other}"),
        }
    }
    assert_eq!(right + refused, 59);
    println!(
        "corpus fallback/smpp/cloudhopper_pdus.tsv: {right} read, {refused} refused as marked, 0 wrong"
    );
}

#[test]
fn smpp_generated_submits() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let tsv = std::fs::read_to_string(dir.join("smpp/submit_sm_generated.tsv")).unwrap();
    let mut n = 0;
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (id, bytes) = (f[0], unhex(f[1]));
        let p = SmppPdu::parse(&bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(p.to_bytes(), bytes, "{id}");
        let SmppBody::ShortMessage(m) = &p.body else {
            panic!("{id}")
        };
        let ud = m.user_data().unwrap();
        let text = ud.text().unwrap();
        match id {
            "udhi_esm40" => {
                let c = ud.header.as_ref().unwrap().concat().unwrap();
                assert_eq!((c.reference, c.total, c.sequence), (0x42, 2, 1));
                assert_eq!(text, "Hello part one ");
            }
            "sar_tlvs" => {
                let get = |t: u16| m.tlvs.iter().find(|x| x.tag == t).unwrap().as_uint();
                assert_eq!(get(tag::SAR_MSG_REF_NUM), Some(0x1234));
                assert_eq!(get(tag::SAR_TOTAL_SEGMENTS), Some(2));
                assert_eq!(get(tag::SAR_SEGMENT_SEQNUM), Some(1));
                assert_eq!(text, "Hello part one ");
            }
            "message_payload_ucs2" => assert_eq!(text, "你好😀 https://example.com/x"),
            "short_message_ucs2_emoji" => assert_eq!(text, "你好😀"),
            other => panic!("unknown row {other}"),
        }
        n += 1;
    }
    assert_eq!(n, 4);
    println!("corpus fallback/smpp/submit_sm_generated.tsv: {n}/{n}");
}

fn cmpp_stream(mut input: &[u8], version: CmppVersion) -> Vec<CmppPdu<'_>> {
    let mut out = Vec::new();
    while let Ok(Some(len)) = CmppPdu::frame(input, &CmppLimits::default()) {
        if len > input.len() {
            break;
        }
        let pdu = CmppPdu::parse(&input[..len], version).unwrap();
        assert_eq!(pdu.to_bytes(), &input[..len], "re-encoded");
        out.push(pdu);
        input = &input[len..];
    }
    assert!(input.is_empty(), "{} octets left", input.len());
    out
}

#[test]
fn china_gateway_pdus() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let tsv = std::fs::read_to_string(dir.join("cmpp/china_gateway_pdus.tsv")).unwrap();
    let (mut right, mut pending) = (0, Vec::new());
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (repo, file, test, bytes, kind) = (f[0], f[1], f[2], unhex(f[3]), f[4]);
        let id = format!("{repo} {file} {test}");
        match (repo, kind) {
            ("gocmpp", "") => {
                // receipt_test: a status report's Msg_Content alone.
                let r = Report::parse(&bytes, CmppVersion::V20)
                    .or_else(|_| Report::parse(&bytes, CmppVersion::V30))
                    .unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(&*r.stat, b"DELIVRD", "{id}");
            }
            ("gocmpp", _) => {
                let version = if test.contains("Cmpp3") {
                    CmppVersion::V30
                } else {
                    CmppVersion::V20
                };
                let pdu = CmppPdu::parse(&bytes, version).unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(pdu.to_bytes(), bytes, "{id}: re-encoded");
                assert_eq!(format!("0x{:08x}", pdu.command_id), kind, "{id}");
                match &pdu.body {
                    CmppBody::Connect(c) => assert!(c.verify(b"888888"), "{id}"),
                    CmppBody::ConnectResp(r) => {
                        let source =
                            Connect::authenticator_for(b"900001", b"888888", 1_021_080_510);
                        let want =
                            ConnectResp::authenticator_for(version, r.status, &source, b"888888");
                        assert_eq!(r.authenticator, want, "{id}");
                    }
                    CmppBody::Submit(s) => {
                        assert_eq!(s.text().as_deref(), Some("测试gocmpp submit"), "{id}");
                        assert_eq!(s.dest_terminal_ids.len(), 1);
                        assert_eq!(&*s.dest_terminal_ids[0], b"13500002696");
                    }
                    CmppBody::Deliver(d) => {
                        assert_eq!(d.text().as_deref(), Some("This is a test MO."), "{id}");
                    }
                    _ => {}
                }
            }
            ("SMSGate", "cmpp2") => {
                let pdus = cmpp_stream(&bytes, CmppVersion::V20);
                let mut r = Reassembler::default();
                let mut messages = Vec::new();
                for p in &pdus {
                    let CmppBody::Submit(s) = &p.body else {
                        panic!("{id}: not a submit")
                    };
                    let ud = content_user_data(s.msg_fmt, s.tp_udhi, &s.msg_content).unwrap();
                    match r.push("sp", ud) {
                        Reassembly::Complete(parts) => messages.push(parts),
                        Reassembly::Single(ud) => messages.push(vec![ud]),
                        _ => {}
                    }
                }
                match test {
                    // Four parts of one message, UCS-2 then ASCII.
                    t if file.starts_with("TestDiffrentMsgFmt") => {
                        assert_eq!((pdus.len(), messages.len()), (4, 1), "{id} {t}");
                    }
                    // Five SUBMITs, two messages interleaved under one Pk_total.
                    t if file.starts_with("TestMsgDataSubmitRequestDecoder2") => {
                        assert_eq!((pdus.len(), messages.len()), (5, 2), "{id} {t}");
                    }
                    // One SIM data download: 8-bit, UDH with the SIM toolkit element.
                    _ => {
                        assert_eq!(pdus.len(), 1, "{id}");
                        let CmppBody::Submit(s) = &pdus[0].body else {
                            panic!()
                        };
                        assert_eq!((s.tp_pid, s.tp_udhi, s.msg_fmt), (0x7F, 1, 0xF6));
                        let ud = content_user_data(s.msg_fmt, 1, &s.msg_content).unwrap();
                        assert!(
                            ud.header
                                .unwrap()
                                .elements
                                .contains(&InformationElement::SimToolkitSecurity)
                        );
                    }
                }
                assert_eq!(r.pending(), 0, "{id}");
            }
            ("SMSGate", "raw_ud") => {
                let (h, _) =
                    UserDataHeader::parse_prefix(&bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
                assert!(h.concat().is_some(), "{id}");
                let mut again = Vec::new();
                h.encode(&mut again);
                assert_eq!(again, bytes[..again.len()], "{id}");
            }
            ("SMSGate", "sgip") => {
                let p = SgipPdu::parse(&bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(p.to_bytes(), bytes, "{id}: re-encoded");
                let SgipBody::Submit(s) = &p.body else {
                    panic!("{id}: not a submit")
                };
                assert_eq!(&*s.sp_number, b"106559125028");
                assert_eq!(s.user_numbers.len(), 1);
                assert_eq!(&*s.user_numbers[0], b"8618657118636");
                assert_eq!(&*s.corp_id, b"61118");
                assert_eq!(s.text().as_deref(), Some("233a"));
            }
            ("SMSGate", "smgp") if file.starts_with("TestSMGPSubmitMessage") => {
                // The 1.3 layout (no FixedFee) with 3.0 TLVs, as the network sent it.
                let p =
                    SmgpPdu::parse(&bytes, SmgpLayout::V13).unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(p.to_bytes(), bytes, "{id}: re-encoded");
                let SmgpBody::Submit(s) = &p.body else {
                    panic!("{id}: not a submit")
                };
                assert_eq!(s.tlvs.len(), 11, "{id}");
                assert_eq!(s.tlvs.last().map(|t| &*t.value), Some(&b"ABC\0"[..]));
                assert_eq!(
                    s.text().as_deref(),
                    Some("dfa8eb6a-ad9f-4654-94fa-f114718ed05a")
                );
                // Read as 3.0 the same bytes misalign: refused, not misread silently.
                assert!(SmgpPdu::parse(&bytes, SmgpLayout::V30).is_err(), "{id}");
            }
            ("SMSGate", "smgp") => {
                let r = SmgpReport::parse(&bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(r.field("stat"), Some("DELIVRD"));
                assert_eq!(r.field("submit_date"), Some("1807052207"));
                let (txt, _, _) = encoding_rs::GBK.decode(r.text);
                assert!(txt.starts_with("中国"), "{id}: {txt}");
            }
            ("SMSGate", "smpp") => {
                // A truncated enquire_link: framed, waiting for its last octet.
                let len = SmppPdu::frame(&bytes, &SmppLimits::default())
                    .unwrap()
                    .unwrap();
                assert!(len > bytes.len(), "{id}");
                assert_eq!(
                    SmppPdu::parse(&bytes).unwrap_err().kind(),
                    ErrorKind::Incomplete
                );
            }
            _ => {
                pending.push(id);
                continue;
            }
        }
        right += 1;
    }
    assert!(pending.is_empty(), "rows not read: {pending:?}");
    assert_eq!(right, 30);
    println!("corpus fallback/cmpp/china_gateway_pdus.tsv: {right} right, 0 wrong");
}

/// A stream of PDUs arriving in two pieces, split at every octet, and one octet at a time,
/// frames into the same PDUs (the framers look only at what has arrived).
#[test]
fn streams_split_at_every_octet() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let tsv = std::fs::read_to_string(dir.join("smpp/cloudhopper_pdus.tsv")).unwrap();
    let smpp: Vec<u8> = tsv
        .lines()
        .skip(1)
        .filter(|l| l.split('\t').nth(4).is_some_and(|t| t.contains(" ok")))
        .flat_map(|l| unhex(l.split('\t').nth(2).unwrap()))
        .collect();
    let tsv = std::fs::read_to_string(dir.join("cmpp/china_gateway_pdus.tsv")).unwrap();
    let cmpp: Vec<u8> = tsv
        .lines()
        .skip(1)
        .filter(|l| {
            l.starts_with("gocmpp") && l.split('\t').nth(4).is_some_and(|c| c.starts_with("0x"))
        })
        .filter(|l| !l.split('\t').nth(2).unwrap().contains("Cmpp3"))
        .flat_map(|l| unhex(l.split('\t').nth(3).unwrap()))
        .collect();
    type Frame = fn(&[u8]) -> Result<Option<usize>, rcs_fallback::DecodeError>;
    let framers: [(&str, &[u8], Frame); 2] = [
        ("smpp", &smpp, |b| SmppPdu::frame(b, &SmppLimits::default())),
        ("cmpp", &cmpp, |b| CmppPdu::frame(b, &CmppLimits::default())),
    ];
    for (name, stream, frame) in framers {
        // Reference: the whole stream at once.
        let whole = feed(stream, &[stream.len()], frame);
        assert!(whole.len() > 5, "{name}");
        for split in 0..=stream.len() {
            assert_eq!(
                feed(stream, &[split, stream.len() - split], frame),
                whole,
                "{name} split at {split}"
            );
        }
        let ones = vec![1; stream.len()];
        assert_eq!(
            feed(stream, &ones, frame),
            whole,
            "{name} one octet at a time"
        );
    }
}

/// Feeds `stream` in pieces of the given sizes into a buffer, taking out every complete PDU.
fn feed(
    stream: &[u8],
    pieces: &[usize],
    frame: fn(&[u8]) -> Result<Option<usize>, rcs_fallback::DecodeError>,
) -> Vec<Vec<u8>> {
    let (mut buf, mut out, mut at) = (Vec::new(), Vec::new(), 0);
    for &n in pieces {
        buf.extend_from_slice(&stream[at..at + n]);
        at += n;
        while let Ok(Some(len)) = frame(&buf) {
            if len > buf.len() {
                break;
            }
            out.push(buf.drain(..len).collect());
        }
    }
    assert!(buf.is_empty());
    out
}

/// Every strict prefix of every corpus TPDU is refused, and every prefix of every MMS file
/// is refused or reads back to itself: no panic, no misreading of a cut input.
#[test]
fn every_prefix_is_refused_or_exact() {
    use rcs_fallback::Tpdu;
    use rcs_fallback::mms::MmsPdu;
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sms/tpdu_vectors.json")).unwrap()).unwrap();
    let mut cuts = 0;
    for v in json["vectors"].as_array().unwrap() {
        let bytes = unhex(v["tpdu_hex"].as_str().unwrap());
        for k in 0..bytes.len() {
            assert!(Tpdu::parse(&bytes[..k]).is_err(), "{} cut at {k}", v["id"]);
            cuts += 1;
        }
    }
    for e in std::fs::read_dir(dir.join("mms")).unwrap() {
        let bytes = std::fs::read(e.unwrap().path()).unwrap();
        for k in 0..bytes.len() {
            if let Ok(p) = MmsPdu::parse(&bytes[..k]) {
                assert_eq!(p.to_bytes(), &bytes[..k]);
            }
            cuts += 1;
        }
    }
    assert!(cuts > 3000, "{cuts}");
}
