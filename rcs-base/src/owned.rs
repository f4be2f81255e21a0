//! Owned text values: a parsed view type's owned form, written once for every crate.

/// Writes an owned form of a borrowed view type (`Uri<'a>`, `Address<'a>`, `MediaType<'a>`):
/// a newtype over the text, checked by the parser when made (`FromStr`), read as the view
/// again (no allocation) by the named accessor, written by `Display`, and with the calling
/// crate's `serde` feature serialized as the string and deserialized through the parser.
///
/// `parse:` reads the view from `&str`; `unreachable:` builds a placeholder view for the arm that cannot run (the text parsed when
/// the value was made and parsing is deterministic), so the accessor is infallible without a
/// panic path. `from:` gives a view's text, for `From<View>`.
///
/// ```
/// # mod demo {
/// # #[derive(Debug)] pub struct NotAWord;
/// # impl core::fmt::Display for NotAWord {
/// #     fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result { f.write_str("bad") }
/// # }
/// #[derive(Debug, Clone, Copy)]
/// pub struct Word<'a>(&'a str);
/// impl<'a> Word<'a> {
///     pub fn parse(s: &'a str) -> Result<Self, NotAWord> {
///         if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic()) { Ok(Word(s)) } else { Err(NotAWord) }
///     }
///     pub fn as_str(&self) -> &'a str { self.0 }
/// }
/// rcs_base::owned_text! {
///     /// A word that owns its text.
///     pub struct WordBuf reads Word via word;
///     parse: |s| Word::parse(s);
///     unreachable: |s| Word(s);
///     from: |w| w.as_str();
///     error: NotAWord;
/// }
/// # }
/// use demo::WordBuf;
/// let w: WordBuf = "hello".parse().unwrap();
/// assert_eq!(w.word().as_str(), "hello");
/// assert_eq!(w.to_string(), "hello");
/// assert!("no words".parse::<WordBuf>().is_err());
/// ```
#[macro_export]
macro_rules! owned_text {
    (
        $(#[$meta:meta])*
        pub struct $buf:ident reads $view:ident via $getter:ident;
        parse: |$s:ident| $parse:expr;
        unreachable: |$u:ident| $fallback:expr;
        from: |$v:ident| $text:expr;
        error: $err:ty;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $buf(Box<str>);

        impl $buf {
            #[doc = concat!("The value as a [`", stringify!($view), "`], read from the text again (no allocation).")]
            pub fn $getter(&self) -> $view<'_> {
                match Self::parse_text(&self.0) {
                    Ok(v) => v,
                    // Never taken: the text parsed when this value was made, and parsing is
                    // deterministic.
                    Err(_) => Self::placeholder(&self.0),
                }
            }

            fn parse_text($s: &str) -> Result<$view<'_>, $err> {
                $parse
            }

            fn placeholder($u: &str) -> $view<'_> {
                $fallback
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl core::str::FromStr for $buf {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, $err> {
                Self::parse_text(s)?;
                Ok(Self(s.into()))
            }
        }

        impl core::fmt::Display for $buf {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $buf {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$view<'_>> for $buf {
            fn from($v: $view<'_>) -> Self {
                Self(Box::<str>::from($text))
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $buf {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $buf {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize<'de>>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
