//! `rcs sip serve` and `rcs sip send`: a user agent on the SIP transaction engine, for people
//! who test SIP networks.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use rcs_driver::{EndpointConfig, Listen, SipEndpoint};
use rcs_sip::{Auth, KnownHeader, Message, MessageBuilder};
use rcs_sip_engine::{Config, EndReason, Event, Peer, TransactionId, Transport};
use serde_json::json;

use crate::term::{self, Exit};

/// `rcs sip`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum SipCommand {
    Serve(ServeOptions),
    Send(SendOptions),
}

/// `rcs sip serve`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Run a user agent that answers OPTIONS, MESSAGE and INVITE (one JSON line per event)",
    long_about = "Runs a user agent that answers OPTIONS with 200 and its capabilities (the RCS \
feature tags), MESSAGE with 200, an INVITE with 200 and an SDP answer to its MSRP offer (then \
ACK and BYE), CANCEL as RFC 3261 says, and anything else with 405. Retransmissions are \
answered from the transaction; a request is delivered once. One JSON line per event on \
stdout. A tls: or wss: listener presents --cert/--key, or a self-signed certificate made at \
start.",
    after_help = "Exit status: 0 stopped, 1 could not start, 2 usage error."
)]
pub(crate) struct ServeOptions {
    /// Where to listen: udp|tcp|tls|ws|wss:HOST:PORT (repeat for several)
    #[arg(long, value_name = "TRANSPORT:HOST:PORT", required = true)]
    listen: Vec<Listen>,
    /// Answer an INVITE 180 at once and 200 N ms later (time to CANCEL it)
    #[arg(long, value_name = "N")]
    ring_ms: Option<u64>,
    /// Only listening, registration and error events
    #[arg(long)]
    quiet: bool,
    /// The certificate chain (PEM) a tls:/wss: listener presents
    #[arg(long, value_name = "PEM", requires = "key")]
    cert: Option<String>,
    /// Its private key (PEM)
    #[arg(long, value_name = "PEM", requires = "cert")]
    key: Option<String>,
    /// Register AOR (sip:user@domain) at sip:domain through --proxy, answering a Digest
    /// challenge, and keep the binding refreshed
    #[arg(long, value_name = "AOR", requires = "proxy", value_parser = sip_aor)]
    register: Option<String>,
    /// The proxy to register through: udp|tcp|tls|ws|wss:HOST:PORT
    #[arg(long, value_name = "TRANSPORT:HOST:PORT", requires = "register")]
    proxy: Option<Listen>,
    /// The user name for Digest authentication
    #[arg(long, value_name = "U", requires = "password")]
    user: Option<String>,
    /// The password for Digest authentication
    #[arg(long, value_name = "P", requires = "user")]
    password: Option<String>,
    /// The roots (PEM) a TLS proxy's certificate is checked against
    #[arg(long, value_name = "PEM", conflicts_with = "insecure")]
    ca: Option<String>,
    /// Accept any certificate from a TLS proxy (testing)
    #[arg(long)]
    insecure: bool,
}

/// `rcs sip send`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Send one request through a client transaction and print its final response",
    long_about = "Sends one request through a client transaction (retransmitted over UDP, \
answered once if challenged with 401/407 and --user/--password are given) and prints the final \
response as JSON. Without --via, the URI's host must be an IP address (UDP, port 5060 by \
default).",
    after_help = "Exit status: 0 for 2xx (with --cancel-after: for the 487), 1 for another final response, 2 usage error, 4 no final response."
)]
pub(crate) struct SendOptions {
    /// The method (MESSAGE, OPTIONS, INVITE, ...; not ACK or CANCEL)
    method: String,
    /// The Request-URI
    uri: String,
    /// Where to send it: udp|tcp|tls|ws|wss:HOST:PORT
    #[arg(long, value_name = "TRANSPORT:HOST:PORT")]
    via: Option<Listen>,
    /// The From URI
    #[arg(long, value_name = "URI", default_value = "sip:rcs@invalid")]
    from: String,
    /// The body, from FILE
    #[arg(long, value_name = "FILE", requires = "content_type")]
    body: Option<String>,
    /// The body's type
    #[arg(long, value_name = "TYPE/SUBTYPE")]
    content_type: Option<String>,
    /// The user name, if challenged
    #[arg(long, value_name = "U", requires = "password")]
    user: Option<String>,
    /// The password, if challenged
    #[arg(long, value_name = "P", requires = "user")]
    password: Option<String>,
    /// The roots (PEM) a tls:/wss: server's certificate is checked against
    #[arg(long, value_name = "PEM", conflicts_with = "insecure")]
    ca: Option<String>,
    /// Accept any server certificate (testing)
    #[arg(long)]
    insecure: bool,
    /// INVITE only: CANCEL it MS milliseconds after its first provisional response (a 487
    /// then exits 0; a 2xx that wins the race is ACKed, ended with BYE, and exits 1)
    #[arg(long, value_name = "MS")]
    cancel_after: Option<u64>,
}

/// `--register`: a sip: URI.
fn sip_aor(v: &str) -> Result<String, String> {
    match rcs_sip::Uri::parse(v) {
        Ok(rcs_sip::Uri::Sip(_)) => Ok(v.to_owned()),
        _ => Err("not a sip: URI (sip:user@domain)".into()),
    }
}

const ALLOW: &str = "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE";

/// `serve --quiet`: only the events that are not per message (for load tests).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn print(line: serde_json::Value) {
    if QUIET.load(std::sync::atomic::Ordering::Relaxed)
        && !matches!(
            line["event"].as_str(),
            Some("listening" | "registered" | "register_failed" | "error")
        )
    {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    t ^ u64::from(std::process::id()).rotate_left(32)
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("rcs sip: no runtime: {e}"))
}

/// `rcs sip ...`: the exit status.
pub(crate) fn run(command: SipCommand) -> Exit {
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    match command {
        SipCommand::Serve(o) => {
            if o.quiet {
                QUIET.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            rt.block_on(serve(ServeArgs {
                listen: o.listen,
                ring: o.ring_ms.map(Duration::from_millis),
                register: o.register,
                proxy: o.proxy.map(|p| p.peer()),
                user: o.user,
                password: o.password,
                cert: o.cert,
                key: o.key,
                ca: o.ca,
                insecure: o.insecure,
            }))
        }
        SipCommand::Send(o) => match send_args(o) {
            Ok(a) => rt.block_on(send(a)),
            Err(e) => crate::usage_error(&["sip", "send"], e),
        },
    }
}

#[derive(Debug)]
struct ServeArgs {
    listen: Vec<Listen>,
    ring: Option<Duration>,
    register: Option<String>,
    proxy: Option<Peer>,
    user: Option<String>,
    password: Option<String>,
    cert: Option<String>,
    key: Option<String>,
    /// For a TLS proxy: its roots, or no verification.
    ca: Option<String>,
    insecure: bool,
}

/// The TLS server side of `serve`: the PEM certificate chain and key given, or a self-signed
/// certificate for `names` made at start (a tester's server; clients use --insecure or --ca).
pub(crate) fn server_tls(
    cert: Option<&str>,
    key: Option<&str>,
    names: Vec<String>,
) -> Result<std::sync::Arc<rustls::ServerConfig>, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let (chain, key) = match (cert, key) {
        (Some(c), Some(k)) => {
            let chain = CertificateDer::pem_file_iter(c)
                .and_then(|it| it.collect::<Result<Vec<_>, _>>())
                .map_err(|e| format!("--cert {c}: {e}"))?;
            let key = PrivateKeyDer::from_pem_file(k).map_err(|e| format!("--key {k}: {e}"))?;
            (chain, key)
        }
        (None, None) => {
            let made = rcgen::generate_simple_self_signed(names)
                .map_err(|e| format!("self-signed certificate: {e}"))?;
            let key = PrivateKeyDer::try_from(made.key_pair.serialize_der())
                .map_err(|e| format!("self-signed certificate: {e}"))?;
            (vec![CertificateDer::from(made.cert.der().to_vec())], key)
        }
        _ => return Err("--cert and --key go together".into()),
    };
    rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map(std::sync::Arc::new)
        .map_err(|e| format!("TLS: {e}"))
}

/// Accepts any server certificate (`send --insecure`: testing a server with a self-signed
/// certificate). Signatures are still checked with the provider's algorithms.
#[derive(Debug)]
struct NoVerify(std::sync::Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The TLS client side of `send`: roots from --ca, or no verification with --insecure.
pub(crate) fn client_tls(
    ca: Option<&str>,
    insecure: bool,
) -> Result<std::sync::Arc<rustls::ClientConfig>, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let config = match (ca, insecure) {
        (Some(file), _) => {
            let mut roots = rustls::RootCertStore::empty();
            for c in CertificateDer::pem_file_iter(file).map_err(|e| format!("--ca {file}: {e}"))? {
                roots
                    .add(c.map_err(|e| format!("--ca {file}: {e}"))?)
                    .map_err(|e| format!("--ca {file}: {e}"))?;
            }
            rustls::ClientConfig::builder()
                .with_root_certificates(roots)
                .with_no_client_auth()
        }
        (None, true) => {
            let builder = rustls::ClientConfig::builder();
            let provider = builder.crypto_provider().clone();
            builder
                .dangerous()
                .with_custom_certificate_verifier(std::sync::Arc::new(NoVerify(provider)))
                .with_no_client_auth()
        }
        (None, false) => return Err("a tls: --via needs --ca FILE or --insecure".into()),
    };
    Ok(std::sync::Arc::new(config))
}

fn peer_text(p: Peer) -> String {
    p.to_string()
}

/// The sent-by of a Via for `transport`: its listener, else the UDP socket (a connection
/// opened to send carries the responses back whatever the Via says).
fn via_addr(ep: &SipEndpoint, transport: Transport) -> Option<SocketAddr> {
    ep.local_addr(transport)
        .or_else(|| ep.local_addr(Transport::Udp))
}

/// Where the UA says it is, for Contact: the listener of the request's transport.
fn contact_uri(ep: &SipEndpoint, transport: Transport) -> String {
    let addr = ep
        .local_addr(transport)
        .or_else(|| ep.local_addrs().first().map(|(_, a)| *a))
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 5060)));
    let host = match addr {
        SocketAddr::V6(a) => format!("[{}]", a.ip()),
        SocketAddr::V4(a) => a.ip().to_string(),
    };
    format!(
        "sip:rcs@{host}:{};transport={}",
        addr.port(),
        transport.as_str().to_ascii_lowercase()
    )
}

/// An INVITE answered 180, whose 200 is due at a time.
struct Ringing {
    due: tokio::time::Instant,
    id: TransactionId,
    response: Message<'static>,
}

/// The registration `serve` keeps, and the client transaction of its REGISTER in flight.
struct Registering {
    reg: rcs_sip_engine::Registration,
    proxy: Peer,
    pending: Option<TransactionId>,
}

impl Registering {
    fn send(&mut self, ep: &mut SipEndpoint) {
        let Some(local) = via_addr(ep, self.proxy.transport) else {
            return;
        };
        let branch = ep.layer().new_branch();
        let cnonce = ep.layer().new_tag();
        let via = (
            self.proxy.transport.as_str(),
            &*local.ip().to_string(),
            Some(local.port()),
            &*branch,
        );
        match self.reg.request(via, &cnonce) {
            Ok(req) => match ep.send_request(req, self.proxy) {
                Ok(id) => self.pending = Some(id),
                Err(e) => print(json!({"event": "register_error", "error": e.to_string()})),
            },
            Err(e) => print(json!({"event": "register_error", "error": e.to_string()})),
        }
    }
}

async fn serve(args: ServeArgs) -> Exit {
    let ServeArgs {
        listen,
        ring,
        register,
        proxy,
        user,
        password,
        cert,
        key,
        ca,
        insecure,
    } = args;
    let mut config = EndpointConfig::new(listen.clone(), Config::new(seed()));
    if proxy.is_some_and(|p| matches!(p.transport, Transport::Tcp | Transport::Tls)) {
        // RFC 5626 §4.4.1: keep the flow to the registrar alive.
        config.keepalive = Some(Duration::from_secs(95));
    }
    if ca.is_some() || insecure {
        match client_tls(ca.as_deref(), insecure) {
            Ok(tls) => config.tls_client = Some(tls),
            Err(e) => {
                term::error(e);
                return Exit::Usage;
            }
        }
    }
    if listen
        .iter()
        .any(|l| matches!(l, Listen::Tls(_) | Listen::Wss(_)))
    {
        let names = listen
            .iter()
            .map(|l| l.peer().addr.ip().to_string())
            .chain(["localhost".to_owned()])
            .collect();
        match server_tls(cert.as_deref(), key.as_deref(), names) {
            Ok(tls) => config.tls_server = Some(tls),
            Err(e) => {
                term::error(e);
                return Exit::Usage;
            }
        }
    }
    let mut ep = match SipEndpoint::bind(config).await {
        Ok(ep) => ep,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    for (t, a) in ep.local_addrs() {
        print(json!({"event": "listening", "transport": t.as_str(), "address": a.to_string()}));
    }
    let mut ringing: std::collections::VecDeque<Ringing> = std::collections::VecDeque::new();
    let mut registering = match (register, proxy) {
        (Some(aor), Some(proxy)) => {
            let domain = match rcs_sip::Uri::parse(&aor) {
                Ok(rcs_sip::Uri::Sip(s)) => s.host().to_string(),
                _ => String::new(),
            };
            let config = rcs_sip_engine::RegistrationConfig {
                registrar: format!("sip:{domain}"),
                aor,
                contact: contact_uri(&ep, proxy.transport),
                contact_params: rcs_sip_engine::Capabilities::rcs_client().to_contact_params(),
                instance: None,
                reg_id: None,
                expires: 600,
                username: user,
                password: password.map(String::into_bytes),
                call_id: format!("{}@rcs", ep.layer().new_tag()),
                from_tag: ep.layer().new_tag(),
            };
            let mut r = Registering {
                reg: rcs_sip_engine::Registration::new(config),
                proxy,
                pending: None,
            };
            r.send(&mut ep);
            Some(r)
        }
        _ => None,
    };
    loop {
        let ring_due = ringing.front().map(|r| r.due);
        let refresh_due = registering
            .as_ref()
            .filter(|r| r.pending.is_none())
            .and_then(|r| r.reg.refresh_at())
            .map(tokio::time::Instant::from_std);
        let next_due = match (ring_due, refresh_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let event = tokio::select! {
            e = ep.next_event() => e,
            () = async {
                match next_due {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            } => {
                if let Some(r) = registering.as_mut()
                    && r.pending.is_none()
                    && r.reg.refresh_at().is_some_and(|at| at <= std::time::Instant::now())
                {
                    r.send(&mut ep);
                    continue;
                }
                if let Some(r) = ringing.pop_front() {
                    // A CANCEL may have answered it meanwhile: then the engine refuses.
                    match ep.respond(r.id, r.response) {
                        Ok(()) => {
                            print(json!({"event": "response", "transaction": r.id.to_string(), "status": 200}));
                        }
                        Err(e) => print(json!({"event": "not_sent", "transaction": r.id.to_string(), "status": 200, "why": e.to_string()})),
                    }
                }
                continue;
            }
        };
        let event = match event {
            Some(rcs_driver::SipEvent::Transaction(e)) => e,
            Some(rcs_driver::SipEvent::Dialog(d)) => {
                print_dialog(&d);
                continue;
            }
            Some(rcs_driver::SipEvent::Alias(a)) => {
                print(json!({
                    "event": "alias", "connection": a.connection.to_string(),
                    "host": a.host, "port": a.port, "accepted": a.accepted,
                }));
                continue;
            }
            Some(_) => continue,
            None => break,
        };
        match event {
            Event::Request { id, request, peer } => {
                let method = request.method().unwrap_or("").to_owned();
                let call_id = request
                    .call_id()
                    .and_then(Result::ok)
                    .map(|c| c.as_str().to_owned())
                    .unwrap_or_default();
                print(json!({
                    "event": "request", "transaction": id.to_string(), "method": method,
                    "call_id": call_id, "peer": peer_text(peer),
                    "from": request.from_header().and_then(Result::ok).map(|a| a.uri().as_str().to_owned()),
                    "body_bytes": request.body().len(),
                }));
                let (status, response) = answer(&mut ep, &request, peer);
                if let (Some(delay), 200, "INVITE", Ok(ok)) =
                    (ring, status, method.as_str(), &response)
                {
                    let ringing_now = MessageBuilder::response_to(
                        &request,
                        180,
                        "Ringing",
                        ok.to_header().and_then(Result::ok).and_then(|a| a.tag()),
                    )
                    .build();
                    if let Ok(r180) = ringing_now
                        && ep.respond(id, r180).is_ok()
                    {
                        print(
                            json!({"event": "response", "transaction": id.to_string(), "status": 180}),
                        );
                        ringing.push_back(Ringing {
                            due: tokio::time::Instant::now() + delay,
                            id,
                            response: ok.clone(),
                        });
                        continue;
                    }
                }
                match response.and_then(|r| ep.respond(id, r).map_err(|e| e.to_string())) {
                    Ok(()) => {
                        print(
                            json!({"event": "response", "transaction": id.to_string(), "status": status}),
                        );
                    }
                    Err(e) => {
                        print(json!({"event": "error", "transaction": id.to_string(), "error": e}))
                    }
                }
            }
            Event::Ack { id, request, peer } => {
                let call_id = request
                    .call_id()
                    .and_then(Result::ok)
                    .map(|c| c.as_str().to_owned());
                print(
                    json!({"event": "ack", "transaction": id.map(|i| i.to_string()),
                    "call_id": call_id, "peer": peer_text(peer)}),
                );
            }
            Event::Cancelled { id } => {
                ringing.retain(|r| r.id != id);
                print(json!({"event": "cancelled", "transaction": id.to_string(), "status": 487}));
            }
            Event::Answered { peer, status } => {
                print(json!({"event": "answered", "peer": peer_text(peer), "status": status}));
            }
            Event::Dropped { peer, error } => {
                print(json!({"event": "dropped", "peer": peer_text(peer),
                    "error": error.map(|e| e.to_string())}));
            }
            Event::Ended { id, reason } => {
                print(
                    json!({"event": "ended", "transaction": id.to_string(), "reason": reason.as_str()}),
                );
                if let Some(r) = registering.as_mut()
                    && r.pending == Some(id)
                {
                    // The REGISTER got no final response: try again at the next turn.
                    r.pending = None;
                    print(json!({"event": "register_failed", "reason": reason.as_str()}));
                }
            }
            Event::Response { id, response } => {
                print(
                    json!({"event": "response_received", "transaction": id.to_string(),
                    "status": response.status()}),
                );
                if let Some(r) = registering.as_mut()
                    && r.pending == Some(id)
                    && response.status().is_some_and(|s| s >= 200)
                {
                    r.pending = None;
                    use rcs_sip_engine::RegistrationOutcome as O;
                    match r.reg.on_response(std::time::Instant::now(), &response) {
                        O::Retry => r.send(&mut ep),
                        O::Registered { expires } => {
                            // RFC 3608: what the UA sends outside a dialog goes this way now.
                            ep.ua().set_service_route(r.reg.service_route());
                            print(json!({"event": "registered",
                                "expires": expires.as_secs(),
                                "associated_uris": r.reg.associated_uris(),
                                "service_route": r.reg.service_route()}));
                        }
                        O::Failed { status } => {
                            print(json!({"event": "register_failed", "status": status}))
                        }
                        O::AkaChallenge { .. } => print(json!({"event": "register_failed",
                            "status": response.status(), "why": "AKA needs a SIM"})),
                        _ => print(json!({"event": "unregistered"})),
                    }
                }
            }
            _ => {}
        }
    }
    Exit::Ok
}

/// One line per dialog event of the user agent core.
fn print_dialog(d: &rcs_sip_engine::DialogEvent) {
    use rcs_sip_engine::{DialogEvent as D, DialogState};
    let (id, state) = match d {
        D::Created { id, state } => (
            id,
            match state {
                DialogState::Early => "early",
                DialogState::Confirmed => "confirmed",
            },
        ),
        D::Confirmed { id } => (id, "confirmed"),
        D::Ended { id } => (id, "ended"),
        _ => return,
    };
    print(
        json!({"event": "dialog", "state": state, "call_id": &*id.call_id,
        "local_tag": &*id.local_tag, "remote_tag": &*id.remote_tag}),
    );
}

/// The response `serve` gives a request, and its status.
fn answer(
    ep: &mut SipEndpoint,
    request: &Message<'_>,
    peer: Peer,
) -> (u16, Result<Message<'static>, String>) {
    let method = request.method().unwrap_or("");
    let to_tag = request
        .to_header()
        .and_then(Result::ok)
        .and_then(|a| a.tag().map(str::to_owned));
    let tag = to_tag.unwrap_or_else(|| ep.layer().new_tag());
    let contact = contact_uri(ep, peer.transport);
    let build =
        |code: u16, reason: &str| MessageBuilder::response_to(request, code, reason, Some(&tag));
    let done = |b: MessageBuilder| b.build().map_err(|e| e.to_string());
    match method {
        "OPTIONS" => (
            200,
            done(
                build(200, "OK")
                    .contact(
                        &contact,
                        // What an RCS UP 2.4 client announces (RCC.07 §2.6).
                        &rcs_sip_engine::Capabilities::rcs_client().to_contact_params(),
                    )
                    .header(KnownHeader::Allow, ALLOW)
                    .header(
                        KnownHeader::Accept,
                        "application/sdp, message/cpim, text/plain",
                    ),
            ),
        ),
        "MESSAGE" => (200, done(build(200, "OK"))),
        // The user agent core has checked the dialog (481 when there is none) and ends it.
        "BYE" => (200, done(build(200, "OK"))),
        "INVITE" => {
            let local_ip = ep
                .local_addr(peer.transport)
                .map_or_else(|| "127.0.0.1".to_owned(), |a| a.ip().to_string());
            let offer = rcs_sdp::Session::parse(request.body());
            let answer = offer.ok().and_then(|o| {
                let session = ep.layer().new_tag();
                let path = format!("msrp://{local_ip}:2855/{session};tcp");
                rcs_sdp::answer_to(&o, &local_ip, 2855, &path, &["message/cpim", "text/plain"]).ok()
            });
            let Some(answer) = answer else {
                return (488, done(build(488, "Not Acceptable Here")));
            };
            (
                200,
                done(
                    build(200, "OK")
                        .contact(&contact, "")
                        .content_type("application", "sdp")
                        .body(answer.to_bytes()),
                ),
            )
        }
        _ => (
            405,
            done(build(405, "Method Not Allowed").header(KnownHeader::Allow, ALLOW)),
        ),
    }
}

#[derive(Debug)]
struct SendArgs {
    method: String,
    uri: String,
    via: Option<(Transport, SocketAddr)>,
    from: String,
    body: Vec<u8>,
    content_type: Option<(String, String)>,
    user: Option<String>,
    password: Option<String>,
    ca: Option<String>,
    insecure: bool,
    cancel_after: Option<Duration>,
}

/// The checks clap cannot make, and the files read.
fn send_args(o: SendOptions) -> Result<SendArgs, String> {
    let method = o.method.to_ascii_uppercase();
    rcs_sip::Uri::parse(&o.uri).map_err(|e| format!("URI {:?}: {e}", o.uri))?;
    if method == "ACK" || method == "CANCEL" {
        return Err(format!(
            "{method} is sent by the transaction layer, not on its own (INVITE --cancel-after MS sends a CANCEL)"
        ));
    }
    if o.cancel_after.is_some() && method != "INVITE" {
        return Err("--cancel-after cancels an INVITE".into());
    }
    let body = match &o.body {
        Some(f) => std::fs::read(f).map_err(|e| format!("{f}: {e}"))?,
        None => Vec::new(),
    };
    let content_type = match &o.content_type {
        Some(v) => {
            let (t, s) = v
                .split_once('/')
                .ok_or("--content-type wants TYPE/SUBTYPE")?;
            Some((t.to_owned(), s.to_owned()))
        }
        None => None,
    };
    let mut a = SendArgs {
        method,
        uri: o.uri,
        via: o.via.map(|v| {
            let p = v.peer();
            (p.transport, p.addr)
        }),
        from: o.from,
        body,
        content_type,
        user: o.user,
        password: o.password,
        ca: o.ca,
        insecure: o.insecure,
        cancel_after: o.cancel_after.map(Duration::from_millis),
    };
    if !a.body.is_empty() && a.content_type.is_none() {
        return Err("--body needs --content-type".into());
    }
    if matches!(a.via, Some((Transport::Tls | Transport::Wss, _))) && a.ca.is_none() && !a.insecure
    {
        return Err("a tls: or wss: --via needs --ca FILE or --insecure".into());
    }
    if a.via.is_none() {
        let parsed = rcs_sip::Uri::parse(&a.uri).map_err(|e| e.to_string())?;
        let rcs_sip::Uri::Sip(sip) = parsed else {
            return Err("without --via the URI must be sip: or sips: with an IP host".into());
        };
        let ip = sip
            .host()
            .ip()
            .ok_or("without --via the URI's host must be an IP address")?;
        a.via = Some((
            Transport::Udp,
            SocketAddr::new(ip, sip.port().unwrap_or(5060)),
        ));
    }
    Ok(a)
}

fn build_request(
    ep: &mut SipEndpoint,
    a: &SendArgs,
    transport: Transport,
    cseq: u32,
    call_id: &str,
    from_tag: &str,
    authorization: Option<(KnownHeader, String)>,
) -> Result<Message<'static>, String> {
    let local = via_addr(ep, transport).ok_or("no local socket")?;
    let branch = ep.layer().new_branch();
    let mut b = MessageBuilder::request(&a.method, &a.uri)
        .via(
            transport.as_str(),
            &local.ip().to_string(),
            Some(local.port()),
            &branch,
            true,
        )
        .max_forwards(70)
        .from(None, &a.from, from_tag)
        .to(None, &a.uri, None)
        .call_id(call_id)
        .cseq(cseq, &a.method)
        .contact(&contact_uri(ep, transport), "");
    if let Some((kind, value)) = authorization {
        b = b.header(kind, &value);
    }
    if let Some((t, s)) = &a.content_type {
        b = b.content_type(t, s).body(&a.body);
    }
    b.build().map_err(|e| e.to_string())
}

async fn send(a: SendArgs) -> Exit {
    let Some((transport, dest)) = a.via else {
        return Exit::Usage;
    };
    // Bind to the address the route to `dest` leaves from, so Via and Contact name it.
    let local_ip = std::net::UdpSocket::bind(if dest.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    })
    .and_then(|s| s.connect(dest).and_then(|()| s.local_addr()))
    .map(|a| a.ip());
    let any = match local_ip {
        Ok(ip) => SocketAddr::new(ip, 0),
        Err(e) => {
            term::error(format_args!("no route to {dest}: {e}"));
            return Exit::Failed;
        }
    };
    // The UDP socket sends and receives; a request over TCP, TLS or WebSocket goes over a
    // connection opened to `dest`, its Via naming the UDP socket's address.
    let mut config = EndpointConfig::new(vec![Listen::Udp(any)], Config::new(seed()));
    if matches!(transport, Transport::Tls | Transport::Wss) {
        match client_tls(a.ca.as_deref(), a.insecure) {
            Ok(tls) => config.tls_client = Some(tls),
            Err(e) => {
                term::error(e);
                return Exit::Usage;
            }
        }
    }
    let mut ep = match SipEndpoint::bind(config).await {
        Ok(ep) => ep,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    let peer = Peer::new(transport, dest);
    let exit = exchange(&mut ep, &a, transport, peer).await;
    // The ACK of a final response (and a BYE) may still be queued on a connection: written
    // before the connection closes.
    ep.close(Duration::from_millis(500)).await;
    exit
}

/// The request, its challenge answered once, to its final response.
async fn exchange(ep: &mut SipEndpoint, a: &SendArgs, transport: Transport, peer: Peer) -> Exit {
    let call_id = format!("{}@rcs", ep.layer().new_tag());
    let from_tag = ep.layer().new_tag();
    let mut cseq = 1;
    let mut challenged = false;
    let mut authorization = None;
    loop {
        let request = match build_request(
            ep,
            a,
            transport,
            cseq,
            &call_id,
            &from_tag,
            authorization.take(),
        ) {
            Ok(r) => r,
            Err(e) => {
                term::error(e);
                return Exit::Usage;
            }
        };
        if let Err(e) = rcs_sip_engine::pager_check(&request) {
            // Reported, not refused: the tester may mean to try it.
            term::warning(e);
        }
        let id = match ep.send_request(request, peer) {
            Ok(id) => id,
            Err(e) => {
                term::error(e);
                return Exit::Failed;
            }
        };
        match final_response(ep, id, a.cancel_after).await {
            Final::Response(r) => {
                let status = r.status().unwrap_or(0);
                if (status == 401 || status == 407)
                    && !challenged
                    && let (Some(user), Some(password)) = (&a.user, &a.password)
                {
                    challenged = true;
                    let (challenge_kind, answer_kind) = if status == 401 {
                        (KnownHeader::WwwAuthenticate, KnownHeader::Authorization)
                    } else {
                        (
                            KnownHeader::ProxyAuthenticate,
                            KnownHeader::ProxyAuthorization,
                        )
                    };
                    let challenge = r.first::<Auth<'_>>(challenge_kind).and_then(Result::ok);
                    let cnonce = ep.layer().new_tag();
                    let client = rcs_sip::DigestClient {
                        username: user,
                        secret: password.as_bytes(),
                        cnonce: &cnonce,
                        nc: 1,
                    };
                    if let Some(Ok(value)) =
                        challenge.map(|c| client.authorize(&c, &a.method, &a.uri, &a.body))
                    {
                        authorization = Some((answer_kind, value));
                        cseq += 1;
                        continue;
                    }
                }
                print(response_json(&r));
                if status == 200 && a.method == "INVITE" {
                    // The ACK of a 2xx is the UA's (a new transaction), then BYE.
                    hang_up(ep, &r, peer).await;
                }
                // Asked to cancel, the 487 is the success; a 2xx means the race was lost.
                let wanted = if a.cancel_after.is_some() {
                    status == 487
                } else {
                    (200..300).contains(&status)
                };
                return if wanted { Exit::Ok } else { Exit::Failed };
            }
            Final::Timeout => {
                print(json!({"status": 408, "reason": "Request Timeout", "local": true}));
                return Exit::NoAnswer;
            }
            Final::TransportError => {
                print(json!({"status": 503, "reason": "Service Unavailable", "local": true}));
                return Exit::NoAnswer;
            }
        }
    }
}

enum Final {
    Response(Message<'static>),
    Timeout,
    TransportError,
}

/// The final response of client transaction `id`. With `cancel_after`, the INVITE is
/// CANCELled that long after its first provisional response (RFC 3261 §9.1: not before one).
async fn final_response(
    ep: &mut SipEndpoint,
    id: TransactionId,
    cancel_after: Option<Duration>,
) -> Final {
    let mut cancel_at: Option<tokio::time::Instant> = None;
    let mut cancel_armed = cancel_after.is_some();
    loop {
        let next = match cancel_at {
            Some(at) => tokio::select! {
                e = ep.next_event() => e,
                () = tokio::time::sleep_until(at) => {
                    cancel_at = None;
                    match ep.cancel(id) {
                        Ok(Some(cid)) => print(json!({"event": "cancel_sent", "transaction": format!("{cid:?}")})),
                        Ok(None) => print(json!({"event": "cancel_not_sent", "reason": "the INVITE has its final response"})),
                        Err(e) => print(json!({"event": "cancel_error", "error": e.to_string()})),
                    }
                    continue;
                }
            },
            None => ep.next_event().await,
        };
        let Some(e) = next else { break };
        match e {
            rcs_driver::SipEvent::Transaction(Event::Response { id: rid, response })
                if rid == id =>
            {
                if response.status().is_some_and(|s| s >= 200) {
                    return Final::Response(response);
                }
                if cancel_armed && let Some(after) = cancel_after {
                    cancel_armed = false;
                    cancel_at = Some(tokio::time::Instant::now() + after);
                }
                print(response_json(&response));
            }
            // The CANCEL's own answer.
            rcs_driver::SipEvent::Transaction(Event::Response { response, .. }) => {
                let mut v = response_json(&response);
                v["for"] = "CANCEL".into();
                print(v);
            }
            rcs_driver::SipEvent::Transaction(Event::Ended { id: eid, reason }) if eid == id => {
                return match reason {
                    EndReason::TransportError => Final::TransportError,
                    _ => Final::Timeout,
                };
            }
            _ => {}
        }
    }
    Final::Timeout
}

fn response_json(r: &Message<'_>) -> serde_json::Value {
    let headers: Vec<_> = r.headers().map(|h| json!([h.name(), h.value()])).collect();
    let mut v = json!({
        "status": r.status(),
        "reason": r.reason(),
        "headers": headers,
        "body": String::from_utf8_lossy(r.body()),
    });
    // An OPTIONS answer (or any Contact) carries the peer's capabilities: shown as one set.
    let caps = rcs_sip_engine::Capabilities::from_message(r);
    if caps != rcs_sip_engine::Capabilities::default() {
        v["capabilities"] = json!({
            "icsi": caps.icsi, "iari": caps.iari, "bot_versions": caps.bot_versions,
            "is_bot": caps.is_bot,
        });
    }
    v
}

/// After a 2xx to INVITE: the user agent core has made the dialog and ACKed the 2xx from it
/// (§13.2.2.4); the session is ended with a BYE from the dialog (its route set, its CSeq),
/// sent to the same next hop as the INVITE.
async fn hang_up(ep: &mut SipEndpoint, ok: &Message<'_>, peer: Peer) {
    let Some(did) = rcs_sip_engine::DialogId::of_response(ok) else {
        print(json!({"dialog_error": "the 2xx has no To tag"}));
        return;
    };
    let Some(local) = via_addr(ep, peer.transport) else {
        return;
    };
    let branch = ep.layer().new_branch();
    let Some(bye) = ep.ua().request_in_dialog(&did, "BYE") else {
        print(json!({"dialog_error": "no dialog for the 2xx"}));
        return;
    };
    let bye = bye
        .via(
            peer.transport.as_str(),
            &local.ip().to_string(),
            Some(local.port()),
            &branch,
            true,
        )
        .build();
    let Ok(bye) = bye else {
        return;
    };
    if let Ok(id) = ep.send_request(bye, peer) {
        let outcome =
            tokio::time::timeout(Duration::from_secs(40), final_response(ep, id, None)).await;
        if let Ok(Final::Response(r)) = outcome {
            print(json!({"bye": r.status()}));
        }
    }
}
