#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod gateway;
mod sip;

pub use gateway::{
    ConnectOptions, GatewayClient, GatewayConnection, GatewayEvent, GatewayListener, GatewayStream,
    GatewayTls, GatewayTlsAcceptor,
};
pub use sip::{
    AliasEvent, EndpointConfig, Listen, MAX_ALIASES_PER_CONNECTION, SipEndpoint, SipEvent,
};
