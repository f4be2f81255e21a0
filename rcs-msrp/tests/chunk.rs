//! Chunker → reassembler gives the message back for any chunk size and any delivery order,
//! with repeated chunks; aborts and limits.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod common;

use bytes::BytesMut;
use proptest::prelude::*;
use rcs_msrp::{
    Chunker, ErrorKind, Flag, Frame, FrameBuilder, LimitKind, ParseOptions, Piece, PieceDecoder,
    Progress, ReaderChunker, Reassembler,
};

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
            .to_path("msrp://b.example:2855/s2;tcp")
            .from_path("msrp://a.example:2855/s1;tcp")
            .header("Message-ID", "m*")
            .header("Byte-Range", range)
            .body("text/plain", body.to_string())
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
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::MessageSize));
    // Too many messages in progress.
    let other: Vec<_> = chunks(&[1u8; 20], 5);
    let mut one = Reassembler::new(1000, 1);
    one.push(&first).unwrap();
    assert_eq!(
        one.push(&other[0]).unwrap_err().kind(),
        ErrorKind::LimitExceeded(LimitKind::MessagesInProgress)
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

/// Feed encoded frames through a `PieceDecoder` at these split sizes into the reassembler, piece
/// by piece; the completed messages in order.
fn reassemble_pieces(stream: &[u8], sizes: &[usize], r: &mut Reassembler) -> Vec<Vec<u8>> {
    let mut done = Vec::new();
    common::for_each_piece(stream, sizes, |p| match p {
        Piece::Head(h) => r.begin(&h).unwrap(),
        Piece::Body(b) => r.body(&b).unwrap(),
        Piece::End(f) => {
            if let Progress::Complete(m) = r.end(f).unwrap() {
                done.push(m.to_vec());
            }
        }
    });
    done
}

proptest! {
    #[test]
    fn reader_chunker_to_piecewise_reassembly(msg in prop::collection::vec(any::<u8>(), 0..3000), size in 1usize..500,
        known in any::<bool>(), splits in prop::collection::vec(1usize..700, 1..8)) {
        let total = known.then_some(msg.len() as u64);
        let frames: Vec<Frame<'static>> =
            ReaderChunker::new(std::io::Cursor::new(msg.clone()), total, "m-r", "application/octet-stream", size)
                .paths("msrp://b.example:2855/s2;tcp", "msrp://a.example:2855/s1;tcp")
                .collect::<Result<_, _>>()
                .unwrap();
        prop_assert_eq!(frames.len(), msg.len().div_ceil(size).max(1));
        // The same chunks as the in-memory chunker, but for the `*` totals before the last.
        let whole = chunks(&msg, size);
        for (a, b) in frames.iter().zip(&whole) {
            prop_assert_eq!(a.body(), b.body());
            prop_assert_eq!(a.flag(), b.flag());
        }
        let stream: Vec<u8> = frames.iter().flat_map(|f| f.as_bytes().to_vec()).collect();
        let mut r = Reassembler::new(1 << 20, 2);
        prop_assert_eq!(reassemble_pieces(&stream, &splits, &mut r), vec![msg]);
        prop_assert_eq!(r.in_progress(), 0);
    }
}

#[test]
fn reader_length_must_match_the_stated_total() {
    let mut c = ReaderChunker::new(std::io::Cursor::new(vec![1u8; 10]), Some(12), "m", "a/b", 4)
        .paths("msrp://b.example:2855/s;tcp", "msrp://a.example:2855/s;tcp");
    assert!(c.next().unwrap().is_ok());
    assert!(c.next().unwrap().is_ok());
    assert_eq!(
        c.next().unwrap().unwrap_err().kind(),
        std::io::ErrorKind::InvalidData
    );
    assert!(c.next().is_none());
    let mut long = ReaderChunker::new(std::io::Cursor::new(vec![1u8; 10]), Some(6), "m", "a/b", 4)
        .paths("msrp://b.example:2855/s;tcp", "msrp://a.example:2855/s;tcp");
    assert!(long.next().unwrap().is_ok());
    assert!(long.next().unwrap().is_err());
    // Abort states what is known.
    let mut c = ReaderChunker::new(std::io::Cursor::new(vec![1u8; 10]), None, "m", "a/b", 4)
        .paths("msrp://b.example:2855/s;tcp", "msrp://a.example:2855/s;tcp");
    c.next().unwrap().unwrap();
    let a = c.abort().unwrap();
    assert_eq!(
        (a.header("Byte-Range"), a.flag()),
        (Some("5-*/*"), Flag::Aborted)
    );
    assert!(c.next().is_none());
}

#[test]
fn many_chunks_in_reverse_order() {
    // 4,000 one-octet chunks, last first: each lands in the range set in O(log n), and each is
    // its own run (the most a message may be scattered over is 4,096 runs).
    let msg: Vec<u8> = (0..4_000u32).map(|i| (i % 251) as u8).collect();
    let mut frames = chunks(&msg, 1);
    frames.reverse();
    let mut r = Reassembler::new(1 << 20, 1);
    let mut out = None;
    for (i, f) in frames.iter().enumerate() {
        match r.push(f).unwrap() {
            Progress::Complete(m) => out = Some((i, m)),
            Progress::Partial(held) => assert_eq!(held, i as u64 + 1),
            other => panic!("{other:?}"),
        }
    }
    let (at, m) = out.unwrap();
    assert_eq!((at, &m[..]), (frames.len() - 1, &msg[..]));
    // In order, runs grow in place: 50,000 one-octet chunks are one run.
    let msg: Vec<u8> = (0..50_000u32).map(|i| (i % 253) as u8).collect();
    let mut r = Reassembler::new(1 << 20, 1);
    let done: Vec<_> = chunks(&msg, 1)
        .iter()
        .filter_map(|f| match r.push(f).unwrap() {
            Progress::Complete(m) => Some(m),
            _ => None,
        })
        .collect();
    assert_eq!(done, [bytes::Bytes::from(msg)]);
}

#[test]
fn scattered_chunks_hit_the_fragment_limit_not_memory() {
    // Every other octet of a 1 MiB message, far apart: refused once 4,096 runs are held, and
    // until then only the octets received are kept (a lone chunk at offset 1,000,000 does not
    // make a 1 MB buffer).
    let mk = |start: u64| {
        FrameBuilder::request(&format!("sc{start:08}"), "SEND")
            .to_path("msrp://b.example:2855/s;tcp")
            .from_path("msrp://a.example:2855/s;tcp")
            .header("Message-ID", "scatter")
            .header("Byte-Range", &format!("{start}-{start}/1048576"))
            .body("application/octet-stream", vec![1u8])
            .build()
            .unwrap()
    };
    let mut r = Reassembler::new(1 << 20, 1);
    let mut refused = None;
    for k in 0..5_000u64 {
        match r.push(&mk(1 + k * 2)) {
            Ok(Progress::Partial(held)) => assert_eq!(held, k + 1),
            Err(e) => {
                refused = Some((k, e.kind()));
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        refused,
        Some((4_096, ErrorKind::LimitExceeded(LimitKind::Fragments)))
    );
    assert_eq!(r.in_progress(), 0);
}

#[test]
fn an_oversized_message_is_discarded_mid_chunk() {
    // Total unknown (`1-60/*`): only the body's octets show the message is too large.
    let first = ReaderChunker::new(std::io::Cursor::new(vec![7u8; 100]), None, "m", "a/b", 60)
        .paths("msrp://b.example:2855/s;tcp", "msrp://a.example:2855/s;tcp")
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(first.header("Byte-Range"), Some("1-60/*"));
    let stream = first.as_bytes();
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_chunk_size = usize::MAX;
    let mut d = PieceDecoder::new(opts);
    let mut r = Reassembler::new(40, 4);
    let split = stream.len() - 40;
    let mut buf = BytesMut::from(&stream[..split]);
    let mut errors = Vec::new();
    let mut ends = Vec::new();
    for part in [&stream[..0], &stream[split..]] {
        buf.extend_from_slice(part);
        while let Some(p) = d.decode(&mut buf).unwrap() {
            match p {
                Piece::Head(h) => r.begin(&h).unwrap(),
                Piece::Body(b) => errors.extend(r.body(&b).err()),
                Piece::End(f) => ends.push(r.end(f).unwrap()),
            }
        }
    }
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].kind(),
        ErrorKind::LimitExceeded(LimitKind::MessageSize)
    );
    assert_eq!(ends, [Progress::Discarded]);
    assert_eq!(r.in_progress(), 0);
}
