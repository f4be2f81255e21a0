//! The documented JSON form of `rcs inspect --json`.

use rcs_sip::{HeaderValue, Message, Params, ProblemKind, Report, Severity};
use serde_json::{Value, json};

fn params(p: Params<'_>) -> Value {
    Value::Array(
        p.iter()
            .map(|p| json!({ "name": p.name, "value": p.value }))
            .collect(),
    )
}

/// One typed value as JSON: `{"type": ..., fields...}`.
pub(crate) fn typed(v: &HeaderValue<'_>) -> Value {
    match v {
        HeaderValue::Address(a) => json!({
            "type": "address", "uri": a.uri().as_str(), "scheme": a.uri().scheme(),
            "display_name": a.display_name_unquoted(), "params": params(a.params()),
        }),
        HeaderValue::Contact(c) => match c.address() {
            None => json!({ "type": "contact", "wildcard": true }),
            Some(a) => json!({
                "type": "contact", "wildcard": false, "uri": a.uri().as_str(),
                "display_name": a.display_name_unquoted(), "params": params(a.params()),
                "expires": c.expires(), "q": c.q().map(|q| f64::from(q) / 1000.0),
                "sip_instance": c.sip_instance(), "reg_id": c.reg_id(),
            }),
        },
        HeaderValue::Via(v) => json!({
            "type": "via", "protocol": v.protocol(), "version": v.version(), "transport": v.transport(),
            "host": v.host().to_string(), "port": v.port(), "branch": v.branch(), "received": v.received(),
            "rport": v.rport().map(|p| p.map_or(Value::Bool(true), |p| json!(p))), "params": params(v.params()),
        }),
        HeaderValue::CSeq(c) => json!({ "type": "cseq", "seq": c.seq(), "method": c.method() }),
        HeaderValue::RAck(r) => {
            json!({ "type": "rack", "rseq": r.rseq(), "cseq": r.cseq(), "method": r.method() })
        }
        HeaderValue::CallId(c) => json!({ "type": "call-id", "value": c.as_str() }),
        HeaderValue::MediaType(m) => json!({
            "type": "media-type", "media_type": m.ty(), "subtype": m.subtype(), "params": params(m.params()),
        }),
        HeaderValue::Token(t) => json!({ "type": "token", "value": t.as_str() }),
        HeaderValue::TokenParams(t) => {
            json!({ "type": "token-params", "value": t.value(), "params": params(t.params()) })
        }
        HeaderValue::Seconds(s) => json!({
            "type": "seconds", "value": s.value(), "comment": s.comment(), "params": params(s.params()),
        }),
        HeaderValue::Number(n) => json!({ "type": "number", "value": n.get() }),
        HeaderValue::Date(d) => json!({
            "type": "date",
            "value": format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year, d.month, d.day, d.hour, d.minute, d.second),
        }),
        HeaderValue::Warning(w) => {
            json!({ "type": "warning", "code": w.code(), "agent": w.agent(), "text": w.text() })
        }
        HeaderValue::Auth(a) => {
            let p: Vec<Value> = a
                .redacted_params()
                .map(|p| json!({ "name": p.name, "value": p.value }))
                .collect();
            json!({ "type": "auth", "scheme": a.scheme(), "params": p })
        }
        HeaderValue::FeaturePreference(f) => {
            json!({ "type": "feature-preference", "params": params(f.params()) })
        }
        HeaderValue::ServiceId(s) => json!({ "type": "service-id", "value": s.as_str() }),
        HeaderValue::Privacy(p) => {
            json!({ "type": "privacy", "values": p.values().collect::<Vec<_>>() })
        }
        HeaderValue::Params(p) => json!({ "type": "params", "params": params(p.params()) }),
        HeaderValue::InfoUri(i) => {
            json!({ "type": "info-uri", "uri": i.uri().as_str(), "params": params(i.params()) })
        }
        HeaderValue::Identifier(i) => json!({ "type": "identifier", "value": i.as_str() }),
        HeaderValue::Identity(i) => json!({
            "type": "identity",
            "digest": i.digest(),
            "info": i.info().map(|u| u.as_str()),
            "alg": i.alg(),
            "ppt": i.ppt(),
            "params": i.params().map(|p| json!({"name": p.name, "value": p.value})).collect::<Vec<_>>(),
        }),
        other => json!({ "type": "other", "debug": format!("{other:?}") }),
    }
}

/// The whole message: see the README for the shape.
pub(crate) fn message(msg: &Message<'_>, report: &Report) -> Value {
    let headers: Vec<Value> = msg
        .headers()
        .map(|h| {
            let mut o = json!({ "name": h.name(), "value": h.unfolded_value() });
            if h.raw_name() != h.name() {
                o["raw_name"] = json!(h.raw_name());
            }
            if let Some(values) = h.typed_values() {
                let mut typed_values = Vec::new();
                for v in values {
                    match v {
                        Ok(v) => typed_values.push(typed(&v)),
                        Err(e) => {
                            o["error"] = json!(e.to_string());
                            break;
                        }
                    }
                }
                o["typed"] = Value::Array(typed_values);
            }
            o
        })
        .collect();
    let body = msg.body();
    let (body_text, body_b64) = match std::str::from_utf8(body) {
        Ok(t) => (json!(t), Value::Null),
        Err(_) => (Value::Null, json!(base64(body))),
    };
    let problems: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            let (line, column) = msg.line_col(p.offset);
            json!({
                "severity": if p.severity == Severity::Error { "error" } else { "warning" },
                "kind": p.kind.as_str(),
                "detail": match p.kind { ProblemKind::InvalidHeader(e) => Some(e.to_string()), _ => None },
                "header": p.header, "line": line, "column": column, "status": p.status,
            })
        })
        .collect();
    json!({
        "protocol": "sip",
        "kind": if msg.is_request() { "request" } else { "response" },
        "method": msg.method(),
        "uri": msg.request_uri_str(),
        "status": msg.status(),
        "reason": msg.reason(),
        "version": msg.version(),
        "headers": headers,
        "body": body_text,
        "body_base64": body_b64,
        "body_length": body.len(),
        "sdp": msg
            .content_type()
            .and_then(Result::ok)
            .filter(|c| c.is("application", "sdp"))
            .and_then(|_| crate::sdp::parse(body).ok())
            .map(|s| crate::sdp::json(&s)),
        "cpim": msg
            .content_type()
            .and_then(Result::ok)
            .filter(|c| c.is("message", "cpim"))
            .and_then(|_| crate::cpim::parse(body, &crate::InspectArgs::default()).ok())
            .map(|m| crate::cpim::json(&m)),
        "warnings": msg.warnings().iter().map(|w| format!("{w:?}")).collect::<Vec<_>>(),
        "problems": problems,
    })
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(T[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

/// Writes a stream of JSON values as it is decoded: one value alone as itself, several as an
/// array, so the output has the same shape as before and nothing is held whole.
#[derive(Debug, Default)]
pub(crate) struct JsonStream {
    /// Values written so far.
    written: usize,
    /// Whether an array was opened.
    array: bool,
}

impl JsonStream {
    /// Writes `v`; `more` says whether input remains after it (a second value may follow).
    pub(crate) fn item(
        &mut self,
        out: &mut impl std::io::Write,
        v: &serde_json::Value,
        more: bool,
    ) -> std::io::Result<()> {
        if self.written == 0 && more {
            self.array = true;
            write!(out, "[")?;
        } else if self.written > 0 {
            // `more` was true before this one, so the array is open.
            write!(out, ",")?;
        }
        write!(out, "{v}")?;
        self.written += 1;
        Ok(())
    }

    /// Closes the output (also after an error mid-stream, so it stays valid JSON).
    pub(crate) fn finish(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match (self.written, self.array) {
            (0, _) => Ok(()),
            (_, true) => writeln!(out, "]"),
            (_, false) => writeln!(out),
        }
    }
}
