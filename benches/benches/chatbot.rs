//! Chatbot JSON decode and validation on the corpus's bench carousels
//! (`../shared/corpus/chatbot/bench/*.json`: 4 cards pretty UTF-8, 6 cards compact UTF-8,
//! 6 cards compact with every non-ASCII character `\uXXXX`-escaped as PHP writes it).
//! Ids `chatbot_decode/<file>/<subject>`: rcs_chatbot (strict, borrowed), rcs_chatbot_on_sonic
//! (the same model driven by sonic-rs), serde_json_value, serde_json_owned_model (the same
//! members with String fields), sonic_rs_owned_model, simd_json_owned_model; each reads the
//! cards, their titles and suggestions. `chatbot_validate/<file>/rcs_chatbot`: GSMA validation
//! of the parsed document.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rcs_benches::chatbot::*;
use std::hint::black_box;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let Some(dir) = rcs_testkit::corpus_dir("chatbot") else {
        return Vec::new();
    };
    let mut v: Vec<_> = std::fs::read_dir(dir.join("bench"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

type Subject = fn(&[u8]) -> Reading;

fn decode(c: &mut Criterion) {
    let subjects: [(&str, Subject); 6] = [
        ("rcs_chatbot", rcs_chatbot),
        ("rcs_chatbot_on_sonic", rcs_chatbot_on_sonic),
        ("serde_json_value", serde_json_value),
        ("serde_json_owned_model", serde_json_owned_model),
        ("sonic_rs_owned_model", sonic_rs_owned_model),
        ("simd_json_owned_model", simd_json_owned_model),
    ];
    for (name, input) in inputs() {
        let expected = rcs_chatbot(&input);
        assert!(expected.0 >= 2, "{name}: {expected:?}");
        for (s, f) in &subjects {
            assert_eq!(f(&input), expected, "{name}: {s} reads differently");
        }
        let mut g = c.benchmark_group("chatbot_decode");
        g.throughput(Throughput::Bytes(input.len() as u64));
        for (s, f) in &subjects {
            g.bench_function(BenchmarkId::new(&name, s), |b| {
                b.iter(|| f(black_box(&input)))
            });
        }
        g.finish();
        let doc = parse_lenient(&input);
        assert_eq!(rcs_chatbot_validate(&doc), 0, "{name} is valid");
        let mut g = c.benchmark_group("chatbot_validate");
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_function(BenchmarkId::new(&name, "rcs_chatbot"), |b| {
            b.iter(|| rcs_chatbot_validate(black_box(&doc)))
        });
        g.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
