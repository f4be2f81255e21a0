//! SMS transfer protocol data units (3GPP TS 23.040 §9.2): SMS-SUBMIT, SMS-DELIVER and
//! SMS-STATUS-REPORT, and the SMSC address that precedes them in AT-command PDU mode.
//!
//! Every field is kept as sent (flags, the type-of-address octet, timestamps as their seven
//! octets), so a decoded TPDU encodes back byte for byte — except what carries no value and is
//! written canonically: spare and fill bits (zero), the filler of an odd digit count (0xF) and
//! an alphanumeric address's semi-octet count. Accessors read the typed values.

use core::fmt;

use crate::error::{DecodeError, ErrorKind};
use crate::gsm7::{Gsm7Charset, pack_septets, unpack_septets};
use crate::sink::Sink;
use crate::sms::{ReferenceSource, SmsPlan};
use crate::user_data::{Alphabet, UserData};

/// An address: TP-DA, TP-OA, TP-RA or the SMSC address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Address {
    /// The type-of-address octet: bit 7 set, type of number in bits 6–4, numbering plan in
    /// bits 3–0 (TS 23.040 §9.1.2.5).
    pub type_of_address: u8,
    /// Digits (`0`–`9`, `*`, `#`, `a`, `b`, `c`) or, for an alphanumeric address, its text.
    pub value: String,
}

/// Type of number 0b101: the value is GSM 7-bit text.
const TON_ALPHANUMERIC: u8 = 5;
/// Type of number 0b001: international.
const TON_INTERNATIONAL: u8 = 1;

impl Address {
    /// An international number (`+8613800138000` or `8613800138000`), ISDN plan: type 0x91.
    pub fn international(number: &str) -> Result<Self, AddressError> {
        Self::digits(0x91, number.strip_prefix('+').unwrap_or(number))
    }

    /// A national number, ISDN plan: type 0xA1.
    pub fn national(number: &str) -> Result<Self, AddressError> {
        Self::digits(0xA1, number)
    }

    /// A number of unknown type, ISDN plan: type 0x81 (what short codes usually use).
    pub fn unknown(number: &str) -> Result<Self, AddressError> {
        Self::digits(0x81, number)
    }

    /// An alphanumeric sender (`FONIC`, `www.tim.it`): type 0xD0, at most 11 GSM 7-bit
    /// characters (the address field's 20 semi-octets).
    pub fn alphanumeric(text: &str) -> Result<Self, AddressError> {
        let mut septets = Vec::new();
        Gsm7Charset::DEFAULT
            .encode(text, &mut septets)
            .map_err(|_| AddressError::NotGsm7)?;
        if septets.len() > 11 {
            return Err(AddressError::TooLong);
        }
        Ok(Self {
            type_of_address: 0xD0,
            value: text.to_string(),
        })
    }

    fn digits(type_of_address: u8, number: &str) -> Result<Self, AddressError> {
        if number.len() > 20 {
            return Err(AddressError::TooLong);
        }
        if !number.bytes().all(|b| semi_octet(b).is_some()) {
            return Err(AddressError::NotDigits);
        }
        Ok(Self {
            type_of_address,
            value: number.to_string(),
        })
    }

    /// The type of number (bits 6–4): 0 unknown, 1 international, 2 national, 5 alphanumeric.
    pub fn type_of_number(&self) -> u8 {
        self.type_of_address >> 4 & 0x07
    }

    /// The numbering plan (bits 3–0): 1 is ISDN/E.164.
    pub fn numbering_plan(&self) -> u8 {
        self.type_of_address & 0x0F
    }

    /// Whether the value is alphanumeric text.
    pub fn is_alphanumeric(&self) -> bool {
        self.type_of_number() == TON_ALPHANUMERIC
    }

    /// The value's semi-octets for the address field (packed GSM 7-bit for alphanumeric).
    fn value_octets(&self) -> (usize, Vec<u8>) {
        if self.is_alphanumeric() {
            let mut septets = Vec::new();
            let _ = Gsm7Charset::DEFAULT.encode(&self.value, &mut septets);
            let mut out = Vec::new();
            pack_septets(&septets, 0, &mut out);
            ((septets.len() * 7).div_ceil(4), out)
        } else {
            self.digit_octets()
        }
    }

    /// The value as semi-octet digits, whatever the type of number (the SMSC address is
    /// always digits).
    fn digit_octets(&self) -> (usize, Vec<u8>) {
        let digits: Vec<u8> = self.value.bytes().filter_map(semi_octet).collect();
        let out = digits
            .chunks(2)
            .map(|p| p[0] | p.get(1).map_or(0xF0, |d| d << 4))
            .collect();
        (digits.len(), out)
    }

    /// Octets of the TP address field (length, type, value).
    pub fn encoded_len(&self) -> usize {
        2 + self.value_octets().1.len()
    }

    crate::sink::encoding_methods!(own_len write);

    /// The TP address field: length in semi-octets, type, value.
    pub(crate) fn write(&self, out: &mut impl Sink) {
        let (semi_octets, value) = self.value_octets();
        out.push(semi_octets as u8);
        out.push(self.type_of_address);
        out.extend_from_slice(&value);
    }

    /// Writes the SMSC address as AT-command PDU mode writes it: length in octets (type
    /// included), type, digits; a lone `00` for none.
    pub fn encode_smsc(smsc: Option<&Self>, dst: &mut impl bytes::BufMut) {
        Self::write_smsc(smsc, &mut crate::sink::Put(dst));
    }

    fn write_smsc(smsc: Option<&Self>, out: &mut impl Sink) {
        match smsc {
            None => out.push(0),
            Some(a) => {
                let (_, value) = a.digit_octets();
                out.push(value.len() as u8 + 1);
                out.push(a.type_of_address);
                out.extend_from_slice(&value);
            }
        }
    }

    /// Reads the SMSC address of AT-command PDU mode: returns it (`None` for `00`) and the
    /// octets it took.
    pub fn parse_smsc(input: &[u8]) -> Result<(Option<Self>, usize), DecodeError> {
        let Some(&len) = input.first() else {
            return Err(DecodeError::new(ErrorKind::Incomplete, 0, "SMSC address"));
        };
        let len = usize::from(len);
        if len == 0 {
            return Ok((None, 1));
        }
        if len > 11 {
            return Err(DecodeError::new(
                ErrorKind::InvalidLength,
                0,
                "SMSC address",
            ));
        }
        let field = input.get(1..1 + len).ok_or(DecodeError::new(
            ErrorKind::Incomplete,
            input.len(),
            "SMSC address",
        ))?;
        let type_of_address = field[0];
        if type_of_address & 0x80 == 0 {
            return Err(DecodeError::new(ErrorKind::InvalidValue, 1, "SMSC address"));
        }
        let value = decode_digits(&field[1..], (len - 1) * 2, true)
            .map_err(|at| DecodeError::new(ErrorKind::InvalidValue, 2 + at, "SMSC address"))?;
        Ok((
            Some(Self {
                type_of_address,
                value,
            }),
            1 + len,
        ))
    }

    /// Reads a TP address field at `at` of `input`; returns it and the offset after it.
    fn decode(input: &[u8], at: usize, field: &'static str) -> Result<(Self, usize), DecodeError> {
        let (Some(&len), Some(&type_of_address)) = (input.get(at), input.get(at + 1)) else {
            return Err(DecodeError::new(ErrorKind::Incomplete, input.len(), field));
        };
        let semi_octets = usize::from(len);
        if semi_octets > 20 {
            return Err(DecodeError::new(ErrorKind::InvalidLength, at, field));
        }
        // TS 23.040 §9.1.2.5: bit 7 of the type-of-address octet is always 1.
        if type_of_address & 0x80 == 0 {
            return Err(DecodeError::new(ErrorKind::InvalidValue, at + 1, field));
        }
        let octets = semi_octets.div_ceil(2);
        let body = input.get(at + 2..at + 2 + octets).ok_or(DecodeError::new(
            ErrorKind::Incomplete,
            input.len(),
            field,
        ))?;
        let value = if type_of_address >> 4 & 0x07 == TON_ALPHANUMERIC {
            let septets = unpack_septets(body, 0, semi_octets * 4 / 7).unwrap_or_default();
            Gsm7Charset::DEFAULT.decode(&septets)
        } else {
            decode_digits(body, semi_octets, false)
                .map_err(|i| DecodeError::new(ErrorKind::InvalidValue, at + 2 + i, field))?
        };
        Ok((
            Self {
                type_of_address,
                value,
            },
            at + 2 + octets,
        ))
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.type_of_number() == TON_INTERNATIONAL && !self.is_alphanumeric() {
            f.write_str("+")?;
        }
        f.write_str(&self.value)
    }
}

/// Why an address could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum AddressError {
    /// A number holds something other than `0`–`9`, `*`, `#`, `a`, `b`, `c`.
    NotDigits,
    /// More than 20 digits or 11 alphanumeric characters.
    TooLong,
    /// An alphanumeric address has a character outside GSM 7-bit.
    NotGsm7,
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotDigits => {
                "an address number holds a character that is not a digit, *, #, a, b or c"
            }
            Self::TooLong => "an address is longer than 20 digits or 11 characters",
            Self::NotGsm7 => "an alphanumeric address holds a character outside GSM 7-bit",
        })
    }
}

impl std::error::Error for AddressError {}

fn semi_octet(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'*' => Some(0xA),
        b'#' => Some(0xB),
        b'a' => Some(0xC),
        b'b' => Some(0xD),
        b'c' => Some(0xE),
        _ => None,
    }
}

/// Semi-octet digits, low nibble first; 0xF only as the filler of an odd count. `Err` carries
/// the octet index of a bad nibble. With `stop_at_filler`, a filler ends the digits (the SMSC
/// address has no digit count of its own).
fn decode_digits(body: &[u8], count: usize, stop_at_filler: bool) -> Result<String, usize> {
    let mut out = String::with_capacity(count);
    for i in 0..count {
        let octet = body.get(i / 2).copied().ok_or(i / 2)?;
        let nibble = if i % 2 == 0 { octet & 0x0F } else { octet >> 4 };
        let c = match nibble {
            0..=9 => char::from(b'0' + nibble),
            0xA => '*',
            0xB => '#',
            0xC => 'a',
            0xD => 'b',
            0xE => 'c',
            _ if stop_at_filler && i + 1 == count => break,
            _ => return Err(i / 2),
        };
        out.push(c);
    }
    Ok(out)
}

/// TP-Data-Coding-Scheme, kept as its octet (TS 23.038 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DataCoding(pub u8);

impl DataCoding {
    /// GSM 7-bit, no class: 0x00.
    pub const GSM7: Self = Self(0x00);
    /// 8-bit data, no class: 0x04.
    pub const EIGHT_BIT: Self = Self(0x04);
    /// UCS-2, no class: 0x08.
    pub const UCS2: Self = Self(0x08);

    /// The scheme for an alphabet, no message class.
    pub fn for_alphabet(alphabet: Alphabet) -> Self {
        match alphabet {
            Alphabet::Gsm7 => Self::GSM7,
            Alphabet::Eight => Self::EIGHT_BIT,
            Alphabet::Ucs2 => Self::UCS2,
        }
    }

    /// The same alphabet with a message class (0 flash, 1 ME, 2 SIM, 3 TE): general group.
    pub fn with_class(alphabet: Alphabet, class: u8) -> Self {
        Self(0x10 | Self::for_alphabet(alphabet).0 | (class & 0x03))
    }

    /// The alphabet of the user data. Reserved values read as GSM 7-bit, as §4 tells a
    /// receiver to.
    pub fn alphabet(self) -> Alphabet {
        let alphabet_bits = |bits: u8| match bits & 0x03 {
            1 => Alphabet::Eight,
            2 => Alphabet::Ucs2,
            _ => Alphabet::Gsm7,
        };
        match self.0 >> 4 {
            // General data coding and automatic deletion groups.
            0x0..=0x7 => alphabet_bits(self.0 >> 2),
            // Message waiting, UCS-2.
            0xE => Alphabet::Ucs2,
            // Data coding / message class.
            0xF if self.0 & 0x04 != 0 => Alphabet::Eight,
            _ => Alphabet::Gsm7,
        }
    }

    /// The message class, when the scheme gives one.
    pub fn class(self) -> Option<u8> {
        match self.0 >> 4 {
            0x0..=0x7 if self.0 & 0x10 != 0 => Some(self.0 & 0x03),
            0xF => Some(self.0 & 0x03),
            _ => None,
        }
    }

    /// Whether the text is compressed (general groups, bit 5): not decoded here.
    pub fn is_compressed(self) -> bool {
        self.0 >> 6 <= 1 && self.0 & 0x20 != 0
    }
}

/// A service centre timestamp (TS 23.040 §9.2.3.11), kept as its seven semi-octet octets.
///
/// Serializes (feature `serde`) as RFC 3339 text (`"2026-12-05T19:00:48+08:00"`) when that
/// reads back as the same octets, else as their hex; reads either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Timestamp(pub [u8; 7]);

impl Timestamp {
    /// A timestamp from its fields; `quarter_hours` is the offset from UTC (−79..=79).
    pub fn new(
        year: u8,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        quarter_hours: i8,
    ) -> Self {
        let bcd = |v: u8| (v % 10) << 4 | (v / 10 % 10);
        let q = quarter_hours.unsigned_abs().min(79);
        let tz = bcd(q) | if quarter_hours < 0 { 0x08 } else { 0 };
        Self([
            bcd(year),
            bcd(month),
            bcd(day),
            bcd(hour),
            bcd(minute),
            bcd(second),
            tz,
        ])
    }

    fn field(self, i: usize) -> Option<u8> {
        let o = self.0[i];
        let (lo, hi) = (o & 0x0F, o >> 4);
        (lo <= 9 && hi <= 9).then_some(lo * 10 + hi)
    }

    /// Year within the century, month, day, hour, minute, second (`None` for a non-decimal
    /// digit).
    pub fn fields(self) -> Option<[u8; 6]> {
        Some([
            self.field(0)?,
            self.field(1)?,
            self.field(2)?,
            self.field(3)?,
            self.field(4)?,
            self.field(5)?,
        ])
    }

    /// The instant as a `SystemTime`: the fields are local time at the given offset, the year
    /// is 2000 + the two digits (as this type's `Display` reads it). `None` for a non-decimal
    /// digit, a date that does not exist, or an instant the platform cannot represent.
    pub fn to_system_time(self) -> Option<std::time::SystemTime> {
        use rcs_base::time::{civil_from_days, days_from_civil};
        let [y, mo, d, h, mi, s] = self.fields()?;
        let year = 2000 + i64::from(y);
        let days = days_from_civil(year, mo, d);
        if civil_from_days(days) != (year, mo, d) || h > 23 || mi > 59 || s > 59 {
            return None;
        }
        let local = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s);
        let utc = local - i64::from(self.quarter_hours()?) * 15 * 60;
        rcs_base::time::to_system_time(utc, 0)
    }

    /// The timestamp of a `SystemTime` as local time at `quarter_hours` from UTC (−79..=79,
    /// clamped), whole seconds; years outside 2000–2099 keep their last two digits.
    pub fn from_system_time(t: std::time::SystemTime, quarter_hours: i8) -> Self {
        let q = quarter_hours.clamp(-79, 79);
        let (secs, _) = rcs_base::time::unix_of(t);
        let c = rcs_base::time::CivilTime::from_unix(secs.saturating_add(i64::from(q) * 900), 0);
        Self::new(
            c.year.rem_euclid(100) as u8,
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            q,
        )
    }

    /// The offset from UTC in quarter hours (bit 3 of the swapped octet is the sign).
    pub fn quarter_hours(self) -> Option<i8> {
        let o = self.0[6];
        let (lo, hi) = (o & 0x07, o >> 4);
        if hi > 9 {
            return None;
        }
        let q = (lo * 10 + hi) as i8;
        Some(if o & 0x08 != 0 { -q } else { q })
    }
}

impl fmt::Display for Timestamp {
    /// `20YY-MM-DDTHH:MM:SS+HH:MM`, or the octets in hex when a digit is not decimal. A zero
    /// offset with the sign bit set is `-00:00` (RFC 3339's "offset unknown").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.fields(), self.quarter_hours()) {
            (Some([y, mo, d, h, mi, s]), Some(q)) => {
                let minutes = i32::from(q) * 15;
                let sign = if minutes < 0 || self.0[6] & 0x08 != 0 {
                    '-'
                } else {
                    '+'
                };
                let m = minutes.unsigned_abs();
                write!(
                    f,
                    "20{y:02}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{sign}{:02}:{:02}",
                    m / 60,
                    m % 60
                )
            }
            _ => self.0.iter().try_for_each(|b| write!(f, "{b:02X}")),
        }
    }
}

/// TP-Validity-Period of an SMS-SUBMIT. Serializes (feature `serde`) as `{"relative": 167}`,
/// `{"absolute": timestamp}` or `{"enhanced": "hex"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum ValidityPeriod {
    /// Relative (VPF 10): one octet, see [`ValidityPeriod::relative_seconds`].
    Relative(u8),
    /// Absolute (VPF 11): a timestamp.
    Absolute(Timestamp),
    /// Enhanced (VPF 01): seven octets (TS 23.040 §9.2.3.12.3), kept as sent.
    Enhanced(
        #[cfg_attr(
            feature = "serde",
            serde(with = "crate::serde_forms::hex_bytes::seven")
        )]
        [u8; 7],
    ),
}

impl ValidityPeriod {
    /// The relative period in seconds (TS 23.040 §9.2.3.12.1), `None` for the other forms.
    pub fn relative_seconds(self) -> Option<u64> {
        let Self::Relative(v) = self else {
            return None;
        };
        let v = u64::from(v);
        Some(match v {
            0..=143 => (v + 1) * 5 * 60,
            144..=167 => 12 * 3600 + (v - 143) * 30 * 60,
            168..=196 => (v - 166) * 86_400,
            _ => (v - 192) * 7 * 86_400,
        })
    }

    fn vpf(self) -> u8 {
        match self {
            Self::Relative(_) => 0b10,
            Self::Absolute(_) => 0b11,
            Self::Enhanced(_) => 0b01,
        }
    }
}

/// SMS-SUBMIT: a mobile-originated short message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Submit {
    /// TP-RD: reject a duplicate of a message still held by the SC.
    pub reject_duplicates: bool,
    /// TP-SRR: a status report is requested.
    pub status_report_request: bool,
    /// TP-RP: reply path set.
    pub reply_path: bool,
    /// TP-MR.
    pub message_reference: u8,
    /// TP-DA.
    pub destination: Address,
    /// TP-PID.
    pub protocol_id: u8,
    /// TP-DCS.
    pub data_coding: DataCoding,
    /// TP-VP (its presence and form set TP-VPF).
    pub validity: Option<ValidityPeriod>,
    /// TP-UDL, TP-UD (and TP-UDHI).
    pub user_data: UserData,
}

impl Submit {
    /// A submit of `user_data` to `destination`: reference 0, PID 0, the coding its alphabet
    /// needs, no validity period, no flags.
    pub fn new(destination: Address, user_data: UserData) -> Self {
        Self {
            reject_duplicates: false,
            status_report_request: false,
            reply_path: false,
            message_reference: 0,
            destination,
            protocol_id: 0,
            data_coding: DataCoding::for_alphabet(user_data.alphabet),
            validity: None,
            user_data,
        }
    }

    /// One submit per segment of a planned text, references drawn as
    /// [`SmsPlan::user_data`] does.
    pub fn for_plan(
        plan: &SmsPlan<'_>,
        destination: &Address,
        references: &mut impl ReferenceSource,
    ) -> Vec<Self> {
        plan.user_data(references)
            .into_iter()
            .map(|ud| Self::new(destination.clone(), ud))
            .collect()
    }
}

/// SMS-DELIVER: a mobile-terminated short message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Deliver {
    /// The TP-MMS bit as sent: set means the SC has no more messages waiting.
    pub no_more_messages: bool,
    /// TP-LP: loop prevention.
    pub loop_prevention: bool,
    /// TP-SRI: a status report will be returned to the sender.
    pub status_report_indication: bool,
    /// TP-RP: reply path set.
    pub reply_path: bool,
    /// TP-OA.
    pub originator: Address,
    /// TP-PID.
    pub protocol_id: u8,
    /// TP-DCS.
    pub data_coding: DataCoding,
    /// TP-SCTS.
    pub timestamp: Timestamp,
    /// TP-UDL, TP-UD (and TP-UDHI).
    pub user_data: UserData,
}

/// SMS-STATUS-REPORT: what happened to a submitted message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StatusReport {
    /// The TP-MMS bit as sent.
    pub no_more_messages: bool,
    /// TP-LP: loop prevention.
    pub loop_prevention: bool,
    /// TP-SRQ: this reports on an SMS-COMMAND (set) or an SMS-SUBMIT (clear).
    pub status_report_qualifier: bool,
    /// TP-MR of the message reported on.
    pub message_reference: u8,
    /// TP-RA.
    pub recipient: Address,
    /// TP-SCTS of the message reported on.
    pub timestamp: Timestamp,
    /// TP-DT.
    pub discharge_time: Timestamp,
    /// TP-ST (0x00: received by the recipient).
    pub status: u8,
    /// TP-PI and what it announces: PID, DCS, user data. `None`: no TP-PI octet.
    pub parameters: Option<StatusParameters>,
}

/// The optional tail of a status report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StatusParameters {
    /// TP-PI as sent (bits 0–2 say which of the others follow).
    pub indicator: u8,
    /// TP-PID.
    pub protocol_id: Option<u8>,
    /// TP-DCS.
    pub data_coding: Option<DataCoding>,
    /// TP-UDL, TP-UD.
    pub user_data: Option<UserData>,
}

/// A TPDU of one of the three kinds decoded here.
///
/// Serializes (feature `serde`) as `{"type": "submit"|"deliver"|"status-report", the fields}`:
/// addresses as `{"type_of_address", "value"}`, timestamps as RFC 3339 text, user data as
/// `{"header", "alphabet", "body": hex, "udl", "text"}` (the last two written, not read); the
/// same reads back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "type", rename_all = "kebab-case")
)]
pub enum Tpdu {
    /// SMS-SUBMIT (TP-MTI 01).
    Submit(Submit),
    /// SMS-DELIVER (TP-MTI 00).
    Deliver(Deliver),
    /// SMS-STATUS-REPORT (TP-MTI 10).
    StatusReport(StatusReport),
}

/// Reads TP-UDL and TP-UD, which run to the end of the TPDU.
fn decode_user_data(
    input: &[u8],
    at: usize,
    udhi: bool,
    dcs: DataCoding,
) -> Result<UserData, DecodeError> {
    let udl = *input.get(at).ok_or(DecodeError::new(
        ErrorKind::Incomplete,
        input.len(),
        "TP-UDL",
    ))?;
    // Compressed user data (TS 23.038 §4) is counted in octets whatever the alphabet
    // (TS 23.040 §9.2.3.16), and its text is not decoded here.
    let alphabet = if dcs.is_compressed() {
        Alphabet::Eight
    } else {
        dcs.alphabet()
    };
    UserData::parse(&input[at + 1..], udl, udhi, alphabet).map_err(|e| e.shifted(at + 1))
}

fn byte(input: &[u8], at: usize, field: &'static str) -> Result<u8, DecodeError> {
    input
        .get(at)
        .copied()
        .ok_or(DecodeError::new(ErrorKind::Incomplete, input.len(), field))
}

/// Seven semi-octet octets (TS 23.040 §9.2.3.11): every digit decimal, the time zone's
/// quarter hours too (its sign in bit 3); a reading with any other nibble is refused.
fn timestamp(input: &[u8], at: usize, field: &'static str) -> Result<Timestamp, DecodeError> {
    let t = input
        .get(at..at + 7)
        .and_then(|s| s.try_into().ok())
        .map(Timestamp)
        .ok_or(DecodeError::new(ErrorKind::Incomplete, input.len(), field))?;
    if let Some(bad) = t.0[..6].iter().position(|o| o & 0x0F > 9 || o >> 4 > 9) {
        return Err(DecodeError::new(ErrorKind::InvalidValue, at + bad, field));
    }
    if t.quarter_hours().is_none() {
        return Err(DecodeError::new(ErrorKind::InvalidValue, at + 6, field));
    }
    Ok(t)
}

/// How a TPDU was laid out in the input [`Tpdu::parse_detect`] read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum TpduFraming {
    /// The TPDU alone.
    Bare,
    /// AT-command PDU mode (TS 27.005 §3.1): the SMSC address first (`None` for `00`).
    PduMode {
        /// The SMSC address.
        smsc: Option<Address>,
    },
}

impl Tpdu {
    /// Reads a TPDU that may have AT-command PDU mode's SMSC address in front, deciding by
    /// the specification: each reading must take the whole input and keep every rule
    /// (TP-MTI not reserved, type-of-address octets with bit 7 set, decimal timestamps, the
    /// SMSC address's digits). When only one reading does, it is the answer; when both do
    /// (rare once those rules hold), PDU mode is, since the SMSC octet pair is what the
    /// input then starts with; when neither does, the bare reading's error is returned.
    pub fn parse_detect(input: &[u8]) -> Result<(TpduFraming, Self), DecodeError> {
        let bare = Self::parse(input);
        let pdu_mode = Address::parse_smsc(input).and_then(|(smsc, used)| {
            let rest = input
                .get(used..)
                .filter(|r| !r.is_empty())
                .ok_or(DecodeError::new(ErrorKind::Incomplete, input.len(), "TPDU"))?;
            Self::parse(rest)
                .map(|t| (TpduFraming::PduMode { smsc }, t))
                .map_err(|e| e.shifted(used))
        });
        match (bare, pdu_mode) {
            (_, Ok(p)) => Ok(p),
            (Ok(t), Err(_)) => Ok((TpduFraming::Bare, t)),
            (Err(e), Err(_)) => Err(e),
        }
    }

    /// Reads a TPDU (no SMSC address in front), choosing the kind by TP-MTI: 00 DELIVER,
    /// 01 SUBMIT, 10 STATUS-REPORT (the reports and SMS-COMMAND that share those values in
    /// the other direction are not decoded here; 11 is reserved).
    pub fn parse(input: &[u8]) -> Result<Self, DecodeError> {
        let first = byte(input, 0, "first octet")?;
        let udhi = first & 0x40 != 0;
        match first & 0x03 {
            0b01 => {
                let mr = byte(input, 1, "TP-MR")?;
                let (destination, mut at) = Address::decode(input, 2, "TP-DA")?;
                let protocol_id = byte(input, at, "TP-PID")?;
                let data_coding = DataCoding(byte(input, at + 1, "TP-DCS")?);
                at += 2;
                let validity = match first >> 3 & 0x03 {
                    0b00 => None,
                    0b10 => {
                        at += 1;
                        Some(ValidityPeriod::Relative(byte(input, at - 1, "TP-VP")?))
                    }
                    0b11 => {
                        at += 7;
                        Some(ValidityPeriod::Absolute(timestamp(input, at - 7, "TP-VP")?))
                    }
                    _ => {
                        at += 7;
                        // The enhanced format (TS 23.040 §9.2.3.12.3) is not a timestamp.
                        let octets: [u8; 7] = input
                            .get(at - 7..at)
                            .and_then(|s| s.try_into().ok())
                            .ok_or(DecodeError::new(
                                ErrorKind::Incomplete,
                                input.len(),
                                "TP-VP",
                            ))?;
                        Some(ValidityPeriod::Enhanced(octets))
                    }
                };
                Ok(Self::Submit(Submit {
                    reject_duplicates: first & 0x04 != 0,
                    status_report_request: first & 0x20 != 0,
                    reply_path: first & 0x80 != 0,
                    message_reference: mr,
                    destination,
                    protocol_id,
                    data_coding,
                    validity,
                    user_data: decode_user_data(input, at, udhi, data_coding)?,
                }))
            }
            0b00 => {
                let (originator, at) = Address::decode(input, 1, "TP-OA")?;
                let protocol_id = byte(input, at, "TP-PID")?;
                let data_coding = DataCoding(byte(input, at + 1, "TP-DCS")?);
                let timestamp = timestamp(input, at + 2, "TP-SCTS")?;
                Ok(Self::Deliver(Deliver {
                    no_more_messages: first & 0x04 != 0,
                    loop_prevention: first & 0x08 != 0,
                    status_report_indication: first & 0x20 != 0,
                    reply_path: first & 0x80 != 0,
                    originator,
                    protocol_id,
                    data_coding,
                    timestamp,
                    user_data: decode_user_data(input, at + 9, udhi, data_coding)?,
                }))
            }
            0b10 => {
                let mr = byte(input, 1, "TP-MR")?;
                let (recipient, at) = Address::decode(input, 2, "TP-RA")?;
                let scts = timestamp(input, at, "TP-SCTS")?;
                let discharge_time = timestamp(input, at + 7, "TP-DT")?;
                let status = byte(input, at + 14, "TP-ST")?;
                let mut at = at + 15;
                let parameters = match input.get(at) {
                    None => None,
                    Some(&indicator) => {
                        at += 1;
                        let mut p = StatusParameters {
                            indicator,
                            protocol_id: None,
                            data_coding: None,
                            user_data: None,
                        };
                        if indicator & 0x01 != 0 {
                            p.protocol_id = Some(byte(input, at, "TP-PID")?);
                            at += 1;
                        }
                        if indicator & 0x02 != 0 {
                            p.data_coding = Some(DataCoding(byte(input, at, "TP-DCS")?));
                            at += 1;
                        }
                        if indicator & 0x04 != 0 {
                            let dcs = p.data_coding.unwrap_or_default();
                            p.user_data = Some(decode_user_data(input, at, udhi, dcs)?);
                            at = input.len();
                        }
                        Some(p)
                    }
                };
                if at < input.len() {
                    return Err(DecodeError::new(ErrorKind::TrailingBytes, at, "TPDU"));
                }
                Ok(Self::StatusReport(StatusReport {
                    no_more_messages: first & 0x04 != 0,
                    loop_prevention: first & 0x08 != 0,
                    status_report_qualifier: first & 0x20 != 0,
                    message_reference: mr,
                    recipient,
                    timestamp: scts,
                    discharge_time,
                    status,
                    parameters,
                }))
            }
            _ => Err(DecodeError::new(ErrorKind::InvalidValue, 0, "TP-MTI")),
        }
    }

    crate::sink::encoding_methods!(write);

    fn write(&self, out: &mut impl Sink) {
        let flag = |b: bool, bit: u8| if b { bit } else { 0 };
        match self {
            Self::Submit(s) => {
                let vpf = s.validity.map_or(0, ValidityPeriod::vpf);
                out.push(
                    0b01 | flag(s.reject_duplicates, 0x04)
                        | vpf << 3
                        | flag(s.status_report_request, 0x20)
                        | flag(s.user_data.header.is_some(), 0x40)
                        | flag(s.reply_path, 0x80),
                );
                out.push(s.message_reference);
                s.destination.write(out);
                out.extend_from_slice(&[s.protocol_id, s.data_coding.0]);
                match s.validity {
                    None => {}
                    Some(ValidityPeriod::Relative(v)) => out.push(v),
                    Some(ValidityPeriod::Absolute(t)) => out.extend_from_slice(&t.0),
                    Some(ValidityPeriod::Enhanced(e)) => out.extend_from_slice(&e),
                }
                encode_user_data(&s.user_data, out);
            }
            Self::Deliver(d) => {
                out.push(
                    flag(d.no_more_messages, 0x04)
                        | flag(d.loop_prevention, 0x08)
                        | flag(d.status_report_indication, 0x20)
                        | flag(d.user_data.header.is_some(), 0x40)
                        | flag(d.reply_path, 0x80),
                );
                d.originator.write(out);
                out.extend_from_slice(&[d.protocol_id, d.data_coding.0]);
                out.extend_from_slice(&d.timestamp.0);
                encode_user_data(&d.user_data, out);
            }
            Self::StatusReport(r) => {
                let udhi = r
                    .parameters
                    .as_ref()
                    .and_then(|p| p.user_data.as_ref())
                    .is_some_and(|u| u.header.is_some());
                out.push(
                    0b10 | flag(r.no_more_messages, 0x04)
                        | flag(r.loop_prevention, 0x08)
                        | flag(r.status_report_qualifier, 0x20)
                        | flag(udhi, 0x40),
                );
                out.push(r.message_reference);
                r.recipient.write(out);
                out.extend_from_slice(&r.timestamp.0);
                out.extend_from_slice(&r.discharge_time.0);
                out.push(r.status);
                if let Some(p) = &r.parameters {
                    out.push(p.indicator);
                    if let Some(pid) = p.protocol_id {
                        out.push(pid);
                    }
                    if let Some(dcs) = p.data_coding {
                        out.push(dcs.0);
                    }
                    if let Some(ud) = &p.user_data {
                        encode_user_data(ud, out);
                    }
                }
            }
        }
    }

    /// The user data, if the TPDU carries any.
    pub fn user_data(&self) -> Option<&UserData> {
        match self {
            Self::Submit(s) => Some(&s.user_data),
            Self::Deliver(d) => Some(&d.user_data),
            Self::StatusReport(r) => r.parameters.as_ref()?.user_data.as_ref(),
        }
    }

    /// `"SMS-SUBMIT"`, `"SMS-DELIVER"` or `"SMS-STATUS-REPORT"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Submit(_) => "SMS-SUBMIT",
            Self::Deliver(_) => "SMS-DELIVER",
            Self::StatusReport(_) => "SMS-STATUS-REPORT",
        }
    }
}

fn encode_user_data(ud: &UserData, out: &mut impl Sink) {
    // TP-UDL is at most 160 septets or 140 octets for a valid TPDU; a larger value is the
    // caller's, written modulo 256 rather than refused (encode cannot fail).
    out.push(ud.udl() as u8);
    ud.write(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn submit_known_answer() {
        let bytes = unhex("01000B914316565811F9000004E8373B0C");
        let Tpdu::Submit(s) = Tpdu::parse(&bytes).unwrap() else {
            panic!("not a submit")
        };
        assert_eq!(s.destination.to_string(), "+34616585119");
        assert_eq!(s.user_data.text().unwrap(), "hola");
        assert_eq!(Tpdu::Submit(s).to_bytes(), bytes);
    }

    #[test]
    fn relative_validity() {
        assert_eq!(
            ValidityPeriod::Relative(0xAA).relative_seconds(),
            Some(4 * 86_400)
        );
        assert_eq!(ValidityPeriod::Relative(0).relative_seconds(), Some(300));
        assert_eq!(
            ValidityPeriod::Relative(143).relative_seconds(),
            Some(12 * 3600)
        );
        assert_eq!(
            ValidityPeriod::Relative(255).relative_seconds(),
            Some(63 * 7 * 86_400)
        );
    }

    #[test]
    fn timestamp_fields() {
        let t = Timestamp::new(9, 9, 1, 17, 41, 32, 4);
        assert_eq!(t.0, [0x90, 0x90, 0x10, 0x71, 0x14, 0x23, 0x40]);
        assert_eq!(t.to_string(), "2009-09-01T17:41:32+01:00");
        assert_eq!(
            Timestamp::new(26, 11, 21, 0, 0, 0, -20).to_string(),
            "2026-11-21T00:00:00-05:00"
        );
        assert_eq!(Timestamp([0xFF; 7]).fields(), None);
    }

    #[test]
    fn addresses() {
        let a = Address::international("+8613800138000").unwrap();
        let mut out = Vec::new();
        a.encode(&mut out);
        assert_eq!(out, unhex("0D91683108108300F0"));
        assert_eq!(Address::decode(&out, 0, "TP-DA").unwrap(), (a, out.len()));
        let alnum = Address::alphanumeric("FONIC").unwrap();
        out.clear();
        alnum.encode(&mut out);
        assert_eq!(out, unhex("09D0C6A733390400")[..out.len()]);
        assert_eq!(Address::international("12x"), Err(AddressError::NotDigits));
        assert_eq!(
            Address::alphanumeric("ABCDEFGHIJKL"),
            Err(AddressError::TooLong)
        );
        // A filler nibble in the middle of the digits is an error at its octet.
        let e = Address::decode(&unhex("04811F21"), 0, "TP-DA").unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidValue, 2));
    }

    #[test]
    fn data_coding_groups() {
        assert_eq!(DataCoding(0x00).alphabet(), Alphabet::Gsm7);
        assert_eq!(DataCoding(0x08).alphabet(), Alphabet::Ucs2);
        assert_eq!(DataCoding(0x04).alphabet(), Alphabet::Eight);
        assert_eq!(DataCoding(0x12).class(), Some(2));
        assert_eq!(DataCoding(0x02).class(), None);
        assert_eq!(DataCoding(0xF5).alphabet(), Alphabet::Eight);
        assert_eq!(DataCoding(0xF5).class(), Some(1));
        assert_eq!(DataCoding(0xE0).alphabet(), Alphabet::Ucs2);
        assert_eq!(
            DataCoding(0x0C).alphabet(),
            Alphabet::Gsm7,
            "reserved reads as GSM 7-bit"
        );
        assert_eq!(DataCoding::with_class(Alphabet::Gsm7, 0), DataCoding(0x10));
    }

    #[test]
    fn reserved_mti_and_truncation() {
        assert_eq!(Tpdu::parse(&[0x03]).unwrap_err().field(), Some("TP-MTI"));
        let bytes = unhex("01000B914316565811F9000004E8373B0C");
        for cut in 0..bytes.len() {
            assert!(Tpdu::parse(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
