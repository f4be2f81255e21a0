#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod build;
mod capabilities;
mod config;
mod dialog;
mod event;
mod key;
mod layer;
mod pager;
mod register;
mod subscription;
mod transport;
mod ua;

pub use capabilities::{Capabilities, service};
pub use config::{Config, Limits, Timers};
pub use dialog::{Dialog, DialogError, DialogId, DialogState, DialogTable};
pub use event::{EndReason, EngineError, Event, Output};
pub use layer::{Footprint, Kind, State, TransactionLayer};
pub use pager::{PAGER_LIMIT, PagerTooLarge, pager_check};
pub use register::{Registration, RegistrationConfig, RegistrationOutcome, RegistrationState};
pub use subscription::{
    Notifier, NotifyRefusal, Subscriber, SubscriptionState, SubscriptionStateHeader,
};
pub use transport::{Peer, TransactionId, Transmit, Transport};
pub use ua::{DialogEvent, UaOutput, UserAgent};
