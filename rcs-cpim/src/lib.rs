#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

/// A value of a schema's closed list of names, or another name kept as sent: written to and
/// read from serde as the name itself (`"delivered"`, `"to"`, `"full"`), as in the XML.
macro_rules! name_serde {
    ($ty:ident { $($name:literal => $variant:ident),* $(,)? }) => {
        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(match self {
                    $(Self::$variant => $name,)*
                    Self::Other(o) => o,
                })
            }
        }
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                Ok(match s.as_str() {
                    $($name => Self::$variant,)*
                    _ => Self::Other(s),
                })
            }
        }
    };
}
pub(crate) use name_serde;

#[cfg(feature = "arbitrary")]
mod arbitrary;
mod decode;
mod docs;
mod encode;
mod error;
mod fthttp;
mod imdn;
mod limits;
mod lists;
mod location;
mod message;
mod typed;
mod xml;

pub use docs::{
    ComposingState, IMDN_XML_NS, ISCOMPOSING_NS, Imdn, ImdnKind, ImdnStatus, IsComposing,
};
pub use encode::{BuildError, MessageBuilder};
pub use error::{DecodeError, ErrorKind, LimitKind};
pub use fthttp::{FTHTTP_NS, FTHTTPEXT_NS, FileDisposition, FileInfo, FileTransferInfo, RRAM_NS};
pub use imdn::Notification;
pub use limits::{Limits, ParseOptions};
pub use lists::{
    CONFERENCE_INFO_NS, COPY_CONTROL_NS, ConferenceInfo, CopyControl, Endpoint, Entry, InfoState,
    List, RESOURCE_LISTS_NS, ResourceLists, User,
};
pub use location::{GEOLOCATION_NS, GEOPRIV_NS, GML_NS, PIDFLO_NS, PushLocation};
pub use message::{CPIM_NS, Header, IMDN_NS, Message, Namespace, Warning};
pub use typed::{Address, AddressBuf, ContentDisposition, DateTime, MediaType, MediaTypeBuf};
pub use xml::{Attribute, Element, Node, XmlBody, XmlLimits, XmlOptions, XmlWarning};
