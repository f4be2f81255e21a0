//! The `rcs` command: inspect RCS protocol messages, validate chatbot JSON.
//!
//! `rcs inspect [--as PROTO] [--json] [--allow-bare-lf] [FILE|-]`
//! `rcs validate [--profile gsma|ctcu|cmcc|rbm] [--json] FILE|-`
//! `rcs fallback sms [--json] [--nls auto|none|LANGS] ... TEXT|-`
//!
//! Exit status: 0 valid, 1 syntax error, 2 usage error, 3 well-formed but with semantic errors.

mod chatbot;
mod cpim;
mod fallback;
mod inspect;
mod json;
mod msrp;
mod sdp;
mod sipua;
mod smsc;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

const USAGE: &str = "\
usage: rcs inspect [--as PROTO] [--json] [--allow-bare-lf] [--sample] [FILE|-]
       rcs validate [--profile gsma|ctcu|cmcc|rbm] [--json] FILE|-
       rcs fallback sms [--json] [--nls auto|none|LANGS] [--split scalar|grapheme] TEXT|-
       rcs fallback card [--to sms|smart-sms|mms|text] [--json] FILE|-
       rcs sip serve --listen udp:HOST:PORT [--listen tcp:HOST:PORT ...]
       rcs sip send METHOD URI [--via udp|tcp:HOST:PORT] [--from URI] [--user U --password P]
       rcs smsc serve --listen HOST:PORT --protocol smpp|cmpp|sgip|smgp [--receipts] ...
       rcs smsc send --connect HOST:PORT --protocol ... --user U --password P --to N TEXT

inspect decodes a SIP message, an SDP description, MSRP frames, a CPIM message, one of the
XML bodies that ride in it (IMDN, isComposing, FT-over-HTTP, geolocation push,
resource-lists, conference-info) or chatbot JSON (rich card, carousel, chip list,
suggestion response, shared client data, persistent menu) and prints them with typed
values. Nested layers are decoded too: SDP in SIP, CPIM in SIP and MSRP, the XML bodies
and chatbot JSON in CPIM.
With no FILE and a terminal on stdin, or with --sample, decodes a bundled sample INVITE;
'-' (or no FILE with input piped) reads stdin, and empty piped input is an error.

  --as PROTO        decode as PROTO instead of detecting it: sip, sdp, msrp, cpim, imdn,
                    iscomposing, fthttp, pushlocation, resource-lists, conference-info,
                    botmessage, botsuggestion, botsuggestion-response,
                    botsharedclientdata, menu, maap-ctcu (CT/CU messages),
                    maap-fnw11 (GSMA MaaP), maap-cmcc (China Mobile XML),
                    rbm (Google RBM AgentMessage, checked with RBM's limits),
                    tpdu (SMS-SUBMIT/DELIVER/STATUS-REPORT, hex or binary, SMSC
                    address of PDU mode allowed in front), smpp (SMPP 3.4 PDUs),
                    cmpp (CMPP 3.0, else 2.0), hex or binary, one PDU or a stream;
                    mms (an MMS PDU or the WAP push carrying one, hex or binary)
  --sample          decode the bundled sample INVITE
  --json            print one JSON object instead of a tree
  --allow-bare-lf   accept lines ended by a bare LF (hand-written files)

exit status: 0 valid, 1 syntax error, 2 usage error, 3 semantic errors found by validation

validate checks chatbot JSON against a limit profile (default gsma: the GSMA schema; rbm for
an RBM AgentMessage) and prints every violation as `pointer: rule (limit, actual)`; --json prints one object.
exit status: 0 clean, 1 not JSON or not a chatbot document, 2 usage error, 3 violations

fallback sms plans a text as SMS: the cheapest encoding, the characters that forced it, and
each segment's text and user data in hex; fallback card transcodes a chatbot message (or a
China Mobile outbound request with its fallback fields) to SMS, smart SMS, MMS or UP 1.0
text (rcs fallback --help for the options).

sip serve runs a user agent on the SIP transaction engine (one JSON line per event); sip send
sends one request and prints its final response (rcs sip --help).";

/// Usage of `rcs validate`.
pub(crate) const VALIDATE_USAGE: &str =
    "usage: rcs validate [--profile gsma|ctcu|cmcc|rbm] [--json] FILE|-";

/// The XML bodies `rcs inspect` types, by `--as` name.
pub(crate) const XML_DOCUMENTS: [&str; 6] = [
    "imdn",
    "iscomposing",
    "fthttp",
    "pushlocation",
    "resource-lists",
    "conference-info",
];

/// The bundled sample: an RCS 1-to-1 chat INVITE with an MSRP offer.
const SAMPLE: &[u8] = include_bytes!("../samples/invite-chat.sip");

/// Parsed command line of `rcs inspect`.
#[derive(Debug, Default)]
struct InspectArgs {
    json: bool,
    allow_bare_lf: bool,
    protocol: Option<String>,
    file: Option<String>,
    /// Decode the bundled sample INVITE.
    sample: bool,
}

fn parse_args(args: &[String]) -> Result<InspectArgs, String> {
    let mut out = InspectArgs::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => out.json = true,
            "--allow-bare-lf" => out.allow_bare_lf = true,
            "--sample" => out.sample = true,
            "--as" => out.protocol = Some(it.next().ok_or("--as needs a protocol")?.clone()),
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => {
                if out.file.replace(s.to_string()).is_some() {
                    return Err("more than one FILE".into());
                }
            }
        }
    }
    const MESSAGES: [&str; 8] = ["sip", "sdp", "msrp", "cpim", "tpdu", "smpp", "cmpp", "mms"];
    if let Some(p) = &out.protocol
        && !MESSAGES.contains(&p.as_str())
        && !XML_DOCUMENTS.contains(&p.as_str())
        && !chatbot::CHATBOT_DOCUMENTS.contains(&p.as_str())
    {
        return Err(format!(
            "unknown protocol {p} (known: {}, {}, {})",
            MESSAGES.join(", "),
            XML_DOCUMENTS.join(", "),
            chatbot::CHATBOT_DOCUMENTS.join(", ")
        ));
    }
    Ok(out)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if cmd == "-h" || cmd == "--help" {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if cmd == "validate" {
        return ExitCode::from(chatbot::validate(rest));
    }
    if cmd == "fallback" {
        return ExitCode::from(fallback::run(rest, &mut std::io::stdout().lock()));
    }
    if cmd == "sip" {
        return ExitCode::from(sipua::run(rest));
    }
    if cmd == "smsc" {
        return ExitCode::from(smsc::run(rest));
    }
    if cmd != "inspect" {
        eprintln!("rcs: unknown command {cmd}\n{USAGE}");
        return ExitCode::from(2);
    }
    let opts = match parse_args(rest) {
        Ok(o) => o,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("rcs: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let input = match opts.file.as_deref() {
        Some("-") => read_stdin(),
        Some(path) => std::fs::read(path).map_err(|e| format!("{path}: {e}")),
        None if opts.sample || std::io::stdin().is_terminal() => Ok(SAMPLE.to_vec()),
        // Piped input that is empty is a mistake upstream, not a request for the sample.
        None => read_stdin().and_then(|v| {
            if v.is_empty() {
                Err("no input on stdin (give FILE, '-' with input, or --sample)".into())
            } else {
                Ok(v)
            }
        }),
    };
    let input = match input {
        Ok(i) => i,
        Err(e) => {
            eprintln!("rcs: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::stdout().lock();
    ExitCode::from(inspect::run(&input, &opts, &mut stdout))
}

pub(crate) fn read_stdin() -> Result<Vec<u8>, String> {
    let mut v = Vec::new();
    std::io::stdin()
        .read_to_end(&mut v)
        .map_err(|e| format!("stdin: {e}"))?;
    Ok(v)
}
