//! The server role: an SMSC (SMPP) or ISMG / SMG / gateway (CMPP, SGIP, SMGP) that accepts
//! logins, answers submits, and sends mobile-originated messages and delivery receipts.

use std::time::Instant;

use rcs_fallback::SmsPlan;
use rcs_fallback::gateway::sgip::SgipSequence;

use crate::config::{Config, Protocol};
use crate::event::{MessageId, RequestId, SendError, StateError};
use crate::link::{Link, Side};
use crate::receipt::{DeliveryState, SmscMessageId};
use crate::wire::{Addressing, ReceiptWrite};

/// How to answer a submit.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubmitAnswer {
    /// Accept it; the engine makes the message id (see [`Server::respond_submit`]).
    Accept,
    /// Accept it with this id (it must be the protocol's kind).
    AcceptWithId(SmscMessageId),
    /// "Throttled" (SMPP ESME_RTHROTTLED, CMPP 8, SGIP 11, SMGP 1).
    Throttle,
    /// Refuse it with this status.
    Refuse(u32),
}

/// A delivery receipt to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptSpec {
    /// The id the submit was accepted with.
    pub id: SmscMessageId,
    /// The phone the message went to.
    pub recipient: String,
    /// The SP / ESME address it came from.
    pub originator: String,
    /// What happened.
    pub state: DeliveryState,
    /// The error code (0 when delivered).
    pub error: u32,
    /// When the message was submitted (seconds since 1970); `None`: now.
    pub submitted_at: Option<i64>,
}

/// A server session on one accepted connection.
///
/// Drive it like the [`Client`](crate::Client): input, timeouts, then drain
/// [`poll_output`](Self::poll_output).
#[derive(Debug)]
pub struct Server {
    link: Link,
}

impl Server {
    /// A server with `config` (see [`Config::server`]).
    pub fn new(config: Config) -> Self {
        Self {
            link: Link::new(config, Side::Server),
        }
    }

    /// The connection is open: wait for the peer's login (or, with
    /// [`Login::Initiate`](crate::Login::Initiate), log in: SGIP's SMG-to-SP links).
    /// `unix_time` is the wall clock now, in seconds since 1970.
    pub fn start(&mut self, now: Instant, unix_time: i64) -> Result<(), StateError> {
        self.link.start(now, unix_time)
    }

    /// SMPP outbind: on a connection this SMSC opened to an ESME, ask it to bind (it answers
    /// with a bind, seen as [`LoginRequest`](crate::Event::LoginRequest)). `system_id` and
    /// `password` are the SMSC's, for the ESME to check. Only while awaiting the login.
    pub fn outbind(
        &mut self,
        now: Instant,
        system_id: &str,
        password: &[u8],
    ) -> Result<(), StateError> {
        self.link.send_outbind(now, system_id, password)
    }

    /// Checks the pending login against `secret` (the SMPP/SGIP password, the CMPP/SMGP
    /// shared secret) and answers it; `Ok(false)` when it failed (the link then closes).
    pub fn accept_login(&mut self, now: Instant, secret: &[u8]) -> Result<bool, StateError> {
        self.link.accept_login(now, secret, true)
    }

    /// Accepts the pending login without checking it (a test SMSC that takes any
    /// credentials); CMPP and SMGP responses are signed with `secret` all the same.
    pub fn accept_login_unchecked(
        &mut self,
        now: Instant,
        secret: &[u8],
    ) -> Result<(), StateError> {
        self.link.accept_login(now, secret, false).map(|_| ())
    }

    /// Refuses the pending login (`status`, or the protocol's authentication failure).
    pub fn refuse_login(&mut self, now: Instant, status: Option<u32>) -> Result<(), StateError> {
        self.link.refuse_login(now, status)
    }

    /// Answers a [`Submitted`](crate::Event::Submitted) part. Returns the message id an
    /// accepting answer carried (for the receipt later). Engine-made ids: SMPP a hexadecimal
    /// counter (prefixed by `node_id`), CMPP the 64-bit time/gateway/sequence Msg_Id, SMGP
    /// the 10-octet BCD gateway/time/sequence MsgID, SGIP the submit's own sequence number.
    pub fn respond_submit(
        &mut self,
        now: Instant,
        request: RequestId,
        answer: SubmitAnswer,
    ) -> Result<Option<SmscMessageId>, StateError> {
        let reply = self
            .link
            .is_unanswered(request)
            .ok_or(StateError::UnknownRequest)?;
        let statuses = self.link.statuses();
        let (status, id) = match answer {
            SubmitAnswer::Accept => (
                0,
                Some(match self.link.protocol() {
                    Protocol::Sgip => SmscMessageId::Sgip(SgipSequence {
                        node: reply.seq.node,
                        timestamp: reply.seq.time,
                        number: reply.seq.number,
                    }),
                    _ => self.next_id(now),
                }),
            ),
            SubmitAnswer::AcceptWithId(id) => (0, Some(id)),
            SubmitAnswer::Throttle => (statuses.throttled, None),
            SubmitAnswer::Refuse(status) => (status.max(1), None),
        };
        self.link.answer_submit(now, request, status, id.as_ref())?;
        Ok(id)
    }

    fn next_id(&mut self, now: Instant) -> SmscMessageId {
        let n = self.link.next_smsc_number;
        self.link.next_smsc_number += 1;
        let node = self.link.cfg.node_id;
        let c = self.link.civil(now);
        match self.link.protocol() {
            Protocol::Cmpp(_) => SmscMessageId::Cmpp(
                // CMPP 3.0 §7.4.3.2: month 4 bits, day 5, hour 5, minute 6, second 6, gateway
                // code 22, sequence 16.
                (u64::from(c.month) << 60)
                    | (u64::from(c.day) << 55)
                    | (u64::from(c.hour) << 50)
                    | (u64::from(c.minute) << 44)
                    | (u64::from(c.second) << 38)
                    | ((u64::from(node) & 0x3F_FFFF) << 16)
                    | (n & 0xFFFF),
            ),
            Protocol::Smgp => {
                // SMGP 3.0: gateway code (6 digits), MMDDHHMM, sequence (6 digits), in BCD.
                let digits = format!(
                    "{:06}{:02}{:02}{:02}{:02}{:06}",
                    node % 1_000_000,
                    c.month,
                    c.day,
                    c.hour,
                    c.minute,
                    n % 1_000_000
                );
                let mut id = [0u8; 10];
                for (o, pair) in id.iter_mut().zip(digits.as_bytes().chunks(2)) {
                    *o = ((pair[0] - b'0') << 4) | (pair[1] - b'0');
                }
                SmscMessageId::Smgp(id)
            }
            _ => SmscMessageId::Text(format!(
                "{:x}",
                (u64::from(node) << 40) | (n & 0xFF_FFFF_FFFF)
            )),
        }
    }

    /// Queues a mobile-originated text from the phone `from` to the SP number `to`.
    pub fn deliver(
        &mut self,
        now: Instant,
        from: &str,
        to: &str,
        plan: &SmsPlan<'_>,
    ) -> Result<MessageId, SendError> {
        if !self.link.peer_mode.receives() {
            return Err(SendError::NotPermitted);
        }
        let protocol = self.link.protocol();
        let c = self.link.civil(now);
        let now_long = format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        );
        let mut ids = Vec::new();
        let parts = plan.segments().max(1);
        for _ in 0..parts {
            ids.push(self.next_id(now));
        }
        let mut ids = ids.into_iter();
        let mut next = || ids.next().unwrap_or(SmscMessageId::Cmpp(0));
        let pdus = protocol
            .deliver_parts(
                &self.link.cfg.templates,
                Addressing {
                    source: Some(from),
                    destination: to,
                    receipt: false,
                },
                plan,
                &mut self.link.refs,
                &mut next,
                &now_long,
            )
            .map_err(|e| SendError::Plan(e.to_string()))?;
        self.link.enqueue(now, pdus, false)
    }

    /// Queues a delivery receipt.
    pub fn send_receipt(
        &mut self,
        now: Instant,
        receipt: &ReceiptSpec,
    ) -> Result<MessageId, SendError> {
        if !self.link.peer_mode.receives() {
            return Err(SendError::NotPermitted);
        }
        let offset = self.link.cfg.utc_offset_minutes;
        let c = self.link.civil(now);
        let done = c.yymmddhhmm();
        let submitted = receipt.submitted_at.map_or_else(
            || done.clone(),
            |t| crate::clock::Civil::from_unix(t, offset).yymmddhhmm(),
        );
        let now_long = format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        );
        let own = self.next_id(now);
        let pdu = self
            .link
            .protocol()
            .receipt(
                &self.link.cfg.templates,
                ReceiptWrite {
                    id: &receipt.id,
                    recipient: &receipt.recipient,
                    originator: &receipt.originator,
                    state: receipt.state,
                    error: receipt.error,
                    submitted: &submitted,
                    done: &done,
                    now_long: &now_long,
                },
                own,
            )
            .ok_or(SendError::WrongIdKind)?;
        self.link.enqueue(now, vec![pdu], false)
    }

    session_calls!();
}
