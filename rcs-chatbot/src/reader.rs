//! The JSON reader under the decoders: a serde `Deserializer` over a whole input, RFC 8259
//! strict (no trailing commas, no comments, no control characters in strings, no lone
//! surrogates, numbers by the grammar, nothing after the value).
//!
//! Why not serde_json's reader: it validates UTF-8 string by string and scans strings a byte at
//! a time; under callgrind those were a third of decoding a carousel. Here the input is
//! validated once (SIMD) and string ends are found with `memchr2`, so strings without escapes
//! are slices of the input.

use core::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

/// Where a read failed and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReadError {
    pub(crate) category: Category,
    /// Byte offset; `usize::MAX` until the reader places it.
    pub(crate) offset: usize,
    msg: String,
}

/// The kind of failure, as the public error kinds need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    /// The input ended inside the value.
    Eof,
    /// Not JSON.
    Syntax,
    /// JSON of the wrong shape for the model (from a visitor).
    Data,
}

impl ReadError {
    fn new(category: Category, offset: usize, msg: &str) -> Self {
        Self {
            category,
            offset,
            msg: msg.to_owned(),
        }
    }
    /// Places an error raised by a visitor at `offset`.
    fn at(mut self, offset: usize) -> Self {
        if self.offset == usize::MAX {
            self.offset = offset;
        }
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.msg, self.offset)
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self {
            category: Category::Data,
            offset: usize::MAX,
            msg: msg.to_string(),
        }
    }
}

/// Reads one JSON document from a UTF-8 input.
pub(crate) struct Reader<'de> {
    s: &'de str,
    pos: usize,
}

type Result<T> = core::result::Result<T, ReadError>;

impl<'de> Reader<'de> {
    /// A reader over `input`, which must be UTF-8 (checked here, once).
    pub(crate) fn new(input: &'de [u8]) -> Result<Self> {
        let s = match simdutf8::basic::from_utf8(input) {
            Ok(s) => s,
            Err(_) => {
                let at = core::str::from_utf8(input)
                    .err()
                    .map_or(0, |e| e.valid_up_to());
                return Err(ReadError::new(Category::Syntax, at, "invalid UTF-8"));
            }
        };
        Ok(Self { s, pos: 0 })
    }

    /// After the value: only whitespace may follow.
    pub(crate) fn end(&mut self) -> Result<()> {
        self.skip_ws();
        if self.pos < self.s.len() {
            Err(self.err(Category::Syntax, "trailing characters"))
        } else {
            Ok(())
        }
    }

    #[inline]
    fn bytes(&self) -> &'de [u8] {
        self.s.as_bytes()
    }

    fn err(&self, category: Category, msg: &str) -> ReadError {
        ReadError::new(category, self.pos, msg)
    }

    fn eof_or(&self, msg: &str) -> ReadError {
        if self.pos >= self.s.len() {
            self.err(Category::Eof, "unexpected end of input")
        } else {
            self.err(Category::Syntax, msg)
        }
    }

    #[inline]
    fn skip_ws(&mut self) {
        let b = self.bytes();
        match b.get(self.pos) {
            // Compact JSON: nothing to skip.
            Some(&c) if c > b' ' => {}
            // The space after a colon.
            Some(b' ') if b.get(self.pos + 1).is_some_and(|&c| c > b' ') => self.pos += 1,
            None => {}
            Some(_) => self.skip_ws_run(b),
        }
    }

    /// Pretty JSON: a line break and indentation, spaces eight at a time (the first non-space
    /// byte of a word found by its lowest differing byte).
    #[inline(never)]
    fn skip_ws_run(&mut self, b: &[u8]) {
        const SPACES: u64 = 0x2020_2020_2020_2020;
        let mut i = self.pos;
        loop {
            while let Some(chunk) = b.get(i..i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(chunk);
                let x = u64::from_le_bytes(w) ^ SPACES;
                if x == 0 {
                    i += 8;
                } else {
                    i += (x.trailing_zeros() / 8) as usize;
                    break;
                }
            }
            match b.get(i) {
                Some(b' ' | b'\n' | b'\r' | b'\t') => i += 1,
                _ => break,
            }
        }
        self.pos = i;
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn literal(&mut self, word: &str) -> Result<()> {
        if self.s[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else if word.starts_with(&self.s[self.pos..]) {
            self.pos = self.s.len();
            Err(self.err(Category::Eof, "unexpected end of input"))
        } else {
            Err(self.err(Category::Syntax, "expected a literal"))
        }
    }

    /// A string at `pos` (on its opening quote): borrowed when it has no escapes.
    fn string(&mut self) -> Result<Str<'de>> {
        let b = self.bytes();
        let start = self.pos + 1;
        let mut at = match find_special(b, start) {
            Some(i) => i,
            None => {
                self.pos = b.len();
                return Err(self.err(Category::Eof, "unterminated string"));
            }
        };
        if b[at] == b'"' {
            self.pos = at + 1;
            return Ok(Str::Borrowed(&self.s[start..at]));
        }
        // Escapes (or a control character): build the string, sized once: unescaping never
        // lengthens, so the raw length up to the closing quote is enough.
        let mut out = String::with_capacity(raw_len(b, at).unwrap_or(at).saturating_sub(start));
        let mut from = start;
        loop {
            out.push_str(&self.s[from..at]);
            match b[at] {
                b'"' => {
                    self.pos = at + 1;
                    return Ok(Str::Owned(out));
                }
                b'\\' => {}
                _ => {
                    self.pos = at;
                    return Err(self.err(Category::Syntax, "control character in string"));
                }
            }
            self.pos = at + 1;
            let Some(&e) = b.get(self.pos) else {
                return Err(self.err(Category::Eof, "unterminated string"));
            };
            self.pos += 1;
            match e {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let hi = self.hex4()?;
                    let c = if (0xD800..0xDC00).contains(&hi) {
                        if !self.s[self.pos..].starts_with("\\u") {
                            return Err(self.eof_or("lone leading surrogate"));
                        }
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&lo) {
                            return Err(self.err(Category::Syntax, "invalid low surrogate"));
                        }
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    } else if (0xDC00..0xE000).contains(&hi) {
                        return Err(self.err(Category::Syntax, "lone trailing surrogate"));
                    } else {
                        hi
                    };
                    match char::from_u32(c) {
                        Some(c) => out.push(c),
                        None => return Err(self.err(Category::Syntax, "invalid escape")),
                    }
                }
                _ => {
                    self.pos -= 1;
                    return Err(self.err(Category::Syntax, "invalid escape"));
                }
            }
            from = self.pos;
            at = match find_special(b, from) {
                Some(i) => i,
                None => {
                    self.pos = b.len();
                    return Err(self.err(Category::Eof, "unterminated string"));
                }
            };
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let Some(h) = self.bytes().get(self.pos..self.pos + 4) else {
            self.pos = self.s.len();
            return Err(self.err(Category::Eof, "unexpected end of input"));
        };
        let d = [
            HEX[usize::from(h[0])],
            HEX[usize::from(h[1])],
            HEX[usize::from(h[2])],
            HEX[usize::from(h[3])],
        ];
        if let Some(bad) = d.iter().position(|&x| x == 0xFF) {
            self.pos += bad;
            return Err(self.err(Category::Syntax, "invalid \\u escape"));
        }
        self.pos += 4;
        Ok(d.iter().fold(0u32, |v, &x| (v << 4) | u32::from(x)))
    }

    /// A number by RFC 8259's grammar, handed to the visitor as u64, i64 or f64.
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let b = self.bytes();
        let start = self.pos;
        let mut i = start;
        let neg = b.get(i) == Some(&b'-');
        if neg {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let s = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - s
        };
        let int_start = i;
        let n = digits(&mut i);
        if n == 0 {
            self.pos = i;
            return Err(self.eof_or("invalid number"));
        }
        if n > 1 && b[int_start] == b'0' {
            self.pos = int_start + 1;
            return Err(self.err(Category::Syntax, "leading zero"));
        }
        let mut float = false;
        if b.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                self.pos = i;
                return Err(self.eof_or("invalid number"));
            }
            float = true;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                self.pos = i;
                return Err(self.eof_or("invalid number"));
            }
            float = true;
        }
        let text = &self.s[start..i];
        self.pos = i;
        if !float {
            if neg {
                // `-0` is the double -0.0, as serde_json reads it (an integer has no sign of
                // zero).
                if let Ok(v) = text.parse::<i64>()
                    && v != 0
                {
                    return visitor.visit_i64(v).map_err(|e: ReadError| e.at(start));
                }
            } else if let Ok(v) = text.parse::<u64>() {
                return visitor.visit_u64(v).map_err(|e: ReadError| e.at(start));
            }
        }
        // Fractions, exponents, and integers beyond 64 bits: the nearest double, as
        // serde_json reads them (std's parser rounds correctly).
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => visitor.visit_f64(v).map_err(|e: ReadError| e.at(start)),
            _ => {
                self.pos = start;
                Err(self.err(Category::Syntax, "number out of range"))
            }
        }
    }
}

enum Str<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_ws();
        let at = self.pos;
        match self.peek() {
            // A visitor's error inside an object or array is placed where reading stopped.
            Some(b'{') => {
                self.pos += 1;
                let r = visitor.visit_map(Access {
                    r: &mut *self,
                    first: true,
                });
                r.map_err(|e: ReadError| e.at(self.pos))
            }
            Some(b'[') => {
                self.pos += 1;
                let r = visitor.visit_seq(Access {
                    r: &mut *self,
                    first: true,
                });
                r.map_err(|e: ReadError| e.at(self.pos))
            }
            Some(b'"') => match self.string()? {
                Str::Borrowed(s) => visitor.visit_borrowed_str(s),
                Str::Owned(s) => visitor.visit_string(s),
            }
            .map_err(|e: ReadError| e.at(at)),
            Some(b't') => {
                self.literal("true")?;
                visitor.visit_bool(true).map_err(|e: ReadError| e.at(at))
            }
            Some(b'f') => {
                self.literal("false")?;
                visitor.visit_bool(false).map_err(|e: ReadError| e.at(at))
            }
            Some(b'n') => {
                self.literal("null")?;
                visitor.visit_unit().map_err(|e: ReadError| e.at(at))
            }
            Some(b'-' | b'0'..=b'9') => self.number(visitor),
            Some(_) => Err(self.err(Category::Syntax, "expected a value")),
            None => Err(self.err(Category::Eof, "unexpected end of input")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_ws();
        if self.peek() == Some(b'n') {
            let at = self.pos;
            self.literal("null")?;
            visitor.visit_none().map_err(|e: ReadError| e.at(at))
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The members of an object or the items of an array.
struct Access<'r, 'de> {
    r: &'r mut Reader<'de>,
    first: bool,
}

impl Access<'_, '_> {
    /// Before the next member or item: the closing bracket (`None`), or a comma after the
    /// first.
    #[inline]
    fn next(&mut self, close: u8) -> Result<bool> {
        self.r.skip_ws();
        let c = self.r.peek();
        if c == Some(close) {
            self.r.pos += 1;
            return Ok(false);
        }
        if self.first {
            self.first = false;
            return Ok(true);
        }
        if c == Some(b',') {
            self.r.pos += 1;
            self.r.skip_ws();
            return Ok(true);
        }
        Err(self.r.eof_or("expected ',' or a closing bracket"))
    }
}

impl<'de> de::MapAccess<'de> for Access<'_, 'de> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.next(b'}')? {
            return Ok(None);
        }
        // A member must follow (after a comma too: no trailing comma).
        if self.r.peek() != Some(b'"') {
            return Err(self.r.eof_or("expected a member name"));
        }
        // Straight to the string: a member name is never anything else.
        let key = match self.r.string()? {
            Str::Borrowed(k) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::<ReadError>::new(k))
            }
            Str::Owned(k) => seed.deserialize(de::value::StringDeserializer::<ReadError>::new(k)),
        }?;
        self.r.skip_ws();
        if self.r.peek() != Some(b':') {
            return Err(self.r.eof_or("expected ':'"));
        }
        self.r.pos += 1;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.r)
    }
}

impl<'de> de::SeqAccess<'de> for Access<'_, 'de> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let was_first = self.first;
        if !self.next(b']')? {
            return Ok(None);
        }
        // A closing bracket right after a comma is a trailing comma.
        if !was_first && self.r.peek() == Some(b']') {
            return Err(self.r.err(Category::Syntax, "trailing comma"));
        }
        seed.deserialize(&mut *self.r).map(Some)
    }
}

/// Hex digit values, 0xFF for anything else.
const HEX: [u8; 256] = {
    let mut t = [0xFF_u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Where the string whose first backslash is at `from` ends: the first `"` not escaped
/// (preceded by an even run of backslashes). `None` when it never ends.
fn raw_len(b: &[u8], from: usize) -> Option<usize> {
    let mut j = from;
    loop {
        j += memchr::memchr(b'"', b.get(j..)?)?;
        let backslashes = b[..j].iter().rev().take_while(|&&c| c == b'\\').count();
        if backslashes % 2 == 0 {
            return Some(j);
        }
        j += 1;
    }
}

/// The first byte at or after `from` that ends a plain run inside a string: `"`, `\\`, or a
/// control character (< 0x20). Eight bytes at a time: the has-zero-byte trick on the word
/// XOR-ed with each delimiter, and has-less-than for the controls; the lowest flagged byte is
/// exact (borrows only spread upward from a true hit), bytes >= 0x80 are never flagged.
#[inline]
fn find_special(b: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let w = u64::from_le_bytes(w);
        let q = w ^ (LO * u64::from(b'"'));
        let s = w ^ (LO * u64::from(b'\\'));
        let hits = ((q.wrapping_sub(LO) & !q)
            | (s.wrapping_sub(LO) & !s)
            | (w.wrapping_sub(LO * 0x20) & !w))
            & HI;
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::find_special;

    #[test]
    fn find_special_is_exact_at_every_position() {
        for len in 0..100 {
            for at in 0..len {
                for c in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                    let mut v = vec![b'a'; len];
                    v[at] = c;
                    // Bytes that must never stop the scan around the hit.
                    if at > 0 {
                        v[at - 1] = 0xe4;
                    }
                    if at + 1 < len {
                        v[at + 1] = b'"';
                    }
                    assert_eq!(
                        find_special(&v, 0),
                        Some(at),
                        "len {len} at {at} byte {c:#x}"
                    );
                }
            }
            let clean: Vec<u8> = (0..len)
                .map(|i| [b'a', 0x20, 0x7f, 0x80, 0xff, b'!', b'#', b']'][i % 8])
                .collect();
            assert_eq!(find_special(&clean, 0), None, "{clean:?}");
        }
    }
}
