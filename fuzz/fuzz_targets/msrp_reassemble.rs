//! Chunks in any order, repeated, with foreign chunks mixed in, give the message back; arbitrary
//! chunk sequences never break the reassembler's bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_msrp::{Chunker, Frame, Progress, Reassembler};

fuzz_target!(|input: (Vec<u8>, u8, Vec<u16>, Vec<Vec<u8>>)| {
    let (message, size, order, noise) = input;
    let mut frames: Vec<Frame<'static>> = Chunker::new(
        message.clone(),
        "m1",
        "application/octet-stream",
        usize::from(size).max(1),
    )
    .paths(
        "msrp://b.example:2855/s2;tcp",
        "msrp://a.example:2855/s1;tcp",
    )
    .map(|f| f.expect("chunks build"))
    .collect();
    let n = frames.len();
    for (i, o) in order.iter().enumerate() {
        frames.swap(i % n, usize::from(*o) % n);
    }
    if let Some(&o) = order.first() {
        let again = frames[usize::from(o) % n].clone();
        frames.push(again);
    }
    let mut r = Reassembler::new(1 << 16, 4);
    // Foreign frames (any that parse) first: they must not disturb message m1.
    for bytes in &noise {
        if let Ok(f) = Frame::parse(bytes)
            && f.message_id() != Some("m1")
        {
            let _ = r.push(&f);
        }
    }
    let mut got = None;
    for f in &frames {
        match r.push(f) {
            Ok(Progress::Complete(m)) if got.is_none() => got = Some(m),
            Ok(_) => {}
            Err(e) => {
                // Only limits may refuse: noise filled the message slots, or the shuffle
                // scattered the message over more runs than are kept.
                assert!(matches!(
                    e.kind(),
                    rcs_msrp::ErrorKind::LimitExceeded(
                        rcs_msrp::LimitKind::MessagesInProgress | rcs_msrp::LimitKind::Fragments
                    )
                ));
                return;
            }
        }
    }
    if message.len() <= 1 << 16 {
        assert_eq!(got.as_deref(), Some(&message[..]));
    }
});
