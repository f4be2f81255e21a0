//! The SMS gateway sessions in process: a client submits through its window, a server
//! answers each submit, the octets carried between them in memory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use rcs_fallback::{SmsOptions, SmsPlan};
use rcs_gateway_engine::{Client, Config, Event, Output, Protocol, Server, SubmitAnswer};

/// A client and a server, logged in to each other, `window` requests wide, no receipts.
pub fn pair(protocol: Protocol, window: usize) -> (Client, Server, Instant) {
    let now = Instant::now();
    let mut c = Config::client(protocol, "900001", b"pw");
    c.limits.max_window = window;
    c.limits.max_queued_parts = window.max(1);
    c.receipts = false;
    let mut client = Client::new(c);
    let mut server = Server::new(Config::server(protocol, "smsc"));
    client.start(now, 1_733_400_000).unwrap();
    server.start(now, 1_733_400_000).unwrap();
    let mut buf = Vec::new();
    for _ in 0..4 {
        carry(&mut client, &mut server, now, &mut buf);
    }
    assert!(matches!(
        client.state(),
        rcs_gateway_engine::SessionState::Bound(_)
    ));
    (client, server, now)
}

/// One exchange each way: the client's octets to the server, the server's answers back.
/// Returns messages the client saw accepted.
pub fn carry(client: &mut Client, server: &mut Server, now: Instant, buf: &mut Vec<u8>) -> usize {
    buf.clear();
    while let Some(o) = client.poll_output() {
        if let Output::Transmit(b) = o {
            buf.extend_from_slice(&b);
        }
    }
    server.handle_input(now, buf);
    buf.clear();
    while let Some(o) = server.poll_output() {
        match o {
            Output::Transmit(b) => buf.extend_from_slice(&b),
            Output::Event(Event::Submitted { request, .. }) => {
                server
                    .respond_submit(now, request, SubmitAnswer::Accept)
                    .unwrap();
            }
            Output::Event(Event::LoginRequest { .. }) => {
                server.accept_login(now, b"pw").unwrap();
            }
            Output::Event(_) => {}
        }
    }
    client.handle_input(now, buf);
    let mut accepted = 0;
    while let Some(o) = client.poll_output() {
        match o {
            Output::Transmit(b) => server.handle_input(now, &b),
            Output::Event(Event::Accepted { .. }) => accepted += 1,
            Output::Event(_) => {}
        }
    }
    accepted
}

/// `n` one-part messages submitted and answered, `window` at a time. Returns accepted.
pub fn round_trips(
    client: &mut Client,
    server: &mut Server,
    now: Instant,
    plan: &SmsPlan<'_>,
    n: usize,
) -> usize {
    let window = client.config().limits.max_window;
    let mut buf = Vec::with_capacity(64 << 10);
    let (mut sent, mut accepted) = (0, 0);
    while accepted < n {
        while sent < n && sent - accepted < window {
            client.submit(now, "8613800138000", plan).unwrap();
            sent += 1;
        }
        accepted += carry(client, server, now, &mut buf);
    }
    accepted
}

/// The text every bench sends (one GSM 7-bit part).
pub fn plan() -> SmsPlan<'static> {
    SmsPlan::new("Your verification code is 4711.", &SmsOptions::default()).unwrap()
}
