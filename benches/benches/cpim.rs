//! CPIM parse. Id `cpim_parse/imdn_text/{rcs_cpim,rust_rcs_core}`: rcsjta's RCS chat message
//! (NS imdn, IMDN headers, text content) parsed, then the IMDN Message-ID, whether a delivery
//! notification is wanted, the content type and the content read, by each crate.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rcs_benches::cpim::*;
use std::hint::black_box;

fn parse(c: &mut Criterion) {
    let input = imdn_text();
    // Both read the same things.
    assert_eq!(rcs_cpim(&input), rust_rcs_core(&input));
    let mut g = c.benchmark_group("cpim_parse");
    g.throughput(Throughput::Bytes(input.len() as u64));
    g.bench_function(BenchmarkId::new("imdn_text", "rcs_cpim"), |b| {
        b.iter(|| rcs_cpim(black_box(&input)))
    });
    g.bench_function(BenchmarkId::new("imdn_text", "rust_rcs_core"), |b| {
        b.iter(|| rust_rcs_core(black_box(&input)))
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
