//! `tokio-util` codecs (feature `tokio-codec`): [`FrameDecoder`] yields whole frames, [`PieceDecoder`]
//! yields pieces; both encode frames byte-exact.

use crate::error::DecodeError;
use crate::frame::Frame;
use crate::stream::{FrameDecoder, Piece, PieceDecoder};
use bytes::BytesMut;
use core::fmt;

/// A codec failure: the connection failed, or its bytes are not MSRP (framing is lost either
/// way: close the connection).
#[derive(Debug)]
#[non_exhaustive]
pub enum CodecError {
    /// Reading or writing the connection failed, or it ended inside a frame.
    Io(std::io::Error),
    /// The bytes are not a valid MSRP frame.
    Decode(DecodeError),
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "MSRP connection: {e}"),
            Self::Decode(e) => write!(f, "MSRP frame: {e}"),
        }
    }
}

impl std::error::Error for CodecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            Self::Decode(e) => Some(e),
        }
    }
}

impl From<std::io::Error> for CodecError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl From<DecodeError> for CodecError {
    fn from(e: DecodeError) -> Self {
        Self::Decode(e)
    }
}

impl tokio_util::codec::Decoder for FrameDecoder {
    type Item = Frame<'static>;
    type Error = CodecError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, Self::Error> {
        Ok(FrameDecoder::decode(self, src)?)
    }
}

impl tokio_util::codec::Decoder for PieceDecoder {
    type Item = Piece;
    type Error = CodecError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, Self::Error> {
        Ok(PieceDecoder::decode(self, src)?)
    }
}

impl tokio_util::codec::Encoder<&Frame<'_>> for FrameDecoder {
    type Error = CodecError;

    fn encode(&mut self, item: &Frame<'_>, dst: &mut BytesMut) -> Result<(), Self::Error> {
        item.encode(dst);
        Ok(())
    }
}

impl tokio_util::codec::Encoder<Frame<'_>> for FrameDecoder {
    type Error = CodecError;

    fn encode(&mut self, item: Frame<'_>, dst: &mut BytesMut) -> Result<(), Self::Error> {
        item.encode(dst);
        Ok(())
    }
}
