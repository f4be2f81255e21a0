#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

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
