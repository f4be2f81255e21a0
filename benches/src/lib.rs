//! Bench subjects of the rcs crates and their peers. Not published.

pub mod sip;
