//! The subjects the SIP benches time, shared by the criterion bench (`benches/sip.rs`) and the
//! instruction counter (`src/bin/sip_count.rs`, run under callgrind by `callgrind.sh`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// A file of `../shared/corpus/sip-bench` (or `$RCS_CORPUS_DIR/sip-bench`).
pub fn fixture(name: &str) -> Vec<u8> {
    rcs_testkit::corpus_file("sip-bench", name)
        .unwrap_or_else(|| panic!("the bench needs ../shared/corpus (or RCS_CORPUS_DIR)"))
}

/// rcs-sip: start line and header index only.
pub fn rcs_frame(input: &[u8]) -> usize {
    let m = rcs_sip::Message::parse(input).unwrap();
    m.header_count() + m.body().len()
}

/// rcs-sip plus the typed headers every SIP stack reads.
pub fn rcs_typed(input: &[u8]) -> usize {
    let m = rcs_sip::Message::parse(input).unwrap();
    let via = m.vias().next().unwrap().unwrap();
    let from = m.from_header().unwrap().unwrap();
    let to = m.to_header().unwrap().unwrap();
    let cseq = m.cseq().unwrap().unwrap();
    let call_id = m.call_id().unwrap().unwrap();
    let contact = m.contacts().next().unwrap().unwrap();
    let ct = m.content_type().unwrap().unwrap();
    let cl = m.content_length().unwrap().unwrap();
    via.branch().unwrap().len()
        + from.tag().unwrap().len()
        + to.uri().as_str().len()
        + cseq.seq() as usize
        + call_id.as_str().len()
        + contact.address().unwrap().uri().as_str().len()
        + ct.subtype().len()
        + cl as usize
}

/// rsip: parse the whole message (headers stay untyped until asked).
pub fn rsip_frame(input: &[u8]) -> usize {
    use rsip::prelude::*;
    let m = rsip::SipMessage::try_from(input).unwrap();
    m.headers().iter().count() + m.body().len()
}

/// rsip plus the same typed headers as [`rcs_typed`].
pub fn rsip_typed(input: &[u8]) -> usize {
    use rsip::prelude::*;
    let m = rsip::SipMessage::try_from(input).unwrap();
    let via = m.via_header().unwrap().typed().unwrap();
    let from = m.from_header().unwrap().typed().unwrap();
    let to = m.to_header().unwrap().typed().unwrap();
    let cseq = m.cseq_header().unwrap().typed().unwrap();
    let call_id = m.call_id_header().unwrap().value().len();
    let contact = m.contact_header().unwrap().typed().unwrap();
    let ct = m
        .headers()
        .iter()
        .find_map(|h| match h {
            rsip::Header::ContentType(ct) => Some(ct.typed().unwrap()),
            _ => None,
        })
        .unwrap();
    let cl = m
        .headers()
        .iter()
        .find_map(|h| match h {
            rsip::Header::ContentLength(cl) => Some(cl.length().unwrap()),
            _ => None,
        })
        .unwrap();
    via.branch().unwrap().to_string().len()
        + from.tag().unwrap().to_string().len()
        + to.uri.to_string().len()
        + cseq.seq as usize
        + call_id
        + contact.uri.to_string().len()
        + ct.to_string().len()
        + cl as usize
}

/// rsipstack's own parser (its `sip` module, a rewrite of rsip's).
pub fn rsipstack_frame(input: &[u8]) -> usize {
    use rsipstack::sip::HasHeaders;
    let m = rsipstack::sip::SipMessage::try_from(input).unwrap();
    let body = match &m {
        rsipstack::sip::SipMessage::Request(r) => r.body().len(),
        rsipstack::sip::SipMessage::Response(r) => r.body().len(),
    };
    m.headers().iter().count() + body
}

/// ezk-sip-types has no whole-message entry point (ezk-sip-core's decoder loops over its line
/// parser); this is that loop: pull lines, parse the start line, insert each header.
pub fn ezk_frame(input: &bytes::Bytes) -> usize {
    use ezk_sip_types::msg::{Line, MessageLine, PullParser};
    use ezk_sip_types::parse::Parse;
    let mut parser = PullParser::new(input, 0);
    let first = parser.next().unwrap().unwrap();
    let first = std::str::from_utf8(first).unwrap();
    let (_, line) = MessageLine::parse(input)(first).unwrap();
    let mut headers = ezk_sip_types::Headers::with_capacity(16);
    for l in &mut parser {
        let l = std::str::from_utf8(l.unwrap()).unwrap();
        let (_, h) = Line::parse(input, l).unwrap();
        headers.insert(h.name, h.value);
    }
    let body = input.slice(parser.head_end()..);
    usize::from(line.is_request()) + body.len()
}

/// httparse on the HTTP-versioned copy of the INVITE: the framing floor.
pub fn httparse_frame(input: &[u8]) -> usize {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut req = httparse::Request::new(&mut headers);
    let n = req.parse(input).unwrap().unwrap();
    n + req.headers.len()
}

/// The bench INVITE made from its pieces with the builder (every value checked, canonical form).
pub fn build_invite(invite: &[u8]) -> rcs_sip::Message<'static> {
    use rcs_sip::KnownHeader as K;
    let body_at = invite.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    rcs_sip::MessageBuilder::request("INVITE", "sip:bob@biloxi.example.com")
        .header(
            K::Via,
            "SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;rport",
        )
        .header(K::MaxForwards, "70")
        .header(
            K::From,
            "\"Alice\" <sip:alice@atlanta.example.com>;tag=9fxced76sl",
        )
        .header(K::To, "Bob <sip:bob@biloxi.example.com>")
        .header(K::CallId, "3848276298220188511@atlanta.example.com")
        .header(K::CSeq, "1 INVITE")
        .header(
            K::Contact,
            "<sip:alice@client.atlanta.example.com;transport=tcp>",
        )
        .header(
            K::Allow,
            "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, NOTIFY, UPDATE",
        )
        .header(K::Supported, "timer, 100rel")
        .header(K::SessionExpires, "1800")
        .header(K::UserAgent, "bench/1.0")
        .header(K::ContentType, "application/sdp")
        .body(&invite[body_at..])
        .build()
        .unwrap()
}
