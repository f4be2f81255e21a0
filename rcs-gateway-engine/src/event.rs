//! What a session tells its caller.

use core::fmt;

use bytes::Bytes;
use rcs_fallback::{DecodeError, UserData};

use crate::config::BindMode;
use crate::receipt::{DeliveryState, SmscMessageId};

/// A message this session sends (a client's submit; a server's deliver or receipt), as the
/// engine numbers it. Unique within one session value for its whole life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(pub u64);

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A submit a server has received and not answered yet (see `Server::respond_submit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Where a session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SessionState {
    /// No connection (before `start`, after the link closed).
    Disconnected,
    /// Accepting end: waiting for the peer's login.
    AwaitingLogin,
    /// Accepting end: a login arrived and waits for `accept_login` / `refuse_login`.
    LoginPending,
    /// Initiating end: the login is sent, its response not yet in.
    LoggingIn,
    /// Logged in; the mode says what the link carries.
    Bound(BindMode),
    /// An unbind is sent (or is being sent once the window drains).
    Unbinding,
}

/// Why a link ended. The caller closes the connection once it has written the transmits
/// already drained.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// Unbind (terminate, exit) completed, asked by this end.
    Unbound,
    /// The peer unbound.
    UnboundByPeer,
    /// The peer refused the login with this status.
    LoginRefused(u32),
    /// The peer's login failed its check (or the application refused it).
    LoginRejected(u32),
    /// No login (or no login response) in time.
    LoginTimeout,
    /// Keep-alives went unanswered `keepalive_retries` times in a row.
    LinkDead,
    /// The peer sent what cannot be framed or was not allowed (the error says what).
    ProtocolError(String),
    /// The caller said the connection was lost.
    ConnectionLost,
}

/// A delivery receipt, matched to the message it reports on when the session knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The message it reports on; `None` for an id this session never saw (submitted on
    /// another link, or forgotten after `receipt_timeout`).
    pub message: Option<MessageId>,
    /// The part (from 0) it reports on, with the message.
    pub part: Option<u8>,
    /// The gateway's id of the part.
    pub id: SmscMessageId,
    /// What happened.
    pub state: DeliveryState,
    /// The receipt's stat text as sent (`DELIVRD`, `MA:0001`, SGIP's state number).
    pub stat: String,
    /// The receipt's error code as sent, if any.
    pub error: Option<String>,
    /// The phone.
    pub recipient: String,
    /// Set when this receipt was the last final one the message waited for: every part's
    /// state summed up (delivered only if every part was).
    pub message_state: Option<DeliveryState>,
}

/// A short message the peer sent to this end: on a client, a mobile-originated message
/// (concatenated parts already joined); on a server, one submitted part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortMessage {
    /// The source address (a phone on a client; the SP's number on a server).
    pub source: String,
    /// The destination addresses.
    pub destinations: Vec<String>,
    /// The text, when the coding is text.
    pub text: Option<String>,
    /// The user data of each part, in order (one on a server); empty when a part's content
    /// could not be read as user data.
    pub parts: Vec<UserData>,
    /// Whether the sender asked for a delivery receipt.
    pub receipt_requested: bool,
}

/// Something the caller should know or answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// Accepting end: the peer logs in. Answer with `accept_login(now, secret)` (the engine
    /// checks the password or authenticator against it) or `refuse_login`.
    LoginRequest {
        /// SMPP system_id, CMPP Source_Addr, SGIP LoginName, SMGP ClientID.
        system_id: String,
        /// What the link will carry.
        mode: BindMode,
        /// The version the peer announced (SMPP interface_version, CMPP/SMGP Version, SGIP
        /// login type).
        version: u8,
    },
    /// The login completed; messages may flow.
    Bound {
        /// What the link carries.
        mode: BindMode,
        /// The peer's name (the SMSC's system_id in an SMPP bind response; the login's on
        /// an accepting end).
        peer: String,
    },
    /// The link ended; close the connection after writing what was drained.
    Closed(CloseReason),
    /// Every part of a message was accepted; `ids` are the gateway's ids, in part order.
    Accepted {
        /// The message.
        message: MessageId,
        /// The gateway's id of each part.
        ids: Vec<SmscMessageId>,
    },
    /// A part was refused (status per protocol, after any resubmissions for throttling).
    /// Reported once per message, for the first part refused.
    Refused {
        /// The message.
        message: MessageId,
        /// The part, from 0.
        part: u8,
        /// The response status.
        status: u32,
    },
    /// A part got no response within `response_timeout`. Reported once per message.
    Expired {
        /// The message.
        message: MessageId,
        /// The part, from 0.
        part: u8,
    },
    /// A delivery receipt.
    Receipt(Receipt),
    /// A message was remembered for its receipts longer than `receipt_timeout`, or given up
    /// to make room (`max_tracked_messages`): later receipts for it are reported unmatched.
    ReceiptsAbandoned {
        /// The message.
        message: MessageId,
    },
    /// Client: a mobile-originated message, reassembled.
    Inbound(ShortMessage),
    /// Server: a submitted part; answer with `respond_submit(now, request, ...)`.
    Submitted {
        /// The handle to answer with.
        request: RequestId,
        /// The part.
        message: ShortMessage,
        /// The PDU as received, for fields this summary does not carry.
        pdu: Bytes,
    },
    /// `submit`/`deliver` said busy earlier; there is room again.
    Ready,
    /// A PDU was read but could not be decoded; it was answered as the protocol says
    /// (generic_nack, a structure-error response) or ignored if it was a response.
    Malformed {
        /// The command id, when the header was readable.
        command_id: Option<u32>,
        /// What was wrong.
        error: DecodeError,
    },
    /// A PDU that was valid but not expected: a response to nothing outstanding, a request
    /// the session does not carry (answered as the protocol says) or not allowed in its state.
    Ignored {
        /// The command id.
        command_id: u32,
        /// Why.
        reason: &'static str,
    },
}

/// What the caller drains from a session until `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Octets to write to the connection, in order.
    Transmit(Bytes),
    /// An event.
    Event(Event),
}

/// Why `submit`, `deliver` or `send_receipt` refused a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendError {
    /// No room: the queue of parts, the tracked messages or the queued bytes are at their
    /// limit. Wait for [`Event::Ready`].
    Busy,
    /// The link's mode does not carry this (a receiver submitting; a delivery to a
    /// transmitter).
    NotPermitted,
    /// A shutdown is under way.
    ShuttingDown,
    /// The text cannot be carried as planned (CMPP, SGIP and SMGP carry ASCII or UCS-2).
    Plan(String),
    /// More parts than the 255 a concatenated message may have.
    TooManyParts,
    /// The receipt's id is not this protocol's kind.
    WrongIdKind,
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Busy => f.write_str("busy: wait for the Ready event"),
            Self::NotPermitted => f.write_str("the link's bind mode does not carry this"),
            Self::ShuttingDown => f.write_str("the session is shutting down"),
            Self::Plan(e) => write!(f, "cannot carry the text: {e}"),
            Self::TooManyParts => f.write_str("more than 255 parts"),
            Self::WrongIdKind => f.write_str("the message id is not of this protocol"),
        }
    }
}

impl std::error::Error for SendError {}

/// Misuse of the API (a call that does not fit the session's state).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// The call needs a state the session is not in.
    WrongState(SessionState),
    /// No such request is waiting for an answer.
    UnknownRequest,
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongState(s) => write!(f, "not allowed in state {s:?}"),
            Self::UnknownRequest => f.write_str("no such request waits for an answer"),
        }
    }
}

impl std::error::Error for StateError {}
