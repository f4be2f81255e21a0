#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

/// `Debug` and serde `Serialize` for a typed value kept as offsets into its text: both show its
/// parts by the names of its accessors, from one list.
macro_rules! show_parts {
    ($ty:ident, |$v:ident| { $($name:literal => $value:expr),+ $(,)? }) => {
        debug_parts!($ty, |$v| { $($name => $value),+ });
        serialize_parts!($ty, |$v| { $($name => $value),+ });
    };
}

/// `Debug` for a value kept as offsets into its text: its parts by their accessors' names.
macro_rules! debug_parts {
    ($ty:ident, |$v:ident| { $($name:literal => $value:expr),+ $(,)? }) => {
        impl core::fmt::Debug for $ty<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let $v = self;
                f.debug_struct(stringify!($ty))$(.field($name, &$value))+.finish()
            }
        }
    };
}

/// serde `Serialize` (feature `serde`) as a struct of the listed parts.
macro_rules! serialize_parts {
    ($ty:ident, |$v:ident| { $($name:literal => $value:expr),+ $(,)? }) => {
        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let $v = self;
                let mut st = s.serialize_struct(stringify!($ty), [$($name),+].len())?;
                $(st.serialize_field($name, &$value)?;)+
                st.end()
            }
        }
    };
}

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
#[cfg(feature = "serde")]
mod serde_forms;
mod stream;
mod typed;
mod uri;
mod validate;

pub use digest::{
    DigestAlgorithm, DigestClient, DigestError, DigestInput, Qop, verify as verify_digest,
};
pub use encode::{BuildError, MessageBuilder};
pub use error::{DecodeError, ErrorKind, LimitKind};
pub use headers::{
    Address, AddressBuf, Auth, CSeq, CallId, Contact, FeaturePreference, Identifier,
    IdentityParams, IdentityValue, InfoUri, MediaType, MediaTypeBuf, Number, ParamsValue, Privacy,
    RAck, Seconds, ServiceId, SipDate, Token, TokenParams, Via, WarningValue,
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
pub use uri::{AbsoluteUri, Host, SipUri, TelUri, Uri, UriBuf};
pub use validate::{
    IANA_OPTION_TAGS, Problem, ProblemKind, RCS_MEDIA_TYPES, Report, Severity, Validator,
};
