//! Parameter lists (`;name=value`) kept as the raw text that was validated, walked on demand.

use std::borrow::Cow;

/// One `name[=value]` parameter. The value is as sent: quotes and `%` escapes are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Param<'a> {
    /// The name as sent.
    pub name: &'a str,
    /// The value as sent, if there is an `=`.
    pub value: Option<&'a str>,
}

impl<'a> Param<'a> {
    /// The value with surrounding quotes and `\` escapes removed.
    pub fn unquoted_value(&self) -> Option<Cow<'a, str>> {
        self.value.map(crate::decode::lex::unquote)
    }
}

/// A validated parameter list, borrowed from the message: `;a=1;b;c="x y"`.
///
/// Walking it allocates nothing; names compare case-insensitively.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Params<'a> {
    raw: &'a str,
}

impl core::fmt::Debug for Params<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> Params<'a> {
    /// Wrap text that the decoder has already validated as `*( SEMI param )`.
    pub(crate) const fn from_validated(raw: &'a str) -> Self {
        Self { raw }
    }

    /// The validated list that runs from `start` to the end of `raw` (where a typed value keeps
    /// its parameters).
    #[inline]
    pub(crate) fn tail_of(raw: &'a str, start: u32) -> Self {
        Self::from_validated(raw.get(start as usize..).unwrap_or(""))
    }

    /// The list as sent, from its first `;` (empty when there are none).
    pub fn as_str(&self) -> &'a str {
        self.raw
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The parameters in order.
    pub fn iter(&self) -> ParamIter<'a> {
        ParamIter {
            s: self.raw,
            pos: 0,
            sep: b';',
        }
    }

    /// The first parameter with this name (ASCII case-insensitive).
    pub fn get(&self, name: &str) -> Option<Param<'a>> {
        self.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The value of the first parameter with this name; `None` when absent or valueless.
    pub fn value(&self, name: &str) -> Option<&'a str> {
        self.get(name).and_then(|p| p.value)
    }

    /// Whether a parameter with this name is present (with or without a value).
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

impl<'a> IntoIterator for Params<'a> {
    type Item = Param<'a>;
    type IntoIter = ParamIter<'a>;
    fn into_iter(self) -> ParamIter<'a> {
        self.iter()
    }
}

/// Iterator over [`Params`] (or over comma-separated auth parameters).
#[derive(Debug, Clone)]
pub struct ParamIter<'a> {
    s: &'a str,
    pos: usize,
    sep: u8,
}

impl<'a> ParamIter<'a> {
    pub(crate) const fn comma_separated(s: &'a str) -> Self {
        Self {
            s,
            pos: 0,
            sep: b',',
        }
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Iterator for ParamIter<'a> {
    type Item = Param<'a>;

    fn next(&mut self) -> Option<Param<'a>> {
        let b = self.s.as_bytes();
        let mut i = self.pos;
        // Skip separators and white space before the name.
        while i < b.len() && (is_ws(b[i]) || b[i] == self.sep) {
            i += 1;
        }
        if i >= b.len() {
            self.pos = i;
            return None;
        }
        let name_start = i;
        while i < b.len() && !is_ws(b[i]) && b[i] != b'=' && b[i] != self.sep {
            i += 1;
        }
        let name = &self.s[name_start..i];
        let mut j = i;
        while j < b.len() && is_ws(b[j]) {
            j += 1;
        }
        let mut value = None;
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && is_ws(b[j]) {
                j += 1;
            }
            let vs = j;
            if j < b.len() && b[j] == b'"' {
                j += 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                j = (j + 1).min(b.len());
            } else {
                while j < b.len() && !is_ws(b[j]) && b[j] != self.sep {
                    j += 1;
                }
            }
            value = Some(&self.s[vs..j]);
            i = j;
        }
        self.pos = i;
        Some(Param { name, value })
    }
}

/// A parameter list serializes as the sequence of its parameters.
#[cfg(feature = "serde")]
impl serde::Serialize for Params<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}
