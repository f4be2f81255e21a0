//! Random messages, API calls and time steps into the SIP user agent core and the transaction
//! layer under it: no panic, the transaction and dialog tables never exceed their limits,
//! every output is drainable, and once time runs past every timer no transaction is left.
#![no_main]

use std::time::{Duration, Instant};

use arbitrary::Arbitrary;
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use rcs_sip::{Message, MessageBuilder, ParseOptions};
use rcs_sip_engine::{Config, Event, Limits, Peer, Transport, UaOutput, UserAgent};

#[derive(Debug, Arbitrary)]
enum Op {
    /// A request from the peer, from pieces that collide often (so retransmissions, ACKs,
    /// CANCELs and merges match).
    Request {
        method: u8,
        branch: u8,
        to_tag: Option<u8>,
        cseq: u8,
        tcp: bool,
        rport: bool,
    },
    /// A response to one of the requests the layer sent.
    Response {
        which: u8,
        code: u16,
        to_tag: u8,
    },
    /// Raw bytes.
    Raw(Vec<u8>),
    /// The TU answers a request it was given.
    Respond {
        which: u8,
        code: u16,
    },
    /// The TU sends a request.
    Send {
        method: u8,
        tcp: bool,
    },
    Cancel {
        which: u8,
    },
    TransportError {
        which: u8,
    },
    Advance {
        ms: u16,
    },
}

const METHODS: [&str; 6] = ["INVITE", "ACK", "CANCEL", "MESSAGE", "OPTIONS", "BYE"];

fuzz_target!(|ops: Vec<Op>| {
    let mut config = Config::new(5);
    config.limits = Limits {
        max_transactions: 32,
        max_dialogs: 8,
    };
    let mut layer = UserAgent::new(config);
    let origin = Instant::now();
    let mut now = origin;
    let udp = Peer::new(Transport::Udp, "192.0.2.1:5060".parse().unwrap());
    let tcp = Peer::new(Transport::Tcp, "192.0.2.1:5060".parse().unwrap());
    let opts = ParseOptions::new();
    let mut given = Vec::new(); // (id, request) the TU holds
    let mut sent: Vec<(Message<'static>, Peer)> = Vec::new(); // requests the layer sent
    let mut clients = Vec::new();
    for op in ops.into_iter().take(200) {
        match op {
            Op::Request {
                method,
                branch,
                to_tag,
                cseq,
                tcp: t,
                rport,
            } => {
                let method = METHODS[usize::from(method) % METHODS.len()];
                let cookie = if branch % 5 == 0 { "" } else { "z9hG4bK" };
                let to_tag = to_tag
                    .map(|t| format!(";tag=t{}", t % 4))
                    .unwrap_or_default();
                let rport = if rport { ";rport" } else { "" };
                let p = if t { tcp } else { udp };
                let raw = format!(
                    "{method} sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/{} host{}.example.com{rport};branch={cookie}b{}\r\n\
From: <sip:alice@example.com>;tag=f1\r\nTo: <sip:bob@example.com>{to_tag}\r\n\
Call-ID: fuzz\r\nCSeq: {} {method}\r\nContent-Length: 0\r\n\r\n",
                    p.transport,
                    branch % 3,
                    branch % 8,
                    cseq % 4
                );
                layer.handle_input(now, p, Bytes::from(raw));
            }
            Op::Response {
                which,
                code,
                to_tag,
            } => {
                if let Some((req, p)) = sent.get(usize::from(which) % sent.len().max(1)) {
                    let code = 100 + code % 600;
                    if let Ok(r) = MessageBuilder::response_to(
                        req,
                        code,
                        "R",
                        Some(&format!("r{}", to_tag % 3)),
                    )
                    .build()
                    {
                        layer.handle_input(now, *p, r.to_bytes());
                    }
                }
            }
            Op::Raw(bytes) => layer.handle_input(now, udp, Bytes::from(bytes)),
            Op::Respond { which, code } => {
                if let Some((id, req)) = given.get(usize::from(which) % given.len().max(1)) {
                    let code = 100 + code % 600;
                    if let Ok(r) = MessageBuilder::response_to(req, code, "R", Some("s")).build() {
                        let _ = layer.respond(now, *id, r);
                    }
                }
            }
            Op::Send { method, tcp: t } => {
                let method = METHODS[usize::from(method) % METHODS.len()];
                let p = if t { tcp } else { udp };
                let branch = layer.layer().new_branch();
                if let Ok(req) = MessageBuilder::request(method, "sip:bob@example.com")
                    .via(p.transport.as_str(), "192.0.2.9", None, &branch, false)
                    .from(None, "sip:alice@example.com", "a")
                    .to(None, "sip:bob@example.com", None)
                    .call_id("out")
                    .cseq(1, method)
                    .build()
                {
                    if let Ok(id) = layer.send_request(now, req, p) {
                        clients.push(id);
                    }
                }
            }
            Op::Cancel { which } => {
                if let Some(id) = clients.get(usize::from(which) % clients.len().max(1)) {
                    let _ = layer.layer().cancel(now, *id);
                }
            }
            Op::TransportError { which } => {
                if let Some(id) = clients.get(usize::from(which) % clients.len().max(1)) {
                    layer.layer().transport_error(now, *id);
                }
            }
            Op::Advance { ms } => {
                now += Duration::from_millis(u64::from(ms));
                layer.handle_timeout(now);
            }
        }
        while let Some(o) = layer.poll_output() {
            match o {
                UaOutput::Transmit(t) => {
                    if let Ok(m) = Message::parse_bytes(t.bytes, &opts)
                        && m.is_request()
                    {
                        sent.push((m, t.peer));
                        if sent.len() > 64 {
                            sent.remove(0);
                        }
                    }
                }
                UaOutput::Event(Event::Request { id, request, .. }) => {
                    given.push((id, request));
                    if given.len() > 64 {
                        given.remove(0);
                    }
                }
                UaOutput::Event(_) | UaOutput::Dialog(_) => {}
            }
        }
        assert!(layer.layer().len() <= 32);
        assert!(layer.dialogs().len() <= 8);
    }
    // Run the timers as a driver does, each at its deadline, until none is left; every
    // transaction has one that ends it, so this stops.
    let mut steps = 0;
    while let Some(at) = layer.poll_timeout() {
        layer.handle_timeout(at);
        while layer.poll_output().is_some() {}
        steps += 1;
        assert!(
            steps < 100_000,
            "timers never end: {:?}",
            layer.layer().footprint()
        );
    }
    // Nothing the TU did not keep open is left; what it left unanswered timed out.
    assert!(layer.layer().is_empty(), "{:?}", layer.layer().footprint());
    assert_eq!(layer.poll_timeout(), None);
});
