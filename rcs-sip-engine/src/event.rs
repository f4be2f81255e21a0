//! What the engine tells its user, and how API calls fail.

use rcs_sip::{BuildError, DecodeError, Message};

use crate::transport::{Peer, TransactionId, Transmit};

/// One thing for the caller to do or know, drained with
/// [`TransactionLayer::poll_output`](crate::TransactionLayer::poll_output).
#[derive(Debug)]
pub enum Output {
    /// Send these bytes.
    Transmit(Transmit),
    /// Something happened.
    Event(Event),
}

/// Why a transaction ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EndReason {
    /// It ran its course (a final response sent or received, its wait timer over).
    Completed,
    /// No final response in time (client: Timer B or F).
    Timeout,
    /// The transport could not send.
    TransportError,
    /// Server: the TU gave no final response in time.
    Unanswered,
    /// INVITE server: the 2xx was sent for 64×T1 with no ACK (the TU should end the session
    /// with BYE, RFC 3261 §13.3.1.4).
    NoAck,
}

impl EndReason {
    /// `"completed"`, `"timeout"`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Completed => "completed",
            Self::Timeout => "timeout",
            Self::TransportError => "transport-error",
            Self::Unanswered => "unanswered",
            Self::NoAck => "no-ack",
        }
    }
}

/// What the engine tells the transaction user.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event {
    /// A new request (not a retransmission): answer it with
    /// [`respond`](crate::TransactionLayer::respond). ACK and CANCEL never come here.
    Request {
        /// Its server transaction.
        id: TransactionId,
        /// The request, with `received`/`rport` added to its top Via where RFC 3261 §18.2.1
        /// and RFC 3581 ask, so a response built from it reaches the sender.
        request: Message<'static>,
        /// Where it came from.
        peer: Peer,
    },
    /// An ACK for a 2xx (the ACK for another final response stays in its transaction): the
    /// dialog's business.
    Ack {
        /// The INVITE server transaction it confirms, if still open (RFC 6026 Accepted).
        id: Option<TransactionId>,
        /// The ACK.
        request: Message<'static>,
        /// Where it came from.
        peer: Peer,
    },
    /// A response to a client transaction: provisional, final, and (INVITE, RFC 6026) every
    /// further 2xx, each of which the TU acknowledges.
    Response {
        /// The client transaction.
        id: TransactionId,
        /// The response.
        response: Message<'static>,
    },
    /// A CANCEL matched this INVITE server transaction; the engine answered the CANCEL 200
    /// and, when no final response had been sent, the INVITE 487.
    Cancelled {
        /// The INVITE server transaction.
        id: TransactionId,
    },
    /// The engine answered a request without a transaction (400 for a request it could not
    /// use, 482 for a merged request, 481 for a CANCEL that matched nothing, 503 when the
    /// table is full).
    Answered {
        /// Where the request came from.
        peer: Peer,
        /// The status sent.
        status: u16,
    },
    /// Received bytes that were dropped: not SIP, a response that matched no transaction,
    /// or a request too broken to answer.
    Dropped {
        /// Where they came from.
        peer: Peer,
        /// Why, when the parser said.
        error: Option<DecodeError>,
    },
    /// A transaction ended and its state is freed.
    Ended {
        /// The transaction.
        id: TransactionId,
        /// Why.
        reason: EndReason,
    },
}

/// How an API call was refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum EngineError {
    /// The table holds [`Limits::max_transactions`](crate::Limits) transactions.
    TableFull,
    /// The message is not what the call needs (a response where a request goes, ACK for
    /// `send_request`, a 1xx-6xx status outside its range, ...).
    WrongMessage(&'static str),
    /// The request's top Via has no branch with the RFC 3261 magic cookie `z9hG4bK`.
    NoBranch,
    /// A client transaction with this branch and method is open.
    DuplicateBranch,
    /// No such transaction (ended, or never this engine's).
    UnknownTransaction,
    /// The transaction cannot take this now (a response after the final one, CANCEL of a
    /// non-INVITE or of an answered INVITE).
    WrongState(&'static str),
    /// A message the engine built was refused by the builder (a header value from the
    /// request that does not build).
    Build(BuildError),
}

impl core::fmt::Display for EngineError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::TableFull => f.write_str("the transaction table is full"),
            Self::WrongMessage(what) => write!(f, "wrong message: {what}"),
            Self::NoBranch => f.write_str("the top Via has no z9hG4bK branch"),
            Self::DuplicateBranch => f.write_str("a transaction with this branch is open"),
            Self::UnknownTransaction => f.write_str("no such transaction"),
            Self::WrongState(what) => write!(f, "not now: {what}"),
            Self::Build(e) => write!(f, "could not build: {e}"),
        }
    }
}

impl std::error::Error for EngineError {}

impl From<BuildError> for EngineError {
    fn from(e: BuildError) -> Self {
        Self::Build(e)
    }
}
