#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

#[cfg(feature = "arbitrary")]
mod arbitrary;
mod decode;
mod encode;
mod error;
mod limits;
mod msrp;
#[cfg(feature = "serde")]
mod serde_forms;
mod session;

pub use encode::{BuildError, MediaBuilder, SessionBuilder, answer_to};
pub use error::{DecodeError, ErrorKind, LimitKind};
pub use limits::{Limits, ParseOptions};
pub use msrp::{FileDate, FileRange, FileSelector, FormatType, Msrp, Setup};
pub use session::{
    Attribute, Connection, Direction, Line, Media, MediaLine, Origin, Session, Timing, Warning,
};
