//! Errors: a small `Copy` kind and where it happened.

use core::fmt;

/// Which limit a PDU exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum LimitKind {
    /// A PDU larger than its format's `max_message_size` (SMPP, CMPP, MMS).
    MessageSize,
    /// More headers than [`MmsLimits::max_headers`](crate::mms::MmsLimits::max_headers).
    HeaderCount,
    /// More parts than [`MmsLimits::max_parts`](crate::mms::MmsLimits::max_parts).
    PartCount,
}

impl LimitKind {
    /// A short lower-case name of the limit.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MessageSize => "message size",
            Self::HeaderCount => "header count",
            Self::PartCount => "part count",
        }
    }
}

/// What went wrong while decoding SMS bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ends before a length it declares: more bytes could complete it.
    Incomplete,
    /// Bytes follow the end of the value.
    TrailingBytes,
    /// The user data header length or an information element's length is wrong.
    InvalidHeader,
    /// An information element has a length its IEI does not allow.
    InvalidElement,
    /// A length field is larger than the value may be (TP-UDL over 160 septets / 140 octets).
    InvalidLength,
    /// A field holds a value outside its range.
    InvalidValue,
    /// A length field is over a configured limit (checked before buffering).
    LimitExceeded(LimitKind),
}

impl ErrorKind {
    /// A short lower-case description.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incomplete => "input ends inside a field",
            Self::TrailingBytes => "bytes after the end",
            Self::InvalidHeader => "invalid user data header",
            Self::InvalidElement => "invalid information element",
            Self::InvalidLength => "length out of range",
            Self::InvalidValue => "value out of range",
            Self::LimitExceeded(_) => "limit exceeded",
        }
    }
}

/// A decode failure: what went wrong, at which byte offset, in which field.
///
/// SMS, gateway and MMS PDUs are binary: there are no lines, so [`line`](Self::line) and
/// [`column`](Self::column) are 0 and `Display` gives the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DecodeError {
    kind: ErrorKind,
    offset: usize,
    field: &'static str,
}

impl DecodeError {
    pub(crate) fn new(kind: ErrorKind, offset: usize, field: &'static str) -> Self {
        Self {
            kind,
            offset,
            field,
        }
    }

    /// Shifts the offset by `base` (an error found in a slice, reported in the whole).
    pub(crate) fn shifted(mut self, base: usize) -> Self {
        self.offset += base;
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// Byte offset of the problem in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// Always 0: binary input has no lines.
    pub fn line(&self) -> u32 {
        0
    }
    /// Always 0: binary input has no lines.
    pub fn column(&self) -> u32 {
        0
    }
    /// The field being read (`"TP-UDL"`, `"UDH"`, `"IE 0x00"`, ...).
    pub fn field(&self) -> Option<&'static str> {
        Some(self.field)
    }
    /// Whether more input could complete the PDU (a stream should wait for more bytes).
    pub fn is_incomplete(&self) -> bool {
        self.kind == ErrorKind::Incomplete
    }
}

rcs_base::display_located!(DecodeError, ErrorKind, |e| (
    Some(e.field),
    rcs_base::Place::Byte(e.offset)
));

impl std::error::Error for DecodeError {}

rcs_base::impl_located_error!(DecodeError);

/// Why a text could not be planned as SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum SmsError {
    /// The text is longer than [`SmsOptions::max_text_len`](crate::SmsOptions::max_text_len).
    TextTooLong {
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The text needs more segments than allowed.
    TooManySegments {
        /// How many the cheapest encoding needs.
        needed: usize,
        /// The limit ([`SmsOptions::max_segments`](crate::SmsOptions::max_segments)).
        max: u8,
    },
}

impl fmt::Display for SmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TextTooLong { len, max } => {
                write!(f, "text of {len} bytes is over the limit of {max}")
            }
            Self::TooManySegments { needed, max } => {
                write!(
                    f,
                    "text needs {needed} segments, more than the {max} allowed"
                )
            }
        }
    }
}

impl std::error::Error for SmsError {}
