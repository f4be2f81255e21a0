//! Responses and REPORTs for received requests (RFC 4975 §7.1.2, §7.2): who gets what, decided
//! from the request's Success-Report and Failure-Report header fields.

use crate::encode::FrameBuilder;
use crate::error::{DecodeError, ErrorKind};
use crate::frame::{ByteRange, FailureReport};

/// What the report rules need of a received frame ([`Frame`](crate::Frame) and
/// [`FrameHead`](crate::FrameHead) both have it).
pub(crate) trait Received {
    fn tid(&self) -> &str;
    fn method_name(&self) -> Option<&str>;
    fn field(&self, name: &str) -> Option<&str>;
}

fn first_uri(path: Option<&str>) -> Result<&str, DecodeError> {
    path.and_then(|p| p.split(' ').find(|u| !u.is_empty()))
        .ok_or(DecodeError::new(ErrorKind::InvalidPathHeaders, 0))
}

/// The Failure-Report rule for a request; an unreadable value counts as the default (`yes`), so
/// that the 400 it deserves can still be sent.
fn failure_report(r: &impl Received) -> FailureReport {
    match r.field("Failure-Report") {
        Some("no") => FailureReport::No,
        Some("partial") => FailureReport::Partial,
        _ => FailureReport::Yes,
    }
}

/// The transaction response to a request, or `None` when none may be sent: never for a REPORT;
/// not for `Failure-Report: no`; only a failure (not 2xx) for `Failure-Report: partial`. To-Path
/// is the previous hop (first URI of the request's From-Path), From-Path the responder (first URI
/// of its To-Path), as responses are hop by hop.
pub(crate) fn response(
    r: &impl Received,
    status: u16,
    comment: Option<&str>,
) -> Result<Option<FrameBuilder>, DecodeError> {
    let method = r
        .method_name()
        .ok_or(DecodeError::new(ErrorKind::InvalidStartLine, 0))?;
    if method == "REPORT" {
        return Ok(None);
    }
    match failure_report(r) {
        FailureReport::No => return Ok(None),
        FailureReport::Partial if (200..300).contains(&status) => return Ok(None),
        _ => {}
    }
    let to = first_uri(r.field("To-Path"))?;
    let from = first_uri(r.field("From-Path"))?;
    Ok(Some(
        FrameBuilder::response(r.tid(), status, comment)
            .to_path(from)
            .from_path(to),
    ))
}

/// A REPORT for a SEND: back along the whole From-Path, from the reporter (the first URI of the
/// SEND's To-Path as received: the endpoint itself, or the relay that reports), with the
/// Message-ID, the Byte-Range reported on and `Status: 000 <code> [reason]`.
fn report(
    r: &impl Received,
    tid: &str,
    code: u16,
    reason: Option<&str>,
    range: ByteRange,
) -> Result<FrameBuilder, DecodeError> {
    let message_id = r
        .field("Message-ID")
        .ok_or(DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Message-ID"))?;
    if !(100..1000).contains(&code) {
        return Err(DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Status"));
    }
    let status = match reason {
        Some(t) => format!("000 {code} {t}"),
        None => format!("000 {code}"),
    };
    Ok(FrameBuilder::request(tid, "REPORT")
        .to_path(r.field("From-Path").unwrap_or(""))
        .from_path(first_uri(r.field("To-Path"))?)
        .header("Message-ID", message_id)
        .header("Byte-Range", &range.to_string())
        .header("Status", &status))
}

fn is_send(r: &impl Received) -> bool {
    r.method_name() == Some("SEND")
}

/// The success REPORT (`Status: 000 200 OK`) for the octets in `range`, or `None` unless the
/// SEND asked for one with `Success-Report: yes`.
pub(crate) fn success_report(
    r: &impl Received,
    tid: &str,
    range: ByteRange,
) -> Result<Option<FrameBuilder>, DecodeError> {
    if !is_send(r) || r.field("Success-Report") != Some("yes") {
        return Ok(None);
    }
    report(r, tid, 200, Some("OK"), range).map(Some)
}

/// A failure REPORT, or `None` when the SEND said `Failure-Report: no`.
pub(crate) fn failure_report_request(
    r: &impl Received,
    tid: &str,
    code: u16,
    reason: Option<&str>,
    range: ByteRange,
) -> Result<Option<FrameBuilder>, DecodeError> {
    if !is_send(r) || failure_report(r) == FailureReport::No {
        return Ok(None);
    }
    if (200..300).contains(&code) {
        return Err(DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Status"));
    }
    report(r, tid, code, reason, range).map(Some)
}
