//! Submit round trips through the gateway sessions in process (no sockets): the engine's
//! own cost per message, window 1 and 64, SMPP and CMPP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rcs_benches::gateway_engine::*;
use rcs_gateway_engine::Protocol;
use rcs_gateway_engine::rcs_fallback::gateway::cmpp::CmppVersion;

fn bench(c: &mut Criterion) {
    let plan = plan();
    let n = 1000;
    let mut g = c.benchmark_group("gateway_engine");
    g.throughput(Throughput::Elements(n as u64));
    for (name, protocol) in [
        ("smpp", Protocol::Smpp),
        ("cmpp", Protocol::Cmpp(CmppVersion::V30)),
    ] {
        for window in [1, 64] {
            let (mut client, mut server, now) = pair(protocol, window);
            g.bench_function(format!("{name}/window{window}/1000 submits"), |b| {
                b.iter(|| round_trips(&mut client, &mut server, now, &plan, n));
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
