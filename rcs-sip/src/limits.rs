//! Bounds on the work a parser does, and runtime leniency switches.

/// Bounds checked before any allocation or scan sized by the input.
///
/// The defaults suit SIP over TCP/TLS in an RCS network, where group-chat INVITEs carry
/// resource lists and MESSAGE requests carry pager-mode bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Whole message, head and body. Default 1 MiB; never above `u32::MAX`.
    pub max_message_size: usize,
    /// Start line plus header section. Default 64 KiB.
    pub max_head_size: usize,
    /// Header fields in one message. Default 256.
    pub max_headers: usize,
    /// One header field including folded continuation lines. Default 16 KiB.
    pub max_line_length: usize,
    /// Body size. Default 1 MiB.
    pub max_body_size: usize,
    /// Nesting of multipart bodies. Default 4.
    pub max_nesting_depth: usize,
    /// Parts of one multipart body. Default 64.
    pub max_parts: usize,
}

impl Limits {
    /// The defaults described on each field.
    pub const DEFAULT: Self = Self {
        max_message_size: 1 << 20,
        max_head_size: 64 << 10,
        max_headers: 256,
        max_line_length: 16 << 10,
        max_body_size: 1 << 20,
        max_nesting_depth: 4,
        max_parts: 64,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How to parse: limits plus opt-in leniency. Strict by the RFC 3261 grammar by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseOptions {
    /// Bounds on the work done.
    pub(crate) limits: Limits,
    /// Accept lines ended by a bare LF (seen in hand-written test files and some gateways),
    /// reported as [`Warning::BareLf`](crate::Warning::BareLf). Text whose line ends were
    /// rewritten cannot be trusted for lengths either, so in a datagram that used a bare LF the
    /// body runs to the end when Content-Length disagrees
    /// ([`Warning::ContentLengthIgnored`](crate::Warning::ContentLengthIgnored)) and a header
    /// section the datagram ends without its empty line is closed there
    /// ([`Warning::MissingEmptyLine`](crate::Warning::MissingEmptyLine)). Multipart delimiters
    /// after a bare LF are accepted too.
    pub(crate) allow_bare_lf: bool,
}

impl ParseOptions {
    /// Strict options with default limits.
    pub const fn new() -> Self {
        Self {
            limits: Limits::DEFAULT,
            allow_bare_lf: false,
        }
    }

    /// Set `allow_bare_lf`.
    pub const fn allow_bare_lf(mut self, yes: bool) -> Self {
        self.allow_bare_lf = yes;
        self
    }

    /// Every leniency on: what real senders send, each deviation reported as a warning.
    pub const fn lenient() -> Self {
        Self {
            limits: Limits::DEFAULT,
            allow_bare_lf: true,
        }
    }

    rcs_base::limits_accessors!(Limits);
}
