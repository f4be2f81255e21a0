//! Client transactions on virtual time: every state, every timer (RFC 3261 §17.1, RFC 6026).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use rcs_sip::Message;
use rcs_sip_engine::{EndReason, EngineError, Event, Kind, State, Transport};

fn responses(events: &[Event]) -> Vec<u16> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Response { response, .. } => response.status(),
            _ => None,
        })
        .collect()
}

#[test]
fn non_invite_over_udp_retransmits_on_timer_e_and_times_out_on_f() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "MESSAGE", Transport::Udp);
    let id = rig.send(req, peer(Transport::Udp));
    rig.drain();
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::NonInviteClient, State::Trying))
    );
    rig.run_until(ms(40_000));
    // T1 doubling to T2: 0, 0.5, 1.5, 3.5, 7.5, then every 4 s until Timer F at 32 s.
    assert_eq!(
        rig.sent_times("MESSAGE"),
        [
            0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500
        ]
    );
    assert_eq!(ended(&rig.take_events()), [EndReason::Timeout]);
    assert!(rig.layer.is_empty());
    assert_eq!(rig.layer.poll_timeout(), None);
}

#[test]
fn non_invite_proceeding_retransmits_every_t2_then_completes_on_k() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "MESSAGE", Transport::Udp);
    let id = rig.send(req.clone(), peer(Transport::Udp));
    rig.drain();
    rig.run_until(ms(600)); // one retransmission at 500
    rig.receive(peer(Transport::Udp), &response_to(&req, 100, None));
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::NonInviteClient, State::Proceeding))
    );
    rig.run_until(ms(10_000));
    // Next E was due at 1500 (set before the 1xx); from then on T2 apart.
    assert_eq!(rig.sent_times("MESSAGE"), [0, 500, 1500, 5500, 9500]);
    rig.receive(peer(Transport::Udp), &response_to(&req, 200, Some("b1")));
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::NonInviteClient, State::Completed))
    );
    // A retransmitted final is absorbed.
    rig.receive(peer(Transport::Udp), &response_to(&req, 200, Some("b1")));
    let events = rig.take_events();
    assert_eq!(responses(&events), [100, 200]);
    // Timer K: T4 after the final; no more retransmissions.
    rig.run_until(ms(14_999));
    assert!(rig.layer.state(id).is_some());
    rig.run_until(ms(15_000));
    assert_eq!(ended(&rig.take_events()), [EndReason::Completed]);
    assert_eq!(rig.sent_times("MESSAGE").len(), 5);
    assert!(rig.layer.is_empty());
}

#[test]
fn non_invite_over_tcp_has_no_retransmission_and_no_linger() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "OPTIONS", Transport::Tcp);
    let id = rig.send(req.clone(), peer(Transport::Tcp));
    rig.run_until(ms(31_000));
    assert_eq!(rig.sent_times("OPTIONS"), [0]);
    rig.receive(peer(Transport::Tcp), &response_to(&req, 200, Some("b1")));
    let events = rig.take_events();
    assert_eq!(responses(&events), [200]);
    assert_eq!(ended(&events), [EndReason::Completed]);
    assert_eq!(rig.layer.state(id), None);
    // And Timer F still bounds one that gets no answer.
    let req = outgoing(&mut rig.layer, "OPTIONS", Transport::Tcp);
    rig.send(req, peer(Transport::Tcp));
    rig.run_until(ms(31_000 + 32_000));
    assert_eq!(ended(&rig.take_events()), [EndReason::Timeout]);
}

#[test]
fn invite_over_udp_doubles_timer_a_without_cap_and_times_out_on_b() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "INVITE", Transport::Udp);
    let id = rig.send(req, peer(Transport::Udp));
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteClient, State::Calling))
    );
    rig.run_until(ms(40_000));
    assert_eq!(
        rig.sent_times("INVITE"),
        [0, 500, 1500, 3500, 7500, 15500, 31500]
    );
    assert_eq!(ended(&rig.take_events()), [EndReason::Timeout]);
    assert!(rig.layer.is_empty());
}

#[test]
fn invite_non_2xx_is_acknowledged_by_the_transaction() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "INVITE", Transport::Udp);
    let branch = req
        .vias()
        .next()
        .unwrap()
        .unwrap()
        .branch()
        .unwrap()
        .to_owned();
    let id = rig.send(req.clone(), peer(Transport::Udp));
    rig.drain();
    rig.receive(peer(Transport::Udp), &response_to(&req, 180, Some("b7")));
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteClient, State::Proceeding))
    );
    rig.run_until(ms(5_000));
    // No retransmission once a provisional response arrived.
    assert_eq!(rig.sent_times("INVITE"), [0]);
    rig.receive(peer(Transport::Udp), &response_to(&req, 486, Some("b7")));
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteClient, State::Completed))
    );
    let ack = rig.last_sent();
    assert_eq!(ack.method(), Some("ACK"));
    assert_eq!(ack.request_uri_str(), Some("sip:bob@example.com"));
    let via = ack.vias().next().unwrap().unwrap();
    assert_eq!(via.branch(), Some(branch.as_str()), "the INVITE's branch");
    assert_eq!(ack.to_header().unwrap().unwrap().tag(), Some("b7"));
    let cseq = ack.cseq().unwrap().unwrap();
    assert_eq!((cseq.seq(), cseq.method()), (1, "ACK"));
    // The 486 retransmitted: the same ACK again, nothing for the TU.
    let acks_before = rig.sent_times("ACK").len();
    rig.receive(peer(Transport::Udp), &response_to(&req, 486, Some("b7")));
    assert_eq!(rig.sent_times("ACK").len(), acks_before + 1);
    let ack_bytes: Vec<_> = rig
        .sent
        .iter()
        .filter(|(_, t)| t.bytes.starts_with(b"ACK"))
        .map(|(_, t)| t.bytes.clone())
        .collect();
    assert!(
        ack_bytes.windows(2).all(|w| w[0] == w[1]),
        "resent, not rebuilt"
    );
    assert_eq!(responses(&rig.take_events()), [180, 486]);
    // Timer D: 32 s over UDP.
    rig.run_until(ms(5_000 + 31_999));
    assert!(rig.layer.state(id).is_some());
    rig.run_until(ms(5_000 + 32_000));
    assert_eq!(ended(&rig.take_events()), [EndReason::Completed]);
}

#[test]
fn invite_non_2xx_over_tcp_ends_at_once() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "INVITE", Transport::Tcp);
    rig.send(req.clone(), peer(Transport::Tcp));
    rig.receive(peer(Transport::Tcp), &response_to(&req, 603, Some("b1")));
    assert_eq!(rig.sent_times("ACK").len(), 1);
    let events = rig.take_events();
    assert_eq!(responses(&events), [603]);
    assert_eq!(ended(&events), [EndReason::Completed]);
    assert!(rig.layer.is_empty());
}

#[test]
fn invite_2xx_from_every_fork_goes_to_the_tu_until_timer_m() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "INVITE", Transport::Udp);
    let id = rig.send(req.clone(), peer(Transport::Udp));
    rig.receive(peer(Transport::Udp), &response_to(&req, 200, Some("fork1")));
    assert_eq!(
        rig.layer.state(id),
        Some((Kind::InviteClient, State::Accepted))
    );
    rig.receive(peer(Transport::Udp), &response_to(&req, 200, Some("fork2")));
    rig.receive(peer(Transport::Udp), &response_to(&req, 200, Some("fork1")));
    // A late non-2xx in Accepted is not the TU's business.
    rig.receive(peer(Transport::Udp), &response_to(&req, 486, Some("fork3")));
    assert_eq!(responses(&rig.take_events()), [200, 200, 200]);
    // The transaction sends no ACK for a 2xx (the TU does, outside it).
    assert!(rig.sent_times("ACK").is_empty());
    rig.run_until(ms(31_999));
    assert!(rig.layer.state(id).is_some());
    rig.run_until(ms(32_000));
    assert_eq!(ended(&rig.take_events()), [EndReason::Completed]);
    // After it: a 2xx retransmission is a stray.
    rig.receive(peer(Transport::Udp), &response_to(&req, 200, Some("fork1")));
    assert!(matches!(rig.take_events()[..], [Event::Dropped { .. }]));
}

#[test]
fn cancel_waits_for_a_provisional_response() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "INVITE", Transport::Udp);
    let id = rig.send(req.clone(), peer(Transport::Udp));
    assert!(
        rig.layer.cancel(rig.now, id).unwrap().is_none(),
        "deferred (§9.1)"
    );
    rig.drain();
    assert!(rig.sent_times("CANCEL").is_empty());
    rig.receive(peer(Transport::Udp), &response_to(&req, 180, Some("b1")));
    let cancel = rig.last_sent();
    assert_eq!(cancel.method(), Some("CANCEL"));
    assert_eq!(
        cancel.vias().next().unwrap().unwrap().branch(),
        req.vias().next().unwrap().unwrap().branch()
    );
    assert_eq!(
        cancel.to_header().unwrap().unwrap().tag(),
        None,
        "the INVITE's To"
    );
    let c = cancel.cseq().unwrap().unwrap();
    assert_eq!((c.seq(), c.method()), (1, "CANCEL"));
    // Its own transaction: the 200 to CANCEL goes to it, the 487 to the INVITE.
    rig.receive(peer(Transport::Udp), &response_to(&cancel, 200, Some("b1")));
    rig.receive(peer(Transport::Udp), &response_to(&req, 487, Some("b1")));
    let events = rig.take_events();
    assert_eq!(responses(&events), [180, 200, 487]);
    assert_eq!(rig.last_sent().method(), Some("ACK"));
    assert!(matches!(
        rig.layer.cancel(rig.now, id),
        Err(EngineError::WrongState(_))
    ));
}

#[test]
fn an_invite_left_proceeding_is_cancelled_like_timer_c() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "INVITE", Transport::Udp);
    let id = rig.send(req.clone(), peer(Transport::Udp));
    rig.receive(peer(Transport::Udp), &response_to(&req, 180, Some("b1")));
    let wait = rig.layer.config().timers.invite_answer;
    rig.run_until(wait - ms(1));
    assert!(rig.sent_times("CANCEL").is_empty());
    rig.run_until(wait);
    assert_eq!(rig.sent_times("CANCEL"), [wait.as_millis()]);
    // No 487 comes: 64×T1 later the INVITE gives up (and the CANCEL's own F did too).
    rig.run_until(wait + ms(32_000));
    assert!(ended(&rig.take_events()).contains(&EndReason::Timeout));
    assert_eq!(rig.layer.state(id), None);
    assert!(rig.layer.is_empty());
}

#[test]
fn api_misuse_is_refused() {
    let mut rig = Rig::new();
    let mut req = outgoing(&mut rig.layer, "MESSAGE", Transport::Udp);
    let p = peer(Transport::Udp);
    let id = rig.layer.send_request(rig.now, req.clone(), p).unwrap();
    assert!(matches!(
        rig.layer.send_request(rig.now, req.clone(), p),
        Err(EngineError::DuplicateBranch)
    ));
    assert!(matches!(
        rig.layer.cancel(rig.now, id),
        Err(EngineError::WrongState(_))
    ));
    let ok = Message::parse_bytes(
        response_to(&req, 200, Some("x")).into(),
        &Default::default(),
    )
    .unwrap();
    assert!(matches!(
        rig.layer.respond(rig.now, id, ok),
        Err(EngineError::WrongState(_))
    ));
    assert!(matches!(
        rig.layer.send_request(
            rig.now,
            Message::parse_bytes(response_to(&req, 200, None).into(), &Default::default()).unwrap(),
            p
        ),
        Err(EngineError::WrongMessage(_))
    ));
    // No magic cookie.
    req = rcs_sip::MessageBuilder::request("MESSAGE", "sip:b@example.com")
        .via("UDP", "192.0.2.9", None, "old-branch", false)
        .from(None, "sip:a@example.com", "1")
        .to(None, "sip:b@example.com", None)
        .call_id("c")
        .cseq(1, "MESSAGE")
        .build()
        .unwrap();
    assert!(matches!(
        rig.layer.send_request(rig.now, req, p),
        Err(EngineError::NoBranch)
    ));
    let ack = outgoing(&mut rig.layer, "ACK", Transport::Udp);
    assert!(matches!(
        rig.layer.send_request(rig.now, ack, p),
        Err(EngineError::WrongMessage(_))
    ));
}

#[test]
fn a_transport_error_ends_the_transaction() {
    let mut rig = Rig::new();
    let req = outgoing(&mut rig.layer, "MESSAGE", Transport::Tcp);
    let id = rig.send(req, peer(Transport::Tcp));
    rig.drain();
    let sent = rig.take_sent();
    assert_eq!(sent[0].transaction, Some(id));
    rig.layer.transport_error(rig.now, id);
    rig.drain();
    assert_eq!(ended(&rig.take_events()), [EndReason::TransportError]);
    assert!(rig.layer.is_empty());
}
