//! A long run leaves nothing behind: server and client transactions by the hundred
//! thousand, run to their end on virtual time, and the table, indexes and timers are empty.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use bytes::Bytes;
use common::*;
use rcs_sip::{Message, ParseOptions};
use rcs_sip_engine::{Config, Event, Footprint, Output, Peer, TransactionLayer, Transport};

#[test]
fn a_million_transactions_leave_the_tables_empty() {
    // A million in release (`cargo test --release -p rcs-sip-engine --test leak`); the debug
    // run of CI does 100,000 of the same mix, which takes every path the same way.
    let n: u32 = if cfg!(debug_assertions) {
        100_000
    } else {
        1_000_000
    };
    let mut layer = TransactionLayer::new(Config::new(9));
    let origin = std::time::Instant::now();
    let udp = peer(Transport::Udp);
    let tcp = Peer::new(Transport::Tcp, "192.0.2.2:5060".parse().unwrap());
    let opts = ParseOptions::new();
    let mut peak = Footprint::default();
    let mut requests = 0u32;
    let mut ended = 0u32;
    for i in 0..n {
        // One transaction per millisecond: UDP ones linger 32 s (Timers J, L, K), so about
        // 24,000 are alive at once; 1 in 4 run over TCP, which ends at once.
        let now = origin + Duration::from_millis(u64::from(i));
        let p = if i % 4 == 0 { tcp } else { udp };
        match i % 3 {
            0 | 1 => {
                let method = if i % 3 == 0 { "MESSAGE" } else { "INVITE" };
                let raw = format!(
                    "{method} sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/{} 192.0.2.1:5060;branch=z9hG4bK{i}\r\n\
From: <sip:alice@example.com>;tag=a{i}\r\nTo: <sip:bob@example.com>\r\n\
Call-ID: leak-{i}\r\nCSeq: 1 {method}\r\nContent-Length: 0\r\n\r\n",
                    p.transport
                );
                layer.handle_input(now, p, Bytes::from(raw));
            }
            _ => {
                let req = outgoing(&mut layer, "OPTIONS", p.transport);
                layer.send_request(now, req, p).unwrap();
            }
        }
        while let Some(o) = layer.poll_output() {
            match o {
                Output::Event(Event::Request { id, request, .. }) => {
                    requests += 1;
                    // Every other INVITE is rejected, the rest accepted and (over TCP) ACKed.
                    let code = if request.method() == Some("INVITE") && i % 2 == 0 {
                        486
                    } else {
                        200
                    };
                    let r = response_bytes(&request, code);
                    layer
                        .respond(now, id, Message::parse_bytes(r, &opts).unwrap())
                        .unwrap();
                }
                Output::Event(Event::Ended { .. }) => ended += 1,
                Output::Transmit(t) => {
                    // The client transactions' peer answers at once.
                    if t.bytes.starts_with(b"OPTIONS") {
                        let req = Message::parse_bytes(t.bytes, &opts).unwrap();
                        layer.handle_input(now, t.peer, response_bytes(&req, 200));
                    }
                }
                Output::Event(_) => {}
            }
        }
        if i % 1000 == 0 {
            layer.handle_timeout(now);
            drain_count(&mut layer, &mut ended);
            let f = layer.footprint();
            peak.transactions = peak.transactions.max(f.transactions);
            peak.timers = peak.timers.max(f.timers);
        }
    }
    // Past every timer.
    let end = origin + Duration::from_millis(u64::from(n)) + Duration::from_secs(300);
    layer.handle_timeout(end);
    drain_count(&mut layer, &mut ended);
    assert_eq!(requests, n - n / 3);
    assert_eq!(ended, n, "every transaction ended once");
    // Timers of ended transactions are dropped when due or when polled past.
    assert_eq!(layer.poll_timeout(), None);
    assert_eq!(layer.footprint(), Footprint::default(), "nothing left");
    // Bounded by the live window (32 s of UDP arrivals), not by the run's length.
    assert!(peak.transactions < 30_000, "{peak:?}");
}

fn drain_count(layer: &mut TransactionLayer, ended: &mut u32) {
    while let Some(o) = layer.poll_output() {
        if let Output::Event(Event::Ended { .. }) = o {
            *ended += 1;
        }
    }
}

fn response_bytes(req: &Message<'_>, code: u16) -> Bytes {
    rcs_sip::MessageBuilder::response_to(req, code, "X", Some("t"))
        .build()
        .unwrap()
        .to_bytes()
}
