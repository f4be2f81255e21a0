//! SDP parse beside webrtc-sdp. Ids: `sdp_parse/offer/<subject>` (an audio offer both parse in
//! full) and `sdp_parse/msrp_offer/<subject>` (RFC 5547's file-transfer offer; webrtc-sdp drops
//! its MSRP media). `cargo bench -p rcs-benches --bench sdp`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rcs_benches::sdp::*;
use std::hint::black_box;

fn parse(c: &mut Criterion) {
    for (input, text) in [("offer", audio_offer()), ("msrp_offer", msrp_offer())] {
        assert!(rcs_parse(&text) > 0 && rcs_typed(&text) > 0 && webrtc_parse(&text) > 0);
        let mut g = c.benchmark_group("sdp_parse");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::new(input, "rcs_sdp"), |b| {
            b.iter(|| rcs_parse(black_box(&text)))
        });
        g.bench_function(BenchmarkId::new(input, "rcs_sdp_typed"), |b| {
            b.iter(|| rcs_typed(black_box(&text)))
        });
        g.bench_function(BenchmarkId::new(input, "webrtc_sdp"), |b| {
            b.iter(|| webrtc_parse(black_box(&text)))
        });
        g.finish();
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);
