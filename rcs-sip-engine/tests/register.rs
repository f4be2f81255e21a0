//! The REGISTER client: challenges (Digest, stale, AKA), what a 200 carries, refresh times,
//! 423, removal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use rcs_sip::{Auth, KnownHeader, Message, ParseOptions};
use rcs_sip_engine::{Registration, RegistrationConfig, RegistrationOutcome, RegistrationState};

const VIA: (&str, &str, Option<u16>, &str) = ("UDP", "192.0.2.1", Some(5060), "z9hG4bKreg");

fn config() -> RegistrationConfig {
    RegistrationConfig {
        registrar: "sip:ims.example.com".into(),
        aor: "sip:+8613800138000@ims.example.com".into(),
        contact: "sip:192.0.2.1:5060".into(),
        contact_params: ";+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session\""
            .into(),
        instance: Some("<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>".into()),
        reg_id: Some(1),
        expires: 600,
        username: Some("alice@ims.example.com".into()),
        password: Some(b"secret".to_vec()),
        call_id: "reg-1@192.0.2.1".into(),
        from_tag: "r1".into(),
    }
}

fn reply(req: &Message<'_>, status: u16, extra: &str) -> Message<'static> {
    let head: String = req
        .headers()
        .filter(|h| {
            matches!(
                h.known(),
                Some(
                    KnownHeader::Via
                        | KnownHeader::From
                        | KnownHeader::To
                        | KnownHeader::CallId
                        | KnownHeader::CSeq
                )
            )
        })
        .map(|h| format!("{}: {}\r\n", h.name(), h.value()))
        .collect();
    let text = format!("SIP/2.0 {status} X\r\n{head}{extra}Content-Length: 0\r\n\r\n");
    Message::parse_bytes(text.into_bytes().into(), &ParseOptions::new()).unwrap()
}

#[test]
fn digest_challenge_then_200_with_everything_ims_sends() {
    let now = Instant::now();
    let mut reg = Registration::new(config());
    let first = reg.request(VIA, "c1").unwrap();
    assert_eq!(first.method(), Some("REGISTER"));
    assert!(
        first
            .headers_of(KnownHeader::Authorization)
            .next()
            .is_none()
    );
    let contact = first.contacts().next().unwrap().unwrap();
    assert_eq!(contact.expires(), Some(600));
    assert!(contact.params().contains("+sip.instance"));
    assert_eq!(contact.params().value("reg-id"), Some("1"));
    assert!(contact.params().contains("+g.3gpp.icsi-ref"));
    assert_eq!(reg.state(), RegistrationState::Registering);

    let challenge = reply(
        &first,
        401,
        "WWW-Authenticate: Digest realm=\"ims.example.com\", nonce=\"abc123\", qop=\"auth\", algorithm=MD5\r\n",
    );
    assert_eq!(reg.on_response(now, &challenge), RegistrationOutcome::Retry);
    let second = reg
        .request(("UDP", "192.0.2.1", Some(5060), "z9hG4bKreg2"), "c2")
        .unwrap();
    assert_eq!(second.cseq().unwrap().unwrap().seq(), 2);
    assert_eq!(
        second.call_id().unwrap().unwrap().as_str(),
        "reg-1@192.0.2.1",
        "same Call-ID"
    );
    let creds = second
        .first::<Auth<'_>>(KnownHeader::Authorization)
        .unwrap()
        .unwrap();
    assert!(rcs_sip::verify_digest(&creds, "REGISTER", b"secret", b"").unwrap());
    assert_eq!(creds.param("uri").as_deref(), Some("sip:ims.example.com"));

    let ok = reply(
        &second,
        200,
        "Contact: <sip:192.0.2.1:5060>;expires=300;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\";pub-gruu=\"sip:alice@ims.example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\";temp-gruu=\"sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@ims.example.com;gr\"\r\n\
Contact: <sip:other@192.0.2.9>;expires=3600\r\n\
Service-Route: <sip:orig@scscf.ims.example.com;lr>\r\n\
Path: <sip:term@pcscf.ims.example.com;lr>\r\n\
P-Associated-URI: <sip:+8613800138000@ims.example.com>, <tel:+8613800138000>\r\n",
    );
    assert_eq!(
        reg.on_response(now, &ok),
        RegistrationOutcome::Registered {
            expires: Duration::from_secs(300)
        },
        "our contact's expires, not the other binding's"
    );
    assert_eq!(reg.refresh_at(), Some(now + Duration::from_secs(150)));
    assert_eq!(
        reg.state(),
        RegistrationState::Registered {
            until: now + Duration::from_secs(300)
        }
    );
    assert_eq!(reg.service_route(), ["<sip:orig@scscf.ims.example.com;lr>"]);
    assert_eq!(reg.path(), ["<sip:term@pcscf.ims.example.com;lr>"]);
    assert_eq!(
        reg.associated_uris(),
        [
            "<sip:+8613800138000@ims.example.com>",
            "<tel:+8613800138000>"
        ]
    );
    assert!(
        reg.pub_gruu()
            .unwrap()
            .ends_with(";gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6")
    );
    assert!(reg.temp_gruu().is_some());

    // The refresh reuses the nonce with the next nonce count.
    let refresh = reg
        .request(("UDP", "192.0.2.1", Some(5060), "z9hG4bKreg3"), "c3")
        .unwrap();
    let creds = refresh
        .first::<Auth<'_>>(KnownHeader::Authorization)
        .unwrap()
        .unwrap();
    assert_eq!(creds.param("nc").as_deref(), Some("00000002"));
    assert!(rcs_sip::verify_digest(&creds, "REGISTER", b"secret", b"").unwrap());

    // A long binding refreshes ten minutes before its end.
    let ok = reply(&refresh, 200, "Expires: 3600\r\n");
    reg.on_response(now, &ok);
    assert_eq!(reg.refresh_at(), Some(now + Duration::from_secs(3000)));

    // Removal.
    reg.unregister();
    let remove = reg.request(VIA, "c4").unwrap();
    assert_eq!(
        remove.contacts().next().unwrap().unwrap().expires(),
        Some(0)
    );
    assert_eq!(
        reg.on_response(now, &reply(&remove, 200, "")),
        RegistrationOutcome::Unregistered
    );
    assert_eq!(reg.state(), RegistrationState::Unregistered);
    assert_eq!(reg.refresh_at(), None);
}

#[test]
fn wrong_credentials_fail_after_one_answer_unless_stale() {
    let now = Instant::now();
    let mut reg = Registration::new(config());
    let challenge = |r: &Message<'_>, stale: bool| {
        let stale = if stale { ", stale=true" } else { "" };
        reply(
            r,
            401,
            &format!("WWW-Authenticate: Digest realm=\"x\", nonce=\"n\"{stale}\r\n"),
        )
    };
    let r = reg.request(VIA, "c").unwrap();
    assert_eq!(
        reg.on_response(now, &challenge(&r, false)),
        RegistrationOutcome::Retry
    );
    let r = reg.request(VIA, "c").unwrap();
    assert_eq!(
        reg.on_response(now, &challenge(&r, true)),
        RegistrationOutcome::Retry,
        "stale nonce"
    );
    let r = reg.request(VIA, "c").unwrap();
    assert_eq!(
        reg.on_response(now, &challenge(&r, false)),
        RegistrationOutcome::Failed { status: 401 }
    );
    assert_eq!(reg.state(), RegistrationState::Failed(401));
    // Without credentials a challenge is a failure at once.
    let mut reg = Registration::new(RegistrationConfig {
        password: None,
        ..config()
    });
    let r = reg.request(VIA, "c").unwrap();
    assert_eq!(
        reg.on_response(now, &challenge(&r, false)),
        RegistrationOutcome::Failed { status: 401 }
    );
    // 403 and other finals fail.
    let mut reg = Registration::new(config());
    let r = reg.request(VIA, "c").unwrap();
    assert_eq!(
        reg.on_response(now, &reply(&r, 403, "")),
        RegistrationOutcome::Failed { status: 403 }
    );
}

#[test]
fn interval_too_brief_asks_again_with_min_expires() {
    let now = Instant::now();
    let mut reg = Registration::new(RegistrationConfig {
        expires: 60,
        ..config()
    });
    let r = reg.request(VIA, "c").unwrap();
    assert_eq!(
        reg.on_response(now, &reply(&r, 423, "Min-Expires: 1800\r\n")),
        RegistrationOutcome::Retry
    );
    let r = reg.request(VIA, "c").unwrap();
    assert_eq!(r.contacts().next().unwrap().unwrap().expires(), Some(1800));
    assert_eq!(r.expires().unwrap().unwrap(), 1800);
    // A Min-Expires no longer than asked cannot help.
    assert_eq!(
        reg.on_response(now, &reply(&r, 423, "Min-Expires: 100\r\n")),
        RegistrationOutcome::Failed { status: 423 }
    );
}

#[test]
fn aka_challenge_waits_for_the_res() {
    let now = Instant::now();
    let mut reg = Registration::new(RegistrationConfig {
        password: None,
        ..config()
    });
    let r = reg.request(VIA, "c").unwrap();
    let ch = reply(
        &r,
        401,
        "WWW-Authenticate: Digest realm=\"ims.example.com\", nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz==\", algorithm=AKAv1-MD5, qop=\"auth\"\r\n",
    );
    let RegistrationOutcome::AkaChallenge { nonce } = reg.on_response(now, &ch) else {
        panic!("an AKA challenge")
    };
    assert!(nonce.starts_with("CjPk9"));
    let res = [0x11u8, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];
    reg.answer_aka(&res);
    let r = reg.request(VIA, "c").unwrap();
    let creds = r
        .first::<Auth<'_>>(KnownHeader::Authorization)
        .unwrap()
        .unwrap();
    assert_eq!(creds.param("algorithm").as_deref(), Some("AKAv1-MD5"));
    assert!(rcs_sip::verify_digest(&creds, "REGISTER", &res, b"").unwrap());
}
