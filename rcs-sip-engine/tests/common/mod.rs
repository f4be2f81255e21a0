//! Virtual time, a peer, and messages written by hand for the transaction tests.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::time::{Duration, Instant};

use bytes::Bytes;
use rcs_sip::Message;
use rcs_sip_engine::{
    Config, EndReason, Event, Output, Peer, TransactionLayer, Transmit, Transport,
};

pub fn peer(transport: Transport) -> Peer {
    Peer::new(transport, "192.0.2.1:5060".parse().unwrap())
}

/// A layer on virtual time: `origin` plus offsets.
pub struct Rig {
    pub layer: TransactionLayer,
    pub origin: Instant,
    pub now: Instant,
    /// Everything sent so far, with the offset it was sent at.
    pub sent: Vec<(Duration, Transmit)>,
    pub events: Vec<(Duration, Event)>,
}

impl Rig {
    pub fn new() -> Self {
        Self::with(Config::new(1))
    }

    pub fn with(config: Config) -> Self {
        let origin = Instant::now();
        Self {
            layer: TransactionLayer::new(config),
            origin,
            now: origin,
            sent: Vec::new(),
            events: Vec::new(),
        }
    }

    pub fn at(&self) -> Duration {
        self.now - self.origin
    }

    pub fn drain(&mut self) {
        let at = self.at();
        while let Some(o) = self.layer.poll_output() {
            match o {
                Output::Transmit(t) => self.sent.push((at, t)),
                Output::Event(e) => self.events.push((at, e)),
            }
        }
    }

    /// Runs every timer up to `offset` from the origin, in order, as a driver would.
    pub fn run_until(&mut self, offset: Duration) {
        let end = self.origin + offset;
        while let Some(t) = self.layer.poll_timeout() {
            if t > end {
                break;
            }
            self.now = t;
            self.layer.handle_timeout(t);
            self.drain();
        }
        self.now = end;
    }

    /// `send_request`, its outputs drained.
    pub fn send(&mut self, request: Message<'static>, peer: Peer) -> rcs_sip_engine::TransactionId {
        let id = self.layer.send_request(self.now, request, peer).unwrap();
        self.drain();
        id
    }

    pub fn receive(&mut self, peer: Peer, bytes: &[u8]) {
        self.layer
            .handle_input(self.now, peer, Bytes::copy_from_slice(bytes));
        self.drain();
    }

    /// Offsets (ms) at which something was sent whose first line starts with `start`.
    pub fn sent_times(&self, start: &str) -> Vec<u128> {
        self.sent
            .iter()
            .filter(|(_, t)| t.bytes.starts_with(start.as_bytes()))
            .map(|(at, _)| at.as_millis())
            .collect()
    }

    pub fn take_sent(&mut self) -> Vec<Transmit> {
        self.sent.drain(..).map(|(_, t)| t).collect()
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        self.events.drain(..).map(|(_, e)| e).collect()
    }

    pub fn last_sent(&self) -> Message<'static> {
        let t = &self.sent.last().expect("something sent").1;
        Message::parse_bytes(t.bytes.clone(), &rcs_sip::ParseOptions::new()).unwrap()
    }
}

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A request as a peer sends it.
pub fn request(method: &str, branch: &str, to_tag: Option<&str>, cseq: u32) -> Vec<u8> {
    let to_tag = to_tag.map(|t| format!(";tag={t}")).unwrap_or_default();
    let cseq_method = method;
    format!(
        "{method} sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP 192.0.2.1:5060;branch={branch}\r\n\
Max-Forwards: 70\r\n\
From: <sip:alice@example.com>;tag=a1\r\n\
To: <sip:bob@example.com>{to_tag}\r\n\
Call-ID: call-1@192.0.2.1\r\n\
CSeq: {cseq} {cseq_method}\r\n\
Content-Length: 0\r\n\r\n"
    )
    .into_bytes()
}

/// A request the TU sends, built like a UA would.
pub fn outgoing(
    layer: &mut TransactionLayer,
    method: &str,
    transport: Transport,
) -> Message<'static> {
    let branch = layer.new_branch();
    rcs_sip::MessageBuilder::request(method, "sip:bob@example.com")
        .via(transport.as_str(), "192.0.2.9", Some(5060), &branch, false)
        .max_forwards(70)
        .from(None, "sip:alice@example.com", "a1")
        .to(None, "sip:bob@example.com", None)
        .call_id("out-1@192.0.2.9")
        .cseq(1, method)
        .build()
        .unwrap()
}

/// The response a peer sends to a request the layer sent.
pub fn response_to(request: &Message<'_>, code: u16, to_tag: Option<&str>) -> Vec<u8> {
    rcs_sip::MessageBuilder::response_to(request, code, "Whatever", to_tag)
        .build()
        .unwrap()
        .as_bytes()
        .to_vec()
}

/// Why each transaction among `events` ended, in order.
pub fn ended(events: &[Event]) -> Vec<EndReason> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Ended { reason, .. } => Some(*reason),
            _ => None,
        })
        .collect()
}
