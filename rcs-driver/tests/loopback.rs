//! Two endpoints on loopback: a MESSAGE over UDP, TCP, TLS, WebSocket and secure WebSocket reaches the other side once and
//! its 200 comes back; a CRLF ping gets a pong; a framing error closes the connection.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use rcs_driver::{EndpointConfig, Listen, SipEndpoint, SipEvent};
use rcs_sip::{Message, MessageBuilder};
use rcs_sip_engine::{Config, EndReason, Event, Peer, Transport};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod common;
use common::TlsPair;

/// One self-signed certificate for 127.0.0.1, shared by every endpoint of the tests.
fn tls() -> TlsPair {
    static PAIR: std::sync::OnceLock<TlsPair> = std::sync::OnceLock::new();
    PAIR.get_or_init(|| common::make_tls("127.0.0.1")).clone()
}

async fn endpoint(seed: u64) -> SipEndpoint {
    let listen = vec![
        Listen::Udp("127.0.0.1:0".parse().unwrap()),
        Listen::Tcp("127.0.0.1:0".parse().unwrap()),
        Listen::Tls("127.0.0.1:0".parse().unwrap()),
        Listen::Ws("127.0.0.1:0".parse().unwrap()),
        Listen::Wss("127.0.0.1:0".parse().unwrap()),
    ];
    let (server, client) = tls();
    let mut config = EndpointConfig::new(listen, Config::new(seed));
    config.tls_server = Some(server);
    config.tls_client = Some(client);
    SipEndpoint::bind(config).await.unwrap()
}

fn message(ep: &mut SipEndpoint, transport: Transport, body: &str) -> Message<'static> {
    let local = ep.local_addr(transport).unwrap();
    let branch = ep.layer().new_branch();
    let tag = ep.layer().new_tag();
    MessageBuilder::request("MESSAGE", "sip:bob@127.0.0.1")
        .via(
            transport.as_str(),
            &local.ip().to_string(),
            Some(local.port()),
            &branch,
            true,
        )
        .max_forwards(70)
        .from(None, "sip:alice@127.0.0.1", &tag)
        .to(None, "sip:bob@127.0.0.1", None)
        .call_id(&format!("{branch}@127.0.0.1"))
        .cseq(1, "MESSAGE")
        .content_type("text", "plain")
        .body(body)
        .build()
        .unwrap()
}

/// Runs `server` answering every request 200 until `client` sees its transaction end.
async fn exchange(transport: Transport) {
    let mut alice = endpoint(1).await;
    let mut bob = endpoint(2).await;
    let to = Peer::new(transport, bob.local_addr(transport).unwrap());
    let req = message(&mut alice, transport, "你好, Bob");
    let id = alice.send_request(req, to).unwrap();
    let server = tokio::spawn(async move {
        let mut got = Vec::new();
        while let Some(e) = bob.next_event().await {
            if let SipEvent::Transaction(Event::Request { id, request, .. }) = e {
                got.push(String::from_utf8(request.body().to_vec()).unwrap());
                let tag = bob.layer().new_tag();
                let ok = MessageBuilder::response_to(&request, 200, "OK", Some(&tag))
                    .build()
                    .unwrap();
                bob.respond(id, ok).unwrap();
                // Keep running so the 200 goes out and retransmissions are absorbed.
                let _ = tokio::time::timeout(Duration::from_millis(300), bob.next_event()).await;
                return got;
            }
        }
        got
    });
    let mut status = None;
    let deadline = tokio::time::sleep(Duration::from_secs(10));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            e = alice.next_event() => match e.unwrap() {
                SipEvent::Transaction(Event::Response { id: rid, response }) if rid == id => {
                    status = response.status();
                    if transport.is_reliable() { continue; }
                    break;
                }
                SipEvent::Transaction(Event::Ended { id: eid, reason }) if eid == id => {
                    assert_eq!(reason, EndReason::Completed);
                    break;
                }
                _ => {}
            },
            () = &mut deadline => panic!("no answer over {transport}"),
        }
    }
    assert_eq!(status, Some(200));
    assert_eq!(server.await.unwrap(), ["你好, Bob"]);
}

#[tokio::test]
async fn message_over_udp() {
    exchange(Transport::Udp).await;
}

#[tokio::test]
async fn message_over_tcp() {
    exchange(Transport::Tcp).await;
}

#[tokio::test]
async fn message_over_tls() {
    exchange(Transport::Tls).await;
}

#[tokio::test]
async fn message_over_websocket() {
    exchange(Transport::Ws).await;
}

#[tokio::test]
async fn message_over_secure_websocket() {
    exchange(Transport::Wss).await;
}

#[tokio::test]
async fn websocket_without_the_sip_subprotocol_is_refused() {
    let mut ep = endpoint(4).await;
    let addr = ep.local_addr(Transport::Ws).unwrap();
    tokio::spawn(async move { while ep.next_event().await.is_some() {} });
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let r = tokio_tungstenite::client_async(format!("ws://{addr}/"), tcp).await;
    assert!(r.is_err(), "no subprotocol, no WebSocket");
}

#[tokio::test]
async fn crlf_ping_gets_a_pong_and_garbage_closes_the_connection() {
    let mut ep = endpoint(3).await;
    let addr = ep.local_addr(Transport::Tcp).unwrap();
    let driver = tokio::spawn(async move {
        let mut seen = Vec::new();
        while let Ok(Some(e)) = tokio::time::timeout(Duration::from_secs(2), ep.next_event()).await
        {
            seen.push(format!("{e:?}"));
        }
        seen
    });
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(b"\r\n\r\n").await.unwrap();
    let mut pong = [0u8; 2];
    tokio::time::timeout(Duration::from_secs(2), s.read_exact(&mut pong))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&pong, b"\r\n");
    // A head with no Content-Length on a stream: framing is lost, the connection closes.
    s.write_all(b"OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\n\r\n")
        .await
        .unwrap();
    let mut rest = Vec::new();
    let n = tokio::time::timeout(Duration::from_secs(2), s.read_to_end(&mut rest))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(n, 0, "closed without an answer");
    let seen = driver.await.unwrap();
    assert!(
        seen.iter().any(|e| e.starts_with("Transaction(Dropped")),
        "{seen:?}"
    );
}

#[tokio::test]
async fn connections_it_opens_are_pinged_when_asked() {
    let server = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let to = Peer::new(Transport::Tcp, server.local_addr().unwrap());
    let mut config = EndpointConfig::new(
        vec![Listen::Udp("127.0.0.1:0".parse().unwrap())],
        Config::new(5),
    );
    config.keepalive = Some(Duration::from_millis(100));
    let mut ep = SipEndpoint::bind(config).await.unwrap();
    let req = message(&mut ep, Transport::Udp, "ping me");
    ep.send_request(req, to).unwrap();
    let driver = tokio::spawn(async move {
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while ep.next_event().await.is_some() {}
        })
        .await;
    });
    let (mut s, _) = server.accept().await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while !got.ends_with(b"\r\n\r\n\r\n\r\n") && tokio::time::Instant::now() < deadline {
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(500), s.read(&mut buf)).await
        {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
    }
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("MESSAGE "), "{text}");
    assert!(
        text.ends_with("ping me\r\n\r\n\r\n\r\n"),
        "two pings after the message: {text:?}"
    );
    driver.abort();
}

/// `close` writes what is queued on a connection before closing it: a peer reading to EOF
/// gets the whole request (a dropped endpoint would abort the connection with it unsent).
#[tokio::test]
async fn close_writes_queued_bytes_then_closes() {
    for _ in 0..20 {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let to = listener.local_addr().unwrap();
        let reader = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut got = Vec::new();
            s.read_to_end(&mut got).await.unwrap();
            got
        });
        let mut ep = endpoint(7).await;
        let body = "x".repeat(60_000);
        let m = message(&mut ep, Transport::Tcp, &body);
        let len = m.as_bytes().len();
        ep.send_request(m, Peer::new(Transport::Tcp, to)).unwrap();
        // No event loop turn: the request is still queued in the engine.
        ep.close(Duration::from_secs(5)).await;
        let got = tokio::time::timeout(Duration::from_secs(5), reader)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.len(), len);
        assert!(got.starts_with(b"MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\n"));
    }
}
