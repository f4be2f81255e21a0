//! Where encoders write: a growing `Vec`, any `BufMut`, or a counter. Every encoder is written
//! once over [`Sink`], so `encoded_len()` is exact by construction (the same code, counting)
//! and a length prefix is known before the first byte goes out.

use bytes::BufMut;

/// What the encoders need of an output.
pub(crate) trait Sink {
    /// Appends one octet.
    fn push(&mut self, b: u8);
    /// Appends octets.
    fn extend_from_slice(&mut self, s: &[u8]);
    /// Appends `n` zero octets (the gateways' fixed-width fields).
    #[cfg_attr(not(feature = "gateway"), allow(dead_code))]
    fn put_zeros(&mut self, n: usize) {
        for _ in 0..n {
            self.push(0);
        }
    }
}

impl Sink for Vec<u8> {
    fn push(&mut self, b: u8) {
        Vec::push(self, b);
    }
    fn extend_from_slice(&mut self, s: &[u8]) {
        Vec::extend_from_slice(self, s);
    }
    fn put_zeros(&mut self, n: usize) {
        self.resize(self.len() + n, 0);
    }
}

/// Counts what would be written.
#[derive(Debug, Default)]
pub(crate) struct Count(pub(crate) usize);

impl Sink for Count {
    fn push(&mut self, _: u8) {
        self.0 += 1;
    }
    fn extend_from_slice(&mut self, s: &[u8]) {
        self.0 += s.len();
    }
    fn put_zeros(&mut self, n: usize) {
        self.0 += n;
    }
}

/// Writes into a caller's `BufMut`.
pub(crate) struct Put<'a, B: BufMut + ?Sized>(pub(crate) &'a mut B);

impl<B: BufMut + ?Sized> Sink for Put<'_, B> {
    fn push(&mut self, b: u8) {
        self.0.put_u8(b);
    }
    fn extend_from_slice(&mut self, s: &[u8]) {
        self.0.put_slice(s);
    }
    fn put_zeros(&mut self, n: usize) {
        self.0.put_bytes(0, n);
    }
}

/// The family's encoding methods for a value whose encoder is `$write(&self, &mut impl Sink)`:
/// `encoded_len()` (counted by the same encoder), `encode(&mut impl BufMut)` and `to_bytes()`.
/// With `length_prefixed`, the encoder writes everything after a 4-octet big-endian length of
/// the whole (the gateway PDUs' command_length / Total_Length / Message Length), which
/// `encode` writes first.
macro_rules! encoding_methods {
    ($write:ident) => {
        /// The exact number of octets [`encode`](Self::encode) writes.
        pub fn encoded_len(&self) -> usize {
            let mut n = $crate::sink::Count(0);
            self.$write(&mut n);
            n.0
        }

        $crate::sink::encoding_methods!(own_len $write);
    };
    (own_len $write:ident) => {
        /// Writes the value's octets into `dst` (exactly `encoded_len()` of them).
        pub fn encode(&self, dst: &mut impl bytes::BufMut) {
            self.$write(&mut $crate::sink::Put(dst));
        }

        /// The value's octets.
        pub fn to_bytes(&self) -> bytes::Bytes {
            let mut out = Vec::with_capacity(self.encoded_len());
            self.$write(&mut out);
            bytes::Bytes::from(out)
        }
    };
    (length_prefixed $write:ident) => {
        /// The exact number of octets [`encode`](Self::encode) writes (the length field's
        /// value).
        pub fn encoded_len(&self) -> usize {
            let mut n = $crate::sink::Count(4);
            self.$write(&mut n);
            n.0
        }

        /// Writes the PDU, its length field computed, into `dst`.
        pub fn encode(&self, dst: &mut impl bytes::BufMut) {
            let len = self.encoded_len();
            dst.put_u32(u32::try_from(len).unwrap_or(u32::MAX));
            self.$write(&mut $crate::sink::Put(dst));
        }

        /// The PDU's octets.
        pub fn to_bytes(&self) -> bytes::Bytes {
            let len = self.encoded_len();
            let mut out = Vec::with_capacity(len);
            out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes());
            self.$write(&mut out);
            bytes::Bytes::from(out)
        }
    };
}
pub(crate) use encoding_methods;

/// A field as text for display: UTF-8 where it is, else each octet as Latin-1.
#[cfg(any(feature = "gateway", feature = "mms"))]
pub(crate) fn field_text(value: &[u8]) -> std::borrow::Cow<'_, str> {
    match core::str::from_utf8(value) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(value.iter().map(|&b| char::from(b)).collect()),
    }
}
