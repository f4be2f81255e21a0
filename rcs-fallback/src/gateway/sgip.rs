//! SGIP 1.2 (China Unicom): the 20-octet header (its sequence number is node id, time and
//! counter), BIND, SUBMIT, DELIVER, REPORT, their responses, UNBIND; any other command kept
//! as its raw body. Fixed-size strings are read up to their first NUL and written NUL-padded.

use std::borrow::Cow;

use super::Redacted;
use super::cmpp::content_text;
use super::reader::{Reader, frame_length, put_fixed, whole_pdu};
use crate::error::{DecodeError, ErrorKind};
use crate::sink::Sink;

commands! {
    /// Command ID values.
    pub mod command, responses named "_Resp" {
        /// BIND.
        BIND = 0x1, "Bind", pair;
        /// UNBIND.
        UNBIND = 0x2, "Unbind", pair;
        /// SUBMIT.
        SUBMIT = 0x3, "Submit", pair;
        /// DELIVER.
        DELIVER = 0x4, "Deliver", pair;
        /// REPORT.
        REPORT = 0x5, "Report", pair;
    }
}

/// The sequence number: the sending node, a timestamp (MMDDHHMMSS) and a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SgipSequence {
    /// Node id (3 + area code + corp id for an SP).
    pub node: u32,
    /// MMDDHHMMSS as a number.
    pub timestamp: u32,
    /// Counter.
    pub number: u32,
}

/// SUBMIT.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Submit<'a> {
    /// SPNumber (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub sp_number: Cow<'a, [u8]>,
    /// ChargeNumber (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub charge_number: Cow<'a, [u8]>,
    /// UserNumber, UserCount of them (21 each, at most 100).
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::gateway::ser::text_list")
    )]
    pub user_numbers: Vec<Cow<'a, [u8]>>,
    /// CorpId (5).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub corp_id: Cow<'a, [u8]>,
    /// ServiceType (10).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub service_type: Cow<'a, [u8]>,
    /// FeeType.
    pub fee_type: u8,
    /// FeeValue (6).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub fee_value: Cow<'a, [u8]>,
    /// GivenValue (6).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub given_value: Cow<'a, [u8]>,
    /// AgentFlag.
    pub agent_flag: u8,
    /// MorelatetoMTFlag.
    pub morelateto_mt_flag: u8,
    /// Priority.
    pub priority: u8,
    /// ExpireTime (16).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub expire_time: Cow<'a, [u8]>,
    /// ScheduleTime (16).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub schedule_time: Cow<'a, [u8]>,
    /// ReportFlag.
    pub report_flag: u8,
    /// TP_pid.
    pub tp_pid: u8,
    /// TP_udhi.
    pub tp_udhi: u8,
    /// MessageCoding (0 ASCII, 4 binary, 8 UCS-2, 15 GBK).
    pub message_coding: u8,
    /// MessageType.
    pub message_type: u8,
    /// MessageContent (MessageLength octets).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
    pub content: Cow<'a, [u8]>,
    /// Reserve (8).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub reserve: Cow<'a, [u8]>,
}

impl Submit<'static> {
    /// SUBMIT bodies for a planned text (see [`plan_contents`](super::cmpp::plan_contents)):
    /// MessageCoding, TP_udhi and MessageContent per part; the rest from `template`.
    pub fn for_plan(
        plan: &crate::SmsPlan<'_>,
        template: &Submit<'_>,
        references: &mut impl crate::ReferenceSource,
    ) -> Result<Vec<Self>, super::cmpp::CmppPlanError> {
        Ok(super::cmpp::plan_contents(plan, references)?
            .into_iter()
            .map(|c| {
                let mut s = template.clone().into_owned();
                s.message_coding = c.msg_fmt;
                s.tp_udhi = c.tp_udhi;
                s.content = Cow::Owned(c.content);
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
            sp_number: o(self.sp_number),
            charge_number: o(self.charge_number),
            user_numbers: self.user_numbers.into_iter().map(o).collect(),
            corp_id: o(self.corp_id),
            service_type: o(self.service_type),
            fee_type: self.fee_type,
            fee_value: o(self.fee_value),
            given_value: o(self.given_value),
            agent_flag: self.agent_flag,
            morelateto_mt_flag: self.morelateto_mt_flag,
            priority: self.priority,
            expire_time: o(self.expire_time),
            schedule_time: o(self.schedule_time),
            report_flag: self.report_flag,
            tp_pid: self.tp_pid,
            tp_udhi: self.tp_udhi,
            message_coding: self.message_coding,
            message_type: self.message_type,
            content: o(self.content),
            reserve: o(self.reserve),
        }
    }

    /// The text of MessageContent (ASCII, UCS-2 or GBK; after the UDH when TP_udhi is set).
    pub fn text(&self) -> Option<String> {
        content_text(self.message_coding, self.tp_udhi, &self.content)
    }
}

/// DELIVER (a mobile-originated message).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Deliver<'a> {
    /// UserNumber (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub user_number: Cow<'a, [u8]>,
    /// SPNumber (21).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub sp_number: Cow<'a, [u8]>,
    /// TP_pid.
    pub tp_pid: u8,
    /// TP_udhi.
    pub tp_udhi: u8,
    /// MessageCoding.
    pub message_coding: u8,
    /// MessageContent.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
    pub content: Cow<'a, [u8]>,
    /// Reserve (8).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
    pub reserve: Cow<'a, [u8]>,
}

/// The body of an SGIP PDU.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum SgipBody<'a> {
    /// UNBIND, UNBIND_RESP.
    Empty,
    /// BIND: login type, name, password (not shown by `Debug`), reserve.
    Bind {
        /// LoginType (1 SP to SMG, 2 SMG to SP).
        login_type: u8,
        /// LoginName (16).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
        login_name: Cow<'a, [u8]>,
        /// LoginPassword (16).
        login_password: Redacted<Cow<'a, [u8]>>,
        /// Reserve (8).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
        reserve: Cow<'a, [u8]>,
    },
    /// Every response but UNBIND_RESP: Result and Reserve.
    Resp {
        /// Result (0 success).
        result: u8,
        /// Reserve (8).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
        reserve: Cow<'a, [u8]>,
    },
    /// SUBMIT.
    Submit(Submit<'a>),
    /// DELIVER.
    Deliver(Deliver<'a>),
    /// REPORT: the fate of an earlier SUBMIT.
    Report {
        /// SubmitSequenceNumber of the SUBMIT reported on.
        submit_sequence: SgipSequence,
        /// ReportType.
        report_type: u8,
        /// UserNumber (21).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
        user_number: Cow<'a, [u8]>,
        /// State (0 delivered, 1 waiting, 2 failed).
        state: u8,
        /// ErrorCode.
        error_code: u8,
        /// Reserve (8).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::text"))]
        reserve: Cow<'a, [u8]>,
    },
    /// Any other command: the body as sent.
    Other(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::gateway::ser::hex"))]
        Cow<'a, [u8]>,
    ),
}

/// An SGIP PDU.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SgipPdu<'a> {
    /// Command ID.
    pub command_id: u32,
    /// Sequence Number.
    pub sequence: SgipSequence,
    /// The body.
    pub body: SgipBody<'a>,
}

fn sequence(r: &mut Reader<'_>) -> Result<SgipSequence, DecodeError> {
    Ok(SgipSequence {
        node: r.u32("Sequence Number")?,
        timestamp: r.u32("Sequence Number")?,
        number: r.u32("Sequence Number")?,
    })
}

fn put_sequence(out: &mut impl Sink, s: &SgipSequence) {
    out.extend_from_slice(&s.node.to_be_bytes());
    out.extend_from_slice(&s.timestamp.to_be_bytes());
    out.extend_from_slice(&s.number.to_be_bytes());
}

/// The most SGIP PDU accepted: MessageLength is a 32-bit field, so bound it. 8 KiB.
pub const MAX_PDU_SIZE: usize = 8 << 10;

impl<'a> SgipPdu<'a> {
    /// The command's name as the specification spells it ("Submit", ...), `None` if unknown.
    pub fn command_name(&self) -> Option<&'static str> {
        command::name(self.command_id)
    }

    /// The length of the next PDU once Message Length has arrived (`Ok(None)` before).
    pub fn frame(input: &[u8]) -> Result<Option<usize>, DecodeError> {
        frame_length(input, 20, MAX_PDU_SIZE, "Message Length")
    }

    /// Reads one complete PDU (exactly Message Length octets).
    pub fn parse(input: &'a [u8]) -> Result<Self, DecodeError> {
        whole_pdu(input, 20, MAX_PDU_SIZE, "Message Length")?;
        let mut r = Reader::new(input, 0);
        r.u32("Message Length")?;
        let command_id = r.u32("Command ID")?;
        let seq = sequence(&mut r)?;
        let body = match command_id {
            command::UNBIND | 0x8000_0002 => SgipBody::Empty,
            command::BIND => SgipBody::Bind {
                login_type: r.u8("LoginType")?,
                login_name: r.fixed(16, "LoginName")?,
                login_password: Redacted(r.fixed(16, "LoginPassword")?),
                reserve: r.fixed(8, "Reserve")?,
            },
            0x8000_0001 | 0x8000_0003 | 0x8000_0004 | 0x8000_0005 => SgipBody::Resp {
                result: r.u8("Result")?,
                reserve: r.fixed(8, "Reserve")?,
            },
            command::SUBMIT => {
                let sp_number = r.fixed(21, "SPNumber")?;
                let charge_number = r.fixed(21, "ChargeNumber")?;
                let count = r.u8("UserCount")?;
                if count > 100 || usize::from(count) * 21 > r.remaining() {
                    return Err(r.error(ErrorKind::InvalidLength, "UserCount"));
                }
                let mut user_numbers = Vec::with_capacity(usize::from(count));
                for _ in 0..count {
                    user_numbers.push(r.fixed(21, "UserNumber")?);
                }
                let mut s = Submit {
                    sp_number,
                    charge_number,
                    user_numbers,
                    corp_id: r.fixed(5, "CorpId")?,
                    service_type: r.fixed(10, "ServiceType")?,
                    fee_type: r.u8("FeeType")?,
                    fee_value: r.fixed(6, "FeeValue")?,
                    given_value: r.fixed(6, "GivenValue")?,
                    agent_flag: r.u8("AgentFlag")?,
                    morelateto_mt_flag: r.u8("MorelatetoMTFlag")?,
                    priority: r.u8("Priority")?,
                    expire_time: r.fixed(16, "ExpireTime")?,
                    schedule_time: r.fixed(16, "ScheduleTime")?,
                    report_flag: r.u8("ReportFlag")?,
                    tp_pid: r.u8("TP_pid")?,
                    tp_udhi: r.u8("TP_udhi")?,
                    message_coding: r.u8("MessageCoding")?,
                    message_type: r.u8("MessageType")?,
                    ..Submit::default()
                };
                let n = r.u32("MessageLength")? as usize;
                s.content = Cow::Borrowed(r.bytes(n, "MessageContent")?);
                s.reserve = r.fixed(8, "Reserve")?;
                SgipBody::Submit(s)
            }
            command::DELIVER => {
                let mut d = Deliver {
                    user_number: r.fixed(21, "UserNumber")?,
                    sp_number: r.fixed(21, "SPNumber")?,
                    tp_pid: r.u8("TP_pid")?,
                    tp_udhi: r.u8("TP_udhi")?,
                    message_coding: r.u8("MessageCoding")?,
                    ..Deliver::default()
                };
                let n = r.u32("MessageLength")? as usize;
                d.content = Cow::Borrowed(r.bytes(n, "MessageContent")?);
                d.reserve = r.fixed(8, "Reserve")?;
                SgipBody::Deliver(d)
            }
            command::REPORT => SgipBody::Report {
                submit_sequence: sequence(&mut r)?,
                report_type: r.u8("ReportType")?,
                user_number: r.fixed(21, "UserNumber")?,
                state: r.u8("State")?,
                error_code: r.u8("ErrorCode")?,
                reserve: r.fixed(8, "Reserve")?,
            },
            _ => SgipBody::Other(Cow::Borrowed(r.bytes(r.remaining(), "body")?)),
        };
        if !r.is_empty() {
            return Err(r.error(ErrorKind::TrailingBytes, "body"));
        }
        Ok(Self {
            command_id,
            sequence: seq,
            body,
        })
    }

    crate::sink::encoding_methods!(length_prefixed write_after_length);

    /// Writes everything after the length field.
    fn write_after_length(&self, out: &mut impl Sink) {
        out.extend_from_slice(&self.command_id.to_be_bytes());
        put_sequence(out, &self.sequence);
        match &self.body {
            SgipBody::Empty => {}
            SgipBody::Bind {
                login_type,
                login_name,
                login_password,
                reserve,
            } => {
                out.push(*login_type);
                put_fixed(out, login_name, 16);
                put_fixed(out, &login_password.0, 16);
                put_fixed(out, reserve, 8);
            }
            SgipBody::Resp { result, reserve } => {
                out.push(*result);
                put_fixed(out, reserve, 8);
            }
            SgipBody::Submit(s) => {
                put_fixed(out, &s.sp_number, 21);
                put_fixed(out, &s.charge_number, 21);
                let users = &s.user_numbers[..s.user_numbers.len().min(100)];
                out.push(users.len() as u8);
                for u in users {
                    put_fixed(out, u, 21);
                }
                put_fixed(out, &s.corp_id, 5);
                put_fixed(out, &s.service_type, 10);
                out.push(s.fee_type);
                put_fixed(out, &s.fee_value, 6);
                put_fixed(out, &s.given_value, 6);
                out.extend_from_slice(&[s.agent_flag, s.morelateto_mt_flag, s.priority]);
                put_fixed(out, &s.expire_time, 16);
                put_fixed(out, &s.schedule_time, 16);
                out.extend_from_slice(&[
                    s.report_flag,
                    s.tp_pid,
                    s.tp_udhi,
                    s.message_coding,
                    s.message_type,
                ]);
                out.extend_from_slice(&(s.content.len() as u32).to_be_bytes());
                out.extend_from_slice(&s.content);
                put_fixed(out, &s.reserve, 8);
            }
            SgipBody::Deliver(d) => {
                put_fixed(out, &d.user_number, 21);
                put_fixed(out, &d.sp_number, 21);
                out.extend_from_slice(&[d.tp_pid, d.tp_udhi, d.message_coding]);
                out.extend_from_slice(&(d.content.len() as u32).to_be_bytes());
                out.extend_from_slice(&d.content);
                put_fixed(out, &d.reserve, 8);
            }
            SgipBody::Report {
                submit_sequence,
                report_type,
                user_number,
                state,
                error_code,
                reserve,
            } => {
                put_sequence(out, submit_sequence);
                out.push(*report_type);
                put_fixed(out, user_number, 21);
                out.extend_from_slice(&[*state, *error_code]);
                put_fixed(out, reserve, 8);
            }
            SgipBody::Other(b) => out.extend_from_slice(b),
        }
    }
}
