#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "arbitrary")]
mod arbitrary;
mod decode;
mod digest;
mod encode;
mod error;
mod headers;
mod known;
mod limits;
mod message;
mod multipart;
mod params;
mod stream;
mod typed;
mod uri;
mod validate;

pub use digest::{
    DigestAlgorithm, DigestClient, DigestError, DigestInput, Qop, verify as verify_digest,
};
pub use encode::MessageBuilder;
pub use error::{DecodeError, ErrorKind, LimitKind};
pub use headers::{
    Address, Auth, CSeq, CallId, Contact, FeaturePreference, Identifier, InfoUri, MediaType,
    Number, ParamsValue, Privacy, RAck, Seconds, ServiceId, SipDate, Token, TokenParams, Via,
    WarningValue,
};
pub use known::KnownHeader;
pub use limits::{Limits, ParseOptions};
pub use message::{HeaderField, Headers, Message, SplitValues, Warning};
pub use multipart::{Multipart, Part};
pub use params::{Param, ParamIter, Params};
pub use stream::Framer;
#[cfg(feature = "tokio-codec")]
pub use stream::{CodecError, SipCodec};
pub use typed::{Element, HeaderValue, LineValues, Values, is_typed};
pub use uri::{AbsoluteUri, Host, SipUri, TelUri, Uri};
pub use validate::{
    IANA_OPTION_TAGS, Problem, ProblemKind, RCS_MEDIA_TYPES, Report, Severity, Validator,
};
