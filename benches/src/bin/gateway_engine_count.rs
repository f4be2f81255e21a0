//! Instructions per submit round trip in the gateway engine (client submit, server answer,
//! client acceptance, both sides' framing and encoding): `valgrind --tool=callgrind
//! target/release/gateway_engine_count run PROTOCOL WINDOW N` (see `callgrind-gateway-engine.sh`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_benches::gateway_engine::*;
use rcs_gateway_engine::Protocol;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let protocol: Protocol = args.get(2).map_or("smpp", String::as_str).parse().unwrap();
    let window: usize = args.get(3).map_or(64, |w| w.parse().unwrap());
    let n: usize = args.get(4).map_or(10_000, |n| n.parse().unwrap());
    let (mut client, mut server, now) = pair(protocol, window);
    let plan = plan();
    let n = match args.get(1).map(String::as_str) {
        Some("run") => n,
        // Login and setup alone: subtracted from `run`.
        _ => 0,
    };
    println!("{}", round_trips(&mut client, &mut server, now, &plan, n));
}
