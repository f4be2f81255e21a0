//! SMPP and CMPP in `rcs inspect`; `rcs smsc` (in `smsc`).

pub(crate) mod smsc;

use crate::inspect::InspectArgs;
use crate::json::{octets, tree};
use crate::term::{self, Exit};
use rcs_fallback::gateway::{cmpp, smpp};
use serde_json::Value;
use std::io::Write;

/// `rcs inspect --as smpp`.
pub(crate) fn inspect_smpp(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    inspect_stream("smpp", input, args.json, out)
}

/// `rcs inspect --as cmpp`.
pub(crate) fn inspect_cmpp(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    inspect_stream("cmpp", input, args.json, out)
}

/// rcs-fallback's serde form of an SMPP PDU with the protocol first.
fn smpp_json(p: &smpp::SmppPdu<'_>) -> Value {
    crate::json::tagged("smpp", p)
}

/// rcs-fallback's serde form of a CMPP PDU with the protocol first.
fn cmpp_json(p: &cmpp::CmppPdu<'_>) -> Value {
    crate::json::tagged("cmpp", p)
}

/// `rcs inspect --as smpp|cmpp`: one PDU or a stream of them, hex or binary. CMPP is read as
/// 3.0, then as 2.0 when 3.0 does not fit.
fn inspect_stream(protocol: &str, input: &[u8], json_out: bool, out: &mut impl Write) -> Exit {
    let bytes = octets(input);
    let mut rest = &bytes[..];
    // Each PDU printed as it is decoded: a stream is never held whole as JSON.
    let mut json = crate::json::JsonStream::default();
    let mut n = 0;
    let mut status = Exit::Ok;
    let written = (|| -> std::io::Result<()> {
        while !rest.is_empty() {
            let framed = match protocol {
                "smpp" => smpp::SmppPdu::frame(rest, &smpp::SmppLimits::default()),
                _ => cmpp::CmppPdu::frame(rest, &cmpp::CmppLimits::default()),
            };
            let len = match framed {
                Ok(Some(len)) if len <= rest.len() => len,
                Ok(_) => {
                    term::error(format_args!(
                        "input ends inside a PDU ({} octets left)",
                        rest.len()
                    ));
                    status = Exit::Failed;
                    break;
                }
                Err(e) => {
                    term::error(e);
                    status = Exit::Failed;
                    break;
                }
            };
            let pdu = &rest[..len];
            let decoded = match protocol {
                "smpp" => smpp::SmppPdu::parse(pdu).map(|p| smpp_json(&p)),
                _ => cmpp::CmppPdu::parse(pdu, cmpp::CmppVersion::V30)
                    .or_else(|_| cmpp::CmppPdu::parse(pdu, cmpp::CmppVersion::V20))
                    .map(|p| cmpp_json(&p)),
            };
            match decoded {
                Ok(v) => {
                    n += 1;
                    if json_out {
                        json.item(out, &v, len < rest.len())?;
                    } else {
                        writeln!(out, "---")?;
                        tree(&v, 0, out)?;
                    }
                }
                Err(e) => {
                    term::error(format_args!(
                        "PDU {} at octet {}: {e}",
                        n + 1,
                        bytes.len() - rest.len()
                    ));
                    status = Exit::Failed;
                    break;
                }
            }
            rest = &rest[len..];
        }
        json.finish(out)
    })();
    term::finish(written, status)
}
