//! Parsing and writing whole documents.

use bytes::BufMut;

use crate::ctcu::{
    AccessTokenRequest, AccessTokenResponse, AuditResult, ChatbotInfo, ChatbotOptionals,
    DeliveryNotification, MediaDeleteResponse, MediaUploadResponse, MessageRequest,
    MessageResponse, ResultResponse, RevokeRequest, SpamReport,
};
use crate::error::{DecodeError, Warning};
use crate::fnw11::MaapMessage;
use crate::limits::ParseOptions;
use crate::menu::PersistentMenu;
use crate::message::ChatbotBody;
use crate::rbm::AgentMessage;

/// A lenient parse's result: the document and what it accepted that strict parsing refuses.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    /// The document, as sent.
    pub value: T,
    /// Each deviation accepted, with where it is.
    pub warnings: Vec<Warning>,
}

/// Counts bytes written, for `encoded_len` without a buffer.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

macro_rules! document {
    ($name:ident) => {
        impl<'a> $name<'a> {
            /// Parses a document strictly ([`ParseOptions::new`]): unknown members, numbers
            /// sent as strings and misspelled names are errors. Strings without escapes are
            /// borrowed from `input`.
            pub fn parse(input: &'a [u8]) -> Result<Self, DecodeError> {
                crate::json::parse_document(input, &ParseOptions::new()).map(|(v, _)| v)
            }

            /// Parses a document with `options`, returning the warnings a lenient parse
            /// raised.
            pub fn parse_with(
                input: &'a [u8],
                options: &ParseOptions,
            ) -> Result<Parsed<Self>, DecodeError> {
                let (mut value, mut warnings) =
                    crate::json::parse_document::<Self>(input, options)?;
                if options.apply_defaults {
                    warnings.extend(crate::normalize::Defaults::apply_defaults(&mut value));
                }
                Ok(Parsed { value, warnings })
            }

            /// Writes the document as compact JSON: the members this crate defines in schema
            /// order, then the unknown members kept by a lenient parse.
            pub fn encode(&self, dst: &mut impl BufMut) {
                // Serializing our model into memory cannot fail: keys are strings, and
                // serde_json writes non-finite numbers as null.
                let _ = serde_json::to_writer(dst.writer(), self);
            }

            /// The exact length [`encode`](Self::encode) writes.
            pub fn encoded_len(&self) -> usize {
                let mut c = Counter(0);
                let _ = serde_json::to_writer(&mut c, self);
                c.0
            }

            /// The document as compact JSON bytes.
            pub fn to_bytes(&self) -> bytes::Bytes {
                serde_json::to_vec(self).unwrap_or_default().into()
            }

            /// The document as indented JSON (two spaces).
            pub fn to_pretty_string(&self) -> String {
                serde_json::to_string_pretty(self).unwrap_or_default()
            }
        }
    };
}

document!(ChatbotBody);
document!(PersistentMenu);
document!(AccessTokenRequest);
document!(AccessTokenResponse);
document!(ResultResponse);
document!(MessageRequest);
document!(MessageResponse);
document!(RevokeRequest);
document!(MediaUploadResponse);
document!(MediaDeleteResponse);
document!(ChatbotInfo);
document!(ChatbotOptionals);
document!(DeliveryNotification);
document!(SpamReport);
document!(AuditResult);
document!(MaapMessage);
document!(AgentMessage);
