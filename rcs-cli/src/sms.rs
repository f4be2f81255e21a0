//! SMS in the `rcs` command: `rcs fallback sms` (a text planned as SMS: the encoding chosen,
//! why, and each segment's user data) and `rcs inspect --as tpdu`.

use std::io::Write;

use crate::inspect::InspectArgs;
use crate::json::{hex, octets, tree};
use crate::term::{self, Exit};
use rcs_fallback::{
    Address, ConcatReference, NationalLanguage, NationalLanguages, SequentialReferences,
    SmsOptions, SmsPlan, SplitMode, Submit, Tpdu,
};
use serde_json::{Value, json};

/// `rcs fallback sms`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Plan a text as SMS: the encoding, the characters that forced it, each segment",
    long_about = "Plans TEXT as SMS: the cheapest encoding (GSM 7-bit, GSM 7-bit with national \
language tables, or UCS-2), the characters that forced it, and each segment's text and user \
data (header and packed text) in hex.",
    after_help = "Exit status: 0 planned, 1 the text cannot be sent (over 255 segments), 2 usage error."
)]
pub(crate) struct SmsArgs {
    /// Print {"encoding","segments","parts":[{"text","hex","septets"|"units"}],"forced_by":[...]}
    #[arg(long)]
    json: bool,
    /// National language tables allowed: auto (all), none, or a comma list of languages by
    /// name or ISO 639-1 code (tr,es,pt,bn,gu,hi,kn,ml,or,pa,ta,te,ur)
    #[arg(long, value_name = "auto|none|LANGS", default_value = "none", value_parser = parse_nls)]
    nls: NationalLanguages,
    /// Cut between characters (scalar) or keep grapheme clusters whole (grapheme)
    #[arg(long, value_enum, default_value_t = Split::Scalar)]
    split: Split,
    /// Concatenation reference width in bits
    #[arg(long, value_name = "8|16", default_value = "8", value_parser = ["8", "16"])]
    concat: String,
    /// The concatenation reference of the first message
    #[arg(long = "ref", value_name = "N", default_value_t = 1)]
    reference: u16,
    /// Replace look-alikes (curly quotes, dashes, odd spaces, ...) with GSM 7-bit characters
    /// when that saves segments; each is listed
    #[arg(long)]
    fold: bool,
    /// Also print each part as an SMS-SUBMIT TPDU
    #[arg(long, value_name = "submit", value_parser = ["submit"])]
    tpdu: Option<String>,
    /// The TPDU's destination (+ for international, else type unknown); without it the TP-DA
    /// is empty
    #[arg(long, value_name = "NUMBER", requires = "tpdu", value_parser = parse_number)]
    to: Option<Address>,
    /// The text; '-' reads it from stdin (one trailing newline dropped)
    #[arg(value_name = "TEXT|-")]
    text: String,
}

/// `--split`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Split {
    /// Between Unicode scalar values
    Scalar,
    /// Between grapheme clusters
    Grapheme,
}

/// `--nls`.
pub(crate) fn parse_nls(v: &str) -> Result<NationalLanguages, String> {
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

/// A phone number: international with `+`, else type unknown.
fn parse_number(v: &str) -> Result<Address, String> {
    let a = if v.starts_with('+') {
        Address::international(v)
    } else {
        Address::unknown(v)
    };
    a.map_err(|e| e.to_string())
}

/// `rcs fallback sms ...`.
pub(crate) fn fallback_sms(args: &SmsArgs, out: &mut impl Write) -> Exit {
    let text = match args.text.as_str() {
        "-" => match crate::read_stdin().map(String::from_utf8) {
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
                term::error("stdin is not UTF-8");
                return Exit::Usage;
            }
            Err(e) => {
                term::error(e);
                return Exit::Usage;
            }
        },
        t => t.to_string(),
    };
    let options = SmsOptions {
        national: args.nls,
        split: match args.split {
            Split::Scalar => SplitMode::Scalar,
            Split::Grapheme => SplitMode::Grapheme,
        },
        concat: if args.concat == "16" {
            ConcatReference::Sixteen
        } else {
            ConcatReference::Eight
        },
        fold: args.fold,
        ..SmsOptions::default()
    };
    let plan = match SmsPlan::new(&text, &options) {
        Ok(p) => p,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    // No --to: an empty destination (zero digits, type unknown/ISDN), for inspection.
    let to = match (&args.tpdu, &args.to) {
        (None, _) => None,
        (Some(_), Some(to)) => Some(to.clone()),
        (Some(_), None) => Address::unknown("").ok(),
    };
    let report = sms_json(&plan, args.reference, to.as_ref());
    let written = if args.json {
        writeln!(out, "{report}")
    } else {
        write_sms_text(&plan, &report, out)
    };
    term::finish(written, Exit::Ok)
}

/// The documented JSON form — rcs-fallback's serde form of the plan, each part with its user
/// data (UDH + packed text) in hex, TP-UDL, TP-UDHI and, when asked, its SMS-SUBMIT; the text
/// form prints from it too.
fn sms_json(plan: &SmsPlan<'_>, reference: u16, tpdu_to: Option<&Address>) -> Value {
    let mut refs = SequentialReferences::starting_at(reference);
    let mut v = serde_json::to_value(plan).unwrap_or(Value::Null);
    let user_data = plan.user_data(&mut refs);
    if let Some(parts) = v["parts"].as_array_mut() {
        for (p, ud) in parts.iter_mut().zip(&user_data) {
            p["hex"] = hex(&ud.to_bytes()).into();
            p["udl"] = ud.udl().into();
            p["udhi"] = ud.header.is_some().into();
            if let Some(to) = tpdu_to {
                p["tpdu"] =
                    hex(&Tpdu::Submit(Submit::new(to.clone(), ud.clone())).to_bytes()).into();
            }
        }
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
    let unit = report["unit"].as_str().unwrap_or_default();
    for (i, p) in report["parts"].as_array().into_iter().flatten().enumerate() {
        writeln!(out, "part {}: {} {unit}", i + 1, p["length"])?;
        writeln!(out, "  text: {:?}", p["text"].as_str().unwrap_or_default())?;
        writeln!(out, "  hex:  {}", p["hex"].as_str().unwrap_or_default())?;
        if let Some(tpdu) = p["tpdu"].as_str() {
            writeln!(out, "  tpdu: {tpdu}")?;
        }
    }
    Ok(())
}

/// The documented JSON form of `rcs inspect --as tpdu`: rcs-fallback's serde form of the
/// TPDU with the protocol first, then the SMSC address of PDU mode (or null).
pub(crate) fn tpdu_json(tpdu: &Tpdu, smsc: Option<&Address>) -> Value {
    let mut v = crate::json::tagged("tpdu", tpdu);
    v["smsc"] = serde_json::to_value(smsc).unwrap_or(Value::Null);
    v
}

/// `rcs inspect --as tpdu`: a TPDU, hex or binary, with or without the SMSC address of
/// AT-command PDU mode in front.
pub(crate) fn inspect_tpdu(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    let bytes = octets(input);
    // The library decides bare or PDU mode by the specification's rules.
    let (framing, tpdu) = match Tpdu::parse_detect(&bytes) {
        Ok(d) => d,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    let (smsc, mode) = match framing {
        rcs_fallback::TpduFraming::PduMode { smsc } => (smsc, "pdu-mode"),
        _ => (None, "bare"),
    };
    let mut v = tpdu_json(&tpdu, smsc.as_ref());
    v["framing"] = json!(mode);
    let written = if args.json {
        writeln!(out, "{v}")
    } else {
        tree(&v, 0, out)
    };
    term::finish(written, Exit::Ok)
}
