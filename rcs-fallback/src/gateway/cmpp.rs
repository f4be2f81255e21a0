//! CMPP 2.0 and 3.0 (China Mobile Peer to Peer): the header, CONNECT with its MD5
//! authenticators, SUBMIT, DELIVER (and the status report it may carry), their responses,
//! ACTIVE_TEST, TERMINATE; any other command (FWD, QUERY, CANCEL, ...) kept as its raw body.
//! Msg_Fmt 0 (ASCII), 4/other (binary), 8 (UCS-2), 15 (GBK).
//!
//! Fixed-size string fields are read up to their first NUL and written NUL-padded, so a PDU
//! whose padding is NUL (every PDU seen) re-encodes byte for byte.

use std::borrow::Cow;

use md5::{Digest, Md5};

use super::Redacted;

use super::reader::{Reader, frame_length, put_fixed, whole_pdu};
use crate::error::{DecodeError, ErrorKind};
use crate::sink::Sink;
use crate::sms::{ReferenceSource, SmsPlan};
use crate::udh::UserDataHeader;
use crate::user_data::{Alphabet, UserData, utf16be_lossy};

commands! {
    /// Command_Id values.
    pub mod command, responses named "_RESP" {
        /// CMPP_CONNECT.
        CONNECT = 0x0000_0001, "CMPP_CONNECT", pair;
        /// CMPP_TERMINATE.
        TERMINATE = 0x0000_0002, "CMPP_TERMINATE", pair;
        /// CMPP_SUBMIT.
        SUBMIT = 0x0000_0004, "CMPP_SUBMIT", pair;
        /// CMPP_DELIVER.
        DELIVER = 0x0000_0005, "CMPP_DELIVER", pair;
        /// CMPP_QUERY.
        QUERY = 0x0000_0006, "CMPP_QUERY", pair;
        /// CMPP_CANCEL.
        CANCEL = 0x0000_0007, "CMPP_CANCEL", pair;
        /// CMPP_ACTIVE_TEST.
        ACTIVE_TEST = 0x0000_0008, "CMPP_ACTIVE_TEST", pair;
        /// CMPP_FWD.
        FWD = 0x0000_0009, "CMPP_FWD", pair;
    }
}

/// Which CMPP: the layouts differ (terminal ids of 21 or 32 octets, 1- or 4-octet results,
/// terminal types and LinkID in 3.0).
/// Serializes (feature `serde`) as `"2.0"` or `"3.0"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CmppVersion {
    /// CMPP 2.0 (Version octet 0x20; 0x21 for 2.1).
    #[cfg_attr(feature = "serde", serde(rename = "2.0", alias = "V20"))]
    V20,
    /// CMPP 3.0 (Version octet 0x30).
    #[cfg_attr(feature = "serde", serde(rename = "3.0", alias = "V30"))]
    V30,
}

impl CmppVersion {
    pub(crate) fn terminal_len(self) -> usize {
        match self {
            Self::V20 => 21,
            Self::V30 => 32,
        }
    }
}

/// Bounds of CMPP decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct CmppLimits {
    /// The largest Total_Length accepted. Default 4 KiB (a SUBMIT to 100 terminals is under
    /// 3.5 KB in 3.0).
    pub max_message_size: usize,
}

impl CmppLimits {
    /// The defaults, in `const` contexts.
    pub const DEFAULT: Self = Self {
        max_message_size: 4 << 10,
    };
}

impl Default for CmppLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// CMPP_CONNECT.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Connect<'a> {
    /// Source_Addr: the SP's enterprise code (6 octets).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub source_addr: Cow<'a, [u8]>,
    /// AuthenticatorSource: MD5(Source_Addr + 9 NULs + secret + Timestamp as 10 digits).
    /// Not shown by `Debug`.
    pub authenticator: Redacted<[u8; 16]>,
    /// Version (0x20, 0x21 or 0x30).
    pub version: u8,
    /// Timestamp, MMDDHHMMSS as a number.
    pub timestamp: u32,
}

impl Connect<'_> {
    /// The AuthenticatorSource for an SP code, shared secret and timestamp (MMDDHHMMSS).
    pub fn authenticator_for(source_addr: &[u8], secret: &[u8], timestamp: u32) -> [u8; 16] {
        let mut h = Md5::new();
        h.update(source_addr);
        h.update([0u8; 9]);
        h.update(secret);
        h.update(format!("{timestamp:010}").as_bytes());
        h.finalize().into()
    }

    /// A CONNECT for an SP code and shared secret, authenticator computed.
    pub fn new(source_addr: &str, secret: &[u8], timestamp: u32, version: u8) -> Connect<'static> {
        Connect {
            source_addr: Cow::Owned(source_addr.as_bytes().to_vec()),
            authenticator: Redacted(Connect::authenticator_for(
                source_addr.as_bytes(),
                secret,
                timestamp,
            )),
            version,
            timestamp,
        }
    }

    /// Whether the authenticator is the one the shared secret gives (constant time).
    pub fn verify(&self, secret: &[u8]) -> bool {
        let want = Connect::authenticator_for(&self.source_addr, secret, self.timestamp);
        want.iter()
            .zip(self.authenticator.0)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

/// CMPP_CONNECT_RESP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConnectResp {
    /// Status (0 success; one octet in 2.0, four in 3.0).
    pub status: u32,
    /// AuthenticatorISMG: MD5(Status + AuthenticatorSource + secret).
    pub authenticator: [u8; 16],
    /// Version.
    pub version: u8,
}

impl ConnectResp {
    /// The AuthenticatorISMG for a status, the client's AuthenticatorSource and the secret.
    pub fn authenticator_for(
        version: CmppVersion,
        status: u32,
        source: &[u8; 16],
        secret: &[u8],
    ) -> [u8; 16] {
        let mut h = Md5::new();
        match version {
            // The status as sent: one octet in 2.0.
            CmppVersion::V20 => h.update([status as u8]),
            CmppVersion::V30 => h.update(status.to_be_bytes()),
        }
        h.update(source);
        h.update(secret);
        h.finalize().into()
    }
}

/// CMPP_SUBMIT.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Submit<'a> {
    /// Msg_Id (0 from the SP; the ISMG fills it).
    pub msg_id: u64,
    /// Pk_total.
    pub pk_total: u8,
    /// Pk_number.
    pub pk_number: u8,
    /// Registered_Delivery (1: a status report is wanted).
    pub registered_delivery: u8,
    /// Msg_level.
    pub msg_level: u8,
    /// Service_Id (10).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub service_id: Cow<'a, [u8]>,
    /// Fee_UserType.
    pub fee_user_type: u8,
    /// Fee_terminal_Id (21 / 32).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub fee_terminal_id: Cow<'a, [u8]>,
    /// Fee_terminal_type (3.0 only).
    pub fee_terminal_type: u8,
    /// TP_pId.
    pub tp_pid: u8,
    /// TP_udhi (1: Msg_Content starts with a UDH).
    pub tp_udhi: u8,
    /// Msg_Fmt.
    pub msg_fmt: u8,
    /// Msg_src: the SP code (6).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub msg_src: Cow<'a, [u8]>,
    /// FeeType (2).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub fee_type: Cow<'a, [u8]>,
    /// FeeCode (6).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub fee_code: Cow<'a, [u8]>,
    /// ValId_Time (17).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub valid_time: Cow<'a, [u8]>,
    /// At_Time (17).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub at_time: Cow<'a, [u8]>,
    /// Src_Id: the SP's access number (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub src_id: Cow<'a, [u8]>,
    /// Dest_terminal_Id, DestUsr_tl of them (21 / 32 each).
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::gateway::ser::text_list")
    )]
    pub dest_terminal_ids: Vec<Cow<'a, [u8]>>,
    /// Dest_terminal_type (3.0 only).
    pub dest_terminal_type: u8,
    /// Msg_Content (Msg_Length octets).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
    pub msg_content: Cow<'a, [u8]>,
    /// Reserve (8, 2.0) or LinkID (20, 3.0).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub reserve: Cow<'a, [u8]>,
}

/// CMPP_DELIVER.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Deliver<'a> {
    /// Msg_Id.
    pub msg_id: u64,
    /// Dest_Id: the SP's access number (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub dest_id: Cow<'a, [u8]>,
    /// Service_Id (10).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub service_id: Cow<'a, [u8]>,
    /// TP_pid.
    pub tp_pid: u8,
    /// TP_udhi.
    pub tp_udhi: u8,
    /// Msg_Fmt.
    pub msg_fmt: u8,
    /// Src_terminal_Id (21 / 32).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub src_terminal_id: Cow<'a, [u8]>,
    /// Src_terminal_type (3.0 only).
    pub src_terminal_type: u8,
    /// Registered_Delivery: 1 when Msg_Content is a status report.
    pub registered_delivery: u8,
    /// Msg_Content.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
    pub msg_content: Cow<'a, [u8]>,
    /// Reserved (8, 2.0) or LinkID (20, 3.0).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub reserve: Cow<'a, [u8]>,
}

/// The status report a DELIVER carries when Registered_Delivery is 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Report<'a> {
    /// Msg_Id of the submitted message.
    pub msg_id: u64,
    /// Stat (`DELIVRD`, `EXPIRED`, `UNDELIV`, ...).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub stat: Cow<'a, [u8]>,
    /// Submit_time (YYMMDDHHMM).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub submit_time: Cow<'a, [u8]>,
    /// Done_time (YYMMDDHHMM).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub done_time: Cow<'a, [u8]>,
    /// Dest_terminal_Id (21 / 32).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub dest_terminal_id: Cow<'a, [u8]>,
    /// SMSC_sequence.
    pub smsc_sequence: u32,
}

impl<'a> Report<'a> {
    /// Reads a report from a DELIVER's Msg_Content (exactly its length).
    pub fn parse(content: &'a [u8], version: CmppVersion) -> Result<Self, DecodeError> {
        let mut r = Reader::new(content, 0);
        let report = Self {
            msg_id: r.u64("Msg_Id")?,
            stat: r.fixed(7, "Stat")?,
            submit_time: r.fixed(10, "Submit_time")?,
            done_time: r.fixed(10, "Done_time")?,
            dest_terminal_id: r.fixed(version.terminal_len(), "Dest_terminal_Id")?,
            smsc_sequence: r.u32("SMSC_sequence")?,
        };
        if !r.is_empty() {
            return Err(r.error(ErrorKind::TrailingBytes, "report"));
        }
        Ok(report)
    }

    /// The exact number of octets [`encode`](Self::encode) writes.
    pub fn encoded_len(&self, version: CmppVersion) -> usize {
        let mut n = crate::sink::Count(0);
        self.write(version, &mut n);
        n.0
    }

    /// Writes the report's octets (a DELIVER's Msg_Content) into `dst`.
    pub fn encode(&self, version: CmppVersion, dst: &mut impl bytes::BufMut) {
        self.write(version, &mut crate::sink::Put(dst));
    }

    /// The report's octets.
    pub fn to_bytes(&self, version: CmppVersion) -> bytes::Bytes {
        let mut out = Vec::with_capacity(self.encoded_len(version));
        self.write(version, &mut out);
        bytes::Bytes::from(out)
    }

    fn write(&self, version: CmppVersion, out: &mut impl Sink) {
        out.extend_from_slice(&self.msg_id.to_be_bytes());
        put_fixed(out, &self.stat, 7);
        put_fixed(out, &self.submit_time, 10);
        put_fixed(out, &self.done_time, 10);
        put_fixed(out, &self.dest_terminal_id, version.terminal_len());
        out.extend_from_slice(&self.smsc_sequence.to_be_bytes());
    }
}

/// The body of a CMPP PDU. Serializes (feature `serde`) as `"empty"` or `{"submit": {...}}`,
/// `{"deliver": {...}}`, ... (the variant's name in snake case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum CmppBody<'a> {
    /// TERMINATE, TERMINATE_RESP, ACTIVE_TEST.
    Empty,
    /// ACTIVE_TEST_RESP.
    ActiveTestResp {
        /// Reserved.
        reserved: u8,
    },
    /// CONNECT.
    Connect(Connect<'a>),
    /// CONNECT_RESP.
    ConnectResp(ConnectResp),
    /// SUBMIT.
    Submit(Submit<'a>),
    /// SUBMIT_RESP or DELIVER_RESP.
    Resp {
        /// Msg_Id.
        msg_id: u64,
        /// Result (one octet in 2.0, four in 3.0).
        result: u32,
    },
    /// DELIVER.
    Deliver(Deliver<'a>),
    /// Any other command (FWD, QUERY, CANCEL, ...): the body as sent.
    Other(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
        Cow<'a, [u8]>,
    ),
}

/// A CMPP PDU.
///
/// Serializes (feature `serde`) as `{"version": "2.0"|"3.0", "command": its name or null,
/// "command_id", "sequence_id", "body", "text", "report"}`: text fields as text, `msg_content`
/// as hex, authenticators as hex; `text` is a SUBMIT's or DELIVER's content decoded by its
/// Msg_Fmt, `report` a DELIVER's status report (Registered_Delivery 1) read, both null
/// otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CmppPdu<'a> {
    /// The layout it was read with or is written in.
    pub version: CmppVersion,
    /// Command_Id.
    pub command_id: u32,
    /// Sequence_Id.
    pub sequence_id: u32,
    /// The body.
    pub body: CmppBody<'a>,
}

impl<'a> CmppPdu<'a> {
    /// The command's name as the specification spells it ("CMPP_SUBMIT", ...), `None` if unknown.
    pub fn command_name(&self) -> Option<&'static str> {
        command::name(self.command_id)
    }

    /// The length of the next PDU once its Total_Length has arrived (`Ok(None)` before);
    /// checked against the limit and the 12-octet header before anything is buffered.
    pub fn frame(input: &[u8], limits: &CmppLimits) -> Result<Option<usize>, DecodeError> {
        frame_length(input, 12, limits.max_message_size, "Total_Length")
    }

    /// Reads one complete PDU (exactly Total_Length octets) in the given layout.
    pub fn parse(input: &'a [u8], version: CmppVersion) -> Result<Self, DecodeError> {
        whole_pdu(
            input,
            12,
            CmppLimits::default().max_message_size,
            "Total_Length",
        )?;
        let mut r = Reader::new(input, 0);
        r.u32("Total_Length")?;
        let command_id = r.u32("Command_Id")?;
        let sequence_id = r.u32("Sequence_Id")?;
        let result = |r: &mut Reader<'a>| match version {
            CmppVersion::V20 => r.u8("Result").map(u32::from),
            CmppVersion::V30 => r.u32("Result"),
        };
        let t = version.terminal_len();
        let body = match command_id {
            command::TERMINATE | 0x8000_0002 | command::ACTIVE_TEST => CmppBody::Empty,
            0x8000_0008 => CmppBody::ActiveTestResp {
                reserved: r.u8("Reserved")?,
            },
            command::CONNECT => {
                let source_addr = r.fixed(6, "Source_Addr")?;
                let mut authenticator = [0u8; 16];
                authenticator.copy_from_slice(r.bytes(16, "AuthenticatorSource")?);
                CmppBody::Connect(Connect {
                    source_addr,
                    authenticator: Redacted(authenticator),
                    version: r.u8("Version")?,
                    timestamp: r.u32("Timestamp")?,
                })
            }
            0x8000_0001 => {
                let status = match version {
                    CmppVersion::V20 => u32::from(r.u8("Status")?),
                    CmppVersion::V30 => r.u32("Status")?,
                };
                let mut authenticator = [0u8; 16];
                authenticator.copy_from_slice(r.bytes(16, "AuthenticatorISMG")?);
                CmppBody::ConnectResp(ConnectResp {
                    status,
                    authenticator,
                    version: r.u8("Version")?,
                })
            }
            command::SUBMIT => {
                let mut s = Submit {
                    msg_id: r.u64("Msg_Id")?,
                    pk_total: r.u8("Pk_total")?,
                    pk_number: r.u8("Pk_number")?,
                    registered_delivery: r.u8("Registered_Delivery")?,
                    msg_level: r.u8("Msg_level")?,
                    service_id: r.fixed(10, "Service_Id")?,
                    fee_user_type: r.u8("Fee_UserType")?,
                    fee_terminal_id: r.fixed(t, "Fee_terminal_Id")?,
                    ..Submit::default()
                };
                if version == CmppVersion::V30 {
                    s.fee_terminal_type = r.u8("Fee_terminal_type")?;
                }
                s.tp_pid = r.u8("TP_pId")?;
                s.tp_udhi = r.u8("TP_udhi")?;
                s.msg_fmt = r.u8("Msg_Fmt")?;
                s.msg_src = r.fixed(6, "Msg_src")?;
                s.fee_type = r.fixed(2, "FeeType")?;
                s.fee_code = r.fixed(6, "FeeCode")?;
                s.valid_time = r.fixed(17, "ValId_Time")?;
                s.at_time = r.fixed(17, "At_Time")?;
                s.src_id = r.fixed(21, "Src_Id")?;
                let count = r.u8("DestUsr_tl")?;
                // At most 100 terminals (CMPP §7.4.3); the count is checked against what is
                // left before anything is kept.
                if count > 100 || usize::from(count) * t > r.remaining() {
                    return Err(r.error(ErrorKind::InvalidLength, "DestUsr_tl"));
                }
                for _ in 0..count {
                    s.dest_terminal_ids.push(r.fixed(t, "Dest_terminal_Id")?);
                }
                if version == CmppVersion::V30 {
                    s.dest_terminal_type = r.u8("Dest_terminal_type")?;
                }
                let n = usize::from(r.u8("Msg_Length")?);
                s.msg_content = Cow::Borrowed(r.bytes(n, "Msg_Content")?);
                s.reserve = match version {
                    CmppVersion::V20 => r.fixed(8, "Reserve")?,
                    CmppVersion::V30 => r.fixed(20, "LinkID")?,
                };
                CmppBody::Submit(s)
            }
            0x8000_0004 | 0x8000_0005 => CmppBody::Resp {
                msg_id: r.u64("Msg_Id")?,
                result: result(&mut r)?,
            },
            command::DELIVER => {
                let mut d = Deliver {
                    msg_id: r.u64("Msg_Id")?,
                    dest_id: r.fixed(21, "Dest_Id")?,
                    service_id: r.fixed(10, "Service_Id")?,
                    tp_pid: r.u8("TP_pid")?,
                    tp_udhi: r.u8("TP_udhi")?,
                    msg_fmt: r.u8("Msg_Fmt")?,
                    src_terminal_id: r.fixed(t, "Src_terminal_Id")?,
                    ..Deliver::default()
                };
                if version == CmppVersion::V30 {
                    d.src_terminal_type = r.u8("Src_terminal_type")?;
                }
                d.registered_delivery = r.u8("Registered_Delivery")?;
                let n = usize::from(r.u8("Msg_Length")?);
                d.msg_content = Cow::Borrowed(r.bytes(n, "Msg_Content")?);
                d.reserve = match version {
                    CmppVersion::V20 => r.fixed(8, "Reserved")?,
                    CmppVersion::V30 => r.fixed(20, "LinkID")?,
                };
                CmppBody::Deliver(d)
            }
            _ => CmppBody::Other(Cow::Borrowed(r.bytes(r.remaining(), "body")?)),
        };
        if !r.is_empty() {
            return Err(r.error(ErrorKind::TrailingBytes, "body"));
        }
        Ok(Self {
            version,
            command_id,
            sequence_id,
            body,
        })
    }

    crate::sink::encoding_methods!(length_prefixed write_after_length);

    /// Writes everything after the length field.
    fn write_after_length<S: Sink>(&self, out: &mut S) {
        out.extend_from_slice(&self.command_id.to_be_bytes());
        out.extend_from_slice(&self.sequence_id.to_be_bytes());
        let v3 = self.version == CmppVersion::V30;
        let t = self.version.terminal_len();
        let put_result = |out: &mut S, result: u32| {
            if v3 {
                out.extend_from_slice(&result.to_be_bytes());
            } else {
                out.push(result as u8);
            }
        };
        match &self.body {
            CmppBody::Empty => {}
            CmppBody::ActiveTestResp { reserved } => out.push(*reserved),
            CmppBody::Connect(c) => {
                put_fixed(out, &c.source_addr, 6);
                out.extend_from_slice(&c.authenticator.0);
                out.push(c.version);
                out.extend_from_slice(&c.timestamp.to_be_bytes());
            }
            CmppBody::ConnectResp(c) => {
                put_result(out, c.status);
                out.extend_from_slice(&c.authenticator);
                out.push(c.version);
            }
            CmppBody::Submit(s) => {
                out.extend_from_slice(&s.msg_id.to_be_bytes());
                out.extend_from_slice(&[
                    s.pk_total,
                    s.pk_number,
                    s.registered_delivery,
                    s.msg_level,
                ]);
                put_fixed(out, &s.service_id, 10);
                out.push(s.fee_user_type);
                put_fixed(out, &s.fee_terminal_id, t);
                if v3 {
                    out.push(s.fee_terminal_type);
                }
                out.extend_from_slice(&[s.tp_pid, s.tp_udhi, s.msg_fmt]);
                put_fixed(out, &s.msg_src, 6);
                put_fixed(out, &s.fee_type, 2);
                put_fixed(out, &s.fee_code, 6);
                put_fixed(out, &s.valid_time, 17);
                put_fixed(out, &s.at_time, 17);
                put_fixed(out, &s.src_id, 21);
                let ids = &s.dest_terminal_ids[..s.dest_terminal_ids.len().min(100)];
                out.push(ids.len() as u8);
                for id in ids {
                    put_fixed(out, id, t);
                }
                if v3 {
                    out.push(s.dest_terminal_type);
                }
                let content = &s.msg_content[..s.msg_content.len().min(255)];
                out.push(content.len() as u8);
                out.extend_from_slice(content);
                put_fixed(out, &s.reserve, if v3 { 20 } else { 8 });
            }
            CmppBody::Resp { msg_id, result } => {
                out.extend_from_slice(&msg_id.to_be_bytes());
                put_result(out, *result);
            }
            CmppBody::Deliver(d) => {
                out.extend_from_slice(&d.msg_id.to_be_bytes());
                put_fixed(out, &d.dest_id, 21);
                put_fixed(out, &d.service_id, 10);
                out.extend_from_slice(&[d.tp_pid, d.tp_udhi, d.msg_fmt]);
                put_fixed(out, &d.src_terminal_id, t);
                if v3 {
                    out.push(d.src_terminal_type);
                }
                out.push(d.registered_delivery);
                let content = &d.msg_content[..d.msg_content.len().min(255)];
                out.push(content.len() as u8);
                out.extend_from_slice(content);
                put_fixed(out, &d.reserve, if v3 { 20 } else { 8 });
            }
            CmppBody::Other(b) => out.extend_from_slice(b),
        }
    }
}

/// Msg_Fmt values.
pub mod msg_fmt {
    /// ASCII.
    pub const ASCII: u8 = 0;
    /// Binary.
    pub const BINARY: u8 = 4;
    /// UCS-2.
    pub const UCS2: u8 = 8;
    /// GB (GBK) Chinese.
    pub const GBK: u8 = 15;
}

/// The text of a Msg_Content: after the UDH when `tp_udhi` is set, decoded by Msg_Fmt
/// (0 ASCII, 8 UCS-2, 15 GBK); `None` for binary formats.
pub fn content_text(msg_fmt: u8, tp_udhi: u8, content: &[u8]) -> Option<String> {
    let body = if tp_udhi != 0 {
        let (_, n) = UserDataHeader::parse_prefix(content).ok()?;
        &content[n..]
    } else {
        content
    };
    match msg_fmt {
        msg_fmt::ASCII => Some(body.iter().map(|&b| char::from(b)).collect()),
        msg_fmt::UCS2 => Some(utf16be_lossy(body)),
        msg_fmt::GBK => Some(
            encoding_rs::GBK
                .decode_without_bom_handling(body)
                .0
                .into_owned(),
        ),
        _ => None,
    }
}

/// A Msg_Content as user data (header and body), for [`Reassembler`](crate::Reassembler):
/// UCS-2 for Msg_Fmt 8, 8-bit data otherwise (ASCII and GBK octets are kept as they are).
pub fn content_user_data(
    msg_fmt: u8,
    tp_udhi: u8,
    content: &[u8],
) -> Result<UserData, DecodeError> {
    let (header, body) = if tp_udhi != 0 {
        let (h, n) = UserDataHeader::parse_prefix(content)?;
        (Some(h), &content[n..])
    } else {
        (None, content)
    };
    Ok(UserData {
        header,
        alphabet: if msg_fmt == msg_fmt::UCS2 {
            Alphabet::Ucs2
        } else {
            Alphabet::Eight
        },
        body: body.to_vec(),
    })
}

/// Why a plan cannot be carried in CMPP as planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum CmppPlanError {
    /// GSM 7-bit text that is not ASCII (or uses national tables): CMPP carries ASCII (0) or
    /// UCS-2 (8), so plan the text with [`SmsOptions::ucs2_only`](crate::SmsOptions::ucs2_only).
    NeedsUcs2,
}

impl core::fmt::Display for CmppPlanError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("the text is GSM 7-bit but not ASCII: plan it as UCS-2 for CMPP")
    }
}

impl std::error::Error for CmppPlanError {}

/// One part of a planned text as the Chinese gateways carry it: the format (0 ASCII,
/// 8 UCS-2), TP_udhi, and the content (UDH, then the text's octets).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GatewayContent {
    /// Msg_Fmt / MessageCoding / MsgFormat.
    pub msg_fmt: u8,
    /// TP_udhi.
    pub tp_udhi: u8,
    /// The content.
    pub content: Vec<u8>,
}

/// A planned text as the contents CMPP, SGIP and SMGP carry (one per part): ASCII text as
/// format 0 (the part's bytes), UCS-2 as format 8, the concatenation UDH in front with
/// TP_udhi set. GSM 7-bit text that is not ASCII has no format there: plan it with
/// [`SmsOptions::ucs2_only`](crate::SmsOptions::ucs2_only).
pub fn plan_contents(
    plan: &SmsPlan<'_>,
    references: &mut impl ReferenceSource,
) -> Result<Vec<GatewayContent>, CmppPlanError> {
    let ascii = match plan.encoding() {
        crate::Encoding::Gsm7(cs) if cs.is_default() && plan.text().is_ascii() => true,
        crate::Encoding::Gsm7(_) => return Err(CmppPlanError::NeedsUcs2),
        crate::Encoding::Ucs2 => false,
    };
    Ok(plan
        .user_data(references)
        .into_iter()
        .enumerate()
        .map(|(i, ud)| {
            let mut content = Vec::with_capacity(140);
            if let Some(h) = &ud.header {
                h.encode(&mut content);
            }
            if ascii {
                content.extend_from_slice(plan.part_text(i).unwrap_or_default().as_bytes());
            } else {
                content.extend_from_slice(&ud.body);
            }
            GatewayContent {
                msg_fmt: if ascii { msg_fmt::ASCII } else { msg_fmt::UCS2 },
                tp_udhi: u8::from(ud.header.is_some()),
                content,
            }
        })
        .collect())
}

/// Text as the octets of a format: 0 ASCII (`None` if not ASCII), 8 UCS-2, 15 GBK (`None` if a
/// character has no GBK code).
pub fn encode_content(text: &str, msg_fmt: u8) -> Option<Vec<u8>> {
    match msg_fmt {
        msg_fmt::ASCII => text.is_ascii().then(|| text.as_bytes().to_vec()),
        msg_fmt::UCS2 => Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
        msg_fmt::GBK => {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
            (!unmappable).then(|| bytes.into_owned())
        }
        _ => None,
    }
}

impl Submit<'static> {
    /// SUBMIT bodies for a planned text ([`plan_contents`]), Pk_total/Pk_number set; the other
    /// fields come from `template` (Service_Id, Msg_src, Src_Id, destinations, ...).
    pub fn for_plan(
        plan: &SmsPlan<'_>,
        template: &Submit<'_>,
        references: &mut impl ReferenceSource,
    ) -> Result<Vec<Self>, CmppPlanError> {
        let contents = plan_contents(plan, references)?;
        let total = contents.len();
        Ok(contents
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let mut s = template.clone().into_owned();
                s.pk_total = total as u8;
                s.pk_number = (i + 1) as u8;
                s.tp_udhi = c.tp_udhi;
                s.msg_fmt = c.msg_fmt;
                s.msg_content = Cow::Owned(c.content);
                s
            })
            .collect())
    }
}

impl Submit<'_> {
    /// The same SUBMIT owning its data.
    pub fn into_owned(self) -> Submit<'static> {
        let o = |c: Cow<'_, [u8]>| Cow::Owned(c.into_owned());
        Submit {
            msg_id: self.msg_id,
            pk_total: self.pk_total,
            pk_number: self.pk_number,
            registered_delivery: self.registered_delivery,
            msg_level: self.msg_level,
            service_id: o(self.service_id),
            fee_user_type: self.fee_user_type,
            fee_terminal_id: o(self.fee_terminal_id),
            fee_terminal_type: self.fee_terminal_type,
            tp_pid: self.tp_pid,
            tp_udhi: self.tp_udhi,
            msg_fmt: self.msg_fmt,
            msg_src: o(self.msg_src),
            fee_type: o(self.fee_type),
            fee_code: o(self.fee_code),
            valid_time: o(self.valid_time),
            at_time: o(self.at_time),
            src_id: o(self.src_id),
            dest_terminal_ids: self.dest_terminal_ids.into_iter().map(o).collect(),
            dest_terminal_type: self.dest_terminal_type,
            msg_content: o(self.msg_content),
            reserve: o(self.reserve),
        }
    }

    /// The text of Msg_Content (see [`content_text`]).
    pub fn text(&self) -> Option<String> {
        content_text(self.msg_fmt, self.tp_udhi, &self.msg_content)
    }
}

impl Deliver<'_> {
    /// The text of Msg_Content (see [`content_text`]); `None` for a status report.
    pub fn text(&self) -> Option<String> {
        if self.registered_delivery == 1 {
            return None;
        }
        content_text(self.msg_fmt, self.tp_udhi, &self.msg_content)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CmppPdu<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (text, report) = match &self.body {
            CmppBody::Submit(m) => (m.text(), None),
            CmppBody::Deliver(d) => (
                d.text(),
                (d.registered_delivery == 1)
                    .then(|| Report::parse(&d.msg_content, self.version).ok())
                    .flatten(),
            ),
            _ => (None, None),
        };
        let mut st = s.serialize_struct("CmppPdu", 7)?;
        st.serialize_field("version", &self.version)?;
        st.serialize_field("command", &self.command_name())?;
        st.serialize_field("command_id", &self.command_id)?;
        st.serialize_field("sequence_id", &self.sequence_id)?;
        st.serialize_field("body", &self.body)?;
        st.serialize_field("text", &text)?;
        st.serialize_field("report", &report)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_encoded_len_is_exact() {
        for version in [CmppVersion::V20, CmppVersion::V30] {
            let r = Report {
                msg_id: 0x0102_0304_0506_0708,
                stat: Cow::Borrowed(b"DELIVRD"),
                submit_time: Cow::Borrowed(b"2612051100"),
                done_time: Cow::Borrowed(b"2612051101"),
                dest_terminal_id: Cow::Borrowed(b"8613800138000"),
                smsc_sequence: 7,
            };
            let bytes = r.to_bytes(version);
            assert_eq!(r.encoded_len(version), bytes.len());
            let mut buf = Vec::new();
            r.encode(version, &mut buf);
            assert_eq!(buf, bytes);
            assert_eq!(Report::parse(&bytes, version).unwrap(), r);
        }
    }

    #[test]
    fn connect_authenticators_known_answer() {
        // gocmpp's connect test: SP 900001, secret 888888, timestamp 1021080510.
        let c = Connect::new("900001", b"888888", 1_021_080_510, 0x21);
        assert_eq!(
            c.authenticator.0,
            [
                0x90, 0xd0, 0x0c, 0x1d, 0x51, 0x7a, 0xbd, 0x0b, 0x4f, 0x65, 0xf6, 0xbc, 0xf8, 0x53,
                0x5d, 0x16
            ]
        );
        assert!(c.verify(b"888888") && !c.verify(b"888889"));
        assert!(!format!("{c:?}").contains("144"), "authenticator redacted");
        let ismg =
            ConnectResp::authenticator_for(CmppVersion::V20, 0, &c.authenticator.0, b"888888");
        assert_eq!(ismg[..4], [0x6c, 0x0b, 0x84, 0x6e]);
        let ismg =
            ConnectResp::authenticator_for(CmppVersion::V30, 0, &c.authenticator.0, b"888888");
        assert_eq!(ismg[..4], [0x79, 0x42, 0x97, 0x72]);
    }

    #[test]
    fn gbk_and_formats() {
        assert_eq!(
            encode_content("中国", msg_fmt::GBK),
            Some(vec![0xD6, 0xD0, 0xB9, 0xFA])
        );
        assert_eq!(
            content_text(msg_fmt::GBK, 0, &[0xD6, 0xD0, 0xB9, 0xFA]).as_deref(),
            Some("中国")
        );
        assert_eq!(encode_content("😀", msg_fmt::GBK), None);
        assert_eq!(encode_content("é", msg_fmt::ASCII), None);
        assert_eq!(encode_content("a", msg_fmt::UCS2), Some(vec![0, 0x61]));
    }

    #[test]
    fn plan_to_submits() {
        use crate::{SequentialReferences, SmsOptions, SmsPlan};
        let template = Submit {
            src_id: Cow::Borrowed(b"1065"),
            dest_terminal_ids: vec![Cow::Borrowed(b"13800138000")],
            ..Submit::default()
        };
        let text = "中文".repeat(50);
        let plan = SmsPlan::new(&text, &SmsOptions::default()).unwrap();
        let subs =
            Submit::for_plan(&plan, &template, &mut SequentialReferences::default()).unwrap();
        assert_eq!(subs.len(), 2);
        let joined: String = subs.iter().map(|s| s.text().unwrap()).collect();
        assert_eq!(joined, text);
        for version in [CmppVersion::V20, CmppVersion::V30] {
            let pdu = CmppPdu {
                version,
                command_id: command::SUBMIT,
                sequence_id: 7,
                body: CmppBody::Submit(subs[0].clone()),
            };
            assert_eq!(CmppPdu::parse(&pdu.to_bytes(), version).unwrap(), pdu);
        }
        let ascii = SmsPlan::new("Your code is 1234 {ok}", &SmsOptions::default()).unwrap();
        let subs =
            Submit::for_plan(&ascii, &template, &mut SequentialReferences::default()).unwrap();
        assert_eq!(
            (subs[0].msg_fmt, subs[0].text().as_deref()),
            (0, Some("Your code is 1234 {ok}"))
        );
        let latin = SmsPlan::new("café", &SmsOptions::default()).unwrap();
        assert_eq!(
            Submit::for_plan(&latin, &template, &mut SequentialReferences::default()),
            Err(CmppPlanError::NeedsUcs2)
        );
    }
}
