//! Side-by-side timing of the SIP parse subjects that holds up on a shared machine: the subjects
//! take turns in short rounds and each keeps its fastest round, so a neighbour's burst slows
//! one round of one subject rather than a whole criterion run of it.
//! `cargo run --release -p rcs-benches --bin sip_time [rounds]` (default 300).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_benches::sip::*;
use std::hint::black_box;
use std::time::Instant;

const PER_ROUND: u32 = 2_000;

fn main() {
    let rounds: u32 = std::env::args()
        .nth(1)
        .map_or(300, |n| n.parse().expect("rounds"));
    let invite = fixture("invite-sdp-802.sip");
    let http = fixture("http-equiv-803.txt");
    type Subject<'a> = (&'static str, Box<dyn Fn() -> usize + 'a>);
    let subjects: Vec<Subject<'_>> = vec![
        ("httparse", Box::new(|| httparse_frame(black_box(&http)))),
        ("rcs_sip_frame", Box::new(|| rcs_frame(black_box(&invite)))),
        ("rcs_sip_typed", Box::new(|| rcs_typed(black_box(&invite)))),
        (
            "rsipstack",
            Box::new(|| rsipstack_frame(black_box(&invite))),
        ),
    ];
    let mut best = vec![f64::INFINITY; subjects.len()];
    let mut acc = 0usize;
    for _ in 0..rounds {
        for (i, (_, run)) in subjects.iter().enumerate() {
            let t = Instant::now();
            for _ in 0..PER_ROUND {
                acc = acc.wrapping_add(run());
            }
            let ns = t.elapsed().as_nanos() as f64 / f64::from(PER_ROUND);
            best[i] = best[i].min(ns);
        }
    }
    println!("{:<16} {:>10} {:>8}", "subject", "best ns", "ratio");
    for (i, (name, _)) in subjects.iter().enumerate() {
        println!("{name:<16} {:>10.1} {:>7.2}x", best[i], best[i] / best[0]);
    }
    black_box(acc);
}
