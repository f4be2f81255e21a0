//! `rcs fallback sms`: a text planned as SMS — the encoding chosen, why, and each segment's
//! user data.

use std::io::Write;

use rcs_fallback::gateway::{cmpp, smpp};
use rcs_fallback::{
    Address, Alphabet, ConcatReference, DataCoding, Encoding, InformationElement, NationalLanguage,
    NationalLanguages, SequentialReferences, SmsOptions, SmsPlan, SplitMode, Submit, Tpdu,
    UserData, ValidityPeriod,
};
use serde_json::{Value, json};

/// Usage of `rcs fallback`.
pub(crate) const FALLBACK_USAGE: &str = "\
usage: rcs fallback sms [--json] [--nls auto|none|LANGS] [--split scalar|grapheme]
                        [--concat 8|16] [--ref N] [--fold] [--tpdu submit [--to NUMBER]] TEXT|-

Plans TEXT as SMS: the cheapest encoding (GSM 7-bit, GSM 7-bit with national language
tables, or UCS-2), the characters that forced it, and each segment's text and user data
(header and packed text) in hex. '-' reads the text from stdin (one trailing newline
dropped).

  --nls auto|none|LANGS  national tables allowed: all, none (default), or a comma list of
                         languages by name or ISO 639-1 code (tr,es,pt,bn,gu,hi,kn,ml,or,
                         pa,ta,te,ur)
  --split MODE           cut between characters (scalar, default) or keep grapheme
                         clusters whole (grapheme)
  --concat 8|16          concatenation reference width (default 8)
  --ref N                the concatenation reference (default 1)
  --fold                 replace look-alikes (curly quotes, dashes, odd spaces, ...) with
                         GSM 7-bit characters when that saves segments; each is listed
  --tpdu submit          also print each part as an SMS-SUBMIT TPDU
  --to NUMBER            its destination (+ for international, else type unknown); without
                         it the TP-DA is empty
  --json                 {\"encoding\",\"segments\",\"parts\":[{\"text\",\"hex\",\"septets\"|\"units\"}],
                         \"forced_by\":[...]}

exit status: 0 planned, 1 the text cannot be sent (over 255 segments), 2 usage error";

struct SmsArgs {
    json: bool,
    tpdu_to: Option<Address>,
    tpdu: bool,
    options: SmsOptions,
    reference: u16,
    text: Option<String>,
}

fn parse_nls(v: &str) -> Result<NationalLanguages, String> {
    match v {
        "auto" | "all" => Ok(NationalLanguages::ALL),
        "none" => Ok(NationalLanguages::NONE),
        list => list
            .split(',')
            .map(|name| {
                NationalLanguage::from_name(name.trim())
                    .ok_or_else(|| format!("unknown national language {name}"))
            })
            .collect(),
    }
}

fn parse_sms_args(args: &[String]) -> Result<SmsArgs, String> {
    let mut out = SmsArgs {
        json: false,
        tpdu_to: None,
        tpdu: false,
        options: SmsOptions::default(),
        reference: 1,
        text: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--json" => out.json = true,
            "--fold" => out.options.fold = true,
            "--tpdu" => match value("--tpdu")?.as_str() {
                "submit" => out.tpdu = true,
                other => return Err(format!("--tpdu {other}: only submit is built")),
            },
            "--to" => {
                let v = value("--to")?;
                let a = if v.starts_with('+') {
                    Address::international(v)
                } else {
                    Address::unknown(v)
                };
                out.tpdu_to = Some(a.map_err(|e| format!("--to {v}: {e}"))?);
            }
            "--nls" => out.options.national = parse_nls(value("--nls")?)?,
            "--split" => {
                out.options.split = match value("--split")?.as_str() {
                    "scalar" => SplitMode::Scalar,
                    "grapheme" => SplitMode::Grapheme,
                    other => return Err(format!("unknown split mode {other}")),
                }
            }
            "--concat" => {
                out.options.concat = match value("--concat")?.as_str() {
                    "8" => ConcatReference::Eight,
                    "16" => ConcatReference::Sixteen,
                    other => return Err(format!("--concat is 8 or 16, not {other}")),
                }
            }
            "--ref" => {
                let v = value("--ref")?;
                out.reference = v.parse().map_err(|_| format!("--ref {v}: not 0..65535"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => {
                if out.text.replace(s.to_string()).is_some() {
                    return Err("more than one TEXT (quote it)".into());
                }
            }
        }
    }
    if out.tpdu && out.tpdu_to.is_none() {
        // No --to: an empty destination (zero digits, type unknown/ISDN), for inspection.
        out.tpdu_to = Address::unknown("").ok();
    }
    Ok(out)
}

/// An argument error: empty means `--help` (usage on stdout, 0), else the error and the usage
/// on stderr (2).
fn usage(error: &str, command: &str, text: &str, out: &mut impl Write) -> u8 {
    if error.is_empty() {
        let _ = writeln!(out, "{text}");
        0
    } else {
        eprintln!("{command}: {error}\n{text}");
        2
    }
}

/// `rcs fallback ...`: returns the exit status.
pub(crate) fn run(args: &[String], out: &mut impl Write) -> u8 {
    let Some((what, rest)) = args.split_first() else {
        eprintln!("{FALLBACK_USAGE}");
        return 2;
    };
    if what == "-h" || what == "--help" {
        let _ = writeln!(out, "{FALLBACK_USAGE}\n\n{CARD_USAGE}");
        return 0;
    }
    if what == "card" {
        return run_card(rest, out);
    }
    if what != "sms" {
        eprintln!("rcs fallback: unknown target {what}\n{FALLBACK_USAGE}\n{CARD_USAGE}");
        return 2;
    }
    let args = match parse_sms_args(rest) {
        Ok(a) => a,
        Err(e) => return usage(&e, "rcs fallback", FALLBACK_USAGE, out),
    };
    let text = match args.text.as_deref() {
        None => {
            eprintln!("rcs fallback: no TEXT\n{FALLBACK_USAGE}");
            return 2;
        }
        Some("-") => match crate::read_stdin().map(String::from_utf8) {
            Ok(Ok(mut t)) => {
                if t.ends_with('\n') {
                    t.pop();
                    if t.ends_with('\r') {
                        t.pop();
                    }
                }
                t
            }
            Ok(Err(_)) => {
                eprintln!("rcs fallback: stdin is not UTF-8");
                return 2;
            }
            Err(e) => {
                eprintln!("rcs fallback: {e}");
                return 2;
            }
        },
        Some(t) => t.to_string(),
    };
    let plan = match SmsPlan::new(&text, &args.options) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("rcs fallback: {e}");
            return 1;
        }
    };
    let to = args.tpdu_to.as_ref().filter(|_| args.tpdu);
    let report = sms_json(&plan, args.reference, to);
    let written = if args.json {
        writeln!(out, "{report}")
    } else {
        write_sms_text(&plan, &report, out)
    };
    if written.is_err() {
        return 2;
    }
    0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// The documented JSON form; the text form prints from it too.
fn sms_json(plan: &SmsPlan<'_>, reference: u16, tpdu_to: Option<&Address>) -> Value {
    let mut refs = SequentialReferences::starting_at(reference);
    let unit = match plan.encoding() {
        Encoding::Gsm7(_) => "septets",
        Encoding::Ucs2 => "units",
    };
    let parts: Vec<Value> = plan
        .user_data(&mut refs)
        .iter()
        .zip(plan.parts())
        .enumerate()
        .map(|(i, (ud, part))| {
            let mut p = json!({
                "text": plan.part_text(i).unwrap_or_default(),
                "hex": hex(&ud.to_bytes()),
                "udl": ud.udl(),
                "udhi": ud.header.is_some(),
            });
            p[unit] = json!(part.length);
            if let Some(to) = tpdu_to {
                p["tpdu"] = json!(hex(
                    &Tpdu::Submit(Submit::new(to.clone(), ud.clone())).to_bytes()
                ));
            }
            p
        })
        .collect();
    let forced: Vec<Value> = plan
        .forced_by()
        .iter()
        .map(|f| {
            json!({
                "char": f.ch.to_string(),
                "codepoint": format!("U+{:04X}", u32::from(f.ch)),
                "offset": f.offset,
                "count": f.count,
            })
        })
        .collect();
    let mut v = json!({
        "encoding": plan.encoding().name(),
        "segments": plan.segments(),
        "parts": parts,
        "forced_by": forced,
    });
    if !plan.folds().is_empty() {
        v["folded"] = json!(
            plan.folds()
                .iter()
                .map(|f| json!({
                    "char": f.ch.to_string(),
                    "codepoint": format!("U+{:04X}", u32::from(f.ch)),
                    "offset": f.offset,
                    "replacement": f.replacement,
                }))
                .collect::<Vec<_>>()
        );
    }
    if let Encoding::Gsm7(cs) = plan.encoding()
        && !cs.is_default()
    {
        v["national"] = json!({
            "locking": cs.locking().map(NationalLanguage::name),
            "single_shift": cs.single_shift().map(NationalLanguage::name),
        });
    }
    v
}

fn write_sms_text(plan: &SmsPlan<'_>, report: &Value, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "encoding: {} ({})",
        plan.encoding().name(),
        plan.encoding()
    )?;
    writeln!(out, "segments: {}", plan.segments())?;
    for f in plan.folds() {
        writeln!(
            out,
            "folded: U+{:04X} {:?} at byte {} -> {:?}",
            u32::from(f.ch),
            f.ch,
            f.offset,
            f.replacement
        )?;
    }
    for f in plan.forced_by() {
        writeln!(
            out,
            "forced by: U+{:04X} {:?} x{} (first at byte {})",
            u32::from(f.ch),
            f.ch,
            f.count,
            f.offset
        )?;
    }
    let unit = match plan.encoding() {
        Encoding::Gsm7(_) => "septets",
        Encoding::Ucs2 => "units",
    };
    for (i, p) in report["parts"].as_array().into_iter().flatten().enumerate() {
        writeln!(out, "part {}: {} {unit}", i + 1, p[unit])?;
        writeln!(out, "  text: {:?}", p["text"].as_str().unwrap_or_default())?;
        writeln!(out, "  hex:  {}", p["hex"].as_str().unwrap_or_default())?;
        if let Some(tpdu) = p["tpdu"].as_str() {
            writeln!(out, "  tpdu: {tpdu}")?;
        }
    }
    Ok(())
}

/// The input as octets: hex (whitespace allowed) when it is only hex digits, else as is.
fn octets(input: &[u8]) -> Vec<u8> {
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

fn address_json(a: &Address) -> Value {
    json!({
        "address": a.to_string(),
        "type_of_address": format!("0x{:02X}", a.type_of_address),
        "type_of_number": a.type_of_number(),
        "numbering_plan": a.numbering_plan(),
    })
}

fn element_json(e: &InformationElement) -> Value {
    let mut v = match e {
        InformationElement::Concat8 {
            reference,
            total,
            sequence,
        } => {
            json!({"name": "concatenation (8-bit reference)", "reference": reference, "total": total, "sequence": sequence})
        }
        InformationElement::Concat16 {
            reference,
            total,
            sequence,
        } => {
            json!({"name": "concatenation (16-bit reference)", "reference": reference, "total": total, "sequence": sequence})
        }
        InformationElement::Ports8 {
            destination,
            originator,
        } => {
            json!({"name": "application ports (8-bit)", "destination": destination, "originator": originator})
        }
        InformationElement::Ports16 {
            destination,
            originator,
        } => {
            json!({"name": "application ports (16-bit)", "destination": destination, "originator": originator})
        }
        InformationElement::NationalSingleShift(l) => {
            json!({"name": "national language single shift", "language": l.name()})
        }
        InformationElement::NationalLockingShift(l) => {
            json!({"name": "national language locking shift", "language": l.name()})
        }
        InformationElement::SimToolkitSecurity => json!({"name": "SIM toolkit security headers"}),
        InformationElement::Other { data, .. } => json!({"name": "other", "data": hex(data)}),
        _ => json!({"name": "other"}),
    };
    v["iei"] = json!(format!("0x{:02X}", e.iei()));
    v
}

fn user_data_json(ud: &UserData, dcs: DataCoding) -> Value {
    json!({
        "udl": ud.udl(),
        "alphabet": match dcs.alphabet() {
            Alphabet::Gsm7 => "gsm7",
            Alphabet::Eight => "8bit",
            Alphabet::Ucs2 => "ucs2",
        },
        "header": ud.header.as_ref().map(|h| h.elements.iter().map(element_json).collect::<Vec<_>>()),
        "text": ud.text(),
        "body_hex": hex(&ud.body),
    })
}

fn dcs_json(dcs: DataCoding) -> Value {
    json!({"value": format!("0x{:02X}", dcs.0), "class": dcs.class(), "compressed": dcs.is_compressed()})
}

/// The documented JSON form of `rcs inspect --as tpdu`.
pub(crate) fn tpdu_json(tpdu: &Tpdu, smsc: Option<&Address>) -> Value {
    let mut v = match tpdu {
        Tpdu::Submit(s) => json!({
            "reject_duplicates": s.reject_duplicates,
            "status_report_request": s.status_report_request,
            "reply_path": s.reply_path,
            "message_reference": s.message_reference,
            "destination": address_json(&s.destination),
            "protocol_id": s.protocol_id,
            "data_coding": dcs_json(s.data_coding),
            "validity": s.validity.map(|vp| match vp {
                ValidityPeriod::Relative(r) => json!({"relative": r, "seconds": vp.relative_seconds()}),
                ValidityPeriod::Absolute(t) => json!({"absolute": t.to_string()}),
                ValidityPeriod::Enhanced(e) => json!({"enhanced": hex(&e)}),
            }),
            "user_data": user_data_json(&s.user_data, s.data_coding),
        }),
        Tpdu::Deliver(d) => json!({
            "no_more_messages": d.no_more_messages,
            "loop_prevention": d.loop_prevention,
            "status_report_indication": d.status_report_indication,
            "reply_path": d.reply_path,
            "originator": address_json(&d.originator),
            "protocol_id": d.protocol_id,
            "data_coding": dcs_json(d.data_coding),
            "timestamp": d.timestamp.to_string(),
            "user_data": user_data_json(&d.user_data, d.data_coding),
        }),
        Tpdu::StatusReport(r) => json!({
            "message_reference": r.message_reference,
            "recipient": address_json(&r.recipient),
            "timestamp": r.timestamp.to_string(),
            "discharge_time": r.discharge_time.to_string(),
            "status": format!("0x{:02X}", r.status),
            "user_data": r.parameters.as_ref().and_then(|p| {
                let dcs = p.data_coding.unwrap_or_default();
                p.user_data.as_ref().map(|u| user_data_json(u, dcs))
            }),
        }),
    };
    v["type"] = json!(tpdu.kind());
    v["smsc"] = smsc.map_or(Value::Null, address_json);
    v
}

/// Prints a JSON object as an indented `key: value` tree.
fn tree(v: &Value, indent: usize, out: &mut impl Write) -> std::io::Result<()> {
    let pad = "  ".repeat(indent);
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::Null => {}
                    Value::Object(_) => {
                        writeln!(out, "{pad}{k}:")?;
                        tree(v, indent + 1, out)?;
                    }
                    Value::Array(items) => {
                        writeln!(out, "{pad}{k}:")?;
                        for item in items {
                            writeln!(out, "{pad}  -")?;
                            tree(item, indent + 2, out)?;
                        }
                    }
                    Value::String(s) => writeln!(out, "{pad}{k}: {s}")?,
                    other => writeln!(out, "{pad}{k}: {other}")?,
                }
            }
            Ok(())
        }
        other => writeln!(out, "{pad}{other}"),
    }
}

/// `rcs inspect --as tpdu`: a TPDU, hex or binary, with or without the SMSC address of
/// AT-command PDU mode in front.
pub(crate) fn inspect_tpdu(input: &[u8], json_out: bool, out: &mut impl Write) -> u8 {
    let bytes = octets(input);
    // The library decides bare or PDU mode by the specification's rules.
    let (framing, tpdu) = match Tpdu::parse_detect(&bytes) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let (smsc, mode) = match framing {
        rcs_fallback::TpduFraming::PduMode { smsc } => (smsc, "pdu-mode"),
        _ => (None, "bare"),
    };
    let mut v = tpdu_json(&tpdu, smsc.as_ref());
    v["framing"] = json!(mode);
    let written = if json_out {
        writeln!(out, "{v}")
    } else {
        tree(&v, 0, out)
    };
    if written.is_err() {
        return 2;
    }
    0
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
pub(crate) fn inspect_gateway(
    protocol: &str,
    input: &[u8],
    json_out: bool,
    out: &mut impl Write,
) -> u8 {
    let bytes = octets(input);
    let mut rest = &bytes[..];
    // Each PDU printed as it is decoded: a stream is never held whole as JSON.
    let mut json = crate::json::JsonStream::default();
    let mut n = 0;
    let mut status = 0;
    let written = (|| -> std::io::Result<()> {
        while !rest.is_empty() {
            let framed = match protocol {
                "smpp" => smpp::SmppPdu::frame(rest, &smpp::SmppLimits::default()),
                _ => cmpp::CmppPdu::frame(rest, &cmpp::CmppLimits::default()),
            };
            let len = match framed {
                Ok(Some(len)) if len <= rest.len() => len,
                Ok(_) => {
                    eprintln!(
                        "error: input ends inside a PDU ({} octets left)",
                        rest.len()
                    );
                    status = 1;
                    break;
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    status = 1;
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
                    eprintln!(
                        "error: PDU {} at octet {}: {e}",
                        n + 1,
                        bytes.len() - rest.len()
                    );
                    status = 1;
                    break;
                }
            }
            rest = &rest[len..];
        }
        json.finish(out)
    })();
    if written.is_err() {
        return 2;
    }
    status
}

/// Usage of `rcs fallback card`.
pub(crate) const CARD_USAGE: &str = "\
usage: rcs fallback card [--to sms|smart-sms|mms|text] [--json] [--signature S]
                         [--unsubscribe S] [--max-segments N] [--link URL] [--nls ...] FILE|-

Transcodes a chatbot message (botmessage JSON, a China Mobile outboundMessageRequest XML
whose smsBodyText / rcsBodyText / mms fields, or a CT/CU send request whose smsContent, when
present, are used as the CSP wrote them)
for a phone without RCS. Media are not fetched: an MMS carries their links.";

/// `rcs fallback card ...`: returns the exit status.
pub(crate) fn run_card(args: &[String], out: &mut impl Write) -> u8 {
    use rcs_fallback::rich::{self, CspFallback, FetchedMedia, Policy, RichMessage, Target};
    let mut policy = Policy::default();
    let (mut target, mut json_out, mut file) = (Target::Sms, false, None);
    let mut it = args.iter();
    let mut parse = || -> Result<(), String> {
        while let Some(a) = it.next() {
            let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
            match a.as_str() {
                "--json" => json_out = true,
                "--to" => {
                    target = match value("--to")?.as_str() {
                        "sms" => Target::Sms,
                        "smart-sms" => Target::SmartSms,
                        "mms" => Target::Mms,
                        "text" => Target::Text,
                        other => return Err(format!("unknown target {other}")),
                    }
                }
                "--signature" => policy.signature = Some(value("--signature")?),
                "--unsubscribe" => policy.unsubscribe = Some(value("--unsubscribe")?),
                "--max-segments" => {
                    let v = value("--max-segments")?;
                    policy.max_segments = v
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or(format!("--max-segments {v}: 1..255"))?;
                }
                "--link" => policy.smart_link = Some(value("--link")?),
                "--nls" => policy.sms.national = parse_nls(&value("--nls")?)?,
                "-h" | "--help" => return Err(String::new()),
                s if s.starts_with("--") => return Err(format!("unknown option {s}")),
                s => {
                    if file.replace(s.to_string()).is_some() {
                        return Err("more than one FILE".into());
                    }
                }
            }
        }
        Ok(())
    };
    if let Err(e) = parse() {
        return usage(&e, "rcs fallback card", CARD_USAGE, out);
    }
    let input = match file.as_deref() {
        None => {
            eprintln!("rcs fallback card: no FILE\n{CARD_USAGE}");
            return 2;
        }
        Some("-") => crate::read_stdin(),
        Some(path) => std::fs::read(path).map_err(|e| format!("{path}: {e}")),
    };
    let input = match input {
        Ok(i) => i,
        Err(e) => {
            eprintln!("rcs fallback card: {e}");
            return 2;
        }
    };
    // A China Mobile outbound request: its bodyText is the card, its fallback fields the CSP's.
    let lenient = rcs_chatbot::ParseOptions::lenient();
    let request = rcs_chatbot::cmcc::OutboundMessageRequest::parse_with(&input, &lenient)
        .ok()
        .and_then(|(r, _)| r.message);
    let body_bytes = request
        .as_ref()
        .and_then(|m| m.body_text.clone())
        .map_or_else(|| input.clone(), String::into_bytes);
    // Lenient reading keeps unknown members, so a CT/CU request would read as an empty body:
    // a body counts only when it holds something.
    let parsed = rcs_chatbot::ChatbotBody::parse_with(&body_bytes, &lenient).and_then(|p| {
        if p.value.kind().is_some() {
            Ok(p)
        } else {
            rcs_chatbot::ChatbotBody::parse(&body_bytes).map(|value| rcs_chatbot::Parsed {
                value,
                warnings: Vec::new(),
            })
        }
    });
    // A CT/CU send request: its first chatbot (or text) part, its smsSupported/smsContent.
    let ctcu = match (&parsed, &request) {
        (Err(_), None) => rcs_chatbot::ctcu::MessageRequest::parse_with(&input, &lenient)
            .ok()
            .map(|p| p.value),
        _ => None,
    };
    let ctcu_part = ctcu.as_ref().and_then(|r| {
        r.message_list
            .iter()
            .flatten()
            .find_map(|p| p.content_text.as_ref())
    });
    let message = match (&parsed, ctcu_part) {
        (Ok(p), _) => RichMessage::Chatbot(&p.value),
        (Err(_), Some(rcs_chatbot::ctcu::ContentText::Body(b))) => RichMessage::Chatbot(b),
        (Err(_), Some(rcs_chatbot::ctcu::ContentText::Text(t))) => RichMessage::Text(t),
        (Err(e), _) => {
            eprintln!("error: not a chatbot message, China Mobile request or CT/CU request: {e}");
            return 1;
        }
    };
    let csp = match (&request, &ctcu) {
        (Some(m), _) => CspFallback::from_cmcc(m),
        (None, Some(r)) => CspFallback::from_ctcu(r),
        _ => CspFallback::default(),
    };
    let mut keep = |u: &str| u.to_string();
    let mut nothing = |_: &str| -> Option<FetchedMedia> { None };
    let result = match rich::fallback(&message, &csp, target, &policy, &mut keep, &mut nothing) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let notes: Vec<Value> = result
        .notes
        .iter()
        .map(|n| json!({"kind": format!("{:?}", n.kind), "detail": n.detail}))
        .collect();
    let v = json!({
        "target": result.target.name(),
        "text": result.text,
        "encoding": result.encoding,
        "segments": (result.segments > 0).then_some(result.segments),
        "mms_hex": result.mms.as_ref().map(|b| hex(b)),
        "mms_size": result.mms.as_ref().map(Vec::len),
        "notes": notes,
    });
    let written = if json_out {
        writeln!(out, "{v}")
    } else {
        (|| {
            writeln!(out, "target: {}", result.target.name())?;
            if let Some(e) = result.encoding {
                writeln!(out, "encoding: {e}, segments: {}", result.segments)?;
            }
            if let Some(m) = &result.mms {
                writeln!(out, "mms: m-send-req, {} octets", m.len())?;
            }
            for n in &result.notes {
                writeln!(out, "note: {:?}: {}", n.kind, n.detail)?;
            }
            writeln!(out, "---\n{}", result.text)
        })()
    };
    if written.is_err() {
        return 2;
    }
    0
}

/// `rcs inspect --as mms`: an MMS PDU (hex or binary), or a WSP push carrying one.
pub(crate) fn inspect_mms(input: &[u8], json_out: bool, out: &mut impl Write) -> u8 {
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
                eprintln!("error: {e}");
                return 1;
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
    if written.is_err() {
        return 2;
    }
    0
}
