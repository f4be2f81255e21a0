//! The client role: an ESME (SMPP) or SP (CMPP, SGIP, SMGP) that submits messages and
//! receives mobile-originated messages and delivery receipts.

use std::time::Instant;

use rcs_fallback::SmsPlan;

use crate::config::Config;
use crate::event::{MessageId, Receipt, SendError, StateError};
use crate::link::{Link, Side};
use crate::wire::Addressing;

/// One message to submit.
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    /// The destination number.
    pub to: &'a str,
    /// The source address; `None` takes the template's.
    pub from: Option<&'a str>,
    /// The planned text (encoding and parts).
    pub plan: &'a SmsPlan<'a>,
    /// Ask for receipts; `None` takes [`Config::receipts`].
    pub receipt: Option<bool>,
}

/// A client session on one connection (and, across reconnects, the same value: parts on the
/// wire when a link is lost go out again after the next `start`).
///
/// Drive it like every engine of the family: feed received octets to
/// [`handle_input`](Self::handle_input), call [`handle_timeout`](Self::handle_timeout) at
/// [`poll_timeout`](Self::poll_timeout), and drain [`poll_output`](Self::poll_output) after
/// each call until it returns `None`.
#[derive(Debug)]
pub struct Client {
    link: Link,
}

impl Client {
    /// A client with `config` (see [`Config::client`]). Nothing happens until
    /// [`start`](Self::start).
    pub fn new(config: Config) -> Self {
        Self {
            link: Link::new(config, Side::Client),
        }
    }

    /// The connection is open: log in (or, with [`Login::Accept`](crate::Login::Accept),
    /// wait for the peer's login). `unix_time` is the wall clock now, in seconds since 1970;
    /// the protocols' timestamps and sequence times are computed from it and `now`.
    pub fn start(&mut self, now: Instant, unix_time: i64) -> Result<(), StateError> {
        self.link.start(now, unix_time)
    }

    /// Queues a text for `to`, in as many parts as its plan has; they leave as the window,
    /// the rate and any throttling allow (queued before the login completes, they leave
    /// after it). The events [`Accepted`](crate::Event::Accepted),
    /// [`Refused`](crate::Event::Refused) or [`Expired`](crate::Event::Expired) and the
    /// receipts say what became of it.
    pub fn submit(
        &mut self,
        now: Instant,
        to: &str,
        plan: &SmsPlan<'_>,
    ) -> Result<MessageId, SendError> {
        self.submit_with(
            now,
            Submission {
                to,
                from: None,
                plan,
                receipt: None,
            },
        )
    }

    /// [`submit`](Self::submit) with every choice.
    pub fn submit_with(&mut self, now: Instant, s: Submission<'_>) -> Result<MessageId, SendError> {
        if !self.link.cfg.mode.submits() {
            return Err(SendError::NotPermitted);
        }
        // A busy answer costs no planning: SMPP's message_payload mode sends one part.
        let parts = match (
            self.link.protocol(),
            self.link.cfg.templates.smpp_segmentation,
        ) {
            (
                crate::Protocol::Smpp,
                rcs_fallback::gateway::smpp::SmppSegmentation::MessagePayload,
            ) => 1,
            _ => s.plan.segments().max(1),
        };
        self.link.room_for(parts)?;
        let receipt = s.receipt.unwrap_or(self.link.cfg.receipts);
        let protocol = self.link.protocol();
        let pdus = protocol
            .submit_parts(
                &self.link.cfg.templates,
                Addressing {
                    source: s.from,
                    destination: s.to,
                    receipt,
                },
                s.plan,
                &mut self.link.refs,
            )
            .map_err(|e| SendError::Plan(e.to_string()))?;
        self.link.enqueue(now, pdus, receipt)
    }

    /// Matches a receipt that arrived on another session (SGIP's REPORTs come on the link
    /// the SMG opens to the SP; an SMPP receiver bind beside a transmitter) to the message
    /// this session submitted: fills in `message`, `part` and `message_state`, and forgets
    /// the message once every part has a final receipt. A receipt this session cannot
    /// place comes back as it was.
    pub fn match_receipt(&mut self, receipt: Receipt) -> Receipt {
        if receipt.message.is_some() {
            return receipt;
        }
        self.link.match_receipt(receipt)
    }

    /// Accepting end only: the peer's pending login is checked against `secret` and
    /// answered. `Ok(false)` when it failed the check (the link then closes).
    pub fn accept_login(&mut self, now: Instant, secret: &[u8]) -> Result<bool, StateError> {
        self.link.accept_login(now, secret, true)
    }

    /// Accepting end only: refuses the pending login (`status`, or the protocol's
    /// authentication failure).
    pub fn refuse_login(&mut self, now: Instant, status: Option<u32>) -> Result<(), StateError> {
        self.link.refuse_login(now, status)
    }

    session_calls!();
}
