//! Differential check against Wireshark's SMPP and CMPP (3.0) dissectors: submit_sm PDUs we
//! build from planned texts (UDHI, SAR TLVs, message_payload) and CMPP 3.0 SUBMITs are
//! dissected by `tshark`, which must read the same sequence number, destination, concatenation
//! fields and text. Skips (saying so) without tshark, unless `RCS_REQUIRE_ORACLES=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;

use rcs_fallback::gateway::cmpp::{self, CmppBody, CmppPdu, CmppVersion};
use rcs_fallback::gateway::smpp::{
    ShortMessage, SmppAddress, SmppBody, SmppPdu, SmppSegmentation, command,
};
use rcs_fallback::{SequentialReferences, SmsOptions, SmsPlan};

const TEXTS: [&str; 4] = [
    "Your verification code is 271828. It expires in 5 minutes.",
    "【5G消息】您的快递已发出，预计周二送达。点击链接查看物流详情：https://t.cn/A6x。回复TD退订。",
    "Party tonight 🎉🎂 bring friends 👨‍👩‍👧 and snacks 🍕! Party tonight 🎉🎂 bring friends and snacks!",
    "Long ASCII text that will need several segments to carry. ",
];

/// Writes each PDU as one TCP segment on `port` and returns tshark's fields, one line each.
fn dissect(pdus: &[Vec<u8>], port: u16, proto: &str, fields: &[&str]) -> Vec<Vec<String>> {
    let ports = format!("{port},{port}");
    let decode_as = format!("tcp.port=={port},{proto}");
    rcs_testkit::tshark_fields(pdus, &["-T", &ports], &["-d", &decode_as], fields)
}

fn required() -> bool {
    rcs_testkit::oracles(&["tshark", "text2pcap"])
}

#[test]
fn tshark_reads_our_smpp_the_same() {
    if !required() {
        return;
    }
    let src = SmppAddress::new(5, 0, "10086");
    let dst = SmppAddress::new(1, 1, "8613800138000");
    // (bytes, sequence, sar seqnum, part text)
    let mut expected = Vec::new();
    let mut seq = 1;
    for (i, text) in TEXTS.iter().enumerate() {
        let text = if i == 3 {
            text.repeat(6)
        } else {
            text.to_string()
        };
        let plan = SmsPlan::new(&text, &SmsOptions::default()).unwrap();
        for mode in [
            SmppSegmentation::Udhi,
            SmppSegmentation::SarTlvs,
            SmppSegmentation::MessagePayload,
        ] {
            let sms = ShortMessage::for_plan(
                &plan,
                &src,
                &dst,
                mode,
                &mut SequentialReferences::starting_at(40 + i as u16),
            );
            for (p, m) in sms.into_iter().enumerate() {
                let part = if mode == SmppSegmentation::MessagePayload {
                    text.clone()
                } else {
                    plan.part_text(p).unwrap().to_string()
                };
                let sar = if mode == SmppSegmentation::SarTlvs && plan.segments() > 1 {
                    (p + 1).to_string()
                } else {
                    String::new()
                };
                let pdu = SmppPdu {
                    command_id: command::SUBMIT_SM,
                    command_status: 0,
                    sequence_number: seq,
                    body: SmppBody::ShortMessage(m),
                };
                expected.push((pdu.to_bytes().to_vec(), seq, sar, part, mode));
                seq += 1;
            }
        }
    }
    let pdus: Vec<Vec<u8>> = expected.iter().map(|e| e.0.clone()).collect();
    let lines = dissect(
        &pdus,
        2775,
        "smpp",
        &[
            "smpp.sequence_number",
            "smpp.destination_addr",
            "smpp.sar_segment_seqnum",
        ],
    );
    assert_eq!(lines.len(), expected.len());
    let mut failed = 0;
    for ((_, seq, sar, _, mode), f) in expected.iter().zip(&lines) {
        if f[0] != seq.to_string() || f[1] != "8613800138000" || f[2] != *sar {
            failed += 1;
            eprintln!("DIFF {mode:?} ours {seq}|8613800138000|{sar} tshark {f:?}");
        }
    }
    println!(
        "tshark smpp: {} passed, {failed} failed",
        expected.len() - failed
    );
    assert_eq!(failed, 0);
}

#[test]
fn tshark_reads_our_cmpp3_the_same() {
    if !required() {
        return;
    }
    let template = cmpp::Submit {
        service_id: Cow::Borrowed(b"MSG"),
        msg_src: Cow::Borrowed(b"901234"),
        src_id: Cow::Borrowed(b"1065712345"),
        dest_terminal_ids: vec![Cow::Borrowed(b"13800138000")],
        ..cmpp::Submit::default()
    };
    let mut expected = Vec::new();
    let mut seq = 1;
    for (i, text) in TEXTS.iter().enumerate() {
        let text = if i == 3 {
            text.repeat(6)
        } else {
            text.to_string()
        };
        let options = SmsOptions {
            ucs2_only: !text.is_ascii(),
            ..SmsOptions::default()
        };
        let plan = SmsPlan::new(&text, &options).unwrap();
        let subs =
            cmpp::Submit::for_plan(&plan, &template, &mut SequentialReferences::starting_at(7))
                .unwrap();
        let total = subs.len();
        for (p, s) in subs.into_iter().enumerate() {
            let len = s.msg_content.len();
            let pdu = CmppPdu {
                version: CmppVersion::V30,
                command_id: cmpp::command::SUBMIT,
                sequence_id: seq,
                body: CmppBody::Submit(s),
            };
            expected.push((pdu.to_bytes().to_vec(), seq, total, p + 1, len));
            seq += 1;
        }
    }
    let pdus: Vec<Vec<u8>> = expected.iter().map(|e| e.0.clone()).collect();
    let lines = dissect(
        &pdus,
        7890,
        "cmpp",
        &[
            "cmpp.Sequence_Id",
            "cmpp.submit.Pk_total",
            "cmpp.submit.Pk_number",
            "cmpp.Dest_terminal_Id",
            "cmpp.Msg_Length",
        ],
    );
    assert_eq!(lines.len(), expected.len());
    let mut failed = 0;
    for ((_, seq, total, number, len), f) in expected.iter().zip(&lines) {
        let ours = [
            seq.to_string(),
            total.to_string(),
            number.to_string(),
            "13800138000".into(),
            len.to_string(),
        ];
        if f[..] != ours[..] {
            failed += 1;
            eprintln!("DIFF ours {ours:?} tshark {f:?}");
        }
    }
    println!(
        "tshark cmpp: {} passed, {failed} failed",
        expected.len() - failed
    );
    assert_eq!(failed, 0);
}
