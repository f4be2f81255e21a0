//! Server transactions on virtual time: every state, every timer, matching (RFC 3261 §17.2,
//! §9.2, §8.2.2.2, RFC 6026, RFC 3581).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use rcs_sip::{Message, MessageBuilder};
use rcs_sip_engine::{
    Config, EndReason, EngineError, Event, Kind, Limits, Peer, State, TransactionId, Transport,
};

/// The server transaction and request of the one new request among `events`.
fn new_request(events: &[Event]) -> (TransactionId, Message<'static>) {
    let found: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Request { id, request, .. } => Some((*id, request.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{events:?}");
    found.into_iter().next().unwrap()
}

fn answer(rig: &mut Rig, id: TransactionId, request: &Message<'_>, code: u16) {
    let r = MessageBuilder::response_to(request, code, "X", Some("s1"))
        .build()
        .unwrap();
    rig.layer.respond(rig.now, id, r).unwrap();
    rig.drain();
}

const BRANCH: &str = "z9hG4bKserver1";

#[test]
fn invite_gets_100_trying_after_200_ms_unless_the_tu_answers() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    let (id, _) = new_request(&rig.take_events());
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteServer, State::Proceeding))
    );
    rig.run_until(ms(199));
    assert!(rig.sent_times("SIP/2.0 100").is_empty());
    rig.run_until(ms(200));
    assert_eq!(rig.sent_times("SIP/2.0 100"), [200]);
    let trying = rig.last_sent();
    assert_eq!(
        trying.to_header().unwrap().unwrap().tag(),
        None,
        "no tag on 100"
    );

    let mut rig = Rig::new();
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    let (id, req) = new_request(&rig.take_events());
    rig.run_until(ms(150));
    answer(&mut rig, id, &req, 180);
    rig.run_until(ms(1000));
    assert!(rig.sent_times("SIP/2.0 100").is_empty());
    assert_eq!(rig.sent_times("SIP/2.0 180"), [150]);
    // A retransmitted INVITE gets the latest provisional response and is not delivered.
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    assert_eq!(rig.sent_times("SIP/2.0 180"), [150, 1000]);
    assert!(rig.take_events().is_empty());
}

#[test]
fn invite_non_2xx_retransmits_on_g_until_ack_then_confirmed_for_i() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    let (id, req) = new_request(&rig.take_events());
    answer(&mut rig, id, &req, 486);
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteServer, State::Completed))
    );
    rig.run_until(ms(12_000));
    // G: T1 doubling, capped at T2.
    assert_eq!(
        rig.sent_times("SIP/2.0 486"),
        [0, 500, 1500, 3500, 7500, 11500]
    );
    // A retransmitted INVITE gets the 486 again.
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    assert_eq!(rig.sent_times("SIP/2.0 486").len(), 7);
    // The ACK (same branch) confirms; it is not passed up.
    rig.receive(p, &request("ACK", BRANCH, Some("s1"), 1));
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteServer, State::Confirmed))
    );
    rig.receive(p, &request("ACK", BRANCH, Some("s1"), 1));
    assert!(rig.take_events().is_empty(), "ACKs absorbed");
    rig.run_until(ms(12_000 + 4_999));
    assert_eq!(rig.sent_times("SIP/2.0 486").len(), 7, "G stopped");
    assert!(rig.layer.state(id).is_some());
    rig.run_until(ms(12_000 + 5_000)); // Timer I = T4
    assert_eq!(ended(&rig.take_events()), [EndReason::Completed]);
    assert!(rig.layer.is_empty());
}

#[test]
fn invite_non_2xx_without_ack_ends_on_h() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    let (id, req) = new_request(&rig.take_events());
    answer(&mut rig, id, &req, 404);
    rig.run_until(ms(40_000));
    assert_eq!(
        rig.sent_times("SIP/2.0 404"),
        [
            0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500
        ]
    );
    assert_eq!(ended(&rig.take_events()), [EndReason::Timeout]);
}

#[test]
fn invite_2xx_is_retransmitted_until_the_ack_and_accepted_until_l() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    let (id, req) = new_request(&rig.take_events());
    answer(&mut rig, id, &req, 200);
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteServer, State::Accepted))
    );
    rig.run_until(ms(2_000));
    assert_eq!(rig.sent_times("SIP/2.0 200"), [0, 500, 1500]);
    // A retransmitted INVITE is absorbed in Accepted.
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    assert_eq!(rig.sent_times("SIP/2.0 200").len(), 3);
    // The ACK of a 2xx has its own branch: found by the dialog's identifiers, given to the TU.
    rig.receive(p, &request("ACK", "z9hG4bKack1", Some("s1"), 1));
    let events = rig.take_events();
    assert!(
        matches!(&events[..], [Event::Ack { id: Some(a), .. }] if *a == id),
        "{events:?}"
    );
    rig.run_until(ms(20_000));
    assert_eq!(
        rig.sent_times("SIP/2.0 200").len(),
        3,
        "no 2xx after the ACK"
    );
    rig.run_until(ms(32_000)); // Timer L
    assert_eq!(ended(&rig.take_events()), [EndReason::Completed]);
    // An ACK after that still reaches the TU (the dialog may need it), with no transaction.
    rig.receive(p, &request("ACK", "z9hG4bKack1", Some("s1"), 1));
    assert!(matches!(
        rig.take_events()[..],
        [Event::Ack { id: None, .. }]
    ));
}

#[test]
fn invite_2xx_without_ack_is_reported_for_bye() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    let (id, req) = new_request(&rig.take_events());
    answer(&mut rig, id, &req, 200);
    rig.run_until(ms(40_000));
    assert_eq!(
        rig.sent_times("SIP/2.0 200"),
        [
            0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500
        ]
    );
    assert_eq!(ended(&rig.take_events()), [EndReason::NoAck]);
}

#[test]
fn over_tcp_nothing_is_retransmitted_and_finished_transactions_end_at_once() {
    let mut rig = Rig::new();
    let p = peer(Transport::Tcp);
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    let (id, req) = new_request(&rig.take_events());
    answer(&mut rig, id, &req, 486);
    rig.run_until(ms(10_000));
    assert_eq!(rig.sent_times("SIP/2.0 486"), [0]);
    rig.receive(p, &request("ACK", BRANCH, Some("s1"), 1));
    assert_eq!(
        ended(&rig.take_events()),
        [EndReason::Completed],
        "Timer I is zero"
    );
    rig.receive(p, &request("MESSAGE", "z9hG4bKm1", None, 2));
    let (id, req) = new_request(&rig.take_events());
    answer(&mut rig, id, &req, 200);
    assert_eq!(
        ended(&rig.take_events()),
        [EndReason::Completed],
        "Timer J is zero"
    );
    assert!(rig.layer.is_empty());
}

#[test]
fn non_invite_server_absorbs_in_trying_and_repeats_its_last_response() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    let msg = request("MESSAGE", "z9hG4bKm1", None, 1);
    rig.receive(p, &msg);
    let (id, req) = new_request(&rig.take_events());
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::NonInviteServer, State::Trying))
    );
    rig.receive(p, &msg);
    assert!(
        rig.sent.is_empty() && rig.events.is_empty(),
        "Trying absorbs"
    );
    answer(&mut rig, id, &req, 100);
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::NonInviteServer, State::Proceeding))
    );
    rig.receive(p, &msg);
    assert_eq!(rig.sent_times("SIP/2.0 100").len(), 2);
    rig.run_until(ms(300));
    answer(&mut rig, id, &req, 202);
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::NonInviteServer, State::Completed))
    );
    rig.receive(p, &msg);
    assert_eq!(rig.sent_times("SIP/2.0 202"), [300, 300]);
    assert!(matches!(
        rig.layer.respond(rig.now, id, rig.last_sent()),
        Err(EngineError::WrongState(_))
    ));
    rig.run_until(ms(300 + 31_999));
    assert!(rig.layer.state(id).is_some());
    rig.run_until(ms(300 + 32_000)); // Timer J
    assert_eq!(ended(&rig.take_events()), [EndReason::Completed]);
    // Nothing was ever delivered twice.
    assert!(rig.take_events().is_empty());
}

#[test]
fn cancel_is_answered_and_its_invite_gets_487() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    let (invite, req) = new_request(&rig.take_events());
    answer(&mut rig, invite, &req, 180);
    rig.receive(p, &request("CANCEL", BRANCH, None, 1));
    let events = rig.take_events();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Cancelled { id } if *id == invite))
    );
    assert!(!events.iter().any(|e| matches!(e, Event::Request { .. })));
    let sent: Vec<_> = rig
        .take_sent()
        .into_iter()
        .map(|t| Message::parse_bytes(t.bytes, &Default::default()).unwrap())
        .filter(|m| m.status() != Some(180))
        .collect();
    let got: Vec<_> = sent
        .iter()
        .map(|m| {
            (
                m.status().unwrap(),
                m.cseq().unwrap().unwrap().method().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(200, "CANCEL".to_owned()), (487, "INVITE".to_owned())]
    );
    // The 487 keeps the To tag of the 180 the TU sent.
    assert_eq!(sent[1].to_header().unwrap().unwrap().tag(), Some("s1"));
    assert_eq!(
        rig.layer.state(invite),
        Some((Kind::InviteServer, State::Completed))
    );
    // A retransmitted CANCEL gets its 200 again from its own transaction.
    rig.receive(p, &request("CANCEL", BRANCH, None, 1));
    assert_eq!(rig.sent_times("SIP/2.0 200").len(), 1);
    // The TU can no longer answer the INVITE.
    let late = MessageBuilder::response_to(&req, 200, "OK", Some("s1"))
        .build()
        .unwrap();
    assert!(matches!(
        rig.layer.respond(rig.now, invite, late),
        Err(EngineError::WrongState(_))
    ));
    // A CANCEL that matches nothing: 481.
    rig.receive(p, &request("CANCEL", "z9hG4bKnothing", None, 9));
    assert_eq!(rig.sent_times("SIP/2.0 481").len(), 1);
    assert!(matches!(
        rig.take_events()[..],
        [Event::Answered { status: 481, .. }]
    ));
    // Everything ends.
    rig.run_until(ms(60_000));
    assert!(rig.layer.is_empty());
}

#[test]
fn cancel_after_the_final_response_only_gets_its_200() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("INVITE", BRANCH, None, 1));
    let (invite, req) = new_request(&rig.take_events());
    answer(&mut rig, invite, &req, 200);
    rig.receive(p, &request("CANCEL", BRANCH, None, 1));
    assert!(rig.sent_times("SIP/2.0 487").is_empty());
    assert!(
        !rig.take_events()
            .iter()
            .any(|e| matches!(e, Event::Cancelled { .. }))
    );
    assert_eq!(
        rig.layer.state(invite),
        Some((Kind::InviteServer, State::Accepted))
    );
}

#[test]
fn a_merged_request_is_answered_482() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("MESSAGE", "z9hG4bKpath1", None, 7));
    new_request(&rig.take_events());
    // Same From tag, Call-ID and CSeq, no To tag, another branch: it came by another path.
    rig.receive(p, &request("MESSAGE", "z9hG4bKpath2", None, 7));
    assert!(matches!(
        rig.take_events()[..],
        [Event::Answered { status: 482, .. }]
    ));
    assert_eq!(rig.sent_times("SIP/2.0 482").len(), 1);
    // With a To tag it is an in-dialog request, not merged.
    rig.receive(p, &request("MESSAGE", "z9hG4bKpath3", Some("t"), 7));
    new_request(&rig.take_events());
}

#[test]
fn rfc_2543_requests_match_without_the_cookie() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("INVITE", "old1", None, 1));
    let (id, req) = new_request(&rig.take_events());
    // A retransmission matches on Request-URI, tags, Call-ID, CSeq and top Via.
    rig.receive(p, &request("INVITE", "old1", None, 1));
    assert!(rig.take_events().is_empty());
    answer(&mut rig, id, &req, 486);
    // The ACK matches when its To tag is the response's.
    rig.receive(p, &request("ACK", "old1", Some("other"), 1));
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteServer, State::Completed))
    );
    rig.receive(p, &request("ACK", "old1", Some("s1"), 1));
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteServer, State::Confirmed))
    );
    // Another CSeq is another transaction.
    rig.receive(p, &request("OPTIONS", "old1", None, 2));
    new_request(&rig.take_events());
}

#[test]
fn received_and_rport_are_stamped_and_used_for_the_reply() {
    let mut rig = Rig::new();
    let source = Peer::new(Transport::Udp, "203.0.113.7:40123".parse().unwrap());
    let msg = b"OPTIONS sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP client.example.com:5070;rport;branch=z9hG4bKnat1\r\n\
From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\n\
Call-ID: nat@x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    rig.receive(source, msg);
    let (id, req) = new_request(&rig.take_events());
    let via = req.vias().next().unwrap().unwrap();
    assert_eq!(via.received(), Some("203.0.113.7"));
    assert_eq!(via.rport(), Some(Some(40123)));
    assert_eq!(via.branch(), Some("z9hG4bKnat1"));
    answer(&mut rig, id, &req, 200);
    let sent = rig.take_sent();
    assert_eq!(sent[0].peer, source, "rport: back to the source port");
    let resp = Message::parse_bytes(sent[0].bytes.clone(), &Default::default()).unwrap();
    assert_eq!(
        resp.vias().next().unwrap().unwrap().rport(),
        Some(Some(40123))
    );
    // Without rport, UDP responses go to the source IP at the sent-by port.
    let msg = b"OPTIONS sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP client.example.com:5070;branch=z9hG4bKnat2\r\n\
From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\n\
Call-ID: nat@y\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    rig.receive(source, msg);
    let (id, req) = new_request(&rig.take_events());
    assert_eq!(
        req.vias().next().unwrap().unwrap().received(),
        Some("203.0.113.7")
    );
    answer(&mut rig, id, &req, 200);
    let sent = rig.take_sent();
    assert_eq!(sent[0].peer.addr, "203.0.113.7:5070".parse().unwrap());
    // A sent-by that is the source IP gets nothing added.
    rig.receive(
        peer(Transport::Udp),
        &request("OPTIONS", "z9hG4bKplain", None, 3),
    );
    let (_, req) = new_request(&rig.take_events());
    assert_eq!(req.vias().next().unwrap().unwrap().received(), None);
}

#[test]
fn the_tu_that_never_answers_does_not_leak() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, &request("MESSAGE", "z9hG4bKm1", None, 1));
    rig.receive(p, &request("INVITE", BRANCH, None, 2));
    rig.take_events();
    rig.run_until(ms(32_000));
    assert_eq!(ended(&rig.take_events()), [EndReason::Unanswered]);
    let t = rig.layer.config().timers;
    rig.run_until(t.invite_answer);
    assert_eq!(
        rig.sent_times("SIP/2.0 408").len(),
        1,
        "the engine answers 408"
    );
    rig.run_until(t.invite_answer + ms(40_000));
    assert_eq!(ended(&rig.take_events()), [EndReason::Unanswered]);
    assert!(rig.layer.is_empty());
}

#[test]
fn a_full_table_answers_503_and_refuses_sends() {
    let mut config = Config::new(3);
    config.limits = Limits {
        max_transactions: 2,
        ..Limits::DEFAULT
    };
    let mut rig = Rig::with(config);
    let p = peer(Transport::Udp);
    rig.receive(p, &request("MESSAGE", "z9hG4bKa", None, 1));
    rig.receive(p, &request("MESSAGE", "z9hG4bKb", None, 2));
    rig.receive(p, &request("MESSAGE", "z9hG4bKc", None, 3));
    assert_eq!(rig.sent_times("SIP/2.0 503").len(), 1);
    assert!(
        rig.last_sent()
            .headers_of(rcs_sip::KnownHeader::RetryAfter)
            .next()
            .is_some()
    );
    let req = outgoing(&mut rig.layer, "OPTIONS", Transport::Udp);
    assert!(matches!(
        rig.layer.send_request(rig.now, req, p),
        Err(EngineError::TableFull)
    ));
    assert_eq!(rig.layer.len(), 2);
}

#[test]
fn what_cannot_be_used_is_dropped_or_answered_400() {
    let mut rig = Rig::new();
    let p = peer(Transport::Udp);
    rig.receive(p, b"not sip at all");
    assert!(matches!(
        rig.take_events()[..],
        [Event::Dropped { error: Some(_), .. }]
    ));
    // No Call-ID: 400 (the Via says where to).
    rig.receive(
        p,
        b"MESSAGE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\n\
From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCSeq: 1 MESSAGE\r\n\
Content-Length: 0\r\n\r\n",
    );
    assert!(matches!(
        rig.take_events()[..],
        [Event::Answered { status: 400, .. }]
    ));
    // CSeq method that is not the method: 400.
    rig.receive(
        p,
        b"MESSAGE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKy\r\n\
From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: c\r\n\
CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(matches!(
        rig.take_events()[..],
        [Event::Answered { status: 400, .. }]
    ));
    // A response nobody asked for.
    rig.receive(
        p,
        b"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKnone\r\n\
From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: c\r\n\
CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(matches!(
        rig.take_events()[..],
        [Event::Dropped { error: None, .. }]
    ));
    assert!(rig.layer.is_empty());
}
