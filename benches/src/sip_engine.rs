//! The SIP transaction layer in process: a MESSAGE arrives, the TU answers 200, the
//! transaction ends (over TCP at once; over UDP when Timer J fires).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use bytes::Bytes;
use rcs_sip::{Message, MessageBuilder};
use rcs_sip_engine::{Config, Event, Limits, Output, Peer, TransactionLayer, Transport};

/// `n` MESSAGE requests with distinct branches and Call-IDs, as a peer sends them.
pub fn requests(n: usize, transport: Transport) -> Vec<Bytes> {
    (0..n)
        .map(|i| {
            Bytes::from(format!(
                "MESSAGE sip:bob@192.0.2.2 SIP/2.0\r\n\
Via: SIP/2.0/{transport} 192.0.2.1:5060;branch=z9hG4bKb{i:08}\r\n\
Max-Forwards: 70\r\nFrom: <sip:alice@192.0.2.1>;tag=a{i}\r\nTo: <sip:bob@192.0.2.2>\r\n\
Call-ID: c{i:08}@192.0.2.1\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n\
Content-Length: 5\r\n\r\nhello"
            ))
        })
        .collect()
}

/// A layer that holds a million transactions (the bench must not hit the limit).
pub fn layer() -> TransactionLayer {
    let mut c = Config::new(1);
    c.limits = Limits {
        max_transactions: 1_000_000,
        ..Limits::DEFAULT
    };
    TransactionLayer::new(c)
}

/// One server transaction, start to end: the request in, the TU's 200 built and sent, and
/// (UDP) Timer J run. Returns bytes sent.
pub fn server_transaction(
    layer: &mut TransactionLayer,
    now: Instant,
    peer: Peer,
    request: Bytes,
    tag: &str,
) -> usize {
    layer.handle_input(now, peer, request);
    let mut sent = 0;
    while let Some(o) = layer.poll_output() {
        match o {
            Output::Event(Event::Request { id, request, .. }) => {
                let ok = ok_for(&request, tag);
                layer.respond(now, id, ok).unwrap();
            }
            Output::Transmit(t) => sent += t.bytes.len(),
            Output::Event(_) => {}
        }
    }
    sent
}

/// The TU's answer.
pub fn ok_for(request: &Message<'_>, tag: &str) -> Message<'static> {
    MessageBuilder::response_to(request, 200, "OK", Some(tag))
        .build()
        .unwrap()
}

/// Runs `requests` through over UDP, then every timer: the table ends empty.
pub fn udp_run(requests: &[Bytes]) -> usize {
    let mut layer = layer();
    let origin = Instant::now();
    let peer = Peer::new(Transport::Udp, "192.0.2.1:5060".parse().unwrap());
    let mut sent = 0;
    for (i, r) in requests.iter().enumerate() {
        let now = origin + Duration::from_micros(i as u64);
        sent += server_transaction(&mut layer, now, peer, r.clone(), "t1");
    }
    layer.handle_timeout(origin + Duration::from_secs(3600));
    while layer.poll_output().is_some() {}
    sent + layer.len()
}
