//! Runs one chatbot bench subject N times over a bench carousel, for instruction counting:
//! `valgrind --tool=callgrind target/release/chatbot_count <subject> <file> <n>`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_benches::chatbot::*;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let subject = args[1].as_str();
    let input = std::fs::read(&args[2]).unwrap();
    let n: usize = args.get(3).map_or(1000, |n| n.parse().unwrap());
    let f: fn(&[u8]) -> Reading = match subject {
        "rcs_chatbot" => rcs_chatbot,
        "rcs_chatbot_on_sonic" => rcs_chatbot_on_sonic,
        "serde_json_value" => serde_json_value,
        "serde_json_owned_model" => serde_json_owned_model,
        "sonic_rs_owned_model" => sonic_rs_owned_model,
        "simd_json_owned_model" => simd_json_owned_model,
        "none" => |_| (0, 0, 0),
        other => panic!("unknown subject {other}"),
    };
    let mut acc = 0usize;
    for _ in 0..n {
        acc += f(black_box(&input)).0;
    }
    println!("{acc}");
}
