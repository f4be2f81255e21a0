//! Many-bytes-at-a-time scans of the head: control bytes in values, header names, host names,
//! a byte (the start line's end). Sixteen bytes at a time with SSE2 on x86-64, through
//! `safe_arch`'s safe wrappers (this crate stays free of `unsafe`); eight at a time in a `u64`,
//! or a byte at a time, elsewhere and for what the vector forms decline. The tests hold every
//! form to its byte-at-a-time definition.

use crate::decode::lex::TOKEN;
use crate::known::KnownHeader;

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

#[inline(always)]
fn is_ctl(b: u8) -> bool {
    b < 0x20 || b == 0x7f
}

/// The first control byte (< 0x20 or 0x7f) at or after `from`. In a header the first control
/// byte is nearly always the CR of the line end, so this one pass both finds the line and
/// checks its bytes. (UTF-8 is checked once for the whole head, later.)
#[inline]
pub(crate) fn find_ctl(buf: &[u8], from: usize) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2::find_ctl(buf, from)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        find_ctl_swar(buf, from)
    }
}

/// The first byte at or after `from` that `flags` marks (the high bit of each such byte of a
/// little-endian word, the lowest one exact), eight bytes at a time; `is` decides the bytes of
/// the last, partial word. The one loop behind every word-at-a-time scan here.
#[inline(always)]
fn first_flagged(
    b: &[u8],
    from: usize,
    flags: impl Fn(u64) -> u64,
    is: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let m = flags(u64::from_le_bytes(w));
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| is(c)).map(|k| i + k)
}

/// High bit set in each zero byte of `x` at or below the lowest one (borrows only flag bytes
/// above a zero, so the lowest flag is exact).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// [`find_ctl`] eight bytes at a time in a `u64`.
#[inline]
pub(crate) fn find_ctl_swar(buf: &[u8], from: usize) -> Option<usize> {
    // Bytes below 0x20 (the lowest flag exact, as for zero bytes), and bytes equal to 0x7f.
    let flags = |x: u64| (x.wrapping_sub(LO * 0x20) & !x & HI) | zero_bytes(x ^ (LO * 0x7f));
    first_flagged(buf, from, flags, is_ctl)
}

/// Whether a quoted string's scan must stop at `b`: the closing quote, an escape, or a control
/// byte (which only a folding line break or a tab may be).
#[inline(always)]
fn is_quote_stop(b: u8) -> bool {
    b == b'"' || b == b'\\' || is_ctl(b)
}

/// The first byte at or after `from` where a quoted string's scan must stop (see
/// [`is_quote_stop`]), eight bytes at a time: the text between needs no byte-by-byte look.
#[inline]
pub(crate) fn find_quote_stop(buf: &[u8], from: usize) -> Option<usize> {
    // Each term flags its bytes with the lowest flag exact, so the lowest of their union is.
    let flags = |x: u64| {
        (x.wrapping_sub(LO * 0x20) & !x & HI)
            | zero_bytes(x ^ (LO * 0x7f))
            | zero_bytes(x ^ (LO * u64::from(b'"')))
            | zero_bytes(x ^ (LO * u64::from(b'\\')))
    };
    first_flagged(buf, from, flags, is_quote_stop)
}

/// High bit set in each byte of `x` that is not an ASCII letter or digit. Bytes are compared
/// with the high bit cleared, so no sum carries into the next byte; bytes that had it are
/// flagged apart. Exact per byte, so the lowest flag is the first such byte.
#[inline(always)]
fn not_alnum(x: u64) -> u64 {
    let y = x & !HI;
    // y >= lo: (y + 0x80 - lo) has the high bit; y <= hi: (y + 0x7f - hi) has not.
    let digit =
        y.wrapping_add(LO * (0x80 - b'0' as u64)) & !y.wrapping_add(LO * (0x7f - b'9' as u64));
    let l = y | (LO * 0x20);
    let letter =
        l.wrapping_add(LO * (0x80 - b'a' as u64)) & !l.wrapping_add(LO * (0x7f - b'z' as u64));
    (!(digit | letter) | x) & HI
}

/// End of the run of ASCII letters and digits starting at `i`, eight bytes at a time: the
/// bulk of every token, host name and URI part. (Tried and measured slower on these short
/// runs: sixteen bytes with SSE2, and counting `-` and `.` into the run.)
#[inline]
pub(crate) fn alnum_run_end(b: &[u8], mut i: usize) -> usize {
    // Written out rather than through `first_flagged`: this is the hottest scan, and the
    // generic form's tail measured ~4 % slower on the typed bench.
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let m = not_alnum(u64::from_le_bytes(w));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// The first `needle` at or after `from`. A vector at a time with SSE2 (the last vector of
/// `buf` read overlapping, so a short tail needs no byte loop), else by words: the haystacks
/// here (a start line, a bracketed URI) are too short to repay `memchr`'s call and set-up.
#[inline]
pub(crate) fn find_byte(buf: &[u8], from: usize, needle: u8) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if buf.len() >= 16 {
        return sse2::find_byte(buf, from, needle);
    }
    find_byte_swar(buf, from, needle)
}

/// [`find_byte`] eight bytes at a time in a `u64`.
#[inline]
pub(crate) fn find_byte_swar(buf: &[u8], from: usize, needle: u8) -> Option<usize> {
    let flags = |x: u64| zero_bytes(x ^ (LO * u64::from(needle)));
    first_flagged(buf, from, flags, |c| c == needle)
}

/// A host name at `from`, a vector at a time: `Some((end, top))` (just past it, and where its
/// last label starts) when it is letters, digits, `-` and `.` in a valid arrangement (RFC 3261
/// `hostname`, or the dotted digits of an IPv4 address) within 31 bytes. `None` otherwise, and
/// always without SSE2: the caller's bytewise scan then decides, and agrees on every valid name.
#[inline]
pub(crate) fn hostname(b: &[u8], from: usize) -> Option<(usize, usize)> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2::hostname(b, from)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        let _ = (b, from);
        None
    }
}

/// The header name at `from`: where it ends (the first byte that is not a `token` character)
/// and, when the vector scan read it whole, which known header it is (`Some(None)`: none).
/// `None` as the second means the caller looks the name up.
#[inline]
pub(crate) fn header_name(buf: &[u8], from: usize) -> (usize, Option<Option<KnownHeader>>) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if let Some((end, known)) = sse2::name_end_known(buf, from) {
        return (end, Some(known));
    }
    (token_end_bytewise(buf, from), None)
}

/// [`token_end`] a byte at a time.
#[inline]
pub(crate) fn token_end_bytewise(buf: &[u8], from: usize) -> usize {
    let mut p = from;
    while p < buf.len() && TOKEN.has(buf[p]) {
        p += 1;
    }
    p
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use crate::known::KnownHeader;
    use safe_arch::*;

    #[inline(always)]
    fn load(chunk: &[u8]) -> m128i {
        let mut a = [0u8; 16];
        a.copy_from_slice(chunk);
        load_unaligned_m128i(&a)
    }

    /// Lanes of `a` in `lo..=lo + n` (unsigned): a - lo <= n ⇔ min(a - lo, n) == a - lo.
    #[inline(always)]
    fn in_range(a: m128i, lo: u8, n: u8) -> m128i {
        let d = sub_i8_m128i(a, set_splat_i8_m128i(lo as i8));
        cmp_eq_mask_i8_m128i(min_u8_m128i(d, set_splat_i8_m128i(n as i8)), d)
    }

    /// Lanes that are ASCII letters or digits.
    #[inline(always)]
    fn alnum(x: m128i) -> m128i {
        let letter = in_range(bitor_m128i(x, set_splat_i8_m128i(0x20)), b'a', 25);
        bitor_m128i(letter, in_range(x, b'0', 9))
    }

    /// Bit k set when byte k of the chunk is a control byte.
    #[inline(always)]
    fn ctl_mask(x: m128i) -> u32 {
        // x < 0x20 unsigned ⇔ min(x, 0x1f) == x.
        let below = cmp_eq_mask_i8_m128i(min_u8_m128i(x, set_splat_i8_m128i(0x1f)), x);
        let del = cmp_eq_mask_i8_m128i(x, set_splat_i8_m128i(0x7f));
        move_mask_i8_m128i(bitor_m128i(below, del)) as u32
    }

    /// A header name in one vector: the first byte that ends a name in the usual way (`:`, or
    /// a byte up to SP), when every byte before it is a letter, digit or `-` (which all known
    /// names are), and the known header it is, looked up in the same vector: the hash bytes
    /// come from it and the candidate's name is compared with it in one step. `None` when the
    /// name is not of that form or the vector does not reach past it: the caller then scans
    /// byte by byte and looks the name up, which gives the same answer.
    #[inline]
    pub(crate) fn name_end_known(buf: &[u8], from: usize) -> Option<(usize, Option<KnownHeader>)> {
        let mut a = [0u8; 16];
        a.copy_from_slice(buf.get(from..from + 16)?);
        let x = load_unaligned_m128i(&a);
        // x <= 0x20 unsigned ⇔ min(x, 0x20) == x.
        let ends = bitor_m128i(
            cmp_eq_mask_i8_m128i(min_u8_m128i(x, set_splat_i8_m128i(0x20)), x),
            cmp_eq_mask_i8_m128i(x, set_splat_i8_m128i(b':' as i8)),
        );
        let end = move_mask_i8_m128i(ends) as u32;
        if end == 0 {
            return None;
        }
        let k = end.trailing_zeros() as usize & 15;
        let ok = bitor_m128i(
            alnum(x),
            cmp_eq_mask_i8_m128i(x, set_splat_i8_m128i(b'-' as i8)),
        );
        let ok = move_mask_i8_m128i(ok) as u32;
        let before = (1u32 << k) - 1;
        if ok & before != before {
            return None;
        }
        if k < 2 {
            return Some((from + k, KnownHeader::from_name(&a[..k])));
        }
        let Some(i) = crate::known::candidate(k, a[0], a[1], a[k / 2], a[k - 1]) else {
            return Some((from + k, None));
        };
        // Letters, digits and '-' only, so `| 0x20` folds the case and nothing else.
        let folded = bitor_m128i(x, set_splat_i8_m128i(0x20));
        let want = load_unaligned_m128i(&crate::known::FOLDED16[i]);
        let same = move_mask_i8_m128i(cmp_eq_mask_i8_m128i(folded, want)) as u32;
        let known = usize::from(crate::known::NAME_LEN[i]) == k && same & before == before;
        Some((from + k, known.then_some(KnownHeader::ALL[i])))
    }

    /// Bits of the letters and digits, the dots and the dashes of a vector.
    #[inline(always)]
    fn host_classes(x: m128i) -> (u32, u32, u32) {
        let alnum = alnum(x);
        let dot = cmp_eq_mask_i8_m128i(x, set_splat_i8_m128i(b'.' as i8));
        let dash = cmp_eq_mask_i8_m128i(x, set_splat_i8_m128i(b'-' as i8));
        let m = |v: m128i| move_mask_i8_m128i(v) as u32;
        (m(alnum), m(dot), m(dash))
    }

    /// `buf` holds at least one vector.
    #[inline]
    pub(crate) fn find_byte(buf: &[u8], mut from: usize, needle: u8) -> Option<usize> {
        let n = set_splat_i8_m128i(needle as i8);
        loop {
            let rest = buf.len().checked_sub(from)?;
            if rest >= 16 {
                let m = move_mask_i8_m128i(cmp_eq_mask_i8_m128i(load(&buf[from..from + 16]), n));
                if m != 0 {
                    return Some(from + m.trailing_zeros() as usize);
                }
                from += 16;
            } else {
                let last = buf.len() - 16;
                let m = move_mask_i8_m128i(cmp_eq_mask_i8_m128i(load(&buf[last..]), n)) as u32;
                let m = m >> (from - last);
                return (m != 0).then(|| from + m.trailing_zeros() as usize);
            }
        }
    }

    #[inline(always)]
    pub(crate) fn hostname(b: &[u8], from: usize) -> Option<(usize, usize)> {
        // Bit k of each mask is byte from + k; bytes past the end of `b` are in none. Short
        // tails are read as the last vector of `b`, shifted into place.
        let n = b.len().checked_sub(from)?;
        let at = |k: usize| host_classes(load(&b[k..k + 16]));
        let (a, d, h) = if n >= 32 {
            let ((a0, d0, h0), (a1, d1, h1)) = (at(from), at(from + 16));
            (a0 | a1 << 16, d0 | d1 << 16, h0 | h1 << 16)
        } else if n >= 16 {
            let s = n - 16;
            let ((a0, d0, h0), (a1, d1, h1)) = (at(from), at(from + s));
            (a0 | a1 << s, d0 | d1 << s, h0 | h1 << s)
        } else {
            let last = b.len().checked_sub(16)?;
            let s = from - last;
            let (a, d, h) = at(last);
            (a >> s, d >> s, h >> s)
        };
        let end = (!(a | d | h)).trailing_zeros();
        if end == 0 || end >= 32 {
            return None;
        }
        let keep = (1u32 << end) - 1;
        let (d, h) = (d & keep, h & keep);
        let last = 1u32 << (end - 1);
        // A letter or digit first; no label starts or ends with '-'; no empty label.
        if a & 1 == 0
            || h & ((d << 1) | 1) != 0
            || h & (d >> 1) != 0
            || h & last != 0
            || d & (d << 1) != 0
        {
            return None;
        }
        // The last label starts after the last dot that is not a final one.
        let dots = d & !last;
        let top = if dots == 0 {
            0
        } else {
            32 - dots.leading_zeros()
        };
        Some((from + end as usize, from + top as usize))
    }

    #[inline]
    pub(crate) fn find_ctl(buf: &[u8], from: usize) -> Option<usize> {
        let mut i = from;
        while let Some(chunk) = buf.get(i..i + 16) {
            let m = ctl_mask(load(chunk));
            if m != 0 {
                return Some(i + m.trailing_zeros() as usize);
            }
            i += 16;
        }
        super::find_ctl_swar(buf, i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every position of every length up to three words, in runs of
    /// letters and of digits, from every start.
    #[test]
    fn alnum_run_end_matches_bytewise() {
        let bytewise = |b: &[u8], from: usize| {
            from + b.get(from..).map_or(0, |r| {
                r.iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .unwrap_or(r.len())
            })
        };
        for fill in [b'a', b'Z', b'7'] {
            for len in 0..24 {
                for at in 0..len {
                    for v in 0..=255u8 {
                        let mut b = vec![fill; len];
                        b[at] = v;
                        for from in 0..=len {
                            assert_eq!(
                                alnum_run_end(&b, from),
                                bytewise(&b, from),
                                "{b:?} from {from}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// Every byte value at every position of `fill` runs shorter than `max_len`, from every
    /// start and one past the end: `check` sees each input and start.
    fn every_probe(max_len: usize, fill: u8, mut check: impl FnMut(&[u8], usize)) {
        for len in 0..max_len {
            for at in 0..len {
                for v in 0..=255u8 {
                    let mut b = vec![fill; len];
                    b[at] = v;
                    for from in 0..=len + 1 {
                        check(&b, from);
                    }
                }
            }
        }
    }

    /// The first position at or after `from` whose byte `is`, one at a time.
    fn first_bytewise(b: &[u8], from: usize, is: impl Fn(u8) -> bool) -> Option<usize> {
        b.get(from..)
            .and_then(|r| r.iter().position(|&c| is(c)))
            .map(|k| from + k)
    }

    /// Every byte value at every position of every length up to three words.
    #[test]
    fn find_quote_stop_matches_bytewise() {
        every_probe(24, b'x', |b, from| {
            let want = first_bytewise(b, from, is_quote_stop);
            assert_eq!(find_quote_stop(b, from), want, "{b:?} from {from}");
        });
    }

    /// Every byte value at every position of names up to two vectors long, with the usual
    /// endings and without: the vector path agrees with the bytewise scan.
    #[test]
    fn header_name_matches_bytewise() {
        for len in 1..34 {
            for at in 0..len {
                for v in 0..=255u8 {
                    for ending in [
                        &b": x\r\n                "[..],
                        b" : x\r\n               ",
                        b"",
                    ] {
                        let mut b = vec![b'A'; len];
                        b[at] = v;
                        b.extend_from_slice(ending);
                        for from in [0, 1] {
                            let (end, known) = header_name(&b, from);
                            assert_eq!(end, token_end_bytewise(&b, from), "{b:?}");
                            if let Some(known) = known {
                                assert_eq!(known, KnownHeader::from_name(&b[from..end]), "{b:?}");
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every known name and compact form, in three cases, with the usual endings and without:
    /// the vector lookup names it as the bytewise lookup does; so do near misses.
    #[test]
    fn header_name_knows_every_known_name() {
        for &k in KnownHeader::ALL {
            let mut names = vec![k.as_str().to_string()];
            names.extend(k.compact().map(|c| c.to_string()));
            for name in names {
                let mut near = name.clone();
                near.pop();
                let mut other = name.clone();
                other.push('x');
                for n in [
                    name.clone(),
                    name.to_ascii_lowercase(),
                    name.to_ascii_uppercase(),
                    near,
                    other,
                ] {
                    for ending in [": value of some length\r\n", " : x\r\n", ":"] {
                        let b = format!("{n}{ending}");
                        let (end, known) = header_name(b.as_bytes(), 0);
                        assert_eq!(end, n.len(), "{b:?}");
                        let want = KnownHeader::from_name(n.as_bytes());
                        assert_eq!(known.unwrap_or(want), want, "{b:?}");
                        // Short names followed by enough bytes take the vector path.
                        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
                        if n.len() < 16 && b.len() >= 16 {
                            assert_eq!(known, Some(want), "{b:?}");
                        }
                    }
                }
            }
        }
    }

    /// Every string over the bytes that matter to a host name (and a few that end it), up to
    /// six long, inside strings long enough and too short for the vector reads, from every
    /// start: the vector scan finds what the bytewise scan finds, or defers to it.
    #[test]
    fn hostname_matches_bytewise() {
        use crate::decode::uri::hostname_bytewise;
        let alphabet = b"a9-.:\xc3";
        let mut word = Vec::new();
        let mut found = 0;
        for len in 0..=5u32 {
            for mut code in 0..alphabet.len().pow(len) {
                word.clear();
                for _ in 0..len {
                    word.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                for pad in [0usize, 3, 9, 14, 20, 26, 31, 40] {
                    let mut b = b"sip:u@".to_vec();
                    b.extend(std::iter::repeat_n(b'x', pad));
                    b.extend_from_slice(&word);
                    for tail in [&b""[..], b";x", b">0123456789abcdef0123456789"] {
                        let mut b = b.clone();
                        b.extend_from_slice(tail);
                        let at = 6 + pad;
                        for from in [0, at - 1, at, at + 1] {
                            let want = hostname_bytewise(&b, from);
                            if let Some(got) = hostname(&b, from) {
                                assert_eq!(
                                    Some(got),
                                    want,
                                    "{:?} from {from}",
                                    String::from_utf8_lossy(&b)
                                );
                                found += 1;
                            }
                        }
                    }
                }
            }
        }
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        {
            assert!(found > 10_000, "the vector scan answered {found} times");
            let uri = b"sip:bob@biloxi.example.com";
            assert_eq!(hostname(uri, 8), Some((26, 23)));
            let via = b"SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9";
            assert_eq!(hostname(via, 12), Some((38, 35)));
        }
        let _ = found;
    }

    #[test]
    fn find_byte_matches_position() {
        for len in 0..40 {
            for at in 0..len {
                for v in [0u8, b'\n', b' ', b'>', 0x80, 0xff] {
                    let mut b = vec![b'x'; len];
                    b[at] = v;
                    for from in 0..=len + 1 {
                        let want = first_bytewise(&b, from, |c| c == v);
                        assert_eq!(find_byte(&b, from, v), want, "{b:?} from {from}");
                        assert_eq!(find_byte_swar(&b, from, v), want, "{b:?} from {from}");
                    }
                }
            }
        }
    }

    #[test]
    fn find_ctl_matches_bytewise() {
        every_probe(48, b'a', |b, from| {
            let want = first_bytewise(b, from, is_ctl);
            assert_eq!(find_ctl(b, from), want, "{b:?} from {from}");
            assert_eq!(find_ctl_swar(b, from), want, "{b:?} from {from}");
        });
    }
}
