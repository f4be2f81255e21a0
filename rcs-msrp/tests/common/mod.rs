//! Helpers shared by the MSRP integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use bytes::BytesMut;
use rcs_msrp::{ParseOptions, Piece, PieceDecoder};

/// A SEND with paths, Message-ID `m1`, and (with a body) Byte-Range `1-n/n` and a Content-Type.
pub(crate) fn frame(tid: &str, body: Option<&[u8]>, flag: char) -> Vec<u8> {
    let mut v = format!("MSRP {tid} SEND\r\nTo-Path: msrp://b.example:2855/s2;tcp\r\nFrom-Path: msrp://a.example:2855/s1;tcp\r\nMessage-ID: m1\r\n").into_bytes();
    if let Some(b) = body {
        v.extend_from_slice(
            format!(
                "Byte-Range: 1-{}/{}\r\nContent-Type: application/octet-stream\r\n\r\n",
                b.len(),
                b.len()
            )
            .as_bytes(),
        );
        v.extend_from_slice(b);
        v.extend_from_slice(b"\r\n");
    }
    v.extend_from_slice(format!("-------{tid}{flag}\r\n").as_bytes());
    v
}

/// Feed `stream` to a `PieceDecoder` (chunk limit lifted) in reads of the `splits` sizes, in
/// turn, handing every piece to `sink`.
pub(crate) fn for_each_piece(stream: &[u8], splits: &[usize], mut sink: impl FnMut(Piece)) {
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_chunk_size = usize::MAX;
    let mut d = PieceDecoder::new(opts);
    let mut buf = BytesMut::new();
    let mut pos = 0;
    for &n in splits.iter().cycle() {
        if pos == stream.len() {
            break;
        }
        let n = n.clamp(1, stream.len() - pos);
        buf.extend_from_slice(&stream[pos..pos + n]);
        pos += n;
        while let Some(p) = d.decode(&mut buf).unwrap() {
            sink(p);
        }
    }
}
