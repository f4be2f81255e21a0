//! Character classes of RFC 3261 §25.1 and a cursor over one header value.

use crate::decode::scan::{alnum_run_end, find_quote_stop};
use crate::error::{DecodeError, ErrorKind};

/// A character class that contains every ASCII letter and digit (all of RFC 3261's do), so
/// scans can skip runs of those eight bytes at a time; the table decides the other bytes.
pub(crate) struct Class([bool; 256]);

impl Class {
    /// Letters, digits and `extra`.
    const fn with(extra: &[u8]) -> Self {
        let mut t = [false; 256];
        let mut c = b'0';
        while c <= b'9' {
            t[c as usize] = true;
            c += 1;
        }
        let mut c = b'a';
        while c <= b'z' {
            t[c as usize] = true;
            t[(c - 32) as usize] = true;
            c += 1;
        }
        let mut i = 0;
        while i < extra.len() {
            t[extra[i] as usize] = true;
            i += 1;
        }
        Self(t)
    }

    /// Whether `b` is in the class.
    #[inline(always)]
    pub(crate) fn has(&self, b: u8) -> bool {
        self.0[b as usize]
    }
}

/// `token` characters.
pub(crate) static TOKEN: Class = Class::with(b"-.!%*_+`'~");
/// `word` characters (Call-ID).
pub(crate) static WORD: Class = Class::with(b"-.!%*_+`'~()<>:\\\"/[]?{}");
/// SIP URI `user` characters without the escape (`unreserved` + `user-unreserved`).
pub(crate) static USER: Class = Class::with(b"-_.!~*'()&=+$,;?/");
/// SIP URI `password` characters without the escape.
pub(crate) static PASSWORD: Class = Class::with(b"-_.!~*'()&=+$,");
/// `paramchar` without the escape.
pub(crate) static PARAMCHAR: Class = Class::with(b"-_.!~*'()[]/:&+$");
/// `hname` / `hvalue` characters without the escape.
pub(crate) static HNV: Class = Class::with(b"-_.!~*'()[]/?:+$");
/// `uric` characters without the escape (absolute URIs).
pub(crate) static URIC: Class = Class::with(b"-_.!~*'();/?:@&=+$,[]#");
/// Generic parameter value characters: token, plus what a `host` adds (IPv6 references) and
/// the bare IPv6 address RFC 3261 allows in `received`.
pub(crate) static GEN_VALUE: Class = Class::with(b"-.!%*_+`'~:[]");

/// End of the run of `class` bytes starting at `i`. Every class here contains the letters and
/// digits, so runs of those are skipped eight bytes at a time and the table decides the rest.
#[inline(always)]
pub(crate) fn class_run_end(b: &[u8], mut i: usize, class: &Class) -> usize {
    loop {
        i = alnum_run_end(b, i);
        match b.get(i) {
            Some(&c) if class.has(c) => i += 1,
            _ => return i,
        }
    }
}

/// Whether `b` starts with `prefix` (lower-case ASCII, at most 8 bytes), its letters in any
/// case: one word compare. `| 0x20` on a letter's byte folds its case and maps no other byte
/// onto it; the other bytes compare as they are.
#[inline(always)]
pub(crate) fn starts_with_folded(b: &[u8], prefix: &[u8]) -> bool {
    let n = prefix.len();
    let Some(head) = b.get(..n) else {
        return false;
    };
    let (mut w, mut want, mut fold) = ([0u8; 8], [0u8; 8], [0u8; 8]);
    w[..n].copy_from_slice(head);
    want[..n].copy_from_slice(prefix);
    for (f, &p) in fold.iter_mut().zip(prefix) {
        *f = if p.is_ascii_lowercase() { 0x20 } else { 0 };
    }
    u64::from_le_bytes(w) | u64::from_le_bytes(fold) == u64::from_le_bytes(want)
}

/// Whether a parameter or token `name` is `known` (a lower-case token), ignoring ASCII case:
/// a word compare or two instead of a byte loop.
#[inline]
pub(crate) fn token_is(name: impl AsRef<[u8]>, known: &str) -> bool {
    let name = name.as_ref();
    if known.len() < 2 {
        return name.eq_ignore_ascii_case(known.as_bytes());
    }
    crate::known::eq_token_fold(name, known.as_bytes())
}

#[inline]
pub(crate) fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && class_run_end(s, 0, &TOKEN) == s.len()
}

/// A cursor over one header value (or a URI), reporting errors relative to its start.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    pub(crate) s: &'a str,
    pub(crate) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(s: &'a str) -> Self {
        Self { s, pos: 0 }
    }

    pub(crate) fn at(s: &'a str, pos: usize) -> Self {
        Self { s, pos }
    }

    #[inline]
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.s.as_bytes()
    }

    #[inline]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    #[inline]
    pub(crate) fn is_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    #[inline]
    pub(crate) fn err(&self, kind: ErrorKind) -> DecodeError {
        DecodeError::new(kind, self.pos)
    }

    pub(crate) fn err_at(&self, kind: ErrorKind, pos: usize) -> DecodeError {
        DecodeError::new(kind, pos)
    }

    /// Skip `SWS`: spaces, tabs, and folding line breaks (the head scanner already checked
    /// that any CR/LF inside a value is a fold).
    #[inline]
    pub(crate) fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.pos > start
    }

    #[inline]
    pub(crate) fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `SWS b SWS`.
    #[inline]
    pub(crate) fn eat_sep(&mut self, b: u8) -> bool {
        let save = self.pos;
        self.skip_ws();
        if self.eat(b) {
            self.skip_ws();
            true
        } else {
            self.pos = save;
            false
        }
    }

    #[inline]
    pub(crate) fn expect(&mut self, b: u8, kind: ErrorKind) -> Result<(), DecodeError> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(self.err(kind))
        }
    }

    #[inline(always)]
    pub(crate) fn take_class(&mut self, class: &Class) -> &'a str {
        let start = self.pos;
        let i = class_run_end(self.bytes(), start, class);
        self.pos = i;
        &self.s[start..i]
    }

    /// A run of decimal digits.
    #[inline]
    pub(crate) fn take_digits(&mut self) -> &'a str {
        let start = self.pos;
        let b = self.bytes();
        let mut i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        self.pos = i;
        &self.s[start..i]
    }

    #[inline(always)]
    pub(crate) fn token(&mut self, kind: ErrorKind) -> Result<&'a str, DecodeError> {
        let t = self.take_class(&TOKEN);
        if t.is_empty() {
            Err(self.err(kind))
        } else {
            Ok(t)
        }
    }

    /// Skip a run of `class` bytes; whether there was one. (Scans that need no text do not
    /// slice it: a `str` slice checks both ends for character boundaries.)
    #[inline(always)]
    pub(crate) fn skip_class(&mut self, class: &Class) -> bool {
        let start = self.pos;
        self.pos = class_run_end(self.bytes(), start, class);
        self.pos > start
    }

    /// Skip a `token`, which must be there.
    #[inline(always)]
    pub(crate) fn skip_token(&mut self, kind: ErrorKind) -> Result<(), DecodeError> {
        if self.skip_class(&TOKEN) {
            Ok(())
        } else {
            Err(self.err(kind))
        }
    }

    /// Skip a run of `class` bytes and `%HH` escapes; its length.
    #[inline(always)]
    pub(crate) fn skip_escaped(
        &mut self,
        class: &Class,
        kind: ErrorKind,
    ) -> Result<usize, DecodeError> {
        let start = self.pos;
        let b = self.bytes();
        let mut i = start;
        loop {
            i = class_run_end(b, i, class);
            if b.get(i) == Some(&b'%') {
                if b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                {
                    i += 3;
                } else {
                    return Err(self.err_at(kind, i));
                }
            } else {
                break;
            }
        }
        self.pos = i;
        Ok(i - start)
    }

    /// A quoted string; returns it with its quotes (escapes kept as sent).
    #[inline(always)]
    pub(crate) fn quoted(&mut self) -> Result<&'a str, DecodeError> {
        let start = self.pos;
        self.skip_quoted()?;
        Ok(&self.s[start..self.pos])
    }

    /// Skip a quoted string.
    #[inline(always)]
    pub(crate) fn skip_quoted(&mut self) -> Result<(), DecodeError> {
        let start = self.pos;
        if !self.eat(b'"') {
            return Err(self.err(ErrorKind::InvalidQuotedString));
        }
        let b = self.bytes();
        let mut i = self.pos;
        // qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII: everything up to a stop byte.
        while let Some(j) = find_quote_stop(b, i) {
            match b[j] {
                b'"' => {
                    self.pos = j + 1;
                    return Ok(());
                }
                b'\\' => {
                    // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
                    match b.get(j + 1) {
                        Some(&c) if c < 0x80 && c != b'\r' && c != b'\n' => i = j + 2,
                        _ => return Err(self.err_at(ErrorKind::InvalidQuotedString, j)),
                    }
                }
                b'\t' | b'\r' | b'\n' => i = j + 1,
                _ => return Err(self.err_at(ErrorKind::InvalidQuotedString, j)),
            }
        }
        Err(self.err_at(ErrorKind::InvalidQuotedString, start))
    }

    /// Decimal digits into a `u64`, refusing overflow past `max`.
    #[inline(always)]
    pub(crate) fn number(&mut self, max: u64) -> Result<u64, DecodeError> {
        // One pass: digits are read and summed together (`max` is at most `u32::MAX`, so the
        // sum of a digit more cannot overflow before the check).
        debug_assert!(max <= u64::from(u32::MAX));
        let start = self.pos;
        let b = self.bytes();
        let mut i = start;
        let mut v: u64 = 0;
        while let Some(&d) = b.get(i) {
            let digit = d.wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            v = v * 10 + u64::from(digit);
            if v > max {
                return Err(self.err_at(ErrorKind::InvalidNumber, start));
            }
            i += 1;
        }
        if i == start {
            return Err(self.err_at(ErrorKind::InvalidNumber, start));
        }
        self.pos = i;
        Ok(v)
    }
}

/// Decimal digits (any count of leading zeros) to a value no larger than `max`.
#[inline(always)]
pub(crate) fn parse_decimal(digits: &[u8], max: u64) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
        if v > max {
            return None;
        }
    }
    Some(v)
}

/// Replace every fold (CR and/or LF plus the white space that starts the next line) by one SP,
/// as RFC 3261 §7.3.1 says to read it. Borrows when there is none.
pub(crate) fn unfold(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\r', '\n']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' || c == '\n' {
            while chars
                .next_if(|&n| matches!(n, '\r' | '\n' | ' ' | '\t'))
                .is_some()
            {}
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Remove the quotes and `\` escapes of a quoted string, reading folds as one SP; borrows when
/// there is nothing to change.
pub(crate) fn unquote(q: &str) -> std::borrow::Cow<'_, str> {
    let inner = q
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(q);
    if !inner.contains(['\\', '\r', '\n']) {
        return std::borrow::Cow::Borrowed(inner);
    }
    let inner = unfold(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Decode `%HH` escapes; borrows when there are none. Invalid UTF-8 after decoding is replaced.
pub(crate) fn percent_decode(s: &str) -> std::borrow::Cow<'_, [u8]> {
    if !s.contains('%') {
        return std::borrow::Cow::Borrowed(s.as_bytes());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                b.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_folded_folds_letters_only() {
        for (b, prefix, want) in [
            (&b"SIP/2.0/UDP"[..], &b"sip/2.0/"[..], true),
            (b"sIp/2.0/", b"sip/2.0/", true),
            (b"SIP/2.0", b"sip/2.0/", false),
            (b"SIP/2\x0e0/", b"sip/2.0/", false),
            (b"SIPS:a", b"sips:", true),
            (b"sip\x1aa", b"sip:", false),
            (b"Sip:", b"sip:", true),
            (b"", b"sip:", false),
        ] {
            assert_eq!(starts_with_folded(b, prefix), want, "{b:?} {prefix:?}");
        }
    }

    #[test]
    fn token_is_folds_case_only() {
        for (name, known, same) in [
            ("TAG", "tag", true),
            ("taG", "tag", true),
            ("tah", "tag", false),
            ("ta", "tag", false),
            ("Q", "q", true),
            ("r", "q", false),
            ("REG-ID", "reg-id", true),
            ("reg.id", "reg-id", false),
            ("reg_id", "reg-id", false),
            ("Retry-After", "retry-after", true),
            ("retry-afteR", "retry-after", true),
            ("retry-aftex", "retry-after", false),
        ] {
            assert_eq!(token_is(name, known), same, "{name} / {known}");
        }
    }

    #[test]
    fn class_run_end_matches_bytewise() {
        let text = b"z9hG4bK-74.bf9;rport=1 %41x@example.com:5060\xc3\xa9~*'()_+!`";
        for class in [
            &TOKEN, &WORD, &USER, &PASSWORD, &PARAMCHAR, &HNV, &URIC, &GEN_VALUE,
        ] {
            for from in 0..=text.len() {
                let want = from
                    + text[from..]
                        .iter()
                        .position(|&c| !class.has(c))
                        .unwrap_or(text.len() - from);
                assert_eq!(class_run_end(text, from, class), want);
            }
        }
    }
}
