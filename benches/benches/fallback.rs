//! SMS encoding. `sms_encode/<input>/{rcs_fallback,sms_pdu,gsm7}`: a 1 KB text to the user
//! data of its segments (rcs_fallback, sms_pdu), or packed whole (gsm7, which does not
//! segment); a peer runs only on the inputs it handles (its output decodes back to the text).
//! `sms_plan/<input>/rcs_fallback`: encoding choice and segment boundaries alone (target
//! ≤ 1 µs for 1 KB). `gsm7_pack/ascii_1k/{rcs_fallback,gsm7}`: classify + pack, no segments
//! (target ≥ 1 GB/s). `mms_encode/card/rcs_fallback`: a chatbot card with a 20 KB image to an
//! MMS m-send-req (parse, slides, SMIL, encode); no Rust peer encodes MMS.
//! `tpdu_decode/deliver_150/{rcs_fallback,sms_pdu}`: an SMS-DELIVER behind its SMSC address
//! to its text.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rcs_benches::fallback::*;
use std::hint::black_box;

fn encode(c: &mut Criterion) {
    let mut g = c.benchmark_group("sms_encode");
    for (name, text) in inputs() {
        assert_eq!(rcs_fallback_round_trip(&text), text, "{name}");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::new(name, "rcs_fallback"), |b| {
            b.iter(|| rcs_fallback(black_box(&text)))
        });
        if sms_pdu_round_trip(&text).as_deref() == Some(text.as_str()) {
            g.bench_function(BenchmarkId::new(name, "sms_pdu"), |b| {
                b.iter(|| sms_pdu(black_box(&text)))
            });
        } else {
            eprintln!(
                "sms_encode/{name}/sms_pdu: skipped (its segments do not decode to the text)"
            );
        }
        if gsm7_agrees(&text) == Some(true) {
            g.bench_function(BenchmarkId::new(name, "gsm7"), |b| {
                b.iter(|| gsm7(black_box(&text)))
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("sms_plan");
    for (name, text) in inputs() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::new(name, "rcs_fallback"), |b| {
            b.iter(|| rcs_fallback_plan(black_box(&text)))
        });
    }
    g.finish();

    let (_, ascii) = inputs().into_iter().next().unwrap();
    assert_eq!(gsm7_agrees(&ascii), Some(true));
    let mut g = c.benchmark_group("gsm7_pack");
    g.throughput(Throughput::Bytes(ascii.len() as u64));
    let (mut septets, mut out) = (Vec::new(), Vec::new());
    g.bench_function(BenchmarkId::new("ascii_1k", "rcs_fallback"), |b| {
        b.iter(|| rcs_fallback_pack(black_box(&ascii), &mut out))
    });
    g.bench_function(BenchmarkId::new("ascii_1k", "rcs_fallback_two_pass"), |b| {
        b.iter(|| rcs_fallback_encode_then_pack(black_box(&ascii), &mut septets, &mut out))
    });
    g.bench_function(BenchmarkId::new("ascii_1k", "gsm7"), |b| {
        b.iter(|| gsm7(black_box(&ascii)))
    });
    g.finish();
}

fn mms(c: &mut Criterion) {
    let image = vec![0xA5u8; 20 * 1024];
    assert!(card_to_mms(CARD.as_bytes(), &image) > image.len());
    let mut g = c.benchmark_group("mms_encode");
    g.throughput(Throughput::Bytes((CARD.len() + image.len()) as u64));
    g.bench_function(BenchmarkId::new("card", "rcs_fallback"), |b| {
        b.iter(|| card_to_mms(black_box(CARD.as_bytes()), black_box(&image)))
    });
    g.finish();
}

fn decode(c: &mut Criterion) {
    let pdu = deliver_pdu();
    assert_eq!(rcs_fallback_deliver(&pdu), sms_pdu_deliver(&pdu));
    let mut g = c.benchmark_group("tpdu_decode");
    g.throughput(Throughput::Bytes(pdu.len() as u64));
    g.bench_function(BenchmarkId::new("deliver_150", "rcs_fallback"), |b| {
        b.iter(|| rcs_fallback_deliver(black_box(&pdu)))
    });
    g.bench_function(BenchmarkId::new("deliver_150", "sms_pdu"), |b| {
        b.iter(|| sms_pdu_deliver(black_box(&pdu)))
    });
    g.finish();
}

criterion_group!(benches, encode, mms, decode);
criterion_main!(benches);
