//! SIP parse and encode beside the peer crates, on the shared 802-byte INVITE.
//!
//! Ids: `sip_parse/invite802/<subject>`, `sip_parse/http803/httparse` (the framing floor: the
//! same bytes with `HTTP/1.1` as version), `sip_encode/invite802/<subject>`.
//! `cargo bench -p rcs-benches --bench sip`; CI only smoke-runs it (`cargo test --benches`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rcs_benches::sip::*;
use std::hint::black_box;

fn parse(c: &mut Criterion) {
    let invite = fixture("invite-sdp-802.sip");
    let http = fixture("http-equiv-803.txt");
    let invite_bytes = bytes::Bytes::from(invite.clone());
    // Every subject must accept the input before it is timed.
    assert_eq!(rcs_frame(&invite), 13 + 243);
    assert!(rcs_typed(&invite) > 0 && rsip_typed(&invite) > 0);
    assert!(
        rsip_frame(&invite) > 0 && rsipstack_frame(&invite) > 0 && ezk_frame(&invite_bytes) > 0
    );

    let mut g = c.benchmark_group("sip_parse");
    g.throughput(Throughput::Bytes(invite.len() as u64));
    g.bench_function(BenchmarkId::new("invite802", "rcs_sip_frame"), |b| {
        b.iter(|| rcs_frame(black_box(&invite)))
    });
    g.bench_function(BenchmarkId::new("invite802", "rcs_sip_typed"), |b| {
        b.iter(|| rcs_typed(black_box(&invite)))
    });
    g.bench_function(BenchmarkId::new("invite802", "rsip"), |b| {
        b.iter(|| rsip_frame(black_box(&invite)))
    });
    g.bench_function(BenchmarkId::new("invite802", "rsip_typed"), |b| {
        b.iter(|| rsip_typed(black_box(&invite)))
    });
    g.bench_function(BenchmarkId::new("invite802", "rsipstack"), |b| {
        b.iter(|| rsipstack_frame(black_box(&invite)))
    });
    g.bench_function(BenchmarkId::new("invite802", "ezk_sip_types"), |b| {
        b.iter(|| ezk_frame(black_box(&invite_bytes)))
    });
    g.throughput(Throughput::Bytes(http.len() as u64));
    g.bench_function(BenchmarkId::new("http803", "httparse"), |b| {
        b.iter(|| httparse_frame(black_box(&http)))
    });
    g.finish();
}

fn encode(c: &mut Criterion) {
    let invite = fixture("invite-sdp-802.sip");
    let ours = rcs_sip::Message::parse(&invite).unwrap();
    let theirs = rsip::SipMessage::try_from(&invite[..]).unwrap();
    let stack = rsipstack::sip::SipMessage::try_from(&invite[..]).unwrap();
    let mut g = c.benchmark_group("sip_encode");
    g.throughput(Throughput::Bytes(invite.len() as u64));
    g.bench_function(BenchmarkId::new("invite802", "rcs_sip"), |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(ours.encoded_len());
            black_box(&ours).encode(&mut out);
            out
        })
    });
    g.bench_function(BenchmarkId::new("invite802", "rcs_sip_build"), |b| {
        b.iter(|| build_invite(black_box(&invite)).to_bytes())
    });
    g.bench_function(BenchmarkId::new("invite802", "rsip"), |b| {
        b.iter(|| black_box(&theirs).to_string().into_bytes())
    });
    g.bench_function(BenchmarkId::new("invite802", "rsipstack"), |b| {
        b.iter(|| black_box(&stack).to_bytes())
    });
    g.finish();
}

criterion_group!(benches, parse, encode);
criterion_main!(benches);
