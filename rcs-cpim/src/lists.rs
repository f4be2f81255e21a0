//! Group documents: `application/resource-lists+xml` (RFC 4826) with the copyControl
//! attributes of RFC 5364 (the recipient list of a group-chat or one-to-many INVITE), and
//! `application/conference-info+xml` (RFC 4575) as RCS group chat NOTIFYs carry it.

use crate::error::{DecodeError, ErrorKind};
use crate::xml::{self, Attribute, Element, Node, XmlOptions, XmlWarning};

/// The resource-lists namespace.
pub const RESOURCE_LISTS_NS: &str = "urn:ietf:params:xml:ns:resource-lists";
/// The copyControl namespace (RFC 5364).
pub const COPY_CONTROL_NS: &str = "urn:ietf:params:xml:ns:copycontrol";
/// The conference-info namespace.
pub const CONFERENCE_INFO_NS: &str = "urn:ietf:params:xml:ns:conference-info";

fn invalid(element: &'static str) -> DecodeError {
    DecodeError::value(ErrorKind::InvalidDocument, element)
}

fn attr(ns: Option<&str>, qname: &str, value: &str) -> Attribute {
    Attribute {
        namespace: ns.map(Into::into),
        name: qname.rsplit(':').next().unwrap_or(qname).into(),
        qname: qname.into(),
        value: value.into(),
    }
}

/// RFC 5364 `copyControl`: how a recipient appears to the others.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CopyControl {
    /// `to`.
    To,
    /// `cc`.
    Cc,
    /// `bcc`: hidden from the other recipients.
    Bcc,
    /// Another value, as sent (lenient).
    Other(String),
}

crate::name_serde!(CopyControl {
    "to" => To,
    "cc" => Cc,
    "bcc" => Bcc,
});

impl CopyControl {
    fn as_str(&self) -> &str {
        match self {
            Self::To => "to",
            Self::Cc => "cc",
            Self::Bcc => "bcc",
            Self::Other(s) => s,
        }
    }
}

/// One `entry`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Entry {
    /// `uri`.
    pub uri: String,
    /// `display-name`, if any.
    pub display_name: Option<String>,
    /// `cp:copyControl`, if any.
    pub copy_control: Option<CopyControl>,
    /// `cp:anonymize="true"`.
    pub anonymize: bool,
    /// Other child elements, kept in order.
    pub extensions: Vec<Element>,
}

/// One `list` (lists nest).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct List {
    /// `name` attribute, if any.
    pub name: Option<String>,
    /// `display-name`, if any.
    pub display_name: Option<String>,
    /// Entries in order.
    pub entries: Vec<Entry>,
    /// Nested lists in order.
    pub lists: Vec<List>,
    /// Other child elements (`external`, `entry-ref`, extensions), kept in order.
    pub extensions: Vec<Element>,
}

/// An `application/resource-lists+xml` document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ResourceLists {
    /// Top-level lists.
    pub lists: Vec<List>,
    /// Leniency used to read it.
    #[cfg_attr(feature = "serde", serde(skip_deserializing))]
    pub warnings: Vec<XmlWarning>,
}

fn read_list(
    e: &Element,
    lenient: bool,
    warnings: &mut Vec<XmlWarning>,
) -> Result<List, DecodeError> {
    let mut list = List {
        name: e.attribute("name").map(Into::into),
        ..List::default()
    };
    let ours = |c: &Element| lenient || c.namespace.as_deref() == Some(RESOURCE_LISTS_NS);
    for c in e.elements() {
        match c.name.as_str() {
            "display-name" if ours(c) => list.display_name = Some(c.text()),
            "list" if ours(c) => list.lists.push(read_list(c, lenient, warnings)?),
            "entry" if ours(c) => {
                let uri = c.attribute("uri").ok_or(invalid("entry"))?;
                if !crate::typed::check_uri(uri) {
                    return Err(invalid("entry"));
                }
                let cc = c.attributes.iter().find(|a| {
                    a.name == "copyControl"
                        && (lenient || a.namespace.as_deref() == Some(COPY_CONTROL_NS))
                });
                let copy_control = match cc.map(|a| a.value.as_str()) {
                    None => None,
                    Some("to") => Some(CopyControl::To),
                    Some("cc") => Some(CopyControl::Cc),
                    Some("bcc") => Some(CopyControl::Bcc),
                    Some(other) if lenient => {
                        warnings.push(XmlWarning::UnexpectedValue);
                        Some(CopyControl::Other(other.into()))
                    }
                    Some(_) => return Err(invalid("copyControl")),
                };
                let anonymize = c.attributes.iter().any(|a| {
                    a.name == "anonymize"
                        && a.value == "true"
                        && (lenient || a.namespace.as_deref() == Some(COPY_CONTROL_NS))
                });
                list.entries.push(Entry {
                    uri: uri.into(),
                    display_name: c
                        .child(RESOURCE_LISTS_NS, "display-name", lenient)
                        .map(Element::text),
                    copy_control,
                    anonymize,
                    extensions: c
                        .elements()
                        .filter(|x| !(x.name == "display-name" && ours(x)))
                        .cloned()
                        .collect(),
                });
            }
            _ => list.extensions.push(c.clone()),
        }
    }
    Ok(list)
}

fn write_list(l: &List) -> Element {
    let ns = Some(RESOURCE_LISTS_NS);
    let mut e = Element::new(ns, "list");
    if let Some(n) = &l.name {
        e.attributes.push(attr(None, "name", n));
    }
    if let Some(d) = &l.display_name {
        e.push_text(ns, "display-name", d);
    }
    for en in &l.entries {
        let mut x = Element::new(ns, "entry");
        x.attributes.push(attr(None, "uri", &en.uri));
        if let Some(cc) = &en.copy_control {
            x.attributes
                .push(attr(Some(COPY_CONTROL_NS), "cp:copyControl", cc.as_str()));
        }
        if en.anonymize {
            x.attributes
                .push(attr(Some(COPY_CONTROL_NS), "cp:anonymize", "true"));
        }
        if let Some(d) = &en.display_name {
            x.push_text(ns, "display-name", d);
        }
        for c in &en.extensions {
            x.children.push(Node::Element(c.clone()));
        }
        e.push(x);
    }
    for sub in &l.lists {
        e.push(write_list(sub));
    }
    for c in &l.extensions {
        e.children.push(Node::Element(c.clone()));
    }
    e
}

impl ResourceLists {
    /// Read a document.
    pub fn parse(input: &[u8], opts: &XmlOptions) -> Result<Self, DecodeError> {
        let root = xml::parse(input, &opts.limits)?;
        let mut warnings = Vec::new();
        crate::xml::check_root(
            &root,
            RESOURCE_LISTS_NS,
            "resource-lists",
            opts,
            &mut warnings,
        )?;
        let mut lists = Vec::new();
        for c in root.elements() {
            if c.is(RESOURCE_LISTS_NS, "list", opts.lenient) {
                lists.push(read_list(c, opts.lenient, &mut warnings)?);
            } else {
                return Err(invalid("resource-lists"));
            }
        }
        Ok(Self { lists, warnings })
    }

    /// A recipient list for a group chat or one-to-many INVITE: one list, one entry per URI.
    pub fn recipients<'u>(
        uris: impl IntoIterator<Item = (&'u str, CopyControl)>,
    ) -> Result<Self, DecodeError> {
        let mut list = List::default();
        for (uri, cc) in uris {
            if !crate::typed::check_uri(uri) {
                return Err(invalid("entry"));
            }
            list.entries.push(Entry {
                uri: uri.into(),
                display_name: None,
                copy_control: Some(cc),
                anonymize: false,
                extensions: Vec::new(),
            });
        }
        Ok(Self {
            lists: vec![list],
            warnings: Vec::new(),
        })
    }

    /// Every entry, depth first.
    pub fn entries(&self) -> Vec<&Entry> {
        fn walk<'a>(l: &'a List, out: &mut Vec<&'a Entry>) {
            out.extend(&l.entries);
            for s in &l.lists {
                walk(s, out);
            }
        }
        let mut out = Vec::new();
        for l in &self.lists {
            walk(l, &mut out);
        }
        out
    }

    /// The document as an element tree.
    pub fn to_element(&self) -> Element {
        let mut root = Element::new(Some(RESOURCE_LISTS_NS), "resource-lists");
        for l in &self.lists {
            root.push(write_list(l));
        }
        root
    }

    /// The document (UTF-8, with an XML declaration).
    pub fn to_xml(&self) -> String {
        self.to_element().to_document()
    }
}

/// `state` of a conference-info element (RFC 4575 §5.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InfoState {
    /// `full`.
    Full,
    /// `partial`.
    Partial,
    /// `deleted`.
    Deleted,
    /// Another value (lenient).
    Other(String),
}

crate::name_serde!(InfoState {
    "full" => Full,
    "partial" => Partial,
    "deleted" => Deleted,
});

impl InfoState {
    fn parse(
        v: Option<&str>,
        lenient: bool,
        warnings: &mut Vec<XmlWarning>,
    ) -> Result<Option<Self>, DecodeError> {
        Ok(match v {
            None => None,
            Some("full") => Some(Self::Full),
            Some("partial") => Some(Self::Partial),
            Some("deleted") => Some(Self::Deleted),
            Some(o) if lenient => {
                warnings.push(XmlWarning::UnexpectedValue);
                Some(Self::Other(o.into()))
            }
            Some(_) => return Err(invalid("state")),
        })
    }

    fn as_str(&self) -> &str {
        match self {
            Self::Full => "full",
            Self::Partial => "partial",
            Self::Deleted => "deleted",
            Self::Other(s) => s,
        }
    }
}

/// An `endpoint` of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Endpoint {
    /// `entity`.
    pub entity: String,
    /// `state`.
    pub state: Option<InfoState>,
    /// `status` (`connected`, `disconnected`, `pending`, ...), as sent.
    pub status: Option<String>,
    /// `disconnection-method` (`departed`, `booted`, `failed`, `busy`), as sent.
    pub disconnection_method: Option<String>,
    /// Other child elements, kept in order.
    pub extensions: Vec<Element>,
}

/// A `user` of the conference.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct User {
    /// `entity`: the user's URI.
    pub entity: String,
    /// `state`.
    pub state: Option<InfoState>,
    /// `display-text`.
    pub display_text: Option<String>,
    /// `roles/entry` values.
    pub roles: Vec<String>,
    /// Endpoints in order.
    pub endpoints: Vec<Endpoint>,
    /// Other child elements, kept in order.
    pub extensions: Vec<Element>,
}

/// An `application/conference-info+xml` document (RFC 4575), the parts RCS group chat uses.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConferenceInfo {
    /// `entity`: the conference URI.
    pub entity: String,
    /// `state` of the document.
    pub state: Option<InfoState>,
    /// `version`.
    pub version: Option<u32>,
    /// `conference-description/subject`.
    pub subject: Option<String>,
    /// `conference-description/maximum-user-count`.
    pub max_user_count: Option<u32>,
    /// The other elements of `conference-description` (`display-text`, `free-text`,
    /// `keywords`, `conf-uris`, `service-uris`, `available-media`, extensions), in order;
    /// written back in RFC 4575's order around `subject` and `maximum-user-count`.
    pub description: Vec<Element>,
    /// `users/user` in order.
    pub users: Vec<User>,
    /// Other elements under the root, in order.
    pub extensions: Vec<Element>,
    /// Leniency used to read it.
    #[cfg_attr(feature = "serde", serde(skip_deserializing))]
    pub warnings: Vec<XmlWarning>,
}

/// Where a `conference-description` child goes in RFC 4575 §5.3's sequence (subject is 1,
/// maximum-user-count 6; extensions last).
fn description_rank(e: &Element) -> u8 {
    match e.name.as_str() {
        "display-text" => 0,
        "free-text" => 2,
        "keywords" => 3,
        "conf-uris" => 4,
        "service-uris" => 5,
        "available-media" => 7,
        _ => 8,
    }
}

impl ConferenceInfo {
    /// Read a document.
    pub fn parse(input: &[u8], opts: &XmlOptions) -> Result<Self, DecodeError> {
        let root = xml::parse(input, &opts.limits)?;
        let mut warnings = Vec::new();
        crate::xml::check_root(
            &root,
            CONFERENCE_INFO_NS,
            "conference-info",
            opts,
            &mut warnings,
        )?;
        let lenient = opts.lenient;
        let ours = |c: &Element| lenient || c.namespace.as_deref() == Some(CONFERENCE_INFO_NS);
        let entity = root
            .attribute("entity")
            .ok_or(invalid("conference-info"))?
            .to_string();
        let state = InfoState::parse(root.attribute("state"), lenient, &mut warnings)?;
        let version = match root.attribute("version") {
            Some(v) => Some(v.parse().map_err(|_| invalid("version"))?),
            None => None,
        };
        let (mut subject, mut max_user_count, mut description, mut users, mut extensions) =
            (None, None, Vec::new(), Vec::new(), Vec::new());
        let mut described = false;
        for c in root.elements() {
            match c.name.as_str() {
                // RFC 4575 §5.3: one conference-description; a second is kept as an extension.
                "conference-description" if ours(c) && !described => {
                    described = true;
                    for d in c.elements() {
                        match d.name.as_str() {
                            "subject" if ours(d) && subject.is_none() => {
                                subject = Some(d.text());
                            }
                            "maximum-user-count" if ours(d) && max_user_count.is_none() => {
                                max_user_count = Some(
                                    d.text()
                                        .trim()
                                        .parse()
                                        .map_err(|_| invalid("maximum-user-count"))?,
                                );
                            }
                            _ => description.push(d.clone()),
                        }
                    }
                }
                "users" if ours(c) => {
                    for u in c.elements() {
                        if !(u.name == "user" && ours(u)) {
                            return Err(invalid("users"));
                        }
                        users.push(read_user(u, lenient, &mut warnings)?);
                    }
                }
                _ => extensions.push(c.clone()),
            }
        }
        // Kept in the order they are written back, so a document reads back equal.
        description.sort_by_key(description_rank);
        Ok(Self {
            entity,
            state,
            version,
            subject,
            max_user_count,
            description,
            users,
            extensions,
            warnings,
        })
    }

    /// The document as an element tree.
    pub fn to_element(&self) -> Element {
        let ns = Some(CONFERENCE_INFO_NS);
        let mut root = Element::new(ns, "conference-info");
        root.attributes.push(attr(None, "entity", &self.entity));
        if let Some(s) = &self.state {
            root.attributes.push(attr(None, "state", s.as_str()));
        }
        if let Some(v) = self.version {
            root.attributes.push(attr(None, "version", &v.to_string()));
        }
        if self.subject.is_some() || self.max_user_count.is_some() || !self.description.is_empty() {
            // RFC 4575 §5.3's sequence: display-text, subject, free-text, keywords, conf-uris,
            // service-uris, maximum-user-count, available-media, then extensions (kept in the
            // order read).
            let rank = description_rank;
            let mut d = Element::new(ns, "conference-description");
            let mut others: Vec<&Element> = self.description.iter().collect();
            others.sort_by_key(|e| rank(e));
            let mut others = others.into_iter().peekable();
            while let Some(e) = others.next_if(|e| rank(e) < 1) {
                d.push(e.clone());
            }
            if let Some(s) = &self.subject {
                d.push_text(ns, "subject", s);
            }
            while let Some(e) = others.next_if(|e| rank(e) < 6) {
                d.push(e.clone());
            }
            if let Some(m) = self.max_user_count {
                d.push_text(ns, "maximum-user-count", &m.to_string());
            }
            for e in others {
                d.push(e.clone());
            }
            root.push(d);
        }
        if !self.users.is_empty() {
            let mut us = Element::new(ns, "users");
            for u in &self.users {
                us.push(write_user(u));
            }
            root.push(us);
        }
        for x in &self.extensions {
            root.children.push(Node::Element(x.clone()));
        }
        root
    }

    /// The document (UTF-8, with an XML declaration).
    pub fn to_xml(&self) -> String {
        self.to_element().to_document()
    }
}

fn read_user(
    u: &Element,
    lenient: bool,
    warnings: &mut Vec<XmlWarning>,
) -> Result<User, DecodeError> {
    let ours = |c: &Element| lenient || c.namespace.as_deref() == Some(CONFERENCE_INFO_NS);
    let mut user = User {
        entity: u.attribute("entity").ok_or(invalid("user"))?.to_string(),
        state: InfoState::parse(u.attribute("state"), lenient, warnings)?,
        display_text: None,
        roles: Vec::new(),
        endpoints: Vec::new(),
        extensions: Vec::new(),
    };
    for c in u.elements() {
        match c.name.as_str() {
            "display-text" if ours(c) => user.display_text = Some(c.text()),
            "roles" if ours(c) && c.elements().all(|r| r.name == "entry" && ours(r)) => {
                user.roles = c.elements().map(Element::text).collect();
            }
            "endpoint" if ours(c) => {
                let known = |x: &Element| {
                    ours(x) && matches!(x.name.as_str(), "status" | "disconnection-method")
                };
                user.endpoints.push(Endpoint {
                    entity: c
                        .attribute("entity")
                        .ok_or(invalid("endpoint"))?
                        .to_string(),
                    state: InfoState::parse(c.attribute("state"), lenient, warnings)?,
                    status: c
                        .child(CONFERENCE_INFO_NS, "status", lenient)
                        .map(Element::text),
                    disconnection_method: c
                        .child(CONFERENCE_INFO_NS, "disconnection-method", lenient)
                        .map(Element::text),
                    extensions: c.elements().filter(|x| !known(x)).cloned().collect(),
                });
            }
            _ => user.extensions.push(c.clone()),
        }
    }
    Ok(user)
}

fn write_user(u: &User) -> Element {
    let ns = Some(CONFERENCE_INFO_NS);
    let mut e = Element::new(ns, "user");
    e.attributes.push(attr(None, "entity", &u.entity));
    if let Some(s) = &u.state {
        e.attributes.push(attr(None, "state", s.as_str()));
    }
    if let Some(d) = &u.display_text {
        e.push_text(ns, "display-text", d);
    }
    if !u.roles.is_empty() {
        let mut r = Element::new(ns, "roles");
        for role in &u.roles {
            r.push_text(ns, "entry", role);
        }
        e.push(r);
    }
    for ep in &u.endpoints {
        let mut x = Element::new(ns, "endpoint");
        x.attributes.push(attr(None, "entity", &ep.entity));
        if let Some(s) = &ep.state {
            x.attributes.push(attr(None, "state", s.as_str()));
        }
        if let Some(s) = &ep.status {
            x.push_text(ns, "status", s);
        }
        if let Some(s) = &ep.disconnection_method {
            x.push_text(ns, "disconnection-method", s);
        }
        for c in &ep.extensions {
            x.children.push(Node::Element(c.clone()));
        }
        e.push(x);
    }
    for c in &u.extensions {
        e.children.push(Node::Element(c.clone()));
    }
    e
}

crate::xml::xml_body!(ResourceLists, ConferenceInfo);
