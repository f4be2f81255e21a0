//! SMS gateway sessions (SMPP, CMPP, SGIP, SMGP) on TCP or TLS: one connection per session,
//! the engine fed from a read half, its transmits written to the other, the next deadline
//! slept to. A client reconnects with backoff and keeps its queue across connections.

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::{Buf, BytesMut};
use rcs_gateway_engine::{
    Client, CloseReason, Config, Event, Output, Server, Session, SessionState,
};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// A byte stream a session runs on (TCP, TLS over TCP, or anything else).
pub trait GatewayStream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> GatewayStream for T {}

type BoxStream = Box<dyn GatewayStream>;

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// One session and the connection it runs on (none between reconnects).
pub struct GatewayConnection<E> {
    engine: E,
    io: Option<(ReadHalf<BoxStream>, WriteHalf<BoxStream>)>,
    out: BytesMut,
    events: VecDeque<Event>,
    /// The engine ended the link: write what is left, then close.
    closing: bool,
    rbuf: Vec<u8>,
    max_write_buffer: usize,
    /// One timer for the engine's next deadline, moved when that changes: a timer made per
    /// loop turn was a quarter of a busy client's time.
    timer: Pin<Box<tokio::time::Sleep>>,
    timer_at: Option<Instant>,
}

impl<E> core::fmt::Debug for GatewayConnection<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GatewayConnection")
            .field("attached", &self.io.is_some())
            .field("pending_write", &self.out.len())
            .finish_non_exhaustive()
    }
}

impl<E: Session> GatewayConnection<E> {
    /// A session with no connection yet.
    pub fn detached(engine: E) -> Self {
        Self {
            engine,
            io: None,
            out: BytesMut::new(),
            events: VecDeque::new(),
            closing: false,
            rbuf: vec![0; 64 << 10],
            max_write_buffer: 1 << 20,
            timer: Box::pin(tokio::time::sleep_until(Instant::now())),
            timer_at: None,
        }
    }

    /// A session on `stream`, started now.
    pub fn new(engine: E, stream: impl GatewayStream + 'static) -> Self {
        let mut c = Self::detached(engine);
        c.attach(stream);
        c
    }

    /// Runs the session on a (new) connection: the engine is started.
    pub fn attach(&mut self, stream: impl GatewayStream + 'static) {
        let now = Instant::now().into_std();
        // What the earlier connection left is reported first; a session still on it ends.
        self.drain_engine();
        if self.engine.state() != SessionState::Disconnected {
            self.engine.connection_lost(now);
            self.drain_engine();
        }
        let boxed: BoxStream = Box::new(stream);
        self.io = Some(tokio::io::split(boxed));
        self.out.clear();
        self.closing = false;
        // Disconnected now, so the start cannot be refused.
        let _ = self.engine.start(now, unix_now());
    }

    /// Whether a connection is attached.
    pub fn is_attached(&self) -> bool {
        self.io.is_some()
    }

    /// The engine, for its calls (submit, respond_submit, ...). Their transmits go out on
    /// the next [`next_event`](Self::next_event).
    pub fn engine(&mut self) -> &mut E {
        &mut self.engine
    }

    /// Octets waiting to be written (the driver stops reading past 1 MiB of them).
    pub fn pending_write(&self) -> usize {
        self.out.len()
    }

    fn drain_engine(&mut self) {
        while let Some(o) = self.engine.poll_output() {
            match o {
                Output::Transmit(b) => {
                    if self.io.is_some() {
                        self.out.extend_from_slice(&b);
                    }
                }
                Output::Event(e) => {
                    if let Event::Closed(reason) = &e {
                        if *reason == CloseReason::ConnectionLost {
                            self.io = None;
                            self.out.clear();
                        } else {
                            self.closing = true;
                        }
                    }
                    self.events.push_back(e);
                }
            }
        }
    }

    /// Runs the session until it has an event; `None` once the connection is closed and
    /// every event delivered (attach a new one to go on).
    pub async fn next_event(&mut self) -> Option<Event> {
        loop {
            self.drain_engine();
            if let Some(e) = self.events.pop_front() {
                return Some(e);
            }
            let (reader, writer) = self.io.as_mut()?;
            if self.closing && self.out.is_empty() {
                let _ = writer.shutdown().await;
                self.io = None;
                continue;
            }
            let deadline = self.engine.poll_timeout().map(Instant::from_std);
            if deadline != self.timer_at {
                if let Some(d) = deadline {
                    self.timer.as_mut().reset(d);
                }
                self.timer_at = deadline;
            }
            let has_timer = deadline.is_some();
            let can_read = !self.closing && self.out.len() < self.max_write_buffer;
            let has_out = !self.out.is_empty();
            tokio::select! {
                r = reader.read(&mut self.rbuf), if can_read => {
                    let now = Instant::now().into_std();
                    match r {
                        Ok(n) if n > 0 => self.engine.handle_input(now, &self.rbuf[..n]),
                        _ => self.engine.connection_lost(now),
                    }
                }
                w = writer.write(&self.out), if has_out => match w {
                    Ok(n) if n > 0 => self.out.advance(n),
                    _ => self.engine.connection_lost(Instant::now().into_std()),
                },
                () = self.timer.as_mut(), if has_timer => {
                    // Fired: the engine sets the next one.
                    self.timer_at = None;
                    self.engine.handle_timeout(Instant::now().into_std());
                }
            }
        }
    }

    /// Stop taking messages, drain the window, unbind; runs until the connection closes and
    /// returns the events seen meanwhile.
    pub async fn shutdown(&mut self) -> Vec<Event> {
        self.engine.shutdown(Instant::now().into_std());
        let mut seen = Vec::new();
        while let Some(e) = self.next_event().await {
            seen.push(e);
        }
        seen
    }

    /// The engine, once the connection is done with.
    pub fn into_engine(self) -> E {
        self.engine
    }
}

/// TLS for a gateway client: the rustls configuration and the name the certificate must
/// carry.
#[derive(Debug, Clone)]
pub struct GatewayTls {
    /// The client configuration (roots, versions).
    pub config: Arc<rustls::ClientConfig>,
    /// The server name checked against the certificate.
    pub server_name: String,
}

/// How a [`GatewayClient`] reaches its server and comes back after losing it.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// The server, `host:port`.
    pub address: String,
    /// TLS, if the link runs over it.
    pub tls: Option<GatewayTls>,
    /// The first pause before reconnecting; it doubles up to `max_backoff`. Default 1 s.
    pub initial_backoff: Duration,
    /// The longest pause. Default 60 s.
    pub max_backoff: Duration,
    /// Give up after this many failed connection attempts in a row; `None` never. Default
    /// `None`.
    pub max_attempts: Option<u32>,
    /// How long one connection attempt (TCP and TLS handshakes) may take. Default 10 s.
    pub connect_timeout: Duration,
}

impl ConnectOptions {
    /// Defaults for `address`.
    pub fn new(address: impl Into<String>) -> Self {
        Self {
            address: address.into(),
            tls: None,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            max_attempts: None,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

async fn open(options: &ConnectOptions) -> io::Result<BoxStream> {
    let connect = async {
        let tcp = TcpStream::connect(&options.address).await?;
        tcp.set_nodelay(true)?;
        Ok::<BoxStream, io::Error>(match &options.tls {
            None => Box::new(tcp),
            Some(tls) => {
                let name = rustls::pki_types::ServerName::try_from(tls.server_name.clone())
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
                let s = tokio_rustls::TlsConnector::from(tls.config.clone())
                    .connect(name, tcp)
                    .await?;
                Box::new(s)
            }
        })
    };
    tokio::time::timeout(options.connect_timeout, connect)
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "connect timed out"))?
}

/// What a [`GatewayClient`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GatewayEvent {
    /// The session's own events.
    Session(Event),
    /// A connection is up (the login follows).
    Connected,
    /// The link went down (or a connection attempt failed); the next attempt is in `delay`.
    Reconnecting {
        /// Attempts failed in a row so far.
        attempt: u32,
        /// The pause before the next.
        delay: Duration,
        /// Why.
        error: String,
    },
}

/// A gateway client that stays connected: it reconnects with backoff after a lost link, a
/// dead link or a protocol error (not after a refused login or its own unbind), and parts
/// that were on the wire go out again on the new link.
pub struct GatewayClient {
    conn: GatewayConnection<Client>,
    options: ConnectOptions,
    failures: u32,
    stopping: bool,
    stopped: bool,
    pending: VecDeque<GatewayEvent>,
}

impl core::fmt::Debug for GatewayClient {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GatewayClient")
            .field("address", &self.options.address)
            .field("conn", &self.conn)
            .finish_non_exhaustive()
    }
}

impl GatewayClient {
    /// Connects (retrying as `options` say) and starts the login.
    pub async fn connect(config: Config, options: ConnectOptions) -> io::Result<Self> {
        let mut c = Self {
            conn: GatewayConnection::detached(Client::new(config)),
            options,
            failures: 0,
            stopping: false,
            stopped: false,
            pending: VecDeque::new(),
        };
        c.reconnect().await?;
        c.pending.push_back(GatewayEvent::Connected);
        Ok(c)
    }

    async fn reconnect(&mut self) -> io::Result<()> {
        loop {
            match open(&self.options).await {
                Ok(s) => {
                    self.failures = 0;
                    self.conn.attach(s);
                    return Ok(());
                }
                Err(e) => {
                    self.failures += 1;
                    if self
                        .options
                        .max_attempts
                        .is_some_and(|m| self.failures >= m)
                    {
                        return Err(e);
                    }
                    let delay = self.delay();
                    self.pending.push_back(GatewayEvent::Reconnecting {
                        attempt: self.failures,
                        delay,
                        error: e.to_string(),
                    });
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    fn delay(&self) -> Duration {
        let shift = self.failures.saturating_sub(1).min(16);
        (self.options.initial_backoff * (1u32 << shift)).min(self.options.max_backoff)
    }

    /// The client engine, for `submit` and the rest.
    pub fn client(&mut self) -> &mut Client {
        self.conn.engine()
    }

    /// Runs the client until it has an event; `None` once it stopped (its own unbind, a
    /// refused login, or `max_attempts` failed connections).
    pub async fn next_event(&mut self) -> Option<GatewayEvent> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Some(e);
            }
            if self.stopped {
                return None;
            }
            match self.conn.next_event().await {
                Some(Event::Closed(reason)) => {
                    let again = !self.stopping
                        && !matches!(reason, CloseReason::Unbound | CloseReason::LoginRefused(_));
                    if !again {
                        self.stopped = true;
                    }
                    return Some(GatewayEvent::Session(Event::Closed(reason)));
                }
                Some(e) => return Some(GatewayEvent::Session(e)),
                None => {
                    // The connection is gone and its events delivered: come back.
                    self.failures += 1;
                    let delay = self.delay();
                    tokio::time::sleep(delay).await;
                    if self.reconnect().await.is_err() {
                        self.stopped = true;
                    } else {
                        self.pending.push_back(GatewayEvent::Connected);
                    }
                }
            }
        }
    }

    /// Stop taking messages, drain the window, unbind, close. Events seen meanwhile are
    /// returned.
    pub async fn shutdown(&mut self) -> Vec<Event> {
        self.stopping = true;
        if self.conn.engine().state() == SessionState::Disconnected {
            self.stopped = true;
            return Vec::new();
        }
        let seen = self.conn.shutdown().await;
        self.stopped = true;
        seen
    }
}

/// TLS for a gateway listener.
pub type GatewayTlsAcceptor = tokio_rustls::TlsAcceptor;

/// Accepts connections and gives each a [`Server`] session.
pub struct GatewayListener {
    listener: TcpListener,
    config: Config,
    tls: Option<GatewayTlsAcceptor>,
    next_node: u32,
}

impl core::fmt::Debug for GatewayListener {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GatewayListener")
            .field("local", &self.listener.local_addr().ok())
            .finish_non_exhaustive()
    }
}

impl GatewayListener {
    /// Listens on `address`; each connection gets a server session with `config` (its
    /// `node_id` counted up per connection, so engine-made message ids differ across them).
    pub async fn bind(
        address: &str,
        config: Config,
        tls: Option<GatewayTlsAcceptor>,
    ) -> io::Result<Self> {
        let listener = TcpListener::bind(address).await?;
        let next_node = config.node_id;
        Ok(Self {
            listener,
            config,
            tls,
            next_node,
        })
    }

    /// The address listened on.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The next connection, its server session started (waiting for the login).
    pub async fn accept(&mut self) -> io::Result<(GatewayConnection<Server>, SocketAddr)> {
        loop {
            let (tcp, peer) = self.listener.accept().await?;
            tcp.set_nodelay(true)?;
            let stream: BoxStream = match &self.tls {
                None => Box::new(tcp),
                Some(acceptor) => {
                    match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await
                    {
                        Ok(Ok(s)) => Box::new(s),
                        // A failed handshake costs that connection only.
                        _ => continue,
                    }
                }
            };
            let mut config = self.config.clone();
            config.node_id = self.next_node;
            self.next_node = self.next_node.wrapping_add(1);
            return Ok((GatewayConnection::new(Server::new(config), stream), peer));
        }
    }
}
