#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

#[cfg(feature = "arbitrary")]
mod arbitrary;
mod error;
mod fold_table;
#[cfg(feature = "gateway")]
pub mod gateway;
pub mod gsm7;
#[cfg(feature = "mms")]
pub mod mms;
mod reassembly;
#[cfg(feature = "chatbot")]
pub mod rich;
#[cfg(feature = "serde")]
mod serde_forms;
mod sink;
mod sms;
mod tpdu;
mod udh;
mod user_data;

pub use error::{DecodeError, ErrorKind, LimitKind, SmsError};
pub use gsm7::{Gsm7Charset, NationalLanguage, Septets, UnencodableChar};
pub use reassembly::{Reassembler, Reassembly, ReassemblyLimits, reassembled_text};
pub use sms::{
    ConcatReference, Encoding, Fold, ForcedChar, NationalLanguages, Part, ReferenceSource,
    SequentialReferences, SmsOptions, SmsPlan, SplitMode, look_alike, segment_binary,
};
pub use tpdu::{
    Address, AddressError, DataCoding, Deliver, StatusParameters, StatusReport, Submit, Timestamp,
    Tpdu, TpduFraming, ValidityPeriod,
};
pub use udh::{ConcatInfo, InformationElement, UserDataHeader};
pub use user_data::{Alphabet, UserData, utf16be_lossy};
