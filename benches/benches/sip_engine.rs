//! The SIP transaction layer in process: MESSAGE in → 200 out → transaction ended.
//!
//! Ids: `sip_engine/message_tcp/rcs_sip_engine` (ends at the 200),
//! `sip_engine/message_udp_1000/rcs_sip_engine` (1,000 transactions, then Timer J ends them).
//! `cargo bench -p rcs-benches --bench sip_engine`; CI only smoke-runs it.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rcs_benches::sip_engine::*;
use rcs_sip_engine::{Peer, Transport};
use std::hint::black_box;

fn transactions(c: &mut Criterion) {
    let tcp = requests(4096, Transport::Tcp);
    let udp = requests(1000, Transport::Udp);
    let peer = Peer::new(Transport::Tcp, "192.0.2.1:5060".parse().unwrap());
    let mut layer = layer();
    let now = Instant::now();
    assert!(server_transaction(&mut layer, now, peer, tcp[0].clone(), "t") > 0);
    assert!(layer.is_empty());
    let mut g = c.benchmark_group("sip_engine");
    g.throughput(Throughput::Elements(1));
    let mut i = 0usize;
    g.bench_function(BenchmarkId::new("message_tcp", "rcs_sip_engine"), |b| {
        b.iter(|| {
            i = (i + 1) % tcp.len();
            server_transaction(&mut layer, now, peer, black_box(tcp[i].clone()), "t")
        })
    });
    g.throughput(Throughput::Elements(udp.len() as u64));
    g.bench_function(
        BenchmarkId::new("message_udp_1000", "rcs_sip_engine"),
        |b| b.iter(|| udp_run(black_box(&udp))),
    );
    g.finish();
}

criterion_group!(benches, transactions);
criterion_main!(benches);
