//! RFC 5923 connection reuse over TLS on loopback. Alice opens a connection to Bob with `alias`
//! in her Via; Bob's requests for Alice's sent-by then travel back over that connection — only
//! when the certificate Alice presented in the handshake is valid for that sent-by.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rcs_driver::{AliasEvent, EndpointConfig, Listen, SipEndpoint, SipEvent};
use rcs_sip::{Message, MessageBuilder};
use rcs_sip_engine::{Config, Event, Peer, Transport};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A certificate authority and what it signs.
struct Pki {
    ca: rcgen::Certificate,
    ca_key: rcgen::KeyPair,
    roots: Arc<rustls::RootCertStore>,
}

impl Pki {
    fn new() -> Self {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = params.self_signed(&ca_key).unwrap();
        let mut roots = rustls::RootCertStore::empty();
        roots.add(ca.der().clone()).unwrap();
        Self {
            ca,
            ca_key,
            roots: Arc::new(roots),
        }
    }

    /// A certificate for `names` (DNS names, or IP addresses as text) and its key.
    fn issue(&self, names: &[&str]) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
        let key = rcgen::KeyPair::generate().unwrap();
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let cert = rcgen::CertificateParams::new(names)
            .unwrap()
            .signed_by(&key, &self.ca, &self.ca_key)
            .unwrap();
        (
            cert.der().clone(),
            PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
        )
    }

    /// An endpoint listening on TLS with a certificate for `names`, asking clients for a
    /// certificate (optional, verified against the CA), and presenting one when it connects
    /// if `client_cert` holds the names it should carry.
    async fn endpoint(
        &self,
        seed: u64,
        names: &[&str],
        client_cert: Option<&[&str]>,
    ) -> SipEndpoint {
        let (cert, key) = self.issue(names);
        let verifier = rustls::server::WebPkiClientVerifier::builder(self.roots.clone())
            .allow_unauthenticated()
            .build()
            .unwrap();
        let server = rustls::ServerConfig::builder()
            .with_client_cert_verifier(verifier)
            .with_single_cert(vec![cert], key)
            .unwrap();
        let client = rustls::ClientConfig::builder().with_root_certificates(self.roots.clone());
        let client = match client_cert {
            Some(names) => {
                let (cert, key) = self.issue(names);
                client.with_client_auth_cert(vec![cert], key).unwrap()
            }
            None => client.with_no_client_auth(),
        };
        let mut config = EndpointConfig::new(
            vec![Listen::Tls("127.0.0.1:0".parse().unwrap())],
            Config::new(seed),
        );
        config.tls_server = Some(Arc::new(server));
        config.tls_client = Some(Arc::new(client));
        SipEndpoint::bind(config).await.unwrap()
    }
}

/// A MESSAGE from `ep` whose Via names `sent_by` (and `alias` when asked).
fn message(ep: &mut SipEndpoint, sent_by: &str, alias: bool) -> Message<'static> {
    let branch = ep.layer().new_branch();
    let tag = ep.layer().new_tag();
    let via = format!(
        "SIP/2.0/TLS {sent_by};branch={branch}{}",
        if alias { ";alias" } else { "" }
    );
    MessageBuilder::request("MESSAGE", "sip:someone@127.0.0.1")
        .raw_header("Via", &via)
        .max_forwards(70)
        .from(None, "sip:someone@127.0.0.1", &tag)
        .to(None, "sip:other@127.0.0.1", None)
        .call_id(&format!("{branch}@127.0.0.1"))
        .cseq(1, "MESSAGE")
        .body("hello")
        .build()
        .unwrap()
}

/// What one endpoint saw while both ran.
#[derive(Default, Debug)]
struct Seen {
    aliases: Vec<AliasEvent>,
    /// The peer each request came from.
    requests: Vec<Peer>,
    /// Final statuses of this side's client transactions.
    statuses: Vec<u16>,
}

/// Runs both endpoints, each answering every request with 200, until each has `want`
/// responses to its own requests (alice, bob) or five seconds pass.
async fn run(alice: &mut SipEndpoint, bob: &mut SipEndpoint, want: (usize, usize)) -> (Seen, Seen) {
    let (mut a, mut b) = (Seen::default(), Seen::default());
    let deadline = tokio::time::sleep(Duration::from_secs(5));
    tokio::pin!(deadline);
    fn take(ep: &mut SipEndpoint, seen: &mut Seen, e: SipEvent) {
        match e {
            SipEvent::Alias(a) => seen.aliases.push(a),
            SipEvent::Transaction(Event::Request { id, request, peer }) => {
                seen.requests.push(peer);
                let tag = ep.layer().new_tag();
                let ok = MessageBuilder::response_to(&request, 200, "OK", Some(&tag))
                    .build()
                    .unwrap();
                ep.respond(id, ok).unwrap();
            }
            SipEvent::Transaction(Event::Response { response, .. }) => {
                if let Some(s) = response.status().filter(|s| *s >= 200) {
                    seen.statuses.push(s);
                }
            }
            _ => {}
        }
    }
    while a.statuses.len() < want.0 || b.statuses.len() < want.1 {
        tokio::select! {
            e = alice.next_event() => take(alice, &mut a, e.unwrap()),
            e = bob.next_event() => take(bob, &mut b, e.unwrap()),
            () = &mut deadline => panic!("timed out: alice {a:?}, bob {b:?}"),
        }
    }
    // Let the last responses leave.
    for _ in 0..2 {
        let _ = tokio::time::timeout(Duration::from_millis(50), alice.next_event()).await;
        let _ = tokio::time::timeout(Duration::from_millis(50), bob.next_event()).await;
    }
    (a, b)
}

fn tls_addr(ep: &SipEndpoint) -> SocketAddr {
    ep.local_addr(Transport::Tls).unwrap()
}

/// Alice sends one request with `sent_by` in her Via, then Bob sends one to Alice's listening
/// address; what both saw, and how many connections Bob has.
async fn exchange(
    pki: &Pki,
    alice_client_cert: Option<&[&str]>,
    sent_by: impl Fn(SocketAddr) -> String,
    alias: bool,
) -> (Seen, Seen, usize, SipEndpoint, SipEndpoint) {
    let mut alice = pki
        .endpoint(1, &["alice.test", "127.0.0.1"], alice_client_cert)
        .await;
    let mut bob = pki.endpoint(2, &["bob.test", "127.0.0.1"], None).await;
    let bob_at = Peer::new(Transport::Tls, tls_addr(&bob));
    let via = sent_by(tls_addr(&alice));
    let req = message(&mut alice, &via, alias);
    alice.send_request(req, bob_at).unwrap();
    let (a1, b1) = run(&mut alice, &mut bob, (1, 0)).await;
    let alice_at = Peer::new(Transport::Tls, tls_addr(&alice));
    let via = tls_addr(&bob).to_string();
    let req = message(&mut bob, &via, false);
    bob.send_request(req, alice_at).unwrap();
    let (a2, b2) = run(&mut alice, &mut bob, (0, 1)).await;
    let joined = |mut x: Seen, y: Seen| {
        x.aliases.extend(y.aliases);
        x.requests.extend(y.requests);
        x.statuses.extend(y.statuses);
        x
    };
    let connections = bob.connections();
    (joined(a1, a2), joined(b1, b2), connections, alice, bob)
}

#[tokio::test]
async fn an_aliased_connection_carries_requests_back() {
    let pki = Pki::new();
    let (alice_seen, bob_seen, connections, alice, mut bob) = exchange(
        &pki,
        Some(&["alice.test", "127.0.0.1"]),
        |at| at.to_string(),
        true,
    )
    .await;
    let alice_port = tls_addr(&alice).port();
    assert_eq!(bob_seen.aliases.len(), 1, "{bob_seen:?}");
    let event = &bob_seen.aliases[0];
    assert!(event.accepted, "{event:?}");
    assert_eq!((event.host.as_str(), event.port), ("127.0.0.1", alice_port));
    assert_eq!(bob.aliased("127.0.0.1", alice_port), Some(event.connection));
    // Bob's request reached Alice from Bob's listening address: over the connection Alice
    // opened, not a new one from an ephemeral port.
    assert_eq!(
        alice_seen.requests,
        [Peer::new(Transport::Tls, tls_addr(&bob))]
    );
    assert_eq!(alice_seen.statuses, [200]);
    assert_eq!(bob_seen.statuses, [200]);
    assert_eq!(connections, 1);
    // The alias lives as long as the connection.
    drop(alice);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while bob.aliased("127.0.0.1", alice_port).is_some() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "alias outlived its connection"
        );
        let _ = tokio::time::timeout(Duration::from_millis(50), bob.next_event()).await;
    }
    assert_eq!(bob.connections(), 0);
}

#[tokio::test]
async fn a_named_sent_by_is_aliased_by_its_name() {
    let pki = Pki::new();
    let (_, bob_seen, _, alice, bob) = exchange(
        &pki,
        Some(&["alice.test"]),
        |at| format!("Alice.Test.:{}", at.port()),
        true,
    )
    .await;
    let port = tls_addr(&alice).port();
    assert!(bob_seen.aliases[0].accepted, "{bob_seen:?}");
    assert_eq!(bob_seen.aliases[0].host, "Alice.Test.");
    assert!(bob.aliased("alice.test", port).is_some());
    assert!(bob.aliased("ALICE.TEST.", port).is_some());
    assert_eq!(bob.aliased("alice.test", port + 1), None);
    // A name says nothing about the IP address: not aliased by it.
    assert_eq!(bob.aliased("127.0.0.1", port), None);
}

/// Every way the alias must be refused leaves Bob opening his own connection to Alice.
#[tokio::test]
async fn an_alias_the_certificate_does_not_vouch_for_is_refused() {
    let pki = Pki::new();
    type SentBy = fn(SocketAddr) -> String;
    let cases: [(&str, Option<&[&str]>, SentBy, bool); 4] = [
        ("no client certificate", None, |at| at.to_string(), true),
        (
            "certificate for another address",
            Some(&["alice.test", "127.0.0.2"]),
            |at| at.to_string(),
            true,
        ),
        (
            "certificate for another name",
            Some(&["mallory.test"]),
            |at| format!("alice.test:{}", at.port()),
            true,
        ),
        (
            "no alias asked",
            Some(&["127.0.0.1"]),
            |at| at.to_string(),
            false,
        ),
    ];
    for (case, cert, sent_by, alias) in cases {
        let (alice_seen, bob_seen, connections, alice, bob) =
            exchange(&pki, cert, sent_by, alias).await;
        let expected_events = usize::from(alias);
        assert_eq!(
            bob_seen.aliases.len(),
            expected_events,
            "{case}: {bob_seen:?}"
        );
        assert!(bob_seen.aliases.iter().all(|a| !a.accepted), "{case}");
        assert_eq!(
            bob.aliased("127.0.0.1", tls_addr(&alice).port()),
            None,
            "{case}"
        );
        assert_eq!(alice_seen.requests.len(), 1, "{case}");
        assert_ne!(
            alice_seen.requests[0].addr,
            tls_addr(&bob),
            "{case}: Bob's request came over Alice's connection"
        );
        assert_eq!(connections, 2, "{case}");
        assert_eq!(bob_seen.statuses, [200], "{case}");
    }
}

/// One connection carries at most `MAX_ALIASES_PER_CONNECTION` sent-bys; a repeated alias is
/// not reported again.
#[tokio::test]
async fn aliases_per_connection_are_bounded() {
    let pki = Pki::new();
    let names = [
        "a0.test", "a1.test", "a2.test", "a3.test", "a4.test", "a5.test",
    ];
    let mut alice = pki.endpoint(1, &["alice.test"], Some(&names)).await;
    let mut bob = pki.endpoint(2, &["bob.test", "127.0.0.1"], None).await;
    let bob_at = Peer::new(Transport::Tls, tls_addr(&bob));
    let mut events = Vec::new();
    for name in names.iter().chain(&names[..1]) {
        let req = message(&mut alice, &format!("{name}:5061"), true);
        alice.send_request(req, bob_at).unwrap();
        let (_, seen) = run(&mut alice, &mut bob, (1, 0)).await;
        events.extend(seen.aliases);
    }
    let accepted: Vec<bool> = events.iter().map(|e| e.accepted).collect();
    let max = rcs_driver::MAX_ALIASES_PER_CONNECTION;
    let mut expected = vec![true; max];
    expected.resize(names.len(), false);
    assert_eq!(accepted, expected, "{events:?}");
    assert!(bob.aliased("a0.test", 5061).is_some());
    assert_eq!(bob.aliased(names[max], 5061), None);
}
