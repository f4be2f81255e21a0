#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The calls both roles answer the same way: input, timers, output, shutdown, state.
macro_rules! session_calls {
    () => {
        /// Octets received on the connection (any split).
        pub fn handle_input(&mut self, now: std::time::Instant, bytes: &[u8]) {
            self.link.handle_input(now, bytes);
        }

        /// Runs the timers due at `now`.
        pub fn handle_timeout(&mut self, now: std::time::Instant) {
            self.link.handle_timeout(now);
        }

        /// When [`handle_timeout`](Self::handle_timeout) is next due.
        pub fn poll_timeout(&self) -> Option<std::time::Instant> {
            self.link.poll_timeout()
        }

        /// The next output: octets to write first, then events.
        pub fn poll_output(&mut self) -> Option<crate::Output> {
            self.link.poll_output()
        }

        /// Stop taking messages, let the queue and the window drain, then unbind.
        pub fn shutdown(&mut self, now: std::time::Instant) {
            self.link.shutdown(now);
        }

        /// Unbind now; queued parts wait for the next `start`.
        pub fn unbind(&mut self, now: std::time::Instant) -> Result<(), crate::StateError> {
            self.link.unbind(now)
        }

        /// The connection was lost: parts on the wire go back to the queue.
        pub fn connection_lost(&mut self, now: std::time::Instant) {
            self.link.connection_lost(now);
        }

        /// Where the session is.
        pub fn state(&self) -> crate::SessionState {
            self.link.state
        }

        /// The configuration.
        pub fn config(&self) -> &crate::Config {
            &self.link.cfg
        }

        /// What the session holds.
        pub fn footprint(&self) -> crate::Footprint {
            self.link.footprint()
        }
    };
}

mod client;
mod clock;
mod config;
mod event;
mod link;
mod receipt;
mod server;
mod wire;

pub use client::{Client, Submission};
pub use config::{BindMode, Config, Limits, Login, Protocol, Templates, Throttling, Timers};
pub use event::{
    CloseReason, Event, MessageId, Output, Receipt, RequestId, SendError, SessionState,
    ShortMessage, StateError,
};
pub use receipt::{DeliveryState, SmscMessageId};
pub use server::{ReceiptSpec, Server, SubmitAnswer};

/// The protocol PDUs and plans, re-exported for templates and planning.
pub use rcs_fallback;

/// What a driver needs of a session, either role: the calls that move bytes and time.
pub trait Session {
    /// The connection is open (see [`Client::start`]).
    fn start(&mut self, now: std::time::Instant, unix_time: i64) -> Result<(), StateError>;
    /// Octets received.
    fn handle_input(&mut self, now: std::time::Instant, bytes: &[u8]);
    /// Runs the timers due.
    fn handle_timeout(&mut self, now: std::time::Instant);
    /// When the next timer is due.
    fn poll_timeout(&self) -> Option<std::time::Instant>;
    /// The next output.
    fn poll_output(&mut self) -> Option<Output>;
    /// The connection was lost.
    fn connection_lost(&mut self, now: std::time::Instant);
    /// Drain, then unbind.
    fn shutdown(&mut self, now: std::time::Instant);
    /// Where the session is.
    fn state(&self) -> SessionState;
}

macro_rules! session_impl {
    ($t:ty) => {
        impl Session for $t {
            fn start(&mut self, now: std::time::Instant, unix_time: i64) -> Result<(), StateError> {
                <$t>::start(self, now, unix_time)
            }
            fn handle_input(&mut self, now: std::time::Instant, bytes: &[u8]) {
                <$t>::handle_input(self, now, bytes)
            }
            fn handle_timeout(&mut self, now: std::time::Instant) {
                <$t>::handle_timeout(self, now)
            }
            fn poll_timeout(&self) -> Option<std::time::Instant> {
                <$t>::poll_timeout(self)
            }
            fn poll_output(&mut self) -> Option<Output> {
                <$t>::poll_output(self)
            }
            fn connection_lost(&mut self, now: std::time::Instant) {
                <$t>::connection_lost(self, now)
            }
            fn shutdown(&mut self, now: std::time::Instant) {
                <$t>::shutdown(self, now)
            }
            fn state(&self) -> SessionState {
                <$t>::state(self)
            }
        }
    };
}

session_impl!(Client);
session_impl!(Server);

/// Counts of what a session holds (each bounded by [`Limits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Footprint {
    /// Requests on the wire awaiting a response (window, keep-alive, login, unbind).
    pub outstanding: usize,
    /// Parts queued, not yet sent.
    pub queued_parts: usize,
    /// Messages remembered (in flight or waiting for receipts).
    pub tracked_messages: usize,
    /// Gateway ids remembered for receipt matching.
    pub receipt_ids: usize,
    /// Submits received and not answered (server).
    pub unanswered: usize,
    /// Concatenated messages being reassembled (client).
    pub reassembling: usize,
    /// Octets of a partial PDU held.
    pub buffered_bytes: usize,
    /// Octets written and not yet drained.
    pub queued_bytes: usize,
}
