//! CPIM in `rcs inspect`: on its own, or nested in a SIP MESSAGE or an MSRP SEND body. The
//! headers are shown with their namespaces resolved, then the inner content by its type.

use crate::InspectArgs;
use rcs_cpim::{Message, ParseOptions};
use serde_json::{Value, json};
use std::io::Write;

fn opts(args: &InspectArgs) -> ParseOptions {
    let mut o = ParseOptions::new();
    o.allow_bare_lf = args.allow_bare_lf;
    o
}

/// Parse a CPIM body; real clients' leniencies (a wrong Content-Length, a missing space) are
/// accepted and shown as warnings.
pub(crate) fn parse<'a>(
    input: &'a [u8],
    args: &InspectArgs,
) -> Result<Message<'a>, rcs_cpim::DecodeError> {
    Message::parse_with(input, &opts(args)).or_else(|strict| {
        let mut o = ParseOptions::lenient();
        o.allow_bare_lf = args.allow_bare_lf;
        Message::parse_with(input, &o).map_err(|_| strict)
    })
}

/// The inner content: text when the type is text/* and UTF-8, else its length.
fn content_json(m: &Message<'_>) -> Value {
    let content = m.decoded_content().unwrap_or_default();
    let ct = m.content_type().and_then(Result::ok);
    let text = ct
        .as_ref()
        .filter(|c| c.is("text", "*") || c.subtype.ends_with("+xml") || c.is("application", "xml"))
        .and_then(|_| std::str::from_utf8(&content).ok());
    json!({
        "type": ct.as_ref().map(|c| format!("{}/{}", c.type_, c.subtype)),
        "length": content.len(),
        "text": text,
    })
}

pub(crate) fn json(m: &Message<'_>) -> Value {
    let headers: Vec<Value> = m
        .headers()
        .map(|h| json!({ "ns": h.namespace, "prefix": h.prefix, "name": h.name, "params": (!h.params.is_empty()).then_some(h.params), "value": h.value }))
        .collect();
    let content_headers: Vec<Value> = m
        .content_headers()
        .map(|(n, v)| json!({ "name": n, "value": v }))
        .collect();
    json!({
        "protocol": "cpim",
        "headers": headers,
        "namespaces": m.namespaces().map(|n| json!({ "prefix": n.prefix, "urn": n.urn })).collect::<Vec<_>>(),
        "from": m.from().and_then(Result::ok).map(|a| a.uri),
        "to": m.to().filter_map(Result::ok).map(|a| a.uri).collect::<Vec<_>>(),
        "date_time": m.date_time().and_then(Result::ok).map(|d| d.raw),
        "imdn": {
            "message_id": m.imdn_message_id(),
            "disposition_notification": m.disposition_notification().and_then(Result::ok)
                .map(|v| v.iter().map(|d| d.as_str()).collect::<Vec<_>>()),
        },
        "content_headers": content_headers,
        "content_type": m.content_header("Content-Type"),
        "content": content_json(m),
        "warnings": m.warnings().iter().map(|w| format!("{w:?}")).collect::<Vec<_>>(),
    })
}

pub(crate) fn tree(m: &Message<'_>, indent: &str, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{indent}CPIM message ({} bytes)", m.as_bytes().len())?;
    for h in m.headers() {
        let ns = match (h.prefix, h.namespace) {
            (Some(_), Some(ns)) => format!("  [{ns}]"),
            (Some(_), None) => "  [undeclared prefix]".into(),
            _ => String::new(),
        };
        let prefix = h.prefix.map(|p| format!("{p}.")).unwrap_or_default();
        writeln!(
            out,
            "{indent}  {prefix}{}:{} {}{ns}",
            h.name, h.params, h.value
        )?;
    }
    for (n, v) in m.content_headers() {
        writeln!(out, "{indent}  {n}: {v}")?;
    }
    if let Some(Ok(v)) = m.disposition_notification() {
        let v: Vec<_> = v.iter().map(|d| d.as_str()).collect();
        writeln!(out, "{indent}  = IMDN requested: {}", v.join(", "))?;
    }
    for w in m.warnings() {
        writeln!(out, "{indent}  warning: {w:?}")?;
    }
    let content = m.decoded_content().unwrap_or_default();
    writeln!(out, "{indent}  content ({} bytes):", content.len())?;
    match std::str::from_utf8(&content) {
        Ok(t) => t.lines().try_for_each(|l| writeln!(out, "{indent}  | {l}")),
        Err(_) => writeln!(out, "{indent}  | ({} bytes of binary)", content.len()),
    }
}

/// `rcs inspect` of a CPIM body: strict; a message only a leniency accepts is still shown
/// (with its warnings) but exits 1.
pub(crate) fn run(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> u8 {
    let mut status = crate::inspect::EXIT_OK;
    let m = match Message::parse_with(input, &opts(args)) {
        Ok(m) => m,
        Err(strict) => {
            eprintln!("error: {strict}");
            status = crate::inspect::EXIT_SYNTAX;
            match parse(input, args) {
                Ok(m) => m,
                Err(_) => return status,
            }
        }
    };
    let written = if args.json {
        writeln!(out, "{}", json(&m))
    } else {
        tree(&m, "", out)
    };
    if written.is_err() {
        return 2;
    }
    status
}
