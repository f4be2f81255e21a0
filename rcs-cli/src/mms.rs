//! MMS in `rcs inspect`.

use crate::inspect::InspectArgs;
use crate::json::{octets, tree};
use crate::term::{self, Exit};
use serde_json::Value;
use std::io::Write;

/// `rcs inspect --as mms`: an MMS PDU (hex or binary), or a WSP push carrying one.
pub(crate) fn inspect(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    let json_out = args.json;
    use rcs_fallback::mms::{MmsOptions, MmsPdu, WapPush};
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
    // rcs-fallback's serde form, the protocol and whether it came in a WAP push first.
    let mut v = serde_json::Map::new();
    v.insert("protocol".into(), "mms".into());
    v.insert("wap_push".into(), pushed.into());
    if let Ok(Value::Object(fields)) = serde_json::to_value(&pdu) {
        v.extend(fields);
    }
    let v = Value::Object(v);
    let written = if json_out {
        writeln!(out, "{v}")
    } else {
        tree(&v, 0, out)
    };
    term::finish(written, Exit::Ok)
}
