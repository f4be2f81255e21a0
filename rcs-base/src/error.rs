//! What every crate's `DecodeError` answers, and the one way they are all displayed.

use core::fmt;

/// The accessors every codec crate's `DecodeError` has, as a trait: a program that reports
/// errors from several crates (a CLI, an engine) writes its report once.
///
/// Each crate also has these as inherent methods, so no import is needed to call them.
pub trait LocatedError: core::error::Error {
    /// A short lower-case description of what went wrong (the kind's `as_str`).
    fn kind_name(&self) -> &'static str;
    /// Bytes from the start of the input to the problem.
    fn offset(&self) -> usize;
    /// 1-based line of the problem; 0 for binary input or when unknown.
    fn line(&self) -> u32;
    /// 1-based column of the problem; 0 for binary input or when unknown.
    fn column(&self) -> u32;
    /// Where in the value the problem is: the header (SIP, MSRP, CPIM), the JSON Pointer
    /// (chatbot), the PDU field (SMS, MMS, gateways), the line type (SDP).
    fn field(&self) -> Option<&str>;
    /// Whether more input could complete the value (a stream should wait, not fail).
    fn is_incomplete(&self) -> bool;
}

/// Where an error is, for [`fmt_error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// 1-based line and column of text.
    LineColumn(u32, u32),
    /// A byte offset (binary input, or text whose lines are not known).
    Byte(usize),
    /// Not known (a value checked on its own, away from its input).
    Unknown,
}

impl Place {
    /// `LineColumn` when the line is known (non-zero), else `Byte(offset)`.
    pub fn of(line: u32, column: u32, offset: usize) -> Self {
        if line > 0 {
            Self::LineColumn(line, column)
        } else {
            Self::Byte(offset)
        }
    }

    /// `LineColumn` when the line is known (non-zero), else `Unknown` (a value checked on its
    /// own, whose offset would mislead).
    pub fn of_text(line: u32, column: u32) -> Self {
        if line > 0 {
            Self::LineColumn(line, column)
        } else {
            Self::Unknown
        }
    }
}

/// Writes an error in the family's one format:
/// `what[ (detail)][ in field][ at line:column | at byte offset]`.
pub fn fmt_error(
    f: &mut fmt::Formatter<'_>,
    what: &str,
    detail: Option<&str>,
    field: Option<&str>,
    place: Place,
) -> fmt::Result {
    f.write_str(what)?;
    if let Some(d) = detail {
        write!(f, " ({d})")?;
    }
    if let Some(field) = field.filter(|s| !s.is_empty()) {
        write!(f, " in {field}")?;
    }
    match place {
        Place::LineColumn(line, column) => write!(f, " at {line}:{column}"),
        Place::Byte(offset) => write!(f, " at byte {offset}"),
        Place::Unknown => Ok(()),
    }
}

/// Implements [`LocatedError`](crate::LocatedError) for a type whose inherent methods have the
/// trait's names (`kind`, `offset`, `line`, `column`, `field`, `is_incomplete`) and whose kind
/// has `as_str`, and `From<BuildError<Self>>` (the refusal's own error, so `build()?` works where
/// the crate's error is returned).
#[macro_export]
macro_rules! impl_located_error {
    ($ty:ty) => {
        impl From<$crate::BuildError<$ty>> for $ty {
            /// The refusal's own error (the piece's name is dropped; `field()` often carries it).
            fn from(e: $crate::BuildError<$ty>) -> Self {
                e.into_error()
            }
        }

        impl $crate::LocatedError for $ty {
            fn kind_name(&self) -> &'static str {
                self.kind().as_str()
            }
            fn offset(&self) -> usize {
                <$ty>::offset(self)
            }
            fn line(&self) -> u32 {
                <$ty>::line(self)
            }
            fn column(&self) -> u32 {
                <$ty>::column(self)
            }
            fn field(&self) -> Option<&str> {
                <$ty>::field(self)
            }
            fn is_incomplete(&self) -> bool {
                <$ty>::is_incomplete(self)
            }
        }
    };
}

/// The bounds accessors every crate's options have, for a `limits` field of type `$limits`:
/// `with_limits`, `limits` and `limits_mut`.
#[macro_export]
macro_rules! limits_accessors {
    ($limits:ty) => {
        /// These options with other bounds.
        pub const fn with_limits(mut self, limits: $limits) -> Self {
            self.limits = limits;
            self
        }

        /// The bounds.
        pub const fn limits(&self) -> &$limits {
            &self.limits
        }

        /// The bounds, to change one: `opts.limits_mut().max_headers = 16`.
        pub const fn limits_mut(&mut self) -> &mut $limits {
            &mut self.limits
        }
    };
}

/// `Display` for a crate's `DecodeError` in the family's format ([`fmt_error`]): the kind's
/// text, the limit's name for `LimitExceeded`, then `field` and `place`, computed from the error
/// `$e`.
#[macro_export]
macro_rules! display_located {
    ($ty:ty, $kind:ident, |$e:ident| ($field:expr, $place:expr)) => {
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let $e = self;
                let limit = match $e.kind() {
                    $kind::LimitExceeded(l) => Some(l.as_str()),
                    _ => None,
                };
                $crate::fmt_error(f, $e.kind().as_str(), limit, $field, $place)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::{Place, fmt_error};
    use core::fmt;

    struct E(Option<&'static str>, Option<&'static str>, u32, u32, usize);
    impl fmt::Display for E {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt_error(
                f,
                "invalid value",
                self.0,
                self.1,
                Place::of(self.2, self.3, self.4),
            )
        }
    }

    struct U;
    impl fmt::Display for U {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt_error(f, "invalid value", None, Some("/a/b"), Place::Unknown)
        }
    }

    #[test]
    fn one_format() {
        assert_eq!(E(None, None, 3, 7, 40).to_string(), "invalid value at 3:7");
        assert_eq!(
            E(Some("header count"), Some("Via"), 1, 2, 1).to_string(),
            "invalid value (header count) in Via at 1:2"
        );
        assert_eq!(
            E(None, Some("TP-UDL"), 0, 0, 12).to_string(),
            "invalid value in TP-UDL at byte 12"
        );
        assert_eq!(
            E(None, Some(""), 0, 0, 0).to_string(),
            "invalid value at byte 0"
        );
        assert_eq!(U.to_string(), "invalid value in /a/b");
    }
}
