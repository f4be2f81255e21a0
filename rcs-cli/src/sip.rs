//! SIP in `rcs inspect` (the tree, the JSON form, the bodies inside); `rcs sip serve` and
//! `rcs sip send` are in `ua`.

pub(crate) mod ua;

use crate::inspect::InspectArgs;
use crate::term::{self, Exit};
use rcs_sip::{HeaderValue, Message, ParseOptions, ProblemKind, Report, Severity};
use serde_json::Value;
use std::io::Write;

/// `rcs inspect --as sip`: one message, read like a datagram (without Content-Length the
/// body is the rest of the input), validated, its SDP and CPIM bodies decoded.
pub(crate) fn inspect(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    let opts = ParseOptions::new().allow_bare_lf(args.allow_bare_lf);
    // A file is read like a datagram: without Content-Length the body is the rest of the file.
    let msg = match Message::parse_datagram(input, &opts) {
        Ok(m) => m,
        Err(e) => {
            term::error(e);
            if e.kind() == rcs_sip::ErrorKind::InvalidLineEnding && !args.allow_bare_lf {
                term::labelled(
                    term::WARNING,
                    "hint",
                    "--allow-bare-lf accepts files whose lines end in a bare LF",
                );
            }
            return Exit::Failed;
        }
    };
    let report = msg.validate();
    let body_errors = body_errors(&msg);
    for b in &body_errors {
        term::error(b);
    }
    let status = if !body_errors.is_empty()
        || report
            .problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::InvalidHeader(_)))
    {
        Exit::Failed
    } else if report.has_errors() {
        Exit::Invalid
    } else {
        Exit::Ok
    };
    for p in report.problems.iter() {
        if let ProblemKind::InvalidHeader(e) = p.kind {
            term::error(e);
        } else if p.severity == Severity::Error {
            let (l, c) = msg.line_col(p.offset);
            term::labelled(
                term::ERROR,
                format_args!("semantic error at {l}:{c}"),
                format_args!("{} [{}]", p.kind.as_str(), p.status),
            );
        }
    }
    let written = if args.json {
        let mut v = message_json(&msg, &report);
        v["body_errors"] = body_errors.iter().map(BodyError::json).collect();
        writeln!(out, "{v}")
    } else {
        tree(&msg, &report, out)
    };
    term::finish(written, status)
}

/// A body that does not read as the type its Content-Type declares (SDP, CPIM, multipart),
/// placed in the message: the SIP layer is fine, the layer inside is not.
#[derive(Debug)]
pub(crate) struct BodyError {
    kind: &'static str,
    /// The part, from 1, and the parts it is nested in (`[2, 1]`: part 1 of part 2).
    part: Vec<usize>,
    error: String,
    /// Where in the message, line and column.
    line: u32,
    column: u32,
}

impl BodyError {
    fn path(&self) -> String {
        self.part
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(".")
    }
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.part.is_empty() {
            write!(f, "{} body", self.kind)?;
        } else {
            write!(f, "{} body (part {})", self.kind, self.path())?;
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
            "type": self.kind,
            "part": self.part.first(),
            "path": (!self.part.is_empty()).then(|| self.path()),
            "error": self.error,
            "line": self.line, "column": self.column,
        })
    }
}

/// Every body (or multipart part, at any depth) declared `application/sdp`, `message/cpim` or
/// `multipart/*` that does not parse as one, with the error placed in the message.
pub(crate) fn body_errors(msg: &Message<'_>) -> Vec<BodyError> {
    let whole = msg.as_bytes();
    // A part's body is a slice of the message: its offset is the distance between the two.
    let offset_of = |body: &[u8]| (body.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    let mut out = Vec::new();
    let mut push = |kind, at: usize, error: String, part: &[usize]| {
        let (line, column) = msg.line_col(at.min(whole.len()));
        out.push(BodyError {
            kind,
            part: part.to_vec(),
            error,
            line,
            column,
        });
    };
    let mut check = |ct: Option<rcs_sip::MediaType<'_>>, body: &[u8], part: &[usize]| {
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
            push(kind, at + offset.min(body.len()), error, part);
        }
    };
    /// Checks one leaf part: its content type, body and path.
    type Check<'c> = dyn FnMut(Option<rcs_sip::MediaType<'_>>, &[u8], &[usize]) + 'c;
    // Nested parts are walked as deep as the library reads them (its nesting limit ends it).
    fn walk(
        mp: &rcs_sip::Multipart<'_>,
        path: &mut Vec<usize>,
        check: &mut Check<'_>,
        failed: &mut dyn FnMut(usize, String, &[usize]),
    ) {
        for (i, part) in mp.parts().iter().enumerate() {
            path.push(i + 1);
            match part.multipart() {
                Some(Ok(inner)) => walk(&inner, path, check, failed),
                Some(Err(e)) => failed(e.offset(), e.to_string(), path),
                None => check(part.content_type().and_then(Result::ok), part.body(), path),
            }
            path.pop();
        }
    }
    let mut failed_parts = Vec::new();
    match msg.multipart() {
        Some(Ok(mp)) => walk(
            &mp,
            &mut Vec::new(),
            &mut check,
            &mut |at, e, p: &[usize]| failed_parts.push((at, e, p.to_vec())),
        ),
        Some(Err(e)) => failed_parts.push((e.offset(), e.to_string(), Vec::new())),
        None => check(msg.content_type().and_then(Result::ok), msg.body(), &[]),
    }
    for (at, e, part) in failed_parts {
        push("multipart", at, e, &part);
    }
    out
}

fn tree(msg: &Message<'_>, report: &rcs_sip::Report, out: &mut impl Write) -> std::io::Result<()> {
    if let Some(m) = msg.method() {
        writeln!(out, "{H}SIP request {m}{H:#}", H = term::HEADING)?;
        writeln!(out, "  uri: {}", msg.request_uri_str().unwrap_or_default())?;
    } else {
        writeln!(
            out,
            "{H}SIP response {} {}{H:#}",
            msg.status().unwrap_or_default(),
            msg.reason().unwrap_or_default(),
            H = term::HEADING
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
        writeln!(
            out,
            "  {K}{}{K:#}: {}{raw}",
            h.name(),
            h.unfolded_value(),
            K = term::KEY
        )?;
        if let Some(values) = h.typed_values() {
            for v in values {
                match v {
                    Ok(v) => writeln!(out, "      = {}", describe(&v))?,
                    Err(e) => writeln!(out, "      {E}! {e}{E:#}", E = term::ERROR)?,
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

/// The whole message: rcs-sip's serde form with the protocol first, then the SDP or CPIM
/// body decoded and the validation's problems (placed by line and column).
pub(crate) fn message_json(msg: &Message<'_>, report: &Report) -> Value {
    let mut v = crate::json::tagged("sip", msg);
    let content_type = msg.content_type().and_then(Result::ok);
    v["sdp"] = content_type
        .filter(|c| c.is("application", "sdp"))
        .and_then(|_| crate::sdp::parse(msg.body()).ok())
        .map_or(Value::Null, |s| crate::sdp::json(&s));
    v["cpim"] = content_type
        .filter(|c| c.is("message", "cpim"))
        .and_then(|_| crate::cpim::parse(msg.body(), &InspectArgs::default()).ok())
        .map_or(Value::Null, |m| crate::cpim::json(&m));
    v["problems"] = report
        .problems
        .iter()
        .map(|p| {
            let mut o = serde_json::to_value(p).unwrap_or(Value::Null);
            let (line, column) = msg.line_col(p.offset);
            o["line"] = line.into();
            o["column"] = column.into();
            o
        })
        .collect();
    v
}
