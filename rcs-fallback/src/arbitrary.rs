//! `arbitrary::Arbitrary` for the message types: structured fuzz input that is always a value
//! this crate writes and reads back equal.
//!
//! Each value holds what its format can carry: fixed-size gateway fields hold no NUL and fit
//! (as the PDU's `fixed`/C-octet rules need), a body matches its command id, user data fits
//! 160 septets or 140 octets with its alphabet the one the data coding scheme names, addresses
//! are digits (or GSM 7-bit text for an alphanumeric type) with bit 7 of the type octet set,
//! and timestamps are BCD. MMS PDUs are views of their octets, so their owned input is the
//! builder's [`NewPart`](crate::mms::NewPart).

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::gsm7::NationalLanguage;
use crate::tpdu::{
    Address, DataCoding, Deliver, StatusParameters, StatusReport, Submit, Timestamp, Tpdu,
    ValidityPeriod,
};
use crate::udh::{InformationElement, UserDataHeader};
use crate::user_data::{Alphabet, UserData};

/// Up to `max` items, each made by `f`.
fn up_to<T>(
    u: &mut Unstructured<'_>,
    max: usize,
    mut f: impl FnMut(&mut Unstructured<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| f(u)).collect()
}

impl<'a> Arbitrary<'a> for Address {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let (ton, npi) = (u.int_in_range(0u8..=7)?, u.int_in_range(0u8..=15)?);
        let type_of_address = 0x80 | ton << 4 | npi;
        let value: String = if ton == 5 {
            // Alphanumeric: up to 11 characters of the default alphabet with no escape.
            const TEXT: &[u8] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .-@";
            up_to(u, 11, |u| u.choose(TEXT).map(|&c| char::from(c)))?
                .into_iter()
                .collect()
        } else {
            const DIGITS: &[u8] = b"0123456789*#abc";
            up_to(u, 20, |u| u.choose(DIGITS).map(|&c| char::from(c)))?
                .into_iter()
                .collect()
        };
        Ok(Self {
            type_of_address,
            value,
        })
    }
}

impl<'a> Arbitrary<'a> for Timestamp {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Self::new(
            u.int_in_range(0..=99)?,
            u.int_in_range(1..=12)?,
            u.int_in_range(1..=28)?,
            u.int_in_range(0..=23)?,
            u.int_in_range(0..=59)?,
            u.int_in_range(0..=59)?,
            u.int_in_range(-79..=79)?,
        ))
    }
}

impl<'a> Arbitrary<'a> for ValidityPeriod {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0u8..=2)? {
            0 => Self::Relative(u.arbitrary()?),
            1 => Self::Absolute(u.arbitrary()?),
            _ => Self::Enhanced(u.arbitrary()?),
        })
    }
}

impl<'a> Arbitrary<'a> for InformationElement {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0u8..=7)? {
            0 => Self::Concat8 {
                reference: u.arbitrary()?,
                total: u.arbitrary()?,
                sequence: u.arbitrary()?,
            },
            1 => Self::Concat16 {
                reference: u.arbitrary()?,
                total: u.arbitrary()?,
                sequence: u.arbitrary()?,
            },
            2 => Self::Ports8 {
                destination: u.arbitrary()?,
                originator: u.arbitrary()?,
            },
            3 => Self::Ports16 {
                destination: u.arbitrary()?,
                originator: u.arbitrary()?,
            },
            4 => Self::NationalSingleShift(*u.choose(&NationalLanguage::ALL)?),
            5 => {
                let lockable: Vec<_> = NationalLanguage::ALL
                    .into_iter()
                    .filter(|l| l.has_locking_table())
                    .collect();
                Self::NationalLockingShift(*u.choose(&lockable)?)
            }
            6 => Self::SimToolkitSecurity,
            _ => {
                // An IEI this crate does not read into a variant of its own.
                let iei = match u.arbitrary()? {
                    0x00 | 0x04 | 0x05 | 0x08 | 0x24 | 0x25 | 0x70 => 0x7F,
                    other => other,
                };
                Self::Other {
                    iei,
                    data: up_to(u, 6, |u| u.arbitrary())?,
                }
            }
        })
    }
}

impl<'a> Arbitrary<'a> for UserDataHeader {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Self {
            elements: up_to(u, 4, |u| u.arbitrary())?,
        })
    }
}

/// User data in `alphabet` that fits one TPDU: 160 septets or 140 octets, header included.
fn user_data(u: &mut Unstructured<'_>, alphabet: Alphabet) -> Result<UserData> {
    let header: Option<UserDataHeader> = u.arbitrary()?;
    let h = header.as_ref().map_or(0, UserDataHeader::encoded_len);
    let body = match alphabet {
        Alphabet::Gsm7 => {
            let room = 160 - crate::user_data::header_septets(h);
            up_to(u, room, |u| u.int_in_range(0u8..=0x7F))?
        }
        Alphabet::Eight => up_to(u, 140 - h, |u| u.arbitrary())?,
        Alphabet::Ucs2 => {
            let units = up_to(u, (140 - h) / 2, |u| u.arbitrary::<u16>())?;
            units.into_iter().flat_map(u16::to_be_bytes).collect()
        }
    };
    Ok(UserData {
        header,
        alphabet,
        body,
    })
}

impl<'a> Arbitrary<'a> for UserData {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let alphabet = *u.choose(&[Alphabet::Gsm7, Alphabet::Eight, Alphabet::Ucs2])?;
        user_data(u, alphabet)
    }
}

/// A data coding scheme of the general group (with or without a message class) or the
/// class group, so the alphabet it names is one of the three.
fn data_coding(u: &mut Unstructured<'_>) -> Result<DataCoding> {
    let alphabet = *u.choose(&[Alphabet::Gsm7, Alphabet::Eight, Alphabet::Ucs2])?;
    let class = u.int_in_range(0u8..=3)?;
    Ok(match u.int_in_range(0u8..=2)? {
        0 => DataCoding::for_alphabet(alphabet),
        1 => DataCoding(DataCoding::for_alphabet(alphabet).0 | 0x10 | class),
        _ if alphabet == Alphabet::Ucs2 => DataCoding::UCS2,
        _ => DataCoding(0xF0 | u8::from(alphabet == Alphabet::Eight) << 2 | class),
    })
}

impl<'a> Arbitrary<'a> for Tpdu {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0u8..=2)? {
            0 => {
                let data_coding = data_coding(u)?;
                Self::Submit(Submit {
                    reject_duplicates: u.arbitrary()?,
                    status_report_request: u.arbitrary()?,
                    reply_path: u.arbitrary()?,
                    message_reference: u.arbitrary()?,
                    destination: u.arbitrary()?,
                    protocol_id: u.arbitrary()?,
                    data_coding,
                    validity: u.arbitrary()?,
                    user_data: user_data(u, data_coding.alphabet())?,
                })
            }
            1 => {
                let data_coding = data_coding(u)?;
                Self::Deliver(Deliver {
                    no_more_messages: u.arbitrary()?,
                    loop_prevention: u.arbitrary()?,
                    status_report_indication: u.arbitrary()?,
                    reply_path: u.arbitrary()?,
                    originator: u.arbitrary()?,
                    protocol_id: u.arbitrary()?,
                    data_coding,
                    timestamp: u.arbitrary()?,
                    user_data: user_data(u, data_coding.alphabet())?,
                })
            }
            _ => {
                let parameters = if u.arbitrary()? {
                    // TP-PI bits 0–2 say which of TP-PID, TP-DCS and TP-UDL follow; the
                    // reserved bits 3–6 are kept as sent and bit 7 (extension) stays clear.
                    let reserved = u.int_in_range(0u8..=0x0F)? << 3;
                    let protocol_id: Option<u8> = u.arbitrary()?;
                    let data_coding = if u.arbitrary()? {
                        Some(data_coding(u)?)
                    } else {
                        None
                    };
                    let alphabet = data_coding.unwrap_or_default().alphabet();
                    let user_data = if u.arbitrary()? {
                        Some(user_data(u, alphabet)?)
                    } else {
                        None
                    };
                    Some(StatusParameters {
                        indicator: reserved
                            | u8::from(protocol_id.is_some())
                            | u8::from(data_coding.is_some()) << 1
                            | u8::from(user_data.is_some()) << 2,
                        protocol_id,
                        data_coding,
                        user_data,
                    })
                } else {
                    None
                };
                Self::StatusReport(StatusReport {
                    no_more_messages: u.arbitrary()?,
                    loop_prevention: u.arbitrary()?,
                    status_report_qualifier: u.arbitrary()?,
                    message_reference: u.arbitrary()?,
                    recipient: u.arbitrary()?,
                    timestamp: u.arbitrary()?,
                    discharge_time: u.arbitrary()?,
                    status: u.arbitrary()?,
                    parameters,
                })
            }
        })
    }
}

#[cfg(feature = "gateway")]
mod gateway {
    use std::borrow::Cow;

    use arbitrary::{Arbitrary, Result, Unstructured};

    use super::up_to;
    use crate::gateway::Redacted;
    use crate::gateway::cmpp::{self, CmppBody, CmppPdu, CmppVersion};
    use crate::gateway::sgip::{self, SgipBody, SgipPdu, SgipSequence};
    use crate::gateway::smgp::{self, SmgpBody, SmgpLayout, SmgpPdu};
    use crate::gateway::smpp::{
        self, Bind, DataSm, ShortMessage, SmppAddress, SmppBody, SmppPdu, Tlv,
    };

    /// A text field of at most `max` octets with no NUL (C-octet strings end at the first
    /// NUL; fixed fields are NUL-padded).
    fn field(u: &mut Unstructured<'_>, max: usize) -> Result<Cow<'static, [u8]>> {
        up_to(u, max, |u| u.int_in_range(1u8..=255)).map(Cow::Owned)
    }

    fn octets(u: &mut Unstructured<'_>, max: usize) -> Result<Cow<'static, [u8]>> {
        up_to(u, max, |u| u.arbitrary()).map(Cow::Owned)
    }

    fn tlvs(u: &mut Unstructured<'_>) -> Result<Vec<Tlv<'static>>> {
        up_to(u, 4, |u| {
            Ok(Tlv::new(u.arbitrary()?, octets(u, 24)?.into_owned()))
        })
    }

    fn address(u: &mut Unstructured<'_>, max: usize) -> Result<SmppAddress<'static>> {
        Ok(SmppAddress {
            ton: u.arbitrary()?,
            npi: u.arbitrary()?,
            address: field(u, max)?,
        })
    }

    /// A command id from `ids`, or one the decoder keeps as `Other` with an arbitrary body.
    fn pick(u: &mut Unstructured<'_>, ids: &[u32], other: &[u32]) -> Result<(u32, bool)> {
        if u.ratio(1u8, 8u8)? {
            Ok((*u.choose(other)?, true))
        } else {
            Ok((*u.choose(ids)?, false))
        }
    }

    impl<'a> Arbitrary<'a> for SmppPdu<'static> {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            use smpp::command::*;
            const IDS: &[u32] = &[
                BIND_RECEIVER,
                BIND_TRANSMITTER,
                BIND_TRANSCEIVER,
                BIND_RECEIVER | RESPONSE,
                BIND_TRANSMITTER | RESPONSE,
                BIND_TRANSCEIVER | RESPONSE,
                SUBMIT_SM,
                DELIVER_SM,
                DATA_SM,
                SUBMIT_SM | RESPONSE,
                DELIVER_SM | RESPONSE,
                DATA_SM | RESPONSE,
                GENERIC_NACK,
                ENQUIRE_LINK,
                ENQUIRE_LINK | RESPONSE,
                UNBIND,
                UNBIND | RESPONSE,
                REPLACE_SM | RESPONSE,
                CANCEL_SM | RESPONSE,
            ];
            const OTHER: &[u32] = &[
                QUERY_SM,
                QUERY_SM | RESPONSE,
                REPLACE_SM,
                CANCEL_SM,
                OUTBIND,
                ALERT_NOTIFICATION,
                SUBMIT_MULTI,
                SUBMIT_MULTI | RESPONSE,
            ];
            let (command_id, other) = pick(u, IDS, OTHER)?;
            let command_status: u32 = if u.arbitrary()? { 0 } else { u.arbitrary()? };
            let sequence_number = u.arbitrary()?;
            let body = if other {
                SmppBody::Other(octets(u, 64)?)
            } else {
                match command_id {
                    BIND_RECEIVER | BIND_TRANSMITTER | BIND_TRANSCEIVER => SmppBody::Bind(Bind {
                        system_id: field(u, 15)?,
                        password: Redacted(field(u, 8)?),
                        system_type: field(u, 12)?,
                        interface_version: u.arbitrary()?,
                        address_range: address(u, 40)?,
                    }),
                    _ if command_id & !RESPONSE == BIND_RECEIVER
                        || command_id & !RESPONSE == BIND_TRANSMITTER
                        || command_id & !RESPONSE == BIND_TRANSCEIVER =>
                    {
                        if command_status != 0 && u.arbitrary()? {
                            SmppBody::Empty
                        } else {
                            SmppBody::BindResp {
                                system_id: field(u, 15)?,
                                tlvs: tlvs(u)?,
                            }
                        }
                    }
                    SUBMIT_SM | DELIVER_SM => SmppBody::ShortMessage(ShortMessage {
                        service_type: field(u, 5)?,
                        source: address(u, 20)?,
                        destination: address(u, 20)?,
                        esm_class: u.arbitrary()?,
                        protocol_id: u.arbitrary()?,
                        priority_flag: u.arbitrary()?,
                        schedule_delivery_time: field(u, 16)?,
                        validity_period: field(u, 16)?,
                        registered_delivery: u.arbitrary()?,
                        replace_if_present: u.arbitrary()?,
                        data_coding: u.arbitrary()?,
                        sm_default_msg_id: u.arbitrary()?,
                        short_message: octets(u, 254)?,
                        tlvs: tlvs(u)?,
                    }),
                    DATA_SM => SmppBody::DataSm(DataSm {
                        service_type: field(u, 5)?,
                        source: address(u, 64)?,
                        destination: address(u, 64)?,
                        esm_class: u.arbitrary()?,
                        registered_delivery: u.arbitrary()?,
                        data_coding: u.arbitrary()?,
                        tlvs: tlvs(u)?,
                    }),
                    _ if command_id & RESPONSE != 0
                        && matches!(command_id & !RESPONSE, SUBMIT_SM | DELIVER_SM | DATA_SM) =>
                    {
                        if command_status != 0 && u.arbitrary()? {
                            SmppBody::MessageIdResp {
                                message_id: None,
                                tlvs: Vec::new(),
                            }
                        } else {
                            SmppBody::MessageIdResp {
                                message_id: Some(field(u, 64)?),
                                tlvs: tlvs(u)?,
                            }
                        }
                    }
                    _ => SmppBody::Empty,
                }
            };
            Ok(Self {
                command_id,
                command_status,
                sequence_number,
                body,
            })
        }
    }

    impl<'a> Arbitrary<'a> for CmppPdu<'static> {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            use cmpp::command::*;
            const R: u32 = 0x8000_0000;
            const IDS: &[u32] = &[
                CONNECT,
                CONNECT | R,
                TERMINATE,
                TERMINATE | R,
                SUBMIT,
                SUBMIT | R,
                DELIVER,
                DELIVER | R,
                ACTIVE_TEST,
                ACTIVE_TEST | R,
            ];
            const OTHER: &[u32] = &[QUERY, QUERY | R, CANCEL, CANCEL | R, FWD, FWD | R];
            let version = *u.choose(&[CmppVersion::V20, CmppVersion::V30])?;
            let v3 = version == CmppVersion::V30;
            let t = version.terminal_len();
            // One octet in 2.0, four in 3.0.
            let result = |u: &mut Unstructured<'_>| -> Result<u32> {
                Ok(if v3 {
                    u.arbitrary()?
                } else {
                    u32::from(u.arbitrary::<u8>()?)
                })
            };
            let reserve_len = if v3 { 20 } else { 8 };
            let (command_id, other) = pick(u, IDS, OTHER)?;
            let body = match command_id {
                _ if other => CmppBody::Other(octets(u, 64)?),
                CONNECT => CmppBody::Connect(cmpp::Connect {
                    source_addr: field(u, 6)?,
                    authenticator: Redacted(u.arbitrary()?),
                    version: u.arbitrary()?,
                    timestamp: u.arbitrary()?,
                }),
                0x8000_0001 => CmppBody::ConnectResp(cmpp::ConnectResp {
                    status: result(u)?,
                    authenticator: u.arbitrary()?,
                    version: u.arbitrary()?,
                }),
                SUBMIT => CmppBody::Submit(cmpp::Submit {
                    msg_id: u.arbitrary()?,
                    pk_total: u.arbitrary()?,
                    pk_number: u.arbitrary()?,
                    registered_delivery: u.arbitrary()?,
                    msg_level: u.arbitrary()?,
                    service_id: field(u, 10)?,
                    fee_user_type: u.arbitrary()?,
                    fee_terminal_id: field(u, t)?,
                    fee_terminal_type: if v3 { u.arbitrary()? } else { 0 },
                    tp_pid: u.arbitrary()?,
                    tp_udhi: u.arbitrary()?,
                    msg_fmt: u.arbitrary()?,
                    msg_src: field(u, 6)?,
                    fee_type: field(u, 2)?,
                    fee_code: field(u, 6)?,
                    valid_time: field(u, 17)?,
                    at_time: field(u, 17)?,
                    src_id: field(u, 21)?,
                    dest_terminal_ids: up_to(u, 4, |u| field(u, t))?,
                    dest_terminal_type: if v3 { u.arbitrary()? } else { 0 },
                    msg_content: octets(u, 255)?,
                    reserve: field(u, reserve_len)?,
                }),
                0x8000_0004 | 0x8000_0005 => CmppBody::Resp {
                    msg_id: u.arbitrary()?,
                    result: result(u)?,
                },
                DELIVER => CmppBody::Deliver(cmpp::Deliver {
                    msg_id: u.arbitrary()?,
                    dest_id: field(u, 21)?,
                    service_id: field(u, 10)?,
                    tp_pid: u.arbitrary()?,
                    tp_udhi: u.arbitrary()?,
                    msg_fmt: u.arbitrary()?,
                    src_terminal_id: field(u, t)?,
                    src_terminal_type: if v3 { u.arbitrary()? } else { 0 },
                    registered_delivery: u.arbitrary()?,
                    msg_content: octets(u, 255)?,
                    reserve: field(u, reserve_len)?,
                }),
                0x8000_0008 => CmppBody::ActiveTestResp {
                    reserved: u.arbitrary()?,
                },
                _ => CmppBody::Empty,
            };
            Ok(Self {
                version,
                command_id,
                sequence_id: u.arbitrary()?,
                body,
            })
        }
    }

    impl<'a> Arbitrary<'a> for SgipSequence {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            Ok(Self {
                node: u.arbitrary()?,
                timestamp: u.arbitrary()?,
                number: u.arbitrary()?,
            })
        }
    }

    impl<'a> Arbitrary<'a> for SgipPdu<'static> {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            use sgip::command::*;
            const R: u32 = 0x8000_0000;
            const IDS: &[u32] = &[
                BIND,
                BIND | R,
                UNBIND,
                UNBIND | R,
                SUBMIT,
                SUBMIT | R,
                DELIVER,
                DELIVER | R,
                REPORT,
                REPORT | R,
            ];
            const OTHER: &[u32] = &[0x6, 0x10, 0x11, R | 0x6, R | 0x10];
            let (command_id, other) = pick(u, IDS, OTHER)?;
            let sequence = u.arbitrary()?;
            let body = match command_id {
                _ if other => SgipBody::Other(octets(u, 64)?),
                BIND => SgipBody::Bind {
                    login_type: u.arbitrary()?,
                    login_name: field(u, 16)?,
                    login_password: Redacted(field(u, 16)?),
                    reserve: field(u, 8)?,
                },
                SUBMIT => SgipBody::Submit(sgip::Submit {
                    sp_number: field(u, 21)?,
                    charge_number: field(u, 21)?,
                    user_numbers: up_to(u, 4, |u| field(u, 21))?,
                    corp_id: field(u, 5)?,
                    service_type: field(u, 10)?,
                    fee_type: u.arbitrary()?,
                    fee_value: field(u, 6)?,
                    given_value: field(u, 6)?,
                    agent_flag: u.arbitrary()?,
                    morelateto_mt_flag: u.arbitrary()?,
                    priority: u.arbitrary()?,
                    expire_time: field(u, 16)?,
                    schedule_time: field(u, 16)?,
                    report_flag: u.arbitrary()?,
                    tp_pid: u.arbitrary()?,
                    tp_udhi: u.arbitrary()?,
                    message_coding: u.arbitrary()?,
                    message_type: u.arbitrary()?,
                    content: octets(u, 400)?,
                    reserve: field(u, 8)?,
                }),
                DELIVER => SgipBody::Deliver(sgip::Deliver {
                    user_number: field(u, 21)?,
                    sp_number: field(u, 21)?,
                    tp_pid: u.arbitrary()?,
                    tp_udhi: u.arbitrary()?,
                    message_coding: u.arbitrary()?,
                    content: octets(u, 400)?,
                    reserve: field(u, 8)?,
                }),
                REPORT => SgipBody::Report {
                    submit_sequence: u.arbitrary()?,
                    report_type: u.arbitrary()?,
                    user_number: field(u, 21)?,
                    state: u.arbitrary()?,
                    error_code: u.arbitrary()?,
                    reserve: field(u, 8)?,
                },
                UNBIND | 0x8000_0002 => SgipBody::Empty,
                _ => SgipBody::Resp {
                    result: u.arbitrary()?,
                    reserve: field(u, 8)?,
                },
            };
            Ok(Self {
                command_id,
                sequence,
                body,
            })
        }
    }

    impl<'a> Arbitrary<'a> for SmgpPdu<'static> {
        fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
            use smgp::request::*;
            const R: u32 = 0x8000_0000;
            const IDS: &[u32] = &[
                LOGIN,
                LOGIN | R,
                SUBMIT,
                SUBMIT | R,
                DELIVER,
                DELIVER | R,
                ACTIVE_TEST,
                ACTIVE_TEST | R,
                EXIT,
                EXIT | R,
            ];
            const OTHER: &[u32] = &[0x5, 0x7, R | 0x5, R | 0x7];
            let layout = *u.choose(&[SmgpLayout::V13, SmgpLayout::V30])?;
            let (request_id, other) = pick(u, IDS, OTHER)?;
            let body = match request_id {
                _ if other => SmgpBody::Other(octets(u, 64)?),
                LOGIN => SmgpBody::Login {
                    client_id: field(u, 8)?,
                    authenticator: Redacted(Cow::Owned(u.arbitrary::<[u8; 16]>()?.to_vec())),
                    login_mode: u.arbitrary()?,
                    timestamp: u.arbitrary()?,
                    client_version: u.arbitrary()?,
                },
                0x8000_0001 => SmgpBody::LoginResp {
                    status: u.arbitrary()?,
                    authenticator: Cow::Owned(u.arbitrary::<[u8; 16]>()?.to_vec()),
                    server_version: u.arbitrary()?,
                },
                SUBMIT => SmgpBody::Submit(smgp::Submit {
                    msg_type: u.arbitrary()?,
                    need_report: u.arbitrary()?,
                    priority: u.arbitrary()?,
                    service_id: field(u, 10)?,
                    fee_type: field(u, 2)?,
                    fee_code: field(u, 6)?,
                    fixed_fee: if layout == SmgpLayout::V30 {
                        field(u, 6)?
                    } else {
                        Cow::Borrowed(b"")
                    },
                    msg_format: u.arbitrary()?,
                    valid_time: field(u, 17)?,
                    at_time: field(u, 17)?,
                    src_term_id: field(u, 21)?,
                    charge_term_id: field(u, 21)?,
                    dest_term_ids: up_to(u, 4, |u| field(u, 21))?,
                    content: octets(u, 255)?,
                    reserve: field(u, 8)?,
                    tlvs: tlvs(u)?,
                }),
                0x8000_0002 | 0x8000_0003 => SmgpBody::Resp {
                    msg_id: u.arbitrary()?,
                    status: u.arbitrary()?,
                },
                DELIVER => SmgpBody::Deliver(smgp::Deliver {
                    msg_id: u.arbitrary()?,
                    is_report: u.arbitrary()?,
                    msg_format: u.arbitrary()?,
                    recv_time: field(u, 14)?,
                    src_term_id: field(u, 21)?,
                    dest_term_id: field(u, 21)?,
                    content: octets(u, 255)?,
                    reserve: field(u, 8)?,
                    tlvs: tlvs(u)?,
                }),
                _ => SmgpBody::Empty,
            };
            Ok(Self {
                layout,
                request_id,
                sequence_id: u.arbitrary()?,
                body,
            })
        }
    }
}

#[cfg(feature = "mms")]
impl<'a> Arbitrary<'a> for crate::mms::NewPart {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        const TYPES: &[&str] = &[
            "text/plain",
            "application/smil",
            "image/jpeg",
            "image/png",
            "image/gif",
            "audio/amr",
            "video/3gpp",
            "text/x-vCard",
        ];
        // Identifiers and locations are text without NUL or the `<>` that wrap a Content-ID
        // (an empty one is no header at all).
        let text = |u: &mut Unstructured<'_>| -> Result<String> {
            const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789._-";
            let mut s: String = up_to(u, 16, |u| u.choose(CHARS).map(|&c| char::from(c)))?
                .into_iter()
                .collect();
            if s.is_empty() {
                s.push('p');
            }
            Ok(s)
        };
        let media_type = *u.choose(TYPES)?;
        let (id, location) = (text(u)?, text(u)?);
        let data = up_to(u, 300, |u| u.arbitrary())?;
        Ok(Self::new(media_type, &id, &location, data))
    }
}
