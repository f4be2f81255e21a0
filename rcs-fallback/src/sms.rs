//! Choosing the encoding of a text and cutting it into SMS segments.

use core::fmt;
use core::ops::Range;
use std::borrow::Cow;
use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;

use crate::error::SmsError;
use crate::fold_table::FOLDS;
use crate::gsm7::{ASCII_SEPTETS, Gsm7Charset, NationalLanguage};
use crate::udh::{InformationElement, UserDataHeader};
use crate::user_data::{Alphabet, UserData, header_septets};

/// A set of national languages whose tables the sender may use (the recipient's handset must
/// support them: TS 23.038 Annex A tables are optional outside the markets that mandate them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NationalLanguages(u16);

/// serde: a list of languages (`["turkish", "portuguese"]`), so a configuration names them and
/// no value outside the set can be read.
#[cfg(feature = "serde")]
impl serde::Serialize for NationalLanguages {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for NationalLanguages {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // At most 13 names are meaningful; the Vec is bounded by the input like any list.
        Vec::<NationalLanguage>::deserialize(d).map(|v| v.into_iter().collect())
    }
}

impl NationalLanguages {
    /// No national table: the default alphabet or UCS-2 only.
    pub const NONE: Self = Self(0);
    /// Every national table of TS 23.038 Annex A.
    pub const ALL: Self = Self(0b11_1111_1111_1110);

    /// This set with `language` added.
    pub const fn with(self, language: NationalLanguage) -> Self {
        Self(self.0 | 1 << language as u16)
    }

    /// Whether `language` is in the set.
    pub fn contains(self, language: NationalLanguage) -> bool {
        self.0 & 1 << language.id() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The languages in NLI order.
    pub fn iter(self) -> impl Iterator<Item = NationalLanguage> {
        NationalLanguage::ALL
            .into_iter()
            .filter(move |&l| self.contains(l))
    }
}

impl FromIterator<NationalLanguage> for NationalLanguages {
    fn from_iter<I: IntoIterator<Item = NationalLanguage>>(iter: I) -> Self {
        iter.into_iter().fold(Self::NONE, Self::with)
    }
}

/// Where a segment may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SplitMode {
    /// Between any two characters (Unicode scalar values): an escape pair or a surrogate pair
    /// is never split, and segments are as full as they can be. What `smsutil` does.
    #[default]
    Scalar,
    /// Between extended grapheme clusters (UAX #29), so a ZWJ emoji sequence, a flag or a
    /// letter with its combining marks stays in one segment; a cluster larger than a whole
    /// segment is cut between scalars. What Twilio's calculator does.
    Grapheme,
}

/// The concatenation element the segments of a long message carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ConcatReference {
    /// IEI 0x00, 8-bit reference: 6 octets of header, 153 septets / 67 UCS-2 units a segment.
    #[default]
    Eight,
    /// IEI 0x08, 16-bit reference: 7 octets of header, 152 septets / 66 UCS-2 units a segment.
    Sixteen,
}

impl ConcatReference {
    /// The concatenation element for part `sequence` of `total` (an 8-bit element keeps the
    /// reference's low octet).
    pub fn element(self, reference: u16, total: u8, sequence: u8) -> InformationElement {
        match self {
            Self::Eight => InformationElement::Concat8 {
                reference: reference as u8,
                total,
                sequence,
            },
            Self::Sixteen => InformationElement::Concat16 {
                reference,
                total,
                sequence,
            },
        }
    }
}

/// How to plan a text as SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct SmsOptions {
    /// National tables the encoding may use. Default: none.
    pub national: NationalLanguages,
    /// Where segments may end. Default: [`SplitMode::Scalar`].
    pub split: SplitMode,
    /// The concatenation reference width. Default: 8-bit.
    pub concat: ConcatReference,
    /// The most segments a text may take (at most 255, the concatenation element's limit).
    /// Default 255.
    pub max_segments: u8,
    /// The longest text accepted, in bytes, checked before any work. Default 256 KiB (more
    /// than 255 segments can carry in any encoding).
    pub max_text_len: usize,
    /// Plan UCS-2 only, never GSM 7-bit: for carriers that cannot take GSM 7-bit text
    /// (CMPP, SGIP and SMGP carry ASCII or UCS-2). Default off.
    pub ucs2_only: bool,
    /// Opt-in "smart" folding: characters outside GSM 7-bit that have a look-alike in it
    /// (curly quotes, dashes, odd spaces, ellipsis, …; Twilio's map) are replaced — only when
    /// that makes the message take fewer segments. The plan reports each fold. Default off.
    pub fold: bool,
}

impl SmsOptions {
    /// The defaults described on each field.
    pub const DEFAULT: Self = Self {
        national: NationalLanguages::NONE,
        split: SplitMode::Scalar,
        concat: ConcatReference::Eight,
        max_segments: 255,
        max_text_len: 256 << 10,
        ucs2_only: false,
        fold: false,
    };
}

impl Default for SmsOptions {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The encoding of a planned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Encoding {
    /// GSM 7-bit with this character set (national tables announced in each segment's header).
    Gsm7(Gsm7Charset),
    /// UCS-2, written as UTF-16BE (characters outside the BMP as surrogate pairs).
    Ucs2,
}

impl Encoding {
    /// `"gsm7"`, `"gsm7-nls"` or `"ucs2"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gsm7(c) if c.is_default() => "gsm7",
            Self::Gsm7(_) => "gsm7-nls",
            Self::Ucs2 => "ucs2",
        }
    }

    /// The alphabet of the user data.
    pub fn alphabet(self) -> Alphabet {
        match self {
            Self::Gsm7(_) => Alphabet::Gsm7,
            Self::Ucs2 => Alphabet::Ucs2,
        }
    }

    /// Header octets (UDHL included) a segment carries: national language elements and, for
    /// a concatenated message, the concatenation element.
    fn header_octets(self, concat: Option<ConcatReference>) -> usize {
        let mut n = match concat {
            None => 0,
            Some(ConcatReference::Eight) => 5,
            Some(ConcatReference::Sixteen) => 6,
        };
        if let Self::Gsm7(c) = self {
            n += 3 * (usize::from(c.locking().is_some()) + usize::from(c.single_shift().is_some()));
        }
        if n > 0 { n + 1 } else { 0 }
    }

    /// Septets (GSM 7-bit) or UTF-16 units (UCS-2) one segment holds.
    fn capacity(self, concat: Option<ConcatReference>) -> usize {
        let h = self.header_octets(concat);
        match self {
            Self::Gsm7(_) => 160 - header_septets(h),
            Self::Ucs2 => (140 - h) / 2,
        }
    }

    /// Septets or UTF-16 units `c` takes.
    #[inline]
    fn cost(self, c: char) -> Option<usize> {
        match self {
            Self::Gsm7(cs) => cs.septets_for(c),
            Self::Ucs2 => Some(c.len_utf16()),
        }
    }

    /// Tie-break among encodings that need as many segments: the one more handsets read.
    fn class(self) -> u8 {
        match self {
            Self::Gsm7(c) if c.is_default() => 0,
            Self::Ucs2 => 1,
            Self::Gsm7(c) => match (c.locking(), c.single_shift()) {
                (None, _) => 2,
                (_, None) => 3,
                _ => 4,
            },
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Gsm7(c) => write!(f, "GSM 7-bit ({c})"),
            Self::Ucs2 => f.write_str("UCS-2"),
        }
    }
}

/// One segment of a planned text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Part {
    /// Its bytes in the text.
    pub range: Range<usize>,
    /// Its length: septets (escapes count two) for GSM 7-bit, UTF-16 units for UCS-2.
    pub length: usize,
}

/// A character replaced by its look-alike ([`SmsOptions::fold`]).
///
/// Serializes (feature `serde`) as `{"char", "codepoint": "U+2019", "offset", "replacement"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fold {
    /// The character replaced.
    pub ch: char,
    /// Its byte offset in the original text.
    pub offset: usize,
    /// What replaced it (empty: dropped).
    pub replacement: &'static str,
}

/// A character outside the GSM 7-bit default alphabet and extension table: one of the reasons
/// the text is not plain GSM 7-bit.
///
/// Serializes (feature `serde`) as `{"char", "codepoint": "U+4E2D", "offset", "count"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ForcedChar {
    /// The character.
    pub ch: char,
    /// The byte offset of its first occurrence.
    pub offset: usize,
    /// How many times it occurs.
    pub count: usize,
}

/// Where concatenation references come from: inject a deterministic one in tests, a counter
/// per destination in a gateway.
pub trait ReferenceSource {
    /// The next reference (an 8-bit element uses the low octet).
    fn next_reference(&mut self) -> u16;
}

impl<F: FnMut() -> u16> ReferenceSource for F {
    fn next_reference(&mut self) -> u16 {
        self()
    }
}

/// References 1, 2, 3, ... wrapping (never 0, which some handsets treat as "no reference").
#[derive(Debug, Clone, Default)]
pub struct SequentialReferences(u16);

impl SequentialReferences {
    /// A source whose next reference is `next` (0 is skipped).
    pub fn starting_at(next: u16) -> Self {
        Self(next.wrapping_sub(1))
    }
}

impl ReferenceSource for SequentialReferences {
    fn next_reference(&mut self) -> u16 {
        self.0 = self.0.wrapping_add(1);
        if self.0 == 0 {
            self.0 = 1;
        }
        self.0
    }
}

/// A text planned as SMS: the cheapest encoding and its segments.
///
/// "Cheapest" is the fewest segments over GSM 7-bit default, GSM 7-bit with every allowed
/// pair of national tables (their header elements counted in every segment) and UCS-2. When
/// several need as many segments, the one more handsets read wins: default GSM 7-bit, then
/// UCS-2, then single-shift only, locking-shift only, both; then the fewest septets.
///
/// ```
/// use rcs_fallback::{SmsOptions, SmsPlan};
///
/// let plan = SmsPlan::new("Your code is 1234 — valid 5 min", &SmsOptions::default())?;
/// assert_eq!(plan.encoding().name(), "ucs2"); // the em dash is not GSM 7-bit
/// assert_eq!(plan.forced_by()[0].ch, '—');
/// assert_eq!(plan.segments(), 1);
/// # Ok::<(), rcs_fallback::SmsError>(())
/// ```
///
/// Serializes (feature `serde`) as `{"encoding": "gsm7"|"gsm7-nls"|"ucs2", "national":
/// {"locking", "single_shift"} or null, "segments", "unit": "septets"|"units", "parts":
/// [{"text", "start", "end", "length"}], "forced_by": [{"char", "codepoint", "offset",
/// "count"}], "folded": [{"char", "codepoint", "offset", "replacement"}]}` (offsets in bytes of
/// the planned text, lengths in the unit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsPlan<'a> {
    text: Cow<'a, str>,
    encoding: Encoding,
    parts: Vec<Part>,
    concat: ConcatReference,
    folds: Vec<Fold>,
}

impl<'a> SmsPlan<'a> {
    /// Plans `text`: chooses the encoding and cuts the segments.
    pub fn new(text: &'a str, options: &SmsOptions) -> Result<Self, SmsError> {
        if text.len() > options.max_text_len {
            return Err(SmsError::TextTooLong {
                len: text.len(),
                max: options.max_text_len,
            });
        }
        let (mut encoding, mut parts) = plan_text(text, options);
        let mut text = Cow::Borrowed(text);
        let mut folds = Vec::new();
        if options.fold
            && encoding != Encoding::Gsm7(Gsm7Charset::DEFAULT)
            && let Some((folded, f)) = fold(&text)
        {
            let (e, p) = plan_text(&folded, options);
            if p.len() < parts.len() {
                (encoding, parts, folds) = (e, p, f);
                text = Cow::Owned(folded);
            }
        }
        if parts.len() > usize::from(options.max_segments) {
            return Err(SmsError::TooManySegments {
                needed: parts.len(),
                max: options.max_segments,
            });
        }
        Ok(Self {
            text,
            encoding,
            parts,
            concat: options.concat,
            folds,
        })
    }

    /// The characters replaced by look-alikes ([`SmsOptions::fold`]), in order.
    pub fn folds(&self) -> &[Fold] {
        &self.folds
    }

    /// The text planned (after folding, when [`folds`](Self::folds) is not empty).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The encoding chosen.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The segments, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// How many SMS the text takes.
    pub fn segments(&self) -> usize {
        self.parts.len()
    }

    /// The text of segment `i`.
    pub fn part_text(&self, i: usize) -> Option<&str> {
        self.text.get(self.parts.get(i)?.range.clone())
    }

    /// The characters outside the GSM 7-bit default alphabet and extension table, in order of
    /// first occurrence: why the encoding is UCS-2 or uses a national table. Computed on
    /// call (planning does not pay for it).
    pub fn forced_by(&self) -> Vec<ForcedChar> {
        let mut forced: Vec<ForcedChar> = Vec::new();
        let mut index: HashMap<char, usize> = HashMap::new();
        for (offset, ch) in self.text.char_indices() {
            if Gsm7Charset::DEFAULT.lookup(ch).is_some() {
                continue;
            }
            match index.get(&ch) {
                Some(&i) => forced[i].count += 1,
                None => {
                    index.insert(ch, forced.len());
                    forced.push(ForcedChar {
                        ch,
                        offset,
                        count: 1,
                    });
                }
            }
        }
        forced
    }

    /// Septets (GSM 7-bit) or UTF-16 units (UCS-2) of the whole text.
    pub fn length(&self) -> usize {
        self.parts.iter().map(|p| p.length).sum()
    }

    /// The whole text as one user data, without concatenation (for carriers that segment it
    /// themselves, like SMPP's message_payload): the national language elements, if any, and
    /// the text in the planned encoding. May be longer than one SMS.
    pub fn whole_user_data(&self) -> UserData {
        self.encode_part(&self.text, Vec::new())
    }

    /// One user data: `elements` (the concatenation element, if any), then the national
    /// language elements the encoding needs, and `text` encoded.
    fn encode_part(&self, text: &str, mut elements: Vec<InformationElement>) -> UserData {
        let body = match self.encoding {
            Encoding::Gsm7(charset) => {
                if let Some(l) = charset.locking() {
                    elements.push(InformationElement::NationalLockingShift(l));
                }
                if let Some(l) = charset.single_shift() {
                    elements.push(InformationElement::NationalSingleShift(l));
                }
                encode_planned(charset, text)
            }
            Encoding::Ucs2 => {
                let mut body = Vec::with_capacity(2 * text.len());
                for unit in text.encode_utf16() {
                    body.extend_from_slice(&unit.to_be_bytes());
                }
                body
            }
        };
        UserData {
            header: (!elements.is_empty()).then_some(UserDataHeader { elements }),
            alphabet: self.encoding.alphabet(),
            body,
        }
    }

    /// The user data of every segment: header (concatenation element drawing one reference
    /// from `references` when there are several segments, then the national language
    /// elements) and the encoded text.
    pub fn user_data(&self, references: &mut impl ReferenceSource) -> Vec<UserData> {
        let total = self.parts.len();
        let reference = (total > 1).then(|| references.next_reference());
        self.parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let mut elements = Vec::new();
                if let Some(reference) = reference {
                    // Both fit: a plan has at most 255 parts.
                    // Both fit: a plan has at most 255 parts.
                    elements.push(self.concat.element(reference, total as u8, (i + 1) as u8));
                }
                self.encode_part(&self.text[part.range.clone()], elements)
            })
            .collect()
    }
}

/// The cheapest encoding of `text` and its segments.
fn plan_text(text: &str, options: &SmsOptions) -> (Encoding, Vec<Part>) {
    if options.national.is_empty() && options.split == SplitMode::Scalar {
        return plan_one_pass(text, options);
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    if options.ucs2_only {
        candidates.push(Candidate::new(Encoding::Ucs2, utf16_len(text)));
        return cheapest(text, candidates, options);
    }
    match default_septets(text) {
        // Default GSM 7-bit never needs more segments than UCS-2 (≥ 76 characters a segment
        // against ≤ 67), and with no escape no national table can beat it.
        Some((total, escapes)) => {
            candidates.push(Candidate::new(Encoding::Gsm7(Gsm7Charset::DEFAULT), total));
            if !options.national.is_empty() && escapes > 0 {
                nls_candidates(text, options.national, &mut candidates);
            }
        }
        None => {
            candidates.push(Candidate::new(Encoding::Ucs2, utf16_len(text)));
            if !options.national.is_empty() {
                nls_candidates(text, options.national, &mut candidates);
            }
        }
    }
    cheapest(text, candidates, options)
}

/// The GSM 7-bit look-alike [`SmsOptions::fold`] puts for `ch` (empty: dropped), if any.
pub fn look_alike(ch: char) -> Option<&'static str> {
    FOLDS
        .binary_search_by_key(&ch, |&(c, _)| c)
        .ok()
        .map(|i| FOLDS[i].1)
}

/// `text` with every character outside GSM 7-bit that has a look-alike replaced; `None` when
/// nothing changes.
fn fold(text: &str) -> Option<(String, Vec<Fold>)> {
    let mut out = String::with_capacity(text.len());
    let mut folds = Vec::new();
    for (offset, ch) in text.char_indices() {
        if Gsm7Charset::DEFAULT.lookup(ch).is_none()
            && let Some(replacement) = look_alike(ch)
        {
            out.push_str(replacement);
            folds.push(Fold {
                ch,
                offset,
                replacement,
            });
        } else {
            out.push(ch);
        }
    }
    (!folds.is_empty()).then_some((out, folds))
}

/// 8-bit data cut into SMS user data: each segment carries `elements` (application ports,
/// say) and, when there are several, a concatenation element drawing one reference from
/// `references`. What a WAP push (an MMS notification: ports 2948/9200) or an OTA message
/// needs.
pub fn segment_binary(
    data: &[u8],
    elements: &[InformationElement],
    concat: ConcatReference,
    max_segments: u8,
    references: &mut impl ReferenceSource,
) -> Result<Vec<UserData>, SmsError> {
    let header = |extra: usize| -> usize {
        let n: usize = elements
            .iter()
            .map(InformationElement::encoded_len)
            .sum::<usize>()
            + extra;
        if n > 0 { n + 1 } else { 0 }
    };
    let single = 140usize.saturating_sub(header(0));
    let concat_len = match concat {
        ConcatReference::Eight => 5,
        ConcatReference::Sixteen => 6,
    };
    let per_part = 140usize.saturating_sub(header(concat_len)).max(1);
    let chunks: Vec<&[u8]> = if data.len() <= single {
        vec![data]
    } else {
        data.chunks(per_part).collect()
    };
    if chunks.len() > usize::from(max_segments) {
        return Err(SmsError::TooManySegments {
            needed: chunks.len(),
            max: max_segments,
        });
    }
    let total = chunks.len();
    let reference = (total > 1).then(|| references.next_reference());
    Ok(chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let mut all = Vec::with_capacity(elements.len() + 1);
            if let Some(reference) = reference {
                all.push(concat.element(reference, total as u8, (i + 1) as u8));
            }
            all.extend_from_slice(elements);
            UserData {
                header: (!all.is_empty()).then_some(UserDataHeader { elements: all }),
                alphabet: Alphabet::Eight,
                body: chunk.to_vec(),
            }
        })
        .collect())
}

/// Septets of text the plan has already checked against `charset`.
fn encode_planned(charset: Gsm7Charset, text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    // The plan chose `charset` because every character has a septet there: this cannot fail.
    let _ = charset.encode(text, &mut out);
    out
}

/// Septets and escapes of `text` in the default GSM 7-bit charset, `None` when a character
/// is not in it. ASCII eight bytes at a time: the common case is one table add per byte.
fn default_septets(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let (mut septets, mut escapes, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        if let Some(sum) = ascii_chunk_septets(bytes, i) {
            if sum >= 0x100 {
                return None;
            }
            septets += sum as usize;
            escapes += sum as usize - 8;
            i += 8;
            continue;
        }
        let ch = text[i..].chars().next()?;
        let n = Gsm7Charset::DEFAULT.septets_for(ch)?;
        septets += n;
        escapes += n - 1;
        i += ch.len_utf8();
    }
    Some((septets, escapes))
}

/// The default-charset septets of the eight bytes at `at`, when there are eight and all are
/// ASCII: each table entry is a septet count or 0x100 when absent, so the sum is under 0x100
/// only when every byte is in the alphabet.
#[inline]
fn ascii_chunk_septets(bytes: &[u8], at: usize) -> Option<u32> {
    let chunk = bytes.get(at..at + 8)?;
    let word = u64::from_le_bytes(chunk.try_into().ok()?);
    (word & 0x8080_8080_8080_8080 == 0)
        .then(|| chunk.iter().map(|&b| ASCII_COST[usize::from(b)]).sum())
}

/// Septets of each ASCII byte in the default charset; 0x100 when absent.
static ASCII_COST: [u32; 128] = {
    let mut out = [0x100; 128];
    let mut b = 0;
    while b < 128 {
        out[b] = match ASCII_SEPTETS[b] {
            0xFF => 0x100,
            s if s & 0x80 != 0 => 2,
            _ => 1,
        };
        b += 1;
    }
    out
};

/// UTF-16 units of `text`: one per character, two for a four-byte sequence.
fn utf16_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut units: usize = (&mut chunks).map(utf16_units_in).sum();
    units += chunks
        .remainder()
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum::<usize>();
    units
}

/// UTF-16 units counted at the character starts among eight UTF-8 bytes: eight, less the
/// continuation bytes (10xxxxxx), plus one for each four-byte lead (11110xxx).
#[inline]
fn utf16_units_in(chunk: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
    // Bit 7 of each byte after shifting left by k is that byte's bit 7-k.
    let continuation = w & !(w << 1) & HIGH;
    let four_byte_lead = w & (w << 1) & (w << 2) & (w << 3) & HIGH;
    8 - continuation.count_ones() as usize + four_byte_lead.count_ones() as usize
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    encoding: Encoding,
    total: usize,
}

impl Candidate {
    fn new(encoding: Encoding, total: usize) -> Self {
        Self { encoding, total }
    }

    /// No split can need fewer segments than this.
    fn lower_bound(&self, concat: ConcatReference) -> usize {
        if self.total <= self.encoding.capacity(None) {
            1
        } else {
            self.total.div_ceil(self.encoding.capacity(Some(concat)))
        }
    }
}

/// Adds every allowed national table pair that can write the whole text, with its length.
fn nls_candidates(text: &str, allowed: NationalLanguages, out: &mut Vec<Candidate>) {
    // Count each distinct character once, so each pair costs a pass over the distinct
    // characters, not over the text.
    let mut ascii = [0usize; 128];
    let mut other: HashMap<char, usize> = HashMap::new();
    for ch in text.chars() {
        match u8::try_from(ch) {
            Ok(b) if b < 0x80 => ascii[usize::from(b)] += 1,
            _ => *other.entry(ch).or_default() += 1,
        }
    }
    let distinct: Vec<(char, usize)> = ascii
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n > 0)
        .map(|(b, &n)| (char::from(b as u8), n))
        .chain(other)
        .collect();
    let lockings =
        core::iter::once(None).chain(allowed.iter().filter(|l| l.has_locking_table()).map(Some));
    for locking in lockings {
        let shifts = core::iter::once(None).chain(allowed.iter().map(Some));
        for single_shift in shifts {
            let Some(charset) = Gsm7Charset::new(locking, single_shift) else {
                continue;
            };
            if charset.is_default() {
                continue;
            }
            let total = distinct.iter().try_fold(0usize, |acc, &(ch, n)| {
                charset.septets_for(ch).map(|s| acc + s * n)
            });
            if let Some(total) = total {
                out.push(Candidate::new(Encoding::Gsm7(charset), total));
            }
        }
    }
}

/// Splits every candidate that could win, cheapest bound first; returns the winner.
fn cheapest(
    text: &str,
    mut candidates: Vec<Candidate>,
    options: &SmsOptions,
) -> (Encoding, Vec<Part>) {
    let concat = options.concat;
    candidates.sort_by_key(|c| (c.lower_bound(concat), c.encoding.class(), c.total));
    // (segments, class, length) orders the candidates.
    type Key = (usize, u8, usize);
    let mut best: Option<(Key, Encoding, Vec<Part>)> = None;
    for c in candidates {
        let class = c.encoding.class();
        if let Some(((segments, best_class, _), ..)) = &best
            && (c.lower_bound(concat), class) > (*segments, *best_class)
        {
            break;
        }
        let parts = split(text, c.encoding, c.total, options);
        let key = (parts.len(), class, c.total);
        if best.as_ref().is_none_or(|(k, ..)| key < *k) {
            best = Some((key, c.encoding, parts));
        }
    }
    match best {
        Some((_, encoding, parts)) => (encoding, parts),
        // There is always a candidate (default GSM 7-bit or UCS-2); keep the type total.
        None => (Encoding::Ucs2, split(text, Encoding::Ucs2, 0, options)),
    }
}

/// Cuts `text` (whose length in `encoding` is `total`) into segments.
fn split(text: &str, encoding: Encoding, total: usize, options: &SmsOptions) -> Vec<Part> {
    if total <= encoding.capacity(None) {
        return vec![Part {
            range: 0..text.len(),
            length: total,
        }];
    }
    let cap = encoding.capacity(Some(options.concat));
    let mut splitter = Splitter {
        parts: Vec::with_capacity(total.div_ceil(cap)),
        start: 0,
        length: 0,
        cap,
    };
    match options.split {
        SplitMode::Scalar => {
            // A planned text: every character has a cost.
            let _ = split_scalars(text, encoding, &mut splitter);
        }
        SplitMode::Grapheme => {
            for (i, g) in text.grapheme_indices(true) {
                let cost: usize = g.chars().map(|c| encoding.cost(c).unwrap_or(1)).sum();
                if splitter.length + cost <= cap {
                    splitter.length += cost;
                } else if cost <= cap {
                    splitter.cut(i);
                    splitter.length = cost;
                } else {
                    // A cluster longer than a segment: cut it between scalars.
                    for (j, ch) in g.char_indices() {
                        splitter.push(i + j, encoding.cost(ch).unwrap_or(1));
                    }
                }
            }
        }
    }
    splitter.cut(text.len());
    splitter.parts
}

/// Feeds every character's cost to the splitter, walking bytes where the cost is known from
/// the byte (ASCII in the default charset, character starts in UCS-2), eight at a time while
/// a whole chunk fits in the segment.
fn split_scalars(text: &str, encoding: Encoding, splitter: &mut Splitter) -> Option<()> {
    let bytes = text.as_bytes();
    match encoding {
        Encoding::Ucs2 => {
            let unit = |b: u8| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
            let mut i = 0;
            while i < bytes.len() {
                if let Some(chunk) = bytes.get(i..i + 8) {
                    // Units are counted at a character's first byte, so a chunk that fits
                    // moves the cut past it whole.
                    let units = utf16_units_in(chunk);
                    if splitter.length + units <= splitter.cap {
                        splitter.length += units;
                        i += 8;
                        continue;
                    }
                }
                let b = bytes[i];
                if b & 0xC0 != 0x80 {
                    splitter.push(i, unit(b));
                }
                i += 1;
            }
        }
        Encoding::Gsm7(charset) if charset.is_default() => {
            let mut i = 0;
            while i < bytes.len() {
                if let Some(septets) = ascii_chunk_septets(bytes, i) {
                    if septets >= 0x100 {
                        return None;
                    }
                    if splitter.length + septets as usize <= splitter.cap {
                        splitter.length += septets as usize;
                        i += 8;
                        continue;
                    }
                }
                let b = bytes[i];
                if b < 0x80 {
                    let cost = ASCII_COST[usize::from(b)];
                    if cost >= 0x100 {
                        return None;
                    }
                    splitter.push(i, cost as usize);
                    i += 1;
                } else {
                    let ch = text[i..].chars().next()?;
                    splitter.push(i, encoding.cost(ch)?);
                    i += ch.len_utf8();
                }
            }
        }
        Encoding::Gsm7(_) => {
            for (i, ch) in text.char_indices() {
                splitter.push(i, encoding.cost(ch)?);
            }
        }
    }
    Some(())
}

/// The common case in one pass: no national tables, cuts between scalars. The text is cut
/// for the concatenated capacity while its cost is checked (default GSM 7-bit, else UCS-2);
/// a total that fits one SMS is then one part.
fn plan_one_pass(text: &str, options: &SmsOptions) -> (Encoding, Vec<Part>) {
    let gsm = Encoding::Gsm7(Gsm7Charset::DEFAULT);
    let attempt = |encoding: Encoding| -> Option<Vec<Part>> {
        let mut splitter = Splitter {
            parts: Vec::new(),
            start: 0,
            length: 0,
            cap: encoding.capacity(Some(options.concat)),
        };
        split_scalars(text, encoding, &mut splitter)?;
        splitter.cut(text.len());
        let total: usize = splitter.parts.iter().map(|p| p.length).sum();
        if total <= encoding.capacity(None) {
            return Some(vec![Part {
                range: 0..text.len(),
                length: total,
            }]);
        }
        Some(splitter.parts)
    };
    if !options.ucs2_only
        && let Some(parts) = attempt(gsm)
    {
        return (gsm, parts);
    }
    (Encoding::Ucs2, attempt(Encoding::Ucs2).unwrap_or_default())
}

struct Splitter {
    parts: Vec<Part>,
    start: usize,
    length: usize,
    cap: usize,
}

impl Splitter {
    #[inline]
    fn push(&mut self, at: usize, cost: usize) {
        if self.length + cost > self.cap {
            self.cut(at);
        }
        self.length += cost;
    }

    fn cut(&mut self, at: usize) {
        if at > self.start {
            self.parts.push(Part {
                range: self.start..at,
                length: self.length,
            });
        }
        self.start = at;
        self.length = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> SmsPlan<'_> {
        SmsPlan::new(text, &SmsOptions::default()).unwrap()
    }

    #[test]
    fn boundaries_of_one_segment() {
        assert_eq!(plan(&"a".repeat(160)).segments(), 1);
        assert_eq!(plan(&"a".repeat(161)).parts()[0].length, 153);
        assert_eq!(plan(&"中".repeat(70)).segments(), 1);
        assert_eq!(plan(&"中".repeat(71)).parts()[0].length, 67);
        assert_eq!(plan("").segments(), 1);
    }

    #[test]
    fn escape_pair_is_not_split() {
        let text = format!("{}€{}", "a".repeat(152), "b".repeat(10));
        let p = plan(&text);
        assert_eq!(p.parts()[0].length, 152);
        assert_eq!(p.part_text(1), Some("€bbbbbbbbbb"));
    }

    #[test]
    fn national_table_when_cheaper() {
        let text = "Á".repeat(71);
        let none = plan(&text);
        assert_eq!((none.encoding(), none.segments()), (Encoding::Ucs2, 2));
        let options = SmsOptions {
            national: NationalLanguages::ALL,
            ..SmsOptions::default()
        };
        let nls = SmsPlan::new(&text, &options).unwrap();
        assert_eq!(nls.encoding().name(), "gsm7-nls");
        assert_eq!(nls.segments(), 1);
        // A tie goes to UCS-2, which every handset reads.
        let tie = "Á".repeat(70);
        assert_eq!(
            SmsPlan::new(&tie, &options).unwrap().encoding(),
            Encoding::Ucs2
        );
    }

    #[test]
    fn folding_only_when_it_saves_segments() {
        let options = SmsOptions {
            fold: true,
            ..SmsOptions::default()
        };
        let short = "It’s “ok”…";
        let p = SmsPlan::new(short, &options).unwrap();
        assert_eq!(
            (p.encoding(), p.text()),
            (Encoding::Ucs2, short),
            "1 segment either way"
        );
        let long = "It’s “quoted” — and that’s all… ".repeat(4);
        let p = SmsPlan::new(&long, &options).unwrap();
        assert_eq!(p.encoding().name(), "gsm7");
        assert!(p.text().starts_with("It's \"quoted\" - and that's all... "));
        assert_eq!(p.folds()[0].ch, '’');
        assert_eq!(p.folds()[0].offset, 2);
        assert_eq!(
            SmsPlan::new(&long, &SmsOptions::default())
                .unwrap()
                .segments(),
            2
        );
        assert_eq!(p.segments(), 1);
    }

    #[test]
    fn binary_segments_fit() {
        let ports = [InformationElement::Ports16 {
            destination: 2948,
            originator: 9200,
        }];
        let data: Vec<u8> = (0..=255u8).cycle().take(500).collect();
        let mut refs = SequentialReferences::default();
        let parts =
            segment_binary(&data, &ports, ConcatReference::Sixteen, 255, &mut refs).unwrap();
        assert_eq!(parts.len(), 4);
        assert!(parts.iter().all(|p| p.encoded_len() <= 140));
        let joined: Vec<u8> = parts.iter().flat_map(|p| p.body.clone()).collect();
        assert_eq!(joined, data);
        let one =
            segment_binary(&data[..128], &ports, ConcatReference::Eight, 255, &mut refs).unwrap();
        assert_eq!(one.len(), 1);
        assert!(one[0].header.as_ref().unwrap().concat().is_none());
        assert!(segment_binary(&data, &ports, ConcatReference::Eight, 2, &mut refs).is_err());
    }

    #[test]
    fn references_are_drawn_once_per_message() {
        let text = "a".repeat(200);
        let mut refs = SequentialReferences::starting_at(0xFFFF);
        let ud = plan(&text).user_data(&mut refs);
        assert_eq!(ud.len(), 2);
        assert_eq!(
            ud[0].header.as_ref().unwrap().concat().unwrap().reference,
            0xFF
        );
        assert_eq!(refs.next_reference(), 1, "0 is skipped");
    }
}
