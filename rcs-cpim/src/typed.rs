//! Typed header values: addresses, RFC 3339 date-times, media types, dispositions; base64.

use crate::decode::{is_namechar, is_token_char, skip_quoted};
use crate::error::{DecodeError, ErrorKind};

fn bad(header: &'static str) -> DecodeError {
    DecodeError::value(ErrorKind::InvalidHeaderValue, header)
}

/// A URI in angle brackets: a scheme, `:`, and no spaces, controls or angle brackets.
pub(crate) fn check_uri(uri: &str) -> bool {
    let Some((scheme, rest)) = uri.split_once(':') else {
        return false;
    };
    scheme
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b > 0x20 && b != 0x7f && b != b'<' && b != b'>')
}

/// From, To, cc (RFC 3862 §4.1–4.3), and the IMDN address headers: `[Formal-name] "<" URI ">"`,
/// the formal name either tokens separated by single spaces or a quoted string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Address<'a> {
    /// The display name as sent (quotes kept for a quoted string), if any.
    pub formal_name: Option<&'a str>,
    /// The URI inside the angle brackets.
    pub uri: &'a str,
}

impl<'a> Address<'a> {
    /// Parse an address value.
    pub fn parse(v: &'a str) -> Result<Self, DecodeError> {
        let err = || bad("address");
        let lt = if v.starts_with('"') {
            skip_quoted(v.as_bytes(), 0).ok_or_else(err)?
        } else {
            v.find('<').ok_or_else(err)?
        };
        let (name, rest) = v.split_at(lt);
        // After a quoted string the `<` follows directly (RFC 3862) or after one space (common).
        let rest = if name.starts_with('"') {
            rest.strip_prefix(' ').unwrap_or(rest)
        } else {
            rest
        };
        let uri = rest
            .strip_prefix('<')
            .and_then(|r| r.strip_suffix('>'))
            .filter(|u| check_uri(u))
            .ok_or_else(err)?;
        let formal_name = if name.is_empty() {
            None
        } else if name.starts_with('"') {
            Some(name)
        } else {
            // 1*( Token SP ): tokens separated by single spaces, a space before `<`.
            let tokens = name.strip_suffix(' ').ok_or_else(err)?;
            let ok = tokens.split(' ').all(|t| {
                !t.is_empty() && t.bytes().all(|b| is_namechar(b) || b == b'.' || b >= 0x80)
            });
            if !ok {
                return Err(err());
            }
            Some(tokens)
        };
        Ok(Self { formal_name, uri })
    }

    /// The display name without quotes and escapes.
    pub fn display_name(&self) -> Option<String> {
        let n = self.formal_name?;
        match n.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            Some(inner) => {
                let mut out = String::with_capacity(inner.len());
                let mut esc = false;
                for c in inner.chars() {
                    if esc || c != '\\' {
                        out.push(c);
                        esc = false;
                    } else {
                        esc = true;
                    }
                }
                Some(out)
            }
            None => Some(n.to_string()),
        }
    }
}

/// An RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, ranges checked (leap
/// seconds allowed as second 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DateTime<'a> {
    /// The value as sent.
    pub raw: &'a str,
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31 (checked against the month).
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–60.
    pub second: u8,
    /// Fraction of a second in nanoseconds (digits past the ninth are dropped).
    pub nanos: u32,
    /// Offset from UTC in minutes (`Z` is 0).
    pub offset_minutes: i16,
}

impl<'a> DateTime<'a> {
    /// Parse a date-time.
    pub fn parse(raw: &'a str) -> Result<Self, DecodeError> {
        let err = || bad("DateTime");
        let b = raw.as_bytes();
        let num = |from: usize, n: usize| -> Option<u32> {
            let d = b.get(from..from + n)?;
            d.iter()
                .all(u8::is_ascii_digit)
                .then(|| d.iter().fold(0u32, |v, &c| v * 10 + u32::from(c - b'0')))
        };
        let at = |i: usize, c: u8| b.get(i) == Some(&c);
        if !(at(4, b'-')
            && at(7, b'-')
            && matches!(b.get(10), Some(b'T' | b't'))
            && at(13, b':')
            && at(16, b':'))
        {
            return Err(err());
        }
        let (year, month, day) = (
            num(0, 4).ok_or_else(err)?,
            num(5, 2).ok_or_else(err)?,
            num(8, 2).ok_or_else(err)?,
        );
        let (hour, minute, second) = (
            num(11, 2).ok_or_else(err)?,
            num(14, 2).ok_or_else(err)?,
            num(17, 2).ok_or_else(err)?,
        );
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(err()),
        };
        if day == 0 || day > days || hour > 23 || minute > 59 || second > 60 {
            return Err(err());
        }
        let mut i = 19;
        let mut nanos = 0u32;
        if at(i, b'.') {
            let start = i + 1;
            i = start;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                if i - start < 9 {
                    nanos = nanos * 10 + u32::from(b[i] - b'0');
                }
                i += 1;
            }
            if i == start {
                return Err(err());
            }
            for _ in (i - start).min(9)..9 {
                nanos *= 10;
            }
        }
        let offset_minutes = match b.get(i) {
            Some(b'Z' | b'z') if i + 1 == b.len() => 0,
            Some(&s @ (b'+' | b'-')) if i + 6 == b.len() && at(i + 3, b':') => {
                let (h, m) = (
                    num(i + 1, 2).ok_or_else(err)?,
                    num(i + 4, 2).ok_or_else(err)?,
                );
                if h > 23 || m > 59 {
                    return Err(err());
                }
                let v = (h * 60 + m) as i16;
                if s == b'-' { -v } else { v }
            }
            _ => return Err(err()),
        };
        Ok(Self {
            raw,
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            nanos,
            offset_minutes,
        })
    }

    /// Seconds since 1970-01-01T00:00:00Z (a leap second counts as the next second's start).
    pub fn unix_seconds(&self) -> i64 {
        let days = rcs_base::time::days_from_civil(i64::from(self.year), self.month, self.day);
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }

    /// The instant as a `SystemTime` (fraction included); `None` when the platform cannot
    /// represent it.
    pub fn to_system_time(&self) -> Option<std::time::SystemTime> {
        rcs_base::time::to_system_time(self.unix_seconds(), self.nanos)
    }

    /// A `SystemTime` as the RFC 3339 text a `DateTime` header carries, in UTC
    /// (`2026-12-05T11:00:48Z`, with a fraction only when there is one): what
    /// [`MessageBuilder::date_time`](crate::MessageBuilder::date_time) takes.
    pub fn format_system_time(t: std::time::SystemTime) -> String {
        let c = rcs_base::time::CivilTime::from_system_time(t);
        let mut s = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        );
        if c.nanos > 0 {
            let frac = format!("{:09}", c.nanos);
            s.push('.');
            s.push_str(frac.trim_end_matches('0'));
        }
        s.push('Z');
        s
    }
}

/// `;name=value` parameters after a MIME value (RFC 2045): optional spaces around `;` and `=`
/// are tolerated, values are tokens or quoted strings.
fn mime_params<'s>(
    s: &'s str,
    header: &'static str,
) -> Result<Vec<(&'s str, &'s str)>, DecodeError> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let ws = |i: &mut usize| {
        while *i < b.len() && matches!(b[*i], b' ' | b'\t' | b'\r' | b'\n') {
            *i += 1;
        }
    };
    loop {
        ws(&mut i);
        if i == b.len() {
            return Ok(out);
        }
        if b[i] != b';' {
            return Err(bad(header));
        }
        i += 1;
        ws(&mut i);
        if i == b.len() {
            // A trailing `;` is common and harmless.
            return Ok(out);
        }
        let ns = i;
        while i < b.len() && is_token_char(b[i]) {
            i += 1;
        }
        let name = &s[ns..i];
        ws(&mut i);
        if name.is_empty() || b.get(i) != Some(&b'=') {
            return Err(bad(header));
        }
        i += 1;
        ws(&mut i);
        let vs = i;
        if b.get(i) == Some(&b'"') {
            i = skip_quoted(b, i).ok_or_else(|| bad(header))?;
        } else {
            while i < b.len() && is_token_char(b[i]) {
                i += 1;
            }
            if i == vs {
                return Err(bad(header));
            }
        }
        out.push((name, &s[vs..i]));
        if out.len() > 64 {
            return Err(bad(header));
        }
    }
}

fn token_end(s: &str) -> usize {
    s.bytes().position(|b| !is_token_char(b)).unwrap_or(s.len())
}

impl core::fmt::Display for Address<'_> {
    /// `Formal-name <URI>` (one space between, as RFC 3862 writes it) or `<URI>`: text that
    /// [`Address::parse`] reads back equal.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if let Some(name) = self.formal_name {
            write!(f, "{name} ")?;
        }
        write!(f, "<{}>", self.uri)
    }
}

rcs_base::owned_text! {
    /// A CPIM address that owns its text: parsed once when made (`FromStr`, as
    /// [`Address::parse`] reads it), read as an [`Address`] with [`address`](Self::address);
    /// `Display` writes the text; serde (feature `serde`) writes and reads the string.
    ///
    /// ```
    /// use rcs_cpim::AddressBuf;
    /// let from: AddressBuf = "Alice <sip:alice@example.com>".parse()?;
    /// assert_eq!(from.address().uri, "sip:alice@example.com");
    /// assert_eq!(from.address().formal_name, Some("Alice"));
    /// assert!("sip:alice@example.com".parse::<AddressBuf>().is_err());
    /// # Ok::<(), rcs_cpim::DecodeError>(())
    /// ```
    pub struct AddressBuf reads Address via address;
    parse: |s| Address::parse(s);
    unreachable: |s| Address {
        formal_name: None,
        uri: s,
    };
    from: |v| v.to_string();
    error: DecodeError;
}

/// A media type (`type/subtype; param=value`), parsed by this crate: RFC 2045 with the spaces
/// around `;` real clients send (`text/plain ; charset=utf-8`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MediaType<'a> {
    /// Top-level type as sent.
    pub type_: &'a str,
    /// Subtype as sent.
    pub subtype: &'a str,
    /// Parameters in order (values as sent, quotes kept).
    pub params: Vec<(&'a str, &'a str)>,
}

impl<'a> MediaType<'a> {
    /// Parse a Content-Type value.
    pub fn parse(v: &'a str) -> Result<Self, DecodeError> {
        let v = v.trim_matches([' ', '\t']);
        let t = token_end(v);
        let rest = v[t..]
            .strip_prefix('/')
            .ok_or_else(|| bad("Content-Type"))?;
        let s = token_end(rest);
        if t == 0 || s == 0 {
            return Err(bad("Content-Type"));
        }
        Ok(Self {
            type_: &v[..t],
            subtype: &rest[..s],
            params: mime_params(&rest[s..], "Content-Type")?,
        })
    }

    /// (type, subtype) as sent.
    pub fn essence(&self) -> (&'a str, &'a str) {
        (self.type_, self.subtype)
    }

    /// Whether this is `type/subtype` (case-insensitive; `*` matches anything).
    pub fn is(&self, type_: &str, subtype: &str) -> bool {
        (type_ == "*" || self.type_.eq_ignore_ascii_case(type_))
            && (subtype == "*" || self.subtype.eq_ignore_ascii_case(subtype))
    }

    /// A parameter's value without quotes (first match, name case-insensitive).
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| {
                v.strip_prefix('"')
                    .and_then(|x| x.strip_suffix('"'))
                    .unwrap_or(v)
            })
    }

    /// `charset`.
    pub fn charset(&self) -> Option<&'a str> {
        self.param("charset")
    }
}

impl core::fmt::Display for MediaType<'_> {
    /// `type/subtype;name=value...` with no white space (values as sent, quotes kept): text
    /// that [`MediaType::parse`] reads back equal.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}/{}", self.type_, self.subtype)?;
        for (name, value) in &self.params {
            write!(f, ";{name}={value}")?;
        }
        Ok(())
    }
}

rcs_base::owned_text! {
    /// A media type that owns its text: parsed once when made (`FromStr`, as
    /// [`MediaType::parse`] reads it), read as a [`MediaType`] with
    /// [`media_type`](Self::media_type); `Display` writes the text; serde (feature `serde`)
    /// writes and reads the string.
    ///
    /// ```
    /// use rcs_cpim::MediaTypeBuf;
    /// let t: MediaTypeBuf = "text/plain; charset=utf-8".parse()?;
    /// assert_eq!(t.media_type().charset(), Some("utf-8"));
    /// # Ok::<(), rcs_cpim::DecodeError>(())
    /// ```
    pub struct MediaTypeBuf reads MediaType via media_type;
    parse: |s| MediaType::parse(s);
    unreachable: |_s| MediaType {
        type_: "",
        subtype: "",
        params: Vec::new(),
    };
    from: |v| v.to_string();
    error: DecodeError;
}

/// Content-Disposition (RFC 2183): a type (`notification`, `render`, `attachment`, ...) and
/// parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ContentDisposition<'a> {
    /// The disposition type as sent.
    pub kind: &'a str,
    /// Parameters in order.
    pub params: Vec<(&'a str, &'a str)>,
}

impl<'a> ContentDisposition<'a> {
    /// Parse a Content-Disposition value.
    pub fn parse(v: &'a str) -> Result<Self, DecodeError> {
        let v = v.trim_matches([' ', '\t']);
        let t = token_end(v);
        if t == 0 {
            return Err(bad("Content-Disposition"));
        }
        Ok(Self {
            kind: &v[..t],
            params: mime_params(&v[t..], "Content-Disposition")?,
        })
    }
}

/// Base64 (RFC 2045 §6.8): the standard alphabet with padding; line breaks and spaces are
/// skipped. `None` for any other octet or a bad length.
pub(crate) fn base64_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits, mut pad) = (0u32, 0u32, 0usize);
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                pad += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        if pad > 0 {
            return None;
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be padding's zeros, and padding must complete a quantum.
    let ok = match bits {
        0 => pad == 0,
        2 => pad == 1 && acc == 0,
        4 => pad == 2 && acc == 0,
        _ => false,
    };
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_known_answers() {
        assert_eq!(base64_decode(b"SGVsbG8="), Some(b"Hello".to_vec()));
        assert_eq!(base64_decode(b"SGVs\r\nbG8h"), Some(b"Hello!".to_vec()));
        assert_eq!(base64_decode(b""), Some(Vec::new()));
        assert_eq!(base64_decode(b"SGVsbG8"), None);
        assert_eq!(base64_decode(b"SGVsbG9="), None);
        assert_eq!(base64_decode(b"SGV=sbG8"), None);
    }

    #[test]
    fn date_times() {
        let d = DateTime::parse("2000-12-13T13:40:00-08:00").unwrap();
        assert_eq!(
            (d.year, d.month, d.day, d.hour, d.offset_minutes),
            (2000, 12, 13, 13, -480)
        );
        assert_eq!(d.unix_seconds(), 976_743_600);
        let d = DateTime::parse("2016-03-24T08:51:42.123Z").unwrap();
        assert_eq!(d.nanos, 123_000_000);
        assert_eq!(
            DateTime::parse("1970-01-01T00:00:00Z")
                .unwrap()
                .unix_seconds(),
            0
        );
        for bad in [
            "2001-02-29T00:00:00Z",
            "2000-13-01T00:00:00Z",
            "2000-12-13 13:40:00Z",
            "2000-12-13T13:40:00",
            "2000-12-13T24:00:00Z",
            "2000-12-13T13:40:00.Z",
            "2000-12-13T13:40:00+0800",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad}");
        }
        assert!(DateTime::parse("2000-02-29T23:59:60+05:30").is_ok());
    }

    #[test]
    fn addresses() {
        let a = Address::parse("MR SANDERS <im:piglet@100akerwood.com>").unwrap();
        assert_eq!(
            (a.formal_name, a.uri),
            (Some("MR SANDERS"), "im:piglet@100akerwood.com")
        );
        let a = Address::parse("\"MR \\\"S\\\"\"<im:piglet@100akerwood.com>").unwrap();
        assert_eq!(a.display_name().as_deref(), Some("MR \"S\""));
        assert_eq!(
            Address::parse("<sip:anonymous@anonymous.invalid>")
                .unwrap()
                .formal_name,
            None
        );
        for bad in [
            "MR SANDERS<im:x@y>",
            "<im x>",
            "im:x@y",
            "\"open <im:x@y>",
            "A  B <im:x@y>",
        ] {
            assert!(Address::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn media_types() {
        let m = MediaType::parse("text/plain ; charset=\"utf-8\"").unwrap();
        assert!(m.is("TEXT", "plain"));
        assert_eq!(m.charset(), Some("utf-8"));
        assert!(MediaType::parse("text").is_err());
        assert!(MediaType::parse("text/plain; charset").is_err());
        assert_eq!(
            ContentDisposition::parse("notification").unwrap().kind,
            "notification"
        );
    }
}
