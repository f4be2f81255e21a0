//! TP-User-Data (TS 23.040 §9.2.3.24): an optional header, then text in one of three
//! alphabets, with TP-UDL counted in septets (GSM 7-bit) or octets.

use crate::error::{DecodeError, ErrorKind};
use crate::gsm7::{pack_into, packed_len, unpack_septets};
use crate::sink::Sink;
use crate::udh::UserDataHeader;

/// The character set of the user data, from the data coding scheme (TS 23.038 §4).
/// Serializes (feature `serde`) as `"gsm7"`, `"8bit"` or `"ucs2"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Alphabet {
    /// GSM 7-bit (default or national tables, chosen by the header).
    #[default]
    #[cfg_attr(feature = "serde", serde(rename = "gsm7", alias = "Gsm7"))]
    Gsm7,
    /// 8-bit data.
    #[cfg_attr(feature = "serde", serde(rename = "8bit", alias = "Eight"))]
    Eight,
    /// UCS-2, read as UTF-16 (surrogate pairs allowed).
    #[cfg_attr(feature = "serde", serde(rename = "ucs2", alias = "Ucs2"))]
    Ucs2,
}

impl Alphabet {
    /// The most TP-UDL may be: 160 septets or 140 octets.
    pub fn max_udl(self) -> usize {
        match self {
            Self::Gsm7 => 160,
            Self::Eight | Self::Ucs2 => 140,
        }
    }
}

/// One SMS's user data.
///
/// Serializes (feature `serde`) as `{"header", "alphabet", "body": hex, "udl", "text"}`: `udl`
/// (TP-UDL) and `text` (decoded, `null` when it does not decode) are written for readers and
/// ignored when read back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
pub struct UserData {
    /// The user data header (TP-UDHI set), if any.
    pub header: Option<UserDataHeader>,
    /// The alphabet of `body`.
    pub alphabet: Alphabet,
    /// The text after the header: septets one per octet for GSM 7-bit (escapes included),
    /// octets otherwise (UTF-16BE for UCS-2).
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::serde_forms::hex_bytes::deserialize")
    )]
    pub body: Vec<u8>,
}

/// Septets a header of `octets` octets takes, fill bits included (TS 23.040 §9.2.3.24).
pub(crate) fn header_septets(octets: usize) -> usize {
    (octets * 8).div_ceil(7)
}

/// Fill bits between a header of `octets` octets and the first septet.
pub(crate) fn fill_bits(octets: usize) -> u8 {
    ((7 - (octets * 8) % 7) % 7) as u8
}

impl UserData {
    fn header_len(&self) -> usize {
        self.header.as_ref().map_or(0, UserDataHeader::encoded_len)
    }

    /// TP-UDL: septets (header and fill included) for GSM 7-bit, octets otherwise.
    pub fn udl(&self) -> usize {
        let h = self.header_len();
        match self.alphabet {
            Alphabet::Gsm7 => header_septets(h) + self.body.len(),
            Alphabet::Eight | Alphabet::Ucs2 => h + self.body.len(),
        }
    }

    /// Octets of TP-UD.
    pub fn encoded_len(&self) -> usize {
        let h = self.header_len();
        match self.alphabet {
            Alphabet::Gsm7 => h + packed_len(self.body.len(), fill_bits(h)),
            Alphabet::Eight | Alphabet::Ucs2 => h + self.body.len(),
        }
    }

    crate::sink::encoding_methods!(own_len write);

    /// TP-UD: header, fill bits, packed text.
    pub(crate) fn write(&self, out: &mut impl Sink) {
        if let Some(h) = &self.header {
            h.write(out);
        }
        match self.alphabet {
            Alphabet::Gsm7 => pack_into(&self.body, fill_bits(self.header_len()), out),
            Alphabet::Eight | Alphabet::Ucs2 => out.extend_from_slice(&self.body),
        }
    }

    /// Reads TP-UD: `ud` is exactly the user data octets, `udl` the TP-UDL, `udhi` the
    /// TP-UDHI bit. Lengths are checked against each other before anything is allocated.
    pub fn parse(ud: &[u8], udl: u8, udhi: bool, alphabet: Alphabet) -> Result<Self, DecodeError> {
        let udl = usize::from(udl);
        if udl > alphabet.max_udl() {
            return Err(DecodeError::new(ErrorKind::InvalidLength, 0, "TP-UDL"));
        }
        let octets = match alphabet {
            Alphabet::Gsm7 => packed_len(udl, 0),
            Alphabet::Eight | Alphabet::Ucs2 => udl,
        };
        if ud.len() < octets {
            return Err(DecodeError::new(ErrorKind::Incomplete, ud.len(), "TP-UD"));
        }
        if ud.len() > octets {
            return Err(DecodeError::new(ErrorKind::TrailingBytes, octets, "TP-UD"));
        }
        if udhi && udl == 0 {
            // TS 23.040 §9.2.3.24: with TP-UDHI set, TP-UD starts with the header length octet,
            // so there is at least one.
            return Err(DecodeError::new(ErrorKind::InvalidHeader, 0, "UDHL"));
        }
        let (header, h) = if udhi {
            let (header, h) = UserDataHeader::parse_prefix(ud)?;
            (Some(header), h)
        } else {
            (None, 0)
        };
        let body = match alphabet {
            Alphabet::Gsm7 => {
                let skip = header_septets(h);
                let Some(count) = udl.checked_sub(skip) else {
                    return Err(DecodeError::new(ErrorKind::InvalidHeader, 0, "UDHL"));
                };
                unpack_septets(&ud[h..], fill_bits(h), count).ok_or(DecodeError::new(
                    ErrorKind::Incomplete,
                    h,
                    "TP-UD",
                ))?
            }
            Alphabet::Eight | Alphabet::Ucs2 => {
                if h > udl {
                    return Err(DecodeError::new(ErrorKind::InvalidHeader, 0, "UDHL"));
                }
                ud[h..udl].to_vec()
            }
        };
        Ok(Self {
            header,
            alphabet,
            body,
        })
    }

    /// The text: GSM 7-bit through the header's national tables, UCS-2 as UTF-16BE (a lone
    /// surrogate or an odd last octet reads as U+FFFD), `None` for 8-bit data.
    pub fn text(&self) -> Option<String> {
        match self.alphabet {
            Alphabet::Gsm7 => {
                let charset = self
                    .header
                    .as_ref()
                    .map(UserDataHeader::charset)
                    .unwrap_or_default();
                Some(charset.decode(&self.body))
            }
            Alphabet::Ucs2 => Some(utf16be_lossy(&self.body)),
            Alphabet::Eight => None,
        }
    }
}

/// UTF-16BE octets as text; a lone surrogate or an odd last octet becomes U+FFFD.
pub fn utf16be_lossy(octets: &[u8]) -> String {
    let units = octets.chunks(2).map(|c| {
        if c.len() == 2 {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            0xFFFD
        }
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn udhi_needs_a_header_length_octet() {
        for alphabet in [Alphabet::Gsm7, Alphabet::Eight, Alphabet::Ucs2] {
            let e = UserData::parse(&[], 0, true, alphabet).unwrap_err();
            assert_eq!(
                (e.kind(), e.field()),
                (ErrorKind::InvalidHeader, Some("UDHL"))
            );
            assert_eq!(
                UserData::parse(&[], 0, false, alphabet).unwrap().body,
                Vec::<u8>::new()
            );
        }
        // Through a whole SMS-DELIVER: TP-UDHI set (0x44), TP-UDL 0.
        let deliver = [
            0x44, 0x0B, 0x91, 0x68, 0x31, 0x08, 0x10, 0x83, 0xF0, 0x00, 0x00, 0x62, 0x21, 0x50,
            0x11, 0x00, 0x84, 0x23, 0x00,
        ];
        assert!(crate::Tpdu::parse(&deliver).is_err());
        let mut plain = deliver;
        plain[0] = 0x04;
        assert!(crate::Tpdu::parse(&plain).is_ok());
    }
    use crate::udh::InformationElement;

    #[test]
    fn fill_bits_after_headers() {
        assert_eq!((header_septets(6), fill_bits(6)), (7, 1));
        assert_eq!((header_septets(7), fill_bits(7)), (8, 0));
        assert_eq!((header_septets(4), fill_bits(4)), (5, 3));
        assert_eq!((header_septets(0), fill_bits(0)), (0, 0));
    }

    #[test]
    fn gsm7_with_concat_header_round_trips() {
        let ud = UserData {
            header: Some(UserDataHeader {
                elements: vec![InformationElement::Concat8 {
                    reference: 7,
                    total: 2,
                    sequence: 1,
                }],
            }),
            alphabet: Alphabet::Gsm7,
            body: b"hellohello".to_vec(),
        };
        let bytes = ud.to_bytes();
        assert_eq!(ud.udl(), 17);
        // Header, then "hellohello" packed after one fill bit (corpus packing vector).
        assert_eq!(
            bytes[6..],
            [0xD0, 0x65, 0x36, 0xFB, 0x8D, 0x2E, 0xB3, 0xD9, 0x6F]
        );
        let back = UserData::parse(&bytes, 17, true, Alphabet::Gsm7).unwrap();
        assert_eq!(back, ud);
        assert_eq!(back.text().unwrap(), "hellohello");
    }

    #[test]
    fn lengths_are_checked() {
        let e = UserData::parse(&[0; 3], 161, false, Alphabet::Gsm7).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidLength);
        let e = UserData::parse(&[0; 3], 4, false, Alphabet::Gsm7).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Incomplete);
        let e = UserData::parse(&[0; 5], 4, false, Alphabet::Gsm7).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TrailingBytes);
        // UDHL claims more septets than TP-UDL has.
        let e = UserData::parse(&[5, 0, 3, 1, 2, 1], 6, true, Alphabet::Gsm7).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidHeader);
    }

    #[test]
    fn ucs2_surrogates() {
        let body = "a😀"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect::<Vec<_>>();
        assert_eq!(utf16be_lossy(&body), "a😀");
        assert_eq!(utf16be_lossy(&body[..4]), "a\u{FFFD}");
    }
}
