//! Every timer on virtual time: keep-alives and dead links, response expiry, login
//! timeouts, throttling backoff, the rate limit, inactivity, receipt expiry; the window and
//! the queue bounds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{Pair, plan};
use rcs_gateway_engine::rcs_fallback::gateway::cmpp::CmppVersion;
use rcs_gateway_engine::rcs_fallback::gateway::smpp::{SmppPdu, command};
use rcs_gateway_engine::{
    CloseReason, Config, Event, MessageId, Protocol, SendError, Server, SessionState, SubmitAnswer,
};

const S: Duration = Duration::from_secs(1);

fn smpp_commands(wire: &[bytes::Bytes]) -> Vec<u32> {
    let all: Vec<u8> = wire.iter().flat_map(|b| b.iter().copied()).collect();
    let mut at = 0;
    let mut out = Vec::new();
    while at < all.len() {
        let n = u32::from_be_bytes(all[at..at + 4].try_into().unwrap()) as usize;
        out.push(SmppPdu::parse(&all[at..at + n]).unwrap().command_id);
        at += n;
    }
    out
}

#[test]
fn an_idle_link_is_kept_alive() {
    let mut p = Pair::new(Protocol::Smpp);
    p.c2s.clear();
    p.advance(29 * S);
    assert!(smpp_commands(&p.c2s).is_empty());
    p.advance(S);
    let requests = |p: &Pair| {
        smpp_commands(&p.c2s)
            .into_iter()
            .filter(|c| *c == command::ENQUIRE_LINK)
            .count()
    };
    assert_eq!(requests(&p), 1);
    // The server's own keep-alive, due at the same moment, was answered.
    assert!(smpp_commands(&p.c2s).contains(&(command::ENQUIRE_LINK | command::RESPONSE)));
    // The client's next keep-alive is 30 s after the last thing it received.
    p.advance(29 * S);
    assert_eq!(requests(&p), 1);
    p.advance(S);
    assert_eq!(requests(&p), 2);
    assert!(matches!(p.client.state(), SessionState::Bound(_)));
    assert!(
        !p.client_events
            .iter()
            .any(|e| matches!(e, Event::Closed(_)))
    );
}

#[test]
fn unanswered_keepalives_declare_the_link_dead() {
    for (protocol, interval, timeout) in [
        (Protocol::Smpp, 30, 30),
        (Protocol::Cmpp(CmppVersion::V30), 180, 60),
        (Protocol::Smgp, 180, 30),
    ] {
        let mut p = Pair::new(protocol);
        p.take_client_events();
        p.cut_server_to_client = true;
        // interval, then three keep-alives each unanswered for the response timeout.
        let dead = interval + 3 * timeout;
        p.advance((dead - 1) * S);
        assert!(
            matches!(p.client.state(), SessionState::Bound(_)),
            "{protocol:?}"
        );
        p.advance(S);
        assert_eq!(
            p.take_client_events(),
            [Event::Closed(CloseReason::LinkDead)],
            "{protocol:?}"
        );
        assert_eq!(p.client.state(), SessionState::Disconnected);
        assert_eq!(p.client.footprint().outstanding, 0);
    }
}

#[test]
fn sgip_has_no_keepalive() {
    let mut p = Pair::new(Protocol::Sgip);
    p.c2s.clear();
    p.s2c.clear();
    p.advance(Duration::from_secs(3600));
    assert!(p.c2s.is_empty() && p.s2c.is_empty());
    assert_eq!(p.client.poll_timeout(), None);
}

#[test]
fn a_request_without_response_expires() {
    let mut p = Pair::new(Protocol::Smpp);
    p.answer = None;
    p.take_client_events();
    let m = p.client.submit(p.now, "1", &plan("hello")).unwrap();
    p.run();
    p.advance(29 * S);
    assert!(p.take_client_events().is_empty());
    p.advance(S);
    assert_eq!(
        p.take_client_events(),
        [Event::Expired {
            message: m,
            part: 0
        }]
    );
    let f = p.client.footprint();
    assert_eq!((f.tracked_messages, f.queued_parts), (0, 0));
    // The late answer is a response to nothing.
    let (r, _) = p.held.remove(0);
    p.server
        .respond_submit(p.now, r, SubmitAnswer::Accept)
        .unwrap();
    p.run();
    assert!(matches!(
        p.take_client_events()[..],
        [Event::Ignored {
            command_id: 0x8000_0004,
            ..
        }]
    ));
}

#[test]
fn logins_time_out_on_both_ends() {
    // The accepting end: no login within login_timeout.
    let t0 = std::time::Instant::now();
    let mut s = Server::new(Config::server(Protocol::Smpp, "smsc"));
    s.start(t0, 0).unwrap();
    assert_eq!(s.poll_timeout(), Some(t0 + 10 * S));
    s.handle_timeout(t0 + 10 * S);
    assert_eq!(s.state(), SessionState::Disconnected);
    assert_eq!(
        s.poll_output(),
        Some(rcs_gateway_engine::Output::Event(Event::Closed(
            CloseReason::LoginTimeout
        )))
    );
    // The initiating end: no response within response_timeout.
    let mut c = rcs_gateway_engine::Client::new(Config::client(Protocol::Smpp, "a", b"b"));
    c.start(t0, 0).unwrap();
    assert_eq!(c.state(), SessionState::LoggingIn);
    c.handle_timeout(t0 + 30 * S);
    assert_eq!(c.state(), SessionState::Disconnected);
    // A session that timed out may start again on a new connection.
    assert!(c.start(t0 + 31 * S, 0).is_ok());
}

#[test]
fn throttled_parts_are_resubmitted_after_a_growing_pause() {
    let mut p = Pair::new(Protocol::Smpp);
    let mut answers = vec![SubmitAnswer::Throttle, SubmitAnswer::Throttle].into_iter();
    p.answer = Some(Box::new(move |_| {
        answers.next().unwrap_or(SubmitAnswer::Accept)
    }));
    p.take_client_events();
    let t0 = p.now;
    let m = p.client.submit(p.now, "1", &plan("slow down")).unwrap();
    p.run();
    p.advance(10 * S);
    let at: Vec<_> = p.submits_at.iter().map(|t| *t - t0).collect();
    assert_eq!(at, [Duration::ZERO, S, 3 * S]);
    assert!(
        p.take_client_events()
            .iter()
            .any(|e| matches!(e, Event::Accepted { message, .. } if *message == m))
    );
}

#[test]
fn throttling_past_max_retries_is_a_refusal() {
    let (mut c, s) = Pair::configs(Protocol::Cmpp(CmppVersion::V30));
    c.throttling.max_retries = 2;
    let mut p = Pair::with(c, s);
    p.answer = Some(Box::new(|_| SubmitAnswer::Throttle));
    p.take_client_events();
    let m = p.client.submit(p.now, "1", &plan("no")).unwrap();
    p.run();
    p.advance(60 * S);
    assert_eq!(p.submits_at.len(), 3);
    assert!(p.take_client_events().contains(&Event::Refused {
        message: m,
        part: 0,
        status: 8
    }));
}

#[test]
fn the_rate_limit_spaces_parts() {
    let (mut c, s) = Pair::configs(Protocol::Smpp);
    c.max_rate = Some(10);
    let mut p = Pair::with(c, s);
    let t0 = p.now;
    for i in 0..5 {
        p.client
            .submit(p.now, &format!("{i}"), &plan("tick"))
            .unwrap();
    }
    p.run();
    p.advance(S);
    let at: Vec<_> = p.submits_at.iter().map(|t| (*t - t0).as_millis()).collect();
    assert_eq!(at, [0, 100, 200, 300, 400]);
    // A burst allowance lets that many leave at once.
    let (mut c, s) = Pair::configs(Protocol::Smpp);
    c.max_rate = Some(10);
    c.rate_burst = 3;
    let mut p = Pair::with(c, s);
    let t0 = p.now;
    for i in 0..5 {
        p.client
            .submit(p.now, &format!("{i}"), &plan("tick"))
            .unwrap();
    }
    p.run();
    p.advance(S);
    let at: Vec<_> = p.submits_at.iter().map(|t| (*t - t0).as_millis()).collect();
    assert_eq!(at, [0, 0, 0, 100, 200]);
}

#[test]
fn an_inactive_link_unbinds() {
    let (mut c, s) = Pair::configs(Protocol::Sgip);
    c.timers.inactivity_timeout = Some(Duration::from_secs(60));
    let mut p = Pair::with(c, s);
    p.take_client_events();
    p.advance(50 * S);
    p.client.submit(p.now, "1", &plan("keep me")).unwrap();
    p.run();
    p.advance(59 * S);
    assert!(matches!(p.client.state(), SessionState::Bound(_)));
    p.advance(S);
    let ev = p.take_client_events();
    assert_eq!(
        ev.last(),
        Some(&Event::Closed(CloseReason::Unbound)),
        "{ev:?}"
    );
}

#[test]
fn receipts_are_waited_for_until_receipt_timeout() {
    let (mut c, s) = Pair::configs(Protocol::Smgp);
    c.timers.receipt_timeout = Duration::from_secs(600);
    let mut p = Pair::with(c, s);
    let m = p.client.submit(p.now, "1", &plan("where is it")).unwrap();
    p.run();
    p.take_client_events();
    assert_eq!(p.client.footprint().tracked_messages, 1);
    p.advance(599 * S);
    assert_eq!(p.client.footprint().tracked_messages, 1);
    p.advance(S);
    assert!(
        p.take_client_events()
            .contains(&Event::ReceiptsAbandoned { message: m })
    );
    let f = p.client.footprint();
    assert_eq!((f.tracked_messages, f.receipt_ids), (0, 0));
}

#[test]
fn the_tracked_messages_bound_gives_up_the_oldest() {
    let (mut c, s) = Pair::configs(Protocol::Smpp);
    c.limits.max_tracked_messages = 2;
    let mut p = Pair::with(c, s);
    let a = p.client.submit(p.now, "1", &plan("a")).unwrap();
    p.run();
    p.client.submit(p.now, "2", &plan("b")).unwrap();
    p.run();
    p.take_client_events();
    p.client.submit(p.now, "3", &plan("c")).unwrap();
    p.run();
    let ev = p.take_client_events();
    assert_eq!(ev[0], Event::ReceiptsAbandoned { message: a });
    assert_eq!(p.client.footprint().tracked_messages, 2);
    // With nothing waiting for receipts (all in flight) the bound says busy.
    let (mut c, s) = Pair::configs(Protocol::Smpp);
    c.limits.max_tracked_messages = 1;
    let mut p = Pair::with(c, s);
    p.answer = None;
    p.client.submit(p.now, "1", &plan("a")).unwrap();
    assert_eq!(
        p.client.submit(p.now, "2", &plan("b")),
        Err(SendError::Busy)
    );
}

#[test]
fn a_full_window_holds_parts_and_a_full_queue_says_busy_then_ready() {
    let (mut c, s) = Pair::configs(Protocol::Smpp);
    c.limits.max_window = 4;
    c.limits.max_queued_parts = 6;
    let mut p = Pair::with(c, s);
    p.answer = None;
    p.take_client_events();
    let ms: Vec<MessageId> = (0..10)
        .map_while(|i| p.client.submit(p.now, &format!("{i}"), &plan("w")).ok())
        .collect();
    // 4 on the wire, 6 queued, the eleventh refused.
    assert_eq!(ms.len(), 10);
    assert_eq!(
        p.client.submit(p.now, "x", &plan("w")),
        Err(SendError::Busy)
    );
    p.run();
    assert_eq!(p.held.len(), 4);
    assert_eq!(p.client.footprint().outstanding, 4);
    assert_eq!(p.client.footprint().queued_parts, 6);
    let (r, _) = p.held.remove(0);
    p.server
        .respond_submit(p.now, r, SubmitAnswer::Accept)
        .unwrap();
    p.run();
    assert_eq!(p.held.len(), 4, "the window moved by one");
    let ev = p.take_client_events();
    assert!(ev.contains(&Event::Ready), "{ev:?}");
    // A message of more parts than the queue can ever hold.
    assert_eq!(
        p.client.submit(p.now, "x", &plan(&"y".repeat(1200))),
        Err(SendError::TooManyParts)
    );
}

#[test]
fn a_server_nobody_answers_says_throttled_itself() {
    let (c, mut s) = Pair::configs(Protocol::Smpp);
    s.limits.max_unanswered = 2;
    let mut p = Pair::with(c, s);
    p.answer = None;
    for i in 0..3 {
        p.client.submit(p.now, &format!("{i}"), &plan("q")).unwrap();
    }
    p.run();
    assert_eq!(p.held.len(), 2);
    assert_eq!(p.server.footprint().unanswered, 2);
    // The third was answered "throttled" and waits for its resubmission.
    assert_eq!(p.client.footprint().queued_parts, 1);
}
