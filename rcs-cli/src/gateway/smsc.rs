//! `rcs smsc serve` and `rcs smsc send`: an SMSC / ISMG and a client on the gateway session
//! engine, for people who test SMS gateways.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rcs_driver::{
    ConnectOptions, GatewayClient, GatewayConnection, GatewayEvent, GatewayListener, GatewayTls,
};
use rcs_fallback::{SmsOptions, SmsPlan};
use rcs_gateway_engine::{
    CloseReason, Config, DeliveryState, Event, MessageId, Protocol, ReceiptSpec, SendError, Server,
    SmscMessageId, SubmitAnswer,
};
use serde_json::json;

use crate::term::{self, Exit};

/// `rcs smsc`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum SmscCommand {
    Serve(ServeOptions),
    Send(SendOptions),
}

/// `rcs smsc serve`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Run an SMSC (SMPP) or ISMG (CMPP, SGIP, SMGP) that answers submits and sends receipts",
    long_about = "Runs an SMSC (SMPP) or ISMG (CMPP 3.0 / 2.0, SGIP 1.2, SMGP 3.0): it accepts \
logins (only U with P when --user/--password are given; CMPP and SMGP authenticators are \
checked against P), answers every submit with a message id, and with --receipts sends a \
delivery receipt (DELIVRD) for each submit that asked for one. One JSON line per event on \
stdout. SGIP's REPORTs travel on a link the SMG opens to the SP: with --receipts and \
--report-to HOST:PORT, serve logs in there (login type 2) and sends them.",
    after_help = "Exit status: 0 stopped, 1 could not start, 2 usage error."
)]
pub(crate) struct ServeOptions {
    /// Where to listen
    #[arg(long, value_name = "HOST:PORT")]
    listen: String,
    /// The protocol: smpp, cmpp (3.0), cmpp2 (2.0), sgip, smgp
    #[arg(long, value_name = "PROTOCOL")]
    protocol: Protocol,
    /// Accept only this login
    #[arg(long, value_name = "U", requires = "password")]
    user: Option<String>,
    /// Its password (CMPP and SMGP authenticators are checked against it)
    #[arg(long, value_name = "P", requires = "user")]
    password: Option<String>,
    /// Send a delivery receipt for each submit that asks for one
    #[arg(long)]
    receipts: bool,
    /// Answer submits beyond N per second (over all connections) with the protocol's
    /// throttling status
    #[arg(long, value_name = "N/s", value_parser = per_second)]
    throttle: Option<u32>,
    /// Only listening and error events
    #[arg(long)]
    quiet: bool,
    /// Listen with TLS (--cert/--key, or a self-signed certificate made at start)
    #[arg(long)]
    tls: bool,
    /// The certificate chain (PEM)
    #[arg(long, value_name = "PEM", requires = "key", requires = "tls")]
    cert: Option<String>,
    /// Its private key (PEM)
    #[arg(long, value_name = "PEM", requires = "cert")]
    key: Option<String>,
    /// SGIP: where the SP listens for the SMG's REPORT link
    #[arg(long, value_name = "HOST:PORT")]
    report_to: Option<String>,
}

/// `rcs smsc send`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Submit a text through the gateway session engine and wait for its outcome",
    long_about = "Logs in, plans TEXT as SMS (encoding, parts; UCS-2 for CMPP/SGIP/SMGP unless \
ASCII), submits it --count times to --to through the session's window and rate limit, and \
waits for each message's acceptance and, with --receipts, its receipt (up to --wait-ms after \
the last acceptance). Prints one JSON line per message outcome and a summary with the rate, \
then unbinds. For SGIP receipts, --listen-reports HOST:PORT takes the SMG's link (its login \
checked against --user/--password).",
    after_help = "Exit status: 0 every message accepted (and delivered, with --receipts), 1 otherwise, 2 usage error, 4 no connection or no login."
)]
pub(crate) struct SendOptions {
    /// The SMSC / ISMG
    #[arg(long, value_name = "HOST:PORT")]
    connect: String,
    /// The protocol: smpp, cmpp (3.0), cmpp2 (2.0), sgip, smgp
    #[arg(long, value_name = "PROTOCOL")]
    protocol: Protocol,
    /// The login (SMPP system_id, CMPP Source_Addr, SGIP/SMGP login name)
    #[arg(long, value_name = "U")]
    user: String,
    /// Its password
    #[arg(long, value_name = "P")]
    password: String,
    /// The destination number
    #[arg(long, value_name = "NUMBER")]
    to: String,
    /// The source address
    #[arg(long, value_name = "ADDRESS")]
    from: Option<String>,
    /// The most submits outstanding
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    window: u32,
    /// How many times to submit TEXT
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    count: u32,
    /// At most N submits per second
    #[arg(long, value_name = "N/s", value_parser = per_second)]
    rate: Option<u32>,
    /// Ask for delivery receipts and wait for them
    #[arg(long)]
    receipts: bool,
    /// How long to wait for receipts after the last acceptance, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    wait_ms: u64,
    /// Connect with TLS (--ca or --insecure)
    #[arg(long)]
    tls: bool,
    /// The roots (PEM) the server's certificate is checked against
    #[arg(
        long,
        value_name = "PEM",
        requires = "tls",
        conflicts_with = "insecure"
    )]
    ca: Option<String>,
    /// Accept any server certificate (testing)
    #[arg(long, requires = "tls")]
    insecure: bool,
    /// SGIP: where to take the SMG's REPORT link
    #[arg(long, value_name = "HOST:PORT")]
    listen_reports: Option<String>,
    /// Only the summary and errors
    #[arg(long)]
    quiet: bool,
    /// The text; '-' reads stdin
    #[arg(value_name = "TEXT|-")]
    text: String,
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--quiet`: per-message lines are neither built nor printed.
fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

fn print(line: serde_json::Value) {
    if QUIET.load(std::sync::atomic::Ordering::Relaxed)
        && !matches!(
            line["event"].as_str(),
            Some("listening" | "error" | "summary")
        )
    {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn usage(e: &str) -> Exit {
    crate::usage_error(&["smsc", "send"], e)
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("rcs smsc: no runtime: {e}"))
}

/// `rcs smsc ...`: the exit status.
pub(crate) fn run(command: SmscCommand) -> Exit {
    let (serve, parsed) = match command {
        SmscCommand::Serve(o) => (
            true,
            Args {
                address: o.listen,
                protocol: Some(o.protocol),
                user: o.user,
                password: o.password,
                receipts: o.receipts,
                throttle: o.throttle,
                quiet: o.quiet,
                tls: o.tls,
                cert: o.cert,
                key: o.key,
                reports: o.report_to,
                ..Args::default()
            },
        ),
        SmscCommand::Send(o) => (
            false,
            Args {
                address: o.connect,
                protocol: Some(o.protocol),
                user: Some(o.user),
                password: Some(o.password),
                receipts: o.receipts,
                quiet: o.quiet,
                tls: o.tls,
                ca: o.ca,
                insecure: o.insecure,
                to: Some(o.to),
                from: o.from,
                window: o.window as usize,
                count: o.count as usize,
                rate: o.rate,
                wait: Duration::from_millis(o.wait_ms),
                text: Some(o.text),
                reports: o.listen_reports,
                ..Args::default()
            },
        ),
    };
    if parsed.reports.is_some() && parsed.protocol != Some(Protocol::Sgip) {
        let (path, flag) = if serve {
            ("serve", "--report-to")
        } else {
            ("send", "--listen-reports")
        };
        return crate::usage_error(&["smsc", path], format!("{flag} is for SGIP"));
    }
    QUIET.store(parsed.quiet, std::sync::atomic::Ordering::Relaxed);
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    if serve {
        rt.block_on(serve_main(parsed))
    } else {
        rt.block_on(send_main(parsed))
    }
}

#[derive(Debug, Default)]
struct Args {
    address: String,
    protocol: Option<Protocol>,
    user: Option<String>,
    password: Option<String>,
    receipts: bool,
    throttle: Option<u32>,
    quiet: bool,
    tls: bool,
    cert: Option<String>,
    key: Option<String>,
    ca: Option<String>,
    insecure: bool,
    to: Option<String>,
    from: Option<String>,
    window: usize,
    count: usize,
    rate: Option<u32>,
    wait: Duration,
    text: Option<String>,
    /// SGIP: where the SMG reaches the SP with REPORTs (serve: connect there; send: listen).
    reports: Option<String>,
}

/// `N` or `N/s`, N > 0.
fn per_second(v: &str) -> Result<u32, String> {
    v.strip_suffix("/s")
        .unwrap_or(v)
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| "a positive number per second (N or N/s)".to_owned())
}

/// Submits over the throttle rate, counted over all connections.
#[derive(Debug)]
struct Throttle {
    per_second: u32,
    window_start: Instant,
    taken: u32,
}

impl Throttle {
    fn admit(&mut self, now: Instant) -> bool {
        if now.duration_since(self.window_start) >= Duration::from_secs(1) {
            self.window_start = now;
            self.taken = 0;
        }
        self.taken += 1;
        self.taken <= self.per_second
    }
}

fn id_text(id: &SmscMessageId) -> String {
    id.to_string()
}

async fn serve_main(a: Args) -> Exit {
    let Some(protocol) = a.protocol else {
        return Exit::Usage;
    };
    let tls = if a.tls {
        match crate::sip::ua::server_tls(
            a.cert.as_deref(),
            a.key.as_deref(),
            vec!["localhost".into(), "127.0.0.1".into()],
        ) {
            Ok(c) => Some(tokio_rustls::TlsAcceptor::from(c)),
            Err(e) => {
                print(json!({"event": "error", "error": e}));
                return Exit::Failed;
            }
        }
    } else {
        None
    };
    let mut config = Config::server(protocol, "rcs-smsc");
    config.node_id = 1;
    // A test SMSC keeps up with fast clients: a generous unanswered bound, a wide window
    // for its own delivers.
    config.limits.max_window = 256;
    let mut listener = match GatewayListener::bind(&a.address, config, tls).await {
        Ok(l) => l,
        Err(e) => {
            print(json!({"event": "error", "error": format!("listen {}: {e}", a.address)}));
            return Exit::Failed;
        }
    };
    let local = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    print(json!({"event": "listening", "address": local, "protocol": protocol.name()}));
    let reports = match (protocol, a.receipts, a.reports.clone()) {
        (Protocol::Sgip, true, Some(to)) => Some(sgip_reporter(
            to,
            a.user.clone().unwrap_or_else(|| "smg".into()),
            a.password.clone().unwrap_or_default(),
        )),
        (Protocol::Sgip, true, None) => {
            term::warning(
                "SGIP REPORTs travel on the SMG's own link to the SP: give --report-to HOST:PORT",
            );
            None
        }
        _ => None,
    };
    let throttle = a.throttle.map(|n| {
        Arc::new(Mutex::new(Throttle {
            per_second: n,
            window_start: Instant::now(),
            taken: 0,
        }))
    });
    let shared = Arc::new(ServeShared {
        user: a.user,
        password: a.password.map(String::into_bytes),
        receipts: a.receipts && protocol != Protocol::Sgip,
        throttle,
        reports,
    });
    loop {
        match listener.accept().await {
            Ok((conn, peer)) => {
                print(json!({"event": "connected", "peer": peer.to_string()}));
                tokio::spawn(serve_connection(conn, peer.to_string(), shared.clone()));
            }
            Err(e) => print(json!({"event": "error", "error": format!("accept: {e}")})),
        }
    }
}

#[derive(Debug)]
struct ServeShared {
    user: Option<String>,
    password: Option<Vec<u8>>,
    receipts: bool,
    throttle: Option<Arc<Mutex<Throttle>>>,
    /// SGIP: receipts go to the task that holds the link to the SP.
    reports: Option<tokio::sync::mpsc::Sender<ReceiptSpec>>,
}

/// SGIP's SMG-to-SP link: logs in to the SP (login type 2) when the first REPORT is due and
/// sends every receipt given, reconnecting when the link goes.
fn sgip_reporter(
    to: String,
    user: String,
    password: String,
) -> tokio::sync::mpsc::Sender<ReceiptSpec> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<ReceiptSpec>(4096);
    tokio::spawn(async move {
        let mut conn: Option<GatewayConnection<Server>> = None;
        while let Some(spec) = rx.recv().await {
            if conn.as_ref().is_none_or(|c| !c.is_attached()) {
                let mut config = Config::server(Protocol::Sgip, "rcs-smg");
                config.login = rcs_gateway_engine::Login::Initiate {
                    system_id: user.clone(),
                    password: password.clone().into_bytes(),
                    system_type: String::new(),
                };
                config.mode = rcs_gateway_engine::BindMode::Receiver;
                config.limits.max_window = 256;
                match tokio::net::TcpStream::connect(&to).await {
                    Ok(tcp) => {
                        let _ = tcp.set_nodelay(true);
                        conn = Some(GatewayConnection::new(Server::new(config), tcp));
                    }
                    Err(e) => {
                        print(json!({"event": "error", "error": format!("report link {to}: {e}")}));
                        continue;
                    }
                }
            }
            let Some(c) = conn.as_mut() else { continue };
            if let Err(e) = c.engine().send_receipt(Instant::now(), &spec) {
                print(json!({"event": "error", "error": format!("report: {e}")}));
            }
            // Run the link until the queue is empty and nothing new is due.
            loop {
                let more = tokio::select! {
                    e = c.next_event() => e,
                    next = rx.recv() => {
                        match next {
                            Some(spec) => {
                                if let Err(e) = c.engine().send_receipt(Instant::now(), &spec) {
                                    print(json!({"event": "error", "error": format!("report: {e}")}));
                                }
                                continue;
                            }
                            None => return,
                        }
                    }
                };
                match more {
                    Some(Event::Closed(r)) => {
                        print(json!({"event": "report_link_closed", "reason": reason_text(&r)}));
                    }
                    Some(Event::Bound { .. }) => {
                        print(json!({"event": "report_link_bound", "to": to}))
                    }
                    Some(Event::Refused { status, .. }) => {
                        print(json!({"event": "report_refused", "status": status}));
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        }
    });
    tx
}

fn reason_text(r: &CloseReason) -> String {
    match r {
        CloseReason::Unbound => "unbound".into(),
        CloseReason::UnboundByPeer => "unbound by peer".into(),
        CloseReason::LoginRefused(s) => format!("login refused (status {s})"),
        CloseReason::LoginRejected(s) => format!("login rejected (status {s})"),
        CloseReason::LoginTimeout => "login timeout".into(),
        CloseReason::LinkDead => "link dead".into(),
        CloseReason::ProtocolError(e) => format!("protocol error: {e}"),
        CloseReason::ConnectionLost => "connection lost".into(),
        other => format!("{other:?}"),
    }
}

async fn serve_connection(
    mut conn: GatewayConnection<Server>,
    peer: String,
    shared: Arc<ServeShared>,
) {
    while let Some(event) = conn.next_event().await {
        let now = Instant::now();
        match event {
            Event::LoginRequest {
                system_id,
                mode,
                version,
            } => {
                let secret = shared.password.clone().unwrap_or_default();
                let accepted = match &shared.user {
                    Some(u) if *u != system_id => {
                        let _ = conn.engine().refuse_login(now, None);
                        false
                    }
                    Some(_) => conn.engine().accept_login(now, &secret).unwrap_or(false),
                    None => conn.engine().accept_login_unchecked(now, &secret).is_ok(),
                };
                print(
                    json!({"event": "login", "peer": peer, "system_id": system_id,
                    "mode": mode.name(), "version": version, "accepted": accepted}),
                );
            }
            Event::Submitted {
                request, message, ..
            } => {
                let admitted = shared
                    .throttle
                    .as_ref()
                    .is_none_or(|t| t.lock().map(|mut t| t.admit(now)).unwrap_or(true));
                let answer = if admitted {
                    SubmitAnswer::Accept
                } else {
                    SubmitAnswer::Throttle
                };
                let id = match conn.engine().respond_submit(now, request, answer) {
                    Ok(id) => id,
                    Err(e) => {
                        print(json!({"event": "error", "peer": peer, "error": e.to_string()}));
                        continue;
                    }
                };
                if !quiet() {
                    print(
                        json!({"event": "submit", "peer": peer, "source": message.source,
                    "destinations": message.destinations, "text": message.text,
                    "receipt": message.receipt_requested,
                    "id": id.as_ref().map(id_text), "throttled": !admitted}),
                    );
                }
                let wanted =
                    message.receipt_requested && (shared.receipts || shared.reports.is_some());
                if let (Some(id), true) = (id, wanted) {
                    let spec = ReceiptSpec {
                        id,
                        recipient: message.destinations.first().cloned().unwrap_or_default(),
                        originator: message.source.clone(),
                        state: DeliveryState::Delivered,
                        error: 0,
                        submitted_at: None,
                    };
                    if let Some(reports) = &shared.reports {
                        let _ = reports.try_send(spec);
                    } else if let Err(e) = conn.engine().send_receipt(now, &spec) {
                        print(
                            json!({"event": "error", "peer": peer, "error": format!("receipt: {e}")}),
                        );
                    }
                }
            }
            Event::Bound { mode, peer: who } => {
                print(
                    json!({"event": "bound", "peer": peer, "system_id": who, "mode": mode.name()}),
                );
            }
            Event::Closed(r) => {
                print(json!({"event": "closed", "peer": peer, "reason": reason_text(&r)}));
            }
            Event::Malformed { command_id, error } => {
                print(
                    json!({"event": "malformed", "peer": peer, "command_id": command_id, "error": error.to_string()}),
                );
            }
            Event::Ignored { command_id, reason } => {
                print(
                    json!({"event": "ignored", "peer": peer, "command_id": command_id, "reason": reason}),
                );
            }
            Event::Refused {
                message, status, ..
            } => {
                print(
                    json!({"event": "deliver_refused", "peer": peer, "message": message.0, "status": status}),
                );
            }
            Event::Expired { message, .. } => {
                print(json!({"event": "deliver_expired", "peer": peer, "message": message.0}));
            }
            _ => {}
        }
    }
}

/// SGIP: takes the SMG's links (login type 2, checked against the SP's credentials) and
/// forwards every REPORT to the submitting client.
async fn report_listener(
    listener: tokio::net::TcpListener,
    user: String,
    password: String,
    to: tokio::sync::mpsc::Sender<rcs_gateway_engine::Receipt>,
) {
    while let Ok((tcp, peer)) = listener.accept().await {
        let _ = tcp.set_nodelay(true);
        let mut config = Config::client(Protocol::Sgip, &user, password.as_bytes());
        config.login = rcs_gateway_engine::Login::Accept;
        config.mode = rcs_gateway_engine::BindMode::Receiver;
        config.system_id = user.clone();
        let mut conn = GatewayConnection::new(rcs_gateway_engine::Client::new(config), tcp);
        let to = to.clone();
        let (user, password) = (user.clone(), password.clone());
        tokio::spawn(async move {
            while let Some(e) = conn.next_event().await {
                match e {
                    Event::LoginRequest { system_id, .. } => {
                        let now = Instant::now();
                        // The SMG logs in with the SP's account or its own name: the
                        // password is what it must know.
                        let ok = conn
                            .engine()
                            .accept_login(now, password.as_bytes())
                            .unwrap_or(false);
                        print(
                            json!({"event": "report_link", "peer": peer.to_string(), "system_id": system_id, "accepted": ok, "user": user}),
                        );
                    }
                    Event::Receipt(r) => {
                        // The client is gone: nobody to give receipts to.
                        let sent = to.send(r).await;
                        if sent.is_err() {
                            return;
                        }
                    }
                    _ => {}
                }
            }
        });
    }
}

/// What became of one submitted message.
#[derive(Debug, Default)]
struct Outcome {
    accepted: bool,
    failed: bool,
    state: Option<DeliveryState>,
}

async fn send_main(a: Args) -> Exit {
    let (Some(protocol), Some(user), Some(password), Some(to), Some(text)) = (
        a.protocol,
        a.user.clone(),
        a.password.clone(),
        a.to.clone(),
        a.text.clone(),
    ) else {
        return Exit::Usage;
    };
    let text = if text == "-" {
        let mut s = String::new();
        if std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).is_err() {
            return usage("stdin is not UTF-8 text");
        }
        s
    } else {
        text
    };
    let options = SmsOptions {
        // The Chinese gateways carry ASCII or UCS-2.
        ucs2_only: protocol != Protocol::Smpp && !text.is_ascii(),
        ..SmsOptions::DEFAULT
    };
    let plan = match SmsPlan::new(&text, &options) {
        Ok(p) => p,
        Err(e) => return usage(&format!("TEXT: {e}")),
    };
    let mut config = Config::client(protocol, &user, password.as_bytes());
    config.limits.max_window = a.window;
    config.limits.max_queued_parts = (a.window * 4).max(1024);
    config.max_rate = a.rate;
    config.receipts = a.receipts;
    let mut connect = ConnectOptions::new(a.address.clone());
    connect.max_attempts = Some(1);
    if a.tls {
        match crate::sip::ua::client_tls(a.ca.as_deref(), a.insecure) {
            Ok(c) => {
                let host = a
                    .address
                    .rsplit_once(':')
                    .map_or(a.address.as_str(), |(h, _)| h);
                connect.tls = Some(GatewayTls {
                    config: c,
                    server_name: host
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_owned(),
                });
            }
            Err(e) => return usage(&e),
        }
    }
    // SGIP: the SMG brings receipts on its own link to us.
    let (report_tx, mut report_rx) =
        tokio::sync::mpsc::channel::<rcs_gateway_engine::Receipt>(4096);
    let has_reports = protocol == Protocol::Sgip && a.receipts;
    if has_reports {
        let Some(at) = a.reports.clone() else {
            return usage(
                "SGIP receipts come on the SMG's own link: give --listen-reports HOST:PORT",
            );
        };
        match tokio::net::TcpListener::bind(&at).await {
            Ok(l) => {
                print(
                    json!({"event": "listening_reports", "address": l.local_addr().map(|a| a.to_string()).unwrap_or_default()}),
                );
                tokio::spawn(report_listener(
                    l,
                    user.clone(),
                    password.clone(),
                    report_tx,
                ));
            }
            Err(e) => {
                print(json!({"event": "error", "error": format!("listen {at}: {e}")}));
                return Exit::Failed;
            }
        }
    } else {
        drop(report_tx);
    }
    let mut client = match GatewayClient::connect(config, connect).await {
        Ok(c) => c,
        Err(e) => {
            print(json!({"event": "error", "error": format!("connect {}: {e}", a.address)}));
            return Exit::NoAnswer;
        }
    };
    let mut outcomes: HashMap<MessageId, Outcome> = HashMap::new();
    let mut submitted = 0usize;
    let mut resolved = 0usize;
    let mut finished = 0usize;
    let mut bound = false;
    let started = Instant::now();
    let mut last_accept = started;
    let mut deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let timer = tokio::time::sleep_until(deadline);
    tokio::pin!(timer);
    let mut armed = deadline;
    let mut code = Exit::Ok;
    'run: loop {
        // Fill the queue as far as it takes.
        while submitted < a.count {
            let from = a.from.as_deref();
            match client.client().submit_with(
                Instant::now(),
                rcs_gateway_engine::Submission {
                    to: &to,
                    from,
                    plan: &plan,
                    receipt: Some(a.receipts),
                },
            ) {
                Ok(m) => {
                    outcomes.insert(m, Outcome::default());
                    submitted += 1;
                }
                Err(SendError::Busy) => break,
                Err(e) => {
                    print(json!({"event": "error", "error": e.to_string()}));
                    code = Exit::Failed;
                    break 'run;
                }
            }
        }
        let done = resolved == a.count && (!a.receipts || finished >= a.count);
        if done {
            break;
        }
        if deadline < armed {
            timer.as_mut().reset(deadline);
            armed = deadline;
        }
        let next = tokio::select! {
            e = client.next_event() => Ok(e),
            Some(r) = report_rx.recv(), if has_reports => {
                Ok(Some(GatewayEvent::Session(Event::Receipt(client.client().match_receipt(r)))))
            }
            // One timer, checked when it fires: moving it on every event cost more than the
            // events (the deadline itself moves with each acceptance).
            () = timer.as_mut() => {
                if tokio::time::Instant::now() < deadline {
                    timer.as_mut().reset(deadline);
                    armed = deadline;
                    continue;
                }
                Err(())
            }
        };
        let event = match next {
            Ok(Some(e)) => e,
            Ok(None) => {
                code = if bound { Exit::Failed } else { Exit::NoAnswer };
                break;
            }
            Err(_) => {
                print(
                    json!({"event": "error", "error": if bound { "timed out waiting for outcomes" } else { "no login in time" }}),
                );
                code = if bound { Exit::Failed } else { Exit::NoAnswer };
                break;
            }
        };
        match event {
            GatewayEvent::Session(Event::Bound { peer, mode }) => {
                bound = true;
                deadline = tokio::time::Instant::now() + a.wait.max(Duration::from_secs(30));
                print(json!({"event": "bound", "peer": peer, "mode": mode.name()}));
            }
            GatewayEvent::Session(Event::Accepted { message, ids }) => {
                if let Some(o) = outcomes.get_mut(&message) {
                    o.accepted = true;
                }
                resolved += 1;
                last_accept = Instant::now();
                deadline = tokio::time::Instant::now() + a.wait;
                if !quiet() {
                    print(
                        json!({"event": "accepted", "message": message.0, "ids": ids.iter().map(id_text).collect::<Vec<_>>()}),
                    );
                }
            }
            GatewayEvent::Session(Event::Refused {
                message,
                part,
                status,
            }) => {
                if let Some(o) = outcomes.get_mut(&message) {
                    o.failed = true;
                }
                resolved += 1;
                finished += 1;
                print(
                    json!({"event": "refused", "message": message.0, "part": part, "status": status}),
                );
            }
            GatewayEvent::Session(Event::Expired { message, part }) => {
                if let Some(o) = outcomes.get_mut(&message) {
                    o.failed = true;
                }
                resolved += 1;
                finished += 1;
                print(json!({"event": "expired", "message": message.0, "part": part}));
            }
            GatewayEvent::Session(Event::Receipt(r)) => {
                if let (Some(m), Some(state)) = (r.message, r.message_state)
                    && let Some(o) = outcomes.get_mut(&m)
                {
                    o.state = Some(state);
                    finished += 1;
                }
                if !quiet() {
                    print(
                        json!({"event": "receipt", "message": r.message.map(|m| m.0), "part": r.part,
                    "id": id_text(&r.id), "state": r.state.stat(), "stat": r.stat, "error": r.error,
                    "message_state": r.message_state.map(DeliveryState::stat)}),
                    );
                }
            }
            GatewayEvent::Session(Event::Inbound(m)) => {
                print(
                    json!({"event": "inbound", "source": m.source, "destinations": m.destinations, "text": m.text}),
                );
            }
            GatewayEvent::Session(Event::Closed(r)) => {
                print(json!({"event": "closed", "reason": reason_text(&r)}));
                if matches!(r, CloseReason::LoginRefused(_)) {
                    code = Exit::NoAnswer;
                    break;
                }
            }
            GatewayEvent::Reconnecting {
                attempt,
                delay,
                error,
            } => {
                print(
                    json!({"event": "reconnecting", "attempt": attempt, "delay_ms": delay.as_millis() as u64, "error": error}),
                );
            }
            _ => {}
        }
    }
    let seconds = last_accept.duration_since(started).as_secs_f64();
    let accepted = outcomes.values().filter(|o| o.accepted).count();
    let delivered = outcomes
        .values()
        .filter(|o| o.state == Some(DeliveryState::Delivered))
        .count();
    let failed = outcomes.values().filter(|o| o.failed).count();
    if code == Exit::Ok && (accepted < a.count || (a.receipts && delivered < a.count)) {
        code = Exit::Failed;
    }
    print(
        json!({"event": "summary", "messages": a.count, "parts_per_message": plan.segments(),
        "encoding": plan.encoding().name(), "accepted": accepted, "failed": failed,
        "delivered": if a.receipts { Some(delivered) } else { None },
        "seconds": seconds, "rate": if seconds > 0.0 { accepted as f64 / seconds } else { 0.0 }}),
    );
    if bound {
        for e in client.shutdown().await {
            if let Event::Closed(r) = e {
                print(json!({"event": "closed", "reason": reason_text(&r)}));
            }
        }
    }
    code
}
