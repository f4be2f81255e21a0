//! The four protocols behind one vocabulary: what a PDU means to a session (a login, a
//! submit, a deliver, a response, a keep-alive, an unbind) and the PDUs a session writes.
//! Everything protocol-specific lives here; the sessions above never look at a command id.

use std::borrow::Cow;

use bytes::BytesMut;
use rcs_fallback::gateway::smpp::{self, SmppAddress, SmppBody, SmppPdu};
use rcs_fallback::gateway::{Redacted, cmpp, sgip, smgp};
use rcs_fallback::{DecodeError, InformationElement, UserData, UserDataHeader};

use crate::config::{BindMode, Protocol};
use crate::receipt::{DeliveryState, SmscMessageId};

/// A sequence number as the header carries it: SGIP's is node, time and counter; the others
/// use `number` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Seq {
    pub(crate) node: u32,
    pub(crate) time: u32,
    pub(crate) number: u32,
}

/// Enough of a request to answer it: its command, its sequence and the ids a response repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ReplyTo {
    pub(crate) command_id: u32,
    pub(crate) seq: Seq,
    /// CMPP DELIVER's Msg_Id, repeated in DELIVER_RESP.
    pub(crate) cmpp_msg_id: u64,
    /// SMGP Deliver's MsgID, repeated in Deliver_Resp.
    pub(crate) smgp_msg_id: [u8; 10],
}

/// What a peer proved at login.
#[derive(Clone)]
pub(crate) enum Credential {
    /// SMPP and SGIP send the password.
    Password(Vec<u8>),
    /// CMPP: AuthenticatorSource over the secret and the timestamp.
    Cmpp {
        authenticator: [u8; 16],
        timestamp: u32,
    },
    /// SMGP: AuthenticatorClient over the secret and the timestamp.
    Smgp {
        authenticator: [u8; 16],
        timestamp: u32,
    },
}

impl core::fmt::Debug for Credential {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Credential {
    /// Whether the credential is the one `secret` gives (constant time where it compares).
    pub(crate) fn verify(&self, system_id: &str, secret: &[u8]) -> bool {
        match self {
            Self::Password(p) => rcs_base::ct_eq(p, secret),
            Self::Cmpp {
                authenticator,
                timestamp,
            } => {
                let want =
                    cmpp::Connect::authenticator_for(system_id.as_bytes(), secret, *timestamp);
                rcs_base::ct_eq(&want, authenticator)
            }
            Self::Smgp {
                authenticator,
                timestamp,
            } => {
                let want = smgp::login_authenticator(system_id.as_bytes(), secret, *timestamp);
                rcs_base::ct_eq(&want, authenticator)
            }
        }
    }
}

/// A login request from the peer.
#[derive(Debug, Clone)]
pub(crate) struct LoginAttempt {
    pub(crate) system_id: String,
    pub(crate) credential: Credential,
    pub(crate) mode: BindMode,
    pub(crate) version: u8,
}

/// A short message part as the peer sent it in a submit (server side) or a deliver (client
/// side): addresses and user data, decoded as far as the protocol allows.
#[derive(Debug, Clone)]
pub(crate) struct MessagePart {
    pub(crate) source: String,
    pub(crate) destinations: Vec<String>,
    /// `None` when the content could not be read as user data (a UDH that does not parse).
    pub(crate) user_data: Option<UserData>,
    pub(crate) text: Option<String>,
    pub(crate) receipt_requested: bool,
    /// CMPP Msg_Fmt / SGIP MessageCoding / SMGP MsgFormat, to read joined 8-bit parts.
    pub(crate) gateway_format: Option<u8>,
}

/// A delivery receipt as read from a deliver (SMPP, CMPP, SMGP) or a REPORT (SGIP).
#[derive(Debug, Clone)]
pub(crate) struct ReceiptInfo {
    pub(crate) id: SmscMessageId,
    pub(crate) state: DeliveryState,
    pub(crate) stat: String,
    pub(crate) error: Option<String>,
    /// The phone the message went to.
    pub(crate) recipient: String,
}

/// What a PDU means to a session.
#[derive(Debug)]
pub(crate) enum Op {
    Login(LoginAttempt),
    /// SMPP outbind: the SMSC asks the ESME to bind as a receiver.
    Outbind,
    Submit(MessagePart),
    Deliver(MessagePart),
    Receipt(ReceiptInfo),
    KeepAlive,
    Unbind,
    /// Any response, generic_nack included: the session knows from the sequence what it
    /// answers. `id` is the message id a submit response carries.
    Response {
        status: u32,
        id: Option<SmscMessageId>,
        /// A login response: the peer's system id (SMPP), for the event.
        peer_id: Option<String>,
    },
    /// A request the sessions do not carry (query_sm, CMPP_FWD, ...).
    Other,
}

/// One PDU read.
#[derive(Debug)]
pub(crate) struct Read {
    pub(crate) reply: ReplyTo,
    pub(crate) op: Op,
}

/// A PDU that framed but did not read.
#[derive(Debug)]
pub(crate) struct Unreadable {
    /// The header, when it was there to read.
    pub(crate) reply: Option<ReplyTo>,
    pub(crate) error: DecodeError,
}

/// A PDU to write, owning its data; its sequence is set when it is sent.
#[derive(Debug, Clone)]
pub(crate) enum Pdu {
    Smpp(SmppPdu<'static>),
    Cmpp(cmpp::CmppPdu<'static>),
    Sgip(sgip::SgipPdu<'static>),
    Smgp(smgp::SmgpPdu<'static>),
}

impl Pdu {
    /// Writes the PDU with `seq` into `out`.
    pub(crate) fn encode(&mut self, seq: Seq, out: &mut BytesMut) {
        match self {
            Self::Smpp(p) => {
                p.sequence_number = seq.number;
                p.encode(out);
            }
            Self::Cmpp(p) => {
                p.sequence_id = seq.number;
                p.encode(out);
            }
            Self::Sgip(p) => {
                p.sequence = sgip::SgipSequence {
                    node: seq.node,
                    timestamp: seq.time,
                    number: seq.number,
                };
                p.encode(out);
            }
            Self::Smgp(p) => {
                p.sequence_id = seq.number;
                p.encode(out);
            }
        }
    }
}

/// The protocol-specific status codes a session writes or recognises.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Statuses {
    /// A request not allowed in the session's state (SMPP ESME_RINVBNDSTS).
    pub(crate) wrong_state: u32,
    /// Login refused: wrong credentials.
    pub(crate) auth_failed: u32,
    /// A second login on a bound session.
    pub(crate) already_bound: u32,
    /// The answer to a submit when the server is throttling.
    pub(crate) throttled: u32,
    /// A request whose body could not be read.
    pub(crate) malformed: u32,
    /// A system error (the answer to requests nobody will answer).
    pub(crate) system_error: u32,
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn owned(b: &[u8]) -> Cow<'static, [u8]> {
    Cow::Owned(b.to_vec())
}

/// Reads "id:X sub:... stat:DELIVRD err:000 text:..." (SMPP 3.4 Appendix B, the de-facto
/// receipt text): the id, stat and err values; keys are matched without regard to case.
pub(crate) fn parse_receipt_text(t: &[u8]) -> Option<(String, String, Option<String>)> {
    let s = String::from_utf8_lossy(t);
    let mut id = None;
    let mut stat = String::new();
    let mut err = None;
    for word in s.split([' ', '\r', '\n']) {
        let Some((k, v)) = word.split_once(':') else {
            continue;
        };
        match k.to_ascii_lowercase().as_str() {
            "id" if id.is_none() => id = Some(v.to_owned()),
            "stat" => stat = v.to_owned(),
            "err" => err = Some(v.to_owned()),
            // Everything after text: is the message's start, not fields.
            "text" | "txt" => break,
            _ => {}
        }
    }
    Some((id.filter(|i| !i.is_empty())?, stat, err))
}

/// user data with SMPP's SAR TLVs turned into the concatenation element reassembly keys on.
fn with_sar(mut ud: UserData, sm: &smpp::ShortMessage<'_>) -> UserData {
    let tlv = |tag| {
        sm.tlvs
            .iter()
            .find(|t| t.tag == tag)
            .and_then(|t| t.as_uint())
    };
    if let (Some(reference), Some(total), Some(sequence)) = (
        tlv(smpp::tag::SAR_MSG_REF_NUM),
        tlv(smpp::tag::SAR_TOTAL_SEGMENTS),
        tlv(smpp::tag::SAR_SEGMENT_SEQNUM),
    ) {
        let header = ud.header.get_or_insert_with(UserDataHeader::default);
        if header.concat().is_none() {
            header.elements.push(InformationElement::Concat16 {
                reference: reference as u16,
                total: total as u8,
                sequence: sequence as u8,
            });
        }
    }
    ud
}

fn smpp_part(sm: &smpp::ShortMessage<'_>) -> MessagePart {
    let user_data = sm.user_data().ok().map(|ud| with_sar(ud, sm));
    // The user data read once: its text is the message's, but for IA5 and Latin-1, which
    // `ShortMessage::text` reads octet by octet.
    let body_text = match sm.data_coding {
        0x01 | 0x03 => sm.text(smpp::SmscDefaultAlphabet::Gsm7),
        _ => user_data.as_ref().and_then(UserData::text),
    };
    MessagePart {
        source: text(&sm.source.address),
        destinations: vec![text(&sm.destination.address)],
        text: body_text,
        user_data,
        receipt_requested: sm.registered_delivery & 0x03 != 0,
        gateway_format: None,
    }
}

fn gateway_part(
    source: &[u8],
    destinations: Vec<String>,
    fmt: u8,
    udhi: u8,
    content: &[u8],
    receipt_requested: bool,
) -> MessagePart {
    MessagePart {
        source: text(source),
        destinations,
        user_data: cmpp::content_user_data(fmt, udhi, content).ok(),
        text: cmpp::content_text(fmt, udhi, content),
        receipt_requested,
        gateway_format: Some(fmt),
    }
}

/// The SMPP message_state TLV values (SMPP 3.4 §5.2.28).
fn smpp_message_state(v: u32) -> Option<DeliveryState> {
    Some(match v {
        1 => DeliveryState::Enroute,
        2 => DeliveryState::Delivered,
        3 => DeliveryState::Expired,
        4 => DeliveryState::Deleted,
        5 => DeliveryState::Undeliverable,
        6 => DeliveryState::Accepted,
        7 => DeliveryState::Unknown,
        8 => DeliveryState::Rejected,
        _ => return None,
    })
}

impl Protocol {
    /// The header size and the most octets one PDU may have.
    pub(crate) fn frame(self, input: &[u8], max: usize) -> Result<Option<usize>, DecodeError> {
        match self {
            Self::Smpp => SmppPdu::frame(
                input,
                &smpp::SmppLimits {
                    max_message_size: max,
                },
            ),
            Self::Cmpp(_) => cmpp::CmppPdu::frame(
                input,
                &cmpp::CmppLimits {
                    max_message_size: max,
                },
            ),
            Self::Sgip => sgip::SgipPdu::frame(input),
            Self::Smgp => smgp::SmgpPdu::frame(input),
        }
    }

    /// The header, read before the body so an unreadable body can still be answered.
    fn header(self, b: &[u8]) -> Option<ReplyTo> {
        let u32_at = |i: usize| {
            b.get(i..i + 4)
                .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
        };
        let command_id = u32_at(4)?;
        let seq = match self {
            Self::Smpp => Seq {
                number: u32_at(12)?,
                ..Seq::default()
            },
            Self::Sgip => Seq {
                node: u32_at(8)?,
                time: u32_at(12)?,
                number: u32_at(16)?,
            },
            Self::Cmpp(_) | Self::Smgp => Seq {
                number: u32_at(8)?,
                ..Seq::default()
            },
        };
        Some(ReplyTo {
            command_id,
            seq,
            ..ReplyTo::default()
        })
    }

    pub(crate) fn statuses(self) -> Statuses {
        match self {
            // SMPP 3.4 §5.1.3.
            Self::Smpp => Statuses {
                wrong_state: 0x04,
                auth_failed: 0x0E,
                already_bound: 0x05,
                throttled: 0x58,
                malformed: 0x02,
                system_error: 0x08,
            },
            // CMPP 3.0 §7.4.3.2 (CONNECT_RESP: 3 authentication; SUBMIT_RESP: 1 structure,
            // 8 flow control, 9 other).
            Self::Cmpp(_) => Statuses {
                wrong_state: 9,
                auth_failed: 3,
                already_bound: 9,
                throttled: 8,
                malformed: 1,
                system_error: 9,
            },
            // SGIP 1.2 §4.3 error codes (1 illegal login, 2 repeated login, 5 parameter
            // format, 11 node busy, 32 system failure).
            Self::Sgip => Statuses {
                wrong_state: 1,
                auth_failed: 1,
                already_bound: 2,
                throttled: 11,
                malformed: 5,
                system_error: 32,
            },
            // SMGP 3.0 §7 status codes (1 system busy, 10 structure, 21 authentication).
            Self::Smgp => Statuses {
                wrong_state: 1,
                auth_failed: 21,
                already_bound: 1,
                throttled: 1,
                malformed: 10,
                system_error: 1,
            },
        }
    }

    /// The statuses a client treats as "slow down and resubmit" by default.
    pub(crate) fn default_throttle_statuses(self) -> Vec<u32> {
        match self {
            // ESME_RTHROTTLED, ESME_RMSGQFUL.
            Self::Smpp => vec![0x58, 0x14],
            Self::Cmpp(_) => vec![8],
            // Node busy; SMSC queue full.
            Self::Sgip => vec![11, 33],
            Self::Smgp => vec![1],
        }
    }

    /// Writes `seq` into an encoded PDU's header (SMPP octets 12–15; CMPP and SMGP 8–11;
    /// SGIP node, time and number at 8–19).
    pub(crate) fn patch_sequence(self, pdu: &mut [u8], seq: Seq) {
        let mut put = |at: usize, v: u32| {
            if let Some(d) = pdu.get_mut(at..at + 4) {
                d.copy_from_slice(&v.to_be_bytes());
            }
        };
        match self {
            Self::Smpp => put(12, seq.number),
            Self::Cmpp(_) | Self::Smgp => put(8, seq.number),
            Self::Sgip => {
                put(8, seq.node);
                put(12, seq.time);
                put(16, seq.number);
            }
        }
    }

    /// Whether the protocol has a keep-alive request.
    pub(crate) fn has_keepalive(self) -> bool {
        !matches!(self, Self::Sgip)
    }

    /// Whether a command id is a response.
    fn is_response(self, command_id: u32) -> bool {
        command_id & 0x8000_0000 != 0
    }

    /// Reads one framed PDU.
    pub(crate) fn read(self, b: &[u8]) -> Result<Read, Unreadable> {
        let header = self.header(b);
        let fail = |error| Unreadable {
            reply: header,
            error,
        };
        match self {
            Self::Smpp => read_smpp(b).map_err(fail),
            Self::Cmpp(v) => read_cmpp(b, v).map_err(fail),
            Self::Sgip => read_sgip(b).map_err(fail),
            Self::Smgp => read_smgp(b).map_err(fail),
        }
    }

    /// Whether an unreadable PDU was a response (never answered).
    pub(crate) fn unreadable_is_response(self, u: &Unreadable) -> bool {
        u.reply.is_some_and(|r| self.is_response(r.command_id))
    }
}

fn read_smpp(b: &[u8]) -> Result<Read, DecodeError> {
    use smpp::command::*;
    let pdu = SmppPdu::parse_with(b, &smpp::SmppOptions::lenient())?;
    let reply = ReplyTo {
        command_id: pdu.command_id,
        seq: Seq {
            number: pdu.sequence_number,
            ..Seq::default()
        },
        ..ReplyTo::default()
    };
    let op = match (pdu.command_id, &pdu.body) {
        (id, _) if id & RESPONSE != 0 => {
            let (id, peer_id) = match &pdu.body {
                SmppBody::MessageIdResp {
                    message_id: Some(m),
                    ..
                } if !m.is_empty() => (Some(SmscMessageId::Text(text(m))), None),
                SmppBody::BindResp { system_id, .. } => (None, Some(text(system_id))),
                _ => (None, None),
            };
            Op::Response {
                status: pdu.command_status,
                id,
                peer_id,
            }
        }
        (BIND_RECEIVER | BIND_TRANSMITTER | BIND_TRANSCEIVER, SmppBody::Bind(bind)) => {
            Op::Login(LoginAttempt {
                system_id: text(&bind.system_id),
                credential: Credential::Password(bind.password.0.to_vec()),
                mode: match pdu.command_id {
                    BIND_RECEIVER => BindMode::Receiver,
                    BIND_TRANSMITTER => BindMode::Transmitter,
                    _ => BindMode::Transceiver,
                },
                version: bind.interface_version,
            })
        }
        (OUTBIND, _) => Op::Outbind,
        (SUBMIT_SM, SmppBody::ShortMessage(sm)) => Op::Submit(smpp_part(sm)),
        (DELIVER_SM, SmppBody::ShortMessage(sm)) => {
            // esm_class bits 5-2: 0001 SMSC delivery receipt, 1000 intermediate notification.
            if matches!(sm.esm_class & 0x3C, 0x04 | 0x20) {
                smpp_receipt(sm)
            } else {
                Op::Deliver(smpp_part(sm))
            }
        }
        (DATA_SM, SmppBody::DataSm(d)) => {
            let sm = smpp::ShortMessage {
                source: d.source.clone(),
                destination: d.destination.clone(),
                esm_class: d.esm_class,
                registered_delivery: d.registered_delivery,
                data_coding: d.data_coding,
                tlvs: d.tlvs.clone(),
                ..smpp::ShortMessage::default()
            };
            // data_sm goes both ways: the session decides what a Submit means on its side.
            if matches!(sm.esm_class & 0x3C, 0x04 | 0x20) {
                smpp_receipt(&sm)
            } else {
                Op::Submit(smpp_part(&sm))
            }
        }
        (ENQUIRE_LINK, _) => Op::KeepAlive,
        (UNBIND, _) => Op::Unbind,
        _ => Op::Other,
    };
    Ok(Read { reply, op })
}

fn smpp_receipt(sm: &smpp::ShortMessage<'_>) -> Op {
    let tlv = |tag| sm.tlvs.iter().find(|t| t.tag == tag);
    let parsed = parse_receipt_text(&sm.short_message)
        .or_else(|| tlv(smpp::tag::MESSAGE_PAYLOAD).and_then(|t| parse_receipt_text(&t.value)));
    let id = tlv(smpp::tag::RECEIPTED_MESSAGE_ID)
        .map(|t| text(t.value.strip_suffix(&[0]).unwrap_or(&t.value)))
        .filter(|s| !s.is_empty())
        .or_else(|| parsed.as_ref().map(|p| p.0.clone()));
    let Some(id) = id else {
        // A receipt that names no message: delivered to the caller as a message.
        return Op::Deliver(smpp_part(sm));
    };
    let (stat, error) = parsed.map(|p| (p.1, p.2)).unwrap_or_default();
    let state = tlv(smpp::tag::MESSAGE_STATE)
        .and_then(|t| t.as_uint())
        .and_then(smpp_message_state)
        .unwrap_or_else(|| DeliveryState::from_stat(&stat));
    Op::Receipt(ReceiptInfo {
        id: SmscMessageId::Text(id),
        state,
        stat,
        error,
        recipient: text(&sm.source.address),
    })
}

fn read_cmpp(b: &[u8], version: cmpp::CmppVersion) -> Result<Read, DecodeError> {
    use cmpp::CmppBody as B;
    use cmpp::command::*;
    let pdu = cmpp::CmppPdu::parse(b, version)?;
    let mut reply = ReplyTo {
        command_id: pdu.command_id,
        seq: Seq {
            number: pdu.sequence_id,
            ..Seq::default()
        },
        ..ReplyTo::default()
    };
    let op = match pdu.body {
        _ if pdu.command_id & RESPONSE != 0 => match pdu.body {
            B::ConnectResp(r) => Op::Response {
                status: r.status,
                id: None,
                peer_id: None,
            },
            B::Resp { msg_id, result } => Op::Response {
                status: result,
                id: (pdu.command_id == SUBMIT | RESPONSE).then_some(SmscMessageId::Cmpp(msg_id)),
                peer_id: None,
            },
            _ => Op::Response {
                status: 0,
                id: None,
                peer_id: None,
            },
        },
        B::Connect(c) => Op::Login(LoginAttempt {
            system_id: text(&c.source_addr),
            credential: Credential::Cmpp {
                authenticator: c.authenticator.0,
                timestamp: c.timestamp,
            },
            mode: BindMode::Transceiver,
            version: c.version,
        }),
        B::Submit(s) => Op::Submit(gateway_part(
            &s.src_id,
            s.dest_terminal_ids.iter().map(|d| text(d)).collect(),
            s.msg_fmt,
            s.tp_udhi,
            &s.msg_content,
            s.registered_delivery == 1,
        )),
        B::Deliver(d) => {
            reply.cmpp_msg_id = d.msg_id;
            if d.registered_delivery == 1 {
                let r = cmpp::Report::parse(&d.msg_content, version)?;
                let stat = text(&r.stat);
                Op::Receipt(ReceiptInfo {
                    id: SmscMessageId::Cmpp(r.msg_id),
                    state: DeliveryState::from_stat(&stat),
                    stat,
                    error: None,
                    recipient: text(&r.dest_terminal_id),
                })
            } else {
                Op::Deliver(gateway_part(
                    &d.src_terminal_id,
                    vec![text(&d.dest_id)],
                    d.msg_fmt,
                    d.tp_udhi,
                    &d.msg_content,
                    false,
                ))
            }
        }
        _ if pdu.command_id == ACTIVE_TEST => Op::KeepAlive,
        _ if pdu.command_id == TERMINATE => Op::Unbind,
        _ => Op::Other,
    };
    Ok(Read { reply, op })
}

fn read_sgip(b: &[u8]) -> Result<Read, DecodeError> {
    use sgip::SgipBody as B;
    use sgip::command::*;
    let pdu = sgip::SgipPdu::parse(b)?;
    let reply = ReplyTo {
        command_id: pdu.command_id,
        seq: Seq {
            node: pdu.sequence.node,
            time: pdu.sequence.timestamp,
            number: pdu.sequence.number,
        },
        ..ReplyTo::default()
    };
    let op = match pdu.body {
        _ if pdu.command_id & RESPONSE != 0 => Op::Response {
            status: match pdu.body {
                B::Resp { result, .. } => u32::from(result),
                _ => 0,
            },
            id: None,
            peer_id: None,
        },
        B::Bind {
            login_type,
            login_name,
            login_password,
            ..
        } => Op::Login(LoginAttempt {
            system_id: text(&login_name),
            credential: Credential::Password(login_password.0.to_vec()),
            // Type 1: an SP that submits; type 2: the SMG that delivers to an SP.
            mode: if login_type == 2 {
                BindMode::Receiver
            } else {
                BindMode::Transmitter
            },
            version: login_type,
        }),
        B::Submit(s) => Op::Submit(gateway_part(
            &s.sp_number,
            s.user_numbers.iter().map(|d| text(d)).collect(),
            s.message_coding,
            s.tp_udhi,
            &s.content,
            // ReportFlag 0: on failure only, 1: always, 2: never, 3: charging.
            matches!(s.report_flag, 0 | 1),
        )),
        B::Deliver(d) => Op::Deliver(gateway_part(
            &d.user_number,
            vec![text(&d.sp_number)],
            d.message_coding,
            d.tp_udhi,
            &d.content,
            false,
        )),
        B::Report {
            submit_sequence,
            user_number,
            state,
            error_code,
            ..
        } => Op::Receipt(ReceiptInfo {
            id: SmscMessageId::Sgip(submit_sequence),
            state: match state {
                0 => DeliveryState::Delivered,
                1 => DeliveryState::Enroute,
                _ => DeliveryState::Undeliverable,
            },
            stat: state.to_string(),
            error: Some(error_code.to_string()),
            recipient: text(&user_number),
        }),
        _ if pdu.command_id == UNBIND => Op::Unbind,
        _ => Op::Other,
    };
    Ok(Read { reply, op })
}

fn read_smgp(b: &[u8]) -> Result<Read, DecodeError> {
    use smgp::SmgpBody as B;
    use smgp::request::*;
    let pdu = smgp::SmgpPdu::parse(b, smgp::SmgpLayout::V30)?;
    let mut reply = ReplyTo {
        command_id: pdu.request_id,
        seq: Seq {
            number: pdu.sequence_id,
            ..Seq::default()
        },
        ..ReplyTo::default()
    };
    let op = match pdu.body {
        _ if pdu.request_id & RESPONSE != 0 => match pdu.body {
            B::LoginResp { status, .. } => Op::Response {
                status,
                id: None,
                peer_id: None,
            },
            B::Resp { msg_id, status } => Op::Response {
                status,
                id: (pdu.request_id == SUBMIT | RESPONSE).then_some(SmscMessageId::Smgp(msg_id)),
                peer_id: None,
            },
            _ => Op::Response {
                status: 0,
                id: None,
                peer_id: None,
            },
        },
        B::Login {
            client_id,
            authenticator,
            login_mode,
            timestamp,
            client_version,
        } => {
            // The codec reads exactly 16 octets; anything else cannot match a secret.
            let a = <[u8; 16]>::try_from(&authenticator.0[..]).unwrap_or_default();
            Op::Login(LoginAttempt {
                system_id: text(&client_id),
                credential: Credential::Smgp {
                    authenticator: a,
                    timestamp,
                },
                mode: match login_mode {
                    0 => BindMode::Transmitter,
                    1 => BindMode::Receiver,
                    _ => BindMode::Transceiver,
                },
                version: client_version,
            })
        }
        B::Submit(s) => {
            let udhi = s.tp_udhi();
            Op::Submit(gateway_part(
                &s.src_term_id,
                s.dest_term_ids.iter().map(|d| text(d)).collect(),
                s.msg_format,
                udhi,
                &s.content,
                s.need_report == 1,
            ))
        }
        B::Deliver(d) => {
            reply.smgp_msg_id = d.msg_id;
            if d.is_report == 1 {
                let r = smgp::Report::parse(&d.content)?;
                let stat = r.field("stat").unwrap_or_default().to_owned();
                Op::Receipt(ReceiptInfo {
                    id: SmscMessageId::Smgp(r.msg_id),
                    state: DeliveryState::from_stat(&stat),
                    stat,
                    error: r.field("err").map(str::to_owned),
                    recipient: text(&d.src_term_id),
                })
            } else {
                let udhi = d
                    .tlvs
                    .iter()
                    .find(|t| t.tag == 0x0002)
                    .and_then(|t| t.value.first().copied())
                    .unwrap_or(0);
                Op::Deliver(gateway_part(
                    &d.src_term_id,
                    vec![text(&d.dest_term_id)],
                    d.msg_format,
                    udhi,
                    &d.content,
                    false,
                ))
            }
        }
        _ if pdu.request_id == ACTIVE_TEST => Op::KeepAlive,
        _ if pdu.request_id == EXIT => Op::Unbind,
        _ => Op::Other,
    };
    Ok(Read { reply, op })
}

/// What a login request needs from the configuration.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoginWrite<'a> {
    pub(crate) system_id: &'a str,
    pub(crate) password: &'a [u8],
    pub(crate) system_type: &'a str,
    pub(crate) mode: BindMode,
    /// MMDDHHMMSS (CMPP, SMGP).
    pub(crate) timestamp: u32,
}

impl Protocol {
    pub(crate) fn login(self, w: LoginWrite<'_>) -> Pdu {
        match self {
            Self::Smpp => Pdu::Smpp(SmppPdu {
                command_id: match w.mode {
                    BindMode::Transmitter => smpp::command::BIND_TRANSMITTER,
                    BindMode::Receiver => smpp::command::BIND_RECEIVER,
                    BindMode::Transceiver => smpp::command::BIND_TRANSCEIVER,
                },
                command_status: 0,
                sequence_number: 0,
                body: SmppBody::Bind(smpp::Bind {
                    system_id: owned(w.system_id.as_bytes()),
                    password: Redacted(owned(w.password)),
                    system_type: owned(w.system_type.as_bytes()),
                    interface_version: 0x34,
                    address_range: SmppAddress::default(),
                }),
            }),
            Self::Cmpp(v) => Pdu::Cmpp(cmpp::CmppPdu {
                version: v,
                command_id: cmpp::command::CONNECT,
                sequence_id: 0,
                body: cmpp::CmppBody::Connect(cmpp::Connect::new(
                    w.system_id,
                    w.password,
                    w.timestamp,
                    match v {
                        cmpp::CmppVersion::V20 => 0x20,
                        cmpp::CmppVersion::V30 => 0x30,
                    },
                )),
            }),
            Self::Sgip => Pdu::Sgip(sgip::SgipPdu {
                command_id: sgip::command::BIND,
                sequence: sgip::SgipSequence::default(),
                body: sgip::SgipBody::Bind {
                    login_type: if w.mode == BindMode::Receiver { 2 } else { 1 },
                    login_name: owned(w.system_id.as_bytes()),
                    login_password: Redacted(owned(w.password)),
                    reserve: Cow::Borrowed(b""),
                },
            }),
            Self::Smgp => Pdu::Smgp(smgp::SmgpPdu {
                layout: smgp::SmgpLayout::V30,
                request_id: smgp::request::LOGIN,
                sequence_id: 0,
                body: smgp::SmgpBody::Login {
                    client_id: owned(w.system_id.as_bytes()),
                    authenticator: Redacted(owned(&smgp::login_authenticator(
                        w.system_id.as_bytes(),
                        w.password,
                        w.timestamp,
                    ))),
                    login_mode: match w.mode {
                        BindMode::Transmitter => 0,
                        BindMode::Receiver => 1,
                        BindMode::Transceiver => 2,
                    },
                    timestamp: w.timestamp,
                    client_version: 0x30,
                },
            }),
        }
    }

    /// A request with no body: keep-alive or unbind.
    fn bodiless(self, smpp_id: u32, cmpp_id: u32, sgip_id: u32, smgp_id: u32) -> Pdu {
        match self {
            Self::Smpp => Pdu::Smpp(SmppPdu {
                command_id: smpp_id,
                command_status: 0,
                sequence_number: 0,
                body: SmppBody::Empty,
            }),
            Self::Cmpp(v) => Pdu::Cmpp(cmpp::CmppPdu {
                version: v,
                command_id: cmpp_id,
                sequence_id: 0,
                body: cmpp::CmppBody::Empty,
            }),
            Self::Sgip => Pdu::Sgip(sgip::SgipPdu {
                command_id: sgip_id,
                sequence: sgip::SgipSequence::default(),
                body: sgip::SgipBody::Empty,
            }),
            Self::Smgp => Pdu::Smgp(smgp::SmgpPdu {
                layout: smgp::SmgpLayout::V30,
                request_id: smgp_id,
                sequence_id: 0,
                body: smgp::SmgpBody::Empty,
            }),
        }
    }

    /// enquire_link, CMPP_ACTIVE_TEST, Active_Test (SGIP has none: `None`).
    pub(crate) fn keepalive(self) -> Option<Pdu> {
        self.has_keepalive().then(|| {
            self.bodiless(
                smpp::command::ENQUIRE_LINK,
                cmpp::command::ACTIVE_TEST,
                0,
                smgp::request::ACTIVE_TEST,
            )
        })
    }

    /// unbind, CMPP_TERMINATE, SGIP Unbind, SMGP Exit.
    pub(crate) fn unbind(self) -> Pdu {
        self.bodiless(
            smpp::command::UNBIND,
            cmpp::command::TERMINATE,
            sgip::command::UNBIND,
            smgp::request::EXIT,
        )
    }

    /// SMPP generic_nack; the other protocols have none.
    pub(crate) fn generic_nack(self, status: u32) -> Option<Pdu> {
        (self == Self::Smpp).then_some(Pdu::Smpp(SmppPdu {
            command_id: smpp::command::GENERIC_NACK,
            command_status: status,
            sequence_number: 0,
            body: SmppBody::Empty,
        }))
    }

    /// The response to a request (logins excepted: [`Protocol::login_response`]). `id` is
    /// the message id a submit response carries. `None` when the request has no response.
    pub(crate) fn response(
        self,
        to: &ReplyTo,
        status: u32,
        id: Option<&SmscMessageId>,
    ) -> Option<Pdu> {
        let command_id = to.command_id | 0x8000_0000;
        Some(match self {
            Self::Smpp => {
                use smpp::command::*;
                let body = match to.command_id {
                    OUTBIND | ALERT_NOTIFICATION | GENERIC_NACK => return None,
                    SUBMIT_SM | DELIVER_SM | DATA_SM if status == 0 => SmppBody::MessageIdResp {
                        message_id: Some(match id {
                            Some(SmscMessageId::Text(t)) => owned(t.as_bytes()),
                            _ => Cow::Borrowed(b""),
                        }),
                        tlvs: Vec::new(),
                    },
                    // An error response has no body (SMPP 3.4 §4.4.2, §4.1.2).
                    SUBMIT_SM | DELIVER_SM | DATA_SM | ENQUIRE_LINK | UNBIND | BIND_RECEIVER
                    | BIND_TRANSMITTER | BIND_TRANSCEIVER => SmppBody::Empty,
                    // Anything we do not carry: generic_nack (SMPP 3.4 §4.3).
                    _ => {
                        return Some(Pdu::Smpp(SmppPdu {
                            command_id: GENERIC_NACK,
                            command_status: status,
                            sequence_number: 0,
                            body: SmppBody::Empty,
                        }));
                    }
                };
                Pdu::Smpp(SmppPdu {
                    command_id,
                    command_status: status,
                    sequence_number: 0,
                    body,
                })
            }
            Self::Cmpp(v) => {
                use cmpp::command::*;
                let body = match to.command_id {
                    SUBMIT => cmpp::CmppBody::Resp {
                        msg_id: match id {
                            Some(SmscMessageId::Cmpp(m)) => *m,
                            _ => 0,
                        },
                        result: status,
                    },
                    DELIVER => cmpp::CmppBody::Resp {
                        msg_id: to.cmpp_msg_id,
                        result: status,
                    },
                    ACTIVE_TEST => cmpp::CmppBody::ActiveTestResp { reserved: 0 },
                    TERMINATE => cmpp::CmppBody::Empty,
                    // QUERY, CANCEL, FWD...: not carried; no answer we could fill honestly.
                    _ => return None,
                };
                Pdu::Cmpp(cmpp::CmppPdu {
                    version: v,
                    command_id,
                    sequence_id: 0,
                    body,
                })
            }
            Self::Sgip => {
                use sgip::command::*;
                let body = match to.command_id {
                    UNBIND => sgip::SgipBody::Empty,
                    BIND | SUBMIT | DELIVER | REPORT => sgip::SgipBody::Resp {
                        result: u8::try_from(status).unwrap_or(u8::MAX),
                        reserve: Cow::Borrowed(b""),
                    },
                    _ => return None,
                };
                Pdu::Sgip(sgip::SgipPdu {
                    command_id,
                    sequence: sgip::SgipSequence::default(),
                    body,
                })
            }
            Self::Smgp => {
                use smgp::request::*;
                let body = match to.command_id {
                    SUBMIT => smgp::SmgpBody::Resp {
                        msg_id: match id {
                            Some(SmscMessageId::Smgp(m)) => *m,
                            _ => [0; 10],
                        },
                        status,
                    },
                    DELIVER => smgp::SmgpBody::Resp {
                        msg_id: to.smgp_msg_id,
                        status,
                    },
                    ACTIVE_TEST | EXIT => smgp::SmgpBody::Empty,
                    _ => return None,
                };
                Pdu::Smgp(smgp::SmgpPdu {
                    layout: smgp::SmgpLayout::V30,
                    request_id: command_id,
                    sequence_id: 0,
                    body,
                })
            }
        })
    }

    /// The answer to a login: `status` 0 accepts. CMPP and SMGP sign it with the secret.
    pub(crate) fn login_response(
        self,
        attempt: &LoginAttempt,
        status: u32,
        secret: &[u8],
        own_id: &str,
    ) -> Pdu {
        match self {
            Self::Smpp => Pdu::Smpp(SmppPdu {
                command_id: match attempt.mode {
                    BindMode::Receiver => smpp::command::BIND_RECEIVER,
                    BindMode::Transmitter => smpp::command::BIND_TRANSMITTER,
                    BindMode::Transceiver => smpp::command::BIND_TRANSCEIVER,
                } | 0x8000_0000,
                command_status: status,
                sequence_number: 0,
                body: if status == 0 {
                    SmppBody::BindResp {
                        system_id: owned(own_id.as_bytes()),
                        // sc_interface_version: 3.4.
                        tlvs: vec![smpp::Tlv::new(smpp::tag::SC_INTERFACE_VERSION, [0x34])],
                    }
                } else {
                    SmppBody::Empty
                },
            }),
            Self::Cmpp(v) => {
                let source = match &attempt.credential {
                    Credential::Cmpp { authenticator, .. } => *authenticator,
                    _ => [0; 16],
                };
                Pdu::Cmpp(cmpp::CmppPdu {
                    version: v,
                    command_id: cmpp::command::CONNECT | 0x8000_0000,
                    sequence_id: 0,
                    body: cmpp::CmppBody::ConnectResp(cmpp::ConnectResp {
                        status,
                        authenticator: if status == 0 {
                            cmpp::ConnectResp::authenticator_for(v, status, &source, secret)
                        } else {
                            [0; 16]
                        },
                        version: match v {
                            cmpp::CmppVersion::V20 => 0x20,
                            cmpp::CmppVersion::V30 => 0x30,
                        },
                    }),
                })
            }
            Self::Sgip => Pdu::Sgip(sgip::SgipPdu {
                command_id: sgip::command::BIND | 0x8000_0000,
                sequence: sgip::SgipSequence::default(),
                body: sgip::SgipBody::Resp {
                    result: u8::try_from(status).unwrap_or(u8::MAX),
                    reserve: Cow::Borrowed(b""),
                },
            }),
            Self::Smgp => {
                let client = match &attempt.credential {
                    Credential::Smgp { authenticator, .. } => *authenticator,
                    _ => [0; 16],
                };
                Pdu::Smgp(smgp::SmgpPdu {
                    layout: smgp::SmgpLayout::V30,
                    request_id: smgp::request::LOGIN | 0x8000_0000,
                    sequence_id: 0,
                    body: smgp::SmgpBody::LoginResp {
                        status,
                        authenticator: if status == 0 {
                            owned(&smgp::server_authenticator(status, &client, secret))
                        } else {
                            owned(&[0; 16])
                        },
                        server_version: 0x30,
                    },
                })
            }
        }
    }
}

/// Where a message goes and what it says, for the part builders.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Addressing<'a> {
    pub(crate) source: Option<&'a str>,
    pub(crate) destination: &'a str,
    pub(crate) receipt: bool,
}

fn cow(s: &str) -> Cow<'static, [u8]> {
    Cow::Owned(s.as_bytes().to_vec())
}

impl Protocol {
    /// The submits that carry a planned text (client side), in part order.
    pub(crate) fn submit_parts(
        self,
        t: &crate::config::Templates,
        a: Addressing<'_>,
        plan: &rcs_fallback::SmsPlan<'_>,
        refs: &mut rcs_fallback::SequentialReferences,
    ) -> Result<Vec<Pdu>, rcs_fallback::gateway::cmpp::CmppPlanError> {
        Ok(match self {
            Self::Smpp => {
                let mut src = t.smpp.source.clone();
                if let Some(s) = a.source {
                    src.address = cow(s);
                }
                let mut dst = t.smpp.destination.clone();
                dst.address = cow(a.destination);
                smpp::ShortMessage::for_plan(plan, &src, &dst, t.smpp_segmentation, refs)
                    .into_iter()
                    .map(|sm| {
                        // The template's fields, then what the plan decided.
                        let mut m = t.smpp.clone();
                        m.source = sm.source;
                        m.destination = sm.destination;
                        m.data_coding = sm.data_coding;
                        m.esm_class |= sm.esm_class;
                        m.short_message = sm.short_message;
                        m.tlvs.extend(sm.tlvs);
                        m.registered_delivery = if a.receipt {
                            (m.registered_delivery & !3) | 1
                        } else {
                            m.registered_delivery & !3
                        };
                        let sm = m;
                        Pdu::Smpp(SmppPdu {
                            command_id: smpp::command::SUBMIT_SM,
                            command_status: 0,
                            sequence_number: 0,
                            body: SmppBody::ShortMessage(sm),
                        })
                    })
                    .collect()
            }
            Self::Cmpp(v) => {
                let mut tpl = t.cmpp.clone();
                tpl.registered_delivery = u8::from(a.receipt);
                tpl.dest_terminal_ids = vec![cow(a.destination)];
                if let Some(s) = a.source {
                    tpl.src_id = cow(s);
                }
                cmpp::Submit::for_plan(plan, &tpl, refs)?
                    .into_iter()
                    .map(|s| {
                        Pdu::Cmpp(cmpp::CmppPdu {
                            version: v,
                            command_id: cmpp::command::SUBMIT,
                            sequence_id: 0,
                            body: cmpp::CmppBody::Submit(s),
                        })
                    })
                    .collect()
            }
            Self::Sgip => {
                let mut tpl = t.sgip.clone();
                tpl.report_flag = if a.receipt { 1 } else { 2 };
                tpl.user_numbers = vec![cow(a.destination)];
                if let Some(s) = a.source {
                    tpl.sp_number = cow(s);
                }
                sgip::Submit::for_plan(plan, &tpl, refs)?
                    .into_iter()
                    .map(|s| {
                        Pdu::Sgip(sgip::SgipPdu {
                            command_id: sgip::command::SUBMIT,
                            sequence: sgip::SgipSequence::default(),
                            body: sgip::SgipBody::Submit(s),
                        })
                    })
                    .collect()
            }
            Self::Smgp => {
                let mut tpl = t.smgp.clone();
                tpl.need_report = u8::from(a.receipt);
                tpl.dest_term_ids = vec![cow(a.destination)];
                if let Some(s) = a.source {
                    tpl.src_term_id = cow(s);
                }
                smgp::Submit::for_plan(plan, &tpl, refs)?
                    .into_iter()
                    .map(|s| {
                        Pdu::Smgp(smgp::SmgpPdu {
                            layout: smgp::SmgpLayout::V30,
                            request_id: smgp::request::SUBMIT,
                            sequence_id: 0,
                            body: smgp::SmgpBody::Submit(s),
                        })
                    })
                    .collect()
            }
        })
    }

    /// The delivers that carry a mobile-originated text (server side): `source` is the phone,
    /// `destination` the SP's number. `ids` makes each CMPP/SMGP deliver's own message id.
    pub(crate) fn deliver_parts(
        self,
        t: &crate::config::Templates,
        a: Addressing<'_>,
        plan: &rcs_fallback::SmsPlan<'_>,
        refs: &mut rcs_fallback::SequentialReferences,
        ids: &mut dyn FnMut() -> SmscMessageId,
        now_text: &str,
    ) -> Result<Vec<Pdu>, rcs_fallback::gateway::cmpp::CmppPlanError> {
        let source = a.source.unwrap_or_default();
        Ok(match self {
            Self::Smpp => {
                let src = SmppAddress::new(1, 1, source);
                let mut dst = t.smpp.source.clone();
                dst.address = cow(a.destination);
                smpp::ShortMessage::for_plan(plan, &src, &dst, t.smpp_segmentation, refs)
                    .into_iter()
                    .map(|sm| {
                        Pdu::Smpp(SmppPdu {
                            command_id: smpp::command::DELIVER_SM,
                            command_status: 0,
                            sequence_number: 0,
                            body: SmppBody::ShortMessage(sm),
                        })
                    })
                    .collect()
            }
            _ => {
                let contents = cmpp::plan_contents(plan, refs)?;
                let total = contents.len() as u8;
                contents
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| match self {
                        Self::Cmpp(v) => Pdu::Cmpp(cmpp::CmppPdu {
                            version: v,
                            command_id: cmpp::command::DELIVER,
                            sequence_id: 0,
                            body: cmpp::CmppBody::Deliver(cmpp::Deliver {
                                msg_id: match ids() {
                                    SmscMessageId::Cmpp(m) => m,
                                    _ => 0,
                                },
                                dest_id: cow(a.destination),
                                service_id: t.cmpp.service_id.clone(),
                                tp_udhi: c.tp_udhi,
                                msg_fmt: c.msg_fmt,
                                src_terminal_id: cow(source),
                                msg_content: Cow::Owned(c.content),
                                ..cmpp::Deliver::default()
                            }),
                        }),
                        Self::Sgip => Pdu::Sgip(sgip::SgipPdu {
                            command_id: sgip::command::DELIVER,
                            sequence: sgip::SgipSequence::default(),
                            body: sgip::SgipBody::Deliver(sgip::Deliver {
                                user_number: cow(source),
                                sp_number: cow(a.destination),
                                tp_udhi: c.tp_udhi,
                                message_coding: c.msg_fmt,
                                content: Cow::Owned(c.content),
                                ..sgip::Deliver::default()
                            }),
                        }),
                        _ => Pdu::Smgp(smgp::SmgpPdu {
                            layout: smgp::SmgpLayout::V30,
                            request_id: smgp::request::DELIVER,
                            sequence_id: 0,
                            body: smgp::SmgpBody::Deliver(smgp::Deliver {
                                msg_id: match ids() {
                                    SmscMessageId::Smgp(m) => m,
                                    _ => [0; 10],
                                },
                                msg_format: c.msg_fmt,
                                recv_time: cow(now_text),
                                src_term_id: cow(source),
                                dest_term_id: cow(a.destination),
                                content: Cow::Owned(c.content),
                                tlvs: vec![
                                    smpp::Tlv::new(0x0002, [c.tp_udhi]),
                                    smpp::Tlv::new(0x0009, [total]),
                                    smpp::Tlv::new(0x000A, [(i + 1) as u8]),
                                ],
                                ..smgp::Deliver::default()
                            }),
                        }),
                    })
                    .collect()
            }
        })
    }
}

/// What a receipt PDU says.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReceiptWrite<'a> {
    pub(crate) id: &'a SmscMessageId,
    /// The phone the message went to.
    pub(crate) recipient: &'a str,
    /// The SP / ESME address it came from.
    pub(crate) originator: &'a str,
    pub(crate) state: DeliveryState,
    pub(crate) error: u32,
    /// YYMMDDhhmm.
    pub(crate) submitted: &'a str,
    /// YYMMDDhhmm.
    pub(crate) done: &'a str,
    /// YYYYMMDDhhmmss (SMGP RecvTime).
    pub(crate) now_long: &'a str,
}

impl Protocol {
    /// The PDU that carries a delivery receipt; `None` when `id` is not this protocol's kind.
    pub(crate) fn receipt(
        self,
        t: &crate::config::Templates,
        r: ReceiptWrite<'_>,
        own_id: SmscMessageId,
    ) -> Option<Pdu> {
        let delivered = u8::from(r.state.is_delivered());
        let receipt_text = |id: &str| {
            format!(
                "id:{id} sub:001 dlvrd:{delivered:03} submit date:{} done date:{} stat:{} err:{:03} text:",
                r.submitted,
                r.done,
                r.state.stat(),
                r.error % 1000
            )
        };
        Some(match (self, r.id) {
            (Self::Smpp, SmscMessageId::Text(id)) => {
                let mut receipted = id.as_bytes().to_vec();
                receipted.push(0);
                Pdu::Smpp(SmppPdu {
                    command_id: smpp::command::DELIVER_SM,
                    command_status: 0,
                    sequence_number: 0,
                    body: SmppBody::ShortMessage(smpp::ShortMessage {
                        source: SmppAddress::new(1, 1, r.recipient),
                        destination: SmppAddress {
                            address: cow(r.originator),
                            ..t.smpp.source.clone()
                        },
                        esm_class: 0x04,
                        short_message: Cow::Owned(receipt_text(id).into_bytes()),
                        tlvs: vec![
                            smpp::Tlv::new(smpp::tag::RECEIPTED_MESSAGE_ID, receipted),
                            smpp::Tlv::new(
                                smpp::tag::MESSAGE_STATE,
                                [r.state.smpp_message_state()],
                            ),
                        ],
                        ..smpp::ShortMessage::default()
                    }),
                })
            }
            (Self::Cmpp(v), SmscMessageId::Cmpp(id)) => {
                let report = cmpp::Report {
                    msg_id: *id,
                    stat: cow(r.state.stat()),
                    submit_time: cow(r.submitted),
                    done_time: cow(r.done),
                    dest_terminal_id: cow(r.recipient),
                    smsc_sequence: 0,
                };
                Pdu::Cmpp(cmpp::CmppPdu {
                    version: v,
                    command_id: cmpp::command::DELIVER,
                    sequence_id: 0,
                    body: cmpp::CmppBody::Deliver(cmpp::Deliver {
                        msg_id: match own_id {
                            SmscMessageId::Cmpp(m) => m,
                            _ => 0,
                        },
                        dest_id: cow(r.originator),
                        service_id: t.cmpp.service_id.clone(),
                        src_terminal_id: cow(r.recipient),
                        registered_delivery: 1,
                        msg_content: Cow::Owned(report.to_bytes(v).to_vec()),
                        ..cmpp::Deliver::default()
                    }),
                })
            }
            (Self::Sgip, SmscMessageId::Sgip(seq)) => Pdu::Sgip(sgip::SgipPdu {
                command_id: sgip::command::REPORT,
                sequence: sgip::SgipSequence::default(),
                body: sgip::SgipBody::Report {
                    submit_sequence: *seq,
                    report_type: 0,
                    user_number: cow(r.recipient),
                    state: match r.state {
                        DeliveryState::Delivered => 0,
                        DeliveryState::Enroute => 1,
                        _ => 2,
                    },
                    error_code: u8::try_from(r.error).unwrap_or(u8::MAX),
                    reserve: Cow::Borrowed(b""),
                },
            }),
            (Self::Smgp, SmscMessageId::Smgp(id)) => {
                let mut content = b"id:".to_vec();
                content.extend_from_slice(id);
                content.extend_from_slice(
                    format!(
                        " sub:001 dlvrd:{delivered:03} submit_date:{} done_date:{} stat:{} err:{:03} txt:",
                        r.submitted,
                        r.done,
                        r.state.stat(),
                        r.error % 1000
                    )
                    .as_bytes(),
                );
                Pdu::Smgp(smgp::SmgpPdu {
                    layout: smgp::SmgpLayout::V30,
                    request_id: smgp::request::DELIVER,
                    sequence_id: 0,
                    body: smgp::SmgpBody::Deliver(smgp::Deliver {
                        msg_id: match own_id {
                            SmscMessageId::Smgp(m) => m,
                            _ => [0; 10],
                        },
                        is_report: 1,
                        recv_time: cow(r.now_long),
                        src_term_id: cow(r.recipient),
                        dest_term_id: cow(r.originator),
                        content: Cow::Owned(content),
                        ..smgp::Deliver::default()
                    }),
                })
            }
            _ => return None,
        })
    }
}
