//! Dialogs (RFC 3261 §12): their state made from the request and response that create them,
//! the requests sent inside them (route set, remote target, CSeq), the ACK of a 2xx, and the
//! checks on requests received inside them. Sans-IO values: the transaction user keeps them
//! (in a [`DialogTable`]) and sends what they build through the
//! [`TransactionLayer`](crate::TransactionLayer).

use std::collections::HashMap;

use bytes::Bytes;
use rcs_sip::{KnownHeader, Message, MessageBuilder, Uri};

/// What identifies a dialog (§12): Call-ID, local tag, remote tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DialogId {
    /// Call-ID.
    pub call_id: Box<str>,
    /// This side's tag (From of requests it sends).
    pub local_tag: Box<str>,
    /// The other side's tag.
    pub remote_tag: Box<str>,
}

impl DialogId {
    /// The dialog a received request belongs to, seen from the UAS: (Call-ID, To tag, From
    /// tag); `None` without a To tag (not inside a dialog).
    pub fn of_request(request: &Message<'_>) -> Option<Self> {
        Some(Self {
            call_id: request.call_id()?.ok()?.as_str().into(),
            local_tag: request.to_header()?.ok()?.tag()?.into(),
            remote_tag: request.from_header()?.ok()?.tag()?.into(),
        })
    }

    /// The dialog a received response belongs to, seen from the UAC: (Call-ID, From tag,
    /// To tag); `None` without a To tag.
    pub fn of_response(response: &Message<'_>) -> Option<Self> {
        Some(Self {
            call_id: response.call_id()?.ok()?.as_str().into(),
            local_tag: response.from_header()?.ok()?.tag()?.into(),
            remote_tag: response.to_header()?.ok()?.tag()?.into(),
        })
    }
}

impl core::fmt::Display for DialogId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{};{};{}", self.call_id, self.local_tag, self.remote_tag)
    }
}

/// Early (a provisional response with a tag) or confirmed (a 2xx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DialogState {
    /// Made by a 1xx with a To tag; ended by a non-2xx final response.
    Early,
    /// Made or confirmed by a 2xx.
    Confirmed,
}

/// Why a dialog could not be made, or a request in it was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DialogError {
    /// The message lacks what a dialog needs (a tag, a Contact, Call-ID, CSeq), or a status
    /// that makes no dialog.
    NotDialogForming(&'static str),
    /// §12.2.2: the request's CSeq is lower than the last one received in the dialog; the
    /// UAS answers 500.
    CSeqOutOfOrder,
    /// A header value from the dialog did not build into a message.
    Build,
}

impl core::fmt::Display for DialogError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::NotDialogForming(why) => write!(f, "no dialog: {why}"),
            Self::CSeqOutOfOrder => f.write_str("CSeq lower than the last one in the dialog"),
            Self::Build => f.write_str("a dialog header did not build"),
        }
    }
}

impl std::error::Error for DialogError {}

/// A dialog's state (§12.1): identifiers, sequence numbers, URIs, remote target and route
/// set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    id: DialogId,
    state: DialogState,
    local_seq: Option<u32>,
    remote_seq: Option<u32>,
    /// The local and remote party as name-addr text (From / To of requests sent).
    local_party: Box<str>,
    remote_party: Box<str>,
    remote_target: Box<str>,
    /// Route set, each entry a name-addr as received (`<sip:p1.example.com;lr>`).
    route_set: Vec<Box<str>>,
    secure: bool,
    /// The CSeq of the INVITE whose 2xx the cached ACK answers, and that ACK.
    ack: Option<(u32, Bytes)>,
}

/// The name-addr of an address header without its parameters (tag included), as text.
fn party(m: &Message<'_>, kind: KnownHeader) -> Option<Box<str>> {
    let a = match kind {
        KnownHeader::From => m.from_header()?.ok()?,
        _ => m.to_header()?.ok()?,
    };
    let uri = a.uri().as_str();
    Some(match a.display_name() {
        Some(name) => format!("{name} <{uri}>").into(),
        None => format!("<{uri}>").into(),
    })
}

fn contact_uri(m: &Message<'_>) -> Option<Box<str>> {
    let c = m.contacts().next()?.ok()?;
    Some(c.address()?.uri().as_str().into())
}

fn route_set(m: &Message<'_>) -> Vec<Box<str>> {
    m.record_routes()
        .filter_map(Result::ok)
        .map(|a| a.as_str().into())
        .collect()
}

fn cseq_of(m: &Message<'_>) -> Option<(u32, String)> {
    let c = m.cseq()?.ok()?;
    Some((c.seq(), c.method().to_owned()))
}

/// Whether a route entry (name-addr text) names a loose router (`;lr` on its URI).
fn is_loose(entry: &str) -> bool {
    rcs_sip::Address::parse(entry)
        .ok()
        .is_some_and(|a| match a.uri() {
            Uri::Sip(s) => s.params().contains("lr"),
            _ => false,
        })
}

/// The state of the dialog a response makes: early for 101–199, confirmed for 2xx.
fn state_made_by(response: &Message<'_>) -> Result<DialogState, DialogError> {
    match response.status() {
        Some(101..=199) => Ok(DialogState::Early),
        Some(200..=299) => Ok(DialogState::Confirmed),
        Some(_) => Err(DialogError::NotDialogForming("only 101-299 make a dialog")),
        None => Err(DialogError::NotDialogForming("not a response")),
    }
}

impl Dialog {
    /// A UAC's dialog from the request it sent and a response with a To tag: 101–199 makes an
    /// early dialog, 2xx a confirmed one (§12.1.2). The route set is the response's
    /// Record-Route reversed; the remote target its Contact.
    pub fn uac(request: &Message<'_>, response: &Message<'_>) -> Result<Self, DialogError> {
        let state = state_made_by(response)?;
        let id = DialogId::of_response(response).ok_or(DialogError::NotDialogForming(
            "no To tag, From tag or Call-ID",
        ))?;
        let remote_target = contact_uri(response)
            .ok_or(DialogError::NotDialogForming("no Contact in the response"))?;
        let (seq, _) = cseq_of(request).ok_or(DialogError::NotDialogForming("no CSeq"))?;
        let mut routes = route_set(response);
        routes.reverse();
        let secure = matches!(request.request_uri(), Some(Uri::Sip(s)) if s.is_secure());
        Ok(Self {
            id,
            state,
            local_seq: Some(seq),
            remote_seq: None,
            local_party: party(request, KnownHeader::From)
                .ok_or(DialogError::NotDialogForming("no From"))?,
            remote_party: party(request, KnownHeader::To)
                .ok_or(DialogError::NotDialogForming("no To"))?,
            remote_target,
            route_set: routes,
            secure,
            ack: None,
        })
    }

    /// A UAS's dialog from the request it received and the response it sends (with the To
    /// tag it chose): §12.1.1. The route set is the request's Record-Route in order; the
    /// remote target its Contact.
    pub fn uas(request: &Message<'_>, response: &Message<'_>) -> Result<Self, DialogError> {
        let state = state_made_by(response)?;
        let id = DialogId::of_response(response)
            .map(|d| DialogId {
                call_id: d.call_id,
                // Seen from the UAS the tags swap.
                local_tag: d.remote_tag,
                remote_tag: d.local_tag,
            })
            .ok_or(DialogError::NotDialogForming(
                "no To tag, From tag or Call-ID",
            ))?;
        let remote_target = contact_uri(request)
            .ok_or(DialogError::NotDialogForming("no Contact in the request"))?;
        let (seq, _) = cseq_of(request).ok_or(DialogError::NotDialogForming("no CSeq"))?;
        let secure = matches!(request.request_uri(), Some(Uri::Sip(s)) if s.is_secure());
        Ok(Self {
            id,
            state,
            local_seq: None,
            remote_seq: Some(seq),
            local_party: party(request, KnownHeader::To)
                .ok_or(DialogError::NotDialogForming("no To"))?,
            remote_party: party(request, KnownHeader::From)
                .ok_or(DialogError::NotDialogForming("no From"))?,
            remote_target,
            route_set: route_set(request),
            secure,
            ack: None,
        })
    }

    /// A subscriber's dialog made by a NOTIFY that arrived before the 2xx to its SUBSCRIBE
    /// (RFC 6665 §4.1.2.4): the tags from the NOTIFY (its To tag is the SUBSCRIBE's From
    /// tag), the remote target its Contact, the route set its Record-Route in order (this
    /// side receives it as a UAS would), the CSeqs of both.
    pub fn from_notify(subscribe: &Message<'_>, notify: &Message<'_>) -> Result<Self, DialogError> {
        let id = DialogId::of_request(notify).ok_or(DialogError::NotDialogForming(
            "no tags or Call-ID in the NOTIFY",
        ))?;
        let our_tag = subscribe
            .from_header()
            .and_then(Result::ok)
            .and_then(|a| a.tag().map(str::to_owned));
        if our_tag.as_deref() != Some(&*id.local_tag) {
            return Err(DialogError::NotDialogForming(
                "the NOTIFY's To tag is not ours",
            ));
        }
        let remote_target =
            contact_uri(notify).ok_or(DialogError::NotDialogForming("no Contact in the NOTIFY"))?;
        let (local, _) = cseq_of(subscribe).ok_or(DialogError::NotDialogForming("no CSeq"))?;
        let (remote, _) = cseq_of(notify).ok_or(DialogError::NotDialogForming("no CSeq"))?;
        let secure = matches!(subscribe.request_uri(), Some(Uri::Sip(s)) if s.is_secure());
        Ok(Self {
            id,
            state: DialogState::Confirmed,
            local_seq: Some(local),
            remote_seq: Some(remote),
            local_party: party(subscribe, KnownHeader::From)
                .ok_or(DialogError::NotDialogForming("no From"))?,
            remote_party: party(subscribe, KnownHeader::To)
                .ok_or(DialogError::NotDialogForming("no To"))?,
            remote_target,
            route_set: route_set(notify),
            secure,
            ack: None,
        })
    }

    /// The identifiers.
    pub fn id(&self) -> &DialogId {
        &self.id
    }

    /// Early or confirmed.
    pub fn state(&self) -> DialogState {
        self.state
    }

    /// The remote target: where requests in the dialog go (the Request-URI, or the last
    /// Route with a strict router).
    pub fn remote_target(&self) -> &str {
        &self.remote_target
    }

    /// The route set, in the order requests carry it.
    pub fn route_set(&self) -> impl Iterator<Item = &str> {
        self.route_set.iter().map(|r| &**r)
    }

    /// Whether the dialog is secure (a sips Request-URI).
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    /// The last CSeq number this side sent, if any.
    pub fn local_seq(&self) -> Option<u32> {
        self.local_seq
    }

    /// The last CSeq number received, if any.
    pub fn remote_seq(&self) -> Option<u32> {
        self.remote_seq
    }

    /// A 2xx confirms an early dialog (the UAC's, for its INVITE; the UAS's when it sends
    /// it); the remote target comes from the 2xx's Contact when it has one (§12.1.2).
    pub fn confirm(&mut self, response: &Message<'_>) {
        self.state = DialogState::Confirmed;
        if let Some(target) = contact_uri(response) {
            self.remote_target = target;
        }
    }

    /// A target refresh (a re-INVITE or UPDATE and its 2xx, §12.2): the remote target
    /// becomes the message's Contact.
    pub fn refresh_target(&mut self, message: &Message<'_>) {
        if let Some(target) = contact_uri(message) {
            self.remote_target = target;
        }
    }

    /// Checks a request received in the dialog (§12.2.2) and records its CSeq: a lower CSeq
    /// than the last is refused (the UAS answers 500). ACK and CANCEL carry the INVITE's
    /// number and are not checked.
    pub fn on_request(&mut self, request: &Message<'_>) -> Result<(), DialogError> {
        let (seq, method) = cseq_of(request).ok_or(DialogError::NotDialogForming("no CSeq"))?;
        if method == "ACK" || method == "CANCEL" {
            return Ok(());
        }
        if self.remote_seq.is_some_and(|last| seq <= last) {
            return Err(DialogError::CSeqOutOfOrder);
        }
        self.remote_seq = Some(seq);
        if matches!(
            method.as_str(),
            "INVITE" | "UPDATE" | "NOTIFY" | "SUBSCRIBE"
        ) {
            self.refresh_target(request);
        }
        Ok(())
    }

    /// A request in the dialog (§12.2.1.1): To/From with the tags, Call-ID, the next CSeq,
    /// Request-URI and Route from the remote target and route set (loose or strict routing),
    /// Max-Forwards 70. Add the Via (with a new branch), Contact and body, then build.
    pub fn request(&mut self, method: &str) -> MessageBuilder {
        let seq = self.local_seq.map_or(1, |s| s.wrapping_add(1).max(1));
        self.local_seq = Some(seq);
        self.request_with_seq(method, seq)
    }

    fn request_with_seq(&self, method: &str, seq: u32) -> MessageBuilder {
        let (uri, routes): (String, Vec<String>) = match self.route_set.first() {
            Some(first) if !is_loose(first) => {
                // Strict routing (§12.2.1.1): the first route becomes the Request-URI, the
                // remote target the last Route.
                let uri = rcs_sip::Address::parse(first)
                    .map(|a| a.uri().as_str().to_owned())
                    .unwrap_or_else(|_| self.remote_target.to_string());
                let mut rest: Vec<String> =
                    self.route_set[1..].iter().map(|r| r.to_string()).collect();
                rest.push(format!("<{}>", self.remote_target));
                (uri, rest)
            }
            _ => (
                self.remote_target.to_string(),
                self.route_set.iter().map(|r| r.to_string()).collect(),
            ),
        };
        let mut b = MessageBuilder::request(method, &uri);
        for r in &routes {
            b = b.header(KnownHeader::Route, r);
        }
        b.max_forwards(70)
            .header(
                KnownHeader::From,
                &format!("{};tag={}", self.local_party, self.id.local_tag),
            )
            .header(
                KnownHeader::To,
                &format!("{};tag={}", self.remote_party, self.id.remote_tag),
            )
            .call_id(&self.id.call_id)
            .cseq(seq, method)
    }

    /// The ACK of the 2xx to the INVITE with CSeq `invite_seq` (§13.2.2.4): built once with
    /// `via` (transport, host, port, branch) and kept, so each retransmission of the 2xx is
    /// answered with the same bytes.
    pub fn ack(
        &mut self,
        invite_seq: u32,
        via: (&str, &str, Option<u16>, &str),
    ) -> Result<Bytes, DialogError> {
        if let Some((seq, bytes)) = &self.ack
            && *seq == invite_seq
        {
            return Ok(bytes.clone());
        }
        let (transport, host, port, branch) = via;
        let ack = self
            .request_with_seq("ACK", invite_seq)
            .via(transport, host, port, branch, true)
            .build()
            .map_err(|_| DialogError::Build)?
            .to_bytes();
        self.ack = Some((invite_seq, ack.clone()));
        Ok(ack)
    }
}

/// The dialogs a user agent holds, bounded.
#[derive(Debug)]
pub struct DialogTable {
    dialogs: HashMap<DialogId, Dialog>,
    max: usize,
}

impl DialogTable {
    /// An empty table holding at most `max` dialogs.
    pub fn new(max: usize) -> Self {
        Self {
            dialogs: HashMap::new(),
            max,
        }
    }

    /// Keeps a dialog; `false` (and not kept) when the table is full or it is already there.
    pub fn insert(&mut self, dialog: Dialog) -> bool {
        if self.dialogs.len() >= self.max || self.dialogs.contains_key(dialog.id()) {
            return false;
        }
        self.dialogs.insert(dialog.id().clone(), dialog);
        true
    }

    /// The dialog with these identifiers.
    pub fn get_mut(&mut self, id: &DialogId) -> Option<&mut Dialog> {
        self.dialogs.get_mut(id)
    }

    /// The dialog with these identifiers.
    pub fn get(&self, id: &DialogId) -> Option<&Dialog> {
        self.dialogs.get(id)
    }

    /// Ends a dialog.
    pub fn remove(&mut self, id: &DialogId) -> Option<Dialog> {
        self.dialogs.remove(id)
    }

    /// Ends every early dialog of a call but `keep` (forking: a non-2xx final response, or
    /// the one 2xx the UAC keeps).
    pub fn end_early(&mut self, call_id: &str, keep: Option<&DialogId>) -> usize {
        let before = self.dialogs.len();
        self.dialogs.retain(|id, d| {
            &*id.call_id != call_id || d.state == DialogState::Confirmed || Some(id) == keep
        });
        before - self.dialogs.len()
    }

    /// The identifiers of the dialogs held.
    pub fn ids(&self) -> impl Iterator<Item = &DialogId> {
        self.dialogs.keys()
    }

    /// Dialogs held.
    pub fn len(&self) -> usize {
        self.dialogs.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.dialogs.is_empty()
    }
}
