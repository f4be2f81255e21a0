//! A bounds-checked cursor over a PDU, shared by the gateway codecs: every read names its field
//! and fails with the offset instead of running past the end.

use std::borrow::Cow;

use crate::error::{DecodeError, ErrorKind};
use crate::sink::Sink;

pub(crate) struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Added to offsets in errors (the PDU's position in a larger input).
    base: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8], base: usize) -> Self {
        Self {
            input,
            pos: 0,
            base,
        }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.input.len() - self.pos
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.input.len()
    }

    pub(crate) fn error(&self, kind: ErrorKind, field: &'static str) -> DecodeError {
        DecodeError::new(kind, self.base + self.pos, field)
    }

    pub(crate) fn bytes(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], DecodeError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.input.len())
            .ok_or_else(|| self.error(ErrorKind::Incomplete, field))?;
        let out = &self.input[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, DecodeError> {
        Ok(self.bytes(1, field)?[0])
    }

    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16, DecodeError> {
        let b = self.bytes(2, field)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32, DecodeError> {
        let b = self.bytes(4, field)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u64(&mut self, field: &'static str) -> Result<u64, DecodeError> {
        let b = self.bytes(8, field)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }

    /// A NUL-terminated string of at most `max` octets, the NUL included (SMPP's C-Octet
    /// String). The value excludes the NUL.
    pub(crate) fn c_octets(
        &mut self,
        max: usize,
        field: &'static str,
    ) -> Result<Cow<'a, [u8]>, DecodeError> {
        let window = &self.input[self.pos..self.input.len().min(self.pos + max)];
        match window.iter().position(|&b| b == 0) {
            Some(n) => {
                let out = &self.input[self.pos..self.pos + n];
                self.pos += n + 1;
                Ok(Cow::Borrowed(out))
            }
            None if window.len() < max => Err(self.error(ErrorKind::Incomplete, field)),
            None => Err(self.error(ErrorKind::InvalidLength, field)),
        }
    }

    /// A fixed-size field padded with NULs (CMPP, SGIP, SMGP): the value up to the first NUL.
    pub(crate) fn fixed(
        &mut self,
        n: usize,
        field: &'static str,
    ) -> Result<Cow<'a, [u8]>, DecodeError> {
        let b = self.bytes(n, field)?;
        let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
        Ok(Cow::Borrowed(&b[..end]))
    }
}

/// The length a PDU's 4-octet big-endian length prefix announces (`Ok(None)` before four
/// octets have arrived), checked against the header size and the limit before anything is
/// buffered.
pub(crate) fn frame_length(
    input: &[u8],
    header: usize,
    max: usize,
    field: &'static str,
) -> Result<Option<usize>, DecodeError> {
    let Some(head) = input.get(..4) else {
        return Ok(None);
    };
    let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    if len < header {
        return Err(DecodeError::new(ErrorKind::InvalidLength, 0, field));
    }
    if len > max {
        return Err(DecodeError::new(
            ErrorKind::LimitExceeded(crate::LimitKind::MessageSize),
            0,
            field,
        ));
    }
    Ok(Some(len))
}

/// Checks that `input` is exactly the one PDU its length prefix announces.
pub(crate) fn whole_pdu(
    input: &[u8],
    header: usize,
    max: usize,
    field: &'static str,
) -> Result<(), DecodeError> {
    let Some(len) = frame_length(input, header, max, field)? else {
        return Err(DecodeError::new(ErrorKind::Incomplete, input.len(), field));
    };
    if input.len() < len {
        return Err(DecodeError::new(ErrorKind::Incomplete, input.len(), "PDU"));
    }
    if input.len() > len {
        return Err(DecodeError::new(ErrorKind::TrailingBytes, len, "PDU"));
    }
    Ok(())
}

/// Appends `value` NUL-padded (or cut) to exactly `n` octets.
pub(crate) fn put_fixed(out: &mut impl Sink, value: &[u8], n: usize) {
    let take = value.len().min(n);
    out.extend_from_slice(&value[..take]);
    out.put_zeros(n - take);
}

/// Appends `value` and a NUL.
pub(crate) fn put_c_octets(out: &mut impl Sink, value: &[u8]) {
    out.extend_from_slice(value);
    out.push(0);
}

/// A field as text for display: UTF-8 where it is, else each octet as Latin-1.
pub fn field_text(value: &[u8]) -> Cow<'_, str> {
    // MMS shares it without the `gateway` feature: it lives in `sink`.
    crate::sink::field_text(value)
}
