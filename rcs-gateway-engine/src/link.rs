//! The session core both roles share: framing, sequence numbers, the login, keep-alives,
//! unbind, the send window with its expiries, throttling and the rate limit, message
//! tracking, receipts (client) and unanswered submits (server).

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use rcs_fallback::{Alphabet, Reassembler, Reassembly, SequentialReferences, UserData};

use crate::clock::WallClock;
use crate::config::{BindMode, Config, Login, Protocol};
use crate::event::{
    CloseReason, Event, MessageId, Output, Receipt, RequestId, SendError, SessionState,
    ShortMessage, StateError,
};
use crate::receipt::{DeliveryState, SmscMessageId};
use crate::wire::{
    LoginAttempt, LoginWrite, MessagePart, Op, Pdu, ReceiptInfo, ReplyTo, Seq, Statuses,
};

/// Which end of the message flow this session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// ESME / SP: submits, receives delivers and receipts.
    Client,
    /// SMSC / ISMG: receives submits, sends delivers and receipts.
    Server,
}

#[derive(Debug)]
enum Purpose {
    Login,
    KeepAlive,
    Unbind,
    Part(Queued),
}

#[derive(Debug)]
struct Outstanding {
    purpose: Purpose,
    command_id: u32,
    seq: Seq,
    deadline: Instant,
}

#[derive(Debug)]
struct Queued {
    message: u64,
    part: u8,
    /// The part encoded once, at `submit`; each send (a resubmission too) writes these
    /// octets with the sequence number patched in, so nothing is encoded twice.
    bytes: Bytes,
    command_id: u32,
    /// Resubmissions after throttled answers so far.
    attempts: u32,
}

/// A hasher for the keys the engine makes itself (sequence numbers, message numbers): the
/// peer never chooses them, so no keyed hash is needed (SipHash was 8 % of a submit).
#[derive(Debug, Default, Clone, Copy)]
struct OwnKeys(u64);

impl std::hash::Hasher for OwnKeys {
    fn finish(&self) -> u64 {
        // Fibonacci hashing spreads consecutive numbers over the table's buckets.
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type OwnMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<OwnKeys>>;

#[derive(Debug)]
struct Tracked {
    ids: Vec<Option<SmscMessageId>>,
    receipts: Vec<Option<DeliveryState>>,
    resolved: u8,
    finals: u8,
    failed: bool,
    want_receipts: bool,
    awaiting: bool,
}

/// The session core.
#[derive(Debug)]
pub(crate) struct Link {
    pub(crate) cfg: Config,
    side: Side,
    protocol: Protocol,
    statuses: Statuses,
    throttle_statuses: Vec<u32>,
    max_pdu: usize,
    pub(crate) state: SessionState,
    wall: Option<WallClock>,
    now: Option<Instant>,
    // I/O
    rx: Vec<u8>,
    out: BytesMut,
    events: VecDeque<Event>,
    // Requests on the wire.
    next_number: u32,
    outstanding: OwnMap<u32, Outstanding>,
    deadlines: VecDeque<(Instant, u32)>,
    in_window: usize,
    // Link liveness.
    last_rx: Option<Instant>,
    last_traffic: Option<Instant>,
    keepalive_out: bool,
    keepalive_misses: u32,
    login_deadline: Option<Instant>,
    pending_login: Option<(ReplyTo, LoginAttempt)>,
    shutting_down: bool,
    pub(crate) peer_mode: BindMode,
    // Outgoing messages.
    next_message: u64,
    queue: VecDeque<Queued>,
    messages: OwnMap<u64, Tracked>,
    paused_until: Option<Instant>,
    backoff: Duration,
    rate_tat: Option<Instant>,
    want_ready: bool,
    pub(crate) refs: SequentialReferences,
    // Receipts (client).
    by_id: HashMap<SmscMessageId, (u64, u8)>,
    by_number: HashMap<u64, SmscMessageId>,
    awaiting: VecDeque<(Instant, u64)>,
    reassembler: Reassembler,
    // Unanswered submits (server).
    unanswered: OwnMap<u64, ReplyTo>,
    next_request: u64,
    pub(crate) next_smsc_number: u64,
}

impl Link {
    pub(crate) fn new(cfg: Config, side: Side) -> Self {
        let protocol = cfg.protocol;
        let throttle_statuses = cfg
            .throttling
            .statuses
            .clone()
            .unwrap_or_else(|| protocol.default_throttle_statuses());
        let max_pdu = cfg.max_pdu_size();
        let reassembler = Reassembler::new(cfg.limits.reassembly);
        let backoff = cfg.throttling.initial_backoff;
        Self {
            side,
            protocol,
            statuses: protocol.statuses(),
            throttle_statuses,
            max_pdu,
            state: SessionState::Disconnected,
            wall: None,
            now: None,
            rx: Vec::new(),
            out: BytesMut::new(),
            events: VecDeque::new(),
            next_number: 1,
            outstanding: OwnMap::default(),
            deadlines: VecDeque::new(),
            in_window: 0,
            last_rx: None,
            last_traffic: None,
            keepalive_out: false,
            keepalive_misses: 0,
            login_deadline: None,
            pending_login: None,
            shutting_down: false,
            peer_mode: cfg.mode,
            next_message: 1,
            queue: VecDeque::new(),
            messages: OwnMap::default(),
            paused_until: None,
            backoff,
            rate_tat: None,
            want_ready: false,
            refs: SequentialReferences::default(),
            by_id: HashMap::new(),
            by_number: HashMap::new(),
            awaiting: VecDeque::new(),
            reassembler,
            unanswered: OwnMap::default(),
            next_request: 1,
            next_smsc_number: 1,
            cfg,
        }
    }

    pub(crate) fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The calendar at `now` (the epoch until `start` gave a reading).
    pub(crate) fn civil(&self, now: Instant) -> crate::clock::Civil {
        match &self.wall {
            Some(w) => w.civil(now),
            None => crate::clock::Civil::from_unix(0, self.cfg.utc_offset_minutes),
        }
    }

    // ---- the caller's calls -------------------------------------------------------------

    pub(crate) fn start(&mut self, now: Instant, unix_time: i64) -> Result<(), StateError> {
        if self.state != SessionState::Disconnected {
            return Err(StateError::WrongState(self.state));
        }
        self.now = Some(now);
        self.wall = Some(WallClock {
            at: now,
            unix: unix_time,
            offset_minutes: self.cfg.utc_offset_minutes,
        });
        self.last_rx = Some(now);
        self.last_traffic = Some(now);
        self.keepalive_misses = 0;
        self.keepalive_out = false;
        self.shutting_down = false;
        self.rx.clear();
        match &self.cfg.login {
            Login::Initiate { .. } => self.send_login(now),
            Login::Accept | Login::AwaitOutbind { .. } => {
                self.login_deadline = Some(now + self.cfg.timers.login_timeout);
                self.state = SessionState::AwaitingLogin;
            }
        }
        Ok(())
    }

    /// Sends the configured login (bind, CONNECT, Login).
    fn send_login(&mut self, now: Instant) {
        let (Login::Initiate {
            system_id,
            password,
            system_type,
        }
        | Login::AwaitOutbind {
            system_id,
            password,
            system_type,
        }) = &self.cfg.login
        else {
            return;
        };
        let mut pdu = self.protocol.login(LoginWrite {
            system_id,
            password,
            system_type,
            mode: self.cfg.mode,
            timestamp: self.civil(now).mmddhhmmss(),
        });
        let command_id = command_of(&pdu);
        self.send_request(now, &mut pdu, command_id, Purpose::Login);
        self.login_deadline = None;
        self.state = SessionState::LoggingIn;
    }

    /// SMPP outbind (§4.1.7): asks the ESME on this connection to bind. No response comes;
    /// the bind that follows is a [`Event::LoginRequest`] like any other.
    pub(crate) fn send_outbind(
        &mut self,
        now: Instant,
        system_id: &str,
        password: &[u8],
    ) -> Result<(), StateError> {
        if self.protocol != Protocol::Smpp || self.state != SessionState::AwaitingLogin {
            return Err(StateError::WrongState(self.state));
        }
        self.now = Some(now);
        let mut body = system_id.as_bytes().to_vec();
        body.push(0);
        body.extend_from_slice(password);
        body.push(0);
        let mut pdu = Pdu::Smpp(rcs_fallback::gateway::smpp::SmppPdu {
            command_id: rcs_fallback::gateway::smpp::command::OUTBIND,
            command_status: 0,
            sequence_number: 0,
            body: rcs_fallback::gateway::smpp::SmppBody::Other(std::borrow::Cow::Owned(body)),
        });
        let seq = self.next_seq(now);
        pdu.encode(seq, &mut self.out);
        Ok(())
    }

    pub(crate) fn accept_login(
        &mut self,
        now: Instant,
        secret: &[u8],
        check: bool,
    ) -> Result<bool, StateError> {
        let Some((reply, attempt)) = self.pending_login.take() else {
            return Err(StateError::WrongState(self.state));
        };
        self.now = Some(now);
        let ok = !check || attempt.credential.verify(&attempt.system_id, secret);
        let status = if ok { 0 } else { self.statuses.auth_failed };
        self.answer_login(now, &reply, &attempt, status, secret);
        Ok(ok)
    }

    pub(crate) fn refuse_login(
        &mut self,
        now: Instant,
        status: Option<u32>,
    ) -> Result<(), StateError> {
        let Some((reply, attempt)) = self.pending_login.take() else {
            return Err(StateError::WrongState(self.state));
        };
        self.now = Some(now);
        let status = status.unwrap_or(self.statuses.auth_failed).max(1);
        self.answer_login(now, &reply, &attempt, status, b"");
        Ok(())
    }

    fn answer_login(
        &mut self,
        now: Instant,
        reply: &ReplyTo,
        attempt: &LoginAttempt,
        status: u32,
        secret: &[u8],
    ) {
        let mut pdu = self
            .protocol
            .login_response(attempt, status, secret, &self.cfg.system_id);
        pdu.encode(reply.seq, &mut self.out);
        self.login_deadline = None;
        if status == 0 {
            self.peer_mode = attempt.mode;
            self.state = SessionState::Bound(attempt.mode);
            self.last_rx = Some(now);
            self.last_traffic = Some(now);
            self.events.push_back(Event::Bound {
                mode: attempt.mode,
                peer: attempt.system_id.clone(),
            });
            self.pump(now);
        } else {
            self.close(CloseReason::LoginRejected(status));
        }
    }

    /// Unbind now, or once the queue and the window drain (`graceful`).
    pub(crate) fn shutdown(&mut self, now: Instant) {
        self.now = Some(now);
        self.shutting_down = true;
        match self.state {
            SessionState::Bound(_) => self.pump(now),
            SessionState::Disconnected | SessionState::Unbinding => {}
            _ => {
                // Not logged in yet: nothing to drain, nothing to unbind.
                self.close(CloseReason::Unbound);
            }
        }
    }

    /// Unbind at once; parts queued or on the wire stay for a later `start`.
    pub(crate) fn unbind(&mut self, now: Instant) -> Result<(), StateError> {
        if !matches!(self.state, SessionState::Bound(_)) {
            return Err(StateError::WrongState(self.state));
        }
        self.now = Some(now);
        self.send_unbind(now);
        Ok(())
    }

    pub(crate) fn connection_lost(&mut self, now: Instant) {
        self.now = Some(now);
        self.out.clear();
        if self.state != SessionState::Disconnected {
            self.close(CloseReason::ConnectionLost);
        }
    }

    pub(crate) fn poll_output(&mut self) -> Option<Output> {
        if !self.out.is_empty() {
            return Some(Output::Transmit(self.out.split().freeze()));
        }
        self.events.pop_front().map(Output::Event)
    }

    pub(crate) fn poll_timeout(&self) -> Option<Instant> {
        let t = &self.cfg.timers;
        let mut next: Option<Instant> = None;
        let mut at = |i: Option<Instant>| {
            if let Some(i) = i {
                next = Some(next.map_or(i, |n| n.min(i)));
            }
        };
        at(self.deadlines.front().map(|d| d.0));
        at(self.login_deadline);
        at(self.awaiting.front().map(|a| a.0));
        if let SessionState::Bound(_) = self.state {
            if !self.keepalive_out && self.protocol.has_keepalive() {
                at(t.keepalive_interval.zip(self.last_rx).map(|(i, l)| l + i));
            }
            at(t.inactivity_timeout
                .zip(self.last_traffic)
                .map(|(i, l)| l + i));
            if !self.queue.is_empty() && self.in_window < self.cfg.limits.max_window {
                at(self.paused_until);
                at(self.rate_next());
            }
        }
        next
    }

    pub(crate) fn handle_timeout(&mut self, now: Instant) {
        self.now = Some(now);
        if self.login_deadline.is_some_and(|d| d <= now) {
            self.login_deadline = None;
            self.pending_login = None;
            self.close(CloseReason::LoginTimeout);
        }
        while let Some(&(deadline, number)) = self.deadlines.front() {
            if deadline > now {
                break;
            }
            self.deadlines.pop_front();
            if self
                .outstanding
                .get(&number)
                .is_some_and(|o| o.deadline == deadline)
                && let Some(o) = self.outstanding.remove(&number)
            {
                self.expired(now, o);
            }
        }
        if let SessionState::Bound(_) = self.state {
            let t = self.cfg.timers;
            if !self.keepalive_out
                && let Some((i, l)) = t.keepalive_interval.zip(self.last_rx)
                && l + i <= now
            {
                self.send_keepalive(now);
            }
            if let Some((i, l)) = t.inactivity_timeout.zip(self.last_traffic)
                && l + i <= now
            {
                self.send_unbind(now);
            }
        }
        while let Some(&(deadline, message)) = self.awaiting.front() {
            if deadline > now {
                break;
            }
            self.awaiting.pop_front();
            if self.messages.get(&message).is_some_and(|m| m.awaiting) {
                self.forget(message);
                self.events.push_back(Event::ReceiptsAbandoned {
                    message: MessageId(message),
                });
            }
        }
        if self.paused_until.is_some_and(|p| p <= now) {
            self.paused_until = None;
        }
        self.pump(now);
    }

    pub(crate) fn handle_input(&mut self, now: Instant, bytes: &[u8]) {
        self.now = Some(now);
        if self.state == SessionState::Disconnected {
            return;
        }
        if self.rx.is_empty() {
            let used = self.process(now, bytes);
            if self.state != SessionState::Disconnected {
                self.rx.extend_from_slice(&bytes[used..]);
            }
        } else {
            self.rx.extend_from_slice(bytes);
            let buf = std::mem::take(&mut self.rx);
            let used = self.process(now, &buf);
            if self.state != SessionState::Disconnected {
                self.rx = buf;
                self.rx.drain(..used);
            }
        }
        self.pump(now);
    }

    /// Handles every whole PDU in `b`; returns the octets used.
    fn process(&mut self, now: Instant, b: &[u8]) -> usize {
        let mut at = 0;
        while at < b.len() && self.state != SessionState::Disconnected {
            match self.protocol.frame(&b[at..], self.max_pdu) {
                Ok(Some(n)) if at + n <= b.len() => {
                    self.handle_pdu(now, &b[at..at + n]);
                    at += n;
                }
                Ok(_) => break,
                Err(e) => {
                    // Cannot find the next PDU's start: the stream is lost (SMPP 3.4 §4.3:
                    // generic_nack ESME_RINVCMDLEN, then the link goes).
                    if let Some(mut nack) = self.protocol.generic_nack(0x02) {
                        nack.encode(Seq::default(), &mut self.out);
                    }
                    self.events.push_back(Event::Malformed {
                        command_id: None,
                        error: e,
                    });
                    self.close(CloseReason::ProtocolError(e.to_string()));
                    return b.len();
                }
            }
        }
        at
    }

    fn handle_pdu(&mut self, now: Instant, raw: &[u8]) {
        self.last_rx = Some(now);
        self.keepalive_misses = 0;
        let read = match self.protocol.read(raw) {
            Ok(r) => r,
            Err(u) => {
                let command_id = u.reply.map(|r| r.command_id);
                if !self.protocol.unreadable_is_response(&u)
                    && let Some(reply) = u.reply
                {
                    let status = match (self.protocol, u.error.field()) {
                        (Protocol::Smpp, Some("sm_length")) => 0x01,
                        (Protocol::Smpp, Some(f)) if f.starts_with("TLV") => 0xC1,
                        _ => self.statuses.malformed,
                    };
                    let pdu = match self.protocol {
                        Protocol::Smpp => self.protocol.generic_nack(status),
                        _ => self.protocol.response(&reply, status, None),
                    };
                    if let Some(mut pdu) = pdu {
                        pdu.encode(reply.seq, &mut self.out);
                    }
                }
                self.events.push_back(Event::Malformed {
                    command_id,
                    error: u.error,
                });
                return;
            }
        };
        let reply = read.reply;
        let bound = matches!(self.state, SessionState::Bound(_) | SessionState::Unbinding);
        match read.op {
            Op::Response {
                status,
                id,
                peer_id,
            } => self.on_response(now, &reply, status, id, peer_id),
            Op::Login(attempt) => self.on_login(now, reply, attempt),
            Op::KeepAlive => self.respond(&reply, 0, None),
            Op::Unbind => {
                self.respond(&reply, 0, None);
                self.close(CloseReason::UnboundByPeer);
            }
            Op::Outbind => {
                // An ESME waiting on a connection the SMSC opened binds now (SMPP 3.4 §2.2.1).
                if matches!(self.cfg.login, Login::AwaitOutbind { .. })
                    && self.state == SessionState::AwaitingLogin
                {
                    self.send_login(now);
                } else {
                    self.events.push_back(Event::Ignored {
                        command_id: reply.command_id,
                        reason: "an outbind this session does not wait for",
                    });
                }
            }
            Op::Other => {
                let status = match self.protocol {
                    // ESME_RINVCMDID.
                    Protocol::Smpp => 0x03,
                    _ => self.statuses.system_error,
                };
                self.respond(&reply, status, None);
                self.events.push_back(Event::Ignored {
                    command_id: reply.command_id,
                    reason: "a command this session does not carry",
                });
            }
            op @ (Op::Submit(_) | Op::Deliver(_) | Op::Receipt(_)) => {
                if !bound {
                    return self.wrong_state(&reply, "a message before login");
                }
                let mode = self.peer_mode;
                match (self.side, op) {
                    (Side::Server, Op::Submit(part)) if mode.submits() => {
                        self.on_submit(now, reply, part, raw);
                    }
                    // data_sm from an SMSC reads as a submit: it is a deliver here.
                    (Side::Client, Op::Submit(part) | Op::Deliver(part)) if mode.receives() => {
                        self.last_traffic = Some(now);
                        self.respond(&reply, 0, None);
                        self.on_mobile_originated(part);
                    }
                    (Side::Client, Op::Receipt(r)) if mode.receives() => {
                        self.last_traffic = Some(now);
                        self.respond(&reply, 0, None);
                        self.on_receipt(r);
                    }
                    _ => self.wrong_state(&reply, "not allowed on this side or bind mode"),
                }
            }
        }
    }

    fn wrong_state(&mut self, reply: &ReplyTo, reason: &'static str) {
        match self.protocol {
            Protocol::Smpp => {
                self.respond(reply, self.statuses.wrong_state, None);
                self.events.push_back(Event::Ignored {
                    command_id: reply.command_id,
                    reason,
                });
            }
            // CMPP, SGIP and SMGP close a link that breaks the order (CMPP 3.0 §5.3).
            _ => {
                self.respond(reply, self.statuses.wrong_state, None);
                self.close(CloseReason::ProtocolError(format!(
                    "command {:#x}: {reason}",
                    reply.command_id
                )));
            }
        }
    }

    fn respond(&mut self, reply: &ReplyTo, status: u32, id: Option<&SmscMessageId>) {
        if let Some(mut pdu) = self.protocol.response(reply, status, id) {
            pdu.encode(reply.seq, &mut self.out);
        }
    }

    fn on_login(&mut self, now: Instant, reply: ReplyTo, attempt: LoginAttempt) {
        match self.state {
            SessionState::AwaitingLogin if self.cfg.login == Login::Accept => {
                self.state = SessionState::LoginPending;
                self.events.push_back(Event::LoginRequest {
                    system_id: attempt.system_id.clone(),
                    mode: attempt.mode,
                    version: attempt.version,
                });
                self.pending_login = Some((reply, attempt));
                let _ = now;
            }
            SessionState::Bound(_) | SessionState::LoginPending => {
                let status = self.statuses.already_bound;
                let mut pdu = self.protocol.login_response(&attempt, status, b"", "");
                pdu.encode(reply.seq, &mut self.out);
                self.events.push_back(Event::Ignored {
                    command_id: reply.command_id,
                    reason: "a second login",
                });
            }
            _ => {
                let mut pdu =
                    self.protocol
                        .login_response(&attempt, self.statuses.wrong_state, b"", "");
                pdu.encode(reply.seq, &mut self.out);
                self.events.push_back(Event::Ignored {
                    command_id: reply.command_id,
                    reason: "a login this end does not accept",
                });
            }
        }
    }

    fn on_response(
        &mut self,
        now: Instant,
        reply: &ReplyTo,
        status: u32,
        id: Option<SmscMessageId>,
        peer_id: Option<String>,
    ) {
        let matches = self.outstanding.get(&reply.seq.number).is_some_and(|o| {
            reply.command_id == o.command_id | 0x8000_0000
                || (self.protocol == Protocol::Smpp && reply.command_id == 0x8000_0000)
        });
        let Some(o) = self
            .outstanding
            .remove(&reply.seq.number)
            .filter(|_| matches)
        else {
            self.events.push_back(Event::Ignored {
                command_id: reply.command_id,
                reason: "a response to no outstanding request",
            });
            return;
        };
        match o.purpose {
            Purpose::Login => {
                if status == 0 {
                    self.state = SessionState::Bound(self.cfg.mode);
                    self.peer_mode = self.cfg.mode;
                    self.last_traffic = Some(now);
                    self.events.push_back(Event::Bound {
                        mode: self.cfg.mode,
                        peer: peer_id.unwrap_or_default(),
                    });
                } else {
                    self.close(CloseReason::LoginRefused(status));
                }
            }
            Purpose::KeepAlive => self.keepalive_out = false,
            Purpose::Unbind => self.close(CloseReason::Unbound),
            Purpose::Part(q) => {
                self.in_window -= 1;
                if status == 0 {
                    self.backoff = self.cfg.throttling.initial_backoff;
                    let id = match (self.protocol, id) {
                        (Protocol::Sgip, _) => Some(SmscMessageId::Sgip(
                            rcs_fallback::gateway::sgip::SgipSequence {
                                node: o.seq.node,
                                timestamp: o.seq.time,
                                number: o.seq.number,
                            },
                        )),
                        (_, id) => id,
                    };
                    self.part_accepted(now, q.message, q.part, id);
                } else if self.throttle_statuses.contains(&status)
                    && q.attempts < self.cfg.throttling.max_retries
                {
                    self.paused_until = Some(now + self.backoff);
                    self.backoff = (self.backoff * 2).min(self.cfg.throttling.max_backoff);
                    self.queue.push_front(Queued {
                        attempts: q.attempts + 1,
                        ..q
                    });
                } else {
                    self.part_failed(now, q.message, q.part, Some(status));
                }
            }
        }
    }

    fn expired(&mut self, now: Instant, o: Outstanding) {
        match o.purpose {
            Purpose::Login => self.close(CloseReason::LoginTimeout),
            Purpose::KeepAlive => {
                self.keepalive_out = false;
                self.keepalive_misses += 1;
                if self.keepalive_misses >= self.cfg.timers.keepalive_retries.max(1) {
                    self.close(CloseReason::LinkDead);
                } else {
                    self.send_keepalive(now);
                }
            }
            Purpose::Unbind => self.close(CloseReason::Unbound),
            Purpose::Part(q) => {
                self.in_window -= 1;
                self.part_failed(now, q.message, q.part, None);
            }
        }
    }

    fn send_keepalive(&mut self, now: Instant) {
        if let Some(mut pdu) = self.protocol.keepalive() {
            let command_id = command_of(&pdu);
            self.send_request(now, &mut pdu, command_id, Purpose::KeepAlive);
            self.keepalive_out = true;
        }
    }

    fn send_unbind(&mut self, now: Instant) {
        let mut pdu = self.protocol.unbind();
        let command_id = command_of(&pdu);
        self.send_request(now, &mut pdu, command_id, Purpose::Unbind);
        self.state = SessionState::Unbinding;
    }

    /// Numbers, writes and remembers a request.
    fn send_request(&mut self, now: Instant, pdu: &mut Pdu, command_id: u32, purpose: Purpose) {
        let seq = self.next_seq(now);
        pdu.encode(seq, &mut self.out);
        let deadline = now + self.cfg.timers.response_timeout;
        self.deadlines.push_back((deadline, seq.number));
        self.outstanding.insert(
            seq.number,
            Outstanding {
                purpose,
                command_id,
                seq,
                deadline,
            },
        );
    }

    fn next_seq(&mut self, now: Instant) -> Seq {
        // SMPP numbers run 1..=0x7FFFFFFF (§5.1.4); a number still outstanding is skipped.
        let max = if self.protocol == Protocol::Smpp {
            0x7FFF_FFFF
        } else {
            u32::MAX
        };
        let mut n = self.next_number;
        while n == 0 || n > max || self.outstanding.contains_key(&n) {
            n = if n >= max { 1 } else { n + 1 };
        }
        self.next_number = if n >= max { 1 } else { n + 1 };
        match self.protocol {
            Protocol::Sgip => Seq {
                node: self.cfg.node_id,
                time: self.civil(now).mmddhhmmss(),
                number: n,
            },
            _ => Seq {
                number: n,
                ..Seq::default()
            },
        }
    }

    fn close(&mut self, reason: CloseReason) {
        // Parts on the wire go back to the queue, in the order they were sent, for the next
        // `start` (at least once: the peer may have taken some).
        let mut parts: Vec<(u32, Queued)> = self
            .outstanding
            .drain()
            .filter_map(|(n, o)| match o.purpose {
                Purpose::Part(q) => Some((n, q)),
                _ => None,
            })
            .collect();
        parts.sort_by_key(|(n, _)| *n);
        for (_, q) in parts.into_iter().rev() {
            self.queue.push_front(q);
        }
        self.deadlines.clear();
        self.in_window = 0;
        self.keepalive_out = false;
        self.login_deadline = None;
        self.pending_login = None;
        self.unanswered.clear();
        self.rx.clear();
        self.state = SessionState::Disconnected;
        self.events.push_back(Event::Closed(reason));
    }

    // ---- outgoing messages --------------------------------------------------------------

    /// Whether a message of `parts` parts would be taken now (checked before the parts are
    /// built, so a caller filling the queue pays nothing for a busy answer).
    pub(crate) fn room_for(&mut self, parts: usize) -> Result<(), SendError> {
        if self.shutting_down {
            return Err(SendError::ShuttingDown);
        }
        let limits = self.cfg.limits;
        if parts > 255 || parts > limits.max_queued_parts {
            return Err(SendError::TooManyParts);
        }
        // The tracked-message bound is `enqueue`'s (it may give up a message waiting for
        // receipts to make room).
        if self.queue.len() + parts > limits.max_queued_parts
            || self.out.len() >= limits.max_queued_bytes
        {
            self.want_ready = true;
            return Err(SendError::Busy);
        }
        Ok(())
    }

    /// Takes a message's parts: all fit or none.
    pub(crate) fn enqueue(
        &mut self,
        now: Instant,
        pdus: Vec<Pdu>,
        want_receipts: bool,
    ) -> Result<MessageId, SendError> {
        self.now = Some(now);
        self.room_for(pdus.len())?;
        let limits = self.cfg.limits;
        if self.messages.len() >= limits.max_tracked_messages.max(1) && !self.evict_oldest() {
            self.want_ready = true;
            return Err(SendError::Busy);
        }
        let id = self.next_message;
        self.next_message += 1;
        let n = pdus.len();
        self.messages.insert(
            id,
            Tracked {
                ids: vec![None; n],
                receipts: vec![None; n],
                resolved: 0,
                finals: 0,
                failed: false,
                want_receipts: want_receipts && self.side == Side::Client,
                awaiting: false,
            },
        );
        // One allocation for every part: each part's octets are a view of it.
        let mut b = BytesMut::with_capacity(n * 192);
        for (i, mut pdu) in pdus.into_iter().enumerate() {
            let command_id = command_of(&pdu);
            pdu.encode(Seq::default(), &mut b);
            self.queue.push_back(Queued {
                message: id,
                part: i as u8,
                bytes: b.split().freeze(),
                command_id,
                attempts: 0,
            });
        }
        self.pump(now);
        Ok(MessageId(id))
    }

    /// Gives up the message waiting longest for receipts; false when none waits.
    fn evict_oldest(&mut self) -> bool {
        while let Some((_, message)) = self.awaiting.pop_front() {
            if self.messages.get(&message).is_some_and(|m| m.awaiting) {
                self.forget(message);
                self.events.push_back(Event::ReceiptsAbandoned {
                    message: MessageId(message),
                });
                return true;
            }
        }
        false
    }

    fn rate_interval(&self) -> Option<Duration> {
        self.cfg
            .max_rate
            .filter(|r| *r > 0)
            .map(|r| Duration::from_nanos(1_000_000_000 / u64::from(r)))
    }

    /// When the rate limit next lets a part go (GCRA: theoretical arrival time minus the
    /// burst tolerance).
    fn rate_next(&self) -> Option<Instant> {
        let interval = self.rate_interval()?;
        let tolerance = interval * self.cfg.rate_burst.max(1).saturating_sub(1);
        self.rate_tat.map(|t| t.checked_sub(tolerance).unwrap_or(t))
    }

    /// Sends queued parts while the window, the pause, the rate and the byte bound allow.
    fn pump(&mut self, now: Instant) {
        if let SessionState::Bound(_) = self.state {
            let limits = self.cfg.limits;
            while self.in_window < limits.max_window
                && self.out.len() < limits.max_queued_bytes
                && self.paused_until.is_none_or(|p| p <= now)
                && self.rate_next().is_none_or(|t| t <= now)
            {
                let Some(q) = self.queue.pop_front() else {
                    break;
                };
                if self.messages.get(&q.message).is_none_or(|m| m.failed) {
                    // A sibling part was refused: the rest of the message is not sent.
                    self.part_failed(now, q.message, q.part, None);
                    continue;
                }
                let command_id = q.command_id;
                let seq = self.next_seq(now);
                let at = self.out.len();
                self.out.extend_from_slice(&q.bytes);
                self.protocol.patch_sequence(&mut self.out[at..], seq);
                let deadline = now + self.cfg.timers.response_timeout;
                self.deadlines.push_back((deadline, seq.number));
                self.outstanding.insert(
                    seq.number,
                    Outstanding {
                        purpose: Purpose::Part(q),
                        command_id,
                        seq,
                        deadline,
                    },
                );
                self.in_window += 1;
                self.last_traffic = Some(now);
                if let Some(interval) = self.rate_interval() {
                    let tat = self.rate_tat.map_or(now, |t| t.max(now));
                    self.rate_tat = Some(tat + interval);
                }
            }
            if self.shutting_down && self.queue.is_empty() && self.in_window == 0 {
                self.send_unbind(now);
            }
        }
        if self.want_ready
            && self.queue.len() < self.cfg.limits.max_queued_parts
            && self.out.len() < self.cfg.limits.max_queued_bytes
        {
            self.want_ready = false;
            self.events.push_back(Event::Ready);
        }
    }

    fn part_accepted(&mut self, now: Instant, message: u64, part: u8, id: Option<SmscMessageId>) {
        let Some(m) = self.messages.get_mut(&message) else {
            return;
        };
        if let Some(id) = &id
            && m.want_receipts
        {
            self.by_id.insert(id.clone(), (message, part));
            if let Some(n) = id.hex_value() {
                self.by_number.insert(n, id.clone());
            }
        }
        m.ids[usize::from(part)] = id.or(Some(SmscMessageId::Text(String::new())));
        m.resolved += 1;
        self.check_resolved(now, message);
    }

    fn part_failed(&mut self, now: Instant, message: u64, part: u8, status: Option<u32>) {
        let Some(m) = self.messages.get_mut(&message) else {
            return;
        };
        if !m.failed {
            m.failed = true;
            self.events.push_back(match status {
                Some(status) => Event::Refused {
                    message: MessageId(message),
                    part,
                    status,
                },
                None => Event::Expired {
                    message: MessageId(message),
                    part,
                },
            });
        }
        m.resolved += 1;
        self.check_resolved(now, message);
    }

    fn check_resolved(&mut self, now: Instant, message: u64) {
        let Some(m) = self.messages.get_mut(&message) else {
            return;
        };
        if usize::from(m.resolved) < m.ids.len() {
            return;
        }
        if !m.failed {
            self.events.push_back(Event::Accepted {
                message: MessageId(message),
                ids: m.ids.iter().flatten().cloned().collect(),
            });
        }
        let accepted = m.ids.iter().filter(|i| i.is_some()).count();
        if m.want_receipts && accepted > 0 && usize::from(m.finals) < accepted {
            m.awaiting = true;
            self.awaiting
                .push_back((now + self.cfg.timers.receipt_timeout, message));
        } else {
            self.forget(message);
        }
    }

    fn forget(&mut self, message: u64) {
        if let Some(m) = self.messages.remove(&message) {
            for id in m.ids.into_iter().flatten() {
                if self.by_id.get(&id).is_some_and(|(msg, _)| *msg == message) {
                    self.by_id.remove(&id);
                }
                if let Some(n) = id.hex_value()
                    && self.by_number.get(&n) == Some(&id)
                {
                    self.by_number.remove(&n);
                }
            }
        }
    }

    // ---- incoming messages --------------------------------------------------------------

    fn on_receipt(&mut self, r: ReceiptInfo) {
        let receipt = Receipt {
            message: None,
            part: None,
            id: r.id,
            state: r.state,
            stat: r.stat,
            error: r.error,
            recipient: r.recipient,
            message_state: None,
        };
        let receipt = self.match_receipt(receipt);
        self.events.push_back(Event::Receipt(receipt));
    }

    /// Fills in the message a receipt reports on, if this session submitted it.
    pub(crate) fn match_receipt(&mut self, mut receipt: Receipt) -> Receipt {
        let r = &receipt;
        let found = self.by_id.get(&r.id).copied().or_else(|| {
            r.id.receipt_values()
                .find_map(|n| self.by_number.get(&n))
                .and_then(|id| self.by_id.get(id).copied())
        });
        let state = receipt.state;
        if let Some((message, part)) = found
            && let Some(m) = self.messages.get_mut(&message)
        {
            receipt.message = Some(MessageId(message));
            receipt.part = Some(part);
            let slot = &mut m.receipts[usize::from(part)];
            if state.is_final() && slot.is_none_or(|s| !s.is_final()) {
                m.finals += 1;
            }
            if slot.is_none_or(|s| !s.is_final()) {
                *slot = Some(state);
            }
            let accepted = m.ids.iter().filter(|i| i.is_some()).count();
            if m.awaiting && usize::from(m.finals) >= accepted {
                let states: Vec<DeliveryState> = m.receipts.iter().flatten().copied().collect();
                receipt.message_state = Some(
                    states
                        .iter()
                        .copied()
                        .find(|s| !s.is_delivered())
                        .unwrap_or(DeliveryState::Delivered),
                );
                self.forget(message);
            }
        }
        receipt
    }

    fn on_mobile_originated(&mut self, mut part: MessagePart) {
        let single = |p: MessagePart, ud: Vec<UserData>| ShortMessage {
            source: p.source,
            destinations: p.destinations,
            text: p.text,
            parts: ud,
            receipt_requested: p.receipt_requested,
        };
        let Some(ud) = part.user_data.take() else {
            self.events
                .push_back(Event::Inbound(single(part, Vec::new())));
            return;
        };
        match self.reassembler.push(&part.source, ud) {
            Reassembly::Single(ud) => {
                self.events
                    .push_back(Event::Inbound(single(part, vec![ud])));
            }
            Reassembly::Complete(parts) => {
                let text = joined_text(&parts, part.gateway_format);
                self.events.push_back(Event::Inbound(ShortMessage {
                    text,
                    ..single(part, parts)
                }));
            }
            _ => {}
        }
    }

    fn on_submit(&mut self, now: Instant, reply: ReplyTo, mut part: MessagePart, raw: &[u8]) {
        self.last_traffic = Some(now);
        if self.unanswered.len() >= self.cfg.limits.max_unanswered {
            // Nobody is answering: say "throttled" rather than grow.
            self.respond(&reply, self.statuses.throttled, None);
            return;
        }
        let request = self.next_request;
        self.next_request += 1;
        self.unanswered.insert(request, reply);
        let parts = part.user_data.take().into_iter().collect();
        self.events.push_back(Event::Submitted {
            request: RequestId(request),
            message: ShortMessage {
                source: part.source,
                destinations: part.destinations,
                text: part.text,
                parts,
                receipt_requested: part.receipt_requested,
            },
            pdu: Bytes::copy_from_slice(raw),
        });
    }

    /// Answers an unanswered submit; `id` is the message id of an accepting answer.
    pub(crate) fn answer_submit(
        &mut self,
        now: Instant,
        request: RequestId,
        status: u32,
        id: Option<&SmscMessageId>,
    ) -> Result<ReplyTo, StateError> {
        self.now = Some(now);
        let reply = self
            .unanswered
            .remove(&request.0)
            .ok_or(StateError::UnknownRequest)?;
        self.respond(&reply, status, id);
        self.pump(now);
        Ok(reply)
    }

    pub(crate) fn is_unanswered(&self, request: RequestId) -> Option<ReplyTo> {
        self.unanswered.get(&request.0).copied()
    }

    pub(crate) fn statuses(&self) -> Statuses {
        self.statuses
    }

    /// Counts of what the session holds, for tests and metrics.
    pub(crate) fn footprint(&self) -> crate::Footprint {
        crate::Footprint {
            outstanding: self.outstanding.len(),
            queued_parts: self.queue.len(),
            tracked_messages: self.messages.len(),
            receipt_ids: self.by_id.len(),
            unanswered: self.unanswered.len(),
            reassembling: self.reassembler.pending(),
            buffered_bytes: self.rx.len(),
            queued_bytes: self.out.len(),
        }
    }
}

/// Joined text of reassembled parts: UCS-2 and GSM 7-bit through their alphabets; the
/// Chinese gateways' 8-bit formats (ASCII, GBK) decoded once joined, since a GBK character
/// may straddle two parts.
fn joined_text(parts: &[UserData], format: Option<u8>) -> Option<String> {
    if let (Some(f), true) = (format, parts.iter().all(|p| p.alphabet == Alphabet::Eight)) {
        let joined: Vec<u8> = parts.iter().flat_map(|p| p.body.iter().copied()).collect();
        return rcs_fallback::gateway::cmpp::content_text(f, 0, &joined);
    }
    rcs_fallback::reassembled_text(parts)
}

fn command_of(pdu: &Pdu) -> u32 {
    match pdu {
        Pdu::Smpp(p) => p.command_id,
        Pdu::Cmpp(p) => p.command_id,
        Pdu::Sgip(p) => p.command_id,
        Pdu::Smgp(p) => p.request_id,
    }
}
