//! Dialogs (RFC 3261 §12): made from both sides, requests inside them, routing, CSeq rules,
//! the ACK of a 2xx.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_sip::{Message, ParseOptions};
use rcs_sip_engine::{Dialog, DialogError, DialogId, DialogState, DialogTable};

fn parse(text: &str) -> Message<'static> {
    Message::parse_bytes(
        text.replace('\n', "\r\n").into_bytes().into(),
        &ParseOptions::new(),
    )
    .unwrap()
}

const INVITE: &str = "INVITE sip:bob@biloxi.example.com SIP/2.0
Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds
Max-Forwards: 70
To: Bob <sip:bob@biloxi.example.com>
From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
Call-ID: a84b4c76e66710
CSeq: 314159 INVITE
Contact: <sip:alice@pc33.atlanta.example.com>
Record-Route: <sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;lr>
Content-Length: 0

";

fn response(code: u16, contact: &str, record_route: &str) -> Message<'static> {
    parse(&format!(
        "SIP/2.0 {code} X
Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds
To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
Call-ID: a84b4c76e66710
CSeq: 314159 INVITE
{contact}{record_route}Content-Length: 0

"
    ))
}

#[test]
fn uac_dialog_routes_by_the_reversed_record_route() {
    let invite = parse(INVITE);
    let rr = "Record-Route: <sip:p2.biloxi.example.com;lr>\nRecord-Route: <sip:p1.atlanta.example.com;lr>\n";
    let ringing = response(180, "Contact: <sip:bob@192.0.2.4>\n", rr);
    let mut d = Dialog::uac(&invite, &ringing).unwrap();
    assert_eq!(d.state(), DialogState::Early);
    assert_eq!(
        d.id(),
        &DialogId {
            call_id: "a84b4c76e66710".into(),
            local_tag: "1928301774".into(),
            remote_tag: "a6c85cf".into()
        }
    );
    assert_eq!(
        d.route_set().collect::<Vec<_>>(),
        [
            "<sip:p1.atlanta.example.com;lr>",
            "<sip:p2.biloxi.example.com;lr>"
        ]
    );
    // The 2xx confirms it and names the target.
    d.confirm(&response(200, "Contact: <sip:bob@192.0.2.5>\n", rr));
    assert_eq!(d.state(), DialogState::Confirmed);
    assert_eq!(d.remote_target(), "sip:bob@192.0.2.5");
    let bye = d
        .request("BYE")
        .via(
            "UDP",
            "pc33.atlanta.example.com",
            None,
            "z9hG4bKnashds7",
            false,
        )
        .build()
        .unwrap();
    assert_eq!(
        bye.request_uri_str(),
        Some("sip:bob@192.0.2.5"),
        "loose routing"
    );
    let routes: Vec<String> = bye
        .routes()
        .map(|r| r.unwrap().as_str().to_owned())
        .collect();
    assert_eq!(
        routes,
        [
            "<sip:p1.atlanta.example.com;lr>",
            "<sip:p2.biloxi.example.com;lr>"
        ]
    );
    let cseq = bye.cseq().unwrap().unwrap();
    assert_eq!((cseq.seq(), cseq.method()), (314_160, "BYE"));
    assert_eq!(
        bye.from_header().unwrap().unwrap().tag(),
        Some("1928301774")
    );
    assert_eq!(bye.to_header().unwrap().unwrap().tag(), Some("a6c85cf"));
    assert_eq!(bye.call_id().unwrap().unwrap().as_str(), "a84b4c76e66710");
    // The ACK of the 2xx: the INVITE's CSeq number, built once.
    let ack = d
        .ack(
            314_159,
            ("UDP", "pc33.atlanta.example.com", None, "z9hG4bKack"),
        )
        .unwrap();
    let again = d
        .ack(314_159, ("UDP", "elsewhere", None, "z9hG4bKother"))
        .unwrap();
    assert_eq!(ack, again, "the same bytes for every 2xx retransmission");
    let ack = Message::parse_bytes(ack, &ParseOptions::new()).unwrap();
    let c = ack.cseq().unwrap().unwrap();
    assert_eq!((c.seq(), c.method()), (314_159, "ACK"));
    assert_eq!(ack.request_uri_str(), Some("sip:bob@192.0.2.5"));
}

#[test]
fn a_strict_router_takes_the_request_uri() {
    let invite = parse(INVITE);
    let rr = "Record-Route: <sip:p2.biloxi.example.com>\n";
    let mut d = Dialog::uac(
        &invite,
        &response(200, "Contact: <sip:bob@192.0.2.5>\n", rr),
    )
    .unwrap();
    let bye = d
        .request("BYE")
        .via("UDP", "a.example.com", None, "z9hG4bK1", false)
        .build()
        .unwrap();
    assert_eq!(bye.request_uri_str(), Some("sip:p2.biloxi.example.com"));
    let routes: Vec<String> = bye
        .routes()
        .map(|r| r.unwrap().as_str().to_owned())
        .collect();
    assert_eq!(routes, ["<sip:bob@192.0.2.5>"]);
}

#[test]
fn uas_dialog_checks_cseq_and_refreshes_its_target() {
    let invite = parse(INVITE);
    let ok = response(200, "Contact: <sip:bob@192.0.2.4>\n", "");
    let mut d = Dialog::uas(&invite, &ok).unwrap();
    assert_eq!(d.id().local_tag.as_ref(), "a6c85cf");
    assert_eq!(d.id().remote_tag.as_ref(), "1928301774");
    assert_eq!(d.remote_target(), "sip:alice@pc33.atlanta.example.com");
    // The request's Record-Route, in order.
    assert_eq!(
        d.route_set().collect::<Vec<_>>(),
        [
            "<sip:p2.biloxi.example.com;lr>",
            "<sip:p1.atlanta.example.com;lr>"
        ]
    );
    assert_eq!(d.remote_seq(), Some(314_159));
    let in_dialog = |method: &str, seq: u32, contact: &str| {
        parse(&format!(
            "{method} sip:bob@192.0.2.4 SIP/2.0
Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK{seq}{method}
To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
Call-ID: a84b4c76e66710
CSeq: {seq} {method}
{contact}Content-Length: 0

"
        ))
    };
    let req = in_dialog("ACK", 314_159, "");
    assert_eq!(DialogId::of_request(&req).as_ref(), Some(d.id()));
    d.on_request(&req).unwrap();
    assert_eq!(
        d.on_request(&in_dialog("MESSAGE", 314_159, "")),
        Err(DialogError::CSeqOutOfOrder)
    );
    assert_eq!(
        d.on_request(&in_dialog("MESSAGE", 1, "")),
        Err(DialogError::CSeqOutOfOrder)
    );
    d.on_request(&in_dialog(
        "INVITE",
        314_160,
        "Contact: <sip:alice@192.0.2.99>\n",
    ))
    .unwrap();
    assert_eq!(
        d.remote_target(),
        "sip:alice@192.0.2.99",
        "re-INVITE refreshes the target"
    );
    assert_eq!(d.remote_seq(), Some(314_160));
    // Its own first request starts the local sequence.
    let bye = d
        .request("BYE")
        .via("UDP", "b", None, "z9hG4bKb", false)
        .build()
        .unwrap();
    assert_eq!(bye.cseq().unwrap().unwrap().seq(), 1);
    assert_eq!(bye.from_header().unwrap().unwrap().tag(), Some("a6c85cf"));
}

#[test]
fn what_makes_no_dialog() {
    let invite = parse(INVITE);
    assert!(matches!(
        Dialog::uac(&invite, &response(486, "Contact: <sip:b@x>\n", "")),
        Err(DialogError::NotDialogForming(_))
    ));
    assert!(matches!(
        Dialog::uac(&invite, &response(200, "", "")),
        Err(DialogError::NotDialogForming(_))
    ));
    assert!(matches!(
        Dialog::uac(&invite, &response(100, "Contact: <sip:b@x>\n", "")),
        Err(DialogError::NotDialogForming(_))
    ));
}

#[test]
fn the_table_is_bounded_and_forks_end_together() {
    let invite = parse(INVITE);
    let mut table = DialogTable::new(2);
    let fork = |tag: &str, code: u16| {
        let r = response(code, "Contact: <sip:b@x>\n", "")
            .as_bytes()
            .to_vec();
        let text = String::from_utf8(r).unwrap().replace("a6c85cf", tag);
        Message::parse_bytes(text.into_bytes().into(), &ParseOptions::new()).unwrap()
    };
    assert!(table.insert(Dialog::uac(&invite, &fork("f1", 180)).unwrap()));
    assert!(
        !table.insert(Dialog::uac(&invite, &fork("f1", 180)).unwrap()),
        "already there"
    );
    let second = Dialog::uac(&invite, &fork("f2", 180)).unwrap();
    let keep = second.id().clone();
    assert!(table.insert(second));
    assert!(
        !table.insert(Dialog::uac(&invite, &fork("f3", 180)).unwrap()),
        "full"
    );
    table.get_mut(&keep).unwrap().confirm(&fork("f2", 200));
    assert_eq!(table.end_early("a84b4c76e66710", None), 1);
    assert_eq!(table.len(), 1);
    assert!(table.get(&keep).is_some());
}
