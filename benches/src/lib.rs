//! Bench subjects of the rcs crates and their peers. Not published.

pub mod chatbot;
pub mod cpim;
pub mod fallback;
pub mod gateway_engine;
pub mod msrp;
pub mod sdp;
pub mod sip;
pub mod sip_engine;

/// The workspace README's snippets, compiled and run as doctests (this crate depends on every
/// codec crate).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
