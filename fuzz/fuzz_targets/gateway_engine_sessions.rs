//! A client and a server session of each gateway protocol, joined by a pipe the fuzzer
//! controls (split, corrupted, cut), plus raw octets, API calls and time steps: no panic,
//! every table within its limit, every output drainable.
#![no_main]

use std::time::{Duration, Instant};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use rcs_fallback::gateway::cmpp::CmppVersion;
use rcs_fallback::{SmsOptions, SmsPlan};
use rcs_gateway_engine::{
    Client, Config, DeliveryState, Event, Footprint, Limits, Output, Protocol, ReceiptSpec,
    RequestId, Server, SmscMessageId, SubmitAnswer,
};

#[derive(Debug, Arbitrary)]
enum Op {
    /// Moves up to `max` octets of what the client wrote to the server.
    ToServer {
        max: u16,
        corrupt: Option<(u16, u8)>,
    },
    /// Moves up to `max` octets of what the server wrote to the client.
    ToClient {
        max: u16,
        corrupt: Option<(u16, u8)>,
    },
    /// Raw octets to one side.
    Raw {
        to_client: bool,
        bytes: Vec<u8>,
    },
    Submit {
        parts: u8,
        receipt: bool,
    },
    Deliver {
        parts: u8,
    },
    Receipt {
        which: u8,
        state: u8,
    },
    Accept {
        client: bool,
        right: bool,
    },
    Answer {
        which: u8,
        how: u8,
    },
    Shutdown {
        client: bool,
    },
    Unbind {
        client: bool,
    },
    Lost,
    Advance {
        ms: u32,
    },
}

const TEXTS: [&str; 3] = ["hi", "长短信", "x"];

fn drain(out: Option<Output>, wire: &mut Vec<u8>, events: &mut Vec<Event>) -> bool {
    match out {
        Some(Output::Transmit(b)) => {
            // A peer that never reads: the pipe holds at most 1 MiB.
            if wire.len() < 1 << 20 {
                wire.extend_from_slice(&b);
            }
            true
        }
        Some(Output::Event(e)) => {
            if events.len() < 4096 {
                events.push(e);
            }
            true
        }
        None => false,
    }
}

fn check(f: Footprint, l: &Limits, max_pdu: usize) {
    assert!(f.outstanding <= l.max_window + 2, "{f:?}");
    // Parts on the wire when a link is lost go back to the queue.
    assert!(f.queued_parts <= l.max_queued_parts + l.max_window, "{f:?}");
    assert!(f.tracked_messages <= l.max_tracked_messages, "{f:?}");
    assert!(f.unanswered <= l.max_unanswered, "{f:?}");
    assert!(f.buffered_bytes < max_pdu.max(20), "{f:?}");
}

fuzz_target!(|input: (u8, Vec<Op>)| {
    let (which, ops) = input;
    let protocol = match which % 5 {
        0 => Protocol::Smpp,
        1 => Protocol::Cmpp(CmppVersion::V30),
        2 => Protocol::Cmpp(CmppVersion::V20),
        3 => Protocol::Sgip,
        _ => Protocol::Smgp,
    };
    let limits = Limits {
        max_window: 4,
        max_queued_parts: 16,
        max_tracked_messages: 8,
        max_unanswered: 4,
        max_pdu_size: Some(4096),
        ..Limits::default()
    };
    let mut cc = Config::client(protocol, "sp", b"pw");
    cc.limits = limits;
    cc.mode = rcs_gateway_engine::BindMode::Transceiver;
    let mut sc = Config::server(protocol, "smsc");
    sc.limits = limits;
    let t0 = Instant::now();
    let mut now = t0;
    let mut client = Client::new(cc);
    let mut server = Server::new(sc);
    let _ = client.start(now, 1_700_000_000);
    let _ = server.start(now, 1_700_000_000);
    let (mut c2s, mut s2c) = (Vec::new(), Vec::new());
    let (mut cev, mut sev) = (Vec::new(), Vec::new());
    let mut requests: Vec<RequestId> = Vec::new();
    let mut ids: Vec<SmscMessageId> = Vec::new();
    let options = SmsOptions {
        ucs2_only: true,
        ..SmsOptions::DEFAULT
    };
    for op in ops.into_iter().take(300) {
        match op {
            Op::ToServer { max, corrupt } => {
                let n = usize::from(max).min(c2s.len());
                let mut chunk: Vec<u8> = c2s.drain(..n).collect();
                if let Some((at, x)) = corrupt
                    && !chunk.is_empty()
                {
                    let i = usize::from(at) % chunk.len();
                    chunk[i] ^= x;
                }
                server.handle_input(now, &chunk);
            }
            Op::ToClient { max, corrupt } => {
                let n = usize::from(max).min(s2c.len());
                let mut chunk: Vec<u8> = s2c.drain(..n).collect();
                if let Some((at, x)) = corrupt
                    && !chunk.is_empty()
                {
                    let i = usize::from(at) % chunk.len();
                    chunk[i] ^= x;
                }
                client.handle_input(now, &chunk);
            }
            Op::Raw { to_client, bytes } => {
                if to_client {
                    client.handle_input(now, &bytes);
                } else {
                    server.handle_input(now, &bytes);
                }
            }
            Op::Submit { parts, receipt } => {
                let text = TEXTS[usize::from(parts) % 3].repeat(usize::from(parts % 8) * 40 + 1);
                if let Ok(plan) = SmsPlan::new(&text, &options) {
                    let _ = client.submit_with(
                        now,
                        rcs_gateway_engine::Submission {
                            to: "13800138000",
                            from: None,
                            plan: &plan,
                            receipt: Some(receipt),
                        },
                    );
                }
            }
            Op::Deliver { parts } => {
                let text = TEXTS[usize::from(parts) % 3].repeat(usize::from(parts % 8) * 40 + 1);
                if let Ok(plan) = SmsPlan::new(&text, &options) {
                    let _ = server.deliver(now, "13800138000", "1069", &plan);
                }
            }
            Op::Receipt { which, state } => {
                if let Some(id) = ids.get(usize::from(which) % ids.len().max(1)) {
                    let _ = server.send_receipt(
                        now,
                        &ReceiptSpec {
                            id: id.clone(),
                            recipient: "13800138000".into(),
                            originator: "1069".into(),
                            state: [
                                DeliveryState::Delivered,
                                DeliveryState::Enroute,
                                DeliveryState::Expired,
                            ][usize::from(state) % 3],
                            error: u32::from(state),
                            submitted_at: None,
                        },
                    );
                }
            }
            Op::Accept { client: c, right } => {
                let secret: &[u8] = if right { b"pw" } else { b"no" };
                let _ = if c {
                    client.accept_login(now, secret)
                } else {
                    server.accept_login(now, secret)
                };
            }
            Op::Answer { which, how } => {
                if !requests.is_empty() {
                    let r = requests.swap_remove(usize::from(which) % requests.len());
                    let answer = match how % 4 {
                        0 => SubmitAnswer::Accept,
                        1 => SubmitAnswer::Throttle,
                        2 => SubmitAnswer::Refuse(u32::from(how)),
                        _ => SubmitAnswer::AcceptWithId(SmscMessageId::Text(how.to_string())),
                    };
                    if let Ok(Some(id)) = server.respond_submit(now, r, answer)
                        && ids.len() < 64
                    {
                        ids.push(id);
                    }
                }
            }
            Op::Shutdown { client: c } => {
                if c {
                    client.shutdown(now);
                } else {
                    server.shutdown(now);
                }
            }
            Op::Unbind { client: c } => {
                let _ = if c {
                    client.unbind(now)
                } else {
                    server.unbind(now)
                };
            }
            Op::Lost => {
                client.connection_lost(now);
                server.connection_lost(now);
                c2s.clear();
                s2c.clear();
                let _ = client.start(now, 1_700_000_000);
                let _ = server.start(now, 1_700_000_000);
            }
            Op::Advance { ms } => {
                now += Duration::from_millis(u64::from(ms % 200_000_000));
                client.handle_timeout(now);
                server.handle_timeout(now);
            }
        }
        while drain(client.poll_output(), &mut c2s, &mut cev) {}
        while drain(server.poll_output(), &mut s2c, &mut sev) {}
        for e in sev.drain(..) {
            if let Event::Submitted { request, .. } = e
                && requests.len() < 64
            {
                requests.push(request);
            }
        }
        cev.clear();
        check(client.footprint(), &limits, 4096);
        check(server.footprint(), &limits, 4096);
        // A timeout in the past never happens: poll_timeout is a real deadline.
        if let Some(t) = client.poll_timeout() {
            assert!(t >= t0);
        }
    }
});
