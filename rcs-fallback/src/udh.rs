//! The user data header (TS 23.040 §9.2.3.24): information elements in front of the text.

use crate::error::{DecodeError, ErrorKind};
use crate::gsm7::{Gsm7Charset, NationalLanguage};
use crate::sink::Sink;

/// One information element of a user data header.
///
/// Values are owned: a header is at most 139 octets, and the elements are copied out once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum InformationElement {
    /// IEI 0x00: concatenated short message, 8-bit reference.
    Concat8 {
        /// Concatenated short message reference number.
        reference: u8,
        /// How many parts the message has.
        total: u8,
        /// This part's number, from 1.
        sequence: u8,
    },
    /// IEI 0x08: concatenated short message, 16-bit reference.
    Concat16 {
        /// Concatenated short message reference number.
        reference: u16,
        /// How many parts the message has.
        total: u8,
        /// This part's number, from 1.
        sequence: u8,
    },
    /// IEI 0x04: application port addressing, 8-bit ports.
    Ports8 {
        /// Destination port.
        destination: u8,
        /// Originator port.
        originator: u8,
    },
    /// IEI 0x05: application port addressing, 16-bit ports (WAP push uses 2948 / 9200).
    Ports16 {
        /// Destination port.
        destination: u16,
        /// Originator port.
        originator: u16,
    },
    /// IEI 0x24: national language single shift.
    NationalSingleShift(NationalLanguage),
    /// IEI 0x25: national language locking shift.
    NationalLockingShift(NationalLanguage),
    /// IEI 0x70: (U)SIM toolkit security headers (no data; the security header is in the
    /// user data itself, TS 31.115).
    SimToolkitSecurity,
    /// Any other element, or a known IEI with a value we do not model (an unknown language).
    Other {
        /// The information element identifier.
        iei: u8,
        /// Its data.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_forms::hex_bytes"))]
        data: Vec<u8>,
    },
}

impl InformationElement {
    /// The information element identifier.
    pub fn iei(&self) -> u8 {
        match self {
            Self::Concat8 { .. } => 0x00,
            Self::Concat16 { .. } => 0x08,
            Self::Ports8 { .. } => 0x04,
            Self::Ports16 { .. } => 0x05,
            Self::NationalSingleShift(_) => 0x24,
            Self::NationalLockingShift(_) => 0x25,
            Self::SimToolkitSecurity => 0x70,
            Self::Other { iei, .. } => *iei,
        }
    }

    /// Octets the element takes: IEI, length and data.
    pub fn encoded_len(&self) -> usize {
        2 + match self {
            Self::Concat8 { .. } => 3,
            Self::Concat16 { .. } | Self::Ports16 { .. } => 4,
            Self::Ports8 { .. } => 2,
            Self::NationalSingleShift(_) | Self::NationalLockingShift(_) => 1,
            Self::SimToolkitSecurity => 0,
            Self::Other { data, .. } => data.len(),
        }
    }

    crate::sink::encoding_methods!(own_len write);

    pub(crate) fn write(&self, out: &mut impl Sink) {
        out.push(self.iei());
        out.push((self.encoded_len() - 2) as u8);
        match self {
            Self::Concat8 {
                reference,
                total,
                sequence,
            } => out.extend_from_slice(&[*reference, *total, *sequence]),
            Self::Concat16 {
                reference,
                total,
                sequence,
            } => {
                out.extend_from_slice(&reference.to_be_bytes());
                out.extend_from_slice(&[*total, *sequence]);
            }
            Self::Ports8 {
                destination,
                originator,
            } => out.extend_from_slice(&[*destination, *originator]),
            Self::Ports16 {
                destination,
                originator,
            } => {
                out.extend_from_slice(&destination.to_be_bytes());
                out.extend_from_slice(&originator.to_be_bytes());
            }
            Self::NationalSingleShift(l) | Self::NationalLockingShift(l) => out.push(l.id()),
            Self::SimToolkitSecurity => {}
            Self::Other { data, .. } => out.extend_from_slice(data),
        }
    }

    /// Reads one element's data. Elements whose length their IEI does not allow are errors;
    /// unknown IEIs and unknown language identifiers become [`Other`](Self::Other).
    fn decode(iei: u8, data: &[u8]) -> Result<Self, ErrorKind> {
        let fixed = |n: usize| {
            if data.len() == n {
                Ok(())
            } else {
                Err(ErrorKind::InvalidElement)
            }
        };
        Ok(match iei {
            0x00 => {
                fixed(3)?;
                Self::Concat8 {
                    reference: data[0],
                    total: data[1],
                    sequence: data[2],
                }
            }
            0x08 => {
                fixed(4)?;
                Self::Concat16 {
                    reference: u16::from_be_bytes([data[0], data[1]]),
                    total: data[2],
                    sequence: data[3],
                }
            }
            0x04 => {
                fixed(2)?;
                Self::Ports8 {
                    destination: data[0],
                    originator: data[1],
                }
            }
            0x05 => {
                fixed(4)?;
                Self::Ports16 {
                    destination: u16::from_be_bytes([data[0], data[1]]),
                    originator: u16::from_be_bytes([data[2], data[3]]),
                }
            }
            0x24 | 0x25 => {
                fixed(1)?;
                match NationalLanguage::from_id(data[0]) {
                    Some(l) if iei == 0x24 => Self::NationalSingleShift(l),
                    Some(l) if l.has_locking_table() => Self::NationalLockingShift(l),
                    _ => Self::Other {
                        iei,
                        data: data.to_vec(),
                    },
                }
            }
            0x70 => {
                fixed(0)?;
                Self::SimToolkitSecurity
            }
            _ => Self::Other {
                iei,
                data: data.to_vec(),
            },
        })
    }
}

/// A user data header: its information elements in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UserDataHeader {
    /// The elements, in the order sent.
    pub elements: Vec<InformationElement>,
}

/// Which part of a concatenated message a header says this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ConcatInfo {
    /// The reference (8-bit references widened).
    pub reference: u16,
    /// Whether the reference was 16-bit (IEI 0x08).
    pub wide: bool,
    /// How many parts.
    pub total: u8,
    /// This part, from 1.
    pub sequence: u8,
}

impl UserDataHeader {
    /// Octets the header takes, the UDHL octet included.
    pub fn encoded_len(&self) -> usize {
        1 + self
            .elements
            .iter()
            .map(InformationElement::encoded_len)
            .sum::<usize>()
    }

    crate::sink::encoding_methods!(own_len write);

    pub(crate) fn write(&self, out: &mut impl Sink) {
        out.push((self.encoded_len() - 1) as u8);
        for e in &self.elements {
            e.write(out);
        }
    }

    /// Reads a header from the start of `ud` (UDHL first). Returns it and the octets it took.
    pub fn parse_prefix(ud: &[u8]) -> Result<(Self, usize), DecodeError> {
        let Some(&udhl) = ud.first() else {
            return Err(DecodeError::new(ErrorKind::Incomplete, 0, "UDHL"));
        };
        let end = 1 + usize::from(udhl);
        if ud.len() < end {
            return Err(DecodeError::new(ErrorKind::InvalidHeader, 0, "UDHL"));
        }
        let mut elements = Vec::new();
        let mut at = 1;
        while at < end {
            if at + 2 > end {
                return Err(DecodeError::new(ErrorKind::InvalidHeader, at, "UDH"));
            }
            let (iei, len) = (ud[at], usize::from(ud[at + 1]));
            let data_end = at + 2 + len;
            if data_end > end {
                return Err(DecodeError::new(ErrorKind::InvalidHeader, at + 1, "UDH"));
            }
            let element = InformationElement::decode(iei, &ud[at + 2..data_end])
                .map_err(|kind| DecodeError::new(kind, at, "UDH information element"))?;
            elements.push(element);
            at = data_end;
        }
        Ok((Self { elements }, end))
    }

    /// The concatenation element, if any (the first one, if a sender put two).
    pub fn concat(&self) -> Option<ConcatInfo> {
        self.elements.iter().find_map(|e| match *e {
            InformationElement::Concat8 {
                reference,
                total,
                sequence,
            } => Some(ConcatInfo {
                reference: u16::from(reference),
                wide: false,
                total,
                sequence,
            }),
            InformationElement::Concat16 {
                reference,
                total,
                sequence,
            } => Some(ConcatInfo {
                reference,
                wide: true,
                total,
                sequence,
            }),
            _ => None,
        })
    }

    /// The GSM 7-bit character set the national language elements select (the last of each
    /// kind wins, as a receiver reading in order would apply them).
    pub fn charset(&self) -> Gsm7Charset {
        let mut locking = None;
        let mut single = None;
        for e in &self.elements {
            match *e {
                InformationElement::NationalLockingShift(l) => locking = Some(l),
                InformationElement::NationalSingleShift(l) => single = Some(l),
                _ => {}
            }
        }
        Gsm7Charset::new(locking, single).unwrap_or_default()
    }

    /// The destination and originator ports, if an element addresses them.
    pub fn ports(&self) -> Option<(u16, u16)> {
        self.elements.iter().find_map(|e| match *e {
            InformationElement::Ports8 {
                destination,
                originator,
            } => Some((u16::from(destination), u16::from(originator))),
            InformationElement::Ports16 {
                destination,
                originator,
            } => Some((destination, originator)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_and_nls_round_trip() {
        let h = UserDataHeader {
            elements: vec![
                InformationElement::Concat8 {
                    reference: 0x42,
                    total: 2,
                    sequence: 1,
                },
                InformationElement::NationalLockingShift(NationalLanguage::Turkish),
            ],
        };
        let mut out = Vec::new();
        h.encode(&mut out);
        assert_eq!(out, [0x08, 0x00, 0x03, 0x42, 0x02, 0x01, 0x25, 0x01, 0x01]);
        assert_eq!(UserDataHeader::parse_prefix(&out).unwrap(), (h.clone(), 9));
        assert_eq!(h.charset().locking(), Some(NationalLanguage::Turkish));
        assert_eq!(h.concat().unwrap().reference, 0x42);
    }

    #[test]
    fn lying_lengths_are_errors() {
        // UDHL past the end.
        assert_eq!(
            UserDataHeader::parse_prefix(&[0x05, 0x00, 0x03])
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidHeader
        );
        // IE length past the UDHL.
        assert_eq!(
            UserDataHeader::parse_prefix(&[0x03, 0x00, 0x03, 0x01])
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidHeader
        );
        // Concat8 with four octets.
        assert_eq!(
            UserDataHeader::parse_prefix(&[0x06, 0x00, 0x04, 1, 2, 3, 4])
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidElement
        );
        // Unknown language identifier is kept, not refused.
        let (h, _) = UserDataHeader::parse_prefix(&[0x03, 0x24, 0x01, 0x63]).unwrap();
        assert_eq!(
            h.elements,
            [InformationElement::Other {
                iei: 0x24,
                data: vec![0x63]
            }]
        );
    }
}
