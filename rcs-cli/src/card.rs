//! `rcs fallback card`: a chatbot message for a phone without RCS.

use std::io::Write;

use crate::term::{self, Exit};
use rcs_fallback::rich::{self, FetchedMedia, Policy, Target};
use serde_json::Value;

/// `rcs fallback card`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Transcode a chatbot message to SMS, smart SMS, MMS or UP 1.0 text",
    long_about = "Transcodes a chatbot message (a GSMA botmessage or chip list, an RBM \
AgentMessage, an FNW.11 RCSMessage, a China Mobile outboundMessageRequest XML whose \
smsBodyText / rcsBodyText / mms fields, or a CT/CU send request whose smsContent, when present, \
are used as the CSP wrote them) for a phone without RCS. Media are not fetched: an MMS carries \
their links.",
    after_help = "Exit status: 0 done, 1 not a chatbot message or nothing fits, 2 usage error."
)]
pub(crate) struct CardArgs {
    /// What to produce
    #[arg(long, value_enum, default_value_t = CardTarget::Sms)]
    target: CardTarget,
    /// Print one JSON object {"target","text","encoding","segments","mms_hex","mms_size","notes"}
    #[arg(long)]
    json: bool,
    /// The signature, written 【like this】 first (required for smart-sms)
    #[arg(long, value_name = "TEXT")]
    signature: Option<String>,
    /// A last line (unsubscribe instructions: 拒收请回复R)
    #[arg(long, value_name = "TEXT")]
    unsubscribe: Option<String>,
    /// The most SMS segments
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..))]
    max_segments: u8,
    /// The H5 page that renders the card, for a smart SMS
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// National language tables allowed (as for `rcs fallback sms`)
    #[arg(long, value_name = "auto|none|LANGS", default_value = "none", value_parser = crate::sms::parse_nls)]
    nls: rcs_fallback::NationalLanguages,
    /// The message; '-' reads stdin
    #[arg(value_name = "FILE|-")]
    file: String,
}

/// `--target`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum CardTarget {
    /// SMS text within --max-segments
    Sms,
    /// 【signature】 + short text + one link
    SmartSms,
    /// An MMS m-send-req with SMIL slides
    Mms,
    /// UP 1.0 plain text
    Text,
}

/// `rcs fallback card ...`.
pub(crate) fn fallback_card(args: &CardArgs, out: &mut impl Write) -> Exit {
    let mut policy = Policy::default();
    policy.signature.clone_from(&args.signature);
    policy.unsubscribe.clone_from(&args.unsubscribe);
    policy.max_segments = args.max_segments;
    policy.smart_link.clone_from(&args.link);
    policy.sms.national = args.nls;
    let target = match args.target {
        CardTarget::Sms => Target::Sms,
        CardTarget::SmartSms => Target::SmartSms,
        CardTarget::Mms => Target::Mms,
        CardTarget::Text => Target::Text,
    };
    let json_out = args.json;
    let input = match crate::read_input(&args.file) {
        Ok(i) => i,
        Err(exit) => return exit,
    };
    // Any chatbot document: a GSMA body, a CT/CU or FNW.11 request, China Mobile XML, RBM.
    let source = match crate::preview::Source::read(&input) {
        Ok(s) => s,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    let Some((fallback_input, csp)) = source.fallback_input() else {
        term::error(format_args!(
            "a {} has no SMS or MMS fallback",
            source.name()
        ));
        return Exit::Failed;
    };
    let message = fallback_input.message();
    let mut keep = |u: &str| u.to_string();
    let mut nothing = |_: &str| -> Option<FetchedMedia> { None };
    let result = match rich::fallback(&message, &csp, target, &policy, &mut keep, &mut nothing) {
        Ok(r) => r,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    // rcs-fallback's serde form of the result.
    let v = serde_json::to_value(&result).unwrap_or(Value::Null);
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
    term::finish(written, Exit::Ok)
}
