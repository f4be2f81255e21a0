//! What a session speaks, who logs in, its timers and its bounds.

use std::borrow::Cow;
use std::time::Duration;

use rcs_fallback::ReassemblyLimits;
use rcs_fallback::gateway::smpp::{SmppAddress, SmppSegmentation};
use rcs_fallback::gateway::{cmpp, sgip, smgp, smpp};

/// The gateway protocol of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// SMPP 3.4 (binds, submit_sm, deliver_sm, data_sm, enquire_link, unbind, generic_nack).
    Smpp,
    /// CMPP 2.0 or 3.0 (China Mobile).
    Cmpp(cmpp::CmppVersion),
    /// SGIP 1.2 (China Unicom).
    Sgip,
    /// SMGP 3.0 (China Telecom).
    Smgp,
}

impl Protocol {
    /// The protocol's name as the CLI and logs spell it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Smpp => "smpp",
            Self::Cmpp(cmpp::CmppVersion::V20) => "cmpp2",
            Self::Cmpp(cmpp::CmppVersion::V30) => "cmpp",
            Self::Sgip => "sgip",
            Self::Smgp => "smgp",
        }
    }

    /// The largest PDU a session accepts by default: SMPP 64 KiB (a message_payload TLV),
    /// CMPP 4 KiB, SGIP and SMGP 8 KiB (their codecs' bounds).
    pub fn default_max_pdu_size(self) -> usize {
        match self {
            Self::Smpp => smpp::SmppLimits::DEFAULT.max_message_size,
            Self::Cmpp(_) => 4 << 10,
            Self::Sgip => sgip::MAX_PDU_SIZE,
            Self::Smgp => smgp::MAX_PDU_SIZE,
        }
    }
}

impl core::str::FromStr for Protocol {
    type Err = String;

    /// `smpp`, `cmpp` (3.0), `cmpp2` (2.0), `sgip`, `smgp`.
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "smpp" => Self::Smpp,
            "cmpp" | "cmpp3" => Self::Cmpp(cmpp::CmppVersion::V30),
            "cmpp2" => Self::Cmpp(cmpp::CmppVersion::V20),
            "sgip" => Self::Sgip,
            "smgp" => Self::Smgp,
            other => {
                return Err(format!(
                    "unknown protocol {other:?} (smpp, cmpp, cmpp2, sgip, smgp)"
                ));
            }
        })
    }
}

/// What a link carries, seen from the client (ESME / SP) side: `Transmitter` submits,
/// `Receiver` receives delivers and receipts, `Transceiver` both. SMPP's three binds, SMGP's
/// LoginMode 0/1/2; CMPP is always `Transceiver`; SGIP login type 1 (an SP submitting) is
/// `Transmitter` and type 2 (the SMG delivering to an SP) is `Receiver`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BindMode {
    /// Submits only.
    Transmitter,
    /// Receives only.
    Receiver,
    /// Both.
    #[default]
    Transceiver,
}

impl BindMode {
    /// Whether the client may submit on this link.
    pub fn submits(self) -> bool {
        self != Self::Receiver
    }

    /// Whether the server may deliver on this link.
    pub fn receives(self) -> bool {
        self != Self::Transmitter
    }

    /// `"transmitter"`, `"receiver"`, `"transceiver"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Transmitter => "transmitter",
            Self::Receiver => "receiver",
            Self::Transceiver => "transceiver",
        }
    }
}

/// Which end of the link logs in. Usually the client logs in to the server; SMPP outbind and
/// SGIP's SMG-to-SP links turn that round.
#[derive(Clone, PartialEq, Eq)]
pub enum Login {
    /// This end sends the bind / CONNECT / Login.
    Initiate {
        /// SMPP system_id, CMPP Source_Addr (SP code), SGIP LoginName, SMGP ClientID.
        system_id: String,
        /// The password or shared secret. Not shown by `Debug`.
        password: Vec<u8>,
        /// SMPP system_type (empty elsewhere).
        system_type: String,
    },
    /// This end waits for the peer's login and checks it (see the `LoginRequest` events).
    Accept,
    /// SMPP outbind (3.4 §2.2.1): an ESME on a connection the SMSC opened waits for the
    /// SMSC's outbind, then binds with these credentials (as [`Config::mode`] says; usually
    /// a receiver, to take delivers and receipts).
    AwaitOutbind {
        /// system_id.
        system_id: String,
        /// The password. Not shown by `Debug`.
        password: Vec<u8>,
        /// system_type.
        system_type: String,
    },
}

impl core::fmt::Debug for Login {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Initiate { system_id, .. } => f
                .debug_struct("Initiate")
                .field("system_id", system_id)
                .field("password", &"<redacted>")
                .finish_non_exhaustive(),
            Self::Accept => f.write_str("Accept"),
            Self::AwaitOutbind { system_id, .. } => f
                .debug_struct("AwaitOutbind")
                .field("system_id", system_id)
                .field("password", &"<redacted>")
                .finish_non_exhaustive(),
        }
    }
}

/// Session timers. Every one runs on the `now` the caller passes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    /// How long a request waits for its response before it is reported expired (SMPP's
    /// response_timer; CMPP's T). Default 30 s.
    pub response_timeout: Duration,
    /// Send a keep-alive (enquire_link, ACTIVE_TEST, Active_Test) after this long without
    /// receiving anything; `None` never. Default 30 s. SGIP has no keep-alive.
    pub keepalive_interval: Option<Duration>,
    /// Keep-alives left unanswered in a row before the link is declared dead (CMPP's N).
    /// Default 3.
    pub keepalive_retries: u32,
    /// How long the accepting end waits for a login after the connection opens (SMPP's
    /// session_init_timer). Default 10 s.
    pub login_timeout: Duration,
    /// Unbind after this long without any submit or deliver; `None` never. Default `None`
    /// (SGIP links, short by custom, set it).
    pub inactivity_timeout: Option<Duration>,
    /// How long a submitted message is remembered waiting for its receipts. Default 72 h.
    pub receipt_timeout: Duration,
}

impl Timers {
    /// The defaults, in `const` contexts.
    pub const DEFAULT: Self = Self {
        response_timeout: Duration::from_secs(30),
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_retries: 3,
        login_timeout: Duration::from_secs(10),
        inactivity_timeout: None,
        receipt_timeout: Duration::from_secs(72 * 3600),
    };
}

impl Default for Timers {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Bounds on everything a session holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests on the wire without a response (the send window). Default 16.
    pub max_window: usize,
    /// Message parts accepted by `submit`/`deliver` and not yet on the wire. Default 1,024.
    /// After a lost connection the parts that were on the wire join them (at most
    /// `max_window` more).
    pub max_queued_parts: usize,
    /// Messages remembered for their responses and receipts. Past it the one waiting longest
    /// for receipts is given up (an event says so). Default 100,000.
    pub max_tracked_messages: usize,
    /// Requests from the peer the application has not answered yet (server submits, pending
    /// logins); past it the engine answers "throttled" itself. Default 1,024.
    pub max_unanswered: usize,
    /// The largest PDU read (`None`: the protocol's default, see
    /// [`Protocol::default_max_pdu_size`]).
    pub max_pdu_size: Option<usize>,
    /// Octets of outgoing PDUs held before the caller drains them; past it new submits and
    /// delivers are refused as busy. Default 1 MiB.
    pub max_queued_bytes: usize,
    /// Bounds of the reassembly of concatenated inbound messages.
    pub reassembly: ReassemblyLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_window: 16,
            max_queued_parts: 1024,
            max_tracked_messages: 100_000,
            max_unanswered: 1024,
            max_pdu_size: None,
            max_queued_bytes: 1 << 20,
            reassembly: ReassemblyLimits::default(),
        }
    }
}

/// What a client does when the server says "slow down".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttling {
    /// Response statuses that mean "throttled, resubmit later". `None`: the protocol's
    /// (SMPP ESME_RTHROTTLED 0x58 and ESME_RMSGQFUL 0x14; CMPP 8; SGIP 11 and 33; SMGP 1).
    pub statuses: Option<Vec<u32>>,
    /// The pause after the first throttled answer; it doubles on each one in a row.
    /// Default 1 s.
    pub initial_backoff: Duration,
    /// The longest pause. Default 30 s.
    pub max_backoff: Duration,
    /// Resubmissions of one part before it is reported refused. Default 8.
    pub max_retries: u32,
}

impl Default for Throttling {
    fn default() -> Self {
        Self {
            statuses: None,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            max_retries: 8,
        }
    }
}

/// The fields of submitted (and, on a server, delivered) PDUs that do not come from the
/// message: the source address, service and fee fields. Only the session's protocol's
/// template is used; the destination, the content and its coding are set per message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    /// submit_sm / deliver_sm (source address, service_type, validity...).
    pub smpp: smpp::ShortMessage<'static>,
    /// How a long SMPP message is carried (UDH, SAR TLVs, message_payload).
    pub smpp_segmentation: SmppSegmentation,
    /// CMPP_SUBMIT (Service_Id, Msg_src, Src_Id, fee fields...).
    pub cmpp: cmpp::Submit<'static>,
    /// SGIP SUBMIT (SPNumber, CorpId, ServiceType, fee fields...).
    pub sgip: sgip::Submit<'static>,
    /// SMGP Submit (ServiceID, SrcTermID, fee fields...).
    pub smgp: smgp::Submit<'static>,
}

impl Default for Templates {
    fn default() -> Self {
        let c = |s: &'static str| Cow::Borrowed(s.as_bytes());
        Self {
            smpp: smpp::ShortMessage {
                source: SmppAddress::new(0, 0, ""),
                destination: SmppAddress::new(1, 1, ""),
                ..smpp::ShortMessage::default()
            },
            smpp_segmentation: SmppSegmentation::Udhi,
            cmpp: cmpp::Submit {
                // Fee_UserType 0 (the destination pays), FeeType 01 (free).
                fee_type: c("01"),
                fee_code: c("000000"),
                ..cmpp::Submit::default()
            },
            sgip: sgip::Submit {
                // 21 zeros: the SP pays. FeeType 1 (free), MorelatetoMTFlag 2 (not MO-driven).
                charge_number: c("000000000000000000000"),
                fee_type: 1,
                fee_value: c("0"),
                given_value: c("0"),
                morelateto_mt_flag: 2,
                ..sgip::Submit::default()
            },
            smgp: smgp::Submit {
                // MsgType 6: an MT message; FeeType 00 (free).
                msg_type: 6,
                fee_type: c("00"),
                fee_code: c("000000"),
                fixed_fee: c("000000"),
                ..smgp::Submit::default()
            },
        }
    }
}

/// A session's configuration (both roles).
#[derive(Debug, Clone)]
pub struct Config {
    /// The protocol.
    pub protocol: Protocol,
    /// Who logs in, with what.
    pub login: Login,
    /// What the link carries (the bind type an initiating client asks for).
    pub mode: BindMode,
    /// Timers.
    pub timers: Timers,
    /// Bounds.
    pub limits: Limits,
    /// Throttled answers (client).
    pub throttling: Throttling,
    /// At most this many parts per second leave (client rate limit); `None` no limit.
    pub max_rate: Option<u32>,
    /// Parts that may leave at once before the rate applies. Default 1.
    pub rate_burst: u32,
    /// Ask for delivery receipts (SMPP registered_delivery, CMPP Registered_Delivery, SGIP
    /// ReportFlag, SMGP NeedReport). Default true.
    pub receipts: bool,
    /// This end's name in login responses (SMPP bind_resp system_id).
    pub system_id: String,
    /// SGIP node number (in every sequence number); the gateway number in CMPP Msg_Ids and
    /// SMGP MsgIDs a server makes.
    pub node_id: u32,
    /// The time zone of the protocol's timestamps, minutes east of UTC. Default 480 (China).
    pub utc_offset_minutes: i32,
    /// Submitted fields that do not come from the message.
    pub templates: Templates,
}

impl Config {
    /// A client (ESME / SP) that logs in with `system_id` and `password`, as a transceiver.
    pub fn client(protocol: Protocol, system_id: &str, password: &[u8]) -> Self {
        Self::with_login(
            protocol,
            Login::Initiate {
                system_id: system_id.to_owned(),
                password: password.to_vec(),
                system_type: String::new(),
            },
        )
    }

    /// A server (SMSC / ISMG) that accepts logins and names itself `system_id`.
    pub fn server(protocol: Protocol, system_id: &str) -> Self {
        let mut c = Self::with_login(protocol, Login::Accept);
        c.system_id = system_id.to_owned();
        c
    }

    fn with_login(protocol: Protocol, login: Login) -> Self {
        let mut timers = Timers::DEFAULT;
        match protocol {
            // CMPP 3.0 §5.5: ACTIVE_TEST after 3 minutes idle, T = 60 s, N = 3.
            Protocol::Cmpp(_) => {
                timers.keepalive_interval = Some(Duration::from_secs(180));
                timers.response_timeout = Duration::from_secs(60);
            }
            Protocol::Smgp => timers.keepalive_interval = Some(Duration::from_secs(180)),
            Protocol::Sgip => timers.keepalive_interval = None,
            Protocol::Smpp => {}
        }
        // SGIP has no two-way link: an SP's own login (type 1) submits; delivers and
        // reports come on the link the SMG opens to the SP (type 2, `Receiver`).
        let mode = match (protocol, &login) {
            (Protocol::Sgip, Login::Initiate { .. }) => BindMode::Transmitter,
            (Protocol::Sgip, Login::Accept | Login::AwaitOutbind { .. }) => BindMode::Receiver,
            _ => BindMode::Transceiver,
        };
        Self {
            protocol,
            login,
            mode,
            timers,
            limits: Limits::default(),
            throttling: Throttling::default(),
            max_rate: None,
            rate_burst: 1,
            receipts: true,
            system_id: String::new(),
            node_id: 0,
            utc_offset_minutes: 480,
            templates: Templates::default(),
        }
    }

    pub(crate) fn max_pdu_size(&self) -> usize {
        self.limits
            .max_pdu_size
            .unwrap_or_else(|| self.protocol.default_max_pdu_size())
    }
}
