//! Human-readable serde forms (feature `serde`): octet strings as lower-case hex and SMS
//! timestamps as RFC 3339 text in JSON and other human-readable formats, the octets themselves in
//! binary formats; both read back.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

/// Octets as hex text (human-readable formats) or bytes; reads hex text, a list of numbers or
/// bytes.
pub(crate) mod hex_bytes {
    use super::{Deserializer, Serializer, Visitor, de};

    /// Writes `bytes`.
    pub(crate) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&rcs_base::hex::encode(bytes))
        } else {
            s.serialize_bytes(bytes)
        }
    }

    /// Reads what [`serialize`] wrote (or a list of numbers).
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct Octets;
        impl<'de> Visitor<'de> for Octets {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("hex text or octets")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
                rcs_base::hex::decode(v.as_bytes())
                    .ok_or_else(|| E::custom("not an even run of hex digits"))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
                // Bounded by the input: each element was read from it.
                let mut out = Vec::new();
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(out)
            }
        }
        d.deserialize_any(Octets)
    }

    /// The same for a fixed array of seven octets (enhanced validity periods).
    pub(crate) mod seven {
        use super::{Deserializer, Serializer, de};

        /// Writes the octets.
        pub(crate) fn serialize<S: Serializer>(bytes: &[u8; 7], s: S) -> Result<S::Ok, S::Error> {
            super::serialize(bytes, s)
        }

        /// Reads seven octets.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 7], D::Error> {
            let v = super::deserialize(d)?;
            <[u8; 7]>::try_from(v.as_slice())
                .map_err(|_| de::Error::invalid_length(v.len(), &"7 octets"))
        }
    }
}

impl serde::Serialize for crate::Timestamp {
    /// `"2026-12-05T19:00:48+08:00"` when that text reads back as the same octets (every
    /// digit decimal, the offset's within its range), else the seven octets as hex; the octets
    /// in binary formats.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            return serde::Serialize::serialize(&self.0, s);
        }
        let text = self.to_string();
        if parse_rfc3339(&text) == Some(*self) {
            s.serialize_str(&text)
        } else {
            s.serialize_str(&rcs_base::hex::encode(&self.0))
        }
    }
}

impl<'de> serde::Deserialize<'de> for crate::Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Stamp;
        impl<'de> Visitor<'de> for Stamp {
            type Value = crate::Timestamp;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("\"20YY-MM-DDTHH:MM:SS+HH:MM\", 14 hex digits or 7 octets")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<crate::Timestamp, E> {
                if let Some(t) = parse_rfc3339(v) {
                    return Ok(t);
                }
                rcs_base::hex::decode(v.as_bytes())
                    .and_then(|o| <[u8; 7]>::try_from(o.as_slice()).ok())
                    .map(crate::Timestamp)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<crate::Timestamp, E> {
                <[u8; 7]>::try_from(v)
                    .map(crate::Timestamp)
                    .map_err(|_| E::invalid_length(v.len(), &self))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<crate::Timestamp, A::Error> {
                let mut o = [0u8; 7];
                for (i, slot) in o.iter_mut().enumerate() {
                    *slot = seq
                        .next_element()?
                        .ok_or_else(|| de::Error::invalid_length(i, &self))?;
                }
                if seq.next_element::<u8>()?.is_some() {
                    return Err(de::Error::invalid_length(8, &self));
                }
                Ok(crate::Timestamp(o))
            }
        }
        if d.is_human_readable() {
            d.deserialize_any(Stamp)
        } else {
            d.deserialize_tuple(7, Stamp)
        }
    }
}

/// `20YY-MM-DDTHH:MM:SS±HH:MM` with the offset a whole number of quarter hours, as `Display`
/// writes it.
fn parse_rfc3339(v: &str) -> Option<crate::Timestamp> {
    let b = v.as_bytes();
    if b.len() != 25 || !v.starts_with("20") {
        return None;
    }
    let num = |i: usize| -> Option<u8> {
        let d = |c: u8| c.is_ascii_digit().then(|| c - b'0');
        Some(d(b[i])? * 10 + d(b[i + 1])?)
    };
    let seps = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (22, b':'),
    ];
    if seps.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let sign: i16 = match b[19] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let minutes = i16::from(num(20)?) * 60 + i16::from(num(23)?);
    if minutes % 15 != 0 || minutes / 15 > 79 {
        return None;
    }
    let (year, month, day) = (num(2)?, num(5)?, num(8)?);
    let (hour, minute, second) = (num(11)?, num(14)?, num(17)?);
    let mut t = crate::Timestamp::new(
        year,
        month,
        day,
        hour,
        minute,
        second,
        (sign * minutes / 15) as i8,
    );
    if sign < 0 {
        // `-00:00`: the sign bit without quarter hours.
        t.0[6] |= 0x08;
    }
    Some(t)
}

impl serde::Serialize for crate::UserData {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Body<'b>(&'b [u8]);
        impl serde::Serialize for Body<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                hex_bytes::serialize(self.0, s)
            }
        }
        let mut st = s.serialize_struct("UserData", 5)?;
        st.serialize_field("header", &self.header)?;
        st.serialize_field("alphabet", &self.alphabet)?;
        st.serialize_field("body", &Body(&self.body))?;
        st.serialize_field("udl", &self.udl())?;
        st.serialize_field("text", &self.text())?;
        st.end()
    }
}

/// `U+XXXX`.
fn codepoint(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

impl serde::Serialize for crate::Fold {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Fold", 4)?;
        st.serialize_field("char", &self.ch)?;
        st.serialize_field("codepoint", &codepoint(self.ch))?;
        st.serialize_field("offset", &self.offset)?;
        st.serialize_field("replacement", self.replacement)?;
        st.end()
    }
}

impl serde::Serialize for crate::ForcedChar {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ForcedChar", 4)?;
        st.serialize_field("char", &self.ch)?;
        st.serialize_field("codepoint", &codepoint(self.ch))?;
        st.serialize_field("offset", &self.offset)?;
        st.serialize_field("count", &self.count)?;
        st.end()
    }
}

impl serde::Serialize for crate::SmsPlan<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(serde::Serialize)]
        struct National {
            locking: Option<&'static str>,
            single_shift: Option<&'static str>,
        }
        #[derive(serde::Serialize)]
        struct PartView<'p> {
            text: &'p str,
            start: usize,
            end: usize,
            length: usize,
        }
        let encoding = self.encoding();
        let national = match encoding {
            crate::Encoding::Gsm7(cs) if !cs.is_default() => Some(National {
                locking: cs.locking().map(crate::NationalLanguage::name),
                single_shift: cs.single_shift().map(crate::NationalLanguage::name),
            }),
            _ => None,
        };
        let parts: Vec<PartView<'_>> = self
            .parts()
            .iter()
            .enumerate()
            .map(|(i, p)| PartView {
                text: self.part_text(i).unwrap_or_default(),
                start: p.range.start,
                end: p.range.end,
                length: p.length,
            })
            .collect();
        let mut st = s.serialize_struct("SmsPlan", 7)?;
        st.serialize_field("encoding", encoding.name())?;
        st.serialize_field("national", &national)?;
        st.serialize_field("segments", &self.segments())?;
        st.serialize_field(
            "unit",
            match encoding {
                crate::Encoding::Gsm7(_) => "septets",
                crate::Encoding::Ucs2 => "units",
            },
        )?;
        st.serialize_field("parts", &parts)?;
        st.serialize_field("forced_by", &self.forced_by())?;
        st.serialize_field("folded", self.folds())?;
        st.end()
    }
}
