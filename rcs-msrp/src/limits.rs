//! Bounds and leniency.

/// Bounds checked before buffering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Start line and headers. Default 16 KiB.
    pub max_head_size: usize,
    /// Headers per frame. Default 64.
    pub max_headers: usize,
    /// Body of one frame (chunk). Default 1 MiB (RCS UP chunks are far smaller; raise it for
    /// relays that forward large chunks).
    pub max_chunk_size: usize,
    /// A message put back together by the [`Reassembler`](crate::Reassembler). Default 16 MiB.
    pub max_message_size: u64,
    /// Messages in reassembly at once, per session. Default 16.
    pub max_messages_in_progress: usize,
}

impl Limits {
    /// The defaults described on each field.
    pub const DEFAULT: Self = Self {
        max_head_size: 16 << 10,
        max_headers: 64,
        max_chunk_size: 1 << 20,
        max_message_size: 16 << 20,
        max_messages_in_progress: 16,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How to parse: strict by RFC 4975's grammar by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseOptions {
    /// Bounds.
    pub(crate) limits: Limits,
    /// Accept To-Path and From-Path in any order, or missing (RFC examples omit them), reported
    /// as [`Warning::PathHeaders`](crate::Warning::PathHeaders).
    pub(crate) lenient_paths: bool,
    /// Accept lines and end-lines ended by a bare LF (RFC 4975 requires CRLF; hand-written test
    /// files and some clients use LF), reported as [`Warning::BareLf`](crate::Warning::BareLf).
    pub(crate) allow_bare_lf: bool,
}

impl ParseOptions {
    /// Strict defaults.
    pub const fn new() -> Self {
        Self {
            limits: Limits::DEFAULT,
            lenient_paths: false,
            allow_bare_lf: false,
        }
    }
    /// Set `allow_bare_lf`.
    pub const fn allow_bare_lf(mut self, yes: bool) -> Self {
        self.allow_bare_lf = yes;
        self
    }
    /// Set `lenient_paths`.
    pub const fn lenient_paths(mut self, yes: bool) -> Self {
        self.lenient_paths = yes;
        self
    }

    /// Every leniency on: what real senders send, each deviation reported as a warning.
    pub const fn lenient() -> Self {
        Self {
            limits: Limits::DEFAULT,
            lenient_paths: true,
            allow_bare_lf: true,
        }
    }

    rcs_base::limits_accessors!(Limits);
}
