//! Bench subjects of the rcs crates and their peers. Not published.

pub mod chatbot;
pub mod cpim;
pub mod fallback;
pub mod msrp;
pub mod sdp;
pub mod sip;
