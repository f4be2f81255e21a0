#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

#[cfg(feature = "arbitrary")]
mod arbitrary;
mod chunk;
#[cfg(feature = "tokio-codec")]
mod codec;
mod decode;
mod encode;
mod error;
mod frame;
mod limits;
mod relay;
mod report;
mod stream;
mod uri;
mod validate;
mod ws;

pub use chunk::{Chunker, Progress, ReaderChunker, Reassembler};
#[cfg(feature = "tokio-codec")]
pub use codec::CodecError;
pub use encode::{BuildError, FrameBuilder};
pub use error::{DecodeError, ErrorKind, LimitKind};
pub use frame::{ByteRange, FailureReport, Flag, Frame, FrameHead, Status, Warning};
pub use limits::{Limits, ParseOptions};
pub use relay::{DigestChallenge, Rechunker};
pub use stream::{FrameDecoder, Piece, PieceDecoder};
pub use uri::{Host, MsrpUri, MsrpUriBuf};
pub use validate::{Problem, ProblemKind, Report, Severity};
pub use ws::WsMessageKind;
