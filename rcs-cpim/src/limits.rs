//! Bounds and leniency.

/// Bounds checked while parsing, before anything sized by the input is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The whole message. Default 16 MiB (a CPIM-wrapped file can be large; carriers bound it
    /// too).
    pub max_message_size: usize,
    /// Header lines, message and content headers together. Default 128.
    pub max_headers: usize,
    /// One header line. Default 8 KiB.
    pub max_line_length: usize,
}

impl Limits {
    /// The defaults described on each field.
    pub const DEFAULT: Self = Self {
        max_message_size: 16 << 20,
        max_headers: 128,
        max_line_length: 8 << 10,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How to parse: strict by RFC 3862's grammar by default; each leniency is reported as a
/// [`Warning`](crate::Warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseOptions {
    /// Bounds.
    pub(crate) limits: Limits,
    /// Accept lines ended by a bare LF (hand-written and some client messages).
    pub(crate) allow_bare_lf: bool,
    /// Accept a Content-Length that disagrees with the content (the content is what the carrier
    /// delimited; RFC 5438's own example counts one octet short).
    pub(crate) allow_wrong_content_length: bool,
    /// Accept a message header without the space after the colon (`Name:value`), and a prefix
    /// no NS header declares (its namespace is then unknown).
    pub(crate) lenient_headers: bool,
}

impl ParseOptions {
    /// Strict defaults.
    pub const fn new() -> Self {
        Self {
            limits: Limits::DEFAULT,
            allow_bare_lf: false,
            allow_wrong_content_length: false,
            lenient_headers: false,
        }
    }
    /// Every leniency on: what real clients send.
    pub const fn lenient() -> Self {
        Self {
            limits: Limits::DEFAULT,
            allow_bare_lf: true,
            allow_wrong_content_length: true,
            lenient_headers: true,
        }
    }

    /// Accept lines ended by a bare LF (hand-written and some client messages).
    pub const fn allow_bare_lf(mut self, yes: bool) -> Self {
        self.allow_bare_lf = yes;
        self
    }

    /// Accept a Content-Length that disagrees with the content (the content is what the carrier
    /// delimited; RFC 5438's own example counts one octet short).
    pub const fn allow_wrong_content_length(mut self, yes: bool) -> Self {
        self.allow_wrong_content_length = yes;
        self
    }

    /// Accept a message header without the space after the colon (`Name:value`), and a prefix
    /// no NS header declares (its namespace is then unknown).
    pub const fn lenient_headers(mut self, yes: bool) -> Self {
        self.lenient_headers = yes;
        self
    }

    rcs_base::limits_accessors!(Limits);
}
