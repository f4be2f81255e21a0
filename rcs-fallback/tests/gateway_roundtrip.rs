//! Property tests: any SMPP, CMPP, SGIP or SMGP PDU we can build encodes to bytes that decode
//! to the same PDU (fixed-size fields hold no NUL and fit, as a builder would ensure).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::borrow::Cow;

use proptest::prelude::*;
use rcs_fallback::gateway::cmpp::{self, CmppBody, CmppPdu, CmppVersion};
use rcs_fallback::gateway::sgip::{self, SgipBody, SgipPdu, SgipSequence};
use rcs_fallback::gateway::smgp::{self, SmgpBody, SmgpLayout, SmgpPdu};
use rcs_fallback::gateway::smpp::{self, ShortMessage, SmppAddress, SmppBody, SmppPdu, Tlv};

/// A field of at most `max` octets with no NUL.
fn field(max: usize) -> impl Strategy<Value = Cow<'static, [u8]>> {
    prop::collection::vec(1u8..=255, 0..=max).prop_map(Cow::Owned)
}

fn bytes(max: usize) -> impl Strategy<Value = Cow<'static, [u8]>> {
    prop::collection::vec(any::<u8>(), 0..=max).prop_map(Cow::Owned)
}

fn tlvs() -> impl Strategy<Value = Vec<Tlv<'static>>> {
    prop::collection::vec(
        (any::<u16>(), prop::collection::vec(any::<u8>(), 0..20)).prop_map(|(t, v)| Tlv::new(t, v)),
        0..4,
    )
}

fn smpp_address() -> impl Strategy<Value = SmppAddress<'static>> {
    (any::<u8>(), any::<u8>(), field(20)).prop_map(|(ton, npi, address)| SmppAddress {
        ton,
        npi,
        address,
    })
}

fn short_message() -> impl Strategy<Value = ShortMessage<'static>> {
    (
        (field(5), smpp_address(), smpp_address(), any::<[u8; 3]>()),
        (field(16), field(16), any::<[u8; 4]>(), bytes(254), tlvs()),
    )
        .prop_map(
            |((service_type, source, destination, a), (sched, valid, b, short_message, tlvs))| {
                ShortMessage {
                    service_type,
                    source,
                    destination,
                    esm_class: a[0],
                    protocol_id: a[1],
                    priority_flag: a[2],
                    schedule_delivery_time: sched,
                    validity_period: valid,
                    registered_delivery: b[0],
                    replace_if_present: b[1],
                    data_coding: b[2],
                    sm_default_msg_id: b[3],
                    short_message,
                    tlvs,
                }
            },
        )
}

proptest! {
    #[test]
    fn smpp(m in short_message(), deliver in any::<bool>(), seq in any::<u32>(), id in field(64)) {
        let command_id = if deliver { smpp::command::DELIVER_SM } else { smpp::command::SUBMIT_SM };
        for pdu in [
            SmppPdu { command_id, command_status: 0, sequence_number: seq, body: SmppBody::ShortMessage(m.clone()) },
            SmppPdu {
                command_id: command_id | smpp::command::RESPONSE,
                command_status: 0,
                sequence_number: seq,
                body: SmppBody::MessageIdResp { message_id: Some(id.clone()), tlvs: Vec::new() },
            },
        ] {
            let bytes = pdu.to_bytes();
            rcs_testkit::assert_encoding!(pdu, bytes);
            prop_assert_eq!(SmppPdu::parse(&bytes).unwrap(), pdu);
        }
    }

    #[test]
    fn cmpp_submit_and_deliver(
        v3 in any::<bool>(),
        head in any::<[u8; 8]>(),
        ids in prop::collection::vec(field(21), 0..5),
        texts in (field(10), field(21), field(6), field(2), field(6), field(17), field(17), field(21)),
        content in bytes(255),
        msg_id in any::<u64>(),
    ) {
        let version = if v3 { CmppVersion::V30 } else { CmppVersion::V20 };
        let (service_id, term, msg_src, fee_type, fee_code, valid_time, at_time, src_id) = texts;
        let submit = cmpp::Submit {
            msg_id,
            pk_total: head[0],
            pk_number: head[1],
            registered_delivery: head[2],
            msg_level: head[3],
            service_id: service_id.clone(),
            fee_user_type: head[4],
            fee_terminal_id: term.clone(),
            fee_terminal_type: if v3 { head[5] } else { 0 },
            tp_pid: head[6],
            tp_udhi: head[7],
            msg_fmt: 8,
            msg_src,
            fee_type,
            fee_code,
            valid_time,
            at_time,
            src_id: src_id.clone(),
            dest_terminal_ids: ids,
            dest_terminal_type: if v3 { head[0] } else { 0 },
            msg_content: content.clone(),
            reserve: Cow::Borrowed(b""),
        };
        let deliver = cmpp::Deliver {
            msg_id,
            dest_id: src_id,
            service_id,
            tp_pid: head[0],
            tp_udhi: head[1],
            msg_fmt: head[2],
            src_terminal_id: term,
            src_terminal_type: if v3 { head[3] } else { 0 },
            registered_delivery: head[4],
            msg_content: content,
            reserve: Cow::Borrowed(b""),
        };
        for (command_id, body) in [
            (cmpp::command::SUBMIT, CmppBody::Submit(submit)),
            (cmpp::command::DELIVER, CmppBody::Deliver(deliver)),
            (0x8000_0004, CmppBody::Resp { msg_id, result: if v3 { u32::from(head[0]) << 8 } else { u32::from(head[0]) } }),
        ] {
            let pdu = CmppPdu { version, command_id, sequence_id: 1, body };
            let bytes = pdu.to_bytes();
            rcs_testkit::assert_encoding!(pdu, bytes);
            prop_assert_eq!(CmppPdu::parse(&bytes, version).unwrap(), pdu);
        }
    }

    #[test]
    fn sgip_submit(users in prop::collection::vec(field(21), 0..5), flags in any::<[u8; 10]>(), content in bytes(300), seq in any::<[u32; 3]>()) {
        let s = sgip::Submit {
            sp_number: Cow::Borrowed(b"1065"),
            user_numbers: users,
            fee_type: flags[0],
            agent_flag: flags[1],
            morelateto_mt_flag: flags[2],
            priority: flags[3],
            report_flag: flags[4],
            tp_pid: flags[5],
            tp_udhi: flags[6],
            message_coding: flags[7],
            message_type: flags[8],
            content,
            ..sgip::Submit::default()
        };
        let pdu = SgipPdu {
            command_id: sgip::command::SUBMIT,
            sequence: SgipSequence { node: seq[0], timestamp: seq[1], number: seq[2] },
            body: SgipBody::Submit(s),
        };
        let bytes = pdu.to_bytes();
        rcs_testkit::assert_encoding!(pdu, bytes);
        prop_assert_eq!(SgipPdu::parse(&bytes).unwrap(), pdu);
    }

    #[test]
    fn smgp_submit(v13 in any::<bool>(), ids in prop::collection::vec(field(21), 0..5), fee in field(6), content in bytes(255), tlvs in tlvs()) {
        let layout = if v13 { SmgpLayout::V13 } else { SmgpLayout::V30 };
        let s = smgp::Submit {
            msg_type: 6,
            need_report: 1,
            fixed_fee: if v13 { Cow::Borrowed(b"") } else { fee },
            msg_format: 8,
            dest_term_ids: ids,
            content,
            tlvs,
            ..smgp::Submit::default()
        };
        let pdu = SmgpPdu { layout, request_id: smgp::request::SUBMIT, sequence_id: 9, body: SmgpBody::Submit(s) };
        let bytes = pdu.to_bytes();
        rcs_testkit::assert_encoding!(pdu, bytes);
        prop_assert_eq!(SmgpPdu::parse(&bytes, layout).unwrap(), pdu);
    }
}

/// One plan, every Chinese gateway: the parts read back to the text in each.
#[test]
fn one_plan_three_gateways() {
    use rcs_fallback::{SequentialReferences, SmsOptions, SmsPlan};
    let text = "【5G消息】您的快递已发出，预计周二送达。点击链接查看物流详情：https://t.cn/A6x。回复TD退订。".repeat(2);
    let plan = SmsPlan::new(&text, &SmsOptions::default()).unwrap();
    assert!(plan.segments() > 1);
    let refs = || SequentialReferences::starting_at(9);
    let c = cmpp::Submit::for_plan(&plan, &cmpp::Submit::default(), &mut refs()).unwrap();
    let s = sgip::Submit::for_plan(&plan, &sgip::Submit::default(), &mut refs()).unwrap();
    let m = smgp::Submit::for_plan(&plan, &smgp::Submit::default(), &mut refs()).unwrap();
    assert_eq!(
        c.iter().map(|x| x.text().unwrap()).collect::<String>(),
        text
    );
    assert_eq!(
        s.iter().map(|x| x.text().unwrap()).collect::<String>(),
        text
    );
    assert_eq!(
        m.iter().map(|x| x.text().unwrap()).collect::<String>(),
        text
    );
    for (i, sub) in m.iter().enumerate() {
        let pdu = SmgpPdu {
            layout: SmgpLayout::V30,
            request_id: smgp::request::SUBMIT,
            sequence_id: i as u32,
            body: SmgpBody::Submit(sub.clone()),
        };
        let bytes = pdu.to_bytes();
        rcs_testkit::assert_encoding!(pdu, bytes);
        assert_eq!(SmgpPdu::parse(&bytes, SmgpLayout::V30).unwrap(), pdu);
    }
}
