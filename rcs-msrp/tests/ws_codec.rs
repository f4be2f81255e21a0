//! RFC 7977 (one frame per WebSocket message) and the `tokio-codec` feature.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use rcs_msrp::{ErrorKind, Frame, FrameBuilder, ParseOptions, WsMessageKind};
use rcs_testkit::corpus_file;

#[test]
fn one_frame_per_websocket_message() {
    let Some(raw) = corpus_file("msrp", "synthetic-rfc7977-ws-send.msrp") else {
        return;
    };
    let opts = ParseOptions::new();
    let msg = Bytes::from(raw.clone());
    let f = Frame::from_ws_message(msg.clone(), &opts).unwrap();
    assert_eq!(f.as_bytes(), &raw[..]);
    // Zero-copy: the frame is the message's bytes.
    assert_eq!(f.as_bytes().as_ptr(), msg.as_ptr());
    let from = f.from_path_uris().next().unwrap().unwrap();
    assert_eq!((from.transport(), from.port()), ("ws", None));
    assert_eq!(f.ws_message_kind(), WsMessageKind::Text);
    // Two frames in one message, or half of one: refused.
    let two = Bytes::from([&raw[..], &raw[..]].concat());
    assert_eq!(
        Frame::from_ws_message(two, &opts).unwrap_err().kind(),
        ErrorKind::TrailingBytes
    );
    let half = Bytes::copy_from_slice(&raw[..raw.len() / 2]);
    assert_eq!(
        Frame::from_ws_message(half, &opts).unwrap_err().kind(),
        ErrorKind::Incomplete
    );
    // A binary body goes in a binary message.
    let bin = FrameBuilder::request("ws000001", "SEND")
        .to_path("msrp://bob.example.com:8888/9di4eae923wzd;ws")
        .from_path("msrp://df7jal23ls0d.invalid/2s93i93idj;ws")
        .body("image/jpeg", vec![0xff, 0xd8, 0xff, 0xe0])
        .build()
        .unwrap();
    assert_eq!(bin.ws_message_kind(), WsMessageKind::Binary);
}

#[cfg(feature = "tokio-codec")]
#[test]
fn tokio_codec_decodes_and_encodes() {
    use bytes::BytesMut;
    use rcs_msrp::{CodecError, FrameDecoder, Piece, PieceDecoder};
    use tokio_util::codec::{Decoder as _, Encoder as _};
    let Some(raw) = corpus_file("msrp", "synthetic-pipelined-two-frames.msrp") else {
        return;
    };
    let mut codec = FrameDecoder::new(ParseOptions::new());
    let mut buf = BytesMut::from(&raw[..]);
    let a = tokio_util::codec::Decoder::decode(&mut codec, &mut buf)
        .unwrap()
        .unwrap();
    let b = tokio_util::codec::Decoder::decode_eof(&mut codec, &mut buf)
        .unwrap()
        .unwrap();
    assert!(buf.is_empty());
    let mut out = BytesMut::new();
    codec.encode(&a, &mut out).unwrap();
    codec.encode(b, &mut out).unwrap();
    assert_eq!(&out[..], &raw[..]);
    // The connection ends inside a frame: an I/O error, not a silent stop.
    let mut cut = BytesMut::from(&raw[..raw.len() - 3]);
    let mut codec = FrameDecoder::new(ParseOptions::new());
    let _ = tokio_util::codec::Decoder::decode(&mut codec, &mut cut).unwrap();
    let _ = tokio_util::codec::Decoder::decode(&mut codec, &mut cut).unwrap();
    assert!(matches!(codec.decode_eof(&mut cut), Err(CodecError::Io(_))));
    // Bad bytes: a decode error.
    let mut junk = BytesMut::from(&b"HTTP/1.1 200 OK\r\n\r\n"[..]);
    assert!(matches!(
        FrameDecoder::new(ParseOptions::new()).decode_eof(&mut junk),
        Err(CodecError::Decode(_))
    ));
    // Pieces.
    let mut pieces = PieceDecoder::new(ParseOptions::new());
    let mut buf = BytesMut::from(&raw[..]);
    let mut n = 0;
    while let Some(p) = tokio_util::codec::Decoder::decode(&mut pieces, &mut buf).unwrap() {
        n += usize::from(matches!(p, Piece::End(_)));
    }
    assert_eq!(n, 2);
}
