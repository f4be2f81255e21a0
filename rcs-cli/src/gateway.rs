//! SMPP and CMPP in `rcs inspect`; `rcs smsc` (in `smsc`).

pub(crate) mod smsc;

use crate::inspect::InspectArgs;
use crate::json::{hex, octets, tree};
use crate::term::{self, Exit};
use rcs_fallback::gateway::{cmpp, smpp};
use serde_json::{Value, json};
use std::io::Write;

/// `rcs inspect --as smpp`.
pub(crate) fn inspect_smpp(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    inspect_stream("smpp", input, args.json, out)
}

/// `rcs inspect --as cmpp`.
pub(crate) fn inspect_cmpp(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    inspect_stream("cmpp", input, args.json, out)
}

fn text_of(field: &[u8]) -> String {
    rcs_fallback::gateway::field_text(field).into_owned()
}

fn tlvs_json(tlvs: &[smpp::Tlv<'_>]) -> Value {
    Value::Array(
        tlvs.iter()
            .map(|t| json!({"tag": format!("0x{:04X}", t.tag), "value_hex": hex(&t.value)}))
            .collect(),
    )
}

fn smpp_json(p: &smpp::SmppPdu<'_>) -> Value {
    let addr = |a: &smpp::SmppAddress<'_>| json!({"ton": a.ton, "npi": a.npi, "address": text_of(&a.address)});
    let body = match &p.body {
        smpp::SmppBody::Empty => Value::Null,
        smpp::SmppBody::Bind(b) => json!({
            "system_id": text_of(&b.system_id), "system_type": text_of(&b.system_type),
            "interface_version": format!("0x{:02X}", b.interface_version), "address_range": addr(&b.address_range),
        }),
        smpp::SmppBody::BindResp { system_id, tlvs } => {
            json!({"system_id": text_of(system_id), "tlvs": tlvs_json(tlvs)})
        }
        smpp::SmppBody::ShortMessage(m) => json!({
            "service_type": text_of(&m.service_type), "source": addr(&m.source), "destination": addr(&m.destination),
            "esm_class": format!("0x{:02X}", m.esm_class), "protocol_id": m.protocol_id, "priority_flag": m.priority_flag,
            "schedule_delivery_time": text_of(&m.schedule_delivery_time), "validity_period": text_of(&m.validity_period),
            "registered_delivery": m.registered_delivery, "data_coding": format!("0x{:02X}", m.data_coding),
            "short_message_hex": hex(&m.short_message), "tlvs": tlvs_json(&m.tlvs),
            "text": m.text(smpp::SmscDefaultAlphabet::Gsm7),
            "text_latin1": (m.data_coding == 0).then(|| m.text(smpp::SmscDefaultAlphabet::Latin1)).flatten(),
        }),
        smpp::SmppBody::DataSm(d) => json!({
            "service_type": text_of(&d.service_type), "source": addr(&d.source), "destination": addr(&d.destination),
            "esm_class": format!("0x{:02X}", d.esm_class), "data_coding": format!("0x{:02X}", d.data_coding), "tlvs": tlvs_json(&d.tlvs),
        }),
        smpp::SmppBody::MessageIdResp { message_id, tlvs } => json!({
            "message_id": message_id.as_deref().map(text_of), "tlvs": tlvs_json(tlvs),
        }),
        smpp::SmppBody::Other(b) => json!({"body_hex": hex(b)}),
        _ => Value::Null,
    };
    json!({
        "protocol": "smpp", "command": p.command_name(), "command_id": format!("0x{:08X}", p.command_id),
        "command_status": p.command_status, "sequence_number": p.sequence_number, "body": body,
    })
}

fn cmpp_json(p: &cmpp::CmppPdu<'_>) -> Value {
    let body = match &p.body {
        cmpp::CmppBody::Empty => Value::Null,
        cmpp::CmppBody::ActiveTestResp { reserved } => json!({"reserved": reserved}),
        cmpp::CmppBody::Connect(c) => json!({
            "source_addr": text_of(&c.source_addr), "version": format!("0x{:02X}", c.version), "timestamp": c.timestamp,
        }),
        cmpp::CmppBody::ConnectResp(c) => {
            json!({"status": c.status, "version": format!("0x{:02X}", c.version)})
        }
        cmpp::CmppBody::Submit(s) => json!({
            "msg_id": s.msg_id, "pk_total": s.pk_total, "pk_number": s.pk_number,
            "registered_delivery": s.registered_delivery, "service_id": text_of(&s.service_id),
            "tp_pid": s.tp_pid, "tp_udhi": s.tp_udhi, "msg_fmt": s.msg_fmt, "msg_src": text_of(&s.msg_src),
            "fee_type": text_of(&s.fee_type), "fee_code": text_of(&s.fee_code), "src_id": text_of(&s.src_id),
            "dest_terminal_ids": s.dest_terminal_ids.iter().map(|d| text_of(d)).collect::<Vec<_>>(),
            "msg_content_hex": hex(&s.msg_content), "text": s.text(),
        }),
        cmpp::CmppBody::Resp { msg_id, result } => json!({"msg_id": msg_id, "result": result}),
        cmpp::CmppBody::Deliver(d) => json!({
            "msg_id": d.msg_id, "dest_id": text_of(&d.dest_id), "service_id": text_of(&d.service_id),
            "tp_udhi": d.tp_udhi, "msg_fmt": d.msg_fmt, "src_terminal_id": text_of(&d.src_terminal_id),
            "registered_delivery": d.registered_delivery, "msg_content_hex": hex(&d.msg_content), "text": d.text(),
            "report": (d.registered_delivery == 1).then(|| cmpp::Report::parse(&d.msg_content, p.version).ok()).flatten().map(|r| json!({
                "msg_id": r.msg_id, "stat": text_of(&r.stat), "submit_time": text_of(&r.submit_time),
                "done_time": text_of(&r.done_time), "dest_terminal_id": text_of(&r.dest_terminal_id), "smsc_sequence": r.smsc_sequence,
            })),
        }),
        cmpp::CmppBody::Other(b) => json!({"body_hex": hex(b)}),
        _ => Value::Null,
    };
    json!({
        "protocol": "cmpp",
        "version": match p.version { cmpp::CmppVersion::V20 => "2.0", cmpp::CmppVersion::V30 => "3.0" },
        "command_id": format!("0x{:08X}", p.command_id), "sequence_id": p.sequence_id, "body": body,
    })
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
