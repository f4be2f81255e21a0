//! What identifies a transaction: RFC 3261 §17.1.3 (client) and §17.2.3 (server, with the
//! RFC 2543 rules for requests whose branch lacks the magic cookie), and the §8.2.2.2 key of
//! merged requests.

use std::net::{IpAddr, SocketAddr};

use rcs_sip::{Host, Message};

use crate::transport::{Peer, Transport};

/// The RFC 3261 magic cookie that starts every branch this layer matches on alone.
pub(crate) const MAGIC_COOKIE: &str = "z9hG4bK";

/// A client transaction: the top Via branch and the CSeq method.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ClientKey {
    pub(crate) branch: Box<str>,
    pub(crate) method: Box<str>,
}

/// A server transaction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ServerKey {
    /// §17.2.3 with the magic cookie: branch, sent-by, method (ACK counts as INVITE).
    Branch {
        branch: Box<str>,
        sent_by: Box<str>,
        method: Box<str>,
    },
    /// RFC 2543 peers: Request-URI, From tag, Call-ID, CSeq, top Via, To tag (the request's;
    /// an ACK is matched against the tag of the response sent, see `Facts::to_tag`).
    Legacy {
        uri: Box<str>,
        from_tag: Box<str>,
        call_id: Box<str>,
        cseq: u32,
        method: Box<str>,
        via: Box<str>,
        to_tag: Option<Box<str>>,
    },
}

/// §8.2.2.2: requests without a To tag are merged when From tag, Call-ID and CSeq match a
/// transaction they do not belong to. Also keys INVITE server transactions for the ACK of a
/// 2xx (a new branch, so only the dialog's identifiers find them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct DialogRequestKey {
    pub(crate) from_tag: Box<str>,
    pub(crate) call_id: Box<str>,
    pub(crate) cseq: u32,
    pub(crate) method: Box<str>,
}

/// What matching needs from a message, read once.
#[derive(Debug)]
pub(crate) struct Facts<'m> {
    pub(crate) method: &'m str,
    pub(crate) branch: Option<&'m str>,
    pub(crate) via_raw: &'m str,
    pub(crate) via_transport: &'m str,
    pub(crate) via_host: Host<'m>,
    pub(crate) via_port: Option<u16>,
    pub(crate) via_rport: Option<Option<u16>>,
    pub(crate) via_received: Option<&'m str>,
    pub(crate) call_id: &'m str,
    pub(crate) from_tag: Option<&'m str>,
    pub(crate) to_tag: Option<&'m str>,
    pub(crate) cseq: u32,
    pub(crate) cseq_method: &'m str,
    pub(crate) request_uri: Option<&'m str>,
}

impl<'m> Facts<'m> {
    /// The facts of a message, `None` when a header matching needs is missing or malformed
    /// (the top Via, CSeq, Call-ID, From, To).
    pub(crate) fn of(m: &'m Message<'_>) -> Option<Self> {
        let via = m.vias().next()?.ok()?;
        let cseq = m.cseq()?.ok()?;
        let call_id = m.call_id()?.ok()?;
        let from = m.from_header()?.ok()?;
        let to = m.to_header()?.ok()?;
        Some(Self {
            method: m.method().unwrap_or(""),
            branch: via.branch(),
            via_raw: via.as_str(),
            via_transport: via.transport(),
            via_host: via.host(),
            via_port: via.port(),
            via_rport: via.rport(),
            via_received: via.received(),
            call_id: call_id.as_str(),
            from_tag: from.tag(),
            to_tag: to.tag(),
            cseq: cseq.seq(),
            cseq_method: cseq.method(),
            request_uri: m.request_uri_str(),
        })
    }

    /// Whether the branch carries the magic cookie (an RFC 3261 peer).
    pub(crate) fn has_cookie(&self) -> bool {
        self.branch.is_some_and(|b| b.starts_with(MAGIC_COOKIE))
    }

    /// The client key of a response (or of the request that opens the transaction).
    pub(crate) fn client_key(&self) -> Option<ClientKey> {
        Some(ClientKey {
            branch: self.branch?.into(),
            method: self.cseq_method.into(),
        })
    }

    /// The sent-by as compared: host lower-cased, port made explicit.
    fn sent_by(&self) -> Box<str> {
        let transport = Transport::from_via(self.via_transport).unwrap_or(Transport::Udp);
        let port = self.via_port.unwrap_or(transport.default_port());
        let host = self.via_host.to_string().to_ascii_lowercase();
        format!("{host}:{port}").into()
    }

    /// The server key of a request; `method` is the method it is matched as (INVITE for an
    /// ACK or for the INVITE a CANCEL names). `to_tag` is the To tag to key on (legacy).
    pub(crate) fn server_key(&self, method: &str, to_tag: Option<&str>) -> Option<ServerKey> {
        if self.has_cookie() {
            return Some(ServerKey::Branch {
                branch: self.branch?.into(),
                sent_by: self.sent_by(),
                method: method.into(),
            });
        }
        Some(ServerKey::Legacy {
            uri: self.request_uri?.into(),
            from_tag: self.from_tag.unwrap_or("").into(),
            call_id: self.call_id.into(),
            cseq: self.cseq,
            method: method.into(),
            via: self.via_raw.trim().into(),
            to_tag: to_tag.map(Into::into),
        })
    }

    /// The §8.2.2.2 key (From tag, Call-ID, CSeq) under `method`.
    pub(crate) fn dialog_request_key(&self, method: &str) -> DialogRequestKey {
        DialogRequestKey {
            from_tag: self.from_tag.unwrap_or("").into(),
            call_id: self.call_id.into(),
            cseq: self.cseq,
            method: method.into(),
        }
    }

    /// Where responses to this request go (RFC 3261 §18.2.2, RFC 3581 §4): back over the
    /// connection on a reliable transport; over UDP to the source address when `rport` was
    /// asked for, else to the source IP (the `received` address) at the sent-by port.
    pub(crate) fn reply_to(&self, peer: Peer) -> Peer {
        if peer.transport.is_reliable() || self.via_rport.is_some() {
            return peer;
        }
        let port = self.via_port.unwrap_or(peer.transport.default_port());
        Peer::new(peer.transport, SocketAddr::new(peer.addr.ip(), port))
    }

    /// What §18.2.1 and RFC 3581 add to the top Via: `received` when the sent-by host is
    /// not the source IP (or `rport` was asked for), and the source port in a bare `rport`.
    pub(crate) fn via_stamp(&self, peer: Peer) -> (Option<IpAddr>, Option<u16>) {
        let source = peer.addr.ip();
        let same_host = self.via_host.ip().is_some_and(|ip| ip == source);
        let received = (self.via_received.is_none() && (!same_host || self.via_rport.is_some()))
            .then_some(source);
        let rport = matches!(self.via_rport, Some(None)).then_some(peer.addr.port());
        (received, rport)
    }
}

/// What the layer needs to place a received request, read once from it and owned, so the
/// request can move on without being read again.
#[derive(Debug)]
pub(crate) enum Placed {
    /// An ACK: the keys of the INVITE it may belong to, its To tag, and the dialog key of
    /// that INVITE (for the ACK of a 2xx, which has a branch of its own).
    Ack {
        invite: [Option<ServerKey>; 2],
        to_tag: Option<Box<str>>,
        dialog: DialogRequestKey,
    },
    /// A CANCEL: its own key, the INVITE's keys, its §8.2.2.2 key, where replies go.
    Cancel {
        own: Option<ServerKey>,
        invite: [Option<ServerKey>; 2],
        merge: DialogRequestKey,
        reply_to: Peer,
    },
    /// Any other request.
    Other(OtherRequest),
}

/// A request that opens a transaction of its own.
#[derive(Debug)]
pub(crate) struct OtherRequest {
    pub(crate) key: Option<ServerKey>,
    /// §8.2.2.2, when the request has no To tag.
    pub(crate) merge: Option<DialogRequestKey>,
    /// An INVITE's key for the ACK of its 2xx.
    pub(crate) accepted: Option<DialogRequestKey>,
    pub(crate) reply_to: Peer,
    pub(crate) stamp: (Option<IpAddr>, Option<u16>),
    pub(crate) check: ResponseCheck,
}

/// What a response to a request must repeat (§8.2.6): the top Via branch and the CSeq.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResponseCheck {
    pub(crate) branch: Option<Box<str>>,
    pub(crate) cseq: u32,
    pub(crate) method: Box<str>,
}

impl ResponseCheck {
    /// Read from a message's top Via and CSeq (no other header is parsed).
    pub(crate) fn of(m: &Message<'_>) -> Option<Self> {
        let via = m.vias().next()?.ok()?;
        let cseq = m.cseq()?.ok()?;
        Some(Self {
            branch: via.branch().map(Into::into),
            cseq: cseq.seq(),
            method: cseq.method().into(),
        })
    }

    /// The client key a response matches (§17.1.3).
    pub(crate) fn client_key(&self) -> Option<ClientKey> {
        Some(ClientKey {
            branch: self.branch.clone()?,
            method: self.method.clone(),
        })
    }
}

impl Facts<'_> {
    /// The keys of the INVITE an ACK or CANCEL names: with the cookie its branch key; for
    /// RFC 2543 peers the legacy key without and with the request's To tag.
    fn invite_keys(&self) -> [Option<ServerKey>; 2] {
        if self.has_cookie() {
            [self.server_key("INVITE", None), None]
        } else {
            [
                self.server_key("INVITE", None),
                self.to_tag.and_then(|t| self.server_key("INVITE", Some(t))),
            ]
        }
    }

    /// How the layer places this request (from `peer`).
    pub(crate) fn place(&self, peer: Peer) -> Placed {
        match self.method {
            "ACK" => Placed::Ack {
                invite: self.invite_keys(),
                to_tag: self.to_tag.map(Into::into),
                dialog: self.dialog_request_key("INVITE"),
            },
            "CANCEL" => Placed::Cancel {
                own: self.server_key("CANCEL", self.to_tag),
                invite: self.invite_keys(),
                merge: self.dialog_request_key("CANCEL"),
                reply_to: self.reply_to(peer),
            },
            method => Placed::Other(OtherRequest {
                key: self.server_key(method, self.to_tag),
                merge: self
                    .to_tag
                    .is_none()
                    .then(|| self.dialog_request_key(method)),
                accepted: (method == "INVITE").then(|| self.dialog_request_key("INVITE")),
                reply_to: self.reply_to(peer),
                stamp: self.via_stamp(peer),
                check: ResponseCheck {
                    branch: self.branch.map(Into::into),
                    cseq: self.cseq,
                    method: self.cseq_method.into(),
                },
            }),
        }
    }
}
