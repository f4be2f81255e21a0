//! The subjects the MSRP bench times (`benches/msrp.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::BytesMut;

/// RFC 4975 §4's SEND, from `msrp/rfc4975-s4-send.msrp`.
pub fn send_small() -> Vec<u8> {
    rcs_testkit::corpus_file("msrp", "rfc4975-s4-send.msrp")
        .unwrap_or_else(|| panic!("the bench needs the corpus"))
}

/// A SEND carrying a 1 MiB chunk of pseudo-random octets (no end-line inside).
pub fn chunk_1mib() -> Vec<u8> {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let body: Vec<u8> = (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // No '-' octets: the delimiter cannot occur, so every subject scans all of it.
            let b = (x >> 24) as u8;
            if b == b'-' { b'+' } else { b }
        })
        .collect();
    let mut v = format!(
        "MSRP ch1MiB01 SEND\r\nTo-Path: msrp://b.example:2855/s2;tcp\r\nFrom-Path: msrp://a.example:2855/s1;tcp\r\nMessage-ID: big\r\nByte-Range: 1-{n}/{n}\r\nContent-Type: application/octet-stream\r\n\r\n",
        n = body.len()
    )
    .into_bytes();
    v.extend_from_slice(&body);
    v.extend_from_slice(b"\r\n-------ch1MiB01$\r\n");
    v
}

/// rcs-msrp: the stream decoder on the whole frame (limits raised for the 1 MiB chunk).
pub fn rcs_decode(frame: &[u8]) -> usize {
    rcs_decode_buf(BytesMut::from(frame))
}

/// [`rcs_decode`] on a read buffer the caller filled (as a connection's would be).
pub fn rcs_decode_buf(mut buf: BytesMut) -> usize {
    let mut opts = rcs_msrp::ParseOptions::new();
    opts.limits_mut().max_chunk_size = 2 << 20;
    let mut d = rcs_msrp::FrameDecoder::new(opts);
    let f = d.decode(&mut buf).unwrap().unwrap();
    f.body().map_or(0, <[u8]>::len)
}

/// The physical floor: one memmem search for the end-line over the same bytes.
pub fn memmem_floor(frame: &[u8], tid: &[u8]) -> usize {
    let mut needle = b"\r\n-------".to_vec();
    needle.extend_from_slice(tid);
    memchr::memmem::find(frame, &needle).unwrap()
}

/// The 1 MiB chunk arriving in 64 KiB socket reads through the stream decoder (whole frame)
/// and through the piecewise decoder (body handed on as it comes); octets of body delivered.
pub fn rcs_decode_reads(frame: &[u8], pieces: bool) -> usize {
    let mut opts = rcs_msrp::ParseOptions::new();
    opts.limits_mut().max_chunk_size = 2 << 20;
    let mut buf = BytesMut::with_capacity(if pieces { 128 << 10 } else { frame.len() });
    let mut got = 0;
    if pieces {
        let mut d = rcs_msrp::PieceDecoder::new(opts);
        for read in frame.chunks(64 << 10) {
            buf.extend_from_slice(read);
            while let Some(p) = d.decode(&mut buf).unwrap() {
                if let rcs_msrp::Piece::Body(b) = p {
                    got += b.len();
                }
            }
        }
    } else {
        let mut d = rcs_msrp::FrameDecoder::new(opts);
        for read in frame.chunks(64 << 10) {
            buf.extend_from_slice(read);
            if let Some(f) = d.decode(&mut buf).unwrap() {
                got += f.body().map_or(0, <[u8]>::len);
            }
        }
    }
    got
}
