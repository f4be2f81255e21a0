//! The XML documents of RCS messaging that ride in CPIM: IMDN notifications (RFC 5438 §7.2)
//! and isComposing (RFC 3994). Typed views over [`Element`] trees, so unknown extension elements
//! survive a read and write.

use crate::error::{DecodeError, ErrorKind};
use crate::imdn::Notification;
use crate::message::Message;
use crate::xml::{self, Element, Node, XmlOptions, XmlWarning};

/// The IMDN XML namespace.
pub const IMDN_XML_NS: &str = "urn:ietf:params:xml:ns:imdn";
/// The isComposing XML namespace.
pub const ISCOMPOSING_NS: &str = "urn:ietf:params:xml:ns:im-iscomposing";

fn invalid(element: &'static str) -> DecodeError {
    DecodeError::value(ErrorKind::InvalidDocument, element)
}

/// Which notification an IMDN document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ImdnKind {
    /// `delivery-notification`.
    Delivery,
    /// `display-notification`.
    Display,
    /// `processing-notification`.
    Processing,
}

impl ImdnKind {
    fn element(self) -> &'static str {
        match self {
            Self::Delivery => "delivery-notification",
            Self::Display => "display-notification",
            Self::Processing => "processing-notification",
        }
    }

    /// The Disposition-Notification value that asks for this notification (`positive-delivery`
    /// and `negative-delivery` both ask for delivery notifications).
    fn asked_by(self, n: &Notification<'_>) -> bool {
        matches!(
            (self, n),
            (
                Self::Delivery,
                Notification::PositiveDelivery | Notification::NegativeDelivery
            ) | (Self::Display, Notification::Display)
                | (Self::Processing, Notification::Processing)
        )
    }
}

/// The status inside a notification.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImdnStatus {
    /// `delivered` (delivery).
    Delivered,
    /// `failed` (delivery).
    Failed,
    /// `displayed` (display).
    Displayed,
    /// `processed` (processing).
    Processed,
    /// `stored` (processing).
    Stored,
    /// `forbidden` (any).
    Forbidden,
    /// `error` (any).
    Error,
    /// An extension status element, by local name.
    Other(String),
}

crate::name_serde!(ImdnStatus {
    "delivered" => Delivered,
    "failed" => Failed,
    "displayed" => Displayed,
    "processed" => Processed,
    "stored" => Stored,
    "forbidden" => Forbidden,
    "error" => Error,
});

impl ImdnStatus {
    fn from_name(n: &str) -> Self {
        match n {
            "delivered" => Self::Delivered,
            "failed" => Self::Failed,
            "displayed" => Self::Displayed,
            "processed" => Self::Processed,
            "stored" => Self::Stored,
            "forbidden" => Self::Forbidden,
            "error" => Self::Error,
            other => Self::Other(other.into()),
        }
    }

    /// The element name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Displayed => "displayed",
            Self::Processed => "processed",
            Self::Stored => "stored",
            Self::Forbidden => "forbidden",
            Self::Error => "error",
            Self::Other(s) => s,
        }
    }

    /// Whether RFC 5438's schema allows this status in this kind of notification.
    pub fn fits(&self, kind: ImdnKind) -> bool {
        matches!(
            (kind, self),
            (_, Self::Forbidden | Self::Error | Self::Other(_))
                | (ImdnKind::Delivery, Self::Delivered | Self::Failed)
                | (ImdnKind::Display, Self::Displayed)
                | (ImdnKind::Processing, Self::Processed | Self::Stored)
        )
    }
}

/// A `message/imdn+xml` document (RFC 5438 §7.2).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Imdn {
    /// `message-id`: the IMDN Message-ID of the message notified about.
    pub message_id: String,
    /// `datetime`: the DateTime of the message notified about.
    pub datetime: String,
    /// `recipient-uri`.
    pub recipient_uri: Option<String>,
    /// `original-recipient-uri`.
    pub original_recipient_uri: Option<String>,
    /// `subject`.
    pub subject: Option<String>,
    /// Which notification.
    pub kind: ImdnKind,
    /// Its status.
    pub status: ImdnStatus,
    /// Elements of other namespaces (or unknown to RFC 5438) under `imdn`, kept in order.
    pub extensions: Vec<Element>,
    /// Leniency used to read it.
    #[cfg_attr(feature = "serde", serde(skip_deserializing))]
    pub warnings: Vec<XmlWarning>,
}

impl Imdn {
    /// Read an IMDN document.
    pub fn parse(input: &[u8], opts: &XmlOptions) -> Result<Self, DecodeError> {
        let root = xml::parse(input, &opts.limits)?;
        let mut warnings = Vec::new();
        crate::xml::check_root(&root, IMDN_XML_NS, "imdn", opts, &mut warnings)?;
        let lenient = opts.lenient;
        let text = |name: &'static str| root.child(IMDN_XML_NS, name, lenient).map(Element::text);
        let message_id = text("message-id")
            .filter(|s| !s.is_empty())
            .ok_or(invalid("message-id"))?;
        let datetime = text("datetime").ok_or(invalid("datetime"))?;
        crate::typed::DateTime::parse(&datetime).map_err(|_| invalid("datetime"))?;
        let mut found = None;
        for kind in [ImdnKind::Delivery, ImdnKind::Display, ImdnKind::Processing] {
            if let Some(n) = root.child(IMDN_XML_NS, kind.element(), lenient) {
                if found.is_some() {
                    return Err(invalid("imdn"));
                }
                let status = n
                    .child(IMDN_XML_NS, "status", lenient)
                    .ok_or(invalid("status"))?;
                let s = status.elements().next().ok_or(invalid("status"))?;
                let st = ImdnStatus::from_name(&s.name);
                if !st.fits(kind) {
                    if !lenient {
                        return Err(invalid("status"));
                    }
                    warnings.push(XmlWarning::UnexpectedValue);
                }
                found = Some((kind, st));
            }
        }
        let (kind, status) = found.ok_or(invalid("imdn"))?;
        // RFC 5438 §7.2's schema: each of these at most once (the notification is one choice).
        let single = [
            "message-id",
            "datetime",
            "recipient-uri",
            "original-recipient-uri",
            "subject",
            kind.element(),
        ];
        if let Some(name) = root.repeated(IMDN_XML_NS, &single, lenient) {
            return Err(invalid(name));
        }
        let known = [
            "message-id",
            "datetime",
            "recipient-uri",
            "original-recipient-uri",
            "subject",
            "delivery-notification",
            "display-notification",
            "processing-notification",
        ];
        let extensions = root
            .elements()
            .filter(|e| {
                !(known.contains(&e.name.as_str())
                    && (lenient || e.namespace.as_deref() == Some(IMDN_XML_NS)))
            })
            .cloned()
            .collect();
        if !lenient || warnings.is_empty() {
            let strays = root.elements().any(|e| {
                known.contains(&e.name.as_str()) && e.namespace.as_deref() != Some(IMDN_XML_NS)
            });
            if strays && lenient {
                warnings.push(XmlWarning::NamespaceMissing);
            }
        }
        Ok(Self {
            message_id,
            datetime,
            recipient_uri: text("recipient-uri"),
            original_recipient_uri: text("original-recipient-uri"),
            subject: text("subject"),
            kind,
            status,
            extensions,
            warnings,
        })
    }

    /// The notification of `kind` with `status` for a received message, or `None` when the
    /// message did not ask for it (its Disposition-Notification) or carries no IMDN Message-ID
    /// or DateTime. `recipient` is this recipient's URI; `original-recipient-uri` comes from the
    /// message's Original-To.
    pub fn for_message(
        m: &Message<'_>,
        kind: ImdnKind,
        status: ImdnStatus,
        recipient: &str,
    ) -> Result<Option<Self>, DecodeError> {
        let asked = match m.disposition_notification() {
            Some(Ok(v)) => v.iter().any(|n| kind.asked_by(n)),
            _ => false,
        };
        let (Some(id), Some(dt)) = (m.imdn_message_id(), m.header(crate::CPIM_NS, "DateTime"))
        else {
            return Ok(None);
        };
        if !asked {
            return Ok(None);
        }
        if !status.fits(kind) {
            return Err(invalid("status"));
        }
        let original = m
            .original_to()
            .and_then(Result::ok)
            .map(|a| a.uri.to_string());
        Ok(Some(Self {
            message_id: id.into(),
            datetime: dt.into(),
            recipient_uri: Some(recipient.into()),
            original_recipient_uri: original,
            subject: None,
            kind,
            status,
            extensions: Vec::new(),
            warnings: Vec::new(),
        }))
    }

    /// The document as an element tree.
    pub fn to_element(&self) -> Element {
        let ns = Some(IMDN_XML_NS);
        let mut root = Element::new(ns, "imdn");
        root.push_text(ns, "message-id", &self.message_id);
        root.push_text(ns, "datetime", &self.datetime);
        for (name, v) in [
            ("recipient-uri", &self.recipient_uri),
            ("original-recipient-uri", &self.original_recipient_uri),
            ("subject", &self.subject),
        ] {
            if let Some(v) = v {
                root.push_text(ns, name, v);
            }
        }
        let mut status = Element::new(ns, "status");
        status.push(Element::new(ns, self.status.as_str()));
        let mut n = Element::new(ns, self.kind.element());
        n.push(status);
        root.push(n);
        for e in &self.extensions {
            root.children.push(Node::Element(e.clone()));
        }
        root
    }

    /// The document (UTF-8, with an XML declaration).
    pub fn to_xml(&self) -> String {
        self.to_element().to_document()
    }

    /// This notification wrapped for sending: a CPIM message from `from` to `to` with its own
    /// IMDN Message-ID `id` and DateTime `now`, Content-Type `message/imdn+xml`,
    /// Content-Disposition `notification`, and no Disposition-Notification (notifications never
    /// ask for notifications, RFC 5438 §7.1.1).
    pub fn to_cpim(
        &self,
        from: &str,
        to: &str,
        id: &str,
        now: &str,
    ) -> Result<Message<'static>, DecodeError> {
        Ok(crate::MessageBuilder::new()
            .from(None, from)
            .to(None, to)
            .imdn_message_id(id)
            .date_time(now)
            .content("message/imdn+xml", self.to_xml())
            .content_header("Content-Disposition", "notification")
            .content_length(true)
            .build()?)
    }
}

/// `state` of isComposing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ComposingState {
    /// `active`: composing.
    Active,
    /// `idle`.
    Idle,
    /// Another value (lenient).
    Other(String),
}

crate::name_serde!(ComposingState {
    "active" => Active,
    "idle" => Idle,
});

/// An `application/im-iscomposing+xml` document (RFC 3994).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct IsComposing {
    /// `state`.
    pub state: ComposingState,
    /// `lastactive` (RFC 3339), if given.
    pub last_active: Option<String>,
    /// `contenttype`: what is being composed (a media type or a bare top-level type).
    pub content_type: Option<String>,
    /// `refresh` seconds (with `active`).
    pub refresh: Option<u32>,
    /// Other elements, kept in order.
    pub extensions: Vec<Element>,
    /// Leniency used to read it.
    #[cfg_attr(feature = "serde", serde(skip_deserializing))]
    pub warnings: Vec<XmlWarning>,
}

impl IsComposing {
    /// Read an isComposing document.
    pub fn parse(input: &[u8], opts: &XmlOptions) -> Result<Self, DecodeError> {
        let root = xml::parse(input, &opts.limits)?;
        let mut warnings = Vec::new();
        crate::xml::check_root(&root, ISCOMPOSING_NS, "isComposing", opts, &mut warnings)?;
        let lenient = opts.lenient;
        let text = |name: &str| root.child(ISCOMPOSING_NS, name, lenient).map(Element::text);
        // RFC 3994 §4's schema: each of these at most once.
        if let Some(name) = root.repeated(
            ISCOMPOSING_NS,
            &["state", "lastactive", "contenttype", "refresh"],
            lenient,
        ) {
            return Err(invalid(name));
        }
        let state = match text("state").as_deref() {
            Some("active") => ComposingState::Active,
            Some("idle") => ComposingState::Idle,
            Some(other) if lenient => {
                warnings.push(XmlWarning::UnexpectedValue);
                ComposingState::Other(other.into())
            }
            _ => return Err(invalid("state")),
        };
        let last_active = text("lastactive");
        if let Some(d) = &last_active {
            crate::typed::DateTime::parse(d).map_err(|_| invalid("lastactive"))?;
        }
        let refresh = match text("refresh") {
            Some(r) => Some(r.parse::<u32>().map_err(|_| invalid("refresh"))?),
            None => None,
        };
        let known = ["state", "lastactive", "contenttype", "refresh"];
        let extensions = root
            .elements()
            .filter(|e| {
                !(known.contains(&e.name.as_str())
                    && (lenient || e.namespace.as_deref() == Some(ISCOMPOSING_NS)))
            })
            .cloned()
            .collect();
        Ok(Self {
            state,
            last_active,
            content_type: text("contenttype"),
            refresh,
            extensions,
            warnings,
        })
    }

    /// The document as an element tree.
    pub fn to_element(&self) -> Element {
        let ns = Some(ISCOMPOSING_NS);
        let mut root = Element::new(ns, "isComposing");
        let state = match &self.state {
            ComposingState::Active => "active",
            ComposingState::Idle => "idle",
            ComposingState::Other(s) => s,
        };
        root.push_text(ns, "state", state);
        if let Some(v) = &self.last_active {
            root.push_text(ns, "lastactive", v);
        }
        if let Some(v) = &self.content_type {
            root.push_text(ns, "contenttype", v);
        }
        if let Some(v) = self.refresh {
            root.push_text(ns, "refresh", &v.to_string());
        }
        for e in &self.extensions {
            root.children.push(Node::Element(e.clone()));
        }
        root
    }

    /// The document (UTF-8, with an XML declaration).
    pub fn to_xml(&self) -> String {
        self.to_element().to_document()
    }
}

crate::xml::xml_body!(Imdn, IsComposing);
