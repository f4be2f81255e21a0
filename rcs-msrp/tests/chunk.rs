//! Chunker → reassembler gives the message back for any chunk size and any delivery order,
//! with repeated chunks; aborts and limits.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rcs_msrp::{Chunker, ErrorKind, Flag, Frame, FrameBuilder, LimitKind, Progress, Reassembler};

fn chunks(msg: &[u8], size: usize) -> Vec<Frame<'static>> {
    Chunker::new(msg.to_vec(), "msg-1", "application/octet-stream", size)
        .paths(
            "msrp://b.example:2855/s2;tcp",
            "msrp://a.example:2855/s1;tcp",
        )
        .map(Result::unwrap)
        .collect()
}

proptest! {
    #[test]
    fn any_size_any_order(msg in prop::collection::vec(any::<u8>(), 0..2000), size in 1usize..300, order in prop::collection::vec(any::<prop::sample::Index>(), 0..40)) {
        let mut frames = chunks(&msg, size);
        prop_assert_eq!(frames.len(), msg.len().div_ceil(size).max(1));
        // Every chunk parses back through the decoder (byte-exact) and carries its range.
        for f in &frames {
            prop_assert_eq!(&Frame::parse(f.as_bytes()).unwrap(), f);
        }
        // Shuffle, and repeat some chunks.
        let n = frames.len();
        for (i, idx) in order.iter().enumerate() {
            frames.swap(i % n, idx.index(n));
        }
        let repeats: Vec<_> = order.iter().take(3).map(|i| frames[i.index(n)].clone()).collect();
        frames.splice(0..0, repeats);
        let mut r = Reassembler::new(1 << 20, 4);
        let mut done = None;
        for f in &frames {
            match r.push(f).unwrap() {
                Progress::Complete(m) => {
                    prop_assert!(done.is_none() || m.is_empty() || done.as_deref() == Some(&m[..]));
                    done = Some(m);
                }
                Progress::Partial(_) => {}
                other => prop_assert!(false, "{other:?}"),
            }
        }
        prop_assert_eq!(done.as_deref(), Some(&msg[..]));
    }
}

#[test]
fn unknown_total_completes_on_the_last_chunk() {
    let mk = |tid: &str, range: &str, body: &str, flag| {
        FrameBuilder::request(tid, "SEND")
            .unwrap()
            .to_path("msrp://b.example:2855/s2;tcp")
            .unwrap()
            .from_path("msrp://a.example:2855/s1;tcp")
            .unwrap()
            .header("Message-ID", "m*")
            .unwrap()
            .header("Byte-Range", range)
            .unwrap()
            .body("text/plain", body.to_string())
            .unwrap()
            .flag(flag)
            .build()
            .unwrap()
    };
    let mut r = Reassembler::new(100, 2);
    assert_eq!(
        r.push(&mk("tid00005", "5-*/*", "EFGH", Flag::Complete))
            .unwrap(),
        Progress::Partial(4)
    );
    assert_eq!(
        r.push(&mk("tid00001", "1-*/*", "abcd", Flag::Continued))
            .unwrap(),
        Progress::Complete("abcdEFGH".into())
    );
    assert_eq!(r.in_progress(), 0);
}

#[test]
fn abort_and_limits() {
    let mut c = Chunker::new(vec![b'x'; 100], "big", "text/plain", 10)
        .paths("msrp://b.example:2855/s;tcp", "msrp://a.example:2855/s;tcp");
    let first = c.next().unwrap().unwrap();
    let abort = c.abort().unwrap();
    assert_eq!(abort.flag(), Flag::Aborted);
    assert_eq!(abort.header("Byte-Range"), Some("11-*/100"));
    assert!(c.next().is_none());
    let mut r = Reassembler::new(1000, 1);
    assert!(matches!(r.push(&first).unwrap(), Progress::Partial(10)));
    assert_eq!(r.push(&abort).unwrap(), Progress::Aborted);
    assert_eq!(r.in_progress(), 0);
    // Over the message size: refused (a 413 for the sender).
    let mut small = Reassembler::new(50, 1);
    let e = small.push(&first).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::ChunkSize));
    // Too many messages in progress.
    let other: Vec<_> = chunks(&[1u8; 20], 5);
    let mut one = Reassembler::new(1000, 1);
    one.push(&first).unwrap();
    assert_eq!(
        one.push(&other[0]).unwrap_err().kind(),
        ErrorKind::LimitExceeded(LimitKind::ChunkSize)
    );
}

#[test]
fn a_chunk_holding_its_end_line_takes_another_transaction_id() {
    let body = b"data\r\n-------ch00000001$\r\nmore".to_vec();
    let f: Vec<_> = Chunker::new(body.clone(), "m", "text/plain", 1000)
        .paths("msrp://b.example:2855/s;tcp", "msrp://a.example:2855/s;tcp")
        .map(Result::unwrap)
        .collect();
    assert_eq!(f[0].transaction_id(), "ch00000002");
    assert_eq!(f[0].body(), Some(&body[..]));
}
