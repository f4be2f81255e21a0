//! The GSM 7-bit alphabets of 3GPP TS 23.038: the default alphabet and its extension table
//! (§6.2.1, §6.2.1.1), the national language locking-shift and single-shift tables (Annex A),
//! septet packing (§6.1.2.1) and tolerant decoding.
//!
//! ## Where reference tables disagree
//! The Indic locking-shift tables (Bengali … Urdu, NLI 4–13) have U+002C COMMA at septet 0x2C
//! here, as AOSP's `GsmAlphabet` has it; the `gsmcodecs` tables (from a TS 23.038 v18 look-up
//! table) have U+0027 APOSTROPHE there. We take COMMA because those tables keep the ASCII
//! punctuation at its ASCII positions (`!` 0x21, `.` 0x2E, …), the apostrophe is already in
//! every Indic single-shift table (0x09), and with APOSTROPHE a comma could not be written in
//! any Indic table at all. Every other cell equals `gsmcodecs` (the corpus test checks all
//! 2,430 of them).

mod tables;

use core::fmt;

use tables::{LOCKING, LOCKING_REV, NONE, SINGLE_SHIFT, SINGLE_SHIFT_REV};

/// The escape septet: the next septet is read from the single-shift (extension) table.
pub const ESCAPE: u8 = 0x1B;

/// A national language of TS 23.038 Annex A, by its National Language Identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum NationalLanguage {
    /// NLI 1 (locking and single shift).
    Turkish = 1,
    /// NLI 2 (single shift only: TS 23.038 defines no Spanish locking-shift table).
    Spanish = 2,
    /// NLI 3.
    Portuguese = 3,
    /// NLI 4.
    Bengali = 4,
    /// NLI 5.
    Gujarati = 5,
    /// NLI 6.
    Hindi = 6,
    /// NLI 7.
    Kannada = 7,
    /// NLI 8.
    Malayalam = 8,
    /// NLI 9.
    Oriya = 9,
    /// NLI 10.
    Punjabi = 10,
    /// NLI 11.
    Tamil = 11,
    /// NLI 12.
    Telugu = 12,
    /// NLI 13.
    Urdu = 13,
}

impl NationalLanguage {
    /// Every language, in NLI order.
    pub const ALL: [Self; 13] = [
        Self::Turkish,
        Self::Spanish,
        Self::Portuguese,
        Self::Bengali,
        Self::Gujarati,
        Self::Hindi,
        Self::Kannada,
        Self::Malayalam,
        Self::Oriya,
        Self::Punjabi,
        Self::Tamil,
        Self::Telugu,
        Self::Urdu,
    ];

    /// The language with this National Language Identifier (1–13).
    pub fn from_id(id: u8) -> Option<Self> {
        Self::ALL.get(usize::from(id).checked_sub(1)?).copied()
    }

    /// The National Language Identifier (the octet of IEs 0x24 and 0x25).
    pub fn id(self) -> u8 {
        self as u8
    }

    /// The language's English name, lower case (`"turkish"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Turkish => "turkish",
            Self::Spanish => "spanish",
            Self::Portuguese => "portuguese",
            Self::Bengali => "bengali",
            Self::Gujarati => "gujarati",
            Self::Hindi => "hindi",
            Self::Kannada => "kannada",
            Self::Malayalam => "malayalam",
            Self::Oriya => "oriya",
            Self::Punjabi => "punjabi",
            Self::Tamil => "tamil",
            Self::Telugu => "telugu",
            Self::Urdu => "urdu",
        }
    }

    /// ISO 639-1 code (`"tr"`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Turkish => "tr",
            Self::Spanish => "es",
            Self::Portuguese => "pt",
            Self::Bengali => "bn",
            Self::Gujarati => "gu",
            Self::Hindi => "hi",
            Self::Kannada => "kn",
            Self::Malayalam => "ml",
            Self::Oriya => "or",
            Self::Punjabi => "pa",
            Self::Tamil => "ta",
            Self::Telugu => "te",
            Self::Urdu => "ur",
        }
    }

    /// The language named by its English name or ISO 639-1 code, any case.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name) || l.code().eq_ignore_ascii_case(name))
    }

    /// Whether TS 23.038 defines a locking-shift table for it (all but Spanish).
    pub fn has_locking_table(self) -> bool {
        LOCKING[usize::from(self.id())].is_some()
    }
}

impl fmt::Display for NationalLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a character is written in a [`Gsm7Charset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Septets {
    /// One septet of the locking-shift (or default) table.
    One(u8),
    /// [`ESCAPE`] and then this septet of the single-shift (or extension) table: two septets.
    Escaped(u8),
}

impl Septets {
    /// How many septets the character takes (1 or 2).
    pub fn len(self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Escaped(_) => 2,
        }
    }

    /// Always false: a character takes at least one septet.
    pub fn is_empty(self) -> bool {
        false
    }
}

/// A GSM 7-bit character set: a locking-shift table (the default alphabet when `None`) and a
/// single-shift table (the default extension table when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "Gsm7CharsetFields"))]
pub struct Gsm7Charset {
    locking: Option<NationalLanguage>,
    single_shift: Option<NationalLanguage>,
}

/// A character the charset has no septet for, and its byte offset in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UnencodableChar {
    /// The character.
    pub ch: char,
    /// Its byte offset in the text.
    pub offset: usize,
}

impl fmt::Display for UnencodableChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "U+{:04X} at byte {} has no GSM 7-bit septet in this character set",
            u32::from(self.ch),
            self.offset
        )
    }
}

impl std::error::Error for UnencodableChar {}

/// What serde reads, checked by [`Gsm7Charset::new`]: a language without a locking-shift
/// table is refused.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct Gsm7CharsetFields {
    locking: Option<NationalLanguage>,
    single_shift: Option<NationalLanguage>,
}

#[cfg(feature = "serde")]
impl TryFrom<Gsm7CharsetFields> for Gsm7Charset {
    type Error = &'static str;
    fn try_from(f: Gsm7CharsetFields) -> Result<Self, Self::Error> {
        Self::new(f.locking, f.single_shift)
            .ok_or("the locking-shift language has no locking-shift table")
    }
}

impl Gsm7Charset {
    /// The default alphabet with the default extension table.
    pub const DEFAULT: Self = Self {
        locking: None,
        single_shift: None,
    };

    /// A charset from a locking-shift and a single-shift language. `None` when the locking
    /// language has no locking-shift table (Spanish).
    pub fn new(
        locking: Option<NationalLanguage>,
        single_shift: Option<NationalLanguage>,
    ) -> Option<Self> {
        if locking.is_some_and(|l| !l.has_locking_table()) {
            return None;
        }
        Some(Self {
            locking,
            single_shift,
        })
    }

    /// The locking-shift language (`None`: the default alphabet).
    pub fn locking(self) -> Option<NationalLanguage> {
        self.locking
    }

    /// The single-shift language (`None`: the default extension table).
    pub fn single_shift(self) -> Option<NationalLanguage> {
        self.single_shift
    }

    /// Whether this is the default alphabet and extension table (no national table).
    pub fn is_default(self) -> bool {
        self.locking.is_none() && self.single_shift.is_none()
    }

    fn locking_index(self) -> usize {
        self.locking.map_or(0, |l| usize::from(l.id()))
    }

    fn single_shift_index(self) -> usize {
        self.single_shift.map_or(0, |l| usize::from(l.id()))
    }

    /// How `c` is written, if it can be.
    #[inline]
    pub fn lookup(self, c: char) -> Option<Septets> {
        let cp = u32::from(c);
        if self.is_default() && cp < 0x80 {
            return ascii_septets(cp as u8);
        }
        let cp = u16::try_from(cp).ok()?;
        self.lookup_locking(cp)
            .map(Septets::One)
            .or_else(|| self.lookup_single_shift(cp).map(Septets::Escaped))
    }

    fn lookup_locking(self, cp: u16) -> Option<u8> {
        if self.locking.is_none() {
            return match DEFAULT_LOCKING_LOW.get(usize::from(cp)) {
                Some(&s) if s != NO_SEPTET => Some(s),
                _ => None,
            };
        }
        find(LOCKING_REV[self.locking_index()], cp)
    }

    fn lookup_single_shift(self, cp: u16) -> Option<u8> {
        if self.single_shift.is_none() {
            return match DEFAULT_SHIFT_LOW.get(usize::from(cp)) {
                Some(&s) if s != NO_SEPTET => Some(s),
                _ if cp == 0x20AC => Some(0x65),
                _ => None,
            };
        }
        find(SINGLE_SHIFT_REV[self.single_shift_index()], cp)
    }

    /// The septets `c` takes (1 or 2), if it can be written.
    #[inline]
    pub fn septets_for(self, c: char) -> Option<usize> {
        self.lookup(c).map(Septets::len)
    }

    /// Appends the septets of `text` (one per octet, escapes included) to `out`.
    pub fn encode(self, text: &str, out: &mut Vec<u8>) -> Result<(), UnencodableChar> {
        out.reserve(text.len());
        let bytes = text.as_bytes();
        let (mut i, mut bytewise_until) = (0, 0);
        while i < bytes.len() {
            // Default charset, eight ASCII bytes without escapes: eight table reads. A chunk
            // that is not is then walked byte by byte, not retried at every byte.
            if self.is_default()
                && i >= bytewise_until
                && let Some(chunk) = bytes.get(i..i + 8)
            {
                let mut septets = [0u8; 8];
                let mut flags = 0u8;
                for (s, &b) in septets.iter_mut().zip(chunk) {
                    *s = ASCII_SEPTETS[usize::from(b & 0x7F)];
                    flags |= *s | b;
                }
                if flags & 0x80 == 0 {
                    out.extend_from_slice(&septets);
                    i += 8;
                    continue;
                }
                bytewise_until = i + 8;
            }
            if let Some(&b) = bytes.get(i)
                && b < 0x80
            {
                match ascii_septets(b) {
                    Some(Septets::One(s)) if self.is_default() => out.push(s),
                    Some(Septets::Escaped(s)) if self.is_default() => {
                        out.extend_from_slice(&[ESCAPE, s]);
                    }
                    None if self.is_default() => {
                        return Err(UnencodableChar {
                            ch: char::from(b),
                            offset: i,
                        });
                    }
                    _ => self.encode_char(char::from(b), i, out)?,
                }
                i += 1;
                continue;
            }
            let Some(ch) = text[i..].chars().next() else {
                break;
            };
            self.encode_char(ch, i, out)?;
            i += ch.len_utf8();
        }
        Ok(())
    }

    /// Encodes and packs `text` in one pass (what [`encode`](Self::encode) then
    /// [`pack_septets`] give), appending the octets to `out`; returns the septet count. For
    /// the default charset with no fill bits, runs of eight ASCII characters without escapes
    /// go straight from bytes to seven packed octets.
    pub fn pack_text(
        self,
        text: &str,
        fill_bits: u8,
        out: &mut Vec<u8>,
    ) -> Result<usize, UnencodableChar> {
        let bytes = text.as_bytes();
        let mut done = 0;
        if self.is_default() && fill_bits.is_multiple_of(8) {
            // Room for every chunk plus one octet: each chunk writes eight octets at a
            // seven-octet stride (the eighth is overwritten by the next), then the spare is cut.
            let start = out.len();
            out.resize(start + bytes.len() / 8 * 7 + 1, 0);
            let mut at = start;
            for chunk in bytes.chunks_exact(8) {
                let mut word = 0u64;
                let mut flags = 0u8;
                for (i, &b) in chunk.iter().enumerate() {
                    let s = ASCII_SEPTETS[usize::from(b & 0x7F)];
                    flags |= s | b;
                    word |= u64::from(s & 0x7F) << (8 * i);
                }
                if flags & 0x80 != 0 {
                    break;
                }
                word = (word & 0x007F_007F_007F_007F) | ((word & 0x7F00_7F00_7F00_7F00) >> 1);
                word = (word & 0x0000_3FFF_0000_3FFF) | ((word & 0x3FFF_0000_3FFF_0000) >> 2);
                word = (word & 0x0000_0000_0FFF_FFFF) | ((word & 0x0FFF_FFFF_0000_0000) >> 4);
                if let Some(dst) = out.get_mut(at..at + 8) {
                    dst.copy_from_slice(&word.to_le_bytes());
                }
                at += 7;
                done += 8;
            }
            out.truncate(at);
        }
        // The rest (or all of it): septets, then packed after the groups already written,
        // which end on an octet boundary.
        let mut septets = Vec::with_capacity(bytes.len() - done);
        self.encode(&text[done..], &mut septets)
            .map_err(|e| UnencodableChar {
                ch: e.ch,
                offset: e.offset + done,
            })?;
        pack_septets(&septets, if done == 0 { fill_bits } else { 0 }, out);
        Ok(done + septets.len())
    }

    fn encode_char(
        self,
        ch: char,
        offset: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), UnencodableChar> {
        match self.lookup(ch) {
            Some(Septets::One(s)) => out.push(s),
            Some(Septets::Escaped(s)) => out.extend_from_slice(&[ESCAPE, s]),
            None => return Err(UnencodableChar { ch, offset }),
        }
        Ok(())
    }

    /// The character of one septet of the locking-shift table (`None`: no character there,
    /// or the septet is [`ESCAPE`]).
    pub fn locking_char(self, septet: u8) -> Option<char> {
        table_char(LOCKING[self.locking_index()], septet)
    }

    /// The character of one septet of the single-shift table.
    pub fn single_shift_char(self, septet: u8) -> Option<char> {
        table_char(Some(SINGLE_SHIFT[self.single_shift_index()]), septet)
    }

    /// Appends the text of `septets` (one per octet; the high bit is ignored) to `out`.
    ///
    /// Tolerant, as TS 23.038 §6.2.1.1 asks of a receiver: an escape followed by a septet the
    /// single-shift table lacks reads as that septet of the locking-shift table; `ESC ESC`
    /// (reserved for a further extension table) and an escape at the end read as a space; a
    /// septet with no character in a national table reads as U+FFFD.
    pub fn decode_into(self, septets: &[u8], out: &mut String) {
        out.reserve(septets.len());
        let mut iter = septets.iter().map(|s| s & 0x7F);
        while let Some(s) = iter.next() {
            let ch = if s == ESCAPE {
                match iter.next() {
                    None | Some(ESCAPE) => ' ',
                    Some(n) => self
                        .single_shift_char(n)
                        .or_else(|| self.locking_char(n))
                        .unwrap_or(char::REPLACEMENT_CHARACTER),
                }
            } else {
                self.locking_char(s).unwrap_or(char::REPLACEMENT_CHARACTER)
            };
            out.push(ch);
        }
    }

    /// The text of `septets` (see [`decode_into`](Self::decode_into)).
    pub fn decode(self, septets: &[u8]) -> String {
        let mut out = String::new();
        self.decode_into(septets, &mut out);
        out
    }
}

impl fmt::Display for Gsm7Charset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.locking, self.single_shift) {
            (None, None) => f.write_str("default"),
            (Some(l), None) => write!(f, "{l} locking"),
            (None, Some(s)) => write!(f, "{s} single shift"),
            (Some(l), Some(s)) => write!(f, "{l} locking + {s} single shift"),
        }
    }
}

fn table_char(table: Option<&[u16; 128]>, septet: u8) -> Option<char> {
    let cp = *table?.get(usize::from(septet))?;
    if cp == NONE {
        return None;
    }
    char::from_u32(u32::from(cp))
}

fn find(rev: &[(u16, u8)], cp: u16) -> Option<u8> {
    rev.binary_search_by_key(&cp, |&(c, _)| c)
        .ok()
        .map(|i| rev[i].1)
}

const NO_SEPTET: u8 = 0xFF;

/// The default alphabet for code points below 0x400 (Latin-1 and Greek): septet or `NO_SEPTET`.
static DEFAULT_LOCKING_LOW: [u8; 0x400] = reverse_low::<0x400>(&tables::LOCKING_DEFAULT);
/// The default extension table below 0x80 (€ is the one entry above).
static DEFAULT_SHIFT_LOW: [u8; 0x80] = reverse_low::<0x80>(&tables::SINGLE_SHIFT_DEFAULT);

/// ASCII in the default charset, one octet per byte: the septet, `0x80 | septet` when escaped,
/// `NO_SEPTET` when absent. Used by the fast paths.
pub(crate) static ASCII_SEPTETS: [u8; 128] = ascii_table();

const fn reverse_low<const N: usize>(table: &[u16; 128]) -> [u8; N] {
    let mut out = [NO_SEPTET; N];
    let mut septet = 0;
    while septet < 128 {
        let cp = table[septet] as usize;
        if septet != ESCAPE as usize && cp < N && out[cp] == NO_SEPTET {
            out[cp] = septet as u8;
        }
        septet += 1;
    }
    out
}

const fn ascii_table() -> [u8; 128] {
    let mut out = [NO_SEPTET; 128];
    let mut b = 0;
    while b < 128 {
        if DEFAULT_LOCKING_LOW[b] != NO_SEPTET {
            out[b] = DEFAULT_LOCKING_LOW[b];
        } else if DEFAULT_SHIFT_LOW[b] != NO_SEPTET {
            out[b] = 0x80 | DEFAULT_SHIFT_LOW[b];
        }
        b += 1;
    }
    out
}

#[inline]
fn ascii_septets(b: u8) -> Option<Septets> {
    match ASCII_SEPTETS[usize::from(b & 0x7F)] {
        NO_SEPTET => None,
        s if s & 0x80 != 0 => Some(Septets::Escaped(s & 0x7F)),
        s => Some(Septets::One(s)),
    }
}

/// Octets that `septets` septets take when packed after `fill_bits` fill bits.
pub fn packed_len(septets: usize, fill_bits: u8) -> usize {
    (septets * 7 + usize::from(fill_bits % 8)).div_ceil(8)
}

/// Packs septets (one per octet, high bit ignored) into octets as TS 23.038 §6.1.2.1 lays them
/// out, after `fill_bits` (0–6) zero bits — the fill that aligns text after a user data header
/// on a septet boundary. Appends to `out`; the spare bits of the last octet are zero.
pub fn pack_septets(septets: &[u8], fill_bits: u8, out: &mut Vec<u8>) {
    out.reserve(packed_len(septets.len(), fill_bits));
    pack_into(septets, fill_bits, out);
}

/// [`pack_septets`] into any output.
pub(crate) fn pack_into(septets: &[u8], fill_bits: u8, out: &mut impl crate::sink::Sink) {
    let mut acc: u64 = 0;
    let mut bits = u32::from(fill_bits % 8);
    let mut chunks = septets.chunks_exact(8);
    for chunk in &mut chunks {
        // Eight septets make 56 bits: squeeze the eight octets of one word into seven
        // (pairs into 14 bits, quads into 28, all into 56), emit seven octets.
        let mut word =
            u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) & 0x7F7F_7F7F_7F7F_7F7F;
        word = (word & 0x007F_007F_007F_007F) | ((word & 0x7F00_7F00_7F00_7F00) >> 1);
        word = (word & 0x0000_3FFF_0000_3FFF) | ((word & 0x3FFF_0000_3FFF_0000) >> 2);
        word = (word & 0x0000_0000_0FFF_FFFF) | ((word & 0x0FFF_FFFF_0000_0000) >> 4);
        acc |= word << bits;
        out.extend_from_slice(&acc.to_le_bytes()[..7]);
        acc >>= 56;
    }
    for &s in chunks.remainder() {
        acc |= u64::from(s & 0x7F) << bits;
        bits += 7;
        while bits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            bits -= 8;
        }
    }
    if bits > 0 {
        out.push(acc as u8);
    }
}

/// Unpacks `count` septets from `packed`, skipping `fill_bits` (0–6) leading bits. `None` when
/// `packed` is too short for them.
pub fn unpack_septets(packed: &[u8], fill_bits: u8, count: usize) -> Option<Vec<u8>> {
    let fill = usize::from(fill_bits % 8);
    if packed_len(count, fill_bits) > packed.len() {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let bit = fill + 7 * i;
        let lo = u16::from(packed[bit / 8]);
        let hi = packed.get(bit / 8 + 1).map_or(0, |&b| u16::from(b));
        out.push((((hi << 8 | lo) >> (bit % 8)) & 0x7F) as u8);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|b| format!("{b:02X}")).collect()
    }

    #[test]
    fn textbook_packing() {
        let mut septets = Vec::new();
        Gsm7Charset::DEFAULT
            .encode("hellohello", &mut septets)
            .unwrap();
        let mut out = Vec::new();
        pack_septets(&septets, 0, &mut out);
        assert_eq!(hex(&out), "E8329BFD4697D9EC37");
        assert_eq!(unpack_septets(&out, 0, 10).unwrap(), septets);
    }

    #[test]
    fn escape_and_unknown_escape() {
        let cs = Gsm7Charset::DEFAULT;
        assert_eq!(cs.lookup('€'), Some(Septets::Escaped(0x65)));
        assert_eq!(cs.lookup('@'), Some(Septets::One(0)));
        assert_eq!(cs.lookup('`'), None);
        // ESC 'A' has no extension character: read as the default table's 'A'.
        assert_eq!(
            cs.decode(&[ESCAPE, 0x41, ESCAPE, ESCAPE, 0x42, ESCAPE]),
            "A B "
        );
    }

    #[test]
    fn indic_comma_is_encodable() {
        let hindi =
            Gsm7Charset::new(Some(NationalLanguage::Hindi), Some(NationalLanguage::Hindi)).unwrap();
        assert_eq!(hindi.lookup(','), Some(Septets::One(0x2C)));
        assert_eq!(hindi.lookup('\''), Some(Septets::Escaped(0x09)));
    }

    #[test]
    fn spanish_has_no_locking_table() {
        assert!(Gsm7Charset::new(Some(NationalLanguage::Spanish), None).is_none());
        assert_eq!(
            NationalLanguage::from_name("ES"),
            Some(NationalLanguage::Spanish)
        );
        assert_eq!(NationalLanguage::from_id(13), Some(NationalLanguage::Urdu));
        assert_eq!(NationalLanguage::from_id(0), None);
        assert_eq!(NationalLanguage::from_id(14), None);
    }

    #[test]
    fn pack_text_equals_encode_then_pack() {
        for text in [
            "hellohello",
            "12345678abcdefgh{x}",
            "a€b",
            "",
            "1234567",
            "ABCDEFGH€",
        ] {
            for fill in [0u8, 1, 6] {
                let mut septets = Vec::new();
                Gsm7Charset::DEFAULT.encode(text, &mut septets).unwrap();
                let mut want = Vec::new();
                pack_septets(&septets, fill, &mut want);
                let mut got = Vec::new();
                let n = Gsm7Charset::DEFAULT
                    .pack_text(text, fill, &mut got)
                    .unwrap();
                assert_eq!((got, n), (want, septets.len()), "{text:?} fill {fill}");
            }
        }
        let e = Gsm7Charset::DEFAULT
            .pack_text("abcdefgh`", 0, &mut Vec::new())
            .unwrap_err();
        assert_eq!((e.ch, e.offset), ('`', 8));
    }

    #[test]
    fn unpack_refuses_short_input() {
        assert_eq!(unpack_septets(&[0xE8], 0, 2), None);
        assert_eq!(unpack_septets(&[0xE8, 0x32], 0, 2), Some(vec![0x68, 0x65]));
    }
}
