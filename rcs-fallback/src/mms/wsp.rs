//! WSP binary encoding (WAP-230 §8.4): the value primitives MMS headers are built from, and the
//! rule that gives any value's extent from its first octet.

use crate::error::{DecodeError, ErrorKind};
use crate::sink::field_text;

/// Reads a uintvar (at most 5 octets, at most u32::MAX) at `at`; returns it and the offset after.
pub(crate) fn uintvar(
    input: &[u8],
    at: usize,
    field: &'static str,
) -> Result<(u32, usize), DecodeError> {
    let mut value: u64 = 0;
    for i in 0..5 {
        let b = *input.get(at + i).ok_or(DecodeError::new(
            ErrorKind::Incomplete,
            input.len(),
            field,
        ))?;
        value = value << 7 | u64::from(b & 0x7F);
        if b & 0x80 == 0 {
            return u32::try_from(value)
                .map(|v| (v, at + i + 1))
                .map_err(|_| DecodeError::new(ErrorKind::InvalidValue, at, field));
        }
    }
    Err(DecodeError::new(ErrorKind::InvalidLength, at, field))
}

/// Appends a uintvar.
pub(crate) fn put_uintvar(out: &mut Vec<u8>, value: u32) {
    let mut groups = [0u8; 5];
    let mut n = 0;
    let mut v = value;
    loop {
        groups[n] = (v & 0x7F) as u8;
        n += 1;
        v >>= 7;
        if v == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        out.push(groups[i] | if i > 0 { 0x80 } else { 0 });
    }
}

/// The extent of the value starting at `at` (WAP-230 §8.4.1.2): 0–30 a short length and that
/// many octets, 31 a uintvar length and that many, 32–127 text to a NUL, 128–255 one octet.
pub(crate) fn value_end(
    input: &[u8],
    at: usize,
    field: &'static str,
) -> Result<usize, DecodeError> {
    let first =
        *input
            .get(at)
            .ok_or(DecodeError::new(ErrorKind::Incomplete, input.len(), field))?;
    let end = match first {
        0..=30 => at + 1 + usize::from(first),
        31 => {
            let (len, after) = uintvar(input, at + 1, field)?;
            after.checked_add(len as usize).ok_or(DecodeError::new(
                ErrorKind::InvalidLength,
                at,
                field,
            ))?
        }
        32..=127 => match input[at..].iter().position(|&b| b == 0) {
            Some(n) => at + n + 1,
            None => return Err(DecodeError::new(ErrorKind::Incomplete, input.len(), field)),
        },
        128..=255 => at + 1,
    };
    if end > input.len() {
        return Err(DecodeError::new(ErrorKind::Incomplete, input.len(), field));
    }
    Ok(end)
}

/// A value split into its form: `Short(n)` (short-integer), `Text(bytes)` (without quote and
/// NUL), or `Long(bytes)` (the octets a value-length announces).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form<'a> {
    Short(u8),
    Text(&'a [u8]),
    Long(&'a [u8]),
}

/// The form of a whole value (as [`value_end`] delimited it).
pub(crate) fn form(value: &[u8]) -> Form<'_> {
    match value.first() {
        None => Form::Long(&[]),
        Some(&b @ 128..=255) => Form::Short(b & 0x7F),
        Some(&(32..=127)) => {
            let text = &value[..value.len() - 1];
            // Quote (0x7F) before text starting at 0x80 and above; '"' before a quoted string.
            Form::Text(text.strip_prefix(&[0x7F]).unwrap_or(text))
        }
        Some(&31) => match uintvar(value, 1, "value") {
            Ok((_, after)) => Form::Long(&value[after..]),
            Err(_) => Form::Long(&[]),
        },
        Some(_) => Form::Long(&value[1..]),
    }
}

/// A long-integer or short-integer value.
pub(crate) fn integer(value: &[u8]) -> Option<u64> {
    match form(value) {
        Form::Short(n) => Some(u64::from(n)),
        Form::Long(b) if !b.is_empty() && b.len() <= 8 => {
            Some(b.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x)))
        }
        _ => None,
    }
}

/// Appends a long-integer (shortest form).
pub(crate) fn put_long_integer(out: &mut Vec<u8>, value: u64) {
    let bytes = value.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count().min(7);
    out.push((8 - skip) as u8);
    out.extend_from_slice(&bytes[skip..]);
}

/// Appends an integer-value: a short-integer below 128, else a long-integer.
pub(crate) fn put_integer(out: &mut Vec<u8>, value: u64) {
    if value < 128 {
        out.push(0x80 | value as u8);
    } else {
        put_long_integer(out, value);
    }
}

/// Appends a text-string and its NUL, with the Quote octet in front when the first octet
/// would otherwise read as something else (a length below 32, the Quote itself, a short
/// integer from 0x80). A NUL cannot be carried: it ends the string, so it is left out.
pub(crate) fn put_text(out: &mut Vec<u8>, text: &[u8]) {
    if text.first().is_some_and(|&b| !(32..0x7F).contains(&b)) {
        out.push(0x7F);
    }
    out.extend(text.iter().copied().filter(|&b| b != 0));
    out.push(0);
}

/// Appends a value-length (short-length up to 30, else 31 and a uintvar).
pub(crate) fn put_value_length(out: &mut Vec<u8>, len: usize) {
    if len <= 30 {
        out.push(len as u8);
    } else {
        out.push(31);
        put_uintvar(out, u32::try_from(len).unwrap_or(u32::MAX));
    }
}

/// IANA MIBenum values of the charsets MMS uses.
pub mod charset {
    /// US-ASCII.
    pub const US_ASCII: u64 = 3;
    /// ISO-8859-1.
    pub const ISO_8859_1: u64 = 4;
    /// UTF-8.
    pub const UTF_8: u64 = 106;
    /// ISO-10646-UCS-2.
    pub const UCS_2: u64 = 1000;
    /// UTF-16.
    pub const UTF_16: u64 = 1015;
    /// GB2312.
    pub const GB2312: u64 = 2025;
    /// GBK.
    pub const GBK: u64 = 113;
}

/// Text in a charset: UTF-8 and ASCII as is (lossy), Latin-1 by octet, UCS-2/UTF-16 as
/// UTF-16BE, GB2312/GBK through encoding_rs; unknown charsets as Latin-1.
pub(crate) fn decode_charset(bytes: &[u8], charset: u64) -> String {
    decode_text(bytes, charset).unwrap_or_else(|| field_text(bytes).into_owned())
}

/// The IANA MIBenum of a charset parameter: WSP writes the number (as this crate gives it,
/// in decimal); a text value is the charset's name.
pub(crate) fn charset_number(param: &str) -> Option<u64> {
    if let Ok(n) = param.parse::<u64>() {
        return Some(n);
    }
    Some(match param.trim().to_ascii_lowercase().as_str() {
        "us-ascii" | "ascii" => charset::US_ASCII,
        "iso-8859-1" | "latin1" => charset::ISO_8859_1,
        "utf-8" | "utf8" => charset::UTF_8,
        "iso-10646-ucs-2" | "ucs-2" | "ucs2" => charset::UCS_2,
        "utf-16" => charset::UTF_16,
        "utf-16be" => 1013,
        "utf-16le" => 1014,
        "gb2312" => charset::GB2312,
        "gbk" => charset::GBK,
        "gb18030" => 114,
        "big5" => 2026,
        "shift_jis" | "shift-jis" => 17,
        "euc-jp" => 18,
        "euc-kr" => 38,
        _ => return None,
    })
}

/// Text in a charset given by its MIBenum, `None` for a charset not decoded here: UTF-8 and
/// ASCII (lossy), ISO-8859-1 by octet, UCS-2 and UTF-16BE, UTF-16LE, UTF-16 (its byte-order
/// mark decides, big-endian without one), GB2312/GBK/GB18030, Big5, Shift_JIS, EUC-JP,
/// EUC-KR.
pub(crate) fn decode_text(bytes: &[u8], charset: u64) -> Option<String> {
    let with =
        |e: &'static encoding_rs::Encoding| e.decode_without_bom_handling(bytes).0.into_owned();
    Some(match charset {
        charset::UTF_8 | charset::US_ASCII => String::from_utf8_lossy(bytes).into_owned(),
        charset::ISO_8859_1 => bytes.iter().map(|&b| char::from(b)).collect(),
        charset::UCS_2 | 1013 => crate::user_data::utf16be_lossy(bytes),
        1014 => with(encoding_rs::UTF_16LE),
        charset::UTF_16 => match bytes {
            [0xFF, 0xFE, rest @ ..] => encoding_rs::UTF_16LE
                .decode_without_bom_handling(rest)
                .0
                .into_owned(),
            [0xFE, 0xFF, rest @ ..] => crate::user_data::utf16be_lossy(rest),
            _ => crate::user_data::utf16be_lossy(bytes),
        },
        charset::GB2312 | charset::GBK => with(encoding_rs::GBK),
        114 => with(encoding_rs::GB18030),
        2026 => with(encoding_rs::BIG5),
        17 => with(encoding_rs::SHIFT_JIS),
        18 => with(encoding_rs::EUC_JP),
        38 => with(encoding_rs::EUC_KR),
        _ => return None,
    })
}

/// An encoded-string-value: text, or value-length + charset + text.
pub(crate) fn encoded_string(value: &[u8]) -> Option<String> {
    match form(value) {
        Form::Text(t) => Some(field_text(t).into_owned()),
        // A lone NUL: the empty text-string (which the first-octet rule reads as a zero
        // length).
        Form::Long([]) => Some(String::new()),
        Form::Long(b) => {
            let end = value_end(b, 0, "charset").ok()?;
            let charset = integer(&b[..end])?;
            let rest = &b[end..];
            let text = match form(rest) {
                Form::Text(t) => t,
                _ => rest.strip_suffix(&[0]).unwrap_or(rest),
            };
            Some(decode_charset(text, charset))
        }
        Form::Short(_) => None,
    }
}

/// Appends an encoded-string-value: plain text when ASCII, else UTF-8 with its charset.
pub(crate) fn put_encoded_string(out: &mut Vec<u8>, text: &str) {
    if text.is_ascii() {
        put_text(out, text.as_bytes());
    } else {
        // UTF-8 (106) as a short-integer.
        let mut inner = vec![0x80 | charset::UTF_8 as u8];
        put_text(&mut inner, text.as_bytes());
        put_value_length(out, inner.len());
        out.extend_from_slice(&inner);
    }
}

/// Well-known content types (WAP-230 Table 40 and its registry), by code.
pub(crate) static CONTENT_TYPES: [&str; 0x42] = [
    "*/*",
    "text/*",
    "text/html",
    "text/plain",
    "text/x-hdml",
    "text/x-ttml",
    "text/x-vCalendar",
    "text/x-vCard",
    "text/vnd.wap.wml",
    "text/vnd.wap.wmlscript",
    "text/vnd.wap.wta-event",
    "multipart/*",
    "multipart/mixed",
    "multipart/form-data",
    "multipart/byterantes",
    "multipart/alternative",
    "application/*",
    "application/java-vm",
    "application/x-www-form-urlencoded",
    "application/x-hdmlc",
    "application/vnd.wap.wmlc",
    "application/vnd.wap.wmlscriptc",
    "application/vnd.wap.wta-eventc",
    "application/vnd.wap.uaprof",
    "application/vnd.wap.wtls-ca-certificate",
    "application/vnd.wap.wtls-user-certificate",
    "application/x-x509-ca-cert",
    "application/x-x509-user-cert",
    "image/*",
    "image/gif",
    "image/jpeg",
    "image/tiff",
    "image/png",
    "image/vnd.wap.wbmp",
    "application/vnd.wap.multipart.*",
    "application/vnd.wap.multipart.mixed",
    "application/vnd.wap.multipart.form-data",
    "application/vnd.wap.multipart.byteranges",
    "application/vnd.wap.multipart.alternative",
    "application/xml",
    "text/xml",
    "application/vnd.wap.wbxml",
    "application/x-x968-cross-cert",
    "application/x-x968-ca-cert",
    "application/x-x968-user-cert",
    "text/vnd.wap.si",
    "application/vnd.wap.sic",
    "text/vnd.wap.sl",
    "application/vnd.wap.slc",
    "text/vnd.wap.co",
    "application/vnd.wap.coc",
    "application/vnd.wap.multipart.related",
    "application/vnd.wap.sia",
    "text/vnd.wap.connectivity-xml",
    "application/vnd.wap.connectivity-wbxml",
    "application/pkcs7-mime",
    "application/vnd.wap.hashed-certificate",
    "application/vnd.wap.signed-certificate",
    "application/vnd.wap.cert-response",
    "application/xhtml+xml",
    "application/wml+xml",
    "text/css",
    "application/vnd.wap.mms-message",
    "application/vnd.wap.rollover-certificate",
    "application/vnd.wap.locc+wbxml",
    "application/vnd.wap.loc+xml",
];

/// The code of a well-known content type (case-insensitive).
pub(crate) fn content_type_code(media: &str) -> Option<u8> {
    CONTENT_TYPES
        .iter()
        .position(|t| t.eq_ignore_ascii_case(media))
        .map(|i| i as u8)
}

/// A content type read from its value: the media type and its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ContentType {
    /// The media type (`application/vnd.wap.multipart.related`), lower case as registered.
    pub media_type: String,
    /// Parameters by name (`type`, `start`, `charset`, `name`, ...), in order; charset values
    /// are given as their MIBenum number in decimal.
    pub params: Vec<(String, String)>,
}

/// Well-known parameter names (WAP-230 Table 38).
fn param_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0x00 => "q",
        0x01 => "charset",
        0x02 => "level",
        0x03 => "type",
        0x05 | 0x17 => "name",
        0x06 | 0x18 => "filename",
        0x07 => "differences",
        0x08 => "padding",
        0x09 => "type",
        0x0A | 0x19 => "start",
        0x0B | 0x1A => "start-info",
        0x0C | 0x1B => "comment",
        0x0D | 0x1C => "domain",
        0x0E => "max-age",
        0x0F | 0x1D => "path",
        0x10 => "secure",
        0x16 => "size",
        _ => return None,
    })
}

impl ContentType {
    /// Reads a Content-Type value (constrained or general form).
    pub(crate) fn parse(value: &[u8]) -> Option<Self> {
        let media = |v: &[u8]| -> Option<String> {
            match form(v) {
                Form::Short(code) => CONTENT_TYPES
                    .get(usize::from(code))
                    .map(|s| (*s).to_string()),
                Form::Text(t) => Some(field_text(t).into_owned()),
                Form::Long(b) => integer(v)
                    .or_else(|| {
                        (b.len() <= 2).then(|| b.iter().fold(0u64, |a, &x| a << 8 | u64::from(x)))
                    })
                    .and_then(|c| CONTENT_TYPES.get(usize::try_from(c).ok()?))
                    .map(|s| (*s).to_string()),
            }
        };
        match form(value) {
            Form::Short(_) | Form::Text(_) => Some(Self {
                media_type: media(value)?,
                params: Vec::new(),
            }),
            Form::Long(b) => {
                let end = value_end(b, 0, "media type").ok()?;
                let media_type = media(&b[..end])?;
                let mut params = Vec::new();
                let mut at = end;
                while at < b.len() {
                    let (name, value_at) = if b[at] >= 0x80 {
                        (
                            param_name(b[at] & 0x7F).unwrap_or("unknown").to_string(),
                            at + 1,
                        )
                    } else {
                        let e = value_end(b, at, "parameter").ok()?;
                        (field_text(&b[at..e - 1]).into_owned(), e)
                    };
                    let e = value_end(b, value_at, "parameter value").ok()?;
                    let v = &b[value_at..e];
                    let text = match form(v) {
                        Form::Text(t) => {
                            field_text(t.strip_prefix(b"\"").unwrap_or(t)).into_owned()
                        }
                        _ => integer(v).map_or_else(|| format!("{v:02X?}"), |n| n.to_string()),
                    };
                    params.push((name, text));
                    at = e;
                }
                Some(Self { media_type, params })
            }
        }
    }

    /// A parameter's value by name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether this is one of the WSP multipart types.
    pub fn is_multipart(&self) -> bool {
        self.media_type
            .starts_with("application/vnd.wap.multipart.")
            || self.media_type.starts_with("multipart/")
    }

    /// Appends the value: the well-known code or the text, in the general form when there
    /// are parameters (charset as a number, type/start/name as text).
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        let mut inner = Vec::new();
        match content_type_code(&self.media_type) {
            Some(code) => inner.push(0x80 | code),
            None => put_text(&mut inner, self.media_type.as_bytes()),
        }
        if self.params.is_empty() {
            out.extend_from_slice(&inner);
            return;
        }
        for (name, value) in &self.params {
            match name.to_ascii_lowercase().as_str() {
                // A charset by number or by a name this crate knows: the well-known form
                // (WAP-230 §8.4.2.8); another name as an untyped text parameter rather
                // than a wrong number.
                "charset" => match charset_number(value) {
                    Some(n) => {
                        inner.push(0x81);
                        put_integer(&mut inner, n);
                    }
                    None => {
                        put_text(&mut inner, b"charset");
                        put_text(&mut inner, value.as_bytes());
                    }
                },
                "type" => {
                    inner.push(0x89);
                    put_text(&mut inner, value.as_bytes());
                }
                "start" => {
                    inner.push(0x8A);
                    put_text(&mut inner, value.as_bytes());
                }
                "name" => {
                    inner.push(0x85);
                    put_text(&mut inner, value.as_bytes());
                }
                other => {
                    put_text(&mut inner, other.as_bytes());
                    put_text(&mut inner, value.as_bytes());
                }
            }
        }
        put_value_length(out, inner.len());
        out.extend_from_slice(&inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uintvars() {
        for v in [0u32, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            let mut out = Vec::new();
            put_uintvar(&mut out, v);
            assert_eq!(uintvar(&out, 0, "x").unwrap(), (v, out.len()));
        }
        assert!(uintvar(&[0xFF; 6], 0, "x").is_err());
        assert!(uintvar(&[0x80], 0, "x").is_err());
    }

    #[test]
    fn values_and_strings() {
        assert_eq!(value_end(&[0x83], 0, "x").unwrap(), 1);
        assert_eq!(value_end(b"abc\0rest", 0, "x").unwrap(), 4);
        assert_eq!(value_end(&[2, 1, 2, 9], 0, "x").unwrap(), 3);
        assert!(value_end(&[5, 1], 0, "x").is_err());
        let mut out = Vec::new();
        put_encoded_string(&mut out, "5G消息回落");
        assert_eq!(encoded_string(&out).as_deref(), Some("5G消息回落"));
        assert_eq!(out[..2], [0x10, 0xEA], "value-length 16, UTF-8");
        let mut out = Vec::new();
        put_long_integer(&mut out, 0x4E20);
        assert_eq!(
            (out.clone(), integer(&out)),
            (vec![2, 0x4E, 0x20], Some(0x4E20))
        );
    }

    #[test]
    fn content_types() {
        let ct = ContentType {
            media_type: "application/vnd.wap.multipart.related".into(),
            params: vec![
                ("type".into(), "application/smil".into()),
                ("start".into(), "<smil>".into()),
            ],
        };
        let mut out = Vec::new();
        ct.encode(&mut out);
        assert_eq!(out[1], 0xB3);
        assert_eq!(ContentType::parse(&out).unwrap(), ct);
        let plain = ContentType::parse(&[0x83]).unwrap();
        assert_eq!(plain.media_type, "text/plain");
    }
}
