#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod decode;
mod encode;
mod error;
mod imdn;
mod limits;
mod message;
mod typed;

pub use encode::MessageBuilder;
pub use error::{DecodeError, ErrorKind, LimitKind};
pub use imdn::Notification;
pub use limits::{Limits, ParseOptions};
pub use message::{CPIM_NS, Header, IMDN_NS, Message, Namespace, Warning};
pub use typed::{Address, ContentDisposition, DateTime, MediaType};
