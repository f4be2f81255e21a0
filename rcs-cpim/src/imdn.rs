//! The IMDN headers of a CPIM message (RFC 5438 §6), read in the IMDN namespace whatever prefix
//! the sender declared.

use crate::error::DecodeError;
use crate::message::{IMDN_NS, Message};
use crate::typed::Address;

/// One requested notification of `Disposition-Notification`. Serializes (feature `serde`) as
/// its token (`"positive-delivery"`, or another as sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Notification<'a> {
    /// `positive-delivery`.
    PositiveDelivery,
    /// `negative-delivery`.
    NegativeDelivery,
    /// `display`.
    Display,
    /// `processing`.
    Processing,
    /// Any other token, as sent.
    Other(&'a str),
}

#[cfg(feature = "serde")]
impl serde::Serialize for Notification<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'a> Notification<'a> {
    fn from_token(t: &'a str) -> Self {
        match t.to_ascii_lowercase().as_str() {
            "positive-delivery" => Self::PositiveDelivery,
            "negative-delivery" => Self::NegativeDelivery,
            "display" => Self::Display,
            "processing" => Self::Processing,
            _ => Self::Other(t),
        }
    }

    /// The token.
    pub fn as_str(&self) -> &'a str {
        match self {
            Self::PositiveDelivery => "positive-delivery",
            Self::NegativeDelivery => "negative-delivery",
            Self::Display => "display",
            Self::Processing => "processing",
            Self::Other(t) => t,
        }
    }
}

impl Message<'_> {
    /// `Message-ID` (IMDN): the identifier notifications refer to.
    pub fn imdn_message_id(&self) -> Option<&str> {
        self.header(IMDN_NS, "Message-ID")
    }

    /// `Disposition-Notification`: what the sender wants to hear back, in order. Tokens must be
    /// RFC 5438 `token`s separated by commas.
    pub fn disposition_notification(&self) -> Option<Result<Vec<Notification<'_>>, DecodeError>> {
        self.header(IMDN_NS, "Disposition-Notification").map(|v| {
            v.split(',')
                .map(str::trim)
                .map(|t| {
                    if !t.is_empty() && t.bytes().all(crate::decode::is_token_char) {
                        Ok(Notification::from_token(t))
                    } else {
                        Err(DecodeError::value(
                            crate::ErrorKind::InvalidHeaderValue,
                            "Disposition-Notification",
                        ))
                    }
                })
                .collect()
        })
    }

    /// Whether the sender asked for this notification.
    pub fn wants(&self, d: Notification<'_>) -> bool {
        matches!(self.disposition_notification(), Some(Ok(v)) if v.iter().any(|x| x.as_str().eq_ignore_ascii_case(d.as_str())))
    }

    /// `Original-To` (set by the first exploder or the sender's server).
    pub fn original_to(&self) -> Option<Result<Address<'_>, DecodeError>> {
        self.header(IMDN_NS, "Original-To")
            .map(|v| Address::parse(v).map_err(|e| e.in_header("Original-To")))
    }

    /// `IMDN-Record-Route` entries in order.
    pub fn imdn_record_route(&self) -> impl Iterator<Item = Result<Address<'_>, DecodeError>> + '_ {
        self.headers_named(IMDN_NS, "IMDN-Record-Route")
            .map(|h| Address::parse(h.value).map_err(|e| e.in_header("IMDN-Record-Route")))
    }

    /// `IMDN-Route` entries in order (copied from IMDN-Record-Route into notifications).
    pub fn imdn_route(&self) -> impl Iterator<Item = Result<Address<'_>, DecodeError>> + '_ {
        self.headers_named(IMDN_NS, "IMDN-Route")
            .map(|h| Address::parse(h.value).map_err(|e| e.in_header("IMDN-Route")))
    }
}
