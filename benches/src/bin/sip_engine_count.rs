//! Instructions per server transaction (MESSAGE in, 200 out, Timer J over UDP) and memory per
//! open transaction: `valgrind --tool=callgrind target/release/sip_engine_count run N` (see
//! `callgrind-sip-engine.sh`); `sip_engine_count memory N` prints the resident memory a layer
//! holding N open (unanswered) transactions takes, requests included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use rcs_benches::sip_engine::*;
use rcs_sip_engine::{Peer, Transport};

/// Resident memory of this process, from /proc (the workspace forbids the unsafe code a
/// counting allocator needs).
fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<usize>().ok())
        })
        .map_or(0, |pages| pages * 4096)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(2).map_or(10_000, |n| n.parse().unwrap());
    match args.get(1).map(String::as_str) {
        Some("run") => {
            let reqs = requests(n, Transport::Udp);
            println!("{}", udp_run(&reqs));
        }
        // The requests alone: subtracted from `run`, so the count is the layer's and the TU's.
        Some("prepare") => {
            let reqs = requests(n, Transport::Udp);
            println!("{}", reqs.len());
        }
        Some("memory") => {
            let before = resident_bytes();
            let reqs = requests(n, Transport::Udp);
            let peer = Peer::new(Transport::Udp, "192.0.2.1:5060".parse().unwrap());
            let mut layer = layer();
            let now = Instant::now();
            for r in &reqs {
                layer.handle_input(now, peer, r.clone());
                while layer.poll_output().is_some() {}
            }
            drop(reqs);
            let after = resident_bytes();
            println!(
                "{} open transactions: {} bytes, {} per transaction",
                layer.len(),
                after.saturating_sub(before),
                after.saturating_sub(before) / n.max(1)
            );
        }
        _ => panic!("usage: sip_engine_count run|prepare|memory N"),
    }
}
