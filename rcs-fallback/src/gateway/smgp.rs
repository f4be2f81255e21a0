//! SMGP 3.0 (China Telecom): the 12-octet header, Login, Submit (with the TLVs of 3.0),
//! Deliver (and the status report its content may be), their responses, Active_Test, Exit;
//! any other request kept as its raw body. The Submit layout of SMGP 1.3 (no FixedFee), which
//! real networks still send with 3.0 TLVs, is read with [`SmgpLayout::V13`].

use std::borrow::Cow;

use super::Redacted;
use super::cmpp::content_text;
use super::reader::{Reader, frame_length, put_fixed, whole_pdu};
use super::smpp::{Tlv, put_tlvs, tlvs};
use crate::error::{DecodeError, ErrorKind};
use crate::sink::Sink;

commands! {
    /// RequestID values.
    pub mod request, responses named "_Resp" {
        /// Login.
        LOGIN = 0x1, "Login", pair;
        /// Submit.
        SUBMIT = 0x2, "Submit", pair;
        /// Deliver.
        DELIVER = 0x3, "Deliver", pair;
        /// Active_Test.
        ACTIVE_TEST = 0x4, "Active_Test", pair;
        /// Exit.
        EXIT = 0x6, "Exit", pair;
    }
}

/// Which Submit layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SmgpLayout {
    /// SMGP 3.0: FixedFee after FeeCode.
    #[default]
    V30,
    /// SMGP 1.3: no FixedFee.
    V13,
}

/// Submit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Submit<'a> {
    /// MsgType (6: MT to a user).
    pub msg_type: u8,
    /// NeedReport.
    pub need_report: u8,
    /// Priority.
    pub priority: u8,
    /// ServiceID (10).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub service_id: Cow<'a, [u8]>,
    /// FeeType (2).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub fee_type: Cow<'a, [u8]>,
    /// FeeCode (6).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub fee_code: Cow<'a, [u8]>,
    /// FixedFee (6; absent in the 1.3 layout).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub fixed_fee: Cow<'a, [u8]>,
    /// MsgFormat (0 ASCII, 8 UCS-2, 15 GBK, ...).
    pub msg_format: u8,
    /// ValidTime (17).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub valid_time: Cow<'a, [u8]>,
    /// AtTime (17).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub at_time: Cow<'a, [u8]>,
    /// SrcTermID (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub src_term_id: Cow<'a, [u8]>,
    /// ChargeTermID (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub charge_term_id: Cow<'a, [u8]>,
    /// DestTermID, DestTermIDCount of them (21 each, at most 100).
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::gateway::ser::text_list")
    )]
    pub dest_term_ids: Vec<Cow<'a, [u8]>>,
    /// MsgContent (MsgLength octets).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
    pub content: Cow<'a, [u8]>,
    /// Reserve (8).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub reserve: Cow<'a, [u8]>,
    /// TLVs (TP_pid 0x0001, TP_udhi 0x0002, LinkID 0x0003, ..., MServiceID 0x0012).
    pub tlvs: Vec<Tlv<'a>>,
}

impl Submit<'static> {
    /// Submit bodies for a planned text (see [`plan_contents`](super::cmpp::plan_contents)):
    /// MsgFormat, MsgContent and the TP_udhi TLV (0x0002) per part, plus the
    /// PkTotal/PkNumber TLVs (0x0009/0x000A); the rest from `template`.
    pub fn for_plan(
        plan: &crate::SmsPlan<'_>,
        template: &Submit<'_>,
        references: &mut impl crate::ReferenceSource,
    ) -> Result<Vec<Self>, super::cmpp::CmppPlanError> {
        let contents = super::cmpp::plan_contents(plan, references)?;
        let total = contents.len() as u8;
        Ok(contents
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let mut s = template.clone().into_owned();
                s.msg_format = c.msg_fmt;
                s.content = Cow::Owned(c.content);
                s.tlvs
                    .retain(|t| !matches!(t.tag, 0x0002 | 0x0009 | 0x000A));
                s.tlvs.push(Tlv::new(0x0002, [c.tp_udhi]));
                s.tlvs.push(Tlv::new(0x0009, [total]));
                s.tlvs.push(Tlv::new(0x000A, [(i + 1) as u8]));
                s
            })
            .collect())
    }
}

impl Submit<'_> {
    /// The same Submit owning its data.
    pub fn into_owned(self) -> Submit<'static> {
        let o = |c: Cow<'_, [u8]>| Cow::Owned(c.into_owned());
        Submit {
            msg_type: self.msg_type,
            need_report: self.need_report,
            priority: self.priority,
            service_id: o(self.service_id),
            fee_type: o(self.fee_type),
            fee_code: o(self.fee_code),
            fixed_fee: o(self.fixed_fee),
            msg_format: self.msg_format,
            valid_time: o(self.valid_time),
            at_time: o(self.at_time),
            src_term_id: o(self.src_term_id),
            charge_term_id: o(self.charge_term_id),
            dest_term_ids: self.dest_term_ids.into_iter().map(o).collect(),
            content: o(self.content),
            reserve: o(self.reserve),
            tlvs: self
                .tlvs
                .into_iter()
                .map(|t| Tlv::new(t.tag, t.value.into_owned()))
                .collect(),
        }
    }

    /// TP_udhi from its TLV (0x0002), 0 when absent.
    pub fn tp_udhi(&self) -> u8 {
        tlv_u8(&self.tlvs, 0x0002)
    }

    /// The text of MsgContent (after the UDH when TP_udhi is set).
    pub fn text(&self) -> Option<String> {
        content_text(self.msg_format, self.tp_udhi(), &self.content)
    }
}

fn tlv_u8(tlvs: &[Tlv<'_>], tag: u16) -> u8 {
    tlvs.iter()
        .find(|t| t.tag == tag)
        .and_then(|t| t.value.first().copied())
        .unwrap_or(0)
}

/// Deliver.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Deliver<'a> {
    /// MsgID (10).
    pub msg_id: [u8; 10],
    /// IsReport: 1 when the content is a status report.
    pub is_report: u8,
    /// MsgFormat.
    pub msg_format: u8,
    /// RecvTime (14).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub recv_time: Cow<'a, [u8]>,
    /// SrcTermID (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub src_term_id: Cow<'a, [u8]>,
    /// DestTermID (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub dest_term_id: Cow<'a, [u8]>,
    /// MsgContent.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
    pub content: Cow<'a, [u8]>,
    /// Reserve (8).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub reserve: Cow<'a, [u8]>,
    /// TLVs.
    pub tlvs: Vec<Tlv<'a>>,
}

/// The status report in a Deliver's content: `id:` and a 10-octet binary MsgID, then
/// `sub:… dlvrd:… submit_date:… done_date:… stat:… err:… txt:` and the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Report<'a> {
    /// The MsgID of the message reported on.
    pub msg_id: [u8; 10],
    /// The `key:value` fields between the id and `txt:`, in order.
    pub fields: Vec<(&'a str, &'a str)>,
    /// What follows `txt:` (often GBK).
    pub text: &'a [u8],
}

impl<'a> Report<'a> {
    /// Reads a report content.
    pub fn parse(content: &'a [u8]) -> Result<Self, DecodeError> {
        let rest = content.strip_prefix(b"id:").ok_or(DecodeError::new(
            ErrorKind::InvalidValue,
            0,
            "report id",
        ))?;
        let id = rest.get(..10).ok_or(DecodeError::new(
            ErrorKind::Incomplete,
            content.len(),
            "report id",
        ))?;
        let mut msg_id = [0u8; 10];
        msg_id.copy_from_slice(id);
        let rest = &rest[10..];
        let txt = rest
            .windows(4)
            .position(|w| w == b"txt:")
            .ok_or(DecodeError::new(ErrorKind::InvalidValue, 13, "report txt"))?;
        let head = core::str::from_utf8(&rest[..txt])
            .map_err(|_| DecodeError::new(ErrorKind::InvalidValue, 13, "report fields"))?;
        let fields = head
            .split(' ')
            .filter(|f| !f.is_empty())
            .filter_map(|f| f.split_once(':'))
            .collect();
        Ok(Self {
            msg_id,
            fields,
            text: &rest[txt + 4..],
        })
    }

    /// A field's value (`"stat"` → `"DELIVRD"`).
    pub fn field(&self, name: &str) -> Option<&'a str> {
        self.fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
    }
}

/// The body of an SMGP PDU.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum SmgpBody<'a> {
    /// Active_Test, Active_Test_Resp, Exit, Exit_Resp.
    Empty,
    /// Login.
    Login {
        /// ClientID (8).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
        client_id: Cow<'a, [u8]>,
        /// AuthenticatorClient (16), not shown by `Debug`.
        authenticator: Redacted<Cow<'a, [u8]>>,
        /// LoginMode (0 send, 1 receive, 2 both).
        login_mode: u8,
        /// TimeStamp (MMDDHHMMSS).
        timestamp: u32,
        /// ClientVersion (0x30).
        client_version: u8,
    },
    /// Login_Resp.
    LoginResp {
        /// Status.
        status: u32,
        /// AuthenticatorServer (16).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
        authenticator: Cow<'a, [u8]>,
        /// ServerVersion.
        server_version: u8,
    },
    /// Submit.
    Submit(Submit<'a>),
    /// Submit_Resp, Deliver_Resp.
    Resp {
        /// MsgID (10).
        msg_id: [u8; 10],
        /// Status.
        status: u32,
    },
    /// Deliver.
    Deliver(Deliver<'a>),
    /// Any other request: the body as sent.
    Other(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
        Cow<'a, [u8]>,
    ),
}

/// An SMGP PDU.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SmgpPdu<'a> {
    /// The Submit layout it was read with or is written in.
    pub layout: SmgpLayout,
    /// RequestID.
    pub request_id: u32,
    /// SequenceID.
    pub sequence_id: u32,
    /// The body.
    pub body: SmgpBody<'a>,
}

/// The most SMGP PDU accepted. 8 KiB.
pub const MAX_PDU_SIZE: usize = 8 << 10;

fn msg_id(r: &mut Reader<'_>) -> Result<[u8; 10], DecodeError> {
    let mut id = [0u8; 10];
    id.copy_from_slice(r.bytes(10, "MsgID")?);
    Ok(id)
}

/// AuthenticatorClient of a Login: MD5(ClientID + 7 NULs + shared secret + TimeStamp as 10
/// digits MMDDHHMMSS), as SMGP 3.0 §6.2.2 defines it.
pub fn login_authenticator(client_id: &[u8], secret: &[u8], timestamp: u32) -> [u8; 16] {
    use md5::{Digest, Md5};
    let mut h = Md5::new();
    h.update(client_id);
    h.update([0u8; 7]);
    h.update(secret);
    h.update(format!("{timestamp:010}").as_bytes());
    h.finalize().into()
}

/// AuthenticatorServer of a Login_Resp: MD5(Status as 4 octets + AuthenticatorClient + shared
/// secret).
pub fn server_authenticator(status: u32, client: &[u8], secret: &[u8]) -> [u8; 16] {
    use md5::{Digest, Md5};
    let mut h = Md5::new();
    h.update(status.to_be_bytes());
    h.update(client);
    h.update(secret);
    h.finalize().into()
}

impl<'a> SmgpPdu<'a> {
    /// The command's name as the specification spells it ("Submit", ...), `None` if unknown.
    pub fn command_name(&self) -> Option<&'static str> {
        request::name(self.request_id)
    }

    /// The length of the next PDU once PacketLength has arrived (`Ok(None)` before).
    pub fn frame(input: &[u8]) -> Result<Option<usize>, DecodeError> {
        frame_length(input, 12, MAX_PDU_SIZE, "PacketLength")
    }

    /// Reads one complete PDU (exactly PacketLength octets).
    pub fn parse(input: &'a [u8], layout: SmgpLayout) -> Result<Self, DecodeError> {
        whole_pdu(input, 12, MAX_PDU_SIZE, "PacketLength")?;
        let mut r = Reader::new(input, 0);
        r.u32("PacketLength")?;
        let request_id = r.u32("RequestID")?;
        let sequence_id = r.u32("SequenceID")?;
        let body = match request_id {
            request::ACTIVE_TEST | 0x8000_0004 | request::EXIT | 0x8000_0006 => SmgpBody::Empty,
            request::LOGIN => SmgpBody::Login {
                client_id: r.fixed(8, "ClientID")?,
                authenticator: Redacted(Cow::Borrowed(r.bytes(16, "AuthenticatorClient")?)),
                login_mode: r.u8("LoginMode")?,
                timestamp: r.u32("TimeStamp")?,
                client_version: r.u8("ClientVersion")?,
            },
            0x8000_0001 => SmgpBody::LoginResp {
                status: r.u32("Status")?,
                authenticator: Cow::Borrowed(r.bytes(16, "AuthenticatorServer")?),
                server_version: r.u8("ServerVersion")?,
            },
            request::SUBMIT => {
                let mut s = Submit {
                    msg_type: r.u8("MsgType")?,
                    need_report: r.u8("NeedReport")?,
                    priority: r.u8("Priority")?,
                    service_id: r.fixed(10, "ServiceID")?,
                    fee_type: r.fixed(2, "FeeType")?,
                    fee_code: r.fixed(6, "FeeCode")?,
                    ..Submit::default()
                };
                if layout == SmgpLayout::V30 {
                    s.fixed_fee = r.fixed(6, "FixedFee")?;
                }
                s.msg_format = r.u8("MsgFormat")?;
                s.valid_time = r.fixed(17, "ValidTime")?;
                s.at_time = r.fixed(17, "AtTime")?;
                s.src_term_id = r.fixed(21, "SrcTermID")?;
                s.charge_term_id = r.fixed(21, "ChargeTermID")?;
                let count = r.u8("DestTermIDCount")?;
                if count > 100 || usize::from(count) * 21 > r.remaining() {
                    return Err(r.error(ErrorKind::InvalidLength, "DestTermIDCount"));
                }
                for _ in 0..count {
                    s.dest_term_ids.push(r.fixed(21, "DestTermID")?);
                }
                let n = usize::from(r.u8("MsgLength")?);
                s.content = Cow::Borrowed(r.bytes(n, "MsgContent")?);
                s.reserve = r.fixed(8, "Reserve")?;
                s.tlvs = tlvs(&mut r)?;
                SmgpBody::Submit(s)
            }
            0x8000_0002 | 0x8000_0003 => SmgpBody::Resp {
                msg_id: msg_id(&mut r)?,
                status: r.u32("Status")?,
            },
            request::DELIVER => {
                let mut d = Deliver {
                    msg_id: msg_id(&mut r)?,
                    is_report: r.u8("IsReport")?,
                    msg_format: r.u8("MsgFormat")?,
                    recv_time: r.fixed(14, "RecvTime")?,
                    src_term_id: r.fixed(21, "SrcTermID")?,
                    dest_term_id: r.fixed(21, "DestTermID")?,
                    ..Deliver::default()
                };
                let n = usize::from(r.u8("MsgLength")?);
                d.content = Cow::Borrowed(r.bytes(n, "MsgContent")?);
                d.reserve = r.fixed(8, "Reserve")?;
                d.tlvs = tlvs(&mut r)?;
                SmgpBody::Deliver(d)
            }
            _ => SmgpBody::Other(Cow::Borrowed(r.bytes(r.remaining(), "body")?)),
        };
        if !r.is_empty() {
            return Err(r.error(ErrorKind::TrailingBytes, "body"));
        }
        Ok(Self {
            layout,
            request_id,
            sequence_id,
            body,
        })
    }

    crate::sink::encoding_methods!(length_prefixed write_after_length);

    /// Writes everything after the length field.
    fn write_after_length(&self, out: &mut impl Sink) {
        out.extend_from_slice(&self.request_id.to_be_bytes());
        out.extend_from_slice(&self.sequence_id.to_be_bytes());
        match &self.body {
            SmgpBody::Empty => {}
            SmgpBody::Login {
                client_id,
                authenticator,
                login_mode,
                timestamp,
                client_version,
            } => {
                put_fixed(out, client_id, 8);
                put_fixed(out, &authenticator.0, 16);
                out.push(*login_mode);
                out.extend_from_slice(&timestamp.to_be_bytes());
                out.push(*client_version);
            }
            SmgpBody::LoginResp {
                status,
                authenticator,
                server_version,
            } => {
                out.extend_from_slice(&status.to_be_bytes());
                put_fixed(out, authenticator, 16);
                out.push(*server_version);
            }
            SmgpBody::Submit(s) => {
                out.extend_from_slice(&[s.msg_type, s.need_report, s.priority]);
                put_fixed(out, &s.service_id, 10);
                put_fixed(out, &s.fee_type, 2);
                put_fixed(out, &s.fee_code, 6);
                if self.layout == SmgpLayout::V30 {
                    put_fixed(out, &s.fixed_fee, 6);
                }
                out.push(s.msg_format);
                put_fixed(out, &s.valid_time, 17);
                put_fixed(out, &s.at_time, 17);
                put_fixed(out, &s.src_term_id, 21);
                put_fixed(out, &s.charge_term_id, 21);
                let ids = &s.dest_term_ids[..s.dest_term_ids.len().min(100)];
                out.push(ids.len() as u8);
                for id in ids {
                    put_fixed(out, id, 21);
                }
                let content = &s.content[..s.content.len().min(255)];
                out.push(content.len() as u8);
                out.extend_from_slice(content);
                put_fixed(out, &s.reserve, 8);
                put_tlvs(out, &s.tlvs);
            }
            SmgpBody::Resp { msg_id, status } => {
                out.extend_from_slice(msg_id);
                out.extend_from_slice(&status.to_be_bytes());
            }
            SmgpBody::Deliver(d) => {
                out.extend_from_slice(&d.msg_id);
                out.extend_from_slice(&[d.is_report, d.msg_format]);
                put_fixed(out, &d.recv_time, 14);
                put_fixed(out, &d.src_term_id, 21);
                put_fixed(out, &d.dest_term_id, 21);
                let content = &d.content[..d.content.len().min(255)];
                out.push(content.len() as u8);
                out.extend_from_slice(content);
                put_fixed(out, &d.reserve, 8);
                put_tlvs(out, &d.tlvs);
            }
            SmgpBody::Other(b) => out.extend_from_slice(b),
        }
    }
}
