//! What every protocol does the same way: login, submit (short and long), receipts, MO
//! messages, unbind, reconnect, graceful shutdown.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Pair, all_protocols, plan};
use rcs_gateway_engine::{
    BindMode, CloseReason, Config, DeliveryState, Event, Protocol, ReceiptSpec, SendError,
    SessionState, SmscMessageId,
};

fn mode(protocol: Protocol) -> BindMode {
    if protocol == Protocol::Sgip {
        BindMode::Transmitter
    } else {
        BindMode::Transceiver
    }
}

fn bound(p: &Pair, protocol: Protocol) {
    let m = mode(protocol);
    assert_eq!(
        p.client.state(),
        SessionState::Bound(m),
        "{:?}",
        p.client_events
    );
    assert_eq!(p.server.state(), SessionState::Bound(m));
}

#[test]
fn every_protocol_logs_in_both_ways() {
    for protocol in all_protocols() {
        let mut p = Pair::new(protocol);
        bound(&p, protocol);
        let ev = p.take_client_events();
        assert!(
            matches!(&ev[..], [Event::Bound { mode, .. }] if *mode == self::mode(protocol)),
            "{protocol:?}: {ev:?}"
        );
        let ev = p.take_server_events();
        assert!(
            matches!(&ev[..], [Event::Bound { peer, .. }] if peer == "900001"),
            "{protocol:?}: {ev:?}"
        );
    }
}

#[test]
fn a_wrong_secret_is_refused_and_both_ends_close() {
    for protocol in all_protocols() {
        let (c, s) = Pair::configs(protocol);
        let mut c = c;
        c.login = rcs_gateway_engine::Login::Initiate {
            system_id: "900001".into(),
            password: b"wrong".to_vec(),
            system_type: String::new(),
        };
        let p = Pair::with(c, s);
        assert_eq!(p.client.state(), SessionState::Disconnected, "{protocol:?}");
        assert_eq!(p.server.state(), SessionState::Disconnected, "{protocol:?}");
        assert!(
            matches!(
                p.client_events.last(),
                Some(Event::Closed(CloseReason::LoginRefused(s))) if *s != 0
            ),
            "{protocol:?}: {:?}",
            p.client_events
        );
        assert!(matches!(
            p.server_events.last(),
            Some(Event::Closed(CloseReason::LoginRejected(_)))
        ));
    }
}

#[test]
fn a_long_message_is_accepted_when_every_part_is() {
    for protocol in all_protocols() {
        let mut p = Pair::new(protocol);
        p.take_client_events();
        let text = "短信回落测试：".repeat(20); // 140 UCS-2 characters: 3 parts
        let plan = plan(&text);
        assert_eq!(plan.segments(), 3);
        let m = p.client.submit(p.now, "8613800138000", &plan).unwrap();
        p.run();
        let ev = p.take_client_events();
        let [Event::Accepted { message, ids }] = &ev[..] else {
            panic!("{protocol:?}: {ev:?}")
        };
        assert_eq!(*message, m);
        assert_eq!(ids, &p.server_ids, "{protocol:?}");
        assert_eq!(p.submits_at.len(), 3);
        // Every id differs, and the server read each part's destination.
        assert_eq!(
            ids.iter().collect::<std::collections::HashSet<_>>().len(),
            3
        );
        assert_eq!(p.client.footprint().outstanding, 0);
        // Waiting for receipts.
        assert_eq!(p.client.footprint().tracked_messages, 1);
        assert_eq!(p.client.footprint().receipt_ids, 3);
    }
}

#[test]
fn receipts_in_any_order_are_matched_and_summed_up() {
    for protocol in all_protocols() {
        let mut p = Pair::new(protocol);
        let text = "x".repeat(300); // 2 GSM 7-bit parts
        let m = p.client.submit(p.now, "13800138000", &plan(&text)).unwrap();
        p.run();
        p.take_client_events();
        let ids = p.server_ids.clone();
        assert_eq!(ids.len(), 2, "{protocol:?}");
        // An unknown id first, then the second part, then the first.
        let unknown = match &ids[0] {
            SmscMessageId::Text(_) => SmscMessageId::Text("ffffff".into()),
            SmscMessageId::Cmpp(_) => SmscMessageId::Cmpp(42),
            SmscMessageId::Smgp(_) => SmscMessageId::Smgp([9; 10]),
            SmscMessageId::Sgip(s) => SmscMessageId::Sgip(
                rcs_gateway_engine::rcs_fallback::gateway::sgip::SgipSequence {
                    number: s.number + 100,
                    ..*s
                },
            ),
            other => panic!("{other:?}"),
        };
        let mut d = Pair::delivering(protocol);
        d.take_client_events();
        for (id, state) in [
            (unknown.clone(), DeliveryState::Delivered),
            (ids[1].clone(), DeliveryState::Enroute),
            (ids[1].clone(), DeliveryState::Delivered),
            (ids[0].clone(), DeliveryState::Expired),
        ] {
            d.server
                .send_receipt(
                    d.now,
                    &ReceiptSpec {
                        id,
                        recipient: "13800138000".into(),
                        originator: "10690001".into(),
                        state,
                        error: 0,
                        submitted_at: None,
                    },
                )
                .unwrap();
        }
        d.run();
        // On SGIP the receipts arrive on the SMG's link: the submitting client places them.
        let receipts: Vec<_> = d
            .take_client_events()
            .into_iter()
            .map(|e| match e {
                Event::Receipt(r) => p.client.match_receipt(r),
                other => panic!("{protocol:?}: {other:?}"),
            })
            .collect();
        assert_eq!(receipts.len(), 4, "{protocol:?}");
        assert_eq!(receipts[0].message, None);
        assert_eq!(receipts[0].id, unknown);
        assert_eq!(receipts[1].message, Some(m));
        assert_eq!(receipts[1].part, Some(1));
        assert_eq!(receipts[1].state, DeliveryState::Enroute);
        assert_eq!(receipts[1].message_state, None);
        assert_eq!(receipts[2].state, DeliveryState::Delivered);
        assert_eq!(receipts[2].message_state, None);
        assert_eq!(receipts[3].part, Some(0));
        let want = if protocol == Protocol::Sgip {
            // SGIP's REPORT says delivered, waiting or failed: nothing finer.
            DeliveryState::Undeliverable
        } else {
            DeliveryState::Expired
        };
        assert_eq!(receipts[3].state, want, "{protocol:?}");
        assert_eq!(receipts[3].message_state, Some(want));
        assert_eq!(receipts[3].recipient, "13800138000");
        let f = p.client.footprint();
        assert_eq!((f.tracked_messages, f.receipt_ids), (0, 0), "{protocol:?}");
        // The server's receipt delivers were each answered.
        assert_eq!(
            d.take_server_events()
                .iter()
                .filter(|e| matches!(e, Event::Accepted { .. }))
                .count(),
            4
        );
    }
}

#[test]
fn mobile_originated_messages_arrive_joined() {
    for protocol in all_protocols() {
        for text in ["hello", &"长消息".repeat(40), &"a".repeat(400)] {
            let mut p = Pair::delivering(protocol);
            p.take_client_events();
            p.server
                .deliver(p.now, "13800138000", "10690001", &plan(text))
                .unwrap();
            p.run();
            let ev = p.take_client_events();
            let [Event::Inbound(m)] = &ev[..] else {
                panic!("{protocol:?}: {ev:?}")
            };
            assert_eq!(m.text.as_deref(), Some(text), "{protocol:?}");
            assert_eq!(m.source, "13800138000");
            assert_eq!(m.destinations, ["10690001"]);
            assert_eq!(m.parts.len(), plan(text).segments());
            assert_eq!(p.client.footprint().reassembling, 0);
        }
    }
}

#[test]
fn a_peer_unbind_closes_both_and_unbind_is_answered() {
    for protocol in all_protocols() {
        let mut p = Pair::new(protocol);
        p.take_client_events();
        p.take_server_events();
        p.client.unbind(p.now).unwrap();
        assert_eq!(p.client.state(), SessionState::Unbinding);
        p.run();
        assert_eq!(
            p.take_client_events(),
            [Event::Closed(CloseReason::Unbound)],
            "{protocol:?}"
        );
        assert_eq!(
            p.take_server_events(),
            [Event::Closed(CloseReason::UnboundByPeer)]
        );
        assert_eq!(p.client.state(), SessionState::Disconnected);
        assert!(p.client.unbind(p.now).is_err());
    }
}

#[test]
fn shutdown_drains_the_window_then_unbinds() {
    for protocol in all_protocols() {
        let (mut c, s) = Pair::configs(protocol);
        c.limits.max_window = 1;
        let mut p = Pair::with(c, s);
        p.answer = None;
        p.take_client_events();
        for i in 0..3 {
            p.client
                .submit(p.now, &format!("1380013800{i}"), &plan("hi"))
                .unwrap();
        }
        p.client.shutdown(p.now);
        assert_eq!(
            p.client.submit(p.now, "1", &plan("late")),
            Err(SendError::ShuttingDown)
        );
        p.run();
        // One on the wire, two queued; no unbind yet.
        assert_eq!(p.held.len(), 1);
        assert!(matches!(p.client.state(), SessionState::Bound(_)));
        for _ in 0..3 {
            let (r, _) = p.held.remove(0);
            p.server
                .respond_submit(p.now, r, rcs_gateway_engine::SubmitAnswer::Accept)
                .unwrap();
            p.run();
        }
        let ev = p.take_client_events();
        assert_eq!(
            ev.iter()
                .filter(|e| matches!(e, Event::Accepted { .. }))
                .count(),
            3,
            "{protocol:?}: {ev:?}"
        );
        assert_eq!(ev.last(), Some(&Event::Closed(CloseReason::Unbound)));
    }
}

#[test]
fn a_lost_connection_resends_what_was_on_the_wire() {
    for protocol in all_protocols() {
        let (mut c, s) = Pair::configs(protocol);
        c.limits.max_window = 2;
        let mut p = Pair::with(c.clone(), s.clone());
        p.answer = None;
        p.take_client_events();
        let ms: Vec<_> = (0..3)
            .map(|i| {
                p.client
                    .submit(p.now, &format!("1390000000{i}"), &plan("again"))
                    .unwrap()
            })
            .collect();
        p.run();
        assert_eq!(p.held.len(), 2);
        assert_eq!(p.client.footprint().outstanding, 2);
        p.client.connection_lost(p.now);
        p.cut_client_to_server = true;
        p.run();
        p.cut_client_to_server = false;
        assert_eq!(
            p.take_client_events(),
            [Event::Closed(CloseReason::ConnectionLost)]
        );
        assert_eq!(p.client.footprint().queued_parts, 3);
        assert_eq!(p.client.footprint().outstanding, 0);
        // A new connection, a new server session.
        p.server = rcs_gateway_engine::Server::new(s);
        p.server.start(p.now, common::UNIX).unwrap();
        p.answer = Some(Box::new(|_| rcs_gateway_engine::SubmitAnswer::Accept));
        p.held.clear();
        p.client.start(p.now, common::UNIX).unwrap();
        p.run();
        let accepted: Vec<_> = p
            .take_client_events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Accepted { message, .. } => Some(message),
                _ => None,
            })
            .collect();
        assert_eq!(accepted, ms, "{protocol:?}: in order, each once");
    }
}

#[test]
fn a_receiver_cannot_submit_and_a_transmitter_gets_no_delivers() {
    for protocol in [Protocol::Smpp, Protocol::Smgp] {
        let (mut c, s) = Pair::configs(protocol);
        c.mode = BindMode::Receiver;
        let mut p = Pair::with(c, s);
        assert_eq!(p.client.state(), SessionState::Bound(BindMode::Receiver));
        assert_eq!(
            p.client.submit(p.now, "1", &plan("x")),
            Err(SendError::NotPermitted)
        );
        let (mut c, s) = Pair::configs(protocol);
        c.mode = BindMode::Transmitter;
        let mut p = Pair::with(c, s);
        assert_eq!(
            p.server.state(),
            SessionState::Bound(BindMode::Transmitter),
            "{protocol:?}"
        );
        assert_eq!(
            p.server.deliver(p.now, "1", "2", &plan("x")),
            Err(SendError::NotPermitted)
        );
    }
}

#[test]
fn cmpp_and_friends_refuse_text_they_cannot_carry() {
    let mut p = Pair::new(Protocol::Smgp);
    let gsm = rcs_gateway_engine::rcs_fallback::SmsPlan::new(
        "café 5€",
        &rcs_gateway_engine::rcs_fallback::SmsOptions::default(),
    )
    .unwrap();
    assert!(matches!(
        p.client.submit(p.now, "1", &gsm),
        Err(SendError::Plan(_))
    ));
    assert_eq!(p.client.footprint().tracked_messages, 0);
    let _ = Config::client(Protocol::Smpp, "a", b"b");
}
