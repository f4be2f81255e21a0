//! Bounds and leniency.

/// Bounds checked before work sized by the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Whole description. Default 64 KiB.
    pub max_message_size: usize,
    /// Lines. Default 1024.
    pub max_lines: usize,
    /// Media sections. Default 64.
    pub max_media: usize,
}

impl Limits {
    /// The defaults described on each field.
    pub const DEFAULT: Self = Self {
        max_message_size: 64 << 10,
        max_lines: 1024,
        max_media: 64,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How to parse. Strict by RFC 8866 by default, except what the RFC itself asks parsers to
/// tolerate (records ended by a bare LF, §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseOptions {
    /// Bounds.
    pub(crate) limits: Limits,
    /// Accept lines out of RFC 8866 §5 order (seen from some gateways), reported as
    /// [`Warning::OutOfOrder`](crate::Warning::OutOfOrder).
    pub(crate) allow_any_order: bool,
}

impl ParseOptions {
    /// Defaults.
    pub const fn new() -> Self {
        Self {
            limits: Limits::DEFAULT,
            allow_any_order: false,
        }
    }
    /// Set `allow_any_order`.
    pub const fn allow_any_order(mut self, yes: bool) -> Self {
        self.allow_any_order = yes;
        self
    }

    /// Every leniency on: what real senders send, each deviation reported as a warning.
    pub const fn lenient() -> Self {
        Self {
            limits: Limits::DEFAULT,
            allow_any_order: true,
        }
    }

    rcs_base::limits_accessors!(Limits);
}
