//! How an SMS actually leaves a CSP or a 5GMC: the SMS gateway protocols, each fed from one
//! [`SmsPlan`](crate::SmsPlan).

pub mod cmpp;
mod reader;
pub mod sgip;
pub mod smgp;
pub mod smpp;

pub use reader::field_text;
