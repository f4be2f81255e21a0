//! Gateway sessions on real loopback sockets: a listener with server sessions, a client
//! that submits through the window and gets its receipts, over TCP and TLS; a client that
//! reconnects when the server drops the link mid-window.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use rcs_driver::{
    ConnectOptions, GatewayClient, GatewayConnection, GatewayEvent, GatewayListener, GatewayTls,
};
use rcs_gateway_engine::rcs_fallback::gateway::cmpp::CmppVersion;
use rcs_gateway_engine::rcs_fallback::{SmsOptions, SmsPlan};
use rcs_gateway_engine::{
    Config, DeliveryState, Event, Protocol, ReceiptSpec, Server, SubmitAnswer,
};

mod common;
use common::TlsPair;

fn tls() -> TlsPair {
    common::make_tls("localhost")
}

/// An SMSC: accepts any login with the right secret, accepts every submit, sends a receipt
/// for each; drops the connection after `drop_after` submits if given.
async fn smsc(mut conn: GatewayConnection<Server>, drop_after: Option<usize>) {
    let mut seen = 0;
    while let Some(e) = conn.next_event().await {
        match e {
            Event::LoginRequest { .. } => {
                conn.engine()
                    .accept_login(std::time::Instant::now(), b"pw")
                    .unwrap();
            }
            Event::Submitted {
                request, message, ..
            } => {
                seen += 1;
                if drop_after == Some(seen) {
                    return; // the connection drops with the task
                }
                let now = std::time::Instant::now();
                let id = conn
                    .engine()
                    .respond_submit(now, request, SubmitAnswer::Accept)
                    .unwrap()
                    .unwrap();
                conn.engine()
                    .send_receipt(
                        now,
                        &ReceiptSpec {
                            id,
                            recipient: message.destinations[0].clone(),
                            originator: message.source.clone(),
                            state: DeliveryState::Delivered,
                            error: 0,
                            submitted_at: None,
                        },
                    )
                    .unwrap();
            }
            _ => {}
        }
    }
}

async fn run(protocol: Protocol, tls: Option<TlsPair>, messages: usize) {
    let acceptor = tls
        .as_ref()
        .map(|(s, _)| tokio_rustls::TlsAcceptor::from(s.clone()));
    let mut listener =
        GatewayListener::bind("127.0.0.1:0", Config::server(protocol, "smsc"), acceptor)
            .await
            .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            tokio::spawn(smsc(conn, None));
        }
    });
    let mut options = ConnectOptions::new(addr.to_string());
    options.tls = tls.map(|(_, c)| GatewayTls {
        config: c,
        server_name: "localhost".into(),
    });
    let mut config = Config::client(protocol, "900001", b"pw");
    config.limits.max_window = 8;
    let mut client = GatewayClient::connect(config, options).await.unwrap();
    let opts = SmsOptions {
        ucs2_only: true,
        ..SmsOptions::DEFAULT
    };
    let plan = SmsPlan::new("送达回执测试", &opts).unwrap();
    for i in 0..messages {
        client
            .client()
            .submit(std::time::Instant::now(), &format!("1380013{i:04}"), &plan)
            .unwrap();
    }
    let (mut accepted, mut delivered) = (0, 0);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while delivered < messages {
        let e = tokio::time::timeout_at(deadline, client.next_event())
            .await
            .expect("in time")
            .expect("running");
        match e {
            GatewayEvent::Session(Event::Accepted { .. }) => accepted += 1,
            GatewayEvent::Session(Event::Receipt(r)) => {
                assert!(r.message.is_some(), "{r:?}");
                delivered += usize::from(r.message_state == Some(DeliveryState::Delivered));
            }
            GatewayEvent::Session(Event::Closed(c)) => panic!("{protocol:?}: closed {c:?}"),
            _ => {}
        }
    }
    assert_eq!(accepted, messages);
    let seen = client.shutdown().await;
    assert!(
        seen.contains(&Event::Closed(rcs_gateway_engine::CloseReason::Unbound)),
        "{seen:?}"
    );
    assert!(client.next_event().await.is_none());
    assert_eq!(client.client().footprint(), Default::default());
}

#[tokio::test]
async fn smpp_over_tcp() {
    run(Protocol::Smpp, None, 200).await;
}

#[tokio::test]
async fn cmpp_over_tcp() {
    run(Protocol::Cmpp(CmppVersion::V30), None, 200).await;
}

#[tokio::test]
async fn smgp_over_tcp() {
    run(Protocol::Smgp, None, 50).await;
}

#[tokio::test]
async fn smpp_over_tls() {
    run(Protocol::Smpp, Some(tls()), 50).await;
}

#[tokio::test]
async fn a_dropped_link_is_reconnected_and_the_window_resent() {
    let mut listener =
        GatewayListener::bind("127.0.0.1:0", Config::server(Protocol::Smpp, "smsc"), None)
            .await
            .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        // The first connection drops at the third submit; the next ones behave.
        let (conn, _) = listener.accept().await.unwrap();
        tokio::spawn(smsc(conn, Some(3)));
        while let Ok((conn, _)) = listener.accept().await {
            tokio::spawn(smsc(conn, None));
        }
    });
    let mut options = ConnectOptions::new(addr.to_string());
    options.initial_backoff = Duration::from_millis(20);
    let mut client = GatewayClient::connect(Config::client(Protocol::Smpp, "esme", b"pw"), options)
        .await
        .unwrap();
    let plan = SmsPlan::new("again", &SmsOptions::default()).unwrap();
    for _ in 0..10 {
        client
            .client()
            .submit(std::time::Instant::now(), "13800138000", &plan)
            .unwrap();
    }
    let mut accepted = std::collections::HashSet::new();
    let mut connected = 0;
    while accepted.len() < 10 {
        match tokio::time::timeout(Duration::from_secs(10), client.next_event())
            .await
            .expect("in time")
            .expect("running")
        {
            GatewayEvent::Session(Event::Accepted { message, .. }) => {
                assert!(accepted.insert(message), "accepted twice");
            }
            GatewayEvent::Connected => connected += 1,
            _ => {}
        }
    }
    // The first connection and the one after the drop.
    assert_eq!(connected, 2);
    client.shutdown().await;
}
