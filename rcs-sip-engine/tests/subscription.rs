//! SUBSCRIBE/NOTIFY (RFC 6665) with the `conference` package, both sides: states, the dialog
//! made by the 2xx or by a NOTIFY that comes first, refresh, unsubscribe, refusals.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use rcs_sip::{KnownHeader, Message, MessageBuilder, ParseOptions};
use rcs_sip_engine::{
    Notifier, NotifyRefusal, Subscriber, SubscriptionState, SubscriptionStateHeader,
};

const VIA_A: (&str, &str, Option<u16>, &str) = ("UDP", "192.0.2.1", Some(5060), "z9hG4bKs1");
const VIA_B: (&str, &str, Option<u16>, &str) = ("UDP", "192.0.2.2", Some(5060), "z9hG4bKn1");

fn reparse(m: &Message<'_>) -> Message<'static> {
    Message::parse_bytes(m.to_bytes(), &ParseOptions::new()).unwrap()
}

fn initial(sub: &mut Subscriber) -> Message<'static> {
    let b = MessageBuilder::request("SUBSCRIBE", "sip:group-1@conf.example.cn")
        .via("UDP", "192.0.2.1", Some(5060), "z9hG4bKs0", true)
        .max_forwards(70)
        .from(None, "sip:alice@example.cn", "a1")
        .to(None, "sip:group-1@conf.example.cn", None)
        .call_id("sub-1@192.0.2.1")
        .cseq(1, "SUBSCRIBE")
        .contact("sip:alice@192.0.2.1:5060", "");
    sub.subscribe(b).unwrap()
}

fn ok_for(req: &Message<'_>, expires: u32) -> Message<'static> {
    MessageBuilder::response_to(req, 200, "OK", Some("n1"))
        .contact("sip:focus@192.0.2.2:5060", "")
        .header(KnownHeader::Expires, &expires.to_string())
        .build()
        .unwrap()
}

const INFO: &[u8] = b"<?xml version=\"1.0\"?><conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"sip:group-1@conf.example.cn\" state=\"full\" version=\"1\"/>";

#[test]
fn subscribe_accept_notify_refresh_unsubscribe() {
    let now = Instant::now();
    let mut sub = Subscriber::new(
        "conference",
        None,
        Some("application/conference-info+xml"),
        600,
    );
    let req = initial(&mut sub);
    assert_eq!(
        req.headers_of(KnownHeader::Event).next().unwrap().value(),
        "conference"
    );
    assert_eq!(req.expires().unwrap().unwrap(), 600);
    assert_eq!(sub.state(), &SubscriptionState::Sent);

    // The notifier accepts (granting less) and, authorized, notifies.
    let ok = ok_for(&req, 300);
    let mut focus = Notifier::accept(now, &req, &ok, 300).unwrap();
    focus.activate();
    let notify = focus
        .notify(
            now,
            VIA_B,
            "sip:focus@192.0.2.2:5060",
            Some(("application", "conference-info+xml")),
            INFO,
        )
        .unwrap();
    let state = SubscriptionStateHeader::of(&notify).unwrap();
    assert_eq!((state.state.as_str(), state.expires), ("active", Some(300)));

    sub.on_response(now, &req, &reparse(&ok));
    assert!(
        matches!(sub.state(), SubscriptionState::Pending { .. }),
        "pending until a NOTIFY"
    );
    sub.on_notify(now, &reparse(&notify)).unwrap();
    assert_eq!(
        sub.state(),
        &SubscriptionState::Active {
            until: now + Duration::from_secs(300)
        }
    );
    assert_eq!(sub.refresh_at(), Some(now + Duration::from_secs(240)));

    // The refresh goes inside the dialog, and the notifier takes it.
    let later = now + Duration::from_secs(240);
    let refresh = sub
        .refresh(VIA_A, "sip:alice@192.0.2.1:5060", None)
        .unwrap()
        .unwrap();
    assert_eq!(refresh.to_header().unwrap().unwrap().tag(), Some("n1"));
    assert_eq!(refresh.request_uri_str(), Some("sip:focus@192.0.2.2:5060"));
    assert_eq!(refresh.cseq().unwrap().unwrap().seq(), 2);
    assert_eq!(focus.on_subscribe(later, &reparse(&refresh), 300), 200);
    assert_eq!(focus.expires_at(), Some(later + Duration::from_secs(300)));

    // Unsubscribe: Expires 0, then the final NOTIFY.
    let bye = sub
        .refresh(VIA_A, "sip:alice@192.0.2.1:5060", Some(0))
        .unwrap()
        .unwrap();
    assert_eq!(bye.expires().unwrap().unwrap(), 0);
    assert_eq!(focus.on_subscribe(later, &reparse(&bye), 0), 200);
    let last = focus
        .terminate(VIA_B, "sip:focus@192.0.2.2:5060", "timeout")
        .unwrap();
    assert!(focus.is_terminated());
    sub.on_notify(later, &reparse(&last)).unwrap();
    assert_eq!(
        sub.state(),
        &SubscriptionState::Terminated {
            reason: Some("timeout".into()),
            retry_after: None
        }
    );
    assert_eq!(sub.refresh_at(), None);
}

#[test]
fn a_notify_before_the_2xx_makes_the_dialog() {
    let now = Instant::now();
    let mut sub = Subscriber::new("conference", None, None, 600);
    let req = initial(&mut sub);
    let ok = ok_for(&req, 600);
    let mut focus = Notifier::accept(now, &req, &ok, 600).unwrap();
    let notify = focus
        .notify(now, VIA_B, "sip:focus@192.0.2.2:5060", None, b"")
        .unwrap();
    // Pending (not yet authorized), and first.
    sub.on_notify(now, &reparse(&notify)).unwrap();
    assert!(matches!(sub.state(), SubscriptionState::Pending { .. }));
    assert_eq!(
        sub.dialog().unwrap().remote_target(),
        "sip:focus@192.0.2.2:5060"
    );
    focus.activate();
    let active = focus
        .notify(now, VIA_B, "sip:focus@192.0.2.2:5060", None, b"")
        .unwrap();
    sub.on_notify(now, &reparse(&active)).unwrap();
    // The late 2xx keeps it active.
    sub.on_response(now, &req, &reparse(&ok));
    assert!(matches!(sub.state(), SubscriptionState::Active { .. }));
    // A NOTIFY replayed (its CSeq not higher) is refused 500.
    assert_eq!(
        sub.on_notify(now, &reparse(&active)),
        Err(NotifyRefusal::OutOfOrder)
    );
    assert_eq!(NotifyRefusal::OutOfOrder.status(), 500);
}

#[test]
fn notifies_that_are_not_ours_and_refused_subscriptions() {
    let now = Instant::now();
    let mut sub = Subscriber::new("conference", None, None, 600);
    let req = initial(&mut sub);
    let ok = ok_for(&req, 600);
    sub.on_response(now, &req, &reparse(&ok));
    let notify = |event: &str, state: Option<&str>| {
        let state = state
            .map(|s| format!("Subscription-State: {s}\r\n"))
            .unwrap_or_default();
        Message::parse_bytes(
            format!(
                "NOTIFY sip:alice@192.0.2.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKx\r\n\
From: <sip:group-1@conf.example.cn>;tag=n1\r\nTo: <sip:alice@example.cn>;tag=a1\r\n\
Call-ID: sub-1@192.0.2.1\r\nCSeq: 7 NOTIFY\r\nEvent: {event}\r\n{state}Contact: <sip:focus@192.0.2.2>\r\n\
Content-Length: 0\r\n\r\n"
            )
            .into_bytes()
            .into(),
            &ParseOptions::new(),
        )
        .unwrap()
    };
    assert_eq!(
        sub.on_notify(now, &notify("presence", Some("active"))),
        Err(NotifyRefusal::NoSuchSubscription)
    );
    assert_eq!(
        sub.on_notify(now, &notify("conference", None)),
        Err(NotifyRefusal::BadRequest)
    );
    sub.on_notify(
        now,
        &notify(
            "conference",
            Some("terminated;reason=rejected;retry-after=30"),
        ),
    )
    .unwrap();
    assert_eq!(
        sub.state(),
        &SubscriptionState::Terminated {
            reason: Some("rejected".into()),
            retry_after: Some(30)
        }
    );
    // A refused SUBSCRIBE ends it with the status as reason.
    let mut sub = Subscriber::new("conference", None, None, 600);
    let req = initial(&mut sub);
    let refused = MessageBuilder::response_to(&req, 489, "Bad Event", Some("x"))
        .build()
        .unwrap();
    sub.on_response(now, &req, &refused);
    assert_eq!(
        sub.state(),
        &SubscriptionState::Terminated {
            reason: Some("489".into()),
            retry_after: None
        }
    );
    // The notifier refuses a refresh for another package.
    let mut focus = Notifier::accept(now, &req, &ok_for(&req, 600), 600).unwrap();
    let wrong = MessageBuilder::request("SUBSCRIBE", "sip:focus@192.0.2.2")
        .via("UDP", "192.0.2.1", None, "z9hG4bKw", false)
        .from(None, "sip:alice@example.cn", "a1")
        .to(None, "sip:group-1@conf.example.cn", Some("n1"))
        .call_id("sub-1@192.0.2.1")
        .cseq(5, "SUBSCRIBE")
        .header(KnownHeader::Event, "presence")
        .build()
        .unwrap();
    assert_eq!(focus.on_subscribe(now, &wrong, 600), 489);
}
