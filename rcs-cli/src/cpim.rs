//! CPIM in `rcs inspect`: on its own, or nested in a SIP MESSAGE or an MSRP SEND body. The
//! headers are shown with their namespaces resolved, then the inner content by its type.

use crate::inspect::InspectArgs;
use crate::term::{self, Exit};
use rcs_cpim::{Message, ParseOptions};
use serde_json::{Value, json};
use std::io::Write;

fn opts(args: &InspectArgs) -> ParseOptions {
    let mut o = ParseOptions::new();
    o = o.allow_bare_lf(args.allow_bare_lf);
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
        o = o.allow_bare_lf(args.allow_bare_lf);
        Message::parse_with(input, &o).map_err(|_| strict)
    })
}

/// `rcs inspect` of a bare XML body.
pub(crate) fn inspect_document(
    protocol: &str,
    input: &[u8],
    args: &InspectArgs,
    out: &mut impl Write,
) -> Exit {
    let (type_, subtype) = match protocol {
        "imdn" => ("message", "imdn+xml"),
        "fthttp" => ("application", "vnd.gsma.rcs-ft-http+xml"),
        "pushlocation" => ("application", "vnd.gsma.rcspushlocation+xml"),
        "resource-lists" => ("application", "resource-lists+xml"),
        "conference-info" => ("application", "conference-info+xml"),
        _ => ("application", "im-iscomposing+xml"),
    };
    let ct = format!("{type_}/{subtype}");
    let Ok(mt) = rcs_cpim::MediaType::parse(&ct) else {
        return Exit::Failed;
    };
    let Some(doc) = document(Some(&mt), input) else {
        return Exit::Failed;
    };
    let failed = doc.get("error").is_some();
    if let Some(e) = doc.get("error").and_then(Value::as_str) {
        term::error(e);
    }
    let written = if args.json {
        writeln!(out, "{doc}")
    } else {
        crate::json::tree(&doc, 0, out)
    };
    term::finish(written, if failed { Exit::Failed } else { Exit::Ok })
}

/// An XML body (or chatbot JSON) by its content type, typed (read leniently: real clients'
/// documents vary); `None` for other types.
fn document(ct: Option<&rcs_cpim::MediaType<'_>>, content: &[u8]) -> Option<Value> {
    let opts = rcs_cpim::XmlOptions {
        lenient: true,
        ..Default::default()
    };
    let ct = ct?;
    if let Some(v) = crate::chatbot::document(&format!("{}/{}", ct.type_, ct.subtype), content) {
        return Some(v);
    }
    fn read<T: serde::Serialize>(
        protocol: &str,
        parsed: Result<T, rcs_cpim::DecodeError>,
    ) -> Value {
        match parsed {
            Ok(doc) => crate::json::tagged(protocol, &doc),
            Err(e) => json!({ "protocol": protocol, "error": e.to_string() }),
        }
    }
    Some(if ct.is("message", "imdn+xml") {
        read("imdn", rcs_cpim::Imdn::parse(content, &opts))
    } else if ct.is("application", "vnd.gsma.rcs-ft-http+xml") {
        read("fthttp", rcs_cpim::FileTransferInfo::parse(content, &opts))
    } else if ct.is("application", "vnd.gsma.rcspushlocation+xml") {
        read(
            "pushlocation",
            rcs_cpim::PushLocation::parse(content, &opts),
        )
    } else if ct.is("application", "resource-lists+xml") {
        read(
            "resource-lists",
            rcs_cpim::ResourceLists::parse(content, &opts),
        )
    } else if ct.is("application", "conference-info+xml") {
        read(
            "conference-info",
            rcs_cpim::ConferenceInfo::parse(content, &opts),
        )
    } else if ct.is("application", "im-iscomposing+xml") {
        read("iscomposing", rcs_cpim::IsComposing::parse(content, &opts))
    } else {
        return None;
    })
}

/// rcs-cpim's serde form of the envelope with the protocol first; the content's document
/// (IMDN, isComposing, FT-over-HTTP, ..., chatbot JSON) typed under `content.document`.
pub(crate) fn json(m: &Message<'_>) -> Value {
    let mut v = crate::json::tagged("cpim", m);
    let content = m.decoded_content().unwrap_or_default();
    let ct = m.content_type().and_then(Result::ok);
    if let Some(doc) = document(ct.as_ref(), &content) {
        v["content"]["document"] = doc;
    }
    v
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
    let ct = m.content_type().and_then(Result::ok);
    let chatbot = ct.as_ref().and_then(|c| {
        crate::chatbot::nested_tree(
            &format!("{}/{}", c.type_, c.subtype),
            &content,
            &format!("{indent}  "),
            out,
        )
    });
    if let Some(r) = chatbot {
        r?;
    } else if let Some(doc) = document(ct.as_ref(), &content) {
        match doc.get("error") {
            Some(e) => writeln!(
                out,
                "{indent}  ! {} document: {}",
                doc["protocol"].as_str().unwrap_or(""),
                e.as_str().unwrap_or("")
            )?,
            None => {
                let fields: Vec<String> = doc
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(k, v)| {
                        *k != "protocol"
                            && !v.is_null()
                            && v.as_array().is_none_or(|a| !a.is_empty())
                    })
                    .map(|(k, v)| {
                        format!(
                            "{k}={}",
                            v.as_str().map_or_else(|| v.to_string(), str::to_string)
                        )
                    })
                    .collect();
                writeln!(
                    out,
                    "{indent}  = {} {}",
                    doc["protocol"].as_str().unwrap_or(""),
                    fields.join(" ")
                )?;
            }
        }
    }
    writeln!(out, "{indent}  content ({} bytes):", content.len())?;
    match std::str::from_utf8(&content) {
        Ok(t) => t.lines().try_for_each(|l| writeln!(out, "{indent}  | {l}")),
        Err(_) => writeln!(out, "{indent}  | ({} bytes of binary)", content.len()),
    }
}

/// `rcs inspect` of a CPIM body: strict; a message only a leniency accepts is still shown
/// (with its warnings) but exits 1.
pub(crate) fn inspect(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    let mut status = Exit::Ok;
    let m = match Message::parse_with(input, &opts(args)) {
        Ok(m) => m,
        Err(strict) => {
            term::error(strict);
            status = Exit::Failed;
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
    term::finish(written, status)
}
