#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod base64;
mod build;
#[cfg(feature = "digest")]
pub mod digest;
mod error;
pub mod hex;
mod owned;
mod position;
pub mod time;

pub use build::BuildError;
pub use error::{LocatedError, Place, fmt_error};
pub use position::Position;

/// Whether two byte strings are equal, in time that depends only on their lengths (for secrets:
/// digest responses, passwords, authenticators).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::ct_eq;

    #[test]
    fn ct_eq_is_equality() {
        assert!(ct_eq(b"", b""));
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
        assert!(!ct_eq(b"", b"a"));
    }
}
