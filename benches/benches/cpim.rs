//! CPIM parse. Id `cpim_parse/imdn_text/{rcs_cpim,rust_rcs_core}`: rcsjta's RCS chat message
//! (NS imdn, IMDN headers, text content) parsed, then the IMDN Message-ID, whether a delivery
//! notification is wanted, the content type and the content read, by each crate.
//! `imdn_xml/delivery/{rcs_cpim,quick_xml_floor}`: RFC 5438's delivery notification read as a
//! typed document, beside a bare quick-xml event loop over the same bytes (the floor).
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
    let doc = imdn_delivery();
    assert!(rcs_imdn(&doc) > 0 && quick_xml_floor(&doc) > 0);
    let mut g = c.benchmark_group("imdn_xml");
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function(BenchmarkId::new("delivery", "rcs_cpim"), |b| {
        b.iter(|| rcs_imdn(black_box(&doc)))
    });
    g.bench_function(BenchmarkId::new("delivery", "quick_xml_floor"), |b| {
        b.iter(|| quick_xml_floor(black_box(&doc)))
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
