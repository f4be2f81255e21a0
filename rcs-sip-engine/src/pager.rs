//! Pager-mode MESSAGE (RFC 3428): the 1300-byte rule.

use rcs_sip::Message;

/// RFC 3428 §5: a MESSAGE outside a media session must not exceed 1300 bytes unless the UAC
/// knows the whole path is congestion-controlled (else large message mode: an MSRP session).
pub const PAGER_LIMIT: usize = 1300;

/// A MESSAGE over the pager-mode limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagerTooLarge {
    /// The request's size in bytes.
    pub size: usize,
    /// The limit, [`PAGER_LIMIT`].
    pub limit: usize,
}

impl core::fmt::Display for PagerTooLarge {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "MESSAGE of {} bytes is over the {}-byte pager-mode limit (RFC 3428 §5): send it \
             over a congestion-controlled path end to end, or in large message mode (MSRP)",
            self.size, self.limit
        )
    }
}

impl std::error::Error for PagerTooLarge {}

/// Whether a MESSAGE request fits pager mode. The caller decides what to do when it does
/// not (a first hop over TCP is not the whole path); other requests always fit.
pub fn pager_check(message: &Message<'_>) -> Result<(), PagerTooLarge> {
    let size = message.encoded_len();
    if message.method() == Some("MESSAGE") && size > PAGER_LIMIT {
        return Err(PagerTooLarge {
            size,
            limit: PAGER_LIMIT,
        });
    }
    Ok(())
}
