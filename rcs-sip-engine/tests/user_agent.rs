//! The user agent core: dialogs made, confirmed and ended by INVITE transactions, the ACK of
//! every 2xx sent from the dialog (retransmissions with the same bytes), forks, 481 and 500.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use bytes::Bytes;
use rcs_sip::{Message, MessageBuilder, ParseOptions};
use rcs_sip_engine::{
    Config, DialogEvent, DialogState, Event, Peer, Transmit, Transport, UaOutput, UserAgent,
};

fn peer() -> Peer {
    Peer::new(Transport::Udp, "192.0.2.2:5060".parse().unwrap())
}

#[derive(Default)]
struct Seen {
    sent: Vec<Transmit>,
    events: Vec<Event>,
    dialogs: Vec<DialogEvent>,
}

fn drain(ua: &mut UserAgent) -> Seen {
    let mut s = Seen::default();
    while let Some(o) = ua.poll_output() {
        match o {
            UaOutput::Transmit(t) => s.sent.push(t),
            UaOutput::Event(e) => s.events.push(e),
            UaOutput::Dialog(d) => s.dialogs.push(d),
        }
    }
    s
}

fn parse(b: &Bytes) -> Message<'static> {
    Message::parse_bytes(b.clone(), &ParseOptions::new()).unwrap()
}

fn invite(ua: &mut UserAgent) -> Message<'static> {
    let branch = ua.layer().new_branch();
    MessageBuilder::request("INVITE", "sip:bob@example.com")
        .via("UDP", "192.0.2.1", Some(5060), &branch, false)
        .max_forwards(70)
        .from(None, "sip:alice@example.com", "a1")
        .to(None, "sip:bob@example.com", None)
        .call_id("ua-call-1")
        .cseq(7, "INVITE")
        .contact("sip:alice@192.0.2.1:5060", "")
        .build()
        .unwrap()
}

fn answer(req: &Message<'_>, code: u16, tag: &str) -> Bytes {
    MessageBuilder::response_to(req, code, "X", Some(tag))
        .contact(&format!("sip:bob-{tag}@192.0.2.2"), "")
        .header(
            rcs_sip::KnownHeader::RecordRoute,
            "<sip:proxy.example.com;lr>",
        )
        .build()
        .unwrap()
        .to_bytes()
}

#[test]
fn uac_dialogs_from_forks_ack_every_2xx_and_bye() {
    let now = Instant::now();
    let mut ua = UserAgent::new(Config::new(1));
    let req = invite(&mut ua);
    let id = ua.send_request(now, req.clone(), peer()).unwrap();
    drain(&mut ua);
    // Two forks ring: two early dialogs.
    ua.handle_input(now, peer(), answer(&req, 180, "f1"));
    ua.handle_input(now, peer(), answer(&req, 183, "f2"));
    let s = drain(&mut ua);
    assert_eq!(s.dialogs.len(), 2);
    assert!(s.dialogs.iter().all(|d| matches!(
        d,
        DialogEvent::Created {
            state: DialogState::Early,
            ..
        }
    )));
    // f1 answers: confirmed, and the UA ACKs it through the route set, on a new branch.
    ua.handle_input(now, peer(), answer(&req, 200, "f1"));
    let s = drain(&mut ua);
    assert!(matches!(&s.dialogs[..], [DialogEvent::Confirmed { id }] if &*id.remote_tag == "f1"));
    let acks: Vec<_> = s
        .sent
        .iter()
        .filter(|t| t.bytes.starts_with(b"ACK"))
        .collect();
    assert_eq!(acks.len(), 1);
    let ack = parse(&acks[0].bytes);
    assert_eq!(ack.request_uri_str(), Some("sip:bob-f1@192.0.2.2"));
    assert_eq!(
        ack.routes().next().unwrap().unwrap().as_str(),
        "<sip:proxy.example.com;lr>"
    );
    let c = ack.cseq().unwrap().unwrap();
    assert_eq!((c.seq(), c.method()), (7, "ACK"));
    assert_ne!(
        ack.vias().next().unwrap().unwrap().branch(),
        req.vias().next().unwrap().unwrap().branch(),
        "the ACK of a 2xx is its own transaction"
    );
    assert_eq!(acks[0].transaction, None);
    // The 2xx retransmitted: the same ACK bytes again.
    ua.handle_input(now, peer(), answer(&req, 200, "f1"));
    let again = drain(&mut ua);
    let ack2: Vec<_> = again
        .sent
        .iter()
        .filter(|t| t.bytes.starts_with(b"ACK"))
        .collect();
    assert_eq!(ack2.len(), 1);
    assert_eq!(ack2[0].bytes, acks[0].bytes);
    // The INVITE transaction ends (Timer M): the fork that never answered ends with it.
    ua.handle_timeout(now + Duration::from_secs(33));
    let s = drain(&mut ua);
    assert!(matches!(&s.dialogs[..], [DialogEvent::Ended { id }] if &*id.remote_tag == "f2"));
    assert_eq!(ua.dialogs().len(), 1);
    // BYE from the dialog ends it.
    let did = ua.dialogs().ids().next().unwrap().clone();
    let branch = ua.layer().new_branch();
    let bye = ua
        .request_in_dialog(&did, "BYE")
        .unwrap()
        .via("UDP", "192.0.2.1", Some(5060), &branch, false)
        .build()
        .unwrap();
    assert_eq!(bye.cseq().unwrap().unwrap().seq(), 8);
    ua.send_request(now, bye, peer()).unwrap();
    let s = drain(&mut ua);
    assert!(matches!(&s.dialogs[..], [DialogEvent::Ended { .. }]));
    assert!(ua.dialogs().is_empty());
    let _ = id;
}

#[test]
fn a_failed_invite_ends_its_early_dialogs() {
    let now = Instant::now();
    let mut ua = UserAgent::new(Config::new(2));
    let req = invite(&mut ua);
    ua.send_request(now, req.clone(), peer()).unwrap();
    ua.handle_input(now, peer(), answer(&req, 180, "f1"));
    drain(&mut ua);
    ua.handle_input(now, peer(), answer(&req, 486, "f1"));
    let s = drain(&mut ua);
    assert!(matches!(&s.dialogs[..], [DialogEvent::Ended { .. }]));
    assert!(ua.dialogs().is_empty());
}

fn incoming(method: &str, branch: &str, to_tag: Option<&str>, cseq: u32) -> Bytes {
    let to_tag = to_tag.map(|t| format!(";tag={t}")).unwrap_or_default();
    Bytes::from(format!(
        "{method} sip:bob@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK{branch}\r\n\
From: <sip:carol@example.com>;tag=c1\r\nTo: <sip:bob@example.com>{to_tag}\r\n\
Call-ID: ua-call-2\r\nCSeq: {cseq} {method}\r\nContact: <sip:carol@192.0.2.2>\r\nMax-Forwards: 70\r\n\
Content-Length: 0\r\n\r\n"
    ))
}

#[test]
fn uas_dialog_checks_requests_inside_it() {
    let now = Instant::now();
    let mut ua = UserAgent::new(Config::new(3));
    ua.handle_input(now, peer(), incoming("INVITE", "i1", None, 10));
    let s = drain(&mut ua);
    let Some(Event::Request { id, request, .. }) = s.events.into_iter().next() else {
        panic!("the INVITE")
    };
    let ok = MessageBuilder::response_to(&request, 200, "OK", Some("b1"))
        .contact("sip:bob@192.0.2.1", "")
        .build()
        .unwrap();
    ua.respond(now, id, ok).unwrap();
    let s = drain(&mut ua);
    assert!(matches!(
        &s.dialogs[..],
        [DialogEvent::Created {
            state: DialogState::Confirmed,
            ..
        }]
    ));
    // The ACK (new branch) reaches the TU.
    ua.handle_input(now, peer(), incoming("ACK", "a1", Some("b1"), 10));
    let s = drain(&mut ua);
    assert!(matches!(&s.events[..], [Event::Ack { id: Some(_), .. }]));
    // Inside the dialog: a CSeq lower than the last gets 500 from the UA itself.
    ua.handle_input(now, peer(), incoming("MESSAGE", "m1", Some("b1"), 9));
    let s = drain(&mut ua);
    assert!(s.events.iter().all(|e| !matches!(e, Event::Request { .. })));
    assert!(s.sent.iter().any(|t| t.bytes.starts_with(b"SIP/2.0 500 ")));
    // An unknown dialog: 481.
    ua.handle_input(now, peer(), incoming("MESSAGE", "m2", Some("nope"), 11));
    let s = drain(&mut ua);
    assert!(s.sent.iter().any(|t| t.bytes.starts_with(b"SIP/2.0 481 ")));
    // In order it is delivered; BYE ends the dialog.
    ua.handle_input(now, peer(), incoming("MESSAGE", "m3", Some("b1"), 11));
    let s = drain(&mut ua);
    assert!(matches!(&s.events[..], [Event::Request { .. }]));
    ua.handle_input(now, peer(), incoming("BYE", "bye1", Some("b1"), 12));
    let s = drain(&mut ua);
    assert!(matches!(&s.dialogs[..], [DialogEvent::Ended { .. }]));
    assert!(ua.dialogs().is_empty());
    // A BYE for it now: 481.
    ua.handle_input(now, peer(), incoming("BYE", "bye2", Some("b1"), 13));
    let s = drain(&mut ua);
    assert!(s.sent.iter().any(|t| t.bytes.starts_with(b"SIP/2.0 481 ")));
}

#[test]
fn a_cancelled_invite_ends_its_early_dialog_at_once() {
    let now = Instant::now();
    let mut ua = UserAgent::new(Config::new(4));
    ua.handle_input(now, peer(), incoming("INVITE", "c1", None, 1));
    let s = drain(&mut ua);
    let Some(Event::Request { id, request, .. }) = s.events.into_iter().next() else {
        panic!("the INVITE")
    };
    let ringing = MessageBuilder::response_to(&request, 180, "Ringing", Some("b9"))
        .contact("sip:bob@192.0.2.1", "")
        .build()
        .unwrap();
    ua.respond(now, id, ringing).unwrap();
    let s = drain(&mut ua);
    assert!(matches!(
        &s.dialogs[..],
        [DialogEvent::Created {
            state: DialogState::Early,
            ..
        }]
    ));
    ua.handle_input(now, peer(), incoming("CANCEL", "c1", None, 1));
    let s = drain(&mut ua);
    assert!(
        s.events
            .iter()
            .any(|e| matches!(e, Event::Cancelled { .. }))
    );
    assert!(matches!(&s.dialogs[..], [DialogEvent::Ended { .. }]));
    assert!(ua.dialogs().is_empty());
}

#[test]
fn a_re_invite_refreshes_the_target_and_its_2xx_is_acked() {
    let now = Instant::now();
    let mut ua = UserAgent::new(Config::new(5));
    let req = invite(&mut ua);
    ua.send_request(now, req.clone(), peer()).unwrap();
    ua.handle_input(now, peer(), answer(&req, 200, "f1"));
    drain(&mut ua);
    let did = ua.dialogs().ids().next().unwrap().clone();
    let branch = ua.layer().new_branch();
    let reinvite = ua
        .request_in_dialog(&did, "INVITE")
        .unwrap()
        .via("UDP", "192.0.2.1", Some(5060), &branch, false)
        .contact("sip:alice@192.0.2.1:5060", "")
        .build()
        .unwrap();
    assert_eq!(reinvite.cseq().unwrap().unwrap().seq(), 8);
    ua.send_request(now, reinvite.clone(), peer()).unwrap();
    drain(&mut ua);
    // The peer moved: its 2xx names a new Contact.
    let ok = MessageBuilder::response_to(&reinvite, 200, "OK", None)
        .contact("sip:bob@198.51.100.7", "")
        .build()
        .unwrap();
    ua.handle_input(now, peer(), ok.to_bytes());
    let s = drain(&mut ua);
    assert_eq!(
        ua.dialogs().get(&did).unwrap().remote_target(),
        "sip:bob@198.51.100.7"
    );
    let acks: Vec<_> = s
        .sent
        .iter()
        .filter(|t| t.bytes.starts_with(b"ACK"))
        .collect();
    assert_eq!(acks.len(), 1, "the re-INVITE's 2xx is ACKed too");
    let ack = parse(&acks[0].bytes);
    assert_eq!(ack.cseq().unwrap().unwrap().seq(), 8);
    assert_eq!(ack.request_uri_str(), Some("sip:bob@198.51.100.7"));
}

fn request(
    ua: &mut UserAgent,
    method: &str,
    to_tag: Option<&str>,
    route: Option<&str>,
) -> Message<'static> {
    let branch = ua.layer().new_branch();
    let mut b = MessageBuilder::request(method, "sip:bob@example.com")
        .via("UDP", "192.0.2.1", Some(5060), &branch, false)
        .max_forwards(70)
        .from(None, "sip:alice@example.com", "a1")
        .to(None, "sip:bob@example.com", to_tag)
        .call_id(&format!("sr-{branch}"))
        .cseq(1, method);
    if let Some(r) = route {
        b = b.header(rcs_sip::KnownHeader::Route, r);
    }
    b.build().unwrap()
}

/// RFC 3608 §6: after registering, requests sent outside a dialog carry the Service-Route as
/// their preloaded route set, in order; REGISTER, requests in a dialog and requests with a
/// Route of their own are left alone, and an empty list stops it.
#[test]
fn service_route_is_the_preloaded_route_of_requests_outside_a_dialog() {
    let mut ua = UserAgent::new(Config::new(3));
    let now = Instant::now();
    let routes = [
        "<sip:orig@scscf.ims.example;lr>".to_owned(),
        "<sip:pcscf.ims.example;lr>".to_owned(),
    ];
    ua.set_service_route(&routes);
    let routes_of = |t: &Transmit| -> Vec<String> {
        parse(&t.bytes)
            .headers_of(rcs_sip::KnownHeader::Route)
            .map(|h| h.value().to_owned())
            .collect()
    };
    for method in ["MESSAGE", "OPTIONS", "INVITE", "SUBSCRIBE"] {
        let r = request(&mut ua, method, None, None);
        ua.send_request(now, r, peer()).unwrap();
        let s = drain(&mut ua);
        assert_eq!(routes_of(&s.sent[0]), routes, "{method}");
        // The Route lines come right after the request line, the rest unchanged.
        let text = String::from_utf8_lossy(&s.sent[0].bytes).into_owned();
        assert!(
            text.starts_with(&format!(
                "{method} sip:bob@example.com SIP/2.0\r\nRoute: <sip:orig@"
            )),
            "{text}"
        );
    }
    for (method, tag, route) in [
        ("REGISTER", None, None),
        ("MESSAGE", Some("b1"), None),
        ("MESSAGE", None, Some("<sip:mine.example;lr>")),
    ] {
        let r = request(&mut ua, method, tag, route);
        let before: Vec<String> = r
            .headers_of(rcs_sip::KnownHeader::Route)
            .map(|h| h.value().to_owned())
            .collect();
        ua.send_request(now, r, peer()).unwrap();
        let s = drain(&mut ua);
        assert_eq!(routes_of(&s.sent[0]), before, "{method} {tag:?} {route:?}");
    }
    ua.set_service_route(&[]);
    let r = request(&mut ua, "MESSAGE", None, None);
    ua.send_request(now, r, peer()).unwrap();
    assert!(routes_of(&drain(&mut ua).sent[0]).is_empty());
}

#[test]
fn service_route_values_that_are_not_routes_are_refused() {
    let mut ua = UserAgent::new(Config::new(4));
    for bad in [
        "sip:bare@addr.spec;lr",
        "<sip:x>;lr\r\nX-Injected: 1",
        "   ",
        "<not a uri>",
    ] {
        ua.set_service_route(&[bad.to_owned()]);
        let r = request(&mut ua, "MESSAGE", None, None);
        assert!(
            ua.send_request(Instant::now(), r, peer()).is_err(),
            "{bad:?}"
        );
        assert!(drain(&mut ua).sent.is_empty(), "{bad:?}");
    }
}
