//! Differential check against Wireshark's GSM SMS dissector: SMS-SUBMIT and SMS-DELIVER TPDUs
//! we build from planned texts (default GSM 7-bit with escapes, UCS-2 with surrogate pairs,
//! concatenated parts with 8- and 16-bit references) are dissected by `tshark`, which must
//! read the same address, user data length, coding and text. National-table texts are left
//! out: tshark 4.0 ignores the national language IEs (ORACLES.md). Skips (saying so) without
//! tshark, unless `RCS_REQUIRE_ORACLES=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_fallback::{
    Address, ConcatReference, DataCoding, Deliver, SequentialReferences, SmsOptions, SmsPlan,
    Submit, Timestamp, Tpdu,
};

/// (direction prefix, TPDU, address digits, text) for every part.
fn tpdus() -> Vec<(char, Vec<u8>, String, String)> {
    let texts = [
        "hola".to_string(),
        "Price: 12€ [incl.] {x} ~ | \\ ^".to_string(),
        "你好😀，5G消息".to_string(),
        "Ünïcödé ÄÖÜ äöü ß é è ù ì ò Ç Ø ø Å å Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ".to_string(),
        "a".repeat(400),
        "{}".repeat(170),
        "中文短信回落测试".repeat(30),
        format!("{}😀{}", "a".repeat(66), "b".repeat(100)),
        "👨‍👩‍👧🇨🇳👍🏽".repeat(20),
    ];
    let dest = Address::international("+8613800138000").unwrap();
    let mut out = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        for concat in [ConcatReference::Eight, ConcatReference::Sixteen] {
            let options = SmsOptions {
                concat,
                ..SmsOptions::default()
            };
            let plan = SmsPlan::new(text, &options).unwrap();
            let mut refs = SequentialReferences::starting_at(0x100 + i as u16);
            for (p, s) in Submit::for_plan(&plan, &dest, &mut refs)
                .into_iter()
                .enumerate()
            {
                let part = plan.part_text(p).unwrap().to_string();
                out.push((
                    'I',
                    Tpdu::Submit(s.clone()).to_bytes().to_vec(),
                    "8613800138000".into(),
                    part.clone(),
                ));
                // The same user data delivered from an alphanumeric-free short code.
                let d = Deliver {
                    no_more_messages: true,
                    loop_prevention: false,
                    status_report_indication: false,
                    reply_path: false,
                    originator: Address::unknown("10086").unwrap(),
                    protocol_id: 0,
                    data_coding: DataCoding::for_alphabet(s.user_data.alphabet),
                    timestamp: Timestamp::new(26, 11, 21, 22, 10, 5, 32),
                    user_data: s.user_data,
                };
                out.push((
                    'O',
                    Tpdu::Deliver(d).to_bytes().to_vec(),
                    "10086".into(),
                    part,
                ));
            }
        }
    }
    out
}

#[test]
fn tshark_reads_our_tpdus_the_same() {
    if !rcs_testkit::oracles(&["tshark", "text2pcap"]) {
        return;
    }
    let tpdus = tpdus();
    let directed: Vec<(bool, &[u8])> = tpdus
        .iter()
        .map(|(d, bytes, ..)| (*d == 'I', &bytes[..]))
        .collect();
    let lines = rcs_testkit::tshark_sms_fields(
        &directed,
        &[
            "gsm_sms.tp-da",
            "gsm_sms.tp-oa",
            "gsm_sms.tp.user_data_length",
            "gsm_sms.sms_text",
        ],
    );
    assert_eq!(lines.len(), tpdus.len());
    let mut failed = 0;
    for ((dir_prefix, bytes, addr, text), f) in tpdus.iter().zip(&lines) {
        let address = if *dir_prefix == 'I' { &f[0] } else { &f[1] };
        let tpdu = Tpdu::parse(bytes).unwrap();
        let udl = tpdu.user_data().unwrap().udl().to_string();
        // tshark prints a newline in the text as a line break inside the field; ours have none.
        if address != addr || f[2] != udl || f[3] != *text {
            failed += 1;
            eprintln!("DIFF {dir_prefix} ours {addr}|{udl}|{text:?} tshark {f:?}");
        }
    }
    println!(
        "tshark gsm_sms: {} passed, {failed} failed",
        tpdus.len() - failed
    );
    assert_eq!(failed, 0);
}
