//! SDP in `rcs inspect`: on its own, and as the body of a SIP message.

use crate::inspect::InspectArgs;
use crate::term::{self, Exit};
use rcs_sdp::{ParseOptions, Session};
use serde_json::Value;
use std::io::Write;

/// `rcs inspect --as sdp`: a description (or a fragment), its MSRP media checked.
pub(crate) fn inspect(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    let s = match parse(input) {
        Ok(s) => s,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    let bad = s
        .media()
        .filter_map(|m| m.msrp())
        .find_map(|m| m.check().err());
    if let Some(e) = &bad {
        term::error(e);
    }
    let written = if args.json {
        writeln!(out, "{}", json(&s))
    } else {
        tree(&s, "", out)
    };
    term::finish(
        written,
        if bad.is_some() {
            Exit::Failed
        } else {
            Exit::Ok
        },
    )
}

/// Parse a description, falling back to a fragment when mandatory lines are missing.
pub(crate) fn parse(input: &[u8]) -> Result<Session<'_>, rcs_sdp::DecodeError> {
    match Session::parse(input) {
        Err(e) if e.kind() == rcs_sdp::ErrorKind::MissingLine => {
            Session::parse_fragment(input, &ParseOptions::new())
        }
        other => other,
    }
}

/// rcs-sdp's serde form of the description with the protocol first.
pub(crate) fn json(s: &Session<'_>) -> Value {
    crate::json::tagged("sdp", s)
}

/// A readable tree, each line prefixed.
pub(crate) fn tree(s: &Session<'_>, prefix: &str, out: &mut impl Write) -> std::io::Result<()> {
    let kind = if s.is_fragment() {
        "SDP fragment"
    } else {
        "SDP"
    };
    writeln!(
        out,
        "{prefix}{kind}: {} lines, {} media",
        s.lines().len(),
        s.media().len()
    )?;
    for l in s.session_lines() {
        writeln!(out, "{prefix}  {}={}", l.kind, l.value)?;
    }
    for (i, m) in s.media().enumerate() {
        writeln!(
            out,
            "{prefix}  media {} ({}):",
            i + 1,
            m.direction().as_str()
        )?;
        for l in m.lines() {
            writeln!(out, "{prefix}    {}={}", l.kind, l.value)?;
        }
        if let Some(msrp) = m.msrp() {
            let path: Vec<_> = msrp.path().collect();
            let types: Vec<_> = msrp.accept_types().map(|t| t.raw).collect();
            writeln!(
                out,
                "{prefix}    = msrp path {path:?} accept-types {types:?}"
            )?;
            if let Some(Ok(f)) = msrp.file_selector() {
                writeln!(
                    out,
                    "{prefix}    = file {:?} type {:?} size {:?}",
                    f.name, f.ty, f.size
                )?;
            }
            if let Err(e) = msrp.check() {
                writeln!(out, "{prefix}    ! {e}")?;
            }
        }
    }
    for w in s.warnings() {
        writeln!(out, "{prefix}  parse warning: {w:?}")?;
    }
    Ok(())
}
