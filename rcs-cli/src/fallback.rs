//! `rcs fallback sms`: a text planned as SMS — the encoding chosen, why, and each segment's
//! user data.

use std::io::Write;

use rcs_fallback::{
    ConcatReference, Encoding, NationalLanguage, NationalLanguages, SequentialReferences,
    SmsOptions, SmsPlan, SplitMode,
};
use serde_json::{Value, json};

/// Usage of `rcs fallback`.
pub(crate) const FALLBACK_USAGE: &str = "\
usage: rcs fallback sms [--json] [--nls auto|none|LANGS] [--split scalar|grapheme]
                        [--concat 8|16] [--ref N] TEXT|-

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
  --json                 {\"encoding\",\"segments\",\"parts\":[{\"text\",\"hex\",\"septets\"|\"units\"}],
                         \"forced_by\":[...]}

exit status: 0 planned, 1 the text cannot be sent (over 255 segments), 2 usage error";

struct SmsArgs {
    json: bool,
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
        options: SmsOptions::default(),
        reference: 1,
        text: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--json" => out.json = true,
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
    Ok(out)
}

/// `rcs fallback ...`: returns the exit status.
pub(crate) fn run(args: &[String], out: &mut impl Write) -> u8 {
    let Some((what, rest)) = args.split_first() else {
        eprintln!("{FALLBACK_USAGE}");
        return 2;
    };
    if what == "-h" || what == "--help" {
        let _ = writeln!(out, "{FALLBACK_USAGE}");
        return 0;
    }
    if what != "sms" {
        eprintln!("rcs fallback: unknown target {what}\n{FALLBACK_USAGE}");
        return 2;
    }
    let args = match parse_sms_args(rest) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            let _ = writeln!(out, "{FALLBACK_USAGE}");
            return 0;
        }
        Err(e) => {
            eprintln!("rcs fallback: {e}\n{FALLBACK_USAGE}");
            return 2;
        }
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
    let report = sms_json(&plan, args.reference);
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
fn sms_json(plan: &SmsPlan<'_>, reference: u16) -> Value {
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
                "hex": hex(&ud.to_vec()),
                "udl": ud.udl(),
                "udhi": ud.header.is_some(),
            });
            p[unit] = json!(part.length);
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
    }
    Ok(())
}
