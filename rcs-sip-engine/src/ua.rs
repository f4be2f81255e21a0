//! The user agent core over the transaction layer (RFC 3261 §12–§15): dialogs made and ended
//! as INVITEs are answered, requests inside dialogs checked (481 for no dialog, 500 for a CSeq
//! out of order), and the ACK of every 2xx — retransmissions included — sent from its dialog.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use bytes::Bytes;
use rcs_sip::{Message, MessageBuilder};

use crate::config::Config;
use crate::dialog::{Dialog, DialogId, DialogState, DialogTable};
use crate::event::{EngineError, Event, Output};
use crate::layer::TransactionLayer;
use crate::transport::{Peer, TransactionId, Transmit};

/// What happened to a dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DialogEvent {
    /// Made (early by a provisional response with a tag, or confirmed by a 2xx).
    Created {
        /// Its identifiers.
        id: DialogId,
        /// Early or confirmed.
        state: DialogState,
    },
    /// An early dialog was confirmed by a 2xx.
    Confirmed {
        /// Its identifiers.
        id: DialogId,
    },
    /// Ended: by BYE (sent or received), or an early dialog whose INVITE failed.
    Ended {
        /// Its identifiers.
        id: DialogId,
    },
}

/// What the user agent gives its user, drained with [`UserAgent::poll_output`].
#[derive(Debug)]
pub enum UaOutput {
    /// Bytes to send.
    Transmit(Transmit),
    /// A transaction event (requests inside dialogs already checked).
    Event(Event),
    /// A dialog event.
    Dialog(DialogEvent),
}

/// A request received or sent, kept while its INVITE transaction runs: what its dialog is
/// made from, and where the ACK of a 2xx goes.
#[derive(Debug)]
struct Invite {
    request: Message<'static>,
    peer: Peer,
}

/// The transaction layer with the user agent core above it.
#[derive(Debug)]
pub struct UserAgent {
    layer: TransactionLayer,
    dialogs: DialogTable,
    client_invites: HashMap<TransactionId, Invite>,
    server_invites: HashMap<TransactionId, Message<'static>>,
    queued: VecDeque<UaOutput>,
    /// The latest time given to any call: when the answers the UA sends itself are sent
    /// (no clock is read here).
    now: Option<Instant>,
    /// RFC 3608: the Service-Route of the last registration, preloaded as the Route of the
    /// requests this UA sends outside a dialog.
    service_route: Vec<String>,
}

/// The sent-by of a message's top Via: (transport, host, port).
fn sent_by(m: &Message<'_>) -> Option<(String, String, Option<u16>)> {
    let v = m.vias().next()?.ok()?;
    Some((v.transport().to_owned(), v.host().to_string(), v.port()))
}

impl UserAgent {
    /// A user agent with an empty transaction layer.
    pub fn new(config: Config) -> Self {
        let max = config.limits.max_dialogs;
        Self {
            layer: TransactionLayer::new(config),
            dialogs: DialogTable::new(max),
            client_invites: HashMap::new(),
            server_invites: HashMap::new(),
            queued: VecDeque::new(),
            now: None,
            service_route: Vec::new(),
        }
    }

    /// The Service-Route learned by registering (RFC 3608 §6,
    /// [`Registration::service_route`](crate::Registration::service_route)): from now on a
    /// request sent outside a dialog (other than REGISTER) that has no Route of its own gets
    /// these, in order, as its preloaded route set. An empty list stops it.
    pub fn set_service_route(&mut self, routes: &[String]) {
        self.service_route = routes.to_vec();
    }

    /// `request` with the preloaded Service-Route when it applies (see
    /// [`set_service_route`](Self::set_service_route)).
    fn preload_route(&self, request: Message<'static>) -> Result<Message<'static>, EngineError> {
        let applies = !self.service_route.is_empty()
            && request
                .method()
                .is_some_and(|m| m != "REGISTER" && m != "ACK" && m != "CANCEL")
            && request
                .headers_of(rcs_sip::KnownHeader::Route)
                .next()
                .is_none()
            && request
                .to_header()
                .and_then(Result::ok)
                .is_none_or(|to| to.tag().is_none());
        if !applies {
            return Ok(request);
        }
        // Each value one Route line: a line break inside one would add a header of its own.
        if self
            .service_route
            .iter()
            .any(|r| r.contains(['\r', '\n']) || r.trim().is_empty())
        {
            return Err(EngineError::WrongMessage(
                "a Service-Route value that is not a Route",
            ));
        }
        // After the request line; the values are the registrar's, as it sent them.
        let bytes = request.as_bytes();
        let line_end = bytes
            .windows(2)
            .position(|w| w == b"\r\n")
            .map_or(bytes.len(), |p| p + 2);
        let mut out = Vec::with_capacity(bytes.len() + 64 * self.service_route.len());
        out.extend_from_slice(&bytes[..line_end]);
        for r in &self.service_route {
            out.extend_from_slice(b"Route: ");
            out.extend_from_slice(r.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(&bytes[line_end..]);
        let routed = Message::parse_bytes(Bytes::from(out), &rcs_sip::ParseOptions::new())
            .map_err(|_| EngineError::WrongMessage("a Service-Route value that is not a Route"))?;
        // Every value must read as the name-addr a Route holds (RFC 3261 §25.1).
        let typed = routed
            .headers_of(rcs_sip::KnownHeader::Route)
            .all(|h| h.typed_values().is_some_and(|mut v| v.all(|x| x.is_ok())));
        if !typed {
            return Err(EngineError::WrongMessage(
                "a Service-Route value that is not a Route",
            ));
        }
        Ok(routed)
    }

    /// The transaction layer underneath (for `new_branch`, `new_tag`, timers, `footprint`).
    pub fn layer(&mut self) -> &mut TransactionLayer {
        &mut self.layer
    }

    /// The dialogs held.
    pub fn dialogs(&self) -> &DialogTable {
        &self.dialogs
    }

    /// Received bytes (see [`TransactionLayer::handle_input`]).
    pub fn handle_input(&mut self, now: Instant, peer: Peer, bytes: Bytes) {
        self.now = Some(now);
        self.layer.handle_input(now, peer, bytes);
    }

    /// A framed message (see [`TransactionLayer::handle_message`]).
    pub fn handle_message(&mut self, now: Instant, peer: Peer, message: Message<'static>) {
        self.now = Some(now);
        self.layer.handle_message(now, peer, message);
    }

    /// Runs the timers due (see [`TransactionLayer::handle_timeout`]).
    pub fn handle_timeout(&mut self, now: Instant) {
        self.now = Some(now);
        self.layer.handle_timeout(now);
    }

    /// The next deadline.
    pub fn poll_timeout(&mut self) -> Option<Instant> {
        self.layer.poll_timeout()
    }

    /// Sends a request through a client transaction; an INVITE is kept to make the dialogs
    /// its responses create (or, for a re-INVITE, to refresh its dialog) and to ACK its 2xx.
    pub fn send_request(
        &mut self,
        now: Instant,
        request: Message<'static>,
        peer: Peer,
    ) -> Result<TransactionId, EngineError> {
        self.now = Some(now);
        let request = self.preload_route(request)?;
        // INVITEs, initial or re-INVITEs: the UA ACKs their 2xx.
        let invite = request.method() == Some("INVITE");
        let keep = invite.then(|| request.clone());
        let id = self.layer.send_request(now, request, peer)?;
        if let Some(request) = keep {
            self.client_invites.insert(id, Invite { request, peer });
        }
        Ok(id)
    }

    /// A request inside a dialog (§12.2.1.1): add Via, Contact, body and build, then
    /// [`send_request`](Self::send_request) it. Sending BYE ends the dialog.
    pub fn request_in_dialog(&mut self, id: &DialogId, method: &str) -> Option<MessageBuilder> {
        let b = self.dialogs.get_mut(id)?.request(method);
        if method == "BYE" {
            self.dialogs.remove(id);
            self.queued
                .push_back(UaOutput::Dialog(DialogEvent::Ended { id: id.clone() }));
        }
        Some(b)
    }

    /// Answers a server transaction; a 101–299 response to an INVITE with a To tag makes the
    /// UAS's dialog (§12.1.1).
    pub fn respond(
        &mut self,
        now: Instant,
        id: TransactionId,
        response: Message<'static>,
    ) -> Result<(), EngineError> {
        self.now = Some(now);
        let status = response.status().unwrap_or(0);
        if let Some(request) = self.server_invites.get(&id)
            && (101..300).contains(&status)
            && let Ok(d) = Dialog::uas(request, &response)
        {
            let did = d.id().clone();
            match self.dialogs.get_mut(&did) {
                Some(existing) if status >= 200 && existing.state() == DialogState::Early => {
                    existing.confirm(&response);
                    self.queued
                        .push_back(UaOutput::Dialog(DialogEvent::Confirmed { id: did }));
                }
                Some(_) => {}
                None => {
                    let state = d.state();
                    if self.dialogs.insert(d) {
                        self.queued
                            .push_back(UaOutput::Dialog(DialogEvent::Created { id: did, state }));
                    }
                }
            }
        }
        if status >= 300 {
            // A failed INVITE ends the early dialogs it made.
            if let Some(request) = self.server_invites.get(&id) {
                let ended = self.early_of(request);
                for d in ended {
                    self.dialogs.remove(&d);
                    self.queued
                        .push_back(UaOutput::Dialog(DialogEvent::Ended { id: d }));
                }
            }
        }
        self.layer.respond(now, id, response)
    }

    /// The early dialogs of an INVITE's call (its Call-ID), by identifiers.
    fn early_of(&self, request: &Message<'_>) -> Vec<DialogId> {
        let Some(Ok(call_id)) = request.call_id() else {
            return Vec::new();
        };
        let call_id = call_id.as_str();
        self.dialogs
            .ids()
            .filter(|d| *d.call_id == *call_id)
            .filter(|d| {
                self.dialogs
                    .get(d)
                    .is_some_and(|x| x.state() == DialogState::Early)
            })
            .cloned()
            .collect()
    }

    /// The next output to act on, until `None`.
    pub fn poll_output(&mut self) -> Option<UaOutput> {
        loop {
            if let Some(o) = self.queued.pop_front() {
                return Some(o);
            }
            match self.layer.poll_output()? {
                Output::Transmit(t) => return Some(UaOutput::Transmit(t)),
                Output::Event(e) => {
                    // Events only follow a call that gave the time; without one there is
                    // nothing to check them against.
                    let Some(now) = self.now else {
                        return Some(UaOutput::Event(e));
                    };
                    if let Some(e) = self.on_event(now, e) {
                        return Some(UaOutput::Event(e));
                    }
                }
            }
        }
    }

    /// Reads a transaction event through the dialogs; `None` when the user agent answered it
    /// itself.
    fn on_event(&mut self, now: Instant, e: Event) -> Option<Event> {
        match e {
            Event::Request { id, request, peer } => {
                if let Some(did) = DialogId::of_request(&request) {
                    let Some(d) = self.dialogs.get_mut(&did) else {
                        // §12.2.2: a request inside a dialog this UA does not have.
                        return self.refuse(now, id, peer, 481);
                    };
                    if d.on_request(&request).is_err() {
                        return self.refuse(now, id, peer, 500);
                    }
                    if request.method() == Some("BYE") {
                        self.dialogs.remove(&did);
                        self.queued
                            .push_back(UaOutput::Dialog(DialogEvent::Ended { id: did }));
                    }
                } else if request.method() == Some("BYE") {
                    // BYE only exists inside a dialog (§15.1.2).
                    return self.refuse(now, id, peer, 481);
                } else if request.method() == Some("INVITE") {
                    self.server_invites.insert(id, request.clone());
                }
                Some(Event::Request { id, request, peer })
            }
            Event::Response { id, response } => {
                self.on_invite_response(id, &response);
                Some(Event::Response { id, response })
            }
            Event::Cancelled { id } => {
                // The layer answered the INVITE 487: its early dialogs end now.
                if let Some(request) = self.server_invites.get(&id) {
                    for d in self.early_of(request) {
                        self.dialogs.remove(&d);
                        self.queued
                            .push_back(UaOutput::Dialog(DialogEvent::Ended { id: d }));
                    }
                }
                Some(Event::Cancelled { id })
            }
            Event::Ended { id, reason } => {
                if let Some(inv) = self.client_invites.remove(&id) {
                    // Early dialogs of an INVITE that never got its 2xx end with it.
                    for d in self.early_of(&inv.request) {
                        self.dialogs.remove(&d);
                        self.queued
                            .push_back(UaOutput::Dialog(DialogEvent::Ended { id: d }));
                    }
                }
                if let Some(request) = self.server_invites.remove(&id) {
                    for d in self.early_of(&request) {
                        self.dialogs.remove(&d);
                        self.queued
                            .push_back(UaOutput::Dialog(DialogEvent::Ended { id: d }));
                    }
                }
                Some(Event::Ended { id, reason })
            }
            other => Some(other),
        }
    }

    /// Answers a request itself (481, 500) and says so with [`Event::Answered`].
    fn refuse(
        &mut self,
        now: Instant,
        id: TransactionId,
        peer: Peer,
        status: u16,
    ) -> Option<Event> {
        let _ = self.layer.respond_status(now, id, status, None);
        Some(Event::Answered { peer, status })
    }

    /// A response to an INVITE this UA sent: makes, confirms or ends dialogs, and ACKs a 2xx
    /// from the dialog's kept ACK.
    fn on_invite_response(&mut self, id: TransactionId, response: &Message<'_>) {
        let Some(inv) = self.client_invites.get(&id) else {
            return;
        };
        let status = response.status().unwrap_or(0);
        let did = DialogId::of_response(response);
        if (101..300).contains(&status)
            && let Some(did) = &did
        {
            match self.dialogs.get_mut(did) {
                Some(d) if status >= 200 && d.state() == DialogState::Early => {
                    d.confirm(response);
                    self.queued
                        .push_back(UaOutput::Dialog(DialogEvent::Confirmed { id: did.clone() }));
                }
                // A 2xx to a re-INVITE refreshes the remote target (§12.2.1.2).
                Some(d) if status >= 200 => d.refresh_target(response),
                Some(_) => {}
                None => {
                    if let Ok(d) = Dialog::uac(&inv.request, response) {
                        let state = d.state();
                        if self.dialogs.insert(d) {
                            self.queued
                                .push_back(UaOutput::Dialog(DialogEvent::Created {
                                    id: did.clone(),
                                    state,
                                }));
                        }
                    }
                }
            }
        }
        if (200..300).contains(&status)
            && let Some(did) = &did
        {
            // §13.2.2.4: every 2xx (each fork's, each retransmission) is ACKed by the UA,
            // with the same bytes for the same dialog.
            let peer = inv.peer;
            let seq = inv
                .request
                .cseq()
                .and_then(Result::ok)
                .map_or(1, |c| c.seq());
            let via = sent_by(&inv.request);
            let branch = self.layer.new_branch();
            if let (Some(d), Some((transport, host, port))) = (self.dialogs.get_mut(did), via)
                && let Ok(ack) = d.ack(seq, (&transport, &host, port, &branch))
            {
                self.layer.send_stateless_bytes(peer, ack);
            }
        }
        if status >= 300 {
            for d in self.early_of(&inv.request) {
                self.dialogs.remove(&d);
                self.queued
                    .push_back(UaOutput::Dialog(DialogEvent::Ended { id: d }));
            }
        }
    }
}
