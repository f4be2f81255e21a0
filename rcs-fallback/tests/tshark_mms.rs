//! Differential check against Wireshark's MMS dissector (`mmse`, over an HTTP POST with
//! Content-Type application/vnd.wap.mms-message): the m-send-req, m-notification-ind and
//! m-delivery-ind PDUs we build read with the same message type, transaction id, To, message
//! size and content location. Subjects are ASCII here: tshark 4.0 prints a UTF-8 Subject as
//! replacement characters (SOURCES.md). Skips without tshark unless `RCS_REQUIRE_ORACLES=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_fallback::mms::{MessageType, MmsBuilder, MmsPdu, NewPart, field};

fn pdus() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for i in 0..6u64 {
        let smil = NewPart::new(
            "application/smil",
            "smil",
            "smil.xml",
            b"<smil><body><par><text src=\"t.txt\"/></par></body></smil>".to_vec(),
        );
        let text = NewPart::new(
            "text/plain",
            "t",
            "t.txt",
            format!("hello {i} 你好").into_bytes(),
        );
        out.push(
            MmsBuilder::new(MessageType::SendReq, Some(&format!("tx{i}")), (1, 2))
                .from(None)
                .text(field::TO, &format!("+86138001380{i:02}/TYPE=PLMN"))
                .text(field::SUBJECT, &format!("Subject {i}"))
                .related(&[smil, text]),
        );
        out.push(
            MmsBuilder::new(
                MessageType::NotificationInd,
                Some(&format!("nt{i}")),
                (1, 2),
            )
            .token(field::MESSAGE_CLASS, 0)
            .long(field::MESSAGE_SIZE, 1000 * (i + 1))
            .expiry_relative(3600)
            .plain_text(
                field::CONTENT_LOCATION,
                &format!("http://mmsc.example/m{i}"),
            )
            .finish(),
        );
        out.push(
            MmsBuilder::new(MessageType::DeliveryInd, None, (1, 2))
                .text(field::MESSAGE_ID, &format!("mid{i}"))
                .text(field::TO, &format!("+86138001380{i:02}/TYPE=PLMN"))
                .long(field::DATE, 1_700_000_000 + i)
                .token(field::STATUS, 1)
                .finish(),
        );
    }
    out
}

#[test]
fn tshark_reads_our_mms_the_same() {
    if !rcs_testkit::oracles(&["tshark", "text2pcap"]) {
        return;
    }
    let pdus = pdus();
    let requests: Vec<Vec<u8>> = pdus
        .iter()
        .map(|p| {
            let mut req = format!(
                "POST /mms HTTP/1.1\r\nHost: mmsc.example\r\nContent-Type: application/vnd.wap.mms-message\r\nContent-Length: {}\r\n\r\n",
                p.len()
            )
            .into_bytes();
            req.extend_from_slice(p);
            req
        })
        .collect();
    let lines = rcs_testkit::tshark_fields(
        &requests,
        &["-T", "1080,80"],
        &["-Y", "mmse"],
        &[
            "mmse.message_type",
            "mmse.transaction_id",
            "mmse.to",
            "mmse.message_size",
            "mmse.content_location",
            "mmse.subject",
        ],
    );
    assert_eq!(lines.len(), pdus.len(), "{lines:?}");
    let mut failed = 0;
    for (bytes, f) in pdus.iter().zip(&lines) {
        let p = MmsPdu::parse(bytes).unwrap();
        let code = bytes[1];
        let ours = [
            format!("0x{code:02x}"),
            p.transaction_id().unwrap_or_default(),
            p.to().first().cloned().unwrap_or_default(),
            p.message_size().map(|s| s.to_string()).unwrap_or_default(),
            p.content_location().unwrap_or_default(),
            p.subject().unwrap_or_default(),
        ];
        if f[..] != ours[..] {
            failed += 1;
            eprintln!("DIFF {:?}: ours {ours:?} tshark {f:?}", p.message_type());
        }
    }
    println!(
        "tshark mmse: {} passed, {failed} failed",
        pdus.len() - failed
    );
    assert_eq!(failed, 0);
}
