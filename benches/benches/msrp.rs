//! MSRP decode. Ids: `msrp_decode/send_small/rcs_msrp` (RFC 4975 §4's SEND),
//! `msrp_decode/chunk_1mib/rcs_msrp` and `msrp_decode/chunk_1mib/memmem_floor` (one memmem
//! search for the end-line over the same bytes: the physical floor);
//! `msrp_decode/chunk_1mib_64k_reads/{rcs_msrp,rcs_msrp_pieces}` (the same frame arriving in
//! 64 KiB reads, copied into the read buffer as a socket would, whole-frame and piecewise). rust-rcs-core is left out:
//! it decodes none of the corpus frames (corpus ORACLES.tsv).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rcs_benches::msrp::*;
use std::hint::black_box;

fn decode(c: &mut Criterion) {
    let small = send_small();
    let big = chunk_1mib();
    assert_eq!(rcs_decode(&small), 23);
    assert_eq!(rcs_decode(&big), 1 << 20);
    let mut g = c.benchmark_group("msrp_decode");
    g.throughput(Throughput::Bytes(small.len() as u64));
    g.bench_function(BenchmarkId::new("send_small", "rcs_msrp"), |b| {
        b.iter(|| rcs_decode(black_box(&small)))
    });
    g.throughput(Throughput::Bytes(big.len() as u64));
    // The read buffer is filled outside the timing, as a socket read would fill it.
    g.bench_function(BenchmarkId::new("chunk_1mib", "rcs_msrp"), |b| {
        b.iter_batched(
            || bytes::BytesMut::from(&big[..]),
            rcs_decode_buf,
            BatchSize::LargeInput,
        )
    });
    g.bench_function(BenchmarkId::new("chunk_1mib", "memmem_floor"), |b| {
        b.iter(|| memmem_floor(black_box(&big), b"ch1MiB01"))
    });
    assert_eq!(rcs_decode_reads(&big, false), 1 << 20);
    assert_eq!(rcs_decode_reads(&big, true), 1 << 20);
    g.bench_function(BenchmarkId::new("chunk_1mib_64k_reads", "rcs_msrp"), |b| {
        b.iter(|| rcs_decode_reads(black_box(&big), false))
    });
    g.bench_function(
        BenchmarkId::new("chunk_1mib_64k_reads", "rcs_msrp_pieces"),
        |b| b.iter(|| rcs_decode_reads(black_box(&big), true)),
    );
    g.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
