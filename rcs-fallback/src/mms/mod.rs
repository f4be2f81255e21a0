//! MMS encapsulation (OMA-WAP-MMS-ENC 1.2/1.3) on WSP binary headers: any PDU read into its
//! headers (in order, each value kept as sent and typed on access) and its body (multipart
//! parts with their headers), encoded back byte for byte; a builder for m-send-req,
//! m-retrieve-conf, m-notification-ind and m-delivery-ind; and the WAP push that carries a
//! notification over SMS.

pub mod wsp;

use crate::error::{DecodeError, ErrorKind};
pub use wsp::ContentType;
use wsp::{
    Form, encoded_string, form, integer, put_encoded_string, put_long_integer, put_text,
    put_uintvar, put_value_length, uintvar, value_end,
};

/// MMS header field codes (the octet without its high bit).
pub mod field {
    /// Bcc.
    pub const BCC: u8 = 0x01;
    /// Cc.
    pub const CC: u8 = 0x02;
    /// X-Mms-Content-Location.
    pub const CONTENT_LOCATION: u8 = 0x03;
    /// Content-Type.
    pub const CONTENT_TYPE: u8 = 0x04;
    /// Date.
    pub const DATE: u8 = 0x05;
    /// X-Mms-Delivery-Report.
    pub const DELIVERY_REPORT: u8 = 0x06;
    /// X-Mms-Delivery-Time.
    pub const DELIVERY_TIME: u8 = 0x07;
    /// X-Mms-Expiry.
    pub const EXPIRY: u8 = 0x08;
    /// From.
    pub const FROM: u8 = 0x09;
    /// X-Mms-Message-Class.
    pub const MESSAGE_CLASS: u8 = 0x0A;
    /// Message-ID.
    pub const MESSAGE_ID: u8 = 0x0B;
    /// X-Mms-Message-Type.
    pub const MESSAGE_TYPE: u8 = 0x0C;
    /// X-Mms-MMS-Version.
    pub const MMS_VERSION: u8 = 0x0D;
    /// X-Mms-Message-Size.
    pub const MESSAGE_SIZE: u8 = 0x0E;
    /// X-Mms-Priority.
    pub const PRIORITY: u8 = 0x0F;
    /// X-Mms-Read-Report.
    pub const READ_REPORT: u8 = 0x10;
    /// X-Mms-Response-Status.
    pub const RESPONSE_STATUS: u8 = 0x12;
    /// X-Mms-Response-Text.
    pub const RESPONSE_TEXT: u8 = 0x13;
    /// X-Mms-Sender-Visibility.
    pub const SENDER_VISIBILITY: u8 = 0x14;
    /// X-Mms-Status.
    pub const STATUS: u8 = 0x15;
    /// Subject.
    pub const SUBJECT: u8 = 0x16;
    /// To.
    pub const TO: u8 = 0x17;
    /// X-Mms-Transaction-Id.
    pub const TRANSACTION_ID: u8 = 0x18;
}

/// X-Mms-Message-Type values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum MessageType {
    /// m-send-req (0x80).
    SendReq,
    /// m-send-conf (0x81).
    SendConf,
    /// m-notification-ind (0x82).
    NotificationInd,
    /// m-notifyresp-ind (0x83).
    NotifyRespInd,
    /// m-retrieve-conf (0x84).
    RetrieveConf,
    /// m-acknowledge-ind (0x85).
    AcknowledgeInd,
    /// m-delivery-ind (0x86).
    DeliveryInd,
    /// Another value (1.3 adds read reports, forward and MMBox types).
    Other(u8),
}

impl MessageType {
    fn code(self) -> u8 {
        match self {
            Self::SendReq => 0x80,
            Self::SendConf => 0x81,
            Self::NotificationInd => 0x82,
            Self::NotifyRespInd => 0x83,
            Self::RetrieveConf => 0x84,
            Self::AcknowledgeInd => 0x85,
            Self::DeliveryInd => 0x86,
            Self::Other(c) => c,
        }
    }

    fn from_code(c: u8) -> Self {
        match c {
            0x80 => Self::SendReq,
            0x81 => Self::SendConf,
            0x82 => Self::NotificationInd,
            0x83 => Self::NotifyRespInd,
            0x84 => Self::RetrieveConf,
            0x85 => Self::AcknowledgeInd,
            0x86 => Self::DeliveryInd,
            other => Self::Other(other),
        }
    }

    /// `"m-send-req"`, ...
    pub fn name(self) -> &'static str {
        match self {
            Self::SendReq => "m-send-req",
            Self::SendConf => "m-send-conf",
            Self::NotificationInd => "m-notification-ind",
            Self::NotifyRespInd => "m-notifyresp-ind",
            Self::RetrieveConf => "m-retrieve-conf",
            Self::AcknowledgeInd => "m-acknowledge-ind",
            Self::DeliveryInd => "m-delivery-ind",
            Self::Other(_) => "other",
        }
    }
}

/// A header's name: a well-known field code or an application header's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum HeaderName<'a> {
    /// A well-known field (the code without its high bit).
    Field(u8),
    /// An application header (`X-...`), its name as sent.
    Token(&'a [u8]),
}

/// One header: its name and its value's octets as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Header<'a> {
    /// The name.
    pub name: HeaderName<'a>,
    /// The encoded value.
    pub value: &'a [u8],
}

impl Header<'_> {
    /// The value as an encoded-string-value (text in its charset), if it is one.
    pub fn text(&self) -> Option<String> {
        encoded_string(self.value)
    }

    /// The value as an integer (short or long), if it is one.
    pub fn integer(&self) -> Option<u64> {
        integer(self.value)
    }
}

/// One part of a multipart body.
///
/// Serializes (feature `serde`) as `{"content_type", "params": [[name, value]], "content_id",
/// "content_location", "size", "text" (decoded from its charset), "base64" (the data, when it
/// is not text)}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Part<'a> {
    /// The part's Content-Type value as sent.
    pub content_type_raw: &'a [u8],
    /// The part's other headers (Content-Location, Content-ID, ...).
    pub headers: Vec<Header<'a>>,
    /// The part's data.
    pub data: &'a [u8],
}

impl Part<'_> {
    /// The part's content type.
    pub fn content_type(&self) -> Option<ContentType> {
        ContentType::parse(self.content_type_raw)
    }

    /// The part's text, when it is text (`text/*`, `application/smil`): decoded from its
    /// charset parameter (a WSP MIBenum or a name: UTF-8, US-ASCII, ISO-8859-1, UCS-2,
    /// UTF-16 with or without a byte-order mark, UTF-16BE/LE, GB2312, GBK, GB18030, Big5,
    /// Shift_JIS, EUC-JP, EUC-KR); UTF-8 when it has none. `None` for other media types and
    /// charsets not decoded here.
    pub fn text(&self) -> Option<String> {
        let ct = self.content_type()?;
        if !(ct.media_type.starts_with("text/") || ct.media_type == "application/smil") {
            return None;
        }
        match ct.param("charset") {
            None => Some(String::from_utf8_lossy(self.data).into_owned()),
            Some(c) => wsp::decode_text(self.data, wsp::charset_number(c)?),
        }
    }

    /// Content-Location (0x0E), if present.
    pub fn content_location(&self) -> Option<String> {
        self.header_text(0x0E)
    }

    /// Content-ID (0x40), if present.
    pub fn content_id(&self) -> Option<String> {
        self.header_text(0x40)
    }

    fn header_text(&self, code: u8) -> Option<String> {
        self.headers
            .iter()
            .find(|h| h.name == HeaderName::Field(code))
            .and_then(|h| match form(h.value) {
                Form::Text(t) => {
                    Some(crate::sink::field_text(t.strip_prefix(b"\"").unwrap_or(t)).into_owned())
                }
                _ => None,
            })
    }
}

/// The body after the Content-Type header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Body<'a> {
    /// No Content-Type header: no body (notifications, delivery reports, confirmations).
    None,
    /// A multipart body: its parts.
    Multipart(Vec<Part<'a>>),
    /// Any other body, as sent.
    Single(&'a [u8]),
}

/// Bounds of MMS decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct MmsLimits {
    /// The whole PDU. Default 2 MiB (operators cap MMS at 300 KB–2 MB).
    pub max_message_size: usize,
    /// Headers of the PDU or of one part. Default 64.
    pub max_headers: usize,
    /// Parts of a multipart body. Default 64.
    pub max_parts: usize,
}

impl MmsLimits {
    /// The defaults, in `const` contexts.
    pub const DEFAULT: Self = Self {
        max_message_size: 2 << 20,
        max_headers: 64,
        max_parts: 64,
    };
}

impl Default for MmsLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How to read MMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct MmsOptions {
    /// Bounds.
    pub(crate) limits: MmsLimits,
    /// Accept a last part whose data ends before its declared length (a capture or a test
    /// vector cut short); [`MmsPdu::truncated`] says so.
    pub(crate) allow_truncated_body: bool,
}

impl MmsOptions {
    /// Strict defaults (the same as `Default`).
    pub const fn new() -> Self {
        Self {
            limits: MmsLimits::DEFAULT,
            allow_truncated_body: false,
        }
    }

    /// Every leniency on.
    pub const fn lenient() -> Self {
        Self::new().allow_truncated_body(true)
    }

    /// Accept a last part whose data ends before its declared length (a capture or a test
    /// vector cut short); [`MmsPdu::truncated`] says so.
    pub const fn allow_truncated_body(mut self, yes: bool) -> Self {
        self.allow_truncated_body = yes;
        self
    }

    rcs_base::limits_accessors!(MmsLimits);
}

/// An MMS PDU, read.
///
/// Serializes (feature `serde`) as the values read from its headers: `{"message_type":
/// "m-send-req"|..., "transaction_id", "version": "1.2", "from" ("(insert-address)" for the
/// insert-address token), "to", "cc", "subject", "date" (seconds since 1970), "message_size",
/// "content_location", "message_id", "status", "content_type", "truncated", "parts"}` — what
/// `rcs inspect --json` prints; a single-part body is one part.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MmsPdu<'a> {
    /// The headers in order (Content-Type last, when present).
    pub headers: Vec<Header<'a>>,
    /// The body.
    pub body: Body<'a>,
    /// The body's octets as sent (empty without Content-Type).
    pub body_raw: &'a [u8],
    /// The last part's data ended early ([`MmsOptions::allow_truncated_body`]).
    pub truncated: bool,
}

fn headers<'a>(
    input: &'a [u8],
    mut at: usize,
    end: usize,
    limits: &MmsLimits,
    stop_at_content_type: bool,
) -> Result<(Vec<Header<'a>>, usize), DecodeError> {
    let mut out = Vec::new();
    let slice = &input[..end];
    while at < end {
        if out.len() >= limits.max_headers {
            return Err(DecodeError::new(
                ErrorKind::LimitExceeded(crate::LimitKind::HeaderCount),
                at,
                "headers",
            ));
        }
        let (name, value_at) = if slice[at] >= 0x80 {
            (HeaderName::Field(slice[at] & 0x7F), at + 1)
        } else {
            let e = value_end(slice, at, "header name")?;
            // Token-text: RFC 2616 token characters, then the NUL.
            let name = &slice[at..e - 1];
            if slice[at] < 32 || !name.iter().all(|&b| is_token(b)) {
                return Err(DecodeError::new(
                    ErrorKind::InvalidHeader,
                    at,
                    "header name",
                ));
            }
            (HeaderName::Token(name), e)
        };
        let e = value_end(slice, value_at, "header value")?;
        out.push(Header {
            name,
            value: &slice[value_at..e],
        });
        at = e;
        if stop_at_content_type && name == HeaderName::Field(field::CONTENT_TYPE) {
            break;
        }
    }
    Ok((out, at))
}

/// A token character (RFC 2616 §2.2): visible ASCII but the separators.
fn is_token(b: u8) -> bool {
    (33..=126).contains(&b) && !b"()<>@,;:\\\"/[]?={}".contains(&b)
}

fn multipart<'a>(
    input: &'a [u8],
    base: usize,
    options: &MmsOptions,
) -> Result<(Vec<Part<'a>>, bool), DecodeError> {
    let limits = &options.limits;
    let shift = |e: DecodeError| e.shifted(base);
    let (count, mut at) = uintvar(input, 0, "multipart count").map_err(shift)?;
    if count as usize > limits.max_parts {
        return Err(DecodeError::new(
            ErrorKind::LimitExceeded(crate::LimitKind::PartCount),
            base,
            "multipart count",
        ));
    }
    let mut parts = Vec::with_capacity(count as usize);
    let mut cut = false;
    for _ in 0..count {
        let (headers_len, a) = uintvar(input, at, "part headers length").map_err(shift)?;
        let (data_len, a) = uintvar(input, a, "part data length").map_err(shift)?;
        let headers_end = a
            .checked_add(headers_len as usize)
            .filter(|&e| e <= input.len())
            .ok_or(DecodeError::new(
                ErrorKind::Incomplete,
                base + input.len(),
                "part headers",
            ))?;
        let declared_end = headers_end.checked_add(data_len as usize);
        let data_end = match declared_end {
            Some(e) if e <= input.len() => e,
            _ if options.allow_truncated_body && parts.len() + 1 == count as usize => {
                cut = true;
                input.len()
            }
            _ => {
                return Err(DecodeError::new(
                    ErrorKind::Incomplete,
                    base + input.len(),
                    "part data",
                ));
            }
        };
        let ct_end = value_end(&input[..headers_end], a, "part content type").map_err(shift)?;
        let (hs, _) = headers(input, ct_end, headers_end, limits, false).map_err(shift)?;
        parts.push(Part {
            content_type_raw: &input[a..ct_end],
            headers: hs,
            data: &input[headers_end..data_end],
        });
        at = data_end;
    }
    if at != input.len() {
        return Err(DecodeError::new(
            ErrorKind::TrailingBytes,
            base + at,
            "multipart",
        ));
    }
    Ok((parts, cut))
}

impl<'a> MmsPdu<'a> {
    /// Reads a PDU with the default options (strict).
    pub fn parse(input: &'a [u8]) -> Result<Self, DecodeError> {
        Self::parse_with(input, &MmsOptions::default())
    }

    /// Reads a PDU. It must start with X-Mms-Message-Type (OMA-MMS-ENC §7).
    pub fn parse_with(input: &'a [u8], options: &MmsOptions) -> Result<Self, DecodeError> {
        let limits = &options.limits;
        if input.len() > limits.max_message_size {
            return Err(DecodeError::new(
                ErrorKind::LimitExceeded(crate::LimitKind::MessageSize),
                0,
                "MMS PDU",
            ));
        }
        if input.first() != Some(&(0x80 | field::MESSAGE_TYPE)) {
            return Err(DecodeError::new(
                ErrorKind::InvalidHeader,
                0,
                "X-Mms-Message-Type",
            ));
        }
        let (hs, at) = headers(input, 0, input.len(), limits, true)?;
        let content_type = hs
            .last()
            .filter(|h| h.name == HeaderName::Field(field::CONTENT_TYPE))
            .map(|h| h.value);
        let body_raw = &input[at..];
        let mut truncated = false;
        let body = match content_type {
            None if body_raw.is_empty() => Body::None,
            None => return Err(DecodeError::new(ErrorKind::TrailingBytes, at, "MMS PDU")),
            Some(ct) => {
                let ct = ContentType::parse(ct).ok_or(DecodeError::new(
                    ErrorKind::InvalidValue,
                    at,
                    "Content-Type",
                ))?;
                if ct.is_multipart() {
                    let (parts, cut) = multipart(body_raw, at, options)?;
                    truncated = cut;
                    Body::Multipart(parts)
                } else {
                    Body::Single(body_raw)
                }
            }
        };
        let pdu = Self {
            headers: hs,
            body,
            body_raw,
            truncated,
        };
        pdu.check()?;
        Ok(pdu)
    }

    /// The typed headers that must parse do (so hostile values are refused here, not on
    /// access).
    fn check(&self) -> Result<(), DecodeError> {
        let bad = |name: &'static str| Err(DecodeError::new(ErrorKind::InvalidValue, 0, name));
        if !matches!(
            form(self.header(field::MESSAGE_TYPE).unwrap_or(&[])),
            Form::Short(_)
        ) {
            return bad("X-Mms-Message-Type");
        }
        for h in &self.headers {
            let HeaderName::Field(code) = h.name else {
                continue;
            };
            let ok = match code {
                field::DATE | field::MESSAGE_SIZE => integer(h.value).is_some(),
                field::FROM => self.from().is_some(),
                field::TO | field::CC | field::BCC | field::SUBJECT => {
                    encoded_string(h.value).is_some()
                }
                field::CONTENT_TYPE => ContentType::parse(h.value).is_some(),
                _ => true,
            };
            if !ok {
                return bad("MMS header value");
            }
        }
        Ok(())
    }

    /// The first header with this field code: its value octets.
    pub fn header(&self, code: u8) -> Option<&'a [u8]> {
        self.headers
            .iter()
            .find(|h| h.name == HeaderName::Field(code))
            .map(|h| h.value)
    }

    /// X-Mms-Message-Type.
    pub fn message_type(&self) -> MessageType {
        MessageType::from_code(
            self.header(field::MESSAGE_TYPE)
                .and_then(|v| v.first().copied())
                .unwrap_or(0),
        )
    }

    /// X-Mms-Transaction-Id.
    pub fn transaction_id(&self) -> Option<String> {
        self.header(field::TRANSACTION_ID).and_then(encoded_string)
    }

    /// X-Mms-MMS-Version as (major, minor).
    pub fn version(&self) -> Option<(u8, u8)> {
        match form(self.header(field::MMS_VERSION)?) {
            Form::Short(v) => Some((v >> 4, v & 0x0F)),
            _ => None,
        }
    }

    /// From: the address, or `None` for the insert-address token (the MMSC fills it in),
    /// `Some(None)` meaning present but inserted.
    pub fn from(&self) -> Option<Option<String>> {
        let Form::Long(b) = form(self.header(field::FROM)?) else {
            return None;
        };
        match b.first()? {
            0x80 => encoded_string(&b[1..]).map(Some),
            0x81 => Some(None),
            _ => None,
        }
    }

    fn addresses(&self, code: u8) -> Vec<String> {
        self.headers
            .iter()
            .filter(|h| h.name == HeaderName::Field(code))
            .filter_map(|h| encoded_string(h.value))
            .collect()
    }

    /// To addresses.
    pub fn to(&self) -> Vec<String> {
        self.addresses(field::TO)
    }

    /// Cc addresses.
    pub fn cc(&self) -> Vec<String> {
        self.addresses(field::CC)
    }

    /// Subject, decoded from its charset.
    pub fn subject(&self) -> Option<String> {
        self.header(field::SUBJECT).and_then(encoded_string)
    }

    /// Date (seconds since 1970).
    pub fn date(&self) -> Option<u64> {
        self.header(field::DATE).and_then(integer)
    }

    /// X-Mms-Message-Size.
    pub fn message_size(&self) -> Option<u64> {
        self.header(field::MESSAGE_SIZE).and_then(integer)
    }

    /// X-Mms-Content-Location.
    pub fn content_location(&self) -> Option<String> {
        self.header(field::CONTENT_LOCATION)
            .and_then(encoded_string)
    }

    /// Message-ID.
    pub fn message_id(&self) -> Option<String> {
        self.header(field::MESSAGE_ID).and_then(encoded_string)
    }

    /// X-Mms-Status (m-delivery-ind): 0x80 expired, 0x81 retrieved, 0x82 rejected, ...
    pub fn status(&self) -> Option<u8> {
        self.header(field::STATUS).and_then(|v| v.first().copied())
    }

    /// Content-Type.
    pub fn content_type(&self) -> Option<ContentType> {
        ContentType::parse(self.header(field::CONTENT_TYPE)?)
    }

    /// X-Mms-Expiry in seconds, and whether it is relative (else absolute).
    pub fn expiry(&self) -> Option<(u64, bool)> {
        let Form::Long(b) = form(self.header(field::EXPIRY)?) else {
            return None;
        };
        let relative = *b.first()? == 0x81;
        Some((integer(&b[1..])?, relative))
    }

    crate::sink::encoding_methods!(write);

    /// Every header and the body as read.
    fn write(&self, out: &mut impl crate::sink::Sink) {
        for h in &self.headers {
            match h.name {
                HeaderName::Field(c) => out.push(0x80 | c),
                HeaderName::Token(t) => {
                    // As read: a token, then its NUL.
                    out.extend_from_slice(t);
                    out.push(0);
                }
            }
            out.extend_from_slice(h.value);
        }
        out.extend_from_slice(self.body_raw);
    }
}

/// A part to write.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NewPart {
    /// Its content type.
    pub content_type: ContentType,
    /// Content-ID (without angle brackets; written as `<id>`).
    pub content_id: Option<String>,
    /// Content-Location (a file name).
    pub content_location: Option<String>,
    /// The data.
    pub data: Vec<u8>,
}

impl NewPart {
    /// A part of `media_type` with a charset parameter when it is text.
    pub fn new(media_type: &str, id: &str, location: &str, data: Vec<u8>) -> Self {
        let params = if media_type.starts_with("text/") || media_type == "application/smil" {
            vec![("charset".to_string(), wsp::charset::UTF_8.to_string())]
        } else {
            Vec::new()
        };
        Self {
            content_type: ContentType {
                media_type: media_type.to_string(),
                params,
            },
            content_id: Some(id.to_string()),
            content_location: Some(location.to_string()),
            data,
        }
    }

    fn encoded_len(&self) -> usize {
        let mut h = Vec::new();
        self.encode_headers(&mut h);
        h.len() + self.data.len() + 10
    }

    fn encode_headers(&self, out: &mut Vec<u8>) {
        self.content_type.encode(out);
        if let Some(loc) = &self.content_location {
            out.push(0x8E);
            put_text(out, loc.as_bytes());
        }
        if let Some(id) = &self.content_id {
            out.push(0xC0);
            out.push(b'"');
            out.extend_from_slice(format!("<{id}>").as_bytes());
            out.push(0);
        }
    }
}

/// Builds MMS PDUs in canonical encoding, headers in the order OMA-MMS-ENC lists them.
#[derive(Debug, Clone)]
pub struct MmsBuilder {
    out: Vec<u8>,
}

impl MmsBuilder {
    /// Starts a PDU: X-Mms-Message-Type, X-Mms-Transaction-Id (when given), X-Mms-MMS-Version.
    pub fn new(message_type: MessageType, transaction_id: Option<&str>, version: (u8, u8)) -> Self {
        let mut out = vec![0x80 | field::MESSAGE_TYPE, message_type.code()];
        if let Some(t) = transaction_id {
            out.push(0x80 | field::TRANSACTION_ID);
            put_text(&mut out, t.as_bytes());
        }
        out.push(0x80 | field::MMS_VERSION);
        out.push(0x80 | (version.0 & 0x07) << 4 | (version.1 & 0x0F));
        Self { out }
    }

    /// Any header with an encoded-string value (Subject, To, Cc, Message-ID, ...).
    pub fn text(mut self, code: u8, value: &str) -> Self {
        self.out.push(0x80 | code);
        put_encoded_string(&mut self.out, value);
        self
    }

    /// A header with a plain text value (X-Mms-Content-Location, Transaction-Id).
    pub fn plain_text(mut self, code: u8, value: &str) -> Self {
        self.out.push(0x80 | code);
        put_text(&mut self.out, value.as_bytes());
        self
    }

    /// A header with a one-octet token value (Message-Class 0x80, Priority 0x81, Yes 0x80, ...).
    pub fn token(mut self, code: u8, token: u8) -> Self {
        self.out.extend_from_slice(&[0x80 | code, 0x80 | token]);
        self
    }

    /// A header with a long-integer value (Date, X-Mms-Message-Size).
    pub fn long(mut self, code: u8, value: u64) -> Self {
        self.out.push(0x80 | code);
        put_long_integer(&mut self.out, value);
        self
    }

    /// From: an address, or `None` for the insert-address token.
    pub fn from(mut self, address: Option<&str>) -> Self {
        let mut inner = Vec::new();
        match address {
            Some(a) => {
                inner.push(0x80);
                put_encoded_string(&mut inner, a);
            }
            None => inner.push(0x81),
        }
        self.out.push(0x80 | field::FROM);
        put_value_length(&mut self.out, inner.len());
        self.out.extend_from_slice(&inner);
        self
    }

    /// X-Mms-Expiry relative, in seconds.
    pub fn expiry_relative(mut self, seconds: u64) -> Self {
        let mut inner = vec![0x81];
        put_long_integer(&mut inner, seconds);
        self.out.push(0x80 | field::EXPIRY);
        put_value_length(&mut self.out, inner.len());
        self.out.extend_from_slice(&inner);
        self
    }

    /// Ends the headers without a body.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }

    /// Content-Type multipart/related (type and start from the first part, which should be
    /// the SMIL presentation), then the parts.
    pub fn related(mut self, parts: &[NewPart]) -> Vec<u8> {
        let mut ct = ContentType {
            media_type: "application/vnd.wap.multipart.related".into(),
            params: Vec::new(),
        };
        if let Some(first) = parts.first() {
            ct.params
                .push(("type".into(), first.content_type.media_type.clone()));
            if let Some(id) = &first.content_id {
                ct.params.push(("start".into(), format!("<{id}>")));
            }
        }
        self.out.push(0x80 | field::CONTENT_TYPE);
        ct.encode(&mut self.out);
        encode_parts(&mut self.out, parts);
        self.out
    }

    /// Content-Type multipart/mixed, then the parts.
    pub fn mixed(mut self, parts: &[NewPart]) -> Vec<u8> {
        self.out.push(0x80 | field::CONTENT_TYPE);
        self.out.push(0xA3);
        encode_parts(&mut self.out, parts);
        self.out
    }
}

fn encode_parts(out: &mut Vec<u8>, parts: &[NewPart]) {
    put_uintvar(out, parts.len() as u32);
    for p in parts {
        let mut h = Vec::new();
        p.encode_headers(&mut h);
        put_uintvar(out, h.len() as u32);
        put_uintvar(out, p.data.len() as u32);
        out.extend_from_slice(&h);
        out.extend_from_slice(&p.data);
    }
}

/// Octets a set of parts takes in a multipart body (for size budgets).
pub fn parts_size(parts: &[NewPart]) -> usize {
    parts.iter().map(NewPart::encoded_len).sum::<usize>() + 5
}

/// A WSP Push PDU (WAP-230 §8.2.4.1) around an MMS notification: transaction id, type 0x06,
/// Content-Type application/vnd.wap.mms-message, X-Wap-Application-Id mms.ua (0x84).
pub fn wap_push(transaction_id: u8, mms: &[u8]) -> Vec<u8> {
    let headers = [0xBE, 0xAF, 0x84];
    let mut out = vec![transaction_id, 0x06];
    put_uintvar(&mut out, headers.len() as u32);
    out.extend_from_slice(&headers);
    out.extend_from_slice(mms);
    out
}

/// A WSP Push PDU read: transaction id, content type, the push headers' octets, the body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WapPush<'a> {
    /// The transaction id.
    pub transaction_id: u8,
    /// The content type.
    pub content_type: ContentType,
    /// The headers after the content type, as sent.
    pub headers: &'a [u8],
    /// The pushed data (an MMS PDU for application/vnd.wap.mms-message).
    pub body: &'a [u8],
}

impl<'a> WapPush<'a> {
    /// Reads a connectionless WSP Push (PDU type 0x06).
    pub fn parse(input: &'a [u8]) -> Result<Self, DecodeError> {
        let (Some(&tid), Some(&kind)) = (input.first(), input.get(1)) else {
            return Err(DecodeError::new(
                ErrorKind::Incomplete,
                input.len(),
                "WSP header",
            ));
        };
        if kind != 0x06 {
            return Err(DecodeError::new(ErrorKind::InvalidValue, 1, "WSP PDU type"));
        }
        let (len, at) = uintvar(input, 2, "WSP headers length")?;
        let end = at
            .checked_add(len as usize)
            .filter(|&e| e <= input.len())
            .ok_or(DecodeError::new(
                ErrorKind::Incomplete,
                input.len(),
                "WSP headers",
            ))?;
        let ct_end = value_end(&input[..end], at, "WSP content type")?;
        let content_type = ContentType::parse(&input[at..ct_end]).ok_or(DecodeError::new(
            ErrorKind::InvalidValue,
            at,
            "WSP content type",
        ))?;
        Ok(Self {
            transaction_id: tid,
            content_type,
            headers: &input[ct_end..end],
            body: &input[end..],
        })
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Part<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let ct = self.content_type();
        let text = self.text();
        let mut st = s.serialize_struct("Part", 7)?;
        st.serialize_field("content_type", &ct.as_ref().map(|c| &c.media_type))?;
        st.serialize_field("params", &ct.as_ref().map(|c| &c.params))?;
        st.serialize_field("content_id", &self.content_id())?;
        st.serialize_field("content_location", &self.content_location())?;
        st.serialize_field("size", &self.data.len())?;
        st.serialize_field("text", &text)?;
        st.serialize_field(
            "base64",
            &text.is_none().then(|| rcs_base::base64::encode(self.data)),
        )?;
        st.end()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for MmsPdu<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let single;
        let parts: &[Part<'_>] = match &self.body {
            Body::Multipart(parts) => parts,
            Body::Single(data) => {
                single = [Part {
                    content_type_raw: self.header(field::CONTENT_TYPE).unwrap_or_default(),
                    headers: Vec::new(),
                    data,
                }];
                &single
            }
            Body::None => &[],
        };
        let mut st = s.serialize_struct("MmsPdu", 15)?;
        st.serialize_field("message_type", self.message_type().name())?;
        st.serialize_field("transaction_id", &self.transaction_id())?;
        st.serialize_field(
            "version",
            &self
                .version()
                .map(|(major, minor)| format!("{major}.{minor}")),
        )?;
        st.serialize_field(
            "from",
            &self
                .from()
                .map(|f| f.unwrap_or_else(|| "(insert-address)".into())),
        )?;
        st.serialize_field("to", &self.to())?;
        st.serialize_field("cc", &self.cc())?;
        st.serialize_field("subject", &self.subject())?;
        st.serialize_field("date", &self.date())?;
        st.serialize_field("message_size", &self.message_size())?;
        st.serialize_field("content_location", &self.content_location())?;
        st.serialize_field("message_id", &self.message_id())?;
        st.serialize_field("status", &self.status())?;
        st.serialize_field("content_type", &self.content_type().map(|c| c.media_type))?;
        st.serialize_field("truncated", &self.truncated)?;
        st.serialize_field("parts", parts)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_round_trip() {
        let bytes = MmsBuilder::new(MessageType::NotificationInd, Some("T1"), (1, 2))
            .token(field::MESSAGE_CLASS, 0x00)
            .long(field::MESSAGE_SIZE, 29_696)
            .expiry_relative(86_400)
            .plain_text(field::CONTENT_LOCATION, "http://mmsc.example/a1")
            .finish();
        let pdu = MmsPdu::parse(&bytes).unwrap();
        assert_eq!(pdu.message_type(), MessageType::NotificationInd);
        assert_eq!(pdu.version(), Some((1, 2)));
        assert_eq!(pdu.message_size(), Some(29_696));
        assert_eq!(pdu.expiry(), Some((86_400, true)));
        assert_eq!(
            pdu.content_location().as_deref(),
            Some("http://mmsc.example/a1")
        );
        assert_eq!(pdu.body, Body::None);
        assert_eq!(pdu.to_bytes(), bytes);
        let push = wap_push(1, &bytes);
        let read = WapPush::parse(&push).unwrap();
        assert_eq!(
            read.content_type.media_type,
            "application/vnd.wap.mms-message"
        );
        assert_eq!(read.body, &bytes[..]);
    }

    #[test]
    fn send_req_with_parts() {
        let smil = NewPart::new("application/smil", "smil", "smil.xml", b"<smil/>".to_vec());
        let text = NewPart::new("text/plain", "t1", "t1.txt", "你好".as_bytes().to_vec());
        let bytes = MmsBuilder::new(MessageType::SendReq, Some("T2"), (1, 2))
            .from(None)
            .text(field::TO, "+8613800138000/TYPE=PLMN")
            .text(field::SUBJECT, "5G消息回落")
            .related(&[smil, text]);
        let pdu = MmsPdu::parse(&bytes).unwrap();
        assert_eq!(pdu.from(), Some(None));
        assert_eq!(pdu.to(), ["+8613800138000/TYPE=PLMN"]);
        assert_eq!(pdu.subject().as_deref(), Some("5G消息回落"));
        let Body::Multipart(parts) = &pdu.body else {
            panic!("not multipart")
        };
        assert_eq!(parts.len(), 2);
        assert_eq!(
            parts[1].content_type().unwrap().param("charset"),
            Some("106")
        );
        assert_eq!(parts[1].content_id().as_deref(), Some("<t1>"));
        assert_eq!(parts[1].data, "你好".as_bytes());
        assert_eq!(pdu.content_type().unwrap().param("start"), Some("<smil>"));
        assert_eq!(pdu.to_bytes(), bytes);
    }

    /// A text part is decoded from its charset parameter, a MIBenum or a name; a charset not
    /// decoded here gives no text rather than a wrong one.
    #[test]
    fn text_parts_honour_their_charset() {
        let part = |charset: Option<&str>, data: Vec<u8>| {
            let mut p = NewPart::new("text/plain", "t", "t.txt", data);
            p.content_type.params = charset
                .map(|c| vec![("charset".to_string(), c.to_string())])
                .unwrap_or_default();
            p
        };
        let utf16le_bom = [
            &[0xFF, 0xFE][..],
            &"中文"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
        ]
        .concat();
        let ucs2: Vec<u8> = "中文".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let gbk = encoding_rs::GBK.encode("中文").0.into_owned();
        let big5 = encoding_rs::BIG5.encode("中文").0.into_owned();
        let cases = [
            (Some("106"), "中文".as_bytes().to_vec(), Some("中文")),
            (None, "中文".as_bytes().to_vec(), Some("中文")),
            (Some("1015"), utf16le_bom, Some("中文")),
            (Some("1000"), ucs2.clone(), Some("中文")),
            (Some("utf-16be"), ucs2, Some("中文")),
            (Some("113"), gbk.clone(), Some("中文")),
            (Some("GB2312"), gbk, Some("中文")),
            (Some("2026"), big5, Some("中文")),
            (Some("4"), vec![0x63, 0x61, 0x66, 0xE9], Some("café")),
            (Some("9999"), b"abc".to_vec(), None),
        ];
        let parts: Vec<NewPart> = cases.iter().map(|(c, d, _)| part(*c, d.clone())).collect();
        let bytes = MmsBuilder::new(MessageType::SendReq, Some("T3"), (1, 2)).related(&parts);
        let pdu = MmsPdu::parse(&bytes).unwrap();
        let Body::Multipart(read) = &pdu.body else {
            panic!("not multipart")
        };
        for ((charset, _, want), p) in cases.iter().zip(read) {
            assert_eq!(p.text().as_deref(), *want, "{charset:?}");
        }
        // Not text: no text.
        let img = NewPart::new("image/png", "i", "i.png", vec![0x89, b'P']);
        let bytes = MmsBuilder::new(MessageType::SendReq, None, (1, 2)).related(&[img]);
        let pdu = MmsPdu::parse(&bytes).unwrap();
        let Body::Multipart(read) = &pdu.body else {
            panic!()
        };
        assert_eq!(read[0].text(), None);
    }

    #[test]
    fn notification_over_sms_and_back() {
        use crate::{
            ConcatReference, InformationElement, Reassembler, Reassembly, SequentialReferences,
        };
        let location = format!("http://mmsc.example/{}", "x".repeat(200));
        let bytes = MmsBuilder::new(MessageType::NotificationInd, Some("T3"), (1, 2))
            .long(field::MESSAGE_SIZE, 50_000)
            .plain_text(field::CONTENT_LOCATION, &location)
            .finish();
        let push = wap_push(7, &bytes);
        let ports = [InformationElement::Ports16 {
            destination: 2948,
            originator: 9200,
        }];
        let parts = crate::segment_binary(
            &push,
            &ports,
            ConcatReference::Eight,
            255,
            &mut SequentialReferences::default(),
        )
        .unwrap();
        assert_eq!(parts.len(), 2);
        let mut r = Reassembler::default();
        let mut whole = None;
        for p in parts.into_iter().rev() {
            if let Reassembly::Complete(all) = r.push("mmsc", p) {
                whole = Some(all.into_iter().flat_map(|u| u.body).collect::<Vec<u8>>());
            }
        }
        let whole = whole.unwrap();
        let read = WapPush::parse(&whole).unwrap();
        let pdu = MmsPdu::parse(read.body).unwrap();
        assert_eq!(pdu.content_location(), Some(location));
    }

    #[test]
    fn application_header_names_are_tokens() {
        // Fuzz finding: a quote octet and control characters as an application header name
        // were read, and written back quoted twice.
        let bad = [
            0x8C, 0x80, 0x7F, 0x7E, 0x06, 0x78, 0x2E, 0x90, 0x89, 0x97, 0x34, 0x7A, 0x78, 0x54,
            0x01, 0x30, 0x00, 0x84,
        ];
        assert_eq!(
            MmsPdu::parse(&bad).unwrap_err().kind(),
            ErrorKind::InvalidHeader
        );
        let good = [0x8C, 0x80, b'X', b'-', b'A', 0x00, b'v', 0x00];
        let pdu = MmsPdu::parse(&good).unwrap();
        assert_eq!(pdu.headers[1].name, HeaderName::Token(b"X-A"));
        assert_eq!(pdu.to_bytes(), &good[..]);
    }

    #[test]
    fn hostile_inputs_are_refused() {
        assert!(MmsPdu::parse(b"").is_err());
        assert!(MmsPdu::parse(&[0x8C]).is_err());
        // A multipart count over the limit.
        let mut b = MmsBuilder::new(MessageType::SendReq, None, (1, 2)).finish();
        b.extend_from_slice(&[0x84, 0xA3, 0x8F, 0xFF, 0xFF, 0x7F]);
        assert_eq!(
            MmsPdu::parse(&b).unwrap_err().kind(),
            ErrorKind::LimitExceeded(crate::LimitKind::PartCount)
        );
        // A part claiming more data than there is.
        let mut b = MmsBuilder::new(MessageType::SendReq, None, (1, 2)).finish();
        b.extend_from_slice(&[0x84, 0xA3, 0x01, 0x01, 0x7F, 0x83]);
        assert_eq!(MmsPdu::parse(&b).unwrap_err().kind(), ErrorKind::Incomplete);
    }
}
