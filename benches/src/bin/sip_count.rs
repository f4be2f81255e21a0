//! Runs one SIP bench subject N times, for instruction counting under callgrind:
//! `valgrind --tool=callgrind target/release/sip_count <subject> <n>` (see `callgrind.sh`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_benches::sip::*;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (subject, n) = (
        args[1].as_str(),
        args.get(2).map_or(10_000, |n| n.parse().unwrap()),
    );
    let invite = fixture("invite-sdp-802.sip");
    let http = fixture("http-equiv-803.txt");
    let invite_bytes = bytes::Bytes::from(invite.clone());
    let mut acc = 0usize;
    for _ in 0..n {
        acc += match subject {
            "rcs_sip_frame" => rcs_frame(black_box(&invite)),
            "rcs_sip_typed" => rcs_typed(black_box(&invite)),
            "rsip" => rsip_frame(black_box(&invite)),
            "rsip_typed" => rsip_typed(black_box(&invite)),
            "rsipstack" => rsipstack_frame(black_box(&invite)),
            "ezk_sip_types" => ezk_frame(black_box(&invite_bytes)),
            "httparse" => httparse_frame(black_box(&http)),
            "none" => 0,
            other => panic!("unknown subject {other}"),
        };
    }
    println!("{acc}");
}
