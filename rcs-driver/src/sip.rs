//! The SIP transaction layer on UDP and TCP sockets.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use rcs_sip::{Framer, Message, ParseOptions};
use rcs_sip_engine::{
    Config, DialogEvent, EngineError, Event, Peer, TransactionId, TransactionLayer, Transport,
    UaOutput, UserAgent,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::sync::mpsc;

use rustls::pki_types::{CertificateDer, ServerName};

/// Where an endpoint listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listen {
    /// A UDP socket (also the one UDP requests are sent from).
    Udp(SocketAddr),
    /// A TCP listener; outgoing TCP connections are opened on demand.
    Tcp(SocketAddr),
    /// A TLS listener (needs [`EndpointConfig::tls_server`]).
    Tls(SocketAddr),
    /// A WebSocket listener (RFC 7118, subprotocol `sip`).
    Ws(SocketAddr),
    /// A secure WebSocket listener (WebSocket over TLS; needs [`EndpointConfig::tls_server`]).
    Wss(SocketAddr),
}

impl Listen {
    /// The transport and address.
    pub fn peer(self) -> Peer {
        match self {
            Self::Udp(a) => Peer::new(Transport::Udp, a),
            Self::Tcp(a) => Peer::new(Transport::Tcp, a),
            Self::Tls(a) => Peer::new(Transport::Tls, a),
            Self::Ws(a) => Peer::new(Transport::Ws, a),
            Self::Wss(a) => Peer::new(Transport::Wss, a),
        }
    }
}

impl core::str::FromStr for Listen {
    type Err = String;
    /// `udp:HOST:PORT`, `tcp:HOST:PORT`, `tls:HOST:PORT`, `ws:HOST:PORT` or `wss:HOST:PORT`.
    fn from_str(s: &str) -> Result<Self, String> {
        const WANT: &str = "want udp:, tcp:, tls:, ws: or wss: then HOST:PORT";
        let (proto, addr) = s.split_once(':').ok_or_else(|| format!("{s:?}: {WANT}"))?;
        let addr: SocketAddr = addr.parse().map_err(|e| format!("{s:?}: {e} ({WANT})"))?;
        match proto.to_ascii_lowercase().as_str() {
            "udp" => Ok(Self::Udp(addr)),
            "tcp" => Ok(Self::Tcp(addr)),
            "tls" => Ok(Self::Tls(addr)),
            "ws" => Ok(Self::Ws(addr)),
            "wss" => Ok(Self::Wss(addr)),
            _ => Err(format!("{s:?}: transport {proto:?}: {WANT}")),
        }
    }
}

/// How an endpoint runs.
#[derive(Debug, Clone)]
pub struct EndpointConfig {
    /// Where to listen (at least one).
    pub listen: Vec<Listen>,
    /// The transaction layer's configuration (timers, table limit, parse limits, seed).
    pub engine: Config,
    /// TCP connections open at once, accepted and opened together; one more is refused
    /// (accepted and closed; an outgoing send fails as a transport error). Default 1,024.
    pub max_connections: usize,
    /// Messages queued for one connection's writer; a send beyond it is a transport error
    /// (a peer that does not read cannot hold the endpoint's memory). Default 256.
    pub max_queued_per_connection: usize,
    /// Received messages queued for the endpoint from all sockets; UDP datagrams beyond it
    /// are dropped (the sender retransmits), TCP readers wait. Default 4,096.
    pub max_queued_inbound: usize,
    /// The certificate and key TLS listeners present.
    pub tls_server: Option<Arc<rustls::ServerConfig>>,
    /// How outgoing TLS connections verify the server (roots, or the caller's verifier).
    pub tls_client: Option<Arc<rustls::ClientConfig>>,
    /// The name outgoing TLS connections verify the certificate against; by default the IP
    /// address dialled.
    pub tls_server_name: Option<String>,
    /// RFC 5626 §4.4.1: a CRLFCRLF ping this often on each TCP or TLS connection this endpoint
    /// opened (the server answers with a CRLF pong), keeping NAT bindings and the registration
    /// flow alive. Off by default; 95 s is the RFC's suggestion for TCP.
    pub keepalive: Option<std::time::Duration>,
}

impl EndpointConfig {
    /// Defaults, listening where asked.
    pub fn new(listen: Vec<Listen>, engine: Config) -> Self {
        Self {
            listen,
            engine,
            max_connections: 1024,
            max_queued_per_connection: 256,
            max_queued_inbound: 4096,
            tls_server: None,
            tls_client: None,
            tls_server_name: None,
            keepalive: None,
        }
    }
}

/// What the socket tasks hand the endpoint.
enum Inbound {
    Datagram(Peer, Bytes),
    Message(Peer, Message<'static>),
    /// A connection is up (accepted or connected), with its writer and, for an accepted TLS
    /// connection, the certificate the client presented (verified by `tls_server`'s verifier).
    Connected(Peer, mpsc::Sender<Bytes>, Option<CertificateDer<'static>>),
    Closed(Peer),
    /// A framing error or an oversized message: the connection was closed.
    Broken(Peer, rcs_sip::DecodeError),
}

/// What an endpoint reports: the transaction layer's events (requests inside dialogs already
/// checked by the user agent core) and its dialogs' events.
#[derive(Debug)]
#[non_exhaustive]
pub enum SipEvent {
    /// A transaction event.
    Transaction(Event),
    /// A dialog was made, confirmed or ended.
    Dialog(DialogEvent),
    /// A request over an accepted TLS connection asked for RFC 5923 connection reuse (`alias`
    /// in its topmost Via); whether the connection now carries requests for its sent-by.
    Alias(AliasEvent),
}

/// The outcome of an RFC 5923 `alias` request (see [`SipEndpoint::aliased`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasEvent {
    /// The connection the request came over.
    pub connection: Peer,
    /// The sent-by host of the topmost Via, as sent.
    pub host: String,
    /// The sent-by port (5061 when the Via has none).
    pub port: u16,
    /// Whether the alias was taken. It is refused when the client presented no certificate,
    /// when its certificate is not valid for the host (a DNS name or IP address subjectAltName),
    /// when the Via's transport is not TLS, and past [`MAX_ALIASES_PER_CONNECTION`].
    pub accepted: bool,
}

/// Sent-by names one connection may be aliased to (RFC 5923 §6: each needs the certificate to
/// vouch for it); more are refused, so the alias table stays within a small multiple of
/// [`EndpointConfig::max_connections`].
pub const MAX_ALIASES_PER_CONNECTION: usize = 4;

/// An open connection: its writer, the client certificate of an accepted TLS connection, and
/// the sent-bys aliased to it.
#[derive(Debug)]
struct Connection {
    writer: mpsc::Sender<Bytes>,
    certificate: Option<CertificateDer<'static>>,
    aliases: Vec<AliasKey>,
}

/// A sent-by aliased to a connection: lowercase host (IPv6 without brackets) and port.
type AliasKey = (String, u16);

/// A SIP endpoint: the user agent core and transaction layer, its sockets and its timers, driven by
/// [`next_event`](Self::next_event). The transaction user's calls
/// ([`send_request`](Self::send_request), [`respond`](Self::respond), ...) take effect at
/// once in the engine; their bytes go out when `next_event` next runs.
#[derive(Debug)]
pub struct SipEndpoint {
    ua: UserAgent,
    config: EndpointConfig,
    udp: Vec<Arc<std::net::UdpSocket>>,
    local: Vec<(Transport, SocketAddr)>,
    inbound_tx: mpsc::Sender<Inbound>,
    inbound_rx: mpsc::Receiver<Inbound>,
    conns: HashMap<Peer, Connection>,
    /// RFC 5923 aliases: a sent-by (host, port) to the accepted TLS connection that carries
    /// requests for it.
    aliases: HashMap<AliasKey, Peer>,
    events: VecDeque<SipEvent>,
    /// Transport errors met while flushing, reported to the engine on the next turn.
    failed: Vec<TransactionId>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Inbound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Datagram(p, b) => write!(f, "Datagram({p}, {} bytes)", b.len()),
            Self::Message(p, _) => write!(f, "Message({p})"),
            Self::Connected(p, _, c) => write!(f, "Connected({p}, certificate: {})", c.is_some()),
            Self::Closed(p) => write!(f, "Closed({p})"),
            Self::Broken(p, e) => write!(f, "Broken({p}, {e})"),
        }
    }
}

impl SipEndpoint {
    /// Binds every listener and starts reading.
    pub async fn bind(config: EndpointConfig) -> io::Result<Self> {
        if config.listen.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "nothing to listen on",
            ));
        }
        let (inbound_tx, inbound_rx) = mpsc::channel(config.max_queued_inbound.max(1));
        let mut ep = Self {
            ua: UserAgent::new(config.engine.clone()),
            config,
            udp: Vec::new(),
            local: Vec::new(),
            inbound_tx,
            inbound_rx,
            conns: HashMap::new(),
            aliases: HashMap::new(),
            events: VecDeque::new(),
            failed: Vec::new(),
            tasks: Vec::new(),
        };
        for listen in ep.config.listen.clone() {
            match listen {
                Listen::Udp(addr) => {
                    // Sends go through a std handle of the same socket: tokio's `try_send_to`
                    // says WouldBlock until the reactor has seen the socket writable, which
                    // would lose the first datagram of a new endpoint.
                    let send = std::net::UdpSocket::bind(addr)?;
                    send.set_nonblocking(true)?;
                    let recv = UdpSocket::from_std(send.try_clone()?)?;
                    let local = send.local_addr()?;
                    ep.local.push((Transport::Udp, local));
                    let limit = ep.config.engine.parse.limits().max_message_size;
                    ep.tasks.push(tokio::spawn(read_udp(
                        Arc::new(recv),
                        ep.inbound_tx.clone(),
                        limit,
                    )));
                    ep.udp.push(Arc::new(send));
                }
                Listen::Tcp(addr) | Listen::Tls(addr) | Listen::Ws(addr) | Listen::Wss(addr) => {
                    let transport = listen.peer().transport;
                    let tls = match listen {
                        Listen::Tls(_) | Listen::Wss(_) => Some(tokio_rustls::TlsAcceptor::from(
                            ep.config.tls_server.clone().ok_or_else(|| {
                                io::Error::new(
                                    io::ErrorKind::InvalidInput,
                                    "a TLS listener needs tls_server",
                                )
                            })?,
                        )),
                        _ => None,
                    };
                    let listener = TcpListener::bind(addr).await?;
                    ep.local.push((transport, listener.local_addr()?));
                    ep.tasks.push(tokio::spawn(accept_streams(
                        listener,
                        transport,
                        tls,
                        ep.inbound_tx.clone(),
                        ep.config.engine.parse,
                        ep.config.max_queued_per_connection,
                    )));
                }
            }
        }
        Ok(ep)
    }

    /// The addresses bound, by transport (a port 0 listener shows the port it got).
    pub fn local_addrs(&self) -> &[(Transport, SocketAddr)] {
        &self.local
    }

    /// The first address bound for `transport`.
    pub fn local_addr(&self, transport: Transport) -> Option<SocketAddr> {
        self.local
            .iter()
            .find(|(t, _)| *t == transport)
            .map(|(_, a)| *a)
    }

    /// The transaction layer (for `new_branch`, `new_tag`, `state`, `footprint`).
    pub fn layer(&mut self) -> &mut TransactionLayer {
        self.ua.layer()
    }

    /// The user agent core (its dialogs, and requests inside them).
    pub fn ua(&mut self) -> &mut UserAgent {
        &mut self.ua
    }

    /// TCP connections open now.
    pub fn connections(&self) -> usize {
        self.conns.len()
    }

    /// The accepted TLS connection aliased to `host:port` by RFC 5923, if any: send requests
    /// for that sent-by to this peer instead of opening a connection. A request to a
    /// [`Peer`] whose address is an aliased IP sent-by takes the connection by itself.
    pub fn aliased(&self, host: &str, port: u16) -> Option<Peer> {
        self.aliases.get(&alias_key(host, port)).copied()
    }

    /// Sends a request through a new client transaction (see [`UserAgent::send_request`]).
    pub fn send_request(
        &mut self,
        request: Message<'static>,
        peer: Peer,
    ) -> Result<TransactionId, EngineError> {
        self.ua.send_request(Instant::now(), request, peer)
    }

    /// Answers a server transaction (see [`UserAgent::respond`]).
    pub fn respond(
        &mut self,
        id: TransactionId,
        response: Message<'static>,
    ) -> Result<(), EngineError> {
        self.ua.respond(Instant::now(), id, response)
    }

    /// CANCELs an INVITE client transaction (see [`TransactionLayer::cancel`]).
    pub fn cancel(&mut self, id: TransactionId) -> Result<Option<TransactionId>, EngineError> {
        self.ua.layer().cancel(Instant::now(), id)
    }

    /// Sends a message outside any transaction.
    pub fn send_stateless(&mut self, peer: Peer, message: &Message<'_>) {
        self.ua.layer().send_stateless(peer, message);
    }

    /// Sends what is queued, then closes every connection once the bytes queued on it are
    /// written (its FIN after the last), waiting for them up to `grace`. Dropping an endpoint
    /// instead aborts its connections at once, queued bytes unsent: a client that has just
    /// ACKed a final response over TCP closes, not drops. Datagrams went out when queued.
    pub async fn close(mut self, grace: std::time::Duration) {
        self.flush();
        let mut open = self.conns.len();
        // A connection's writer ends, and its task reports it, when its sender is gone.
        self.conns.clear();
        let deadline = tokio::time::Instant::now() + grace;
        while open > 0 {
            match tokio::time::timeout_at(deadline, self.inbound_rx.recv()).await {
                Ok(Some(Inbound::Closed(_) | Inbound::Broken(..))) => open -= 1,
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
    }

    /// Runs sockets and timers until the engine has an event; `None` only when every socket
    /// task has stopped.
    pub async fn next_event(&mut self) -> Option<SipEvent> {
        loop {
            self.flush();
            if let Some(e) = self.events.pop_front() {
                return Some(e);
            }
            let deadline = self.ua.poll_timeout();
            let sleep = async {
                match deadline {
                    Some(at) => tokio::time::sleep_until(at.into()).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                inbound = self.inbound_rx.recv() => {
                    let inbound = inbound?;
                    self.take(inbound);
                    // Take what else is queued before flushing: one pass per burst.
                    for _ in 0..64 {
                        match self.inbound_rx.try_recv() {
                            Ok(i) => self.take(i),
                            Err(_) => break,
                        }
                    }
                }
                () = sleep => self.ua.handle_timeout(Instant::now()),
            }
        }
    }

    fn take(&mut self, inbound: Inbound) {
        let now = Instant::now();
        match inbound {
            Inbound::Datagram(peer, bytes) => self.ua.handle_input(now, peer, bytes),
            Inbound::Message(peer, message) => {
                if peer.transport == Transport::Tls && message.is_request() {
                    self.note_alias(peer, &message);
                }
                self.ua.handle_message(now, peer, message);
            }
            Inbound::Connected(peer, writer, certificate) => {
                if self.conns.len() >= self.config.max_connections {
                    // Dropping the writer closes the connection.
                    return;
                }
                self.drop_connection(peer);
                self.conns.insert(
                    peer,
                    Connection {
                        writer,
                        certificate,
                        aliases: Vec::new(),
                    },
                );
            }
            Inbound::Closed(peer) => {
                self.drop_connection(peer);
            }
            Inbound::Broken(peer, error) => {
                self.drop_connection(peer);
                self.events.push_back(SipEvent::Transaction(Event::Dropped {
                    peer,
                    error: Some(error),
                }));
            }
        }
    }

    /// Forgets a connection and the aliases that led to it.
    fn drop_connection(&mut self, peer: Peer) {
        if let Some(conn) = self.conns.remove(&peer) {
            for key in conn.aliases {
                if self.aliases.get(&key) == Some(&peer) {
                    self.aliases.remove(&key);
                }
            }
        }
    }

    /// RFC 5923 §6: a request whose topmost Via carries `alias`, over a TLS connection this
    /// endpoint accepted, makes the connection carry requests for the Via's sent-by — when the
    /// client's certificate, verified in the handshake, is valid for the sent-by host.
    fn note_alias(&mut self, peer: Peer, request: &Message<'_>) {
        let Some(Ok(via)) = request.first::<rcs_sip::Via<'_>>(rcs_sip::KnownHeader::Via) else {
            return;
        };
        if !via.alias() {
            return;
        }
        let Some(conn) = self.conns.get_mut(&peer) else {
            return;
        };
        let host = via.host();
        let port = via.port().unwrap_or(5061);
        let name = match host {
            rcs_sip::Host::Domain(d) => d.trim_end_matches('.').to_ascii_lowercase(),
            other => other.ip().map_or_else(String::new, |ip| ip.to_string()),
        };
        let key = alias_key(&name, port);
        let known = conn.aliases.contains(&key);
        let accepted = known
            || (via.transport().eq_ignore_ascii_case("TLS")
                && conn.aliases.len() < MAX_ALIASES_PER_CONNECTION
                && conn
                    .certificate
                    .as_ref()
                    .is_some_and(|c| certificate_names(c, &name)));
        if accepted && !known {
            conn.aliases.push(key.clone());
            // A newer authenticated connection for the same sent-by replaces the older one.
            if let Some(old) = self.aliases.insert(key.clone(), peer)
                && old != peer
                && let Some(c) = self.conns.get_mut(&old)
            {
                c.aliases.retain(|k| *k != key);
            }
        }
        if !known {
            self.events.push_back(SipEvent::Alias(AliasEvent {
                connection: peer,
                host: host.to_string(),
                port,
                accepted,
            }));
        }
    }

    /// Sends what the engine produced; queues its events.
    fn flush(&mut self) {
        loop {
            let now = Instant::now();
            for id in self.failed.drain(..) {
                self.ua.layer().transport_error(now, id);
            }
            let Some(out) = self.ua.poll_output() else {
                break;
            };
            match out {
                UaOutput::Event(e) => self.events.push_back(SipEvent::Transaction(e)),
                UaOutput::Dialog(d) => self.events.push_back(SipEvent::Dialog(d)),
                UaOutput::Transmit(t) => {
                    let ok = match t.peer.transport {
                        Transport::Udp => self.send_udp(t.peer.addr, &t.bytes),
                        Transport::Tcp | Transport::Tls | Transport::Ws | Transport::Wss => {
                            self.send_stream(t.peer, t.bytes)
                        }
                        _ => false,
                    };
                    if !ok && let Some(id) = t.transaction {
                        self.failed.push(id);
                    }
                }
            }
        }
    }

    fn send_udp(&self, to: SocketAddr, bytes: &[u8]) -> bool {
        let socket = self
            .udp
            .iter()
            .find(|s| s.local_addr().is_ok_and(|a| a.is_ipv4() == to.is_ipv4()))
            .or(self.udp.first());
        let Some(socket) = socket else {
            return false;
        };
        match socket.send_to(bytes, to) {
            Ok(_) => true,
            // A full socket buffer loses the datagram like the network would; the
            // transaction retransmits.
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => true,
            Err(_) => false,
        }
    }

    fn send_stream(&mut self, to: Peer, bytes: Bytes) -> bool {
        // A connection to `to`, or one an IP sent-by `to` was aliased to (RFC 5923).
        let via = if self.conns.contains_key(&to) {
            Some(to)
        } else if to.transport == Transport::Tls {
            self.aliases
                .get(&alias_key(&to.addr.ip().to_string(), to.addr.port()))
                .copied()
        } else {
            None
        };
        if let Some(via) = via
            && let Some(conn) = self.conns.get(&via)
        {
            return match conn.writer.try_send(bytes) {
                Ok(()) => true,
                Err(_) => {
                    self.drop_connection(via);
                    false
                }
            };
        }
        if self.conns.len() >= self.config.max_connections {
            return false;
        }
        let tls = match to.transport {
            Transport::Tls | Transport::Wss => {
                let Some(client) = self.config.tls_client.clone() else {
                    return false;
                };
                let name = self
                    .config
                    .tls_server_name
                    .clone()
                    .unwrap_or_else(|| to.addr.ip().to_string());
                let Ok(name) = rustls::pki_types::ServerName::try_from(name) else {
                    return false;
                };
                Some((tokio_rustls::TlsConnector::from(client), name))
            }
            _ => None,
        };
        // Connect on demand: the writer queue exists at once, the connection follows.
        let (tx, rx) = mpsc::channel(self.config.max_queued_per_connection.max(1));
        if tx.try_send(bytes).is_err() {
            return false;
        }
        self.conns.insert(
            to,
            Connection {
                writer: tx,
                certificate: None,
                aliases: Vec::new(),
            },
        );
        self.tasks.push(tokio::spawn(connect_stream(
            self.config.keepalive,
            to,
            tls,
            rx,
            self.inbound_tx.clone(),
            self.config.engine.parse,
        )));
        true
    }
}

impl Drop for SipEndpoint {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

async fn read_udp(socket: Arc<UdpSocket>, tx: mpsc::Sender<Inbound>, max: usize) {
    // One datagram at most 64 KiB; larger than the limit is dropped by the parser.
    let mut buf = vec![0u8; 65_535.min(max.saturating_add(1)).max(1500)];
    loop {
        let Ok((n, from)) = socket.recv_from(&mut buf).await else {
            continue;
        };
        let peer = Peer::new(Transport::Udp, from);
        // A full queue drops the datagram: the sender retransmits.
        let _ = tx.try_send(Inbound::Datagram(peer, Bytes::copy_from_slice(&buf[..n])));
    }
}

async fn accept_streams(
    listener: TcpListener,
    transport: Transport,
    tls: Option<tokio_rustls::TlsAcceptor>,
    tx: mpsc::Sender<Inbound>,
    parse: ParseOptions,
    queue: usize,
) {
    loop {
        let Ok((stream, from)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let peer = Peer::new(transport, from);
        let (tx, tls) = (tx.clone(), tls.clone());
        // The handshake runs in the connection's task: a slow client holds only itself.
        tokio::spawn(async move {
            let (wtx, wrx) = mpsc::channel(queue.max(1));
            match (transport, tls) {
                (Transport::Tls, Some(acceptor)) => {
                    let Ok(Ok(stream)) =
                        tokio::time::timeout(HANDSHAKE, acceptor.accept(stream)).await
                    else {
                        return;
                    };
                    // The end-entity certificate, present only when the server's verifier
                    // asked for one and accepted it: what an RFC 5923 alias must match.
                    let certificate = stream
                        .get_ref()
                        .1
                        .peer_certificates()
                        .and_then(<[_]>::first)
                        .map(|c| c.clone().into_owned());
                    if tx
                        .send(Inbound::Connected(peer, wtx, certificate))
                        .await
                        .is_ok()
                    {
                        run_stream(stream, peer, wrx, tx, parse, None).await;
                    }
                }
                (Transport::Ws, _) => {
                    let Some(ws) = ws_accept(stream, parse).await else {
                        return;
                    };
                    if tx.send(Inbound::Connected(peer, wtx, None)).await.is_ok() {
                        run_websocket(ws, peer, wrx, tx, parse).await;
                    }
                }
                (Transport::Wss, Some(acceptor)) => {
                    let Ok(Ok(stream)) =
                        tokio::time::timeout(HANDSHAKE, acceptor.accept(stream)).await
                    else {
                        return;
                    };
                    let Some(ws) = ws_accept(stream, parse).await else {
                        return;
                    };
                    if tx.send(Inbound::Connected(peer, wtx, None)).await.is_ok() {
                        run_websocket(ws, peer, wrx, tx, parse).await;
                    }
                }
                _ => {
                    if tx.send(Inbound::Connected(peer, wtx, None)).await.is_ok() {
                        run_stream(stream, peer, wrx, tx, parse, None).await;
                    }
                }
            }
        });
    }
}

/// WebSocket frames and messages no larger than a SIP message may be (tungstenite's own
/// defaults would buffer 64 MiB).
fn ws_config(parse: ParseOptions) -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
    let max = parse.limits().max_message_size;
    tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(max))
        .max_frame_size(Some(max))
}

/// How long a TLS or WebSocket handshake may take.
const HANDSHAKE: std::time::Duration = std::time::Duration::from_secs(10);

/// RFC 7118 §4.1: the client offers the `sip` subprotocol and the server accepts it.
#[allow(clippy::result_large_err)]
fn ws_subprotocol(
    request: &tokio_tungstenite::tungstenite::handshake::server::Request,
    mut response: tokio_tungstenite::tungstenite::handshake::server::Response,
) -> Result<
    tokio_tungstenite::tungstenite::handshake::server::Response,
    tokio_tungstenite::tungstenite::handshake::server::ErrorResponse,
> {
    let offered = request
        .headers()
        .get_all("Sec-WebSocket-Protocol")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim().eq_ignore_ascii_case("sip"));
    if !offered {
        let mut refusal = tokio_tungstenite::tungstenite::handshake::server::ErrorResponse::new(
            Some("the sip subprotocol is required (RFC 7118)".into()),
        );
        *refusal.status_mut() = tokio_tungstenite::tungstenite::http::StatusCode::BAD_REQUEST;
        return Err(refusal);
    }
    response.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        tokio_tungstenite::tungstenite::http::HeaderValue::from_static("sip"),
    );
    Ok(response)
}

async fn connect_stream(
    keepalive: Option<std::time::Duration>,
    to: Peer,
    tls: Option<(
        tokio_rustls::TlsConnector,
        rustls::pki_types::ServerName<'static>,
    )>,
    rx: mpsc::Receiver<Bytes>,
    tx: mpsc::Sender<Inbound>,
    parse: ParseOptions,
) {
    let connected = tokio::time::timeout(HANDSHAKE, TcpStream::connect(to.addr)).await;
    let Ok(Ok(stream)) = connected else {
        let _ = tx.send(Inbound::Closed(to)).await;
        return;
    };
    let _ = stream.set_nodelay(true);
    match (to.transport, tls) {
        (Transport::Tls, Some((connector, name))) => {
            match tokio::time::timeout(HANDSHAKE, connector.connect(name, stream)).await {
                Ok(Ok(s)) => run_stream(s, to, rx, tx, parse, keepalive).await,
                _ => {
                    let _ = tx.send(Inbound::Closed(to)).await;
                }
            }
        }
        (Transport::Ws, _) => match ws_connect(stream, to, parse).await {
            Some(ws) => run_websocket(ws, to, rx, tx, parse).await,
            None => {
                let _ = tx.send(Inbound::Closed(to)).await;
            }
        },
        (Transport::Wss, Some((connector, name))) => {
            let secured = tokio::time::timeout(HANDSHAKE, connector.connect(name, stream)).await;
            let ws = match secured {
                Ok(Ok(s)) => ws_connect(s, to, parse).await,
                _ => None,
            };
            match ws {
                Some(ws) => run_websocket(ws, to, rx, tx, parse).await,
                None => {
                    let _ = tx.send(Inbound::Closed(to)).await;
                }
            }
        }
        _ => run_stream(stream, to, rx, tx, parse, keepalive).await,
    }
}

/// The server side of the WebSocket handshake, `sip` subprotocol required, within the
/// handshake time.
async fn ws_accept<S>(
    stream: S,
    parse: ParseOptions,
) -> Option<tokio_tungstenite::WebSocketStream<S>>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let handshake = tokio_tungstenite::accept_hdr_async_with_config(
        stream,
        ws_subprotocol,
        Some(ws_config(parse)),
    );
    tokio::time::timeout(HANDSHAKE, handshake).await.ok()?.ok()
}

/// The client side of the WebSocket handshake to `to` (`ws://` or, over TLS, `wss://`),
/// offering the `sip` subprotocol.
async fn ws_connect<S>(
    stream: S,
    to: Peer,
    parse: ParseOptions,
) -> Option<tokio_tungstenite::WebSocketStream<S>>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let scheme = if to.transport == Transport::Wss {
        "wss"
    } else {
        "ws"
    };
    let mut req = format!("{scheme}://{}/", to.addr)
        .into_client_request()
        .ok()?;
    req.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        tokio_tungstenite::tungstenite::http::HeaderValue::from_static("sip"),
    );
    let handshake =
        tokio_tungstenite::client_async_with_config(req, stream, Some(ws_config(parse)));
    let (ws, _) = tokio::time::timeout(HANDSHAKE, handshake)
        .await
        .ok()?
        .ok()?;
    Some(ws)
}

/// Reads framed messages and writes queued ones until either side ends (TCP, TLS).
async fn run_stream<S>(
    stream: S,
    peer: Peer,
    mut rx: mpsc::Receiver<Bytes>,
    tx: mpsc::Sender<Inbound>,
    parse: ParseOptions,
    keepalive: Option<std::time::Duration>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + 'static,
{
    let (mut reader, mut writer) = tokio::io::split(stream);
    let (pong_tx, mut pong_rx) = mpsc::channel::<()>(4);
    let write = async move {
        let period = keepalive.unwrap_or(std::time::Duration::from_secs(3600));
        let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        loop {
            // RFC 5626 §4.4.1: a CRLFCRLF ping is answered with one CRLF; this side pings
            // the connections it opened when asked to.
            let bytes = tokio::select! {
                b = rx.recv() => match b {
                    Some(b) => b,
                    None => break,
                },
                Some(()) = pong_rx.recv() => Bytes::from_static(b"\r\n"),
                _ = ping.tick(), if keepalive.is_some() => Bytes::from_static(b"\r\n\r\n"),
            };
            if writer.write_all(&bytes).await.is_err() {
                break;
            }
        }
        let _ = writer.shutdown().await;
    };
    let read_tx = tx.clone();
    let read = async move {
        let mut framer = Framer::new(parse);
        let mut buf = BytesMut::with_capacity(8192);
        loop {
            match reader.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            loop {
                let before = framer.keepalives();
                let next = framer.decode(&mut buf);
                if framer.keepalives() >= before + 2 {
                    let _ = pong_tx.try_send(());
                }
                match next {
                    Ok(Some(m)) => {
                        if read_tx.send(Inbound::Message(peer, m)).await.is_err() {
                            return None;
                        }
                    }
                    Ok(None) => break,
                    Err(e) => return Some(e),
                }
            }
        }
    };
    finish(peer, tx, read, write).await;
}

/// One SIP message per WebSocket message (RFC 7118 §5), text when it is UTF-8.
async fn run_websocket<S>(
    ws: tokio_tungstenite::WebSocketStream<S>,
    peer: Peer,
    mut rx: mpsc::Receiver<Bytes>,
    tx: mpsc::Sender<Inbound>,
    parse: ParseOptions,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message as Ws;
    let (mut sink, mut stream) = ws.split();
    let write = async move {
        while let Some(b) = rx.recv().await {
            let frame = match std::str::from_utf8(&b) {
                Ok(text) => Ws::text(text),
                Err(_) => Ws::binary(b),
            };
            if sink.send(frame).await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    };
    let read_tx = tx.clone();
    let read = async move {
        while let Some(frame) = stream.next().await {
            let data: Bytes = match frame {
                Ok(Ws::Text(t)) => Bytes::from(t),
                Ok(Ws::Binary(b)) => b,
                Ok(Ws::Close(_)) | Err(_) => return None,
                Ok(_) => continue,
            };
            match Message::parse_bytes(data, &parse) {
                Ok(m) => {
                    if read_tx.send(Inbound::Message(peer, m)).await.is_err() {
                        return None;
                    }
                }
                // A frame is a message: one that does not parse is dropped, the
                // connection stays (unlike a stream, framing is not lost).
                Err(e) => {
                    let _ = read_tx.send(Inbound::Broken(peer, e)).await;
                }
            }
        }
        None
    };
    finish(peer, tx, read, write).await;
}

async fn finish(
    peer: Peer,
    tx: mpsc::Sender<Inbound>,
    read: impl std::future::Future<Output = Option<rcs_sip::DecodeError>>,
    write: impl std::future::Future<Output = ()>,
) {
    let outcome = tokio::select! {
        r = read => r,
        () = write => None,
    };
    let _ = tx
        .send(match outcome {
            Some(e) => Inbound::Broken(peer, e),
            None => Inbound::Closed(peer),
        })
        .await;
}

/// The alias table's key for a sent-by: host lowercased, a trailing dot dropped.
fn alias_key(host: &str, port: u16) -> AliasKey {
    (host.trim_end_matches('.').to_ascii_lowercase(), port)
}

/// Whether a verified client certificate is valid for `host` (a DNS name or an IP address, as
/// in its subjectAltName), by webpki's name check.
fn certificate_names(certificate: &CertificateDer<'_>, host: &str) -> bool {
    let Ok(cert) = webpki::EndEntityCert::try_from(certificate) else {
        return false;
    };
    let Ok(name) = ServerName::try_from(host) else {
        return false;
    };
    cert.verify_is_valid_for_subject_name(&name).is_ok()
}
