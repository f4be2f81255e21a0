//! MSRP in `rcs inspect`: every frame of the input, in order.

use crate::inspect::InspectArgs;
use crate::term::{self, Exit};
use bytes::BytesMut;
use rcs_msrp::{Frame, FrameDecoder, ParseOptions};
use serde_json::Value;
use std::io::Write;

/// rcs-msrp's serde form of the frame with the protocol first, then its CPIM body decoded and
/// the validation's problems.
fn frame_json(f: &Frame<'_>) -> Value {
    let mut v = crate::json::tagged("msrp", f);
    v["cpim"] = cpim_body(f).map_or(Value::Null, |m| crate::cpim::json(&m));
    v["problems"] = serde_json::to_value(&f.validate().problems).unwrap_or(Value::Null);
    v
}

/// The body as CPIM when the frame says `message/cpim` (and it is a whole message: `$`).
fn cpim_body<'f>(f: &'f Frame<'_>) -> Option<rcs_cpim::Message<'f>> {
    let ct = f.content_type()?;
    let is_cpim = ct
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("message/cpim"));
    if !is_cpim
        || f.byte_range()
            .and_then(Result::ok)
            .is_some_and(|r| r.start != 1)
    {
        return None;
    }
    crate::cpim::parse(f.body()?, &InspectArgs::default()).ok()
}

/// Decode the frames and print each as it is decoded (a stream is never held whole as
/// JSON); the exit status.
pub(crate) fn inspect(input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    let mut dec = FrameDecoder::new(ParseOptions::new().allow_bare_lf(args.allow_bare_lf));
    let mut buf = BytesMut::from(input);
    let mut status = Exit::Ok;
    let mut json = crate::json::JsonStream::default();
    let mut n = 0;
    let written = (|| -> std::io::Result<()> {
        loop {
            let start = input.len() - buf.len();
            match dec.decode(&mut buf) {
                Ok(Some(f)) => {
                    n += 1;
                    // What a receiver would refuse, on stderr: a header value that breaks its
                    // grammar is a syntax error (1), other errors semantic (3).
                    for p in f.validate().errors() {
                        term::line(format_args!(
                            "{p} (frame {n}, which starts at byte {start})"
                        ));
                        let this = if matches!(p.kind, rcs_msrp::ProblemKind::InvalidHeader(_)) {
                            Exit::Failed
                        } else {
                            Exit::Invalid
                        };
                        if status == Exit::Ok || this == Exit::Failed {
                            status = this;
                        }
                    }
                    if args.json {
                        json.item(out, &frame_json(&f), !buf.is_empty())?;
                    } else {
                        frame_tree(&f, n, out)?;
                    }
                }
                Ok(None) => {
                    if !buf.is_empty() {
                        term::error(format_args!(
                            "incomplete frame at byte {} ({} bytes)",
                            input.len() - buf.len(),
                            buf.len()
                        ));
                        status = Exit::Failed;
                    }
                    break;
                }
                Err(e) => {
                    let consumed = input.len() - buf.len();
                    term::error(format_args!("{e} (frame at byte {consumed})"));
                    status = Exit::Failed;
                    break;
                }
            }
        }
        json.finish(out)
    })();
    term::finish(written, status)
}

fn frame_tree(f: &Frame<'_>, n: usize, out: &mut impl Write) -> std::io::Result<()> {
    let what = match (f.method(), f.status()) {
        (Some(m), _) => m.to_string(),
        (None, Some(s)) => format!("{s} {}", f.comment().unwrap_or("")),
        _ => String::new(),
    };
    writeln!(
        out,
        "MSRP frame {n} ({} bytes): {} {}",
        f.as_bytes().len(),
        f.transaction_id(),
        what.trim_end()
    )?;
    for (name, v) in f.headers() {
        writeln!(out, "  {name}: {v}")?;
    }
    if let Some(Ok(br)) = f.byte_range() {
        let s = |x: Option<u64>| x.map_or_else(|| "*".to_string(), |v| v.to_string());
        writeln!(
            out,
            "      = byte range {}-{} of {}",
            br.start,
            s(br.end),
            s(br.total)
        )?;
    }
    match f.body() {
        Some(b) => writeln!(out, "  body: {} bytes", b.len())?,
        None => writeln!(out, "  no body")?,
    }
    if let Some(m) = cpim_body(f) {
        crate::cpim::tree(&m, "  ", out)?;
    }
    writeln!(out, "  end-line flag: {}", f.flag().as_char())?;
    for p in f.validate().problems {
        writeln!(out, "  {p}")?;
    }
    Ok(())
}
