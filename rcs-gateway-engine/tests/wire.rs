//! What the peer may send that a session must answer precisely: SMPP's operation matrix,
//! generic_nack, malformed and unframeable PDUs, responses to nothing, receipt texts and ids
//! in other forms, and every split of the byte stream.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::borrow::Cow;
use std::time::Instant;

use common::{Pair, plan};
use rcs_gateway_engine::rcs_fallback::gateway::cmpp::{self, CmppPdu, CmppVersion};
use rcs_gateway_engine::rcs_fallback::gateway::smpp::{
    self, SmppAddress, SmppBody, SmppPdu, Tlv, command, tag,
};
use rcs_gateway_engine::{
    CloseReason, Config, DeliveryState, Event, Output, Protocol, ReceiptSpec, Server, SessionState,
    SmscMessageId, SubmitAnswer,
};

fn drain(s: &mut Server) -> (Vec<u8>, Vec<Event>) {
    let mut bytes = Vec::new();
    let mut events = Vec::new();
    while let Some(o) = s.poll_output() {
        match o {
            Output::Transmit(b) => bytes.extend_from_slice(&b),
            Output::Event(e) => events.push(e),
        }
    }
    (bytes, events)
}

fn smpp(command_id: u32, seq: u32, body: SmppBody<'static>) -> Vec<u8> {
    SmppPdu {
        command_id,
        command_status: 0,
        sequence_number: seq,
        body,
    }
    .to_bytes()
    .to_vec()
}

fn submit_body() -> SmppBody<'static> {
    SmppBody::ShortMessage(smpp::ShortMessage {
        source: SmppAddress::new(1, 1, "1"),
        destination: SmppAddress::new(1, 1, "2"),
        short_message: Cow::Borrowed(b"hi"),
        ..smpp::ShortMessage::default()
    })
}

fn bind_body(password: &str) -> SmppBody<'static> {
    SmppBody::Bind(smpp::Bind {
        system_id: Cow::Borrowed(b"esme"),
        password: rcs_gateway_engine::rcs_fallback::gateway::Redacted(Cow::Owned(
            password.as_bytes().to_vec(),
        )),
        interface_version: 0x34,
        ..smpp::Bind::default()
    })
}

/// Every PDU in `bytes`, parsed.
fn pdus(bytes: &[u8]) -> Vec<SmppPdu<'static>> {
    let mut at = 0;
    let mut out = Vec::new();
    while at < bytes.len() {
        let n = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        out.push(SmppPdu::parse(&bytes[at..at + n]).unwrap().into_owned());
        at += n;
    }
    out
}

fn smsc() -> (Server, Instant) {
    let t0 = Instant::now();
    let mut s = Server::new(Config::server(Protocol::Smpp, "smsc"));
    s.start(t0, 0).unwrap();
    (s, t0)
}

fn bound_smsc(mode_command: u32) -> (Server, Instant) {
    let (mut s, t0) = smsc();
    s.handle_input(t0, &smpp(mode_command, 1, bind_body("pw")));
    drain(&mut s);
    assert!(s.accept_login(t0, b"pw").unwrap());
    drain(&mut s);
    (s, t0)
}

#[test]
fn smpp_requests_before_bind_get_rinvbndsts() {
    let (mut s, t0) = smsc();
    s.handle_input(t0, &smpp(command::SUBMIT_SM, 7, submit_body()));
    let (bytes, events) = drain(&mut s);
    let r = &pdus(&bytes)[0];
    assert_eq!(
        (r.command_id, r.command_status, r.sequence_number),
        (command::SUBMIT_SM | command::RESPONSE, 0x04, 7)
    );
    assert!(matches!(events[..], [Event::Ignored { .. }]));
    // enquire_link is allowed in the open state.
    s.handle_input(t0, &smpp(command::ENQUIRE_LINK, 8, SmppBody::Empty));
    let r = &pdus(&drain(&mut s).0)[0];
    assert_eq!((r.command_id, r.command_status), (0x8000_0015, 0));
    assert_eq!(s.state(), SessionState::AwaitingLogin);
}

#[test]
fn smpp_operation_matrix_per_bind_type() {
    // A receiver may not submit.
    let (mut s, t0) = bound_smsc(command::BIND_RECEIVER);
    s.handle_input(t0, &smpp(command::SUBMIT_SM, 2, submit_body()));
    let r = &pdus(&drain(&mut s).0)[0];
    assert_eq!(r.command_status, 0x04);
    // A transmitter may.
    let (mut s, t0) = bound_smsc(command::BIND_TRANSMITTER);
    s.handle_input(t0, &smpp(command::SUBMIT_SM, 2, submit_body()));
    let (_, events) = drain(&mut s);
    assert!(matches!(events[..], [Event::Submitted { .. }]));
    // A second bind is ESME_RALYBND.
    s.handle_input(t0, &smpp(command::BIND_TRANSCEIVER, 3, bind_body("pw")));
    let r = &pdus(&drain(&mut s).0)[0];
    assert_eq!(
        (r.command_id, r.command_status, r.sequence_number),
        (command::BIND_TRANSCEIVER | command::RESPONSE, 0x05, 3)
    );
    // An ESME may not send deliver_sm.
    s.handle_input(t0, &smpp(command::DELIVER_SM, 4, submit_body()));
    let r = &pdus(&drain(&mut s).0)[0];
    assert_eq!(
        (r.command_id, r.command_status),
        (command::DELIVER_SM | command::RESPONSE, 0x04)
    );
}

#[test]
fn a_wrong_password_gets_rinvpaswd_and_the_link_closes() {
    let (mut s, t0) = smsc();
    s.handle_input(t0, &smpp(command::BIND_TRANSCEIVER, 1, bind_body("nope")));
    let (_, events) = drain(&mut s);
    assert!(
        matches!(&events[..], [Event::LoginRequest { system_id, version: 0x34, .. }] if system_id == "esme")
    );
    assert!(!s.accept_login(t0, b"pw").unwrap());
    let (bytes, events) = drain(&mut s);
    let r = &pdus(&bytes)[0];
    assert_eq!((r.command_status, r.body.clone()), (0x0E, SmppBody::Empty));
    assert_eq!(events, [Event::Closed(CloseReason::LoginRejected(0x0E))]);
    // Input after the close is ignored.
    s.handle_input(t0, &smpp(command::ENQUIRE_LINK, 2, SmppBody::Empty));
    assert_eq!(drain(&mut s), (Vec::new(), Vec::new()));
}

#[test]
fn unknown_and_uncarried_commands_get_generic_nack() {
    let (mut s, t0) = bound_smsc(command::BIND_TRANSCEIVER);
    for (id, body) in [
        (0x0000_0110, SmppBody::Other(Cow::Borrowed(b"xyz"))),
        (
            command::QUERY_SM,
            SmppBody::Other(Cow::Borrowed(b"1\0\0\0\0")),
        ),
    ] {
        s.handle_input(t0, &smpp(id, 9, body));
        let (bytes, events) = drain(&mut s);
        let r = &pdus(&bytes)[0];
        assert_eq!(
            (r.command_id, r.command_status, r.sequence_number),
            (command::GENERIC_NACK, 0x03, 9)
        );
        assert!(matches!(events[..], [Event::Ignored { command_id, .. }] if command_id == id));
    }
    // alert_notification has no response at all.
    s.handle_input(
        t0,
        &smpp(
            command::ALERT_NOTIFICATION,
            10,
            SmppBody::Other(Cow::Borrowed(b"\0\0\0\0\0\0")),
        ),
    );
    assert!(drain(&mut s).0.is_empty());
}

#[test]
fn malformed_bodies_are_nacked_and_the_session_goes_on() {
    let (mut s, t0) = bound_smsc(command::BIND_TRANSCEIVER);
    // submit_sm cut short after the service type.
    let mut b = smpp(
        command::SUBMIT_SM,
        11,
        SmppBody::Other(Cow::Borrowed(b"CMT\0")),
    );
    b[4..8].copy_from_slice(&command::SUBMIT_SM.to_be_bytes());
    s.handle_input(t0, &b);
    let (bytes, events) = drain(&mut s);
    let r = &pdus(&bytes)[0];
    assert_eq!(
        (r.command_id, r.sequence_number),
        (command::GENERIC_NACK, 11)
    );
    assert!(matches!(
        events[..],
        [Event::Malformed {
            command_id: Some(4),
            ..
        }]
    ));
    // enquire_link with a body: the command_length is wrong.
    let mut b = smpp(command::ENQUIRE_LINK, 12, SmppBody::Empty);
    b.push(0);
    b[..4].copy_from_slice(&17u32.to_be_bytes());
    s.handle_input(t0, &b);
    let r = &pdus(&drain(&mut s).0)[0];
    assert_eq!(
        (r.command_id, r.command_status),
        (command::GENERIC_NACK, 0x02)
    );
    // A malformed response is reported and never answered.
    let mut b = smpp(0x8000_0015, 13, SmppBody::Empty);
    b.extend_from_slice(b"zz");
    b[..4].copy_from_slice(&18u32.to_be_bytes());
    s.handle_input(t0, &b);
    let (bytes, events) = drain(&mut s);
    assert!(bytes.is_empty());
    assert!(matches!(events[..], [Event::Malformed { .. }]));
    assert!(matches!(s.state(), SessionState::Bound(_)));
}

#[test]
fn an_unframeable_stream_is_nacked_and_closed() {
    for bad in [8u32, 0x7FFF_FFFF] {
        let (mut s, t0) = bound_smsc(command::BIND_TRANSCEIVER);
        let mut b = bad.to_be_bytes().to_vec();
        b.extend_from_slice(&[0; 12]);
        s.handle_input(t0, &b);
        let (bytes, events) = drain(&mut s);
        let r = &pdus(&bytes)[0];
        assert_eq!(
            (r.command_id, r.command_status),
            (command::GENERIC_NACK, 0x02)
        );
        assert!(matches!(
            events.last(),
            Some(Event::Closed(CloseReason::ProtocolError(_)))
        ));
        assert_eq!(s.footprint().buffered_bytes, 0);
    }
}

#[test]
fn cmpp_requests_before_connect_close_the_link() {
    let t0 = Instant::now();
    let mut s = Server::new(Config::server(Protocol::Cmpp(CmppVersion::V30), "ismg"));
    s.start(t0, 0).unwrap();
    let b = CmppPdu {
        version: CmppVersion::V30,
        command_id: cmpp::command::SUBMIT,
        sequence_id: 5,
        body: cmpp::CmppBody::Submit(cmpp::Submit::default()),
    }
    .to_bytes();
    s.handle_input(t0, &b);
    let (bytes, events) = drain(&mut s);
    let r = CmppPdu::parse(&bytes, CmppVersion::V30).unwrap();
    assert_eq!(r.command_id, cmpp::command::SUBMIT | 0x8000_0000);
    assert!(matches!(r.body, cmpp::CmppBody::Resp { result: 9, .. }));
    assert!(matches!(
        events[..],
        [Event::Closed(CloseReason::ProtocolError(_))]
    ));
}

#[test]
fn smpp_receipts_by_text_and_by_ids_in_the_other_base() {
    let mut p = Pair::new(Protocol::Smpp);
    p.answer = Some(Box::new(|_| {
        SubmitAnswer::AcceptWithId(SmscMessageId::Text("1F".into()))
    }));
    let m = p.client.submit(p.now, "1", &plan("hex")).unwrap();
    p.run();
    p.take_client_events();
    // The receipt names the decimal form of 0x1F.
    p.server
        .send_receipt(
            p.now,
            &ReceiptSpec {
                id: SmscMessageId::Text("31".into()),
                recipient: "1".into(),
                originator: "2".into(),
                state: DeliveryState::Delivered,
                error: 0,
                submitted_at: Some(common::UNIX),
            },
        )
        .unwrap();
    p.run();
    let ev = p.take_client_events();
    assert!(
        matches!(&ev[..], [Event::Receipt(r)] if r.message == Some(m) && r.message_state == Some(DeliveryState::Delivered)),
        "{ev:?}"
    );
    // A receipt that only has the text (no TLVs).
    let mut p = Pair::new(Protocol::Smpp);
    let m = p.client.submit(p.now, "1", &plan("text")).unwrap();
    p.run();
    p.take_client_events();
    let id = p.server_ids[0].to_string();
    let text = format!(
        "id:{id} sub:001 dlvrd:000 submit date:2412051200 done date:2412051201 stat:UNDELIV err:011 text:hello"
    );
    let deliver = SmppPdu {
        command_id: command::DELIVER_SM,
        command_status: 0,
        sequence_number: 77,
        body: SmppBody::ShortMessage(smpp::ShortMessage {
            source: SmppAddress::new(1, 1, "1"),
            esm_class: 0x04,
            short_message: Cow::Owned(text.into_bytes()),
            ..smpp::ShortMessage::default()
        }),
    };
    p.client.handle_input(p.now, &deliver.to_bytes());
    p.cut_client_to_server = true;
    p.run();
    let ev = p.take_client_events();
    let [Event::Receipt(r)] = &ev[..] else {
        panic!("{ev:?}")
    };
    assert_eq!(r.message, Some(m));
    assert_eq!(r.state, DeliveryState::Undeliverable);
    assert_eq!(r.error.as_deref(), Some("011"));
    // The deliver_sm_resp went back with the same sequence and an empty message_id.
    let resp = SmppPdu::parse(p.c2s.last().unwrap()).unwrap();
    assert_eq!(
        (resp.command_id, resp.sequence_number, resp.body),
        (
            command::DELIVER_SM | command::RESPONSE,
            77,
            SmppBody::MessageIdResp {
                message_id: Some(Cow::Borrowed(b"")),
                tlvs: vec![]
            }
        )
    );
    // message_state TLV wins over the text.
    let deliver = SmppPdu {
        command_id: command::DELIVER_SM,
        command_status: 0,
        sequence_number: 78,
        body: SmppBody::ShortMessage(smpp::ShortMessage {
            esm_class: 0x04,
            short_message: Cow::Borrowed(b"id:zz stat:DELIVRD"),
            tlvs: vec![Tlv::new(tag::MESSAGE_STATE, [3])],
            ..smpp::ShortMessage::default()
        }),
    };
    p.client.handle_input(p.now, &deliver.to_bytes());
    p.run();
    let ev = p.take_client_events();
    assert!(
        matches!(&ev[..], [Event::Receipt(r)] if r.state == DeliveryState::Expired && r.message.is_none())
    );
}

#[test]
fn every_split_of_the_stream_gives_the_same_session() {
    for protocol in common::all_protocols() {
        let run = |bytewise: bool| {
            let mut p = Pair::delivering(protocol);
            p.bytewise = bytewise;
            p.server
                .deliver(p.now, "13800138000", "1069", &plan(&"分段".repeat(80)))
                .unwrap();
            p.run();
            let mut q = Pair::new(protocol);
            q.bytewise = bytewise;
            q.client
                .submit(q.now, "1", &plan(&"z".repeat(500)))
                .unwrap();
            q.run();
            (p.client_events, q.client_events, q.server_ids)
        };
        assert_eq!(run(true), run(false), "{protocol:?}");
    }
}

#[test]
fn a_response_to_nothing_is_ignored() {
    let mut p = Pair::new(Protocol::Smpp);
    p.take_client_events();
    let stray = SmppPdu {
        command_id: command::SUBMIT_SM | command::RESPONSE,
        command_status: 0,
        sequence_number: 999,
        body: SmppBody::MessageIdResp {
            message_id: Some(Cow::Borrowed(b"x")),
            tlvs: vec![],
        },
    };
    p.client.handle_input(p.now, &stray.to_bytes());
    p.run();
    assert!(matches!(
        p.take_client_events()[..],
        [Event::Ignored {
            command_id: 0x8000_0004,
            ..
        }]
    ));
}

/// SMPP outbind: the SMSC opened the connection and asks the ESME to bind; the ESME binds as
/// configured (a receiver here), and delivers flow.
#[test]
fn outbind_then_bind_receiver() {
    let (mut c, s) = Pair::configs(Protocol::Smpp);
    c.login = rcs_gateway_engine::Login::AwaitOutbind {
        system_id: "900001".into(),
        password: b"s3cret".to_vec(),
        system_type: String::new(),
    };
    c.mode = rcs_gateway_engine::BindMode::Receiver;
    let mut p = Pair::with(c, s);
    assert_eq!(p.client.state(), SessionState::AwaitingLogin);
    assert_eq!(p.server.state(), SessionState::AwaitingLogin);
    p.server.outbind(p.now, "smsc", b"smscpw").unwrap();
    p.run();
    assert_eq!(
        p.client.state(),
        SessionState::Bound(rcs_gateway_engine::BindMode::Receiver)
    );
    // The first PDU on the wire was the outbind, the second the bind_receiver.
    let outbind = SmppPdu::parse(&p.s2c[0]).unwrap();
    assert_eq!(outbind.command_id, command::OUTBIND);
    let bind = SmppPdu::parse(&p.c2s[0]).unwrap();
    assert_eq!(bind.command_id, command::BIND_RECEIVER);
    p.server
        .deliver(p.now, "13800138000", "1069", &plan("mo after outbind"))
        .unwrap();
    p.run();
    assert!(
        p.client_events.iter().any(
            |e| matches!(e, Event::Inbound(m) if m.text.as_deref() == Some("mo after outbind"))
        )
    );
    // An outbind nobody waits for is ignored; outbind is SMPP's alone, and only before a bind.
    let mut q = Pair::new(Protocol::Smpp);
    q.take_client_events();
    assert!(q.server.outbind(q.now, "smsc", b"x").is_err());
    let stray = SmppPdu {
        command_id: command::OUTBIND,
        command_status: 0,
        sequence_number: 5,
        body: SmppBody::Other(Cow::Borrowed(b"smsc\0x\0")),
    };
    q.client.handle_input(q.now, &stray.to_bytes());
    q.run();
    assert!(matches!(
        q.take_client_events()[..],
        [Event::Ignored {
            command_id: command::OUTBIND,
            ..
        }]
    ));
    let t0 = Instant::now();
    let mut cmpp = Server::new(Config::server(Protocol::Cmpp(CmppVersion::V30), "ismg"));
    cmpp.start(t0, 0).unwrap();
    assert!(cmpp.outbind(t0, "ismg", b"x").is_err());
}
