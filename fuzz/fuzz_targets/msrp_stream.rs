//! Any split of any byte sequence gives the same frames (and the same error, at the same
//! point of the stream) as feeding it whole; the piecewise decoder hands on the same frames.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use rcs_msrp::{Flag, FrameDecoder, ParseOptions, Piece, PieceDecoder};

fn run(
    stream: &[u8],
    sizes: &[u8],
    opts: ParseOptions,
) -> (Vec<bytes::Bytes>, Option<rcs_msrp::ErrorKind>) {
    let mut d = FrameDecoder::new(opts);
    let mut buf = BytesMut::new();
    let (mut out, mut pos, mut i) = (Vec::new(), 0, 0);
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
            match d.decode(&mut buf) {
                Ok(Some(f)) => out.push(f.to_bytes()),
                Ok(None) => break,
                Err(e) => return (out, Some(e.kind())),
            }
        }
    }
    (out, None)
}

/// (head + body, flag) per frame, and whether decoding stopped on an error.
fn run_pieces(stream: &[u8], sizes: &[u8], opts: ParseOptions) -> (Vec<(Vec<u8>, Flag)>, bool) {
    let mut d = PieceDecoder::new(opts);
    let mut buf = BytesMut::new();
    let (mut out, mut cur, mut pos, mut i) = (Vec::new(), Vec::new(), 0, 0);
    while pos < stream.len() {
        let n = usize::from(sizes.get(i % sizes.len().max(1)).copied().unwrap_or(255)).max(1);
        i += 1;
        let end = (pos + n).min(stream.len());
        buf.extend_from_slice(&stream[pos..end]);
        pos = end;
        loop {
            match d.decode(&mut buf) {
                Ok(Some(Piece::Head(h))) => cur = h.as_bytes().to_vec(),
                Ok(Some(Piece::Body(b))) => {
                    assert!(!b.is_empty());
                    cur.extend_from_slice(&b);
                }
                Ok(Some(Piece::End(f))) => out.push((core::mem::take(&mut cur), f)),
                Ok(None) => break,
                Err(_) => return (out, true),
            }
        }
    }
    (out, false)
}

/// The same shape from whole frames.
fn whole_as_pieces(frames: &[bytes::Bytes], opts: ParseOptions) -> Vec<(Vec<u8>, Flag)> {
    frames
        .iter()
        .map(|b| {
            let f = rcs_msrp::Frame::parse_with(b, &opts).expect("a decoded frame parses");
            let mut v = match f.body() {
                Some(body) => {
                    let at = body.as_ptr() as usize - b.as_ptr() as usize;
                    let mut v = b[..at].to_vec();
                    v.extend_from_slice(body);
                    v
                }
                None => {
                    let end_line = b.len() - f.transaction_id().len() - 9;
                    let end_line = end_line - usize::from(b[b.len() - 2] == b'\r');
                    b[..end_line].to_vec()
                }
            };
            v.shrink_to_fit();
            (v, f.flag())
        })
        .collect()
}

fuzz_target!(|input: (Vec<u8>, Vec<u8>)| {
    let (sizes, stream) = input;
    for opts in [ParseOptions::new(), ParseOptions::new().allow_bare_lf(true)] {
        let whole = run(&stream, &[], opts);
        assert_eq!(whole, run(&stream, &sizes, opts));
        assert_eq!(whole, run(&stream, &[1], opts));
        // Pieces: the same complete frames; an error only where the whole decoder stopped, or
        // in the incomplete tail (body rules are checked at the head there).
        let (pieces, failed) = run_pieces(&stream, &sizes, opts);
        let expect = whole_as_pieces(&whole.0, opts);
        let n = pieces.len().min(expect.len());
        assert_eq!(pieces[..n], expect[..n]);
        if whole.1.is_none() {
            assert_eq!(pieces.len(), expect.len());
        }
        if !failed {
            assert!(pieces.len() >= expect.len());
        }
    }
});
