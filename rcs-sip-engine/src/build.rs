//! The messages the transaction layer writes itself: responses it owes (100 Trying, 408, 487,
//! 200 to CANCEL, and the stateless 400/481/482/503), the ACK for a non-2xx final response
//! (§17.1.1.3) and CANCEL (§9.1).

use rcs_sip::{KnownHeader, Message, MessageBuilder};

use crate::event::EngineError;

/// The reason phrase this layer writes for a status it sends itself.
pub(crate) fn reason(code: u16) -> &'static str {
    match code {
        100 => "Trying",
        200 => "OK",
        400 => "Bad Request",
        408 => "Request Timeout",
        481 => "Call/Transaction Does Not Exist",
        482 => "Loop Detected",
        486 => "Busy Here",
        500 => "Server Internal Error",
        487 => "Request Terminated",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// A response to `request` per §8.2.6 (Via, From, To, Call-ID, CSeq copied), `to_tag` added
/// when To has none (never for 100).
pub(crate) fn response(
    request: &Message<'_>,
    code: u16,
    to_tag: Option<&str>,
) -> Result<Message<'static>, EngineError> {
    let mut b = MessageBuilder::response_to(request, code, reason(code), to_tag);
    if code == 503 {
        // Come back later rather than never (RFC 3261 §21.5.4).
        b = b.header(KnownHeader::RetryAfter, "5");
    }
    Ok(b.build()?)
}

/// The headers a request's ACK or CANCEL copies from it besides the ones written apart:
/// Route (§17.1.1.3, §9.1), as sent.
fn copy_routes(request: &Message<'_>, mut b: MessageBuilder) -> MessageBuilder {
    for h in request.headers_of(KnownHeader::Route) {
        b = b.header(KnownHeader::Route, &h.unfolded_value());
    }
    b
}

/// The top Via of a message as sent (the first element of the first Via line).
fn top_via(m: &Message<'_>) -> Result<String, EngineError> {
    match m.vias().next() {
        Some(Ok(v)) => Ok(v.as_str().to_owned()),
        _ => Err(EngineError::WrongMessage("no Via")),
    }
}

fn header_value(m: &Message<'_>, kind: KnownHeader) -> Result<String, EngineError> {
    m.headers_of(kind)
        .next()
        .map(|h| h.unfolded_value().into_owned())
        .ok_or(EngineError::WrongMessage(
            "a header the request must have is missing",
        ))
}

fn cseq_number(m: &Message<'_>) -> Result<u32, EngineError> {
    match m.cseq() {
        Some(Ok(c)) => Ok(c.seq()),
        _ => Err(EngineError::WrongMessage("no CSeq")),
    }
}

/// The ACK for a non-2xx final response to `invite` (§17.1.1.3): the INVITE's Request-URI,
/// Call-ID, From, Route and top Via (so the same branch), To from the response (with its
/// tag), CSeq with the INVITE's number and method ACK.
pub(crate) fn ack_for(
    invite: &Message<'_>,
    response: &Message<'_>,
) -> Result<Message<'static>, EngineError> {
    let uri = invite
        .request_uri_str()
        .ok_or(EngineError::WrongMessage("not a request"))?;
    let b = MessageBuilder::request("ACK", uri)
        .header(KnownHeader::Via, &top_via(invite)?)
        .header(KnownHeader::MaxForwards, "70")
        .header(KnownHeader::From, &header_value(invite, KnownHeader::From)?)
        .header(KnownHeader::To, &header_value(response, KnownHeader::To)?)
        .header(
            KnownHeader::CallId,
            &header_value(invite, KnownHeader::CallId)?,
        )
        .cseq(cseq_number(invite)?, "ACK");
    Ok(copy_routes(invite, b).build()?)
}

/// CANCEL for `request` (§9.1): its Request-URI, Call-ID, To, From, Route and top Via (so
/// the same branch), CSeq with its number and method CANCEL.
pub(crate) fn cancel_for(request: &Message<'_>) -> Result<Message<'static>, EngineError> {
    let uri = request
        .request_uri_str()
        .ok_or(EngineError::WrongMessage("not a request"))?;
    let b = MessageBuilder::request("CANCEL", uri)
        .header(KnownHeader::Via, &top_via(request)?)
        .header(KnownHeader::MaxForwards, "70")
        .header(
            KnownHeader::From,
            &header_value(request, KnownHeader::From)?,
        )
        .header(KnownHeader::To, &header_value(request, KnownHeader::To)?)
        .header(
            KnownHeader::CallId,
            &header_value(request, KnownHeader::CallId)?,
        )
        .cseq(cseq_number(request)?, "CANCEL");
    Ok(copy_routes(request, b).build()?)
}
