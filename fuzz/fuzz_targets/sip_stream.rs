//! The framer gives the same messages whatever the split points.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use rcs_sip::{Framer, ParseOptions};

/// Frames and errors in order; stops at the first error (framing is then lost).
fn run(stream: &[u8], sizes: &[u8]) -> (Vec<bytes::Bytes>, Option<rcs_sip::ErrorKind>, usize) {
    let mut f = Framer::new(ParseOptions::new());
    let mut buf = BytesMut::new();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut i = 0;
    while pos < stream.len() {
        let n = if sizes.is_empty() {
            stream.len()
        } else {
            usize::from(sizes[i % sizes.len()]).max(1)
        };
        i += 1;
        let end = (pos + n).min(stream.len());
        buf.extend_from_slice(&stream[pos..end]);
        pos = end;
        loop {
            match f.decode(&mut buf) {
                Ok(Some(m)) => out.push(m.to_bytes()),
                Ok(None) => break,
                Err(e) => return (out, Some(e.kind()), 0),
            }
        }
    }
    (out, None, buf.len())
}

fuzz_target!(|input: (Vec<u8>, Vec<u8>)| {
    let (sizes, stream) = input;
    let whole = run(&stream, &[]);
    let split = run(&stream, &sizes);
    let ones = run(&stream, &[1]);
    assert_eq!(whole, split);
    assert_eq!(whole, ones);
});
