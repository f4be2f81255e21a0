//! `arbitrary::Arbitrary` for the document types: structured fuzz input that is always a
//! value this crate writes and a faithful parse ([`ParseOptions::faithful`]) reads back equal.
//!
//! Every model member goes through [`Gen`], which carries a nesting budget so a value never
//! nests deeper than [`Limits::max_nesting_depth`](crate::Limits) allows, whatever the bytes,
//! and keeps each value in the one form a parse gives back: a number that is an integer is
//! never a `Negative(0)`, a schema enumeration holding a listed value is that variant (not
//! `Other`), a float is finite, and `extra` stays empty (its keys could shadow the members).
//!
//! [`ParseOptions::faithful`]: crate::ParseOptions::faithful

use std::borrow::Cow;

use arbitrary::{Result, Unstructured};

use crate::ctcu::ContentText;
use crate::json::{Integer, JsonValue, Number, OneOrMany};

/// Nesting budget of a generated document: well inside the default limit of 32.
pub(crate) const DEPTH: u32 = 12;

/// A member value generated within a nesting budget.
pub(crate) trait Gen: Sized {
    /// Whether the value is a JSON object or array (so it spends budget).
    const NESTS: bool;
    /// A value nesting at most `depth` more levels.
    fn generate(u: &mut Unstructured<'_>, depth: u32) -> Result<Self>;
    /// Whether the value is JSON `null` (a member sent as `null` reads back absent).
    fn is_null(&self) -> bool {
        false
    }
}

/// An optional member: absent when the budget is spent on a nesting value.
pub(crate) fn member<T: Gen>(u: &mut Unstructured<'_>, depth: u32) -> Result<Option<T>> {
    if (T::NESTS && depth == 0) || !u.arbitrary::<bool>()? {
        return Ok(None);
    }
    let value = T::generate(u, depth.saturating_sub(1))?;
    Ok((!value.is_null()).then_some(value))
}

impl<'a> Gen for Cow<'a, str> {
    const NESTS: bool = false;
    fn generate(u: &mut Unstructured<'_>, _: u32) -> Result<Self> {
        Ok(Cow::Owned(u.arbitrary::<String>()?))
    }
}

impl Gen for bool {
    const NESTS: bool = false;
    fn generate(u: &mut Unstructured<'_>, _: u32) -> Result<Self> {
        u.arbitrary()
    }
}

impl Gen for f64 {
    const NESTS: bool = false;
    fn generate(u: &mut Unstructured<'_>, _: u32) -> Result<Self> {
        // JSON has no NaN or infinity.
        let f: f64 = u.arbitrary()?;
        Ok(if f.is_finite() { f } else { 0.5 })
    }
}

impl<T: Gen> Gen for Box<T> {
    const NESTS: bool = T::NESTS;
    fn generate(u: &mut Unstructured<'_>, depth: u32) -> Result<Self> {
        T::generate(u, depth).map(Box::new)
    }
}

impl<T: Gen> Gen for Vec<T> {
    const NESTS: bool = true;
    fn generate(u: &mut Unstructured<'_>, depth: u32) -> Result<Self> {
        let mut out = Vec::new();
        if T::NESTS && depth == 0 {
            return Ok(out);
        }
        u.arbitrary_loop(None, Some(8), |u| {
            out.push(T::generate(u, depth.saturating_sub(1))?);
            Ok(std::ops::ControlFlow::Continue(()))
        })?;
        Ok(out)
    }
}

/// An integer in the variant a parse gives it.
fn integer(n: i64) -> (Option<u64>, Option<i64>) {
    if n < 0 {
        (None, Some(n))
    } else {
        (Some(n as u64), None)
    }
}

impl<'a> Gen for Integer<'a> {
    const NESTS: bool = false;
    fn generate(u: &mut Unstructured<'_>, depth: u32) -> Result<Self> {
        Ok(match u.int_in_range(0u8..=2)? {
            0 => Integer::Unsigned(u.arbitrary()?),
            1 => match integer(u.arbitrary()?) {
                (_, Some(n)) => Integer::Negative(n),
                (Some(n), _) => Integer::Unsigned(n),
                _ => Integer::Unsigned(0),
            },
            _ => Integer::Text(Cow::generate(u, depth)?),
        })
    }
}

impl Gen for Number {
    const NESTS: bool = false;
    fn generate(u: &mut Unstructured<'_>, depth: u32) -> Result<Self> {
        Ok(match u.int_in_range(0u8..=2)? {
            0 => Number::Unsigned(u.arbitrary()?),
            1 => match integer(u.arbitrary()?) {
                (_, Some(n)) => Number::Negative(n),
                (Some(n), _) => Number::Unsigned(n),
                _ => Number::Unsigned(0),
            },
            _ => Number::Float(f64::generate(u, depth)?),
        })
    }
}

impl<'a> Gen for JsonValue<'a> {
    // A scalar needs no budget; an array or object is only chosen while some is left.
    const NESTS: bool = false;
    fn generate(u: &mut Unstructured<'_>, depth: u32) -> Result<Self> {
        let kinds = if depth == 0 { 3 } else { 5 };
        Ok(match u.int_in_range(0u8..=kinds)? {
            0 => JsonValue::Null,
            1 => JsonValue::Bool(u.arbitrary()?),
            2 => JsonValue::Number(Number::generate(u, depth)?),
            3 => JsonValue::String(Cow::generate(u, depth)?),
            4 => JsonValue::Array(Vec::generate(u, depth)?),
            _ => JsonValue::Object(Vec::<(Cow<'a, str>, JsonValue<'a>)>::generate(u, depth)?),
        })
    }
    fn is_null(&self) -> bool {
        matches!(self, JsonValue::Null)
    }
}

impl<'a> Gen for (Cow<'a, str>, JsonValue<'a>) {
    const NESTS: bool = false;
    fn generate(u: &mut Unstructured<'_>, depth: u32) -> Result<Self> {
        Ok((Cow::generate(u, depth)?, JsonValue::generate(u, depth)?))
    }
}

impl<'a> Gen for OneOrMany<'a> {
    const NESTS: bool = false;
    fn generate(u: &mut Unstructured<'_>, depth: u32) -> Result<Self> {
        if depth > 0 && u.arbitrary()? {
            Ok(OneOrMany::Many(Vec::generate(u, depth)?))
        } else {
            Ok(OneOrMany::One(Cow::generate(u, depth)?))
        }
    }
}

impl<'a> Gen for ContentText<'a> {
    const NESTS: bool = false;
    fn generate(u: &mut Unstructured<'_>, depth: u32) -> Result<Self> {
        Ok(
            match if depth == 0 {
                0
            } else {
                u.int_in_range(0u8..=2)?
            } {
                0 => ContentText::Text(Cow::generate(u, depth)?),
                1 => ContentText::Body(Box::generate(u, depth - 1)?),
                _ => ContentText::Files(Vec::generate(u, depth)?),
            },
        )
    }
}
