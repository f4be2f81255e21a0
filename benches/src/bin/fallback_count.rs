//! Runs one SMS bench subject N times on one input, for instruction counting under callgrind:
//! `valgrind --tool=callgrind target/release/fallback_count <subject> <input> <n>`
//! (subjects: plan, encode, pack, sms_pdu, gsm7, none; inputs: ascii_1k, gsm_ext_1k,
//! chinese_1k, emoji_1k). `benches/callgrind-fallback.sh` runs the table.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_benches::fallback::*;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (subject, input, n) = (
        args[1].as_str(),
        args[2].as_str(),
        args.get(3).map_or(1000, |n| n.parse().unwrap()),
    );
    let (_, text) = inputs()
        .into_iter()
        .find(|(name, _)| *name == input)
        .unwrap();
    let mut out = Vec::new();
    let mut acc = 0usize;
    for _ in 0..n {
        acc += match subject {
            "plan" => rcs_fallback_plan(black_box(&text)),
            "encode" => rcs_fallback(black_box(&text)),
            "pack" => rcs_fallback_pack(black_box(&text), &mut out),
            "sms_pdu" => sms_pdu(black_box(&text)),
            "gsm7" => gsm7(black_box(&text)),
            "none" => 0,
            other => panic!("unknown subject {other}"),
        };
    }
    println!("{acc}");
}
