//! Runs one CPIM bench subject N times, for instruction counting under callgrind:
//! `valgrind --tool=callgrind target/release/cpim_count <subject> <n>`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_benches::cpim::*;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (subject, n) = (
        args[1].as_str(),
        args.get(2).map_or(10_000, |n| n.parse().unwrap()),
    );
    let input = imdn_text();
    let mut acc = 0usize;
    for _ in 0..n {
        acc += match subject {
            "rcs_cpim" => rcs_cpim(black_box(&input)),
            "rust_rcs_core" => rust_rcs_core(black_box(&input)),
            "none" => 0,
            other => panic!("unknown subject {other}"),
        };
    }
    println!("{acc}");
}
