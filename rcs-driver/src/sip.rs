//! The SIP transaction layer on UDP and TCP sockets.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use rcs_sip::{Framer, Message, ParseOptions};
use rcs_sip_engine::{
    Config, EngineError, Event, Output, Peer, TransactionId, TransactionLayer, Transport,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::sync::mpsc;

/// Where an endpoint listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listen {
    /// A UDP socket (also the one UDP requests are sent from).
    Udp(SocketAddr),
    /// A TCP listener; outgoing TCP connections are opened on demand.
    Tcp(SocketAddr),
}

impl core::str::FromStr for Listen {
    type Err = String;
    /// `udp:HOST:PORT` or `tcp:HOST:PORT`.
    fn from_str(s: &str) -> Result<Self, String> {
        let (proto, addr) = s
            .split_once(':')
            .ok_or_else(|| format!("{s:?}: want udp:HOST:PORT or tcp:HOST:PORT"))?;
        let addr: SocketAddr = addr
            .parse()
            .map_err(|e| format!("{s:?}: {e} (want udp:HOST:PORT or tcp:HOST:PORT)"))?;
        match proto.to_ascii_lowercase().as_str() {
            "udp" => Ok(Self::Udp(addr)),
            "tcp" => Ok(Self::Tcp(addr)),
            _ => Err(format!("{s:?}: transport {proto:?} is not udp or tcp")),
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
        }
    }
}

/// What the socket tasks hand the endpoint.
enum Inbound {
    Datagram(Peer, Bytes),
    Message(Peer, Message<'static>),
    /// A connection is up (accepted or connected), with its writer.
    Connected(SocketAddr, mpsc::Sender<Bytes>),
    Closed(SocketAddr),
    /// A framing error or an oversized message: the connection was closed.
    Broken(SocketAddr, rcs_sip::DecodeError),
}

/// A SIP endpoint: the transaction layer, its sockets and its timers, driven by
/// [`next_event`](Self::next_event). The transaction user's calls
/// ([`send_request`](Self::send_request), [`respond`](Self::respond), ...) take effect at
/// once in the engine; their bytes go out when `next_event` next runs.
#[derive(Debug)]
pub struct SipEndpoint {
    layer: TransactionLayer,
    config: EndpointConfig,
    udp: Vec<Arc<std::net::UdpSocket>>,
    local: Vec<(Transport, SocketAddr)>,
    inbound_tx: mpsc::Sender<Inbound>,
    inbound_rx: mpsc::Receiver<Inbound>,
    conns: HashMap<SocketAddr, mpsc::Sender<Bytes>>,
    events: VecDeque<Event>,
    /// Transport errors met while flushing, reported to the engine on the next turn.
    failed: Vec<TransactionId>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Inbound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Datagram(p, b) => write!(f, "Datagram({p}, {} bytes)", b.len()),
            Self::Message(p, _) => write!(f, "Message({p})"),
            Self::Connected(a, _) => write!(f, "Connected({a})"),
            Self::Closed(a) => write!(f, "Closed({a})"),
            Self::Broken(a, e) => write!(f, "Broken({a}, {e})"),
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
            layer: TransactionLayer::new(config.engine.clone()),
            config,
            udp: Vec::new(),
            local: Vec::new(),
            inbound_tx,
            inbound_rx,
            conns: HashMap::new(),
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
                Listen::Tcp(addr) => {
                    let listener = TcpListener::bind(addr).await?;
                    ep.local.push((Transport::Tcp, listener.local_addr()?));
                    ep.tasks.push(tokio::spawn(accept_tcp(
                        listener,
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
        &mut self.layer
    }

    /// TCP connections open now.
    pub fn connections(&self) -> usize {
        self.conns.len()
    }

    /// Sends a request through a new client transaction (see
    /// [`TransactionLayer::send_request`]).
    pub fn send_request(
        &mut self,
        request: Message<'static>,
        peer: Peer,
    ) -> Result<TransactionId, EngineError> {
        self.layer.send_request(Instant::now(), request, peer)
    }

    /// Answers a server transaction (see [`TransactionLayer::respond`]).
    pub fn respond(
        &mut self,
        id: TransactionId,
        response: Message<'static>,
    ) -> Result<(), EngineError> {
        self.layer.respond(Instant::now(), id, response)
    }

    /// CANCELs an INVITE client transaction (see [`TransactionLayer::cancel`]).
    pub fn cancel(&mut self, id: TransactionId) -> Result<Option<TransactionId>, EngineError> {
        self.layer.cancel(Instant::now(), id)
    }

    /// Sends a message outside any transaction (the ACK of a 2xx).
    pub fn send_stateless(&mut self, peer: Peer, message: &Message<'_>) {
        self.layer.send_stateless(peer, message);
    }

    /// Runs sockets and timers until the engine has an event; `None` only when every socket
    /// task has stopped.
    pub async fn next_event(&mut self) -> Option<Event> {
        loop {
            self.flush();
            if let Some(e) = self.events.pop_front() {
                return Some(e);
            }
            let deadline = self.layer.poll_timeout();
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
                () = sleep => self.layer.handle_timeout(Instant::now()),
            }
        }
    }

    fn take(&mut self, inbound: Inbound) {
        let now = Instant::now();
        match inbound {
            Inbound::Datagram(peer, bytes) => self.layer.handle_input(now, peer, bytes),
            Inbound::Message(peer, message) => self.layer.handle_message(now, peer, message),
            Inbound::Connected(addr, writer) => {
                if self.conns.len() >= self.config.max_connections {
                    // Dropping the writer closes the connection.
                    return;
                }
                self.conns.insert(addr, writer);
            }
            Inbound::Closed(addr) => {
                self.conns.remove(&addr);
            }
            Inbound::Broken(addr, error) => {
                self.conns.remove(&addr);
                self.events.push_back(Event::Dropped {
                    peer: Peer::new(Transport::Tcp, addr),
                    error: Some(error),
                });
            }
        }
    }

    /// Sends what the engine produced; queues its events.
    fn flush(&mut self) {
        loop {
            let now = Instant::now();
            for id in self.failed.drain(..) {
                self.layer.transport_error(now, id);
            }
            let Some(out) = self.layer.poll_output() else {
                break;
            };
            match out {
                Output::Event(e) => self.events.push_back(e),
                Output::Transmit(t) => {
                    let ok = match t.peer.transport {
                        Transport::Udp => self.send_udp(t.peer.addr, &t.bytes),
                        Transport::Tcp => self.send_tcp(t.peer.addr, t.bytes),
                        // TLS and WebSocket come with their transports.
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

    fn send_tcp(&mut self, to: SocketAddr, bytes: Bytes) -> bool {
        if let Some(writer) = self.conns.get(&to) {
            return match writer.try_send(bytes) {
                Ok(()) => true,
                Err(_) => {
                    self.conns.remove(&to);
                    false
                }
            };
        }
        if self.conns.len() >= self.config.max_connections {
            return false;
        }
        // Connect on demand: the writer queue exists at once, the connection follows.
        let (tx, rx) = mpsc::channel(self.config.max_queued_per_connection.max(1));
        if tx.try_send(bytes).is_err() {
            return false;
        }
        self.conns.insert(to, tx);
        self.tasks.push(tokio::spawn(connect_tcp(
            to,
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

async fn accept_tcp(
    listener: TcpListener,
    tx: mpsc::Sender<Inbound>,
    parse: ParseOptions,
    queue: usize,
) {
    loop {
        let Ok((stream, from)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let (wtx, wrx) = mpsc::channel(queue.max(1));
        if tx.send(Inbound::Connected(from, wtx)).await.is_err() {
            return;
        }
        tokio::spawn(run_connection(stream, from, wrx, tx.clone(), parse));
    }
}

async fn connect_tcp(
    to: SocketAddr,
    rx: mpsc::Receiver<Bytes>,
    tx: mpsc::Sender<Inbound>,
    parse: ParseOptions,
) {
    match TcpStream::connect(to).await {
        Ok(stream) => {
            let _ = stream.set_nodelay(true);
            run_connection(stream, to, rx, tx, parse).await;
        }
        Err(_) => {
            let _ = tx.send(Inbound::Closed(to)).await;
        }
    }
}

/// Reads framed messages and writes queued ones until either side ends.
async fn run_connection(
    stream: TcpStream,
    peer_addr: SocketAddr,
    mut rx: mpsc::Receiver<Bytes>,
    tx: mpsc::Sender<Inbound>,
    parse: ParseOptions,
) {
    let (mut reader, mut writer) = stream.into_split();
    let peer = Peer::new(Transport::Tcp, peer_addr);
    let (pong_tx, mut pong_rx) = mpsc::channel::<()>(4);
    let write = async move {
        loop {
            // RFC 5626 §4.4.1: a CRLFCRLF ping is answered with one CRLF.
            let bytes = tokio::select! {
                b = rx.recv() => match b {
                    Some(b) => b,
                    None => break,
                },
                Some(()) = pong_rx.recv() => Bytes::from_static(b"\r\n"),
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
    let outcome = tokio::select! {
        r = read => r,
        () = write => None,
    };
    let _ = tx
        .send(match outcome {
            Some(e) => Inbound::Broken(peer_addr, e),
            None => Inbound::Closed(peer_addr),
        })
        .await;
}
