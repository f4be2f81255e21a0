//! `rcs inspect`: the protocols it reads (one table: `--as` names, help, decoder), how it
//! detects them, and where each is decoded.

use std::io::Write;

use clap::builder::{PossibleValue, PossibleValuesParser};

use crate::term::{self, Exit};

/// `rcs inspect`.
#[derive(Debug, Default, clap::Args)]
#[command(
    about = "Decode a message and print it with typed values",
    long_about = "Decodes a SIP message, an SDP description, MSRP frames, a CPIM message, one of \
the XML bodies that ride in it (IMDN, isComposing, FT-over-HTTP, geolocation push, \
resource-lists, conference-info), chatbot JSON (rich card, carousel, chip list, suggestion \
response, shared client data, persistent menu; MaaP requests of GSMA, CT/CU and China Mobile; \
RBM), an SMS TPDU, SMPP or CMPP PDUs, or an MMS PDU, and prints it with typed values. Nested \
layers are decoded too: SDP in SIP, CPIM in SIP and MSRP, the XML bodies and chatbot JSON in \
CPIM. Problems go to stderr.\n\n\
With no FILE and a terminal on stdin, or with --sample, decodes a bundled sample INVITE; '-' \
(or no FILE with input piped) reads stdin, and empty piped input is an error.",
    after_help = "Exit status: 0 valid, 1 syntax error, 2 usage error, 3 semantic errors found by validation."
)]
pub(crate) struct InspectArgs {
    /// Decode as PROTO instead of detecting it
    #[arg(long = "as", value_name = "PROTO", value_parser = protocol_names())]
    pub(crate) protocol: Option<String>,
    /// Print one JSON object (a stream of frames or PDUs: an array) instead of a tree
    #[arg(long)]
    pub(crate) json: bool,
    /// Accept lines ended by a bare LF (hand-written files)
    #[arg(long)]
    pub(crate) allow_bare_lf: bool,
    /// Decode the bundled sample INVITE
    #[arg(long, conflicts_with = "file")]
    pub(crate) sample: bool,
    /// The input; '-' reads stdin
    #[arg(value_name = "FILE|-")]
    pub(crate) file: Option<String>,
}

/// A protocol `rcs inspect` reads.
pub(crate) struct Protocol {
    /// Its `--as` name.
    pub(crate) name: &'static str,
    /// One line for `--help`.
    pub(crate) help: &'static str,
    /// Decodes and prints it.
    decode: fn(&[u8], &InspectArgs, &mut dyn Write) -> Exit,
}

/// Every protocol, in the order `--help` lists them.
pub(crate) const PROTOCOLS: &[Protocol] = &[
    Protocol {
        name: "sip",
        help: "a SIP request or response",
        decode: |i, a, mut o| crate::sip::inspect(i, a, &mut o),
    },
    Protocol {
        name: "sdp",
        help: "an SDP description",
        decode: |i, a, mut o| crate::sdp::inspect(i, a, &mut o),
    },
    Protocol {
        name: "msrp",
        help: "MSRP frames",
        decode: |i, a, mut o| crate::msrp::inspect(i, a, &mut o),
    },
    Protocol {
        name: "cpim",
        help: "a CPIM message",
        decode: |i, a, mut o| crate::cpim::inspect(i, a, &mut o),
    },
    Protocol {
        name: "imdn",
        help: "an IMDN notification (XML)",
        decode: |i, a, mut o| crate::cpim::inspect_document("imdn", i, a, &mut o),
    },
    Protocol {
        name: "iscomposing",
        help: "an isComposing indication (XML)",
        decode: |i, a, mut o| crate::cpim::inspect_document("iscomposing", i, a, &mut o),
    },
    Protocol {
        name: "fthttp",
        help: "an FT-over-HTTP file-info document (XML)",
        decode: |i, a, mut o| crate::cpim::inspect_document("fthttp", i, a, &mut o),
    },
    Protocol {
        name: "pushlocation",
        help: "a geolocation push (XML)",
        decode: |i, a, mut o| crate::cpim::inspect_document("pushlocation", i, a, &mut o),
    },
    Protocol {
        name: "resource-lists",
        help: "a resource-lists document (XML)",
        decode: |i, a, mut o| crate::cpim::inspect_document("resource-lists", i, a, &mut o),
    },
    Protocol {
        name: "conference-info",
        help: "a conference-info document (XML)",
        decode: |i, a, mut o| crate::cpim::inspect_document("conference-info", i, a, &mut o),
    },
    Protocol {
        name: "botmessage",
        help: "chatbot message JSON: rich card, carousel, text with chips",
        decode: |i, a, mut o| crate::chatbot::inspect("botmessage", i, a, &mut o),
    },
    Protocol {
        name: "botsuggestion",
        help: "chatbot suggestion chip list JSON",
        decode: |i, a, mut o| crate::chatbot::inspect("botsuggestion", i, a, &mut o),
    },
    Protocol {
        name: "botsuggestion-response",
        help: "a suggestion response JSON",
        decode: |i, a, mut o| crate::chatbot::inspect("botsuggestion-response", i, a, &mut o),
    },
    Protocol {
        name: "botsharedclientdata",
        help: "shared client data JSON",
        decode: |i, a, mut o| crate::chatbot::inspect("botsharedclientdata", i, a, &mut o),
    },
    Protocol {
        name: "menu",
        help: "a persistent menu JSON",
        decode: |i, a, mut o| crate::chatbot::inspect("menu", i, a, &mut o),
    },
    Protocol {
        name: "rbm",
        help: "a Google RBM AgentMessage, checked with RBM's limits",
        decode: |i, a, mut o| crate::chatbot::inspect("rbm", i, a, &mut o),
    },
    Protocol {
        name: "maap-ctcu",
        help: "a CT/CU (China Telecom / China Unicom) MaaP message",
        decode: |i, a, mut o| crate::chatbot::inspect("maap-ctcu", i, a, &mut o),
    },
    Protocol {
        name: "maap-fnw11",
        help: "a GSMA MaaP (FNW.11) message or event",
        decode: |i, a, mut o| crate::chatbot::inspect("maap-fnw11", i, a, &mut o),
    },
    Protocol {
        name: "maap-cmcc",
        help: "a China Mobile MaaP request (XML)",
        decode: |i, a, mut o| crate::chatbot::inspect("maap-cmcc", i, a, &mut o),
    },
    Protocol {
        name: "tpdu",
        help: "an SMS-SUBMIT/DELIVER/STATUS-REPORT TPDU, hex or binary, PDU-mode SMSC address allowed in front",
        decode: |i, a, mut o| crate::sms::inspect_tpdu(i, a, &mut o),
    },
    Protocol {
        name: "smpp",
        help: "SMPP 3.4 PDUs, hex or binary, one or a stream",
        decode: |i, a, mut o| crate::gateway::inspect_smpp(i, a, &mut o),
    },
    Protocol {
        name: "cmpp",
        help: "CMPP 3.0 (else 2.0) PDUs, hex or binary, one or a stream",
        decode: |i, a, mut o| crate::gateway::inspect_cmpp(i, a, &mut o),
    },
    Protocol {
        name: "mms",
        help: "an MMS PDU or the WAP push carrying one, hex or binary",
        decode: |i, a, mut o| crate::mms::inspect(i, a, &mut o),
    },
];

/// The `--as` values, each with its help line.
fn protocol_names() -> PossibleValuesParser {
    PossibleValuesParser::new(
        PROTOCOLS
            .iter()
            .map(|p| PossibleValue::new(p.name).help(p.help)),
    )
}

/// Decodes `input` as `--as` says or as detected, prints it to `out`: the exit status.
pub(crate) fn inspect(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    let name = args.protocol.as_deref().or_else(|| detect(input));
    let Some(protocol) = name.and_then(|n| PROTOCOLS.iter().find(|p| p.name == n)) else {
        term::error(
            "could not detect the protocol (known today: sip, sdp, msrp, cpim, the XML bodies and chatbot JSON); use --as to force one",
        );
        return Exit::Failed;
    };
    (protocol.decode)(input, args, out)
}

/// Which protocol the input looks like: SIP when the first line is a status line or ends in a
/// SIP version (leading CRLF keep-alives allowed); SDP when it starts with `<letter>=`.
pub(crate) fn detect(input: &[u8]) -> Option<&'static str> {
    if input.len() >= 2 && input[0].is_ascii_lowercase() && input[1] == b'=' {
        return Some("sdp");
    }
    if input.starts_with(b"MSRP ") {
        return Some("msrp");
    }
    // CPIM starts with one of its own headers (message headers never start a SIP or MSRP
    // message).
    let cpim = [
        "From:",
        "To:",
        "cc:",
        "DateTime:",
        "Subject:",
        "NS:",
        "Require:",
    ];
    if cpim.iter().any(|h| input.starts_with(h.as_bytes())) {
        return Some("cpim");
    }
    // Chatbot JSON by its root member.
    if let Some(p) = crate::chatbot::detect(input) {
        return Some(p);
    }
    // XML bodies by their root element.
    if input.trim_ascii_start().starts_with(b"<") {
        let head = &input[..input.len().min(512)];
        let has = |n: &[u8]| head.windows(n.len()).any(|w| w == n);
        if has(b"<imdn") {
            return Some("imdn");
        }
        if has(b"<isComposing") {
            return Some("iscomposing");
        }
        if has(b"<file-info") {
            return Some("fthttp");
        }
        if has(b"<rcspushlocation") {
            return Some("pushlocation");
        }
        if has(b"<resource-lists") {
            return Some("resource-lists");
        }
        if has(b"<conference-info") {
            return Some("conference-info");
        }
    }
    let start = input.iter().position(|&b| b != b'\r' && b != b'\n')?;
    let rest = &input[start..];
    let line = rest.split(|&b| b == b'\n').next()?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let is_version = |v: &[u8]| v.len() >= 4 && v[..4].eq_ignore_ascii_case(b"SIP/");
    if is_version(line) {
        return Some("sip");
    }
    let last = line.rsplit(|&b| b == b' ').next()?;
    is_version(last).then_some("sip")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detected_protocol_is_in_the_table() {
        let inputs: [&[u8]; 12] = [
            b"v=0\r\n",
            b"MSRP a SEND\r\n",
            b"From: <im:a@b>\r\n",
            b"{\"message\": {}}",
            b"{\"menu\": {}}",
            b"{\"contentMessage\": {}}",
            b"{\"messageList\": []}",
            b"{\"RCSMessage\": {}}",
            b"<imdn>",
            b"<conference-info>",
            b"<outboundMessageRequest>",
            b"OPTIONS sip:a@b SIP/2.0\r\n",
        ];
        for i in inputs {
            let name = detect(i).unwrap_or_else(|| panic!("{:?}", String::from_utf8_lossy(i)));
            assert!(PROTOCOLS.iter().any(|p| p.name == name), "{name}");
        }
    }

    #[test]
    fn names_are_unique() {
        for (n, p) in PROTOCOLS.iter().enumerate() {
            assert!(
                PROTOCOLS[..n].iter().all(|q| q.name != p.name),
                "{}",
                p.name
            );
        }
    }
}
