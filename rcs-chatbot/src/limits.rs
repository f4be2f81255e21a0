//! Bounds and leniency.

/// Bounds checked while parsing, before anything sized by the input is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The whole input in bytes. Default 1 MiB (a 12-card carousel is about 16 KB; MaaP bodies
    /// carry links to media, not the media).
    pub max_message_size: usize,
    /// Nesting of objects and arrays. Default 32 (the deepest UP document, a two-level menu of
    /// actions, nests 12).
    pub max_nesting_depth: usize,
    /// Objects and arrays in one document. Default 65,536: what the decoded model allocates is
    /// bounded by this times the largest model node, whatever the input's shape (strings and
    /// numbers are kept inside their object or array, or borrowed from the input).
    pub max_containers: usize,
    /// China Mobile's XML: attributes on one element, namespace declarations included.
    /// Default 64 (the NetAPI documents use one or two). Beyond it the document is refused
    /// before any more names are resolved against the declarations in scope.
    pub max_attributes: usize,
}

impl Limits {
    /// The defaults described on each field.
    pub const DEFAULT: Self = Self {
        max_message_size: 1 << 20,
        max_nesting_depth: 32,
        max_containers: 1 << 16,
        max_attributes: 64,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How to parse. Strict by default (exactly the members and JSON types the GSMA schema
/// defines); [`ParseOptions::lenient`] reads what CSPs and operators' own examples send, and
/// reports each deviation as a [`Warning`](crate::Warning). Neither mode changes what was sent:
/// a lenient parse writes back the same document. Schema rules (required members, lengths,
/// counts, enumerations) are not parse errors in either mode: [`validate`](crate::validate)
/// reports them all at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Bounds.
    pub(crate) limits: Limits,
    /// Keep members the document type does not define (in each object's `extra`, written back
    /// in place) instead of refusing them.
    pub(crate) allow_unknown_members: bool,
    /// Accept sizes and counts sent as JSON strings (`"151250"`, `""`), kept as sent.
    pub(crate) allow_number_strings: bool,
    /// Accept the misspelled member names operators' examples carry (`contenType`), read as the
    /// member they mean.
    pub(crate) allow_misspellings: bool,
    /// Read a member whose value is `null` as absent (client libraries write `null` for every
    /// unset member; the schemas allow no nulls). Written back without it.
    pub(crate) allow_null_members: bool,
    /// After reading a chatbot body (alone or inside a CT/CU or FNW.11 message), repair what a
    /// MaaP would refuse and the sender plainly meant: a missing `openUrl.application` becomes
    /// `browser`, digit-string sizes numbers, empty lists and empty-string sizes are dropped
    /// (see [`ChatbotBody::normalize`](crate::ChatbotBody::normalize)); each repair is a warning.
    pub(crate) apply_defaults: bool,
}

impl ParseOptions {
    /// Strict: unknown members, numbers as strings, misspellings and `null` members are errors.
    pub const fn new() -> Self {
        Self {
            limits: Limits::DEFAULT,
            allow_unknown_members: false,
            allow_number_strings: false,
            allow_misspellings: false,
            allow_null_members: false,
            apply_defaults: false,
        }
    }
    /// Every leniency on, each reported as a warning, and the defaults applied
    /// (`apply_defaults`).
    pub const fn lenient() -> Self {
        Self {
            limits: Limits::DEFAULT,
            allow_unknown_members: true,
            allow_number_strings: true,
            allow_misspellings: true,
            allow_null_members: true,
            apply_defaults: true,
        }
    }
    /// Every leniency on but nothing repaired: the document exactly as sent (what validation
    /// of a sender's output, and an inspector, want).
    pub const fn faithful() -> Self {
        Self {
            apply_defaults: false,
            ..Self::lenient()
        }
    }

    /// Keep members the document type does not define (in each object's `extra`, written back
    /// in place) instead of refusing them.
    pub const fn allow_unknown_members(mut self, yes: bool) -> Self {
        self.allow_unknown_members = yes;
        self
    }

    /// Accept sizes and counts sent as JSON strings (`"151250"`, `""`), kept as sent.
    pub const fn allow_number_strings(mut self, yes: bool) -> Self {
        self.allow_number_strings = yes;
        self
    }

    /// Accept the misspelled member names operators' examples carry (`contenType`), read as the
    /// member they mean.
    pub const fn allow_misspellings(mut self, yes: bool) -> Self {
        self.allow_misspellings = yes;
        self
    }

    /// Read a member whose value is `null` as absent (client libraries write `null` for every
    /// unset member; the schemas allow no nulls). Written back without it.
    pub const fn allow_null_members(mut self, yes: bool) -> Self {
        self.allow_null_members = yes;
        self
    }

    /// After reading a chatbot body (alone or inside a CT/CU or FNW.11 message), repair what a
    /// MaaP would refuse and the sender plainly meant: a missing `openUrl.application` becomes
    /// `browser`, digit-string sizes numbers, empty lists and empty-string sizes are dropped
    /// (see [`ChatbotBody::normalize`](crate::ChatbotBody::normalize)); each repair is a warning.
    pub const fn apply_defaults(mut self, yes: bool) -> Self {
        self.apply_defaults = yes;
        self
    }

    rcs_base::limits_accessors!(Limits);
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self::new()
    }
}
