//! The decoding machinery every model type shares: a context threaded through serde
//! visitors (options, budget, warnings, where an error happened), the generic JSON value kept
//! for unknown members, and the macros that write the model's objects and enumerations.
//!
//! Why seeds and not plain `Deserialize`: strict/lenient, limits and JSON-Pointer errors are
//! runtime state, and serde passes runtime state down only through `DeserializeSeed`. Any serde
//! backend can drive these visitors.

use core::fmt;
use core::marker::PhantomData;
use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::error::{DecodeError, ErrorKind, LimitKind, Seg, Warning, WarningKind, write_pointer};
use crate::limits::ParseOptions;

/// Decoding state for one document.
#[derive(Debug)]
pub(crate) struct Cx {
    pub(crate) opts: ParseOptions,
    values_left: usize,
    depth: usize,
    /// Warnings with their pointer segments, innermost first (completed while unwinding).
    warnings: Vec<(WarningKind, Vec<Seg>)>,
    /// Set by the first failure: our own kind (None: the backend's error), segments innermost
    /// first.
    problem: Option<(Option<ErrorKind>, Vec<Seg>)>,
}

impl Cx {
    pub(crate) fn new(opts: ParseOptions) -> Self {
        Self {
            opts,
            values_left: opts.limits.max_containers,
            depth: 0,
            warnings: Vec::new(),
            problem: None,
        }
    }

    pub(crate) fn fail<E: de::Error>(&mut self, kind: ErrorKind) -> E {
        self.problem = Some((Some(kind), Vec::new()));
        E::custom(kind.as_str())
    }

    /// Counts one object or array against `max_containers`.
    #[inline]
    fn count<E: de::Error>(&mut self) -> Result<(), E> {
        match self.values_left.checked_sub(1) {
            Some(n) => {
                self.values_left = n;
                Ok(())
            }
            None => Err(self.fail(ErrorKind::LimitExceeded(LimitKind::ContainerCount))),
        }
    }

    /// Enters an object or array: counts it and checks the depth.
    #[inline]
    pub(crate) fn enter<E: de::Error>(&mut self) -> Result<(), E> {
        self.count()?;
        if self.depth >= self.opts.limits.max_nesting_depth {
            return Err(self.fail(ErrorKind::LimitExceeded(LimitKind::NestingDepth)));
        }
        self.depth += 1;
        Ok(())
    }

    #[inline]
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub(crate) fn warn(&mut self, kind: WarningKind) {
        self.warnings.push((kind, Vec::new()));
    }

    #[inline]
    pub(crate) fn mark(&self) -> usize {
        self.warnings.len()
    }

    /// Adds `seg` to the pointers of the warnings raised since `mark` (inside this value).
    #[inline]
    pub(crate) fn bubble(&mut self, mark: usize, seg: impl Fn() -> Seg) {
        if self.warnings.len() > mark {
            for (_, segs) in &mut self.warnings[mark..] {
                segs.push(seg());
            }
        }
    }

    /// Adds `seg` to the pointer of the failure being unwound (starting one for the backend's
    /// own errors, which arrive without ours).
    pub(crate) fn bubble_err(&mut self, seg: Seg) {
        match &mut self.problem {
            Some((_, segs)) => segs.push(seg),
            None => self.problem = Some((None, vec![seg])),
        }
    }

    pub(crate) fn into_warnings(self) -> Vec<Warning> {
        self.warnings
            .into_iter()
            .map(|(kind, segs)| {
                let mut pointer = String::new();
                write_pointer(&mut pointer, segs.iter().rev());
                Warning { kind, pointer }
            })
            .collect()
    }

    /// The public error for a reader failure, with our kind and pointer when we know them.
    pub(crate) fn into_error(self, e: &crate::reader::ReadError, input: &[u8]) -> DecodeError {
        use crate::reader::Category;
        let (own, segs) = self.problem.unwrap_or((None, Vec::new()));
        let kind = own.unwrap_or(match e.category {
            Category::Eof => ErrorKind::Incomplete,
            Category::Data => ErrorKind::WrongType,
            Category::Syntax => ErrorKind::Syntax,
        });
        let mut err = DecodeError::new(kind).at(input, e.offset);
        write_pointer(&mut err.pointer, segs.iter().rev());
        err
    }
}

/// Decoding with the context: what every model type implements.
pub(crate) trait Decode<'de>: Sized {
    fn decode<D: Deserializer<'de>>(d: D, cx: &mut Cx) -> Result<Self, D::Error>;
}

/// Adapts [`Decode`] to serde's `DeserializeSeed`.
pub(crate) struct Seed<'c, T>(&'c mut Cx, PhantomData<T>);

impl<'c, T> Seed<'c, T> {
    pub(crate) fn new(cx: &'c mut Cx) -> Self {
        Self(cx, PhantomData)
    }
}

impl<'de, T: Decode<'de>> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::decode(d, self.0)
    }
}

/// Decodes one member's value, completing pointers with its name. `None`: the value was `null`
/// and the options read that as absent.
#[inline]
pub(crate) fn member<'de, A: MapAccess<'de>, T: Decode<'de>>(
    map: &mut A,
    cx: &mut Cx,
    key: &'static str,
) -> Result<Option<T>, A::Error> {
    let mark = cx.mark();
    match map.next_value_seed(NullableSeed::<T>(Seed::new(cx))) {
        Ok(v) => {
            cx.bubble(mark, || Seg::Key(Cow::Borrowed(key)));
            Ok(v)
        }
        Err(e) => {
            cx.bubble_err(Seg::Key(Cow::Borrowed(key)));
            Err(e)
        }
    }
}

/// A member's value that may be `null` (accepted only when the options say so).
struct NullableSeed<'c, T>(Seed<'c, T>);

impl<'de, T: Decode<'de>> DeserializeSeed<'de> for NullableSeed<'_, T> {
    type Value = Option<T>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, T: Decode<'de>> Visitor<'de> for NullableSeed<'_, T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        let cx = self.0.0;
        if cx.opts.allow_null_members {
            cx.warn(WarningKind::NullMember);
            Ok(None)
        } else {
            Err(cx.fail(ErrorKind::WrongType))
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        self.visit_none()
    }
    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::decode(d, self.0.0).map(Some)
    }
}

/// The refusal of a member given twice.
pub(crate) fn duplicate<E: de::Error>(cx: &mut Cx, key: &'static str) -> E {
    let e = cx.fail(ErrorKind::DuplicateMember);
    cx.bubble_err(Seg::Key(Cow::Borrowed(key)));
    e
}

/// A misspelled name (`contenType`): accepted with a warning when allowed.
pub(crate) fn misspelled<E: de::Error>(cx: &mut Cx, key: &str) -> Result<(), E> {
    if cx.opts.allow_misspellings {
        let mark = cx.mark();
        cx.warn(WarningKind::Misspelling);
        cx.bubble(mark, || Seg::Key(Cow::Owned(key.to_owned())));
        Ok(())
    } else {
        let e = cx.fail(ErrorKind::UnknownMember);
        cx.bubble_err(Seg::Key(Cow::Owned(key.to_owned())));
        Err(e)
    }
}

/// A member the type does not define: kept (lenient) or refused (strict).
pub(crate) fn unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    cx: &mut Cx,
    key: Cow<'de, str>,
    extra: &mut Members<'de>,
) -> Result<(), A::Error> {
    let seg = || Seg::Key(Cow::Owned(key.to_string()));
    if !cx.opts.allow_unknown_members {
        let e = cx.fail(ErrorKind::UnknownMember);
        cx.bubble_err(seg());
        return Err(e);
    }
    let mark = cx.mark();
    cx.warn(WarningKind::UnknownMember);
    match map.next_value_seed(Seed::<JsonValue<'de>>::new(cx)) {
        Ok(v) => {
            cx.bubble(mark, seg);
            extra.push((key, v));
            Ok(())
        }
        Err(e) => {
            cx.bubble_err(seg());
            Err(e)
        }
    }
}

/// Object member names, borrowed from the input when they have no escapes.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(CowStrVisitor)
    }
}

struct CowStrVisitor;

impl<'de> Visitor<'de> for CowStrVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

impl<'de> Decode<'de> for Cow<'de, str> {
    #[inline]
    fn decode<D: Deserializer<'de>>(d: D, _cx: &mut Cx) -> Result<Self, D::Error> {
        d.deserialize_str(CowStrVisitor)
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Vec<T> {
    fn decode<D: Deserializer<'de>>(d: D, cx: &mut Cx) -> Result<Self, D::Error> {
        struct V<'c, T>(&'c mut Cx, PhantomData<T>);
        impl<'de, T: Decode<'de>> Visitor<'de> for V<'_, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let cx = self.0;
                cx.enter()?;
                let mut out = Vec::new();
                loop {
                    let i = out.len();
                    let mark = cx.mark();
                    match seq.next_element_seed(Seed::<T>::new(cx)) {
                        Ok(Some(v)) => {
                            cx.bubble(mark, || Seg::Index(i));
                            out.push(v);
                        }
                        Ok(None) => break,
                        Err(e) => {
                            cx.bubble_err(Seg::Index(i));
                            return Err(e);
                        }
                    }
                }
                cx.leave();
                Ok(out)
            }
        }
        d.deserialize_seq(V(cx, PhantomData))
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Box<T> {
    #[inline]
    fn decode<D: Deserializer<'de>>(d: D, cx: &mut Cx) -> Result<Self, D::Error> {
        T::decode(d, cx).map(Box::new)
    }
}

impl<'de> Decode<'de> for bool {
    fn decode<D: Deserializer<'de>>(d: D, _cx: &mut Cx) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = bool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true or false")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
        }
        d.deserialize_bool(V)
    }
}

impl IntoOwned for bool {
    type Owned = bool;
    fn into_owned(self) -> bool {
        self
    }
}

/// One value or a list of them: members the spec types as an array but its own examples send
/// as a string (CT/CU `destinationAddress`). Written back in the form received.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OneOrMany<'a> {
    /// A single string.
    One(Cow<'a, str>),
    /// An array of strings.
    Many(Vec<Cow<'a, str>>),
}

impl<'a> OneOrMany<'a> {
    /// The values, one or many.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (one, many) = match self {
            Self::One(s) => (Some(&**s), &[][..]),
            Self::Many(v) => (None, &v[..]),
        };
        one.into_iter().chain(many.iter().map(|s| &**s))
    }
    /// How many values.
    pub fn len(&self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Many(v) => v.len(),
        }
    }
    /// Whether there are none (an empty array).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The same value borrowing nothing.
    pub fn into_owned(self) -> OneOrMany<'static> {
        match self {
            Self::One(s) => OneOrMany::One(IntoOwned::into_owned(s)),
            Self::Many(v) => OneOrMany::Many(IntoOwned::into_owned(v)),
        }
    }
}

impl IntoOwned for OneOrMany<'_> {
    type Owned = OneOrMany<'static>;
    fn into_owned(self) -> OneOrMany<'static> {
        OneOrMany::into_owned(self)
    }
}

impl<'de> Decode<'de> for OneOrMany<'de> {
    fn decode<D: Deserializer<'de>>(d: D, cx: &mut Cx) -> Result<Self, D::Error> {
        struct V<'c>(&'c mut Cx);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = OneOrMany<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(OneOrMany::One(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(OneOrMany::One(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(OneOrMany::One(Cow::Owned(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let d = de::value::SeqAccessDeserializer::new(seq);
                Vec::<Cow<'de, str>>::decode(d, self.0).map(OneOrMany::Many)
            }
        }
        d.deserialize_any(V(cx))
    }
}

impl Serialize for OneOrMany<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(v) => s.serialize_str(v),
            Self::Many(v) => v.serialize(s),
        }
    }
}

impl<'de> Decode<'de> for f64 {
    fn decode<D: Deserializer<'de>>(d: D, _cx: &mut Cx) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = f64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
                Ok(v)
            }
            #[allow(clippy::cast_precision_loss)] // JSON numbers are doubles
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
                Ok(v as f64)
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
                Ok(v as f64)
            }
        }
        d.deserialize_f64(V)
    }
}

/// Members of an object this crate does not define, in the order received.
pub type Members<'a> = Vec<(Cow<'a, str>, JsonValue<'a>)>;

/// A JSON number as sent: an unsigned or negative integer, or anything else as a double.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer.
    Negative(i64),
    /// A number with a fraction or exponent, or an integer too large for 64 bits.
    Float(f64),
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Self::Unsigned(n) => s.serialize_u64(n),
            Self::Negative(n) => s.serialize_i64(n),
            Self::Float(n) => s.serialize_f64(n),
        }
    }
}

/// Any JSON value, borrowing its strings where the input has no escapes: what lenient parsing
/// keeps for members this crate does not define.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum JsonValue<'a> {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<JsonValue<'a>>),
    /// An object, members in the order received (duplicates kept).
    Object(Members<'a>),
}

impl JsonValue<'_> {
    /// The same value borrowing nothing.
    pub fn into_owned(self) -> JsonValue<'static> {
        match self {
            Self::Null => JsonValue::Null,
            Self::Bool(b) => JsonValue::Bool(b),
            Self::Number(n) => JsonValue::Number(n),
            Self::String(s) => JsonValue::String(Cow::Owned(s.into_owned())),
            Self::Array(a) => JsonValue::Array(a.into_iter().map(JsonValue::into_owned).collect()),
            Self::Object(o) => JsonValue::Object(o.into_owned()),
        }
    }
}

impl<'de> Decode<'de> for JsonValue<'de> {
    fn decode<D: Deserializer<'de>>(d: D, cx: &mut Cx) -> Result<Self, D::Error> {
        struct V<'c>(&'c mut Cx);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = JsonValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(JsonValue::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(JsonValue::Bool(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(JsonValue::Number(Number::Unsigned(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(JsonValue::Number(if v < 0 {
                    Number::Negative(v)
                } else {
                    Number::Unsigned(v.unsigned_abs())
                }))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(JsonValue::Number(Number::Float(v)))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(JsonValue::String(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(JsonValue::String(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(JsonValue::String(Cow::Owned(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let cx = self.0;
                cx.enter()?;
                let mut out = Vec::new();
                loop {
                    let i = out.len();
                    match seq.next_element_seed(Seed::<JsonValue<'de>>::new(cx)) {
                        Ok(Some(v)) => out.push(v),
                        Ok(None) => break,
                        Err(e) => {
                            cx.bubble_err(Seg::Index(i));
                            return Err(e);
                        }
                    }
                }
                cx.leave();
                Ok(JsonValue::Array(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let cx = self.0;
                cx.enter()?;
                let mut out = Vec::new();
                while let Some(k) = map.next_key_seed(KeySeed)? {
                    match map.next_value_seed(Seed::<JsonValue<'de>>::new(cx)) {
                        Ok(v) => out.push((k, v)),
                        Err(e) => {
                            cx.bubble_err(Seg::Key(Cow::Owned(k.into_owned())));
                            return Err(e);
                        }
                    }
                }
                cx.leave();
                Ok(JsonValue::Object(out))
            }
        }
        d.deserialize_any(V(cx))
    }
}

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => s.serialize_unit(),
            Self::Bool(b) => s.serialize_bool(*b),
            Self::Number(n) => n.serialize(s),
            Self::String(v) => s.serialize_str(v),
            Self::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Self::Object(o) => {
                let mut m = s.serialize_map(Some(o.len()))?;
                for (k, v) in o {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

/// A JSON integer as sent: sizes and counts, which CSP code often sends as strings
/// (`"151250"`, `""`); strict parsing refuses those, lenient parsing keeps them as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Integer<'a> {
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer (the schemas say `minimum: 0`: validation reports it).
    Negative(i64),
    /// A string where the schema wants an integer (lenient parsing only; validation reports
    /// it).
    Text(Cow<'a, str>),
}

impl Integer<'_> {
    /// The value when it is a non-negative integer, or a string of ASCII digits that fits.
    pub fn value(&self) -> Option<u64> {
        match self {
            Self::Unsigned(n) => Some(*n),
            Self::Negative(_) => None,
            Self::Text(t) => {
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    t.parse().ok()
                }
            }
        }
    }
    /// The same value borrowing nothing.
    pub fn into_owned(self) -> Integer<'static> {
        match self {
            Self::Unsigned(n) => Integer::Unsigned(n),
            Self::Negative(n) => Integer::Negative(n),
            Self::Text(t) => Integer::Text(Cow::Owned(t.into_owned())),
        }
    }
}

impl From<u64> for Integer<'_> {
    fn from(n: u64) -> Self {
        Self::Unsigned(n)
    }
}

impl<'de> Decode<'de> for Integer<'de> {
    fn decode<D: Deserializer<'de>>(d: D, cx: &mut Cx) -> Result<Self, D::Error> {
        struct V<'c>(&'c mut Cx);
        impl<'de> V<'_> {
            fn text<E: de::Error>(self, t: Cow<'de, str>) -> Result<Integer<'de>, E> {
                if self.0.opts.allow_number_strings {
                    self.0.warn(WarningKind::NumberAsString);
                    Ok(Integer::Text(t))
                } else {
                    Err(self.0.fail(ErrorKind::NumberAsString))
                }
            }
        }
        impl<'de> Visitor<'de> for V<'_> {
            type Value = Integer<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Integer::Unsigned(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(if v < 0 {
                    Integer::Negative(v)
                } else {
                    Integer::Unsigned(v.unsigned_abs())
                })
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                self.text(Cow::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                self.text(Cow::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                self.text(Cow::Owned(v))
            }
        }
        d.deserialize_any(V(cx))
    }
}

impl Serialize for Integer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Unsigned(n) => s.serialize_u64(*n),
            Self::Negative(n) => s.serialize_i64(*n),
            Self::Text(t) => s.serialize_str(t),
        }
    }
}

/// What validation needs of a schema enumeration.
pub(crate) trait SchemaEnum {
    const KNOWN: &'static [&'static str];
    fn is_known(&self) -> bool;
    fn as_str(&self) -> &str;
}

/// Turning borrowed values into `'static` ones, member by member.
pub(crate) trait IntoOwned {
    type Owned;
    fn into_owned(self) -> Self::Owned;
}

impl IntoOwned for Cow<'_, str> {
    type Owned = Cow<'static, str>;
    fn into_owned(self) -> Cow<'static, str> {
        Cow::Owned(match self {
            Cow::Borrowed(s) => s.to_owned(),
            Cow::Owned(s) => s,
        })
    }
}

impl IntoOwned for f64 {
    type Owned = f64;
    fn into_owned(self) -> f64 {
        self
    }
}

impl IntoOwned for Integer<'_> {
    type Owned = Integer<'static>;
    fn into_owned(self) -> Integer<'static> {
        Integer::into_owned(self)
    }
}

impl IntoOwned for JsonValue<'_> {
    type Owned = JsonValue<'static>;
    fn into_owned(self) -> JsonValue<'static> {
        JsonValue::into_owned(self)
    }
}

impl<T: IntoOwned> IntoOwned for Vec<T> {
    type Owned = Vec<T::Owned>;
    fn into_owned(self) -> Vec<T::Owned> {
        self.into_iter().map(IntoOwned::into_owned).collect()
    }
}

impl<T: IntoOwned> IntoOwned for Box<T> {
    type Owned = Box<T::Owned>;
    fn into_owned(self) -> Box<T::Owned> {
        Box::new((*self).into_owned())
    }
}

impl<A: IntoOwned, B: IntoOwned> IntoOwned for (A, B) {
    type Owned = (A::Owned, B::Owned);
    fn into_owned(self) -> Self::Owned {
        (self.0.into_owned(), self.1.into_owned())
    }
}

/// Parses one document of type `T` from `input`.
pub(crate) fn parse_document<'a, T: Decode<'a>>(
    input: &'a [u8],
    opts: &ParseOptions,
) -> Result<(T, Vec<Warning>), DecodeError> {
    if input.len() > opts.limits.max_message_size {
        return Err(DecodeError::new(ErrorKind::LimitExceeded(
            LimitKind::MessageSize,
        )));
    }
    let mut cx = Cx::new(*opts);
    let mut reader = match crate::reader::Reader::new(input) {
        Ok(r) => r,
        Err(e) => return Err(cx.into_error(&e, input)),
    };
    let r = T::decode(&mut reader, &mut cx).and_then(|v| reader.end().map(|()| v));
    match r {
        Ok(v) => Ok((v, cx.into_warnings())),
        Err(e) => Err(cx.into_error(&e, input)),
    }
}

/// Writes a model object: its fields, `Decode`, `Serialize`, `Deserialize`, `into_owned`.
/// Every member is an `Option` (the model holds what was sent; validation says what is
/// missing); members this crate does not define go to `extra`.
macro_rules! json_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> {
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty = $key:literal $(| $alias:literal)*
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name<'a> {
            $( $(#[$fmeta])* pub $field: Option<$ty>, )*
            /// Members this crate does not define, in the order received (lenient parsing
            /// keeps them; they are written back after the members above).
            pub extra: $crate::json::Members<'a>,
        }

        impl<'de> $crate::json::Decode<'de> for $name<'de> {
            #[inline]
            fn decode<D: serde::Deserializer<'de>>(
                d: D,
                cx: &mut $crate::json::Cx,
            ) -> Result<Self, D::Error> {
                struct V<'c>(&'c mut $crate::json::Cx);
                impl<'de> serde::de::Visitor<'de> for V<'_> {
                    type Value = $name<'de>;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str("an object")
                    }
                    #[inline]
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Self::Value, A::Error> {
                        let cx = self.0;
                        cx.enter()?;
                        let mut out = $name::default();
                        while let Some(key) = map.next_key_seed($crate::json::KeySeed)? {
                            match &*key {
                                $(
                                    $key $(| $alias)* => {
                                        // Only members with a known misspelling pay for
                                        // this comparison.
                                        $(
                                            if &*key == $alias {
                                                $crate::json::misspelled::<A::Error>(cx, &key)?;
                                            }
                                        )*
                                        if out.$field.is_some() {
                                            return Err($crate::json::duplicate(cx, $key));
                                        }
                                        out.$field = $crate::json::member(&mut map, cx, $key)?;
                                    }
                                )*
                                _ => $crate::json::unknown(&mut map, cx, key, &mut out.extra)?,
                            }
                        }
                        cx.leave();
                        Ok(out)
                    }
                }
                d.deserialize_map(V(cx))
            }
        }

        impl serde::Serialize for $name<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                $( if let Some(v) = &self.$field { m.serialize_entry($key, v)?; } )*
                for (k, v) in &self.extra {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }

        impl<'de: 'a, 'a> serde::Deserialize<'de> for $name<'a> {
            /// Lenient, warnings dropped, default limits: for embedding in other serde types.
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut cx = $crate::json::Cx::new($crate::ParseOptions::faithful());
                <$name<'de> as $crate::json::Decode<'de>>::decode(d, &mut cx)
            }
        }

        impl $name<'_> {
            /// The same value borrowing nothing.
            pub fn into_owned(self) -> $name<'static> {
                $name {
                    $( $field: self.$field.map($crate::json::IntoOwned::into_owned), )*
                    extra: $crate::json::IntoOwned::into_owned(self.extra),
                }
            }
        }

        impl $crate::json::IntoOwned for $name<'_> {
            type Owned = $name<'static>;
            fn into_owned(self) -> $name<'static> {
                $name::into_owned(self)
            }
        }

        #[cfg(feature = "arbitrary")]
        impl $crate::arbitrary_json::Gen for $name<'_> {
            const NESTS: bool = true;
            fn generate(
                u: &mut arbitrary::Unstructured<'_>,
                depth: u32,
            ) -> arbitrary::Result<Self> {
                let _ = (&u, depth); // a type with no members uses neither
                Ok($name {
                    $( $field: $crate::arbitrary_json::member(u, depth)?, )*
                    extra: Vec::new(),
                })
            }
        }

        #[cfg(feature = "arbitrary")]
        impl<'a> arbitrary::Arbitrary<'a> for $name<'_> {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                <Self as $crate::arbitrary_json::Gen>::generate(
                    u,
                    $crate::arbitrary_json::DEPTH,
                )
            }
        }
    };
}

/// Writes a string enumeration of the schema with an `Other` variant for values it does not
/// list (kept as sent; validation reports them).
macro_rules! json_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $var:ident = $text:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name<'a> {
            $( $(#[$vmeta])* $var, )*
            /// A value the schema does not list, as sent.
            Other(std::borrow::Cow<'a, str>),
        }

        impl<'a> $name<'a> {
            /// The values the schema lists.
            pub const KNOWN: &'static [&'static str] = &[$($text),*];
            /// The value as written in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$var => $text, )*
                    Self::Other(s) => s,
                }
            }
            /// Whether the schema lists this value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
            /// Reads a value as written in JSON.
            pub fn from_cow(s: std::borrow::Cow<'a, str>) -> Self {
                match &*s {
                    $( $text => Self::$var, )*
                    _ => Self::Other(s),
                }
            }
            /// The same value borrowing nothing.
            pub fn into_owned(self) -> $name<'static> {
                match self {
                    $( Self::$var => $name::$var, )*
                    Self::Other(s) => $name::Other(std::borrow::Cow::Owned(s.into_owned())),
                }
            }
        }

        impl<'de> $crate::json::Decode<'de> for $name<'de> {
            fn decode<D: serde::Deserializer<'de>>(
                d: D,
                cx: &mut $crate::json::Cx,
            ) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as $crate::json::Decode<'de>>::decode(d, cx)?;
                Ok(Self::from_cow(s))
            }
        }

        impl serde::Serialize for $name<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de: 'a, 'a> serde::Deserialize<'de> for $name<'a> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut cx = $crate::json::Cx::new($crate::ParseOptions::faithful());
                <$name<'de> as $crate::json::Decode<'de>>::decode(d, &mut cx)
            }
        }

        impl $crate::json::IntoOwned for $name<'_> {
            type Owned = $name<'static>;
            fn into_owned(self) -> $name<'static> {
                $name::into_owned(self)
            }
        }

        #[cfg(feature = "arbitrary")]
        impl $crate::arbitrary_json::Gen for $name<'_> {
            const NESTS: bool = false;
            fn generate(
                u: &mut arbitrary::Unstructured<'_>,
                _: u32,
            ) -> arbitrary::Result<Self> {
                // Mostly listed values; any other text reads back as `Other` only when the
                // schema does not list it, which `from_cow` decides the same way.
                let text = if u.arbitrary()? {
                    u.choose(Self::KNOWN)?.to_string()
                } else {
                    u.arbitrary::<String>()?
                };
                Ok(Self::from_cow(std::borrow::Cow::Owned(text)))
            }
        }

        #[cfg(feature = "arbitrary")]
        impl<'a> arbitrary::Arbitrary<'a> for $name<'_> {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                <Self as $crate::arbitrary_json::Gen>::generate(u, 0)
            }
        }

        impl $crate::json::SchemaEnum for $name<'_> {
            const KNOWN: &'static [&'static str] = &[$($text),*];
            fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
        }

        impl core::fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use {json_enum, json_object};
