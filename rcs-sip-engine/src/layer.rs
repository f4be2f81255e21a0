//! The transaction layer: the table of the four state machines, their timers, and the inputs
//! and outputs that drive them.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use bytes::Bytes;
use rcs_sip::Message;

use crate::build;
use crate::config::Config;
use crate::event::{EndReason, EngineError, Event, Output};
use crate::key::{
    ClientKey, DialogRequestKey, Facts, MAGIC_COOKIE, OtherRequest, Placed, ResponseCheck,
    ServerKey,
};
use crate::transport::{Peer, TransactionId, Transmit};

/// Which of the four machines a transaction runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// INVITE client transaction (§17.1.1, RFC 6026).
    InviteClient,
    /// Non-INVITE client transaction (§17.1.2).
    NonInviteClient,
    /// INVITE server transaction (§17.2.1, RFC 6026).
    InviteServer,
    /// Non-INVITE server transaction (§17.2.2).
    NonInviteServer,
}

/// A transaction's state, as RFC 3261 §17 and RFC 6026 name them (Terminated transactions
/// are gone from the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// INVITE client: sent, no response yet.
    Calling,
    /// Non-INVITE: sent or received, no response yet.
    Trying,
    /// A provisional response was received or sent.
    Proceeding,
    /// A final response (non-2xx for INVITE) was received or sent; absorbing retransmissions.
    Completed,
    /// INVITE server: the ACK for the non-2xx arrived; absorbing its retransmissions.
    Confirmed,
    /// INVITE (RFC 6026): a 2xx was received or sent; further 2xx and ACKs go to the TU.
    Accepted,
}

/// The timers a transaction may have running, by role (RFC 3261 letters in the comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TimerKind {
    /// A, E, G, and the 2xx retransmission of an Accepted INVITE server transaction.
    Retransmit = 0,
    /// B, F, H, L; and for a Proceeding INVITE client, the wait for a final response.
    Timeout = 1,
    /// D, I, J, K, M: how long a finished transaction absorbs retransmissions.
    Linger = 2,
    /// INVITE server: 100 Trying if the TU has not answered within 200 ms.
    Trying = 3,
    /// Server: the TU's deadline for a final response.
    Answer = 4,
}

const TIMER_KINDS: usize = 5;

#[derive(Debug)]
struct Transaction {
    kind: Kind,
    state: State,
    /// Client: where the request goes. Server: where it came from.
    peer: Peer,
    /// Server: where responses go (§18.2.2).
    reply_to: Peer,
    request: Message<'static>,
    request_bytes: Bytes,
    /// Server: the last response sent. INVITE client: the ACK of a non-2xx.
    last: Option<Bytes>,
    /// Server: the status of the last response sent (0: none yet).
    last_status: u16,
    /// Server: the To tag of the responses sent (the TU's, or one the engine chose).
    to_tag: Option<Box<str>>,
    interval: Duration,
    timers: [Option<Instant>; TIMER_KINDS],
    client_key: Option<ClientKey>,
    server_key: Option<ServerKey>,
    merge_key: Option<DialogRequestKey>,
    accepted_key: Option<DialogRequestKey>,
    /// Server: what a response must repeat (§8.2.6).
    check: Option<ResponseCheck>,
    /// INVITE server: the key the ACK of its 2xx is found by, once Accepted.
    accepted_dialog: Option<DialogRequestKey>,
    /// INVITE client: CANCEL asked for before any provisional response (§9.1: wait).
    cancel_pending: bool,
    cancel_sent: bool,
    /// INVITE server (Accepted): the ACK arrived.
    acked: bool,
    /// Server: the engine gave the final response because the TU did not.
    unanswered: bool,
}

impl Transaction {
    fn reliable(&self) -> bool {
        self.peer.transport.is_reliable()
    }
    fn is_server(&self) -> bool {
        matches!(self.kind, Kind::InviteServer | Kind::NonInviteServer)
    }
}

/// What a [`TransactionLayer`] holds (see [`TransactionLayer::footprint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Footprint {
    /// Open transactions.
    pub transactions: usize,
    /// Entries of the matching indexes (each open transaction has one to three).
    pub index_entries: usize,
    /// Scheduled timers, including ones already cancelled that are dropped when due.
    pub timers: usize,
    /// Outputs not yet drained.
    pub queued_outputs: usize,
}

/// SplitMix64: branches and tags from the configured seed (no randomness read here).
#[derive(Debug)]
struct Ids(u64);

impl Ids {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The SIP transaction layer, sans-IO: received bytes, API calls and the current time go in;
/// transmits, events and the next deadline come out.
///
/// ```
/// use std::time::{Duration, Instant};
/// use bytes::Bytes;
/// use rcs_sip_engine::{Config, Event, Output, Peer, Transport, TransactionLayer};
/// use rcs_sip::MessageBuilder;
///
/// let mut layer = TransactionLayer::new(Config::new(7));
/// let now = Instant::now();
/// let peer = Peer::new(Transport::Udp, "192.0.2.1:5060".parse()?);
/// let message = b"MESSAGE sip:bob@example.com SIP/2.0\r\n\
/// Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n\
/// From: <sip:alice@example.com>;tag=1928301774\r\nTo: <sip:bob@example.com>\r\n\
/// Call-ID: a84b4c76e66710\r\nCSeq: 1 MESSAGE\r\nContent-Length: 2\r\n\r\nhi";
/// layer.handle_input(now, peer, Bytes::from_static(message));
/// let Some(Output::Event(Event::Request { id, request, .. })) = layer.poll_output() else {
///     panic!("a new request")
/// };
/// let ok = MessageBuilder::response_to(&request, 200, "OK", Some("x1")).build()?;
/// layer.respond(now, id, ok)?;
/// let Some(Output::Transmit(t)) = layer.poll_output() else { panic!("the 200") };
/// assert!(t.bytes.starts_with(b"SIP/2.0 200 OK"));
/// // A retransmission of the MESSAGE gets the same 200 from the transaction.
/// layer.handle_input(now + Duration::from_millis(500), peer, Bytes::from_static(message));
/// assert!(matches!(layer.poll_output(), Some(Output::Transmit(r)) if r.bytes == t.bytes));
/// // Timer J (64×T1 over UDP) ends it.
/// layer.handle_timeout(now + Duration::from_secs(33));
/// assert!(matches!(layer.poll_output(), Some(Output::Event(Event::Ended { .. }))));
/// assert!(layer.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct TransactionLayer {
    config: Config,
    table: HashMap<u64, Transaction>,
    clients: HashMap<ClientKey, u64>,
    servers: HashMap<ServerKey, u64>,
    merges: HashMap<DialogRequestKey, u64>,
    accepted: HashMap<DialogRequestKey, u64>,
    timers: BinaryHeap<Reverse<(Instant, u64, u8)>>,
    outputs: VecDeque<Output>,
    next_id: u64,
    ids: Ids,
}

impl TransactionLayer {
    /// An empty layer.
    pub fn new(config: Config) -> Self {
        let ids = Ids(config.seed);
        Self {
            config,
            table: HashMap::new(),
            clients: HashMap::new(),
            servers: HashMap::new(),
            merges: HashMap::new(),
            accepted: HashMap::new(),
            timers: BinaryHeap::new(),
            outputs: VecDeque::new(),
            next_id: 0,
            ids,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Open transactions.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether no transaction is open.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// What the engine holds now: for monitoring, and for tests that nothing leaks.
    pub fn footprint(&self) -> Footprint {
        Footprint {
            transactions: self.table.len(),
            index_entries: self.clients.len()
                + self.servers.len()
                + self.merges.len()
                + self.accepted.len(),
            timers: self.timers.len(),
            queued_outputs: self.outputs.len(),
        }
    }

    /// A transaction's machine and state, `None` once it has ended.
    pub fn state(&self, id: TransactionId) -> Option<(Kind, State)> {
        self.table.get(&id.0).map(|t| (t.kind, t.state))
    }

    /// A new branch: the magic cookie and 64 bits from the seeded generator.
    pub fn new_branch(&mut self) -> String {
        format!("{MAGIC_COOKIE}{:016x}", self.ids.next())
    }

    /// A new tag (From or To) of 64 bits from the seeded generator.
    pub fn new_tag(&mut self) -> String {
        format!("{:016x}", self.ids.next())
    }

    /// The next output to act on, until `None`.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next be called, `None` when no
    /// timer runs.
    pub fn poll_timeout(&mut self) -> Option<Instant> {
        while let Some(&Reverse((at, id, kind))) = self.timers.peek() {
            if self.timer_is_live(at, id, kind) {
                return Some(at);
            }
            self.timers.pop();
        }
        None
    }

    fn timer_is_live(&self, at: Instant, id: u64, kind: u8) -> bool {
        self.table
            .get(&id)
            .is_some_and(|t| t.timers[usize::from(kind)] == Some(at))
    }

    // ---------------------------------------------------------------- inputs

    /// Bytes received from `peer`: one UDP datagram, or one message framed from a stream.
    pub fn handle_input(&mut self, now: Instant, peer: Peer, bytes: Bytes) {
        let message = match Message::parse_bytes(bytes, &self.config.parse) {
            Ok(m) => m,
            Err(error) => {
                self.event(Event::Dropped {
                    peer,
                    error: Some(error),
                });
                return;
            }
        };
        self.handle_message(now, peer, message);
    }

    /// A message already framed and parsed (what [`rcs_sip::Framer`] cuts from a TCP or TLS
    /// stream), from `peer`.
    pub fn handle_message(&mut self, now: Instant, peer: Peer, message: Message<'static>) {
        if message.is_request() {
            self.handle_request(now, peer, message);
        } else {
            self.handle_response(now, peer, message);
        }
    }

    /// Sends a request through a new client transaction. The request carries its top Via
    /// with a branch from [`new_branch`](Self::new_branch) (the magic cookie is required);
    /// an ACK for a 2xx goes through [`send_stateless`](Self::send_stateless) instead.
    pub fn send_request(
        &mut self,
        now: Instant,
        request: Message<'static>,
        peer: Peer,
    ) -> Result<TransactionId, EngineError> {
        let (key, invite) = {
            let facts = Facts::of(&request).ok_or(EngineError::WrongMessage(
                "a request needs Via, CSeq, Call-ID, From, To",
            ))?;
            if !request.is_request() {
                return Err(EngineError::WrongMessage("not a request"));
            }
            if facts.method == "ACK" {
                return Err(EngineError::WrongMessage("ACK opens no transaction"));
            }
            if facts.method != facts.cseq_method {
                return Err(EngineError::WrongMessage(
                    "the CSeq method is not the method",
                ));
            }
            if !facts.has_cookie() {
                return Err(EngineError::NoBranch);
            }
            let key = facts.client_key().ok_or(EngineError::NoBranch)?;
            (key, facts.method == "INVITE")
        };
        if self.clients.contains_key(&key) {
            return Err(EngineError::DuplicateBranch);
        }
        if self.table.len() >= self.config.limits.max_transactions {
            return Err(EngineError::TableFull);
        }
        let bytes = request.to_bytes();
        let id = self.insert(Transaction {
            kind: if invite {
                Kind::InviteClient
            } else {
                Kind::NonInviteClient
            },
            state: if invite {
                State::Calling
            } else {
                State::Trying
            },
            peer,
            reply_to: peer,
            request,
            request_bytes: bytes.clone(),
            last: None,
            last_status: 0,
            to_tag: None,
            interval: self.config.timers.t1,
            timers: [None; TIMER_KINDS],
            client_key: Some(key.clone()),
            server_key: None,
            merge_key: None,
            accepted_key: None,
            check: None,
            accepted_dialog: None,
            cancel_pending: false,
            cancel_sent: false,
            acked: false,
            unanswered: false,
        });
        self.clients.insert(key, id);
        self.transmit(peer, bytes, Some(id));
        let t = self.config.timers;
        if !peer.transport.is_reliable() {
            self.set_timer(id, TimerKind::Retransmit, now + t.t1);
        }
        // Timer B or F.
        self.set_timer(id, TimerKind::Timeout, now + t.timeout());
        Ok(TransactionId(id))
    }

    /// Sends the TU's response through a server transaction: provisional responses any
    /// number of times, then one final response (an INVITE's 2xx may be repeated while
    /// Accepted). A 2xx to an INVITE over UDP is retransmitted by the engine until the ACK
    /// arrives (RFC 3261 §13.3.1.4).
    pub fn respond(
        &mut self,
        now: Instant,
        id: TransactionId,
        response: Message<'static>,
    ) -> Result<(), EngineError> {
        let status = response
            .status()
            .ok_or(EngineError::WrongMessage("not a response"))?;
        if !(100..=699).contains(&status) {
            return Err(EngineError::WrongMessage("status outside 100-699"));
        }
        let t = self
            .table
            .get(&id.0)
            .ok_or(EngineError::UnknownTransaction)?;
        if !t.is_server() {
            return Err(EngineError::WrongState(
                "a client transaction takes no response",
            ));
        }
        // The response must be this request's (§8.2.6: its top Via and CSeq copied).
        if t.check.is_none() || ResponseCheck::of(&response) != t.check {
            return Err(EngineError::WrongMessage(
                "the response's top Via and CSeq are not the request's",
            ));
        }
        let allowed = match (t.kind, t.state) {
            (Kind::InviteServer, State::Proceeding) => true,
            (Kind::InviteServer, State::Accepted) => (200..300).contains(&status),
            (Kind::NonInviteServer, State::Trying | State::Proceeding) => true,
            _ => false,
        };
        if !allowed {
            return Err(EngineError::WrongState("the final response was sent"));
        }
        let to_tag = response
            .to_header()
            .and_then(Result::ok)
            .and_then(|a| a.tag().map(Box::<str>::from));
        if let Some(t) = self.table.get_mut(&id.0)
            && to_tag.is_some()
        {
            t.to_tag = to_tag;
        }
        let bytes = response.to_bytes();
        self.send_response(now, id.0, status, bytes);
        Ok(())
    }

    /// CANCELs an INVITE client transaction (§9.1): the CANCEL goes through its own
    /// client transaction, returned; `None` when no provisional response has arrived yet (it
    /// is sent when one does, as §9.1 asks).
    pub fn cancel(
        &mut self,
        now: Instant,
        id: TransactionId,
    ) -> Result<Option<TransactionId>, EngineError> {
        let t = self
            .table
            .get_mut(&id.0)
            .ok_or(EngineError::UnknownTransaction)?;
        if t.kind != Kind::InviteClient {
            return Err(EngineError::WrongState("only an INVITE is cancelled"));
        }
        match t.state {
            State::Calling => {
                t.cancel_pending = true;
                Ok(None)
            }
            State::Proceeding if !t.cancel_sent => self.send_cancel(now, id.0).map(Some),
            State::Proceeding => Err(EngineError::WrongState("already cancelled")),
            _ => Err(EngineError::WrongState("the INVITE has its final response")),
        }
    }

    /// Sends a message outside any transaction: the ACK for a 2xx (its own transaction,
    /// §13.2.2.4) or a response a stateless element sends.
    pub fn send_stateless(&mut self, peer: Peer, message: &Message<'_>) {
        self.transmit(peer, message.to_bytes(), None);
    }

    /// Sends bytes already encoded outside any transaction (an ACK kept by its dialog).
    pub fn send_stateless_bytes(&mut self, peer: Peer, bytes: Bytes) {
        self.transmit(peer, bytes, None);
    }

    /// Answers a server transaction with a status this layer writes itself (§8.2.6; the
    /// reason phrase is the RFC's), `to_tag` added to To when it has none. For the user
    /// agent's own refusals: 481, 500.
    pub fn respond_status(
        &mut self,
        now: Instant,
        id: TransactionId,
        status: u16,
        to_tag: Option<&str>,
    ) -> Result<(), EngineError> {
        let t = self
            .table
            .get(&id.0)
            .ok_or(EngineError::UnknownTransaction)?;
        let response = build::response(&t.request, status, to_tag)?;
        self.respond(now, id, response)
    }

    /// The peer a client transaction sends to, or a server transaction's request came from.
    pub fn peer(&self, id: TransactionId) -> Option<Peer> {
        self.table.get(&id.0).map(|t| t.peer)
    }

    /// The transport could not send a transaction's message (§17.1.4, §17.2.4): the
    /// transaction ends and the TU is told.
    pub fn transport_error(&mut self, _now: Instant, id: TransactionId) {
        if self.table.contains_key(&id.0) {
            self.end(id.0, crate::event::EndReason::TransportError);
        }
    }

    /// Runs every timer due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        while let Some(&Reverse((at, id, kind))) = self.timers.peek() {
            if at > now {
                break;
            }
            self.timers.pop();
            if !self.timer_is_live(at, id, kind) {
                continue;
            }
            if let Some(t) = self.table.get_mut(&id) {
                t.timers[usize::from(kind)] = None;
            }
            let kind = match kind {
                0 => TimerKind::Retransmit,
                1 => TimerKind::Timeout,
                2 => TimerKind::Linger,
                3 => TimerKind::Trying,
                _ => TimerKind::Answer,
            };
            self.fire(now, id, kind);
        }
    }

    // ---------------------------------------------------------------- requests

    fn handle_request(&mut self, now: Instant, peer: Peer, message: Message<'static>) {
        // Everything matching needs is read once here; the request then moves on.
        let placed = {
            let Some(facts) = Facts::of(&message) else {
                // Without the headers a response copies, a 400 is all that can be said, and
                // only when a Via says where to.
                if matches!(message.vias().next(), Some(Ok(_))) {
                    self.stateless(peer, &message, 400, None);
                } else {
                    self.event(Event::Dropped { peer, error: None });
                }
                return;
            };
            if facts.method != facts.cseq_method {
                let reply_to = facts.reply_to(peer);
                self.stateless(peer, &message, 400, Some(reply_to));
                return;
            }
            facts.place(peer)
        };
        match placed {
            Placed::Ack {
                invite,
                to_tag,
                dialog,
            } => self.handle_ack(now, peer, message, &invite, to_tag.as_deref(), &dialog),
            Placed::Cancel {
                own,
                invite,
                merge,
                reply_to,
            } => self.handle_cancel(now, peer, message, own, &invite, merge, reply_to),
            Placed::Other(o) => self.handle_other_request(now, peer, message, o),
        }
    }

    fn handle_ack(
        &mut self,
        now: Instant,
        peer: Peer,
        message: Message<'static>,
        invite: &[Option<ServerKey>; 2],
        to_tag: Option<&str>,
        dialog: &DialogRequestKey,
    ) {
        let found = self.find_invite_for(invite, Some(to_tag));
        if let Some(id) = found {
            let linger = self.config.timers.t4;
            let Some(t) = self.table.get_mut(&id) else {
                return;
            };
            match t.state {
                State::Completed => {
                    // The ACK of a non-2xx: §17.2.1, Confirmed; Timer I absorbs its
                    // retransmissions (zero on a reliable transport).
                    t.state = State::Confirmed;
                    t.timers[TimerKind::Retransmit as usize] = None;
                    t.timers[TimerKind::Timeout as usize] = None;
                    if t.reliable() {
                        self.end(id, EndReason::Completed);
                    } else {
                        self.set_timer(id, TimerKind::Linger, now + linger);
                    }
                    return;
                }
                State::Confirmed => return,
                _ => {}
            }
        }
        // The ACK of a 2xx: a new branch, found by the dialog's identifiers (RFC 6026).
        let accepted = self.accepted.get(dialog).copied().or(found.filter(|id| {
            self.table
                .get(id)
                .is_some_and(|t| t.state == State::Accepted)
        }));
        if let Some(id) = accepted
            && let Some(t) = self.table.get_mut(&id)
        {
            t.acked = true;
            t.timers[TimerKind::Retransmit as usize] = None;
        }
        self.event(Event::Ack {
            id: accepted.map(TransactionId),
            request: message,
            peer,
        });
    }

    /// The INVITE server transaction an ACK or CANCEL names (§17.2.3). For an ACK
    /// (`ack_to_tag` given) from an RFC 2543 peer, its To tag must be the response's.
    fn find_invite_for(
        &self,
        keys: &[Option<ServerKey>; 2],
        ack_to_tag: Option<Option<&str>>,
    ) -> Option<u64> {
        for key in keys.iter().flatten() {
            let Some(&id) = self.servers.get(key) else {
                continue;
            };
            let Some(t) = self.table.get(&id) else {
                continue;
            };
            let legacy = matches!(key, ServerKey::Legacy { .. });
            match ack_to_tag {
                Some(tag) if legacy && t.to_tag.as_deref() != tag => continue,
                _ => return Some(id),
            }
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_cancel(
        &mut self,
        now: Instant,
        peer: Peer,
        message: Message<'static>,
        own: Option<ServerKey>,
        invite: &[Option<ServerKey>; 2],
        merge: DialogRequestKey,
        reply_to: Peer,
    ) {
        if let Some(id) = own.as_ref().and_then(|k| self.servers.get(k).copied()) {
            // A retransmitted CANCEL: the transaction answers it again.
            self.retransmitted_request(id);
            return;
        }
        let Some(invite) = self.find_invite_for(invite, None) else {
            self.stateless(peer, &message, 481, Some(reply_to));
            return;
        };
        if self.table.len() >= self.config.limits.max_transactions {
            self.stateless(peer, &message, 503, Some(reply_to));
            return;
        }
        let check = ResponseCheck::of(&message);
        let id = self.open_server(
            now,
            peer,
            message,
            OtherRequest {
                key: own,
                merge: Some(merge),
                accepted: None,
                reply_to,
                stamp: (None, None),
                check: check.unwrap_or(ResponseCheck {
                    branch: None,
                    cseq: 0,
                    method: "CANCEL".into(),
                }),
            },
            false,
        );
        let ok = self
            .table
            .get(&id)
            .map(|t| build::response(&t.request, 200, t.to_tag.as_deref()));
        if let Some(Ok(ok)) = ok {
            self.send_response(now, id, 200, ok.to_bytes());
        }
        // §9.2: the INVITE, if still unanswered, gets 487.
        let pending = self
            .table
            .get(&invite)
            .is_some_and(|t| t.state == State::Proceeding);
        if pending {
            let tag = self.new_tag();
            let terminated = self.table.get(&invite).map(|t| {
                build::response(&t.request, 487, Some(t.to_tag.as_deref().unwrap_or(&tag)))
            });
            if let Some(Ok(r)) = terminated {
                if let Some(t) = self.table.get_mut(&invite) {
                    t.to_tag.get_or_insert_with(|| tag.into());
                }
                self.send_response(now, invite, 487, r.to_bytes());
            }
            self.event(Event::Cancelled {
                id: TransactionId(invite),
            });
        }
    }

    fn handle_other_request(
        &mut self,
        now: Instant,
        peer: Peer,
        message: Message<'static>,
        o: OtherRequest,
    ) {
        let Some(key) = &o.key else {
            self.stateless(peer, &message, 400, Some(o.reply_to));
            return;
        };
        if let Some(&id) = self.servers.get(key) {
            self.retransmitted_request(id);
            return;
        }
        if let Some(m) = &o.merge
            && self.merges.contains_key(m)
        {
            // §8.2.2.2: the same request by another path.
            self.stateless(peer, &message, 482, Some(o.reply_to));
            return;
        }
        if self.table.len() >= self.config.limits.max_transactions {
            self.stateless(peer, &message, 503, Some(o.reply_to));
            return;
        }
        let invite = message.method() == Some("INVITE");
        let message = if o.stamp == (None, None) {
            message
        } else {
            stamp_via(message, peer, &self.config.parse)
        };
        let id = self.open_server(now, peer, message, o, invite);
        let request = self.table.get(&id).map(|t| t.request.clone());
        if let Some(request) = request {
            self.event(Event::Request {
                id: TransactionId(id),
                request,
                peer,
            });
        }
    }

    /// A new server transaction for a request already matched and checked.
    fn open_server(
        &mut self,
        now: Instant,
        peer: Peer,
        request: Message<'static>,
        o: OtherRequest,
        invite: bool,
    ) -> u64 {
        let OtherRequest {
            key,
            merge,
            accepted,
            reply_to,
            check,
            ..
        } = o;
        let bytes = request.to_bytes();
        let id = self.insert(Transaction {
            kind: if invite {
                Kind::InviteServer
            } else {
                Kind::NonInviteServer
            },
            state: if invite {
                State::Proceeding
            } else {
                State::Trying
            },
            peer,
            reply_to,
            request,
            request_bytes: bytes,
            last: None,
            last_status: 0,
            to_tag: None,
            interval: self.config.timers.t1,
            timers: [None; TIMER_KINDS],
            client_key: None,
            server_key: key.clone(),
            merge_key: merge.clone(),
            accepted_key: None,
            check: Some(check),
            accepted_dialog: accepted,
            cancel_pending: false,
            cancel_sent: false,
            acked: false,
            unanswered: false,
        });
        if let Some(k) = key {
            self.servers.insert(k, id);
        }
        if let Some(m) = merge {
            self.merges.insert(m, id);
        }
        let t = self.config.timers;
        if invite {
            self.set_timer(id, TimerKind::Trying, now + t.trying);
            self.set_timer(id, TimerKind::Answer, now + t.invite_answer);
        } else {
            self.set_timer(id, TimerKind::Answer, now + t.non_invite_answer);
        }
        id
    }

    /// A request retransmission matched a server transaction (§17.2.1, §17.2.2).
    fn retransmitted_request(&mut self, id: u64) {
        let Some(t) = self.table.get(&id) else {
            return;
        };
        let resend = match (t.kind, t.state) {
            // The most recent provisional response; or 100 now if none was sent yet.
            (Kind::InviteServer, State::Proceeding) => match &t.last {
                Some(b) => Some(b.clone()),
                None => build::response(&t.request, 100, None)
                    .ok()
                    .map(|r| r.to_bytes()),
            },
            (Kind::InviteServer, State::Completed) => t.last.clone(),
            (Kind::NonInviteServer, State::Proceeding | State::Completed) => t.last.clone(),
            // Trying (non-INVITE), Confirmed and Accepted absorb them.
            _ => None,
        };
        if let Some(bytes) = resend {
            let (peer, status) = (t.reply_to, t.last_status);
            if status == 0
                && let Some(t) = self.table.get_mut(&id)
            {
                t.last = Some(bytes.clone());
                t.last_status = 100;
                t.timers[TimerKind::Trying as usize] = None;
            }
            self.transmit(peer, bytes, Some(id));
        }
    }

    // ---------------------------------------------------------------- responses

    /// Sends a server transaction's response and moves its machine.
    fn send_response(&mut self, now: Instant, id: u64, status: u16, bytes: Bytes) {
        let timers = self.config.timers;
        let Some(t) = self.table.get_mut(&id) else {
            return;
        };
        let peer = t.reply_to;
        let reliable = t.reliable();
        t.last = Some(bytes.clone());
        t.last_status = status;
        t.timers[TimerKind::Trying as usize] = None;
        let mut end = false;
        let mut accepted_key = None;
        match t.kind {
            Kind::InviteServer => {
                if status < 200 {
                    t.state = State::Proceeding;
                } else {
                    t.timers[TimerKind::Answer as usize] = None;
                    t.interval = timers.t1;
                    if status < 300 {
                        if t.state != State::Accepted {
                            t.state = State::Accepted;
                            accepted_key = t.accepted_dialog.clone();
                            t.accepted_key = accepted_key.clone();
                            t.timers[TimerKind::Timeout as usize] = Some(now + timers.timeout());
                        }
                        // The 2xx is retransmitted until the ACK (§13.3.1.4) on UDP.
                        t.timers[TimerKind::Retransmit as usize] =
                            (!reliable && !t.acked).then_some(now + timers.t1);
                    } else {
                        t.state = State::Completed;
                        // Timer G (UDP) and H.
                        t.timers[TimerKind::Retransmit as usize] =
                            (!reliable).then_some(now + timers.t1);
                        t.timers[TimerKind::Timeout as usize] = Some(now + timers.timeout());
                    }
                }
            }
            Kind::NonInviteServer => {
                if status < 200 {
                    t.state = State::Proceeding;
                } else {
                    t.state = State::Completed;
                    t.timers[TimerKind::Answer as usize] = None;
                    if reliable {
                        end = true;
                    } else {
                        // Timer J.
                        t.timers[TimerKind::Linger as usize] = Some(now + timers.timeout());
                    }
                }
            }
            _ => {}
        }
        // The heap learns the timers set above (`t` borrows the table, not the heap).
        for k in [TimerKind::Retransmit, TimerKind::Timeout, TimerKind::Linger] {
            if let Some(at) = t.timers[k as usize] {
                self.timers.push(Reverse((at, id, k as u8)));
            }
        }
        if let Some(k) = accepted_key {
            self.accepted.insert(k, id);
        }
        self.transmit(peer, bytes, Some(id));
        if end {
            self.end(id, EndReason::Completed);
        }
    }

    fn handle_response(&mut self, now: Instant, peer: Peer, message: Message<'static>) {
        let id = ResponseCheck::of(&message)
            .and_then(|c| c.client_key())
            .and_then(|k| self.clients.get(&k).copied());
        let (Some(id), Some(status)) = (id, message.status()) else {
            self.event(Event::Dropped { peer, error: None });
            return;
        };
        let timers = self.config.timers;
        let Some(t) = self.table.get_mut(&id) else {
            return;
        };
        let reliable = t.reliable();
        let deliver;
        match (t.kind, t.state) {
            (Kind::InviteClient, State::Calling | State::Proceeding) => {
                deliver = true;
                t.timers[TimerKind::Retransmit as usize] = None;
                if status < 200 {
                    t.state = State::Proceeding;
                    // No Timer B past Calling; the wait for a final response is bounded
                    // like a proxy's Timer C, restarted by each provisional response.
                    if !t.cancel_sent {
                        self.set_timer(id, TimerKind::Timeout, now + timers.invite_answer);
                    }
                    let cancel = self.table.get(&id).is_some_and(|t| t.cancel_pending);
                    self.event(Event::Response {
                        id: TransactionId(id),
                        response: message,
                    });
                    if cancel {
                        let _ = self.send_cancel(now, id);
                    }
                    return;
                } else if status < 300 {
                    t.state = State::Accepted;
                    // Timer M.
                    t.timers[TimerKind::Timeout as usize] = None;
                    self.set_timer(id, TimerKind::Linger, now + timers.timeout());
                } else {
                    t.state = State::Completed;
                    t.timers[TimerKind::Timeout as usize] = None;
                    let ack = build::ack_for(&t.request, &message)
                        .ok()
                        .map(|m| m.to_bytes());
                    t.last.clone_from(&ack);
                    let dest = t.peer;
                    if let Some(ack) = ack {
                        self.transmit(dest, ack, Some(id));
                    }
                    if !reliable {
                        // Timer D.
                        self.set_timer(id, TimerKind::Linger, now + timers.d);
                    }
                    self.event(Event::Response {
                        id: TransactionId(id),
                        response: message,
                    });
                    if reliable {
                        self.end(id, EndReason::Completed);
                    }
                    return;
                }
            }
            (Kind::InviteClient, State::Completed) => {
                deliver = false;
                if status >= 300
                    && let Some(ack) = t.last.clone()
                {
                    let dest = t.peer;
                    self.transmit(dest, ack, Some(id));
                }
            }
            (Kind::InviteClient, State::Accepted) => deliver = (200..300).contains(&status),
            (Kind::NonInviteClient, State::Trying | State::Proceeding) => {
                deliver = true;
                if status < 200 {
                    t.state = State::Proceeding;
                } else {
                    t.state = State::Completed;
                    t.timers[TimerKind::Retransmit as usize] = None;
                    t.timers[TimerKind::Timeout as usize] = None;
                    if reliable {
                        self.event(Event::Response {
                            id: TransactionId(id),
                            response: message,
                        });
                        self.end(id, EndReason::Completed);
                        return;
                    }
                    // Timer K.
                    self.set_timer(id, TimerKind::Linger, now + timers.t4);
                }
            }
            _ => deliver = false,
        }
        if deliver {
            self.event(Event::Response {
                id: TransactionId(id),
                response: message,
            });
        }
    }

    fn send_cancel(&mut self, now: Instant, invite: u64) -> Result<TransactionId, EngineError> {
        let (cancel, peer) = {
            let t = self
                .table
                .get(&invite)
                .ok_or(EngineError::UnknownTransaction)?;
            (build::cancel_for(&t.request)?, t.peer)
        };
        let id = self.send_request(now, cancel, peer)?;
        if let Some(t) = self.table.get_mut(&invite) {
            t.cancel_sent = true;
            t.cancel_pending = false;
        }
        // The INVITE now waits 64×T1 for its 487 (§9.1) and then gives up.
        let timeout = self.config.timers.timeout();
        self.set_timer(invite, TimerKind::Timeout, now + timeout);
        Ok(id)
    }

    // ---------------------------------------------------------------- timers

    fn fire(&mut self, now: Instant, id: u64, kind: TimerKind) {
        let timers = self.config.timers;
        let Some(t) = self.table.get_mut(&id) else {
            return;
        };
        match (t.kind, t.state, kind) {
            // A: double, no cap. E: double up to T2 while Trying, T2 in Proceeding.
            (Kind::InviteClient, State::Calling, TimerKind::Retransmit) => {
                t.interval = t.interval.saturating_mul(2);
                let (at, peer, bytes) = (now + t.interval, t.peer, t.request_bytes.clone());
                self.set_timer(id, TimerKind::Retransmit, at);
                self.transmit(peer, bytes, Some(id));
            }
            (Kind::NonInviteClient, State::Trying | State::Proceeding, TimerKind::Retransmit) => {
                t.interval = if t.state == State::Trying {
                    t.interval.saturating_mul(2).min(timers.t2)
                } else {
                    timers.t2
                };
                let (at, peer, bytes) = (now + t.interval, t.peer, t.request_bytes.clone());
                self.set_timer(id, TimerKind::Retransmit, at);
                self.transmit(peer, bytes, Some(id));
            }
            (Kind::InviteClient, State::Calling, TimerKind::Timeout)
            | (Kind::NonInviteClient, State::Trying | State::Proceeding, TimerKind::Timeout) => {
                self.end(id, EndReason::Timeout);
            }
            (Kind::InviteClient, State::Proceeding, TimerKind::Timeout) => {
                self.proceeding_timeout(now, id);
            }
            (_, _, TimerKind::Linger) => self.end(id, EndReason::Completed),
            // G: double up to T2; the 2xx of an Accepted INVITE the same way until the ACK.
            (Kind::InviteServer, State::Completed | State::Accepted, TimerKind::Retransmit) => {
                if t.state == State::Accepted && t.acked {
                    return;
                }
                t.interval = t.interval.saturating_mul(2).min(timers.t2);
                let at = now + t.interval;
                let (peer, bytes) = (t.reply_to, t.last.clone());
                self.set_timer(id, TimerKind::Retransmit, at);
                if let Some(bytes) = bytes {
                    self.transmit(peer, bytes, Some(id));
                }
            }
            // H: no ACK for the non-2xx. L: the Accepted state is over.
            (Kind::InviteServer, State::Completed, TimerKind::Timeout) => {
                self.end(id, EndReason::Timeout);
            }
            (Kind::InviteServer, State::Accepted, TimerKind::Timeout) => {
                let reason = if t.acked {
                    EndReason::Completed
                } else {
                    EndReason::NoAck
                };
                self.end(id, reason);
            }
            (Kind::InviteServer, State::Proceeding, TimerKind::Trying) => {
                if t.last_status == 0
                    && let Ok(r) = build::response(&t.request, 100, None)
                {
                    let (peer, bytes) = (t.reply_to, r.to_bytes());
                    t.last = Some(bytes.clone());
                    t.last_status = 100;
                    self.transmit(peer, bytes, Some(id));
                }
            }
            (Kind::InviteServer, State::Proceeding, TimerKind::Answer) => {
                // The TU did not answer: 408, and the transaction runs on as Completed.
                t.unanswered = true;
                let tag = self.new_tag();
                let r = self.table.get(&id).map(|t| {
                    build::response(&t.request, 408, Some(t.to_tag.as_deref().unwrap_or(&tag)))
                });
                if let Some(Ok(r)) = r {
                    self.send_response(now, id, 408, r.to_bytes());
                } else {
                    self.end(id, EndReason::Unanswered);
                }
            }
            (Kind::NonInviteServer, State::Trying | State::Proceeding, TimerKind::Answer) => {
                self.end(id, EndReason::Unanswered);
            }
            _ => {}
        }
    }

    /// An INVITE client transaction waited too long in Proceeding. Like a proxy's Timer C:
    /// CANCEL, then wait 64×T1 for the 487, then give up.
    fn proceeding_timeout(&mut self, now: Instant, id: u64) {
        let cancelled = self.table.get(&id).is_some_and(|t| t.cancel_sent);
        if cancelled || self.send_cancel(now, id).is_err() {
            self.end(id, EndReason::Timeout);
        }
    }

    // ---------------------------------------------------------------- plumbing

    fn insert(&mut self, t: Transaction) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.table.insert(id, t);
        id
    }

    fn set_timer(&mut self, id: u64, kind: TimerKind, at: Instant) {
        if let Some(t) = self.table.get_mut(&id) {
            t.timers[kind as usize] = Some(at);
            self.timers.push(Reverse((at, id, kind as u8)));
        }
    }

    fn transmit(&mut self, peer: Peer, bytes: Bytes, transaction: Option<u64>) {
        self.outputs.push_back(Output::Transmit(Transmit {
            peer,
            bytes,
            transaction: transaction.map(TransactionId),
        }));
    }

    fn event(&mut self, e: Event) {
        self.outputs.push_back(Output::Event(e));
    }

    /// A response without a transaction, to where the request's Via says.
    fn stateless(
        &mut self,
        peer: Peer,
        request: &Message<'_>,
        status: u16,
        reply_to: Option<Peer>,
    ) {
        let reply_to =
            reply_to.unwrap_or_else(|| Facts::of(request).map_or(peer, |f| f.reply_to(peer)));
        let tag = (status != 100).then(|| self.new_tag());
        match build::response(request, status, tag.as_deref()) {
            Ok(r) => {
                self.transmit(reply_to, r.to_bytes(), None);
                self.event(Event::Answered { peer, status });
            }
            Err(_) => self.event(Event::Dropped { peer, error: None }),
        }
    }

    fn end(&mut self, id: u64, reason: EndReason) {
        let Some(t) = self.table.remove(&id) else {
            return;
        };
        // The engine's own 408 ends however it ends: what the TU needs to know is that it
        // never answered.
        let reason = if t.unanswered && reason != EndReason::TransportError {
            EndReason::Unanswered
        } else {
            reason
        };
        if let Some(k) = t.client_key
            && self.clients.get(&k) == Some(&id)
        {
            self.clients.remove(&k);
        }
        if let Some(k) = t.server_key
            && self.servers.get(&k) == Some(&id)
        {
            self.servers.remove(&k);
        }
        if let Some(k) = t.merge_key
            && self.merges.get(&k) == Some(&id)
        {
            self.merges.remove(&k);
        }
        if let Some(k) = t.accepted_key
            && self.accepted.get(&k) == Some(&id)
        {
            self.accepted.remove(&k);
        }
        self.event(Event::Ended {
            id: TransactionId(id),
            reason,
        });
    }
}

/// The request with `received`/`rport` added to its top Via where §18.2.1 and RFC 3581 ask;
/// the same request when nothing is to add (or the Via cannot be located in its bytes).
fn stamp_via(
    message: Message<'static>,
    peer: Peer,
    options: &rcs_sip::ParseOptions,
) -> Message<'static> {
    let edit = {
        let Some(facts) = Facts::of(&message) else {
            return message;
        };
        let (received, rport) = facts.via_stamp(peer);
        if received.is_none() && rport.is_none() {
            return message;
        }
        let raw = message.as_bytes();
        let base = raw.as_ptr() as usize;
        let via = facts.via_raw;
        let start = (via.as_ptr() as usize).wrapping_sub(base);
        let end = start.wrapping_add(via.len());
        if raw.get(start..end) != Some(via.as_bytes()) {
            return message;
        }
        // Where a bare `rport` ends, to give it the source port.
        let rport_at = rport.and_then(|_| {
            let lower = via.to_ascii_lowercase();
            let mut from = 0;
            while let Some(i) = lower[from..].find(";rport") {
                let after = from + i + ";rport".len();
                if lower[after..]
                    .bytes()
                    .next()
                    .is_none_or(|b| b == b';' || b == b' ' || b == b'\t' || b == b',')
                {
                    return Some(start + after);
                }
                from = after;
            }
            None
        });
        let mut out = Vec::with_capacity(raw.len() + 48);
        let mut at = 0;
        if let (Some(pos), Some(port)) = (rport_at, rport) {
            out.extend_from_slice(&raw[..pos]);
            let mut s = String::new();
            let _ = write!(s, "={port}");
            out.extend_from_slice(s.as_bytes());
            at = pos;
        }
        out.extend_from_slice(&raw[at..end]);
        if let Some(ip) = received {
            let mut s = String::new();
            let _ = write!(s, ";received={ip}");
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&raw[end..]);
        out
    };
    // The edit is inside a header value and adds a valid parameter, so it parses again; if
    // it did not, the request as received is kept.
    match Message::parse_bytes(Bytes::from(edit), options) {
        Ok(m) => m,
        Err(_) => message,
    }
}
