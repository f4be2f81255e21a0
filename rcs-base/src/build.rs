//! The error every builder of the family returns from `build()`.

use std::borrow::Cow;

/// Why a builder could not produce its value: the first piece that was refused (a header's
/// name, `"request line"`, `"To-Path"`, ...) and the crate's error saying why.
///
/// Builders take their pieces without failing and keep the first refusal; `build()` returns
/// it. So a chain of setters needs one `?`, at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError<E> {
    piece: Cow<'static, str>,
    source: E,
}

impl<E> BuildError<E> {
    /// The refusal of `piece` for `source`.
    pub fn new(piece: impl Into<Cow<'static, str>>, source: E) -> Self {
        Self {
            piece: piece.into(),
            source,
        }
    }

    /// The piece that was refused.
    pub fn piece(&self) -> &str {
        &self.piece
    }

    /// Why, in the crate's own error type.
    pub fn error(&self) -> &E {
        &self.source
    }

    /// The crate's error.
    pub fn into_error(self) -> E {
        self.source
    }
}

impl<E: core::fmt::Display> core::fmt::Display for BuildError<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "cannot build: {}: {}", self.piece, self.source)
    }
}

impl<E: core::error::Error + 'static> core::error::Error for BuildError<E> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The two methods every builder with an `error: Option<BuildError<$error>>` field shares:
/// `refused()` (public) and `checked()`, which runs one piece's check unless a piece was
/// already refused and keeps the first refusal.
#[macro_export]
macro_rules! builder_steps {
    ($error:ty) => {
        /// The first piece refused so far, if any (what `build()` will return).
        pub fn refused(&self) -> Option<&$crate::BuildError<$error>> {
            self.error.as_ref()
        }

        /// Runs `check` for one piece unless a piece was already refused; keeps the first
        /// refusal, named by `piece`.
        fn checked(
            mut self,
            piece: impl FnOnce() -> std::borrow::Cow<'static, str>,
            check: impl FnOnce(&mut Self) -> Result<(), $error>,
        ) -> Self {
            if self.error.is_none()
                && let Err(e) = check(&mut self)
            {
                self.error = Some($crate::BuildError::new(piece(), e));
            }
            self
        }
    };
}

#[cfg(test)]
mod tests {
    use super::BuildError;

    #[test]
    fn says_which_piece() {
        let e = BuildError::new("Via", "invalid header value at byte 3");
        assert_eq!(e.piece(), "Via");
        assert_eq!(
            e.to_string(),
            "cannot build: Via: invalid header value at byte 3"
        );
        assert_eq!(*e.error(), "invalid header value at byte 3");
    }
}
