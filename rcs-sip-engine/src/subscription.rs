//! Subscriptions (RFC 6665), generic over the event package (`conference` for group chat,
//! `presence`, `reg`, ...): the subscriber's and the notifier's state, the SUBSCRIBE and
//! NOTIFY requests they send inside the subscription's dialog, and the Subscription-State
//! they read and write. Sans-IO values the transaction user keeps; requests go out through
//! the [`TransactionLayer`](crate::TransactionLayer).

use std::time::{Duration, Instant};

use rcs_sip::{KnownHeader, Message, MessageBuilder, TokenParams};

use crate::dialog::{Dialog, DialogError};

/// Where a subscription stands (RFC 6665 §4.1.3, Subscription-State).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionState {
    /// SUBSCRIBE sent, nothing confirmed yet.
    Sent,
    /// Accepted, waiting for the notifier's authorization.
    Pending {
        /// When it lapses without a refresh.
        until: Instant,
    },
    /// Active.
    Active {
        /// When it lapses without a refresh.
        until: Instant,
    },
    /// Over.
    Terminated {
        /// The reason given (`deactivated`, `probation`, `rejected`, `timeout`, `giveup`,
        /// `noresource`, `invariant`), or the status that refused the SUBSCRIBE.
        reason: Option<String>,
        /// When the subscriber may try again (`retry-after`), in seconds.
        retry_after: Option<u32>,
    },
}

/// A Subscription-State value, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionStateHeader {
    /// `active`, `pending`, `terminated` (or an extension value), lower-cased.
    pub state: String,
    /// `expires`.
    pub expires: Option<u32>,
    /// `reason`.
    pub reason: Option<String>,
    /// `retry-after`.
    pub retry_after: Option<u32>,
}

impl SubscriptionStateHeader {
    /// The Subscription-State of a NOTIFY.
    pub fn of(message: &Message<'_>) -> Option<Self> {
        let v = message
            .first::<TokenParams<'_>>(KnownHeader::SubscriptionState)?
            .ok()?;
        let p = v.params();
        Some(Self {
            state: v.value().to_ascii_lowercase(),
            expires: p.value("expires").and_then(|e| e.parse().ok()),
            reason: p.value("reason").map(str::to_ascii_lowercase),
            retry_after: p.value("retry-after").and_then(|e| e.parse().ok()),
        })
    }
}

/// Why a NOTIFY is refused; the subscriber answers it with this status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyRefusal {
    /// 481: not this subscription (another dialog, another event package or id).
    NoSuchSubscription,
    /// 400: no or a malformed Subscription-State.
    BadRequest,
    /// 500: CSeq out of order in the dialog (§12.2.2).
    OutOfOrder,
}

impl NotifyRefusal {
    /// The status to answer with.
    pub fn status(self) -> u16 {
        match self {
            Self::NoSuchSubscription => 481,
            Self::BadRequest => 400,
            Self::OutOfOrder => 500,
        }
    }
}

/// The `Event` value of a message (package and `id`), lower-cased package.
fn event_of(m: &Message<'_>) -> Option<(String, Option<String>)> {
    let v = m.first::<TokenParams<'_>>(KnownHeader::Event)?.ok()?;
    Some((
        v.value().to_ascii_lowercase(),
        v.params().value("id").map(str::to_owned),
    ))
}

/// The subscriber's side of one subscription.
#[derive(Debug)]
pub struct Subscriber {
    event: String,
    id: Option<String>,
    accept: Option<String>,
    expires: u32,
    state: SubscriptionState,
    dialog: Option<Dialog>,
    refresh_at: Option<Instant>,
    /// The initial SUBSCRIBE, to make the dialog from its answer or first NOTIFY.
    initial: Option<Message<'static>>,
}

impl Subscriber {
    /// A subscription to `event` (with an optional `id`), asking for `expires` seconds;
    /// `accept` is the Accept header (the body types understood).
    pub fn new(event: &str, id: Option<&str>, accept: Option<&str>, expires: u32) -> Self {
        Self {
            event: event.to_ascii_lowercase(),
            id: id.map(str::to_owned),
            accept: accept.map(str::to_owned),
            expires,
            state: SubscriptionState::Sent,
            dialog: None,
            refresh_at: None,
            initial: None,
        }
    }

    /// Where it stands.
    pub fn state(&self) -> &SubscriptionState {
        &self.state
    }

    /// When to send a refreshing SUBSCRIBE (before the expiry: at half of it for short
    /// subscriptions, a minute before it for long ones).
    pub fn refresh_at(&self) -> Option<Instant> {
        self.refresh_at
    }

    /// The subscription's dialog, once made.
    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    fn event_value(&self) -> String {
        match &self.id {
            Some(id) => format!("{};id={id}", self.event),
            None => self.event.clone(),
        }
    }

    /// The initial SUBSCRIBE: `builder` carries Request-URI, Via, From (with tag), To,
    /// Call-ID, CSeq and Contact; Event, Expires and Accept are added here.
    pub fn subscribe(
        &mut self,
        builder: MessageBuilder,
    ) -> Result<Message<'static>, rcs_sip::BuildError> {
        let mut b = builder
            .header(KnownHeader::Event, &self.event_value())
            .header(KnownHeader::Expires, &self.expires.to_string());
        if let Some(a) = &self.accept {
            b = b.header(KnownHeader::Accept, a);
        }
        let m = b.build()?;
        self.initial = Some(m.clone());
        self.state = SubscriptionState::Sent;
        Ok(m)
    }

    /// A SUBSCRIBE inside the subscription's dialog: a refresh, or with `expires` 0 the end
    /// (§4.1.2.3). `via` is (transport, host, port, branch). `None` before the dialog exists.
    pub fn refresh(
        &mut self,
        via: (&str, &str, Option<u16>, &str),
        contact: &str,
        expires: Option<u32>,
    ) -> Option<Result<Message<'static>, rcs_sip::BuildError>> {
        let event = self.event_value();
        let expires = expires.unwrap_or(self.expires);
        let accept = self.accept.clone();
        let d = self.dialog.as_mut()?;
        let (transport, host, port, branch) = via;
        let mut b = d
            .request("SUBSCRIBE")
            .via(transport, host, port, branch, true)
            .contact(contact, "")
            .header(KnownHeader::Event, &event)
            .header(KnownHeader::Expires, &expires.to_string());
        if let Some(a) = &accept {
            b = b.header(KnownHeader::Accept, a);
        }
        Some(b.build())
    }

    fn lapse(&mut self, now: Instant, expires: u32, active: bool) {
        let until = now + Duration::from_secs(u64::from(expires));
        self.state = if active {
            SubscriptionState::Active { until }
        } else {
            SubscriptionState::Pending { until }
        };
        let refresh = if expires > 120 {
            u64::from(expires) - 60
        } else {
            u64::from(expires) / 2
        };
        self.refresh_at = Some(now + Duration::from_secs(refresh));
    }

    /// The final response to a SUBSCRIBE this side sent (`request`). A 2xx makes the dialog
    /// (when no NOTIFY made it first) and sets the expiry from its Expires; another final
    /// response ends the subscription (`reason` is the status).
    pub fn on_response(&mut self, now: Instant, request: &Message<'_>, response: &Message<'_>) {
        let status = response.status().unwrap_or(0);
        if (200..300).contains(&status) {
            if self.dialog.is_none()
                && let Ok(d) = Dialog::uac(request, response)
            {
                self.dialog = Some(d);
            }
            let granted = response
                .expires()
                .and_then(Result::ok)
                .unwrap_or(self.expires);
            if granted == 0 {
                self.end(Some("unsubscribed".into()), None);
            } else if !matches!(self.state, SubscriptionState::Active { .. }) {
                // Pending until a NOTIFY says otherwise (§4.1.2.1).
                self.lapse(now, granted, false);
            } else {
                self.lapse(now, granted, true);
            }
        } else if status >= 300 {
            self.end(Some(status.to_string()), None);
        }
    }

    fn end(&mut self, reason: Option<String>, retry_after: Option<u32>) {
        self.state = SubscriptionState::Terminated {
            reason,
            retry_after,
        };
        self.refresh_at = None;
    }

    /// A NOTIFY received: checks it belongs to this subscription (event package and id,
    /// dialog, CSeq order), makes the dialog when it arrives before the 2xx (§4.1.2.4), and
    /// applies its Subscription-State. `Ok` means answer 200 and read the body.
    pub fn on_notify(&mut self, now: Instant, notify: &Message<'_>) -> Result<(), NotifyRefusal> {
        let Some((event, id)) = event_of(notify) else {
            return Err(NotifyRefusal::BadRequest);
        };
        if event != self.event || id != self.id {
            return Err(NotifyRefusal::NoSuchSubscription);
        }
        let state = SubscriptionStateHeader::of(notify).ok_or(NotifyRefusal::BadRequest)?;
        match &mut self.dialog {
            Some(d) => {
                let mine =
                    crate::dialog::DialogId::of_request(notify).is_some_and(|id| &id == d.id());
                if !mine {
                    return Err(NotifyRefusal::NoSuchSubscription);
                }
                d.on_request(notify).map_err(|e| match e {
                    DialogError::CSeqOutOfOrder => NotifyRefusal::OutOfOrder,
                    _ => NotifyRefusal::BadRequest,
                })?;
            }
            None => {
                // The NOTIFY came first: it makes the dialog, with the initial request.
                let initial = self
                    .initial
                    .as_ref()
                    .ok_or(NotifyRefusal::NoSuchSubscription)?;
                let same_call = initial
                    .call_id()
                    .and_then(Result::ok)
                    .map(|c| c.as_str().to_owned())
                    == notify
                        .call_id()
                        .and_then(Result::ok)
                        .map(|c| c.as_str().to_owned());
                if !same_call {
                    return Err(NotifyRefusal::NoSuchSubscription);
                }
                let d =
                    Dialog::from_notify(initial, notify).map_err(|_| NotifyRefusal::BadRequest)?;
                self.dialog = Some(d);
            }
        }
        match state.state.as_str() {
            "active" | "pending" => {
                let expires = state.expires.unwrap_or(self.expires);
                self.lapse(now, expires, state.state == "active");
            }
            "terminated" => self.end(state.reason, state.retry_after),
            // An unknown state is treated as pending (§4.1.3).
            _ => self.lapse(now, state.expires.unwrap_or(self.expires), false),
        }
        Ok(())
    }
}

/// The notifier's side of one subscription.
#[derive(Debug)]
pub struct Notifier {
    event: String,
    id: Option<String>,
    dialog: Dialog,
    until: Option<Instant>,
    active: bool,
    terminated: bool,
}

impl Notifier {
    /// Accepts a SUBSCRIBE (`request`) with `response` (the 2xx sent, with the To tag and a
    /// Contact), granting `expires` seconds (at most what was asked for). Starts pending:
    /// call [`activate`](Self::activate) once the subscriber is authorized.
    pub fn accept(
        now: Instant,
        request: &Message<'_>,
        response: &Message<'_>,
        expires: u32,
    ) -> Result<Self, DialogError> {
        let (event, id) =
            event_of(request).ok_or(DialogError::NotDialogForming("no Event header"))?;
        let dialog = Dialog::uas(request, response)?;
        Ok(Self {
            event,
            id,
            dialog,
            until: Some(now + Duration::from_secs(u64::from(expires))),
            active: false,
            terminated: expires == 0,
        })
    }

    /// The subscription's dialog.
    pub fn dialog(&self) -> &Dialog {
        &self.dialog
    }

    /// When it lapses unless refreshed (then send [`terminate`](Self::terminate) with
    /// `timeout`).
    pub fn expires_at(&self) -> Option<Instant> {
        self.until
    }

    /// Whether it has ended.
    pub fn is_terminated(&self) -> bool {
        self.terminated
    }

    /// The subscriber is authorized: later NOTIFYs say `active`.
    pub fn activate(&mut self) {
        self.active = true;
    }

    /// A refreshing SUBSCRIBE in the dialog: checks its order and event, sets the new expiry
    /// (`expires` 0 ends the subscription: send a final NOTIFY with
    /// [`terminate`](Self::terminate)). Returns the status to answer.
    pub fn on_subscribe(&mut self, now: Instant, request: &Message<'_>, expires: u32) -> u16 {
        if event_of(request) != Some((self.event.clone(), self.id.clone())) {
            return 489;
        }
        if self.dialog.on_request(request).is_err() {
            return 500;
        }
        if expires == 0 {
            self.until = None;
        } else {
            self.until = Some(now + Duration::from_secs(u64::from(expires)));
        }
        200
    }

    fn state_value(&self, now: Instant) -> String {
        let left = self
            .until
            .map_or(0, |u| u.saturating_duration_since(now).as_secs());
        let state = if self.active { "active" } else { "pending" };
        format!("{state};expires={left}")
    }

    fn notify_builder(
        &mut self,
        via: (&str, &str, Option<u16>, &str),
        contact: &str,
        state: &str,
    ) -> MessageBuilder {
        let event = match &self.id {
            Some(id) => format!("{};id={id}", self.event),
            None => self.event.clone(),
        };
        let (transport, host, port, branch) = via;
        self.dialog
            .request("NOTIFY")
            .via(transport, host, port, branch, true)
            .contact(contact, "")
            .header(KnownHeader::Event, &event)
            .header(KnownHeader::SubscriptionState, state)
    }

    /// A NOTIFY with the current state (`active` or `pending`, the seconds left) and a body
    /// of the package's type.
    pub fn notify(
        &mut self,
        now: Instant,
        via: (&str, &str, Option<u16>, &str),
        contact: &str,
        content_type: Option<(&str, &str)>,
        body: &[u8],
    ) -> Result<Message<'static>, rcs_sip::BuildError> {
        let state = self.state_value(now);
        let mut b = self.notify_builder(via, contact, &state);
        if let Some((t, s)) = content_type {
            b = b.content_type(t, s).body(body);
        }
        b.build()
    }

    /// The final NOTIFY (`terminated;reason=...`): after an unsubscribe, a timeout, or when
    /// the notifier ends it.
    pub fn terminate(
        &mut self,
        via: (&str, &str, Option<u16>, &str),
        contact: &str,
        reason: &str,
    ) -> Result<Message<'static>, rcs_sip::BuildError> {
        self.terminated = true;
        self.until = None;
        let state = format!("terminated;reason={reason}");
        self.notify_builder(via, contact, &state).build()
    }
}
