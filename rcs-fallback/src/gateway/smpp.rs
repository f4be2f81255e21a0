//! SMPP 3.4 PDUs: the header, the bodies an SMS gateway exchanges (binds, submit_sm,
//! deliver_sm, data_sm, their responses, enquire_link, unbind, generic_nack; any other command
//! kept as its raw body), TLVs, stream framing, and a planned text as submit_sm PDUs (UDHI,
//! SAR TLVs or message_payload).

use std::borrow::Cow;

use super::Redacted;
use super::reader::{Reader, frame_length, put_c_octets, whole_pdu};
use crate::error::{DecodeError, ErrorKind};
use crate::sink::Sink;
use crate::sms::{ReferenceSource, SmsPlan};
use crate::udh::{InformationElement, UserDataHeader};
use crate::user_data::{Alphabet, UserData};

commands! {
    /// command_id values of SMPP 3.4 §5.1.2.1.
    pub mod command, responses named "_resp" {
        /// generic_nack.
        GENERIC_NACK = 0x8000_0000, "generic_nack", one;
        /// bind_receiver.
        BIND_RECEIVER = 0x0000_0001, "bind_receiver", pair;
        /// bind_transmitter.
        BIND_TRANSMITTER = 0x0000_0002, "bind_transmitter", pair;
        /// query_sm.
        QUERY_SM = 0x0000_0003, "query_sm", pair;
        /// submit_sm.
        SUBMIT_SM = 0x0000_0004, "submit_sm", pair;
        /// deliver_sm.
        DELIVER_SM = 0x0000_0005, "deliver_sm", pair;
        /// unbind.
        UNBIND = 0x0000_0006, "unbind", pair;
        /// replace_sm.
        REPLACE_SM = 0x0000_0007, "replace_sm", pair;
        /// cancel_sm.
        CANCEL_SM = 0x0000_0008, "cancel_sm", pair;
        /// bind_transceiver.
        BIND_TRANSCEIVER = 0x0000_0009, "bind_transceiver", pair;
        /// outbind.
        OUTBIND = 0x0000_000B, "outbind", one;
        /// enquire_link.
        ENQUIRE_LINK = 0x0000_0015, "enquire_link", pair;
        /// submit_multi.
        SUBMIT_MULTI = 0x0000_0021, "submit_multi", pair;
        /// alert_notification.
        ALERT_NOTIFICATION = 0x0000_0102, "alert_notification", one;
        /// data_sm.
        DATA_SM = 0x0000_0103, "data_sm", pair;
    }
}

/// TLV tags of SMPP 3.4 §5.3.2 that the fallback path uses.
pub mod tag {
    /// dest_addr_subunit.
    pub const DEST_ADDR_SUBUNIT: u16 = 0x0005;
    /// receipted_message_id.
    pub const RECEIPTED_MESSAGE_ID: u16 = 0x001E;
    /// sc_interface_version.
    pub const SC_INTERFACE_VERSION: u16 = 0x0210;
    /// user_message_reference.
    pub const USER_MESSAGE_REFERENCE: u16 = 0x0204;
    /// source_port.
    pub const SOURCE_PORT: u16 = 0x020A;
    /// destination_port.
    pub const DESTINATION_PORT: u16 = 0x020B;
    /// sar_msg_ref_num.
    pub const SAR_MSG_REF_NUM: u16 = 0x020C;
    /// sar_total_segments.
    pub const SAR_TOTAL_SEGMENTS: u16 = 0x020E;
    /// sar_segment_seqnum.
    pub const SAR_SEGMENT_SEQNUM: u16 = 0x020F;
    /// message_payload.
    pub const MESSAGE_PAYLOAD: u16 = 0x0424;
    /// message_state.
    pub const MESSAGE_STATE: u16 = 0x0427;
}

/// Bounds of SMPP decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct SmppLimits {
    /// The largest command_length accepted, checked before anything is buffered. Default
    /// 64 KiB (a message_payload TLV may carry up to 64 KiB).
    pub max_message_size: usize,
}

impl SmppLimits {
    /// The defaults, in `const` contexts.
    pub const DEFAULT: Self = Self {
        max_message_size: 64 << 10,
    };
}

impl Default for SmppLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How to decode SMPP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct SmppOptions {
    /// Bounds.
    pub(crate) limits: SmppLimits,
    /// Accept a submit_sm_resp, deliver_sm_resp or data_sm_resp with command_status 0 and no
    /// body (the message_id is then absent). SMPP 3.4 omits the body only on errors.
    pub(crate) allow_missing_message_id: bool,
}

impl SmppOptions {
    /// Strict defaults (the same as `Default`).
    pub const fn new() -> Self {
        Self {
            limits: SmppLimits::DEFAULT,
            allow_missing_message_id: false,
        }
    }

    /// Every leniency on.
    pub const fn lenient() -> Self {
        Self::new().allow_missing_message_id(true)
    }

    /// Accept a submit_sm_resp, deliver_sm_resp or data_sm_resp with command_status 0 and no
    /// body (the message_id is then absent). SMPP 3.4 omits the body only on errors.
    pub const fn allow_missing_message_id(mut self, yes: bool) -> Self {
        self.allow_missing_message_id = yes;
        self
    }

    rcs_base::limits_accessors!(SmppLimits);
}

/// One TLV (tag, length, value).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Tlv<'a> {
    /// The tag.
    pub tag: u16,
    /// The value.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
    pub value: Cow<'a, [u8]>,
}

impl Tlv<'_> {
    /// A TLV owning its value.
    pub fn new(tag: u16, value: impl Into<Vec<u8>>) -> Tlv<'static> {
        Tlv {
            tag,
            value: Cow::Owned(value.into()),
        }
    }

    /// The value as a big-endian integer of its length (1, 2 or 4 octets).
    pub fn as_uint(&self) -> Option<u32> {
        match *self.value {
            [a] => Some(u32::from(a)),
            [a, b] => Some(u32::from(u16::from_be_bytes([a, b]))),
            [a, b, c, d] => Some(u32::from_be_bytes([a, b, c, d])),
            _ => None,
        }
    }

    fn into_owned(self) -> Tlv<'static> {
        Tlv {
            tag: self.tag,
            value: Cow::Owned(self.value.into_owned()),
        }
    }
}

/// An SMPP address: type of number, numbering plan, the address (C-Octet String).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SmppAddress<'a> {
    /// addr_ton (0 unknown, 1 international, 5 alphanumeric, ...).
    pub ton: u8,
    /// addr_npi (0 unknown, 1 ISDN/E.164, ...).
    pub npi: u8,
    /// The address.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub address: Cow<'a, [u8]>,
}

impl SmppAddress<'_> {
    /// An address owning its value.
    pub fn new(ton: u8, npi: u8, address: &str) -> SmppAddress<'static> {
        SmppAddress {
            ton,
            npi,
            address: Cow::Owned(address.as_bytes().to_vec()),
        }
    }

    fn into_owned(self) -> SmppAddress<'static> {
        SmppAddress {
            ton: self.ton,
            npi: self.npi,
            address: Cow::Owned(self.address.into_owned()),
        }
    }
}

/// bind_transmitter, bind_receiver, bind_transceiver (and outbind's first two fields).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Bind<'a> {
    /// system_id (≤ 15 octets).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub system_id: Cow<'a, [u8]>,
    /// password (≤ 8 octets). Not shown by `Debug`.
    pub password: Redacted<Cow<'a, [u8]>>,
    /// system_type (≤ 12 octets).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub system_type: Cow<'a, [u8]>,
    /// interface_version (0x34 for 3.4).
    pub interface_version: u8,
    /// addr_ton, addr_npi, address_range (≤ 40 octets).
    pub address_range: SmppAddress<'a>,
}

/// submit_sm and deliver_sm (the same layout, SMPP 3.4 §4.4.1 and §4.6.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ShortMessage<'a> {
    /// service_type (≤ 5 octets).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub service_type: Cow<'a, [u8]>,
    /// Source address.
    pub source: SmppAddress<'a>,
    /// Destination address.
    pub destination: SmppAddress<'a>,
    /// esm_class (0x40: the short message starts with a UDH; 0x04: a delivery receipt).
    pub esm_class: u8,
    /// protocol_id.
    pub protocol_id: u8,
    /// priority_flag.
    pub priority_flag: u8,
    /// schedule_delivery_time (empty or 16 characters).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub schedule_delivery_time: Cow<'a, [u8]>,
    /// validity_period (empty or 16 characters).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub validity_period: Cow<'a, [u8]>,
    /// registered_delivery.
    pub registered_delivery: u8,
    /// replace_if_present_flag.
    pub replace_if_present: u8,
    /// data_coding (0 SMSC default alphabet, 8 UCS-2, 4 8-bit, ...).
    pub data_coding: u8,
    /// sm_default_msg_id.
    pub sm_default_msg_id: u8,
    /// short_message (≤ 254 octets; sm_length is its length).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
    pub short_message: Cow<'a, [u8]>,
    /// Optional parameters.
    pub tlvs: Vec<Tlv<'a>>,
}

/// data_sm (SMPP 3.4 §4.7.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DataSm<'a> {
    /// service_type.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub service_type: Cow<'a, [u8]>,
    /// Source address.
    pub source: SmppAddress<'a>,
    /// Destination address.
    pub destination: SmppAddress<'a>,
    /// esm_class.
    pub esm_class: u8,
    /// registered_delivery.
    pub registered_delivery: u8,
    /// data_coding.
    pub data_coding: u8,
    /// Optional parameters (the text rides in message_payload).
    pub tlvs: Vec<Tlv<'a>>,
}

/// The body of a PDU, by command. Serializes (feature `serde`) as `"empty"` or `{"bind":
/// {...}}`, `{"short_message": {...}}`, ... (the variant's name in snake case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum SmppBody<'a> {
    /// No body: enquire_link(_resp), unbind(_resp), generic_nack, cancel_sm_resp,
    /// replace_sm_resp, and a response with an error status.
    Empty,
    /// A bind request.
    Bind(Bind<'a>),
    /// A bind response: system_id and optional parameters.
    BindResp {
        /// system_id of the SMSC.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
        system_id: Cow<'a, [u8]>,
        /// Optional parameters (sc_interface_version).
        tlvs: Vec<Tlv<'a>>,
    },
    /// submit_sm or deliver_sm.
    ShortMessage(ShortMessage<'a>),
    /// data_sm.
    DataSm(DataSm<'a>),
    /// submit_sm_resp, deliver_sm_resp, data_sm_resp.
    MessageIdResp {
        /// message_id (`None`: no body, allowed on an error status or by
        /// [`SmppOptions::allow_missing_message_id`]).
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::gateway::ser::opt_text")
        )]
        message_id: Option<Cow<'a, [u8]>>,
        /// Optional parameters (data_sm_resp).
        tlvs: Vec<Tlv<'a>>,
    },
    /// Any other command: the body as sent.
    Other(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
        Cow<'a, [u8]>,
    ),
}

/// An SMPP PDU.
///
/// Serializes (feature `serde`) as `{"command": its name or null, "command_id",
/// "command_status", "sequence_number", "body", "text", "text_latin1"}`: text fields as text,
/// `short_message` and TLV values as hex, the password redacted; `text` is the short message
/// decoded (data_coding 0 read as GSM 7-bit), `text_latin1` the same read as Latin-1 when
/// data_coding is 0 (the SMSC default alphabet is the SMSC's choice), both null otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SmppPdu<'a> {
    /// command_id.
    pub command_id: u32,
    /// command_status.
    pub command_status: u32,
    /// sequence_number.
    pub sequence_number: u32,
    /// The body.
    pub body: SmppBody<'a>,
}

fn address<'a>(
    r: &mut Reader<'a>,
    max: usize,
    field: &'static str,
) -> Result<SmppAddress<'a>, DecodeError> {
    Ok(SmppAddress {
        ton: r.u8(field)?,
        npi: r.u8(field)?,
        address: r.c_octets(max, field)?,
    })
}

/// TLVs to the end of the body (SMPP's and SMGP's are alike: tag, length, value).
pub(crate) fn tlvs<'a>(r: &mut Reader<'a>) -> Result<Vec<Tlv<'a>>, DecodeError> {
    let mut out = Vec::new();
    while !r.is_empty() {
        let tag = r.u16("TLV tag")?;
        let len = usize::from(r.u16("TLV length")?);
        let value = r.bytes(len, "TLV value")?;
        out.push(Tlv {
            tag,
            value: Cow::Borrowed(value),
        });
    }
    Ok(out)
}

fn put_address(out: &mut impl Sink, a: &SmppAddress<'_>) {
    out.push(a.ton);
    out.push(a.npi);
    put_c_octets(out, &a.address);
}

pub(crate) fn put_tlvs(out: &mut impl Sink, tlvs: &[Tlv<'_>]) {
    for t in tlvs {
        out.extend_from_slice(&t.tag.to_be_bytes());
        // A value over 65,535 octets cannot be expressed; it is cut to fit.
        let value = &t.value[..t.value.len().min(0xFFFF)];
        out.extend_from_slice(&(value.len() as u16).to_be_bytes());
        out.extend_from_slice(value);
    }
}

impl<'a> SmppPdu<'a> {
    /// The length of the next PDU in `input`, once its command_length is there: `Ok(None)`
    /// when fewer than four octets have arrived. The length is checked against the limit and
    /// the 16-octet header before anything is buffered.
    pub fn frame(input: &[u8], limits: &SmppLimits) -> Result<Option<usize>, DecodeError> {
        frame_length(input, 16, limits.max_message_size, "command_length")
    }

    /// Reads one complete PDU (exactly command_length octets) with the default options.
    pub fn parse(input: &'a [u8]) -> Result<Self, DecodeError> {
        Self::parse_with(input, &SmppOptions::default())
    }

    /// Reads one complete PDU (exactly command_length octets).
    pub fn parse_with(input: &'a [u8], options: &SmppOptions) -> Result<Self, DecodeError> {
        whole_pdu(input, 16, options.limits.max_message_size, "command_length")?;
        let mut r = Reader::new(input, 0);
        r.u32("command_length")?;
        let command_id = r.u32("command_id")?;
        let command_status = r.u32("command_status")?;
        let sequence_number = r.u32("sequence_number")?;
        let body = decode_body(&mut r, command_id, command_status, options)?;
        Ok(Self {
            command_id,
            command_status,
            sequence_number,
            body,
        })
    }

    crate::sink::encoding_methods!(length_prefixed write_after_length);

    /// Writes everything after the length field.
    fn write_after_length(&self, out: &mut impl Sink) {
        out.extend_from_slice(&self.command_id.to_be_bytes());
        out.extend_from_slice(&self.command_status.to_be_bytes());
        out.extend_from_slice(&self.sequence_number.to_be_bytes());
        match &self.body {
            SmppBody::Empty => {}
            SmppBody::Bind(b) => {
                put_c_octets(out, &b.system_id);
                put_c_octets(out, &b.password.0);
                put_c_octets(out, &b.system_type);
                out.push(b.interface_version);
                put_address(out, &b.address_range);
            }
            SmppBody::BindResp { system_id, tlvs } => {
                put_c_octets(out, system_id);
                put_tlvs(out, tlvs);
            }
            SmppBody::ShortMessage(m) => {
                put_c_octets(out, &m.service_type);
                put_address(out, &m.source);
                put_address(out, &m.destination);
                out.extend_from_slice(&[m.esm_class, m.protocol_id, m.priority_flag]);
                put_c_octets(out, &m.schedule_delivery_time);
                put_c_octets(out, &m.validity_period);
                out.extend_from_slice(&[
                    m.registered_delivery,
                    m.replace_if_present,
                    m.data_coding,
                    m.sm_default_msg_id,
                ]);
                let sm = &m.short_message[..m.short_message.len().min(254)];
                out.push(sm.len() as u8);
                out.extend_from_slice(sm);
                put_tlvs(out, &m.tlvs);
            }
            SmppBody::DataSm(d) => {
                put_c_octets(out, &d.service_type);
                put_address(out, &d.source);
                put_address(out, &d.destination);
                out.extend_from_slice(&[d.esm_class, d.registered_delivery, d.data_coding]);
                put_tlvs(out, &d.tlvs);
            }
            SmppBody::MessageIdResp { message_id, tlvs } => {
                if let Some(id) = message_id {
                    put_c_octets(out, id);
                }
                put_tlvs(out, tlvs);
            }
            SmppBody::Other(body) => out.extend_from_slice(body),
        }
    }

    /// The command's name (`"submit_sm"`, `"deliver_sm_resp"`, ...), `None` if unknown.
    pub fn command_name(&self) -> Option<&'static str> {
        command_name(self.command_id)
    }

    /// The same PDU owning its data.
    pub fn into_owned(self) -> SmppPdu<'static> {
        let owned = |c: Cow<'_, [u8]>| Cow::Owned(c.into_owned());
        let tlvs = |v: Vec<Tlv<'_>>| v.into_iter().map(Tlv::into_owned).collect();
        let body = match self.body {
            SmppBody::Empty => SmppBody::Empty,
            SmppBody::Bind(b) => SmppBody::Bind(Bind {
                system_id: owned(b.system_id),
                password: Redacted(owned(b.password.0)),
                system_type: owned(b.system_type),
                interface_version: b.interface_version,
                address_range: b.address_range.into_owned(),
            }),
            SmppBody::BindResp { system_id, tlvs: t } => SmppBody::BindResp {
                system_id: owned(system_id),
                tlvs: tlvs(t),
            },
            SmppBody::ShortMessage(m) => SmppBody::ShortMessage(ShortMessage {
                service_type: owned(m.service_type),
                source: m.source.into_owned(),
                destination: m.destination.into_owned(),
                esm_class: m.esm_class,
                protocol_id: m.protocol_id,
                priority_flag: m.priority_flag,
                schedule_delivery_time: owned(m.schedule_delivery_time),
                validity_period: owned(m.validity_period),
                registered_delivery: m.registered_delivery,
                replace_if_present: m.replace_if_present,
                data_coding: m.data_coding,
                sm_default_msg_id: m.sm_default_msg_id,
                short_message: owned(m.short_message),
                tlvs: tlvs(m.tlvs),
            }),
            SmppBody::DataSm(d) => SmppBody::DataSm(DataSm {
                service_type: owned(d.service_type),
                source: d.source.into_owned(),
                destination: d.destination.into_owned(),
                esm_class: d.esm_class,
                registered_delivery: d.registered_delivery,
                data_coding: d.data_coding,
                tlvs: tlvs(d.tlvs),
            }),
            SmppBody::MessageIdResp {
                message_id,
                tlvs: t,
            } => SmppBody::MessageIdResp {
                message_id: message_id.map(owned),
                tlvs: tlvs(t),
            },
            SmppBody::Other(b) => SmppBody::Other(owned(b)),
        };
        SmppPdu {
            command_id: self.command_id,
            command_status: self.command_status,
            sequence_number: self.sequence_number,
            body,
        }
    }
}

fn decode_body<'a>(
    r: &mut Reader<'a>,
    command_id: u32,
    status: u32,
    options: &SmppOptions,
) -> Result<SmppBody<'a>, DecodeError> {
    use command::*;
    let body = match command_id {
        BIND_RECEIVER | BIND_TRANSMITTER | BIND_TRANSCEIVER => SmppBody::Bind(Bind {
            system_id: r.c_octets(16, "system_id")?,
            password: Redacted(r.c_octets(9, "password")?),
            system_type: r.c_octets(13, "system_type")?,
            interface_version: r.u8("interface_version")?,
            address_range: address(r, 41, "address_range")?,
        }),
        // These have no body (SMPP 3.4 §4.2.2, §4.11, §4.3, §4.5.2, §4.9.2): octets after the
        // header mean the command_length is wrong, which an SMSC answers ESME_RINVCMDLEN.
        GENERIC_NACK | ENQUIRE_LINK | UNBIND | 0x8000_0015 | 0x8000_0006 | 0x8000_0008
        | 0x8000_0007 => {
            if !r.is_empty() {
                return Err(r.error(ErrorKind::InvalidLength, "command_length"));
            }
            SmppBody::Empty
        }
        0x8000_0001 | 0x8000_0002 | 0x8000_0009 => {
            if r.is_empty() && status != 0 {
                SmppBody::Empty
            } else {
                SmppBody::BindResp {
                    system_id: r.c_octets(16, "system_id")?,
                    tlvs: tlvs(r)?,
                }
            }
        }
        SUBMIT_SM | DELIVER_SM => {
            let service_type = r.c_octets(6, "service_type")?;
            let source = address(r, 21, "source_addr")?;
            let destination = address(r, 21, "destination_addr")?;
            let esm_class = r.u8("esm_class")?;
            let protocol_id = r.u8("protocol_id")?;
            let priority_flag = r.u8("priority_flag")?;
            let schedule_delivery_time = r.c_octets(17, "schedule_delivery_time")?;
            let validity_period = r.c_octets(17, "validity_period")?;
            let registered_delivery = r.u8("registered_delivery")?;
            let replace_if_present = r.u8("replace_if_present_flag")?;
            let data_coding = r.u8("data_coding")?;
            let sm_default_msg_id = r.u8("sm_default_msg_id")?;
            let sm_length = usize::from(r.u8("sm_length")?);
            if sm_length > 254 {
                return Err(r.error(ErrorKind::InvalidLength, "sm_length"));
            }
            let short_message = Cow::Borrowed(r.bytes(sm_length, "short_message")?);
            SmppBody::ShortMessage(ShortMessage {
                service_type,
                source,
                destination,
                esm_class,
                protocol_id,
                priority_flag,
                schedule_delivery_time,
                validity_period,
                registered_delivery,
                replace_if_present,
                data_coding,
                sm_default_msg_id,
                short_message,
                tlvs: tlvs(r)?,
            })
        }
        DATA_SM => SmppBody::DataSm(DataSm {
            service_type: r.c_octets(6, "service_type")?,
            source: address(r, 65, "source_addr")?,
            destination: address(r, 65, "destination_addr")?,
            esm_class: r.u8("esm_class")?,
            registered_delivery: r.u8("registered_delivery")?,
            data_coding: r.u8("data_coding")?,
            tlvs: tlvs(r)?,
        }),
        0x8000_0004 | 0x8000_0005 | 0x8000_0103 => {
            if r.is_empty() {
                if status == 0 && !options.allow_missing_message_id {
                    return Err(r.error(ErrorKind::Incomplete, "message_id"));
                }
                SmppBody::MessageIdResp {
                    message_id: None,
                    tlvs: Vec::new(),
                }
            } else {
                SmppBody::MessageIdResp {
                    message_id: Some(r.c_octets(65, "message_id")?),
                    tlvs: tlvs(r)?,
                }
            }
        }
        _ => SmppBody::Other(Cow::Borrowed(r.bytes(r.remaining(), "body")?)),
    };
    if !r.is_empty() {
        return Err(r.error(ErrorKind::TrailingBytes, "body"));
    }
    Ok(body)
}

/// The name of a command id (`"submit_sm"`, `"deliver_sm_resp"`, ...), `None` if unknown.
pub fn command_name(id: u32) -> Option<&'static str> {
    command::name(id)
}

/// How a planned multi-part text is carried in submit_sm PDUs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SmppSegmentation {
    /// One submit_sm per part, the UDH at the start of short_message, esm_class 0x40.
    #[default]
    Udhi,
    /// One submit_sm per part, sar_msg_ref_num / sar_total_segments / sar_segment_seqnum TLVs
    /// (national language elements, which have no TLV, still ride in a UDH).
    SarTlvs,
    /// One submit_sm whose message_payload TLV holds the whole text; the SMSC segments it.
    MessagePayload,
}

/// The data_coding for an alphabet: 0 (SMSC default alphabet: GSM 7-bit, one septet per
/// octet), 4 (8-bit) or 8 (UCS-2).
pub fn data_coding_for(alphabet: Alphabet) -> u8 {
    match alphabet {
        Alphabet::Gsm7 => 0x00,
        Alphabet::Eight => 0x04,
        Alphabet::Ucs2 => 0x08,
    }
}

impl ShortMessage<'static> {
    /// submit_sm bodies for a planned text, from `source` to `destination`, carried as
    /// `mode` says. GSM 7-bit text is written one septet per octet (the SMSC packs it).
    pub fn for_plan(
        plan: &SmsPlan<'_>,
        source: &SmppAddress<'_>,
        destination: &SmppAddress<'_>,
        mode: SmppSegmentation,
        references: &mut impl ReferenceSource,
    ) -> Vec<Self> {
        let base = |data_coding: u8| ShortMessage {
            source: source.clone().into_owned(),
            destination: destination.clone().into_owned(),
            data_coding,
            ..ShortMessage::default()
        };
        let alphabet = plan.encoding().alphabet();
        let data_coding = data_coding_for(alphabet);
        if mode == SmppSegmentation::MessagePayload {
            // The whole text as one user data, without concatenation.
            let single = plan.whole_user_data();
            let mut m = base(data_coding);
            if let Some(h) = &single.header {
                m.esm_class = 0x40;
                let mut payload = Vec::new();
                h.encode(&mut payload);
                payload.extend_from_slice(&single.body);
                m.tlvs.push(Tlv::new(tag::MESSAGE_PAYLOAD, payload));
            } else {
                m.tlvs.push(Tlv::new(tag::MESSAGE_PAYLOAD, single.body));
            }
            return vec![m];
        }
        let parts = plan.user_data(references);
        let total = parts.len();
        parts
            .into_iter()
            .enumerate()
            .map(|(i, mut ud)| {
                let mut m = base(data_coding);
                if mode == SmppSegmentation::SarTlvs
                    && let Some(h) = ud.header.as_mut()
                    && let Some(c) = h.concat()
                {
                    h.elements.retain(|e| {
                        !matches!(
                            e,
                            InformationElement::Concat8 { .. }
                                | InformationElement::Concat16 { .. }
                        )
                    });
                    m.tlvs
                        .push(Tlv::new(tag::SAR_MSG_REF_NUM, c.reference.to_be_bytes()));
                    m.tlvs
                        .push(Tlv::new(tag::SAR_TOTAL_SEGMENTS, [total as u8]));
                    m.tlvs
                        .push(Tlv::new(tag::SAR_SEGMENT_SEQNUM, [(i + 1) as u8]));
                }
                let mut sm = Vec::with_capacity(160);
                if let Some(h) = ud.header.as_ref().filter(|h| !h.elements.is_empty()) {
                    m.esm_class = 0x40;
                    h.encode(&mut sm);
                }
                sm.extend_from_slice(&ud.body);
                m.short_message = Cow::Owned(sm);
                m
            })
            .collect()
    }
}

/// What data_coding 0, the "SMSC default alphabet", means on the link (SMPP 3.4 leaves it to
/// the SMSC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SmscDefaultAlphabet {
    /// GSM 7-bit, one septet per octet (what this crate writes).
    #[default]
    Gsm7,
    /// ISO-8859-1 (what many Java SMPP stacks read it as).
    Latin1,
}

impl ShortMessage<'_> {
    /// The text: after the UDH when esm_class has UDHI; data_coding 0 read as `default` says,
    /// 1 (IA5) as ASCII, 3 as Latin-1, 8 as UCS-2, other GSM 7-bit groups as GSM 7-bit;
    /// `None` for binary data or an invalid UDH.
    pub fn text(&self, default: SmscDefaultAlphabet) -> Option<String> {
        let latin1 = |b: &[u8]| b.iter().map(|&c| char::from(c)).collect::<String>();
        let ud = self.user_data().ok()?;
        match self.data_coding {
            0x00 if default == SmscDefaultAlphabet::Latin1 => {
                let payload = self.payload();
                let start = payload.len() - ud.body.len();
                Some(latin1(&payload[start..]))
            }
            0x01 | 0x03 => {
                let payload = self.payload();
                Some(latin1(&payload[payload.len() - ud.body.len()..]))
            }
            _ => ud.text(),
        }
    }

    fn payload(&self) -> &[u8] {
        self.tlvs
            .iter()
            .find(|t| t.tag == tag::MESSAGE_PAYLOAD)
            .filter(|_| self.short_message.is_empty())
            .map_or(&*self.short_message, |t| &*t.value)
    }

    /// The short message as user data: a UDH when esm_class has UDHI (0x40), the alphabet
    /// from data_coding (0 and the GSM 7-bit groups: GSM 7-bit one septet per octet; 8: UCS-2;
    /// the other SMPP values 1–15: octets), or the message_payload TLV when short_message is
    /// empty.
    pub fn user_data(&self) -> Result<UserData, DecodeError> {
        let payload = self.payload();
        let alphabet = match self.data_coding {
            0x08 | 0x18 => Alphabet::Ucs2,
            0x01..=0x07 | 0x09..=0x0F => Alphabet::Eight,
            dc if dc >> 4 == 0xF && dc & 0x04 != 0 => Alphabet::Eight,
            _ => Alphabet::Gsm7,
        };
        let (header, body) = if self.esm_class & 0x40 != 0 {
            let (h, n) = UserDataHeader::parse_prefix(payload)?;
            (Some(h), &payload[n..])
        } else {
            (None, payload)
        };
        let mut body = body.to_vec();
        if alphabet == Alphabet::Gsm7 {
            body.iter_mut().for_each(|b| *b &= 0x7F);
        }
        Ok(UserData {
            header,
            alphabet,
            body,
        })
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for SmppPdu<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let message = match &self.body {
            SmppBody::ShortMessage(m) => Some(m),
            _ => None,
        };
        let mut st = s.serialize_struct("SmppPdu", 7)?;
        st.serialize_field("command", &self.command_name())?;
        st.serialize_field("command_id", &self.command_id)?;
        st.serialize_field("command_status", &self.command_status)?;
        st.serialize_field("sequence_number", &self.sequence_number)?;
        st.serialize_field("body", &self.body)?;
        st.serialize_field(
            "text",
            &message.and_then(|m| m.text(SmscDefaultAlphabet::Gsm7)),
        )?;
        st.serialize_field(
            "text_latin1",
            &message
                .filter(|m| m.data_coding == 0)
                .and_then(|m| m.text(SmscDefaultAlphabet::Latin1)),
        )?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_less_commands_refuse_any_body() {
        let ids = [
            command::GENERIC_NACK,
            command::ENQUIRE_LINK,
            command::ENQUIRE_LINK | command::RESPONSE,
            command::UNBIND,
            command::UNBIND | command::RESPONSE,
            command::REPLACE_SM | command::RESPONSE,
            command::CANCEL_SM | command::RESPONSE,
        ];
        for id in ids {
            let pdu = |extra: usize| {
                let mut b = ((16 + extra) as u32).to_be_bytes().to_vec();
                b.extend_from_slice(&id.to_be_bytes());
                b.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 7]);
                b.resize(16 + extra, 0);
                b
            };
            let empty = pdu(0);
            let ok = SmppPdu::parse(&empty).unwrap();
            assert_eq!(ok.body, SmppBody::Empty, "{id:#x}");
            for extra in [1, 4, 200] {
                let e = SmppPdu::parse(&pdu(extra)).unwrap_err();
                assert_eq!(
                    (e.kind(), e.field(), e.offset()),
                    (ErrorKind::InvalidLength, Some("command_length"), 16),
                    "{id:#x} with {extra} trailing octets"
                );
            }
        }
    }
    use crate::{SequentialReferences, SmsOptions};

    fn round_trip(m: ShortMessage<'static>, seq: u32) -> UserData {
        let pdu = SmppPdu {
            command_id: command::SUBMIT_SM,
            command_status: 0,
            sequence_number: seq,
            body: SmppBody::ShortMessage(m),
        };
        let bytes = pdu.to_bytes();
        let back = SmppPdu::parse(&bytes).unwrap();
        assert_eq!(back, pdu);
        let SmppBody::ShortMessage(m) = back.body else {
            panic!("not a short message")
        };
        m.user_data().unwrap()
    }

    #[test]
    fn a_plan_in_each_mode_reads_back() {
        let text = format!("{}€ and 中文", "a".repeat(150));
        let plan = SmsPlan::new(&text, &SmsOptions::default()).unwrap();
        assert_eq!(plan.segments(), 3);
        let src = SmppAddress::new(5, 0, "10086");
        let dst = SmppAddress::new(1, 1, "8613800138000");
        for mode in [SmppSegmentation::Udhi, SmppSegmentation::SarTlvs] {
            let sms = ShortMessage::for_plan(
                &plan,
                &src,
                &dst,
                mode,
                &mut SequentialReferences::default(),
            );
            assert_eq!(sms.len(), 3);
            let mut joined = String::new();
            for (i, m) in sms.into_iter().enumerate() {
                let sar = m.tlvs.iter().any(|t| t.tag == tag::SAR_SEGMENT_SEQNUM);
                assert_eq!(sar, mode == SmppSegmentation::SarTlvs);
                assert_eq!(m.esm_class == 0x40, mode == SmppSegmentation::Udhi);
                joined.push_str(&round_trip(m, i as u32).text().unwrap());
            }
            assert_eq!(joined, text);
        }
        let one = ShortMessage::for_plan(
            &plan,
            &src,
            &dst,
            SmppSegmentation::MessagePayload,
            &mut SequentialReferences::default(),
        );
        assert_eq!(one.len(), 1);
        assert!(one[0].short_message.is_empty());
        assert_eq!(round_trip(one[0].clone(), 9).text().unwrap(), text);
    }

    #[test]
    fn framing_limits_and_names() {
        assert_eq!(SmppPdu::frame(&[0, 0, 0], &SmppLimits::default()), Ok(None));
        let e = SmppPdu::frame(&[0, 0, 0, 15], &SmppLimits::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidLength);
        let e = SmppPdu::frame(&[0, 1, 0, 1], &SmppLimits::default()).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::LimitExceeded(crate::LimitKind::MessageSize)
        );
        assert_eq!(command_name(0x8000_0004), Some("submit_sm_resp"));
        assert_eq!(command_name(command::GENERIC_NACK), Some("generic_nack"));
        assert_eq!(command_name(0x0000_0110), None);
        let bind = Bind {
            password: Redacted(Cow::Borrowed(b"secret")),
            ..Bind::default()
        };
        assert!(!format!("{bind:?}").contains("secret"));
    }
}
