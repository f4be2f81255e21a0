//! Many messages to completion, receipts included: every table ends empty.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Pair, plan};
use rcs_gateway_engine::{DeliveryState, Event, Footprint, ReceiptSpec};

/// A delivered receipt, on the delivering link `d`, for every id the server of `p` accepted
/// with; each is placed by `p`'s client. Returns the messages whose every part is now final.
fn receipts(p: &mut Pair, d: &mut Pair, protocol: rcs_gateway_engine::Protocol) -> usize {
    let mut finished = 0;
    for id in std::mem::take(&mut p.server_ids) {
        d.server
            .send_receipt(
                d.now,
                &ReceiptSpec {
                    id,
                    recipient: "13800138000".into(),
                    originator: "1069".into(),
                    state: DeliveryState::Delivered,
                    error: 0,
                    submitted_at: None,
                },
            )
            .unwrap();
        d.run();
        for e in d.take_client_events() {
            if let Event::Receipt(r) = e {
                let r = p.client.match_receipt(r);
                assert!(r.message.is_some(), "{protocol:?}: {r:?}");
                finished += usize::from(r.message_state.is_some());
            }
        }
    }
    finished
}

#[test]
fn tables_end_empty() {
    let n = if cfg!(debug_assertions) {
        3_000
    } else {
        100_000
    };
    for protocol in common::all_protocols() {
        let mut p = Pair::new(protocol);
        let mut d = Pair::delivering(protocol);
        let short = plan("leak check");
        let long_text = "l".repeat(200);
        let long = plan(&long_text);
        let mut accepted = 0;
        let mut finished = 0;
        for i in 0..n {
            let plan = if i % 10 == 0 { &long } else { &short };
            if p.client.submit(p.now, "13800138000", plan).is_err() {
                p.run();
                p.client.submit(p.now, "13800138000", plan).unwrap();
            }
            if i % 64 == 0 {
                p.run();
            }
            // Receipts for what the server accepted so far.
            finished += receipts(&mut p, &mut d, protocol);
            for e in p.take_client_events() {
                accepted += usize::from(matches!(e, Event::Accepted { .. }));
            }
            p.take_server_events();
            d.take_server_events();
        }
        p.run();
        finished += receipts(&mut p, &mut d, protocol);
        for e in p.take_client_events() {
            accepted += usize::from(matches!(e, Event::Accepted { .. }));
        }
        assert_eq!(accepted, n, "{protocol:?}");
        assert_eq!(finished, n, "{protocol:?}");
        for f in [
            p.client.footprint(),
            p.server.footprint(),
            d.client.footprint(),
            d.server.footprint(),
        ] {
            assert_eq!(f, Footprint::default(), "{protocol:?}");
        }
    }
}
