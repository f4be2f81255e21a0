//! How an SMS actually leaves a CSP or a 5GMC: the SMS gateway protocols, each fed from one
//! [`SmsPlan`](crate::SmsPlan).

pub mod cmpp;
mod reader;
pub mod sgip;
pub mod smgp;
pub mod smpp;

pub use reader::field_text;

/// A secret kept as sent (passwords, authenticators) but never shown by `Debug`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Redacted<T>(pub T);

impl<T> core::fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("<redacted>")
    }
}
