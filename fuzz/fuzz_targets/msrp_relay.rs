//! A relay fed hostile bytes: the piecewise decoder, the re-chunking forwarder and the piecewise
//! reassembler never panic; every forwarded frame parses back to itself, no SEND chunk is over
//! the relay's chunk size, and the forwarded bodies of a frame are its body.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use rcs_msrp::{Frame, ParseOptions, Piece, PieceDecoder, Reassembler, Rechunker};

fuzz_target!(|data: &[u8]| {
    let max_chunk = data.len() % 97 + 1;
    let split = data.len() % 13 + 1;
    let mut opts = ParseOptions::new().allow_bare_lf(data.len().is_multiple_of(2));
    opts.limits_mut().max_chunk_size = 1 << 16;
    let mut dec = PieceDecoder::new(opts);
    let mut relay = Rechunker::new(max_chunk, "fz");
    let mut reasm = Reassembler::new(1 << 16, 4);
    let mut buf = BytesMut::new();
    let (mut body_in, mut body_out) = (Vec::new(), Vec::new());
    let mut relay_ok = true;
    for part in data.chunks(split) {
        buf.extend_from_slice(part);
        loop {
            let piece = match dec.decode(&mut buf) {
                Ok(Some(p)) => p,
                Ok(None) => break,
                Err(_) => return,
            };
            match &piece {
                Piece::Head(h) => {
                    body_in.clear();
                    body_out.clear();
                    relay_ok = true;
                    let _ = reasm.begin(h);
                }
                Piece::Body(b) => {
                    body_in.extend_from_slice(b);
                    let _ = reasm.body(b);
                }
                Piece::End(f) => {
                    let _ = reasm.end(*f);
                }
            }
            let end = matches!(piece, Piece::End(_));
            match relay.push(piece) {
                Ok(frames) => {
                    for f in frames {
                        assert_eq!(
                            Frame::parse(f.as_bytes()).expect("forwarded frames parse"),
                            f
                        );
                        let body = f.body().unwrap_or_default();
                        assert!(body.len() <= max_chunk || f.method() != Some("SEND"));
                        body_out.extend_from_slice(body);
                    }
                }
                Err(_) => relay_ok = false,
            }
            if end && relay_ok {
                assert_eq!(body_in, body_out);
            }
        }
    }
});
