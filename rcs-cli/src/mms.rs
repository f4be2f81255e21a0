//! MMS in `rcs inspect`.

use crate::inspect::InspectArgs;
use crate::json::{octets, tree};
use crate::term::{self, Exit};
use serde_json::{Value, json};
use std::io::Write;

/// `rcs inspect --as mms`: an MMS PDU (hex or binary), or a WSP push carrying one.
pub(crate) fn inspect(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    let json_out = args.json;
    use rcs_fallback::mms::{Body, MmsOptions, MmsPdu, WapPush};
    let bytes = octets(input);
    let lenient = MmsOptions::new().allow_truncated_body(true);
    let (pdu, pushed) = match MmsPdu::parse_with(&bytes, &lenient) {
        Ok(p) => (p, false),
        Err(e) => match WapPush::parse(&bytes)
            .ok()
            .and_then(|w| MmsPdu::parse_with(w.body, &lenient).ok())
        {
            Some(p) => (p, true),
            None => {
                term::error(e);
                return Exit::Failed;
            }
        },
    };
    let parts: Vec<Value> = match &pdu.body {
        Body::Multipart(parts) => parts
            .iter()
            .map(|p| {
                let ct = p.content_type();
                json!({
                    "content_type": ct.as_ref().map(|c| c.media_type.clone()),
                    "params": ct.as_ref().map(|c| c.params.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>()),
                    "content_id": p.content_id(),
                    "content_location": p.content_location(),
                    "size": p.data.len(),
                    "text": p.text(),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let v = json!({
        "message_type": pdu.message_type().name(),
        "wap_push": pushed,
        "transaction_id": pdu.transaction_id(),
        "version": pdu.version().map(|(a, b)| format!("{a}.{b}")),
        "from": pdu.from().map(|f| f.unwrap_or_else(|| "(insert-address)".into())),
        "to": pdu.to(),
        "cc": pdu.cc(),
        "subject": pdu.subject(),
        "date": pdu.date(),
        "message_size": pdu.message_size(),
        "content_location": pdu.content_location(),
        "message_id": pdu.message_id(),
        "status": pdu.status().map(|s| format!("0x{s:02X}")),
        "content_type": pdu.content_type().map(|c| c.media_type),
        "truncated": pdu.truncated,
        "parts": parts,
    });
    let written = if json_out {
        writeln!(out, "{v}")
    } else {
        tree(&v, 0, out)
    };
    term::finish(written, Exit::Ok)
}
