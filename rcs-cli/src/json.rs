//! Output helpers every protocol shares: JSON streams, the `key: value` tree printed from
//! a JSON value, hex in and out.

use serde_json::Value;
use std::io::Write;

/// Writes a stream of JSON values as it is decoded: one value alone as itself, several as an
/// array, so the output has the same shape as before and nothing is held whole.
#[derive(Debug, Default)]
pub(crate) struct JsonStream {
    /// Values written so far.
    written: usize,
    /// Whether an array was opened.
    array: bool,
}

impl JsonStream {
    /// Writes `v`; `more` says whether input remains after it (a second value may follow).
    pub(crate) fn item(
        &mut self,
        out: &mut impl std::io::Write,
        v: &serde_json::Value,
        more: bool,
    ) -> std::io::Result<()> {
        if self.written == 0 && more {
            self.array = true;
            write!(out, "[")?;
        } else if self.written > 0 {
            // `more` was true before this one, so the array is open.
            write!(out, ",")?;
        }
        write!(out, "{v}")?;
        self.written += 1;
        Ok(())
    }

    /// Closes the output (also after an error mid-stream, so it stays valid JSON).
    pub(crate) fn finish(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match (self.written, self.array) {
            (0, _) => Ok(()),
            (_, true) => writeln!(out, "]"),
            (_, false) => writeln!(out),
        }
    }
}

/// `{"protocol": NAME}` followed by a value's own serde form: the JSON a library user gets,
/// with the CLI's protocol name first.
pub(crate) fn tagged<T: serde::Serialize + ?Sized>(protocol: &str, value: &T) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("protocol".into(), protocol.into());
    match serde_json::to_value(value) {
        Ok(Value::Object(fields)) => map.extend(fields),
        Ok(other) => {
            map.insert("document".into(), other);
        }
        Err(e) => {
            map.insert("error".into(), e.to_string().into());
        }
    }
    Value::Object(map)
}

/// Octets as uppercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// The input as octets: hex (whitespace allowed) when it is only hex digits, else as is.
pub(crate) fn octets(input: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = input
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if !digits.is_empty()
        && digits.len().is_multiple_of(2)
        && digits.iter().all(u8::is_ascii_hexdigit)
    {
        digits
            .chunks(2)
            .filter_map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
            .collect()
    } else {
        input.to_vec()
    }
}

/// Prints a JSON object as an indented `key: value` tree.
pub(crate) fn tree(v: &Value, indent: usize, out: &mut impl Write) -> std::io::Result<()> {
    const K: anstyle::Style = crate::term::KEY;
    let pad = "  ".repeat(indent);
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::Null => {}
                    Value::Object(_) => {
                        writeln!(out, "{pad}{K}{k}{K:#}:")?;
                        tree(v, indent + 1, out)?;
                    }
                    Value::Array(items) => {
                        writeln!(out, "{pad}{K}{k}{K:#}:")?;
                        for item in items {
                            writeln!(out, "{pad}  -")?;
                            tree(item, indent + 2, out)?;
                        }
                    }
                    Value::String(s) => writeln!(out, "{pad}{K}{k}{K:#}: {s}")?,
                    other => writeln!(out, "{pad}{K}{k}{K:#}: {other}")?,
                }
            }
            Ok(())
        }
        other => writeln!(out, "{pad}{other}"),
    }
}
