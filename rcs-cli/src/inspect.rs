//! `rcs inspect`: decode, print, validate.

use crate::InspectArgs;
use rcs_sip::{HeaderValue, Message, ParseOptions, ProblemKind, Severity};
use std::io::Write;

/// Exit statuses of `rcs inspect`.
pub(crate) const EXIT_OK: u8 = 0;
pub(crate) const EXIT_SYNTAX: u8 = 1;
pub(crate) const EXIT_SEMANTIC: u8 = 3;

/// Decode `input`, print it to `out`, and return the exit status.
pub(crate) fn run(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> u8 {
    let protocol = match args.protocol.as_deref().or_else(|| detect(input)) {
        Some(p) => p,
        None => {
            eprintln!(
                "error: could not detect the protocol (known today: sip, sdp, msrp, cpim, the XML bodies and chatbot JSON); use --as to force one"
            );
            return EXIT_SYNTAX;
        }
    };
    if protocol == "sdp" {
        return run_sdp(input, args, out);
    }
    if protocol == "tpdu" {
        return crate::fallback::inspect_tpdu(input, args.json, out);
    }
    if protocol == "mms" {
        return crate::fallback::inspect_mms(input, args.json, out);
    }
    if protocol == "smpp" || protocol == "cmpp" {
        return crate::fallback::inspect_gateway(protocol, input, args.json, out);
    }
    if protocol == "msrp" {
        return crate::msrp::run(input, args, out);
    }
    if protocol == "cpim" {
        return crate::cpim::run(input, args, out);
    }
    if crate::chatbot::CHATBOT_DOCUMENTS.contains(&protocol) {
        return crate::chatbot::run(protocol, input, args, out);
    }
    if crate::XML_DOCUMENTS.contains(&protocol) {
        return crate::cpim::run_document(protocol, input, args, out);
    }
    let opts = ParseOptions::new().allow_bare_lf(args.allow_bare_lf);
    // A file is read like a datagram: without Content-Length the body is the rest of the file.
    let msg = match Message::parse_datagram(input, &opts) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            if e.kind() == rcs_sip::ErrorKind::InvalidLineEnding && !args.allow_bare_lf {
                eprintln!("hint: --allow-bare-lf accepts files whose lines end in a bare LF");
            }
            return EXIT_SYNTAX;
        }
    };
    let report = msg.validate();
    let body_errors = body_errors(&msg);
    for b in &body_errors {
        eprintln!("error: {b}");
    }
    let status = if !body_errors.is_empty()
        || report
            .problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::InvalidHeader(_)))
    {
        EXIT_SYNTAX
    } else if report.has_errors() {
        EXIT_SEMANTIC
    } else {
        EXIT_OK
    };
    for p in report.problems.iter() {
        if let ProblemKind::InvalidHeader(e) = p.kind {
            eprintln!("error: {e}");
        } else if p.severity == Severity::Error {
            let (l, c) = msg.line_col(p.offset);
            eprintln!(
                "semantic error at {l}:{c}: {} [{}]",
                p.kind.as_str(),
                p.status
            );
        }
    }
    let written = if args.json {
        let mut v = crate::json::message(&msg, &report);
        v["body_errors"] = body_errors.iter().map(BodyError::json).collect();
        writeln!(out, "{v}")
    } else {
        tree(&msg, &report, out)
    };
    if written.is_err() {
        return 2;
    }
    status
}

/// A body that does not read as the type its Content-Type declares (SDP, CPIM), placed in
/// the message: the SIP layer is fine, the layer inside is not.
#[derive(Debug)]
pub(crate) struct BodyError {
    kind: &'static str,
    /// The multipart part, from 1.
    part: Option<usize>,
    error: String,
    /// Where in the message, line and column.
    line: u32,
    column: u32,
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.part {
            Some(p) => write!(f, "{} body (part {p})", self.kind)?,
            None => write!(f, "{} body", self.kind)?,
        }
        write!(
            f,
            ": {} (message line {}, column {})",
            self.error, self.line, self.column
        )
    }
}

impl BodyError {
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "type": self.kind, "part": self.part, "error": self.error,
            "line": self.line, "column": self.column,
        })
    }
}

/// Every body (or multipart part) declared `application/sdp` or `message/cpim` that does not
/// parse as one, with the error placed in the message.
pub(crate) fn body_errors(msg: &Message<'_>) -> Vec<BodyError> {
    let whole = msg.as_bytes();
    // A part's body is a slice of the message: its offset is the distance between the two.
    let offset_of = |body: &[u8]| (body.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    let mut out = Vec::new();
    let mut check = |ct: Option<rcs_sip::MediaType<'_>>, body: &[u8], part: Option<usize>| {
        let at = offset_of(body);
        let found = if ct.is_some_and(|c| c.is("application", "sdp")) {
            crate::sdp::parse(body)
                .err()
                .map(|e| ("SDP", e.offset(), e.to_string()))
        } else if ct.is_some_and(|c| c.is("message", "cpim")) {
            crate::cpim::parse(body, &InspectArgs::default())
                .err()
                .map(|e| ("CPIM", e.offset(), e.to_string()))
        } else {
            None
        };
        if let Some((kind, offset, error)) = found {
            let (line, column) = msg.line_col(at + offset.min(body.len()));
            out.push(BodyError {
                kind,
                part,
                error,
                line,
                column,
            });
        }
    };
    match msg.multipart() {
        Some(Ok(mp)) => {
            for (i, part) in mp.parts().iter().enumerate() {
                check(
                    part.content_type().and_then(Result::ok),
                    part.body(),
                    Some(i + 1),
                );
            }
        }
        Some(Err(_)) => {}
        None => check(msg.content_type().and_then(Result::ok), msg.body(), None),
    }
    out
}

fn tree(msg: &Message<'_>, report: &rcs_sip::Report, out: &mut impl Write) -> std::io::Result<()> {
    if let Some(m) = msg.method() {
        writeln!(out, "SIP request {m}")?;
        writeln!(out, "  uri: {}", msg.request_uri_str().unwrap_or_default())?;
    } else {
        writeln!(
            out,
            "SIP response {} {}",
            msg.status().unwrap_or_default(),
            msg.reason().unwrap_or_default()
        )?;
    }
    writeln!(out, "  version: {}", msg.version())?;
    writeln!(out, "headers ({}):", msg.header_count())?;
    for h in msg.headers() {
        let raw = if h.raw_name() != h.name() {
            format!(" (sent as {})", h.raw_name())
        } else {
            String::new()
        };
        writeln!(out, "  {}: {}{raw}", h.name(), h.unfolded_value())?;
        if let Some(values) = h.typed_values() {
            for v in values {
                match v {
                    Ok(v) => writeln!(out, "      = {}", describe(&v))?,
                    Err(e) => writeln!(out, "      ! {e}")?,
                }
            }
        }
    }
    let body = msg.body();
    writeln!(out, "body ({} bytes):", body.len())?;
    match msg.multipart() {
        Some(Ok(mp)) => {
            for (i, part) in mp.parts().iter().enumerate() {
                writeln!(out, "  part {} ({} bytes):", i + 1, part.body().len())?;
                for h in part.headers() {
                    writeln!(out, "    {}: {}", h.name(), h.unfolded_value())?;
                }
                print_body(
                    part.content_type().and_then(Result::ok),
                    part.body(),
                    "    ",
                    out,
                )?;
            }
        }
        Some(Err(e)) => {
            writeln!(out, "  multipart error: {e}")?;
            print_text(body, "  | ", out)?;
        }
        None => print_body(msg.content_type().and_then(Result::ok), body, "  ", out)?,
    }
    for w in msg.warnings() {
        writeln!(out, "parse warning: {w:?}")?;
    }
    let errors = report.errors().count();
    writeln!(
        out,
        "validate: {} errors, {} warnings",
        errors,
        report.problems.len() - errors
    )?;
    for p in report.problems.iter() {
        let (l, c) = msg.line_col(p.offset);
        writeln!(out, "  {l}:{c} {p}")?;
    }
    Ok(())
}

/// A body: decoded as SDP when it is `application/sdp`, as CPIM when `message/cpim`, else
/// shown as text.
fn print_body(
    ct: Option<rcs_sip::MediaType<'_>>,
    body: &[u8],
    indent: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if ct.is_some_and(|c| c.is("application", "sdp")) {
        match crate::sdp::parse(body) {
            Ok(s) => return crate::sdp::tree(&s, indent, out),
            Err(e) => writeln!(out, "{indent}SDP error: {e}")?,
        }
    }
    if ct.is_some_and(|c| c.is("message", "cpim")) {
        match crate::cpim::parse(body, &InspectArgs::default()) {
            Ok(m) => return crate::cpim::tree(&m, indent, out),
            Err(e) => writeln!(out, "{indent}CPIM error: {e}")?,
        }
    }
    print_text(body, &format!("{indent}| "), out)
}

fn print_text(body: &[u8], prefix: &str, out: &mut impl Write) -> std::io::Result<()> {
    match std::str::from_utf8(body) {
        Ok(text) => {
            for line in text.lines() {
                writeln!(out, "{prefix}{line}")?;
            }
            Ok(())
        }
        Err(_) => writeln!(out, "{prefix}({} bytes of binary)", body.len()),
    }
}

/// One line describing a typed value.
fn describe(v: &HeaderValue<'_>) -> String {
    let params = |p: rcs_sip::Params<'_>| {
        p.iter()
            .map(|p| match p.value {
                Some(v) => format!(" {}={}", p.name, v),
                None => format!(" {}", p.name),
            })
            .collect::<String>()
    };
    match v {
        HeaderValue::Address(a) => format!(
            "address uri={}{}{}",
            a.uri(),
            a.display_name_unquoted()
                .map(|d| format!(" display-name={d:?}"))
                .unwrap_or_default(),
            params(a.params())
        ),
        HeaderValue::Contact(c) => match c.address() {
            None => "contact *".into(),
            Some(a) => format!("contact uri={}{}", a.uri(), params(a.params())),
        },
        HeaderValue::Via(v) => format!(
            "via {}/{}/{} host={}{}{}",
            v.protocol(),
            v.version(),
            v.transport(),
            v.host(),
            v.port().map(|p| format!(" port={p}")).unwrap_or_default(),
            params(v.params())
        ),
        HeaderValue::CSeq(c) => format!("cseq seq={} method={}", c.seq(), c.method()),
        HeaderValue::RAck(r) => format!(
            "rack rseq={} cseq={} method={}",
            r.rseq(),
            r.cseq(),
            r.method()
        ),
        HeaderValue::CallId(c) => format!("call-id {}", c.as_str()),
        HeaderValue::MediaType(m) => format!(
            "media-type {}/{}{}",
            m.ty(),
            m.subtype(),
            params(m.params())
        ),
        HeaderValue::Token(t) => format!("token {}", t.as_str()),
        HeaderValue::TokenParams(t) => format!("value {}{}", t.value(), params(t.params())),
        HeaderValue::Seconds(s) => format!("seconds {}{}", s.value(), params(s.params())),
        HeaderValue::Number(n) => format!("number {}", n.get()),
        HeaderValue::Date(d) => format!(
            "date {:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year, d.month, d.day, d.hour, d.minute, d.second
        ),
        HeaderValue::Warning(w) => format!(
            "warning code={} agent={} text={:?}",
            w.code(),
            w.agent(),
            w.text()
        ),
        HeaderValue::Auth(a) => format!("auth {a:?}"),
        HeaderValue::FeaturePreference(f) => format!("preference *{}", params(f.params())),
        HeaderValue::ServiceId(s) => format!("service {}", s.as_str()),
        HeaderValue::Privacy(p) => format!("privacy {}", p.values().collect::<Vec<_>>().join(";")),
        HeaderValue::Params(p) => format!("params{}", params(p.params())),
        HeaderValue::InfoUri(i) => format!("uri {}{}", i.uri(), params(i.params())),
        HeaderValue::Identifier(i) => format!("id {}", i.as_str()),
        HeaderValue::Identity(i) => format!(
            "identity {}{}",
            i.digest(),
            i.params()
                .map(|p| match p.value {
                    Some(v) => format!(";{}={v}", p.name),
                    None => format!(";{}", p.name),
                })
                .collect::<String>()
        ),
        other => format!("{other:?}"),
    }
}

fn run_sdp(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> u8 {
    let s = match crate::sdp::parse(input) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_SYNTAX;
        }
    };
    let bad = s
        .media()
        .filter_map(|m| m.msrp())
        .find_map(|m| m.check().err());
    if let Some(e) = bad {
        eprintln!("error: {e}");
    }
    let written = if args.json {
        writeln!(out, "{}", crate::sdp::json(&s))
    } else {
        crate::sdp::tree(&s, "", out)
    };
    if written.is_err() {
        return 2;
    }
    if bad.is_some() { EXIT_SYNTAX } else { EXIT_OK }
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
