//! China Mobile's 5G Messaging MaaP interface: OMA NetAPI messaging XML
//! (`urn:oma:xml:rest:netapi:messaging:1`), `outboundMessageRequest` / `outboundIMMessage` with
//! the multipart body in `bodyText` and the fallback members (UP 1.0 text, SMS, MMS).

use std::fmt::Write as _;

use quick_xml::events::Event;
use quick_xml::reader::NsReader;

use crate::error::{DecodeError, ErrorKind, LimitKind, Warning, WarningKind};
use crate::limits::ParseOptions;

/// The OMA NetAPI messaging namespace.
pub const NETAPI_MESSAGING_NS: &str = "urn:oma:xml:rest:netapi:messaging:1";

/// `outboundMessageRequest`: a message to send, with its fallbacks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutboundMessageRequest {
    /// `address` (repeated): the recipients.
    pub address: Vec<String>,
    /// `destinationAddress` (repeated).
    pub destination_address: Vec<String>,
    /// `senderAddress`: the chatbot's URI.
    pub sender_address: Option<String>,
    /// `senderName`.
    pub sender_name: Option<String>,
    /// `outboundIMMessage`: the message.
    pub message: Option<OutboundImMessage>,
    /// `clientCorrelator`: the CSP's id for the request.
    pub client_correlator: Option<String>,
    /// Elements this crate does not define, in order: (name, text). Kept by lenient parsing.
    pub extra: Vec<(String, String)>,
}

/// Which element name carried the SMS fallback text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SmsTextElement {
    /// `smsBodyText`.
    #[default]
    SmsBodyText,
    /// `smBodyText`, as one observed platform spells it.
    SmBodyText,
}

/// `outboundIMMessage`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutboundImMessage {
    /// `imFormat`: IM, LargerMode or PagerMode.
    pub im_format: Option<String>,
    /// `contentType` of `bodyText` (`multipart/mixed; boundary="next"`, `text/plain`, ...).
    pub content_type: Option<String>,
    /// `contentEncoding` of `bodyText` (`utf8`, `base64`).
    pub content_encoding: Option<String>,
    /// `conversationID`.
    pub conversation_id: Option<String>,
    /// `contributionID`.
    pub contribution_id: Option<String>,
    /// `messageId`.
    pub message_id: Option<String>,
    /// `inReplyToContributionID`: the user's message this one answers.
    pub in_reply_to_contribution_id: Option<String>,
    /// `serviceCapability` (repeated): (capabilityId, version).
    pub service_capability: Vec<(String, String)>,
    /// `bodyText`: the message body (a multipart/mixed body for a card and its chip list).
    pub body_text: Option<String>,
    /// `reportRequest` (repeated): Sent, Delivered, Displayed, Failed, SMS, ...
    pub report_request: Vec<String>,
    /// `storeSupported`.
    pub store_supported: Option<bool>,
    /// `trafficType`.
    pub traffic_type: Option<String>,
    /// `fallbackSupported`: fall back to a UP 1.0 message.
    pub fallback_supported: Option<bool>,
    /// `fallbackContentType` of `rcsBodyText`.
    pub fallback_content_type: Option<String>,
    /// `fallbackContentEncoding` of `rcsBodyText`.
    pub fallback_content_encoding: Option<String>,
    /// `rcsBodyText`: the UP 1.0 fallback.
    pub rcs_body_text: Option<String>,
    /// `shortMessageSupported`: fall back to SMS.
    pub short_message_supported: Option<bool>,
    /// `smsBodyText` (or `smBodyText`): the SMS fallback text.
    pub sms_body_text: Option<String>,
    /// Which element name `sms_body_text` came in (written back the same way).
    pub sms_text_element: SmsTextElement,
    /// `multimediaMessageSupported`: fall back to MMS.
    pub multimedia_message_supported: Option<bool>,
    /// The `mms*` members (`mmsSubject`, `mmsBodyText`, ...), by name, in order.
    pub mms: Vec<(String, String)>,
    /// Elements this crate does not define, in order: (name, text).
    pub extra: Vec<(String, String)>,
}

impl OutboundImMessage {
    /// The value of the `mms*` member `name`.
    pub fn mms(&self, name: &str) -> Option<&str> {
        self.mms
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

struct Ctx<'o> {
    opts: &'o ParseOptions,
    input: &'o [u8],
    elements: usize,
    warnings: Vec<Warning>,
}

impl Ctx<'_> {
    fn err(&self, kind: ErrorKind, pointer: &str, offset: u64) -> DecodeError {
        let mut e =
            DecodeError::new(kind).at(self.input, usize::try_from(offset).unwrap_or(usize::MAX));
        e.pointer = pointer.to_owned();
        e
    }
    fn unknown(&mut self, pointer: &str, offset: u64) -> Result<(), DecodeError> {
        if self.opts.allow_unknown_members {
            self.warnings.push(Warning {
                kind: WarningKind::UnknownMember,
                pointer: pointer.to_owned(),
            });
            Ok(())
        } else {
            Err(self.err(ErrorKind::UnknownMember, pointer, offset))
        }
    }
}

/// A parsed element: its local name and either text or children.
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
    offset: u64,
}

/// Checks the size, reads the document whose root element is `root`, and returns it with the
/// context the typed reading goes on with.
fn read_document<'o>(
    input: &'o [u8],
    options: &'o ParseOptions,
    root: &str,
) -> Result<(Node, Ctx<'o>), DecodeError> {
    if input.len() > options.limits.max_message_size {
        return Err(DecodeError::new(ErrorKind::LimitExceeded(
            LimitKind::MessageSize,
        )));
    }
    let mut cx = Ctx {
        opts: options,
        input,
        elements: 0,
        warnings: Vec::new(),
    };
    let node = read_tree(&mut cx, root)?;
    Ok((node, cx))
}

fn read_tree(cx: &mut Ctx<'_>, root: &str) -> Result<Node, DecodeError> {
    let mut r = NsReader::from_reader(cx.input);
    r.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = Vec::new();
    loop {
        let pos = r.buffer_position();
        let (ns_ok, unbound, ev) = match r.read_resolved_event() {
            Ok((ns, ev)) => (
                matches!(ns, quick_xml::name::ResolveResult::Bound(n) if n.as_ref() == NETAPI_MESSAGING_NS.as_bytes()),
                matches!(ns, quick_xml::name::ResolveResult::Unbound),
                ev,
            ),
            Err(_) => return Err(cx.err(ErrorKind::Syntax, "", r.error_position())),
        };
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                cx.elements += 1;
                if cx.elements > cx.opts.limits.max_containers {
                    return Err(cx.err(
                        ErrorKind::LimitExceeded(LimitKind::ContainerCount),
                        "",
                        pos,
                    ));
                }
                if stack.len() >= cx.opts.limits.max_nesting_depth.min(8) {
                    return Err(cx.err(ErrorKind::LimitExceeded(LimitKind::NestingDepth), "", pos));
                }
                // quick-xml reads names leniently: hold them to XML's Name production.
                if !is_xml_name(e.name().as_ref()) {
                    return Err(cx.err(ErrorKind::Syntax, "", pos));
                }
                // Attributes bounded, and unique by a set (quick-xml's own check compares
                // each with every earlier one; the namespace reader skips it).
                let mut seen = std::collections::HashSet::new();
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|_| cx.err(ErrorKind::Syntax, "", pos))?;
                    if seen.len() >= cx.opts.limits.max_attributes {
                        return Err(cx.err(
                            ErrorKind::LimitExceeded(LimitKind::AttributeCount),
                            "",
                            pos,
                        ));
                    }
                    if !seen.insert(a.key.into_inner()) {
                        return Err(cx.err(ErrorKind::Syntax, "", pos));
                    }
                }
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if stack.is_empty() && name != root {
                    return Err(cx.err(ErrorKind::WrongType, "", pos));
                }
                if stack.is_empty() && !ns_ok {
                    // CSP code often omits the NetAPI namespace: lenient reading takes a root
                    // in no namespace at all (never one in another namespace), and says so.
                    if !(unbound && cx.opts.allow_unknown_members) {
                        return Err(cx.err(ErrorKind::WrongType, "", pos));
                    }
                    cx.warnings.push(Warning {
                        kind: WarningKind::MissingNamespace,
                        pointer: String::new(),
                    });
                }
                let node = Node {
                    name,
                    text: String::new(),
                    children: Vec::new(),
                    offset: pos,
                };
                if empty {
                    match stack.last_mut() {
                        Some(p) => p.children.push(node),
                        None => return Ok(node),
                    }
                } else {
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(cx.err(ErrorKind::Syntax, "", pos));
                };
                match stack.last_mut() {
                    Some(p) => p.children.push(node),
                    None => return Ok(node),
                }
            }
            Event::Text(t) => {
                let text = t
                    .unescape()
                    .map_err(|_| cx.err(ErrorKind::Syntax, "", pos))?;
                if !is_xml_text(&text) {
                    return Err(cx.err(ErrorKind::Syntax, "", pos));
                }
                match stack.last_mut() {
                    Some(p) => p.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(cx.err(ErrorKind::Syntax, "", pos)),
                }
            }
            Event::CData(c) => {
                let text =
                    core::str::from_utf8(&c).map_err(|_| cx.err(ErrorKind::Syntax, "", pos))?;
                match stack.last_mut() {
                    Some(p) => p.text.push_str(text),
                    None => return Err(cx.err(ErrorKind::Syntax, "", pos)),
                }
            }
            Event::Eof => return Err(cx.err(ErrorKind::Incomplete, "", pos)),
            // No DTD: no entity expansion, no external fetches.
            Event::DocType(_) => return Err(cx.err(ErrorKind::Syntax, "", pos)),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
}

/// XML 1.0 `Name` (ASCII part exact; non-ASCII characters accepted as name characters).
fn is_xml_name(n: &[u8]) -> bool {
    let Some(&first) = n.first() else {
        return false;
    };
    let start = |c: u8| c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80;
    start(first)
        && n.iter()
            .all(|&c| start(c) || c.is_ascii_digit() || c == b'-' || c == b'.')
}

/// XML 1.0 `Char`: no control characters but tab, line feed and carriage return.
fn is_xml_text(t: &str) -> bool {
    t.chars().all(|c| {
        !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    })
}

fn boolean(cx: &Ctx<'_>, n: &Node, pointer: &str) -> Result<bool, DecodeError> {
    match n.text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(cx.err(ErrorKind::WrongType, pointer, n.offset)),
    }
}

fn text_only(cx: &Ctx<'_>, n: &Node, pointer: &str) -> Result<String, DecodeError> {
    if n.children.is_empty() {
        Ok(n.text.clone())
    } else {
        Err(cx.err(ErrorKind::WrongType, pointer, n.offset))
    }
}

impl OutboundMessageRequest {
    /// Parses the XML document (UTF-8, no DTD). Strict: unknown elements are errors; lenient
    /// (`allow_unknown_members`): kept in `extra` with a warning. The `smBodyText` spelling is
    /// read as `smsBodyText` in both modes (observed in the field; written back as received).
    pub fn parse_with(
        input: &[u8],
        options: &ParseOptions,
    ) -> Result<(Self, Vec<Warning>), DecodeError> {
        let (root, mut cx) = read_document(input, options, "outboundMessageRequest")?;
        let mut out = Self::default();
        for c in &root.children {
            let p = format!("/{}", c.name);
            match c.name.as_str() {
                "address" => out.address.push(text_only(&cx, c, &p)?),
                "destinationAddress" => out.destination_address.push(text_only(&cx, c, &p)?),
                "senderAddress" => out.sender_address = Some(text_only(&cx, c, &p)?),
                "senderName" => out.sender_name = Some(text_only(&cx, c, &p)?),
                "clientCorrelator" => out.client_correlator = Some(text_only(&cx, c, &p)?),
                "outboundIMMessage" => {
                    out.message = Some(im_message(&mut cx, c, "/outboundIMMessage")?)
                }
                _ => {
                    cx.unknown(&p, c.offset)?;
                    out.extra.push((c.name.clone(), c.text.clone()));
                }
            }
        }
        Ok((out, cx.warnings))
    }

    /// Parses strictly.
    pub fn parse(input: &[u8]) -> Result<Self, DecodeError> {
        Self::parse_with(input, &ParseOptions::new()).map(|(v, _)| v)
    }

    /// The document as XML (UTF-8 declaration, `msg` prefix, `bodyText` and `rcsBodyText` as
    /// CDATA).
    pub fn to_xml(&self) -> String {
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            x,
            "<msg:outboundMessageRequest xmlns:msg=\"{NETAPI_MESSAGING_NS}\">"
        );
        for a in &self.address {
            element(&mut x, "address", a);
        }
        for a in &self.destination_address {
            element(&mut x, "destinationAddress", a);
        }
        opt(&mut x, "senderAddress", self.sender_address.as_deref());
        opt(&mut x, "senderName", self.sender_name.as_deref());
        if let Some(m) = &self.message {
            x.push_str("<outboundIMMessage>\n");
            opt(&mut x, "imFormat", m.im_format.as_deref());
            opt(&mut x, "contentType", m.content_type.as_deref());
            opt(&mut x, "contentEncoding", m.content_encoding.as_deref());
            opt(&mut x, "conversationID", m.conversation_id.as_deref());
            opt(&mut x, "contributionID", m.contribution_id.as_deref());
            opt(&mut x, "messageId", m.message_id.as_deref());
            opt(
                &mut x,
                "inReplyToContributionID",
                m.in_reply_to_contribution_id.as_deref(),
            );
            for (id, v) in &m.service_capability {
                x.push_str("<serviceCapability>");
                x.push_str("<capabilityId>");
                escape(&mut x, id);
                x.push_str("</capabilityId><version>");
                escape(&mut x, v);
                x.push_str("</version></serviceCapability>\n");
            }
            if let Some(b) = &m.body_text {
                cdata(&mut x, "bodyText", b);
            }
            for r in &m.report_request {
                element(&mut x, "reportRequest", r);
            }
            let b = |v: Option<bool>| v.map(|b| if b { "true" } else { "false" });
            opt(&mut x, "storeSupported", b(m.store_supported));
            opt(&mut x, "trafficType", m.traffic_type.as_deref());
            opt(&mut x, "fallbackSupported", b(m.fallback_supported));
            opt(
                &mut x,
                "fallbackContentType",
                m.fallback_content_type.as_deref(),
            );
            if let Some(t) = &m.rcs_body_text {
                cdata(&mut x, "rcsBodyText", t);
            }
            opt(
                &mut x,
                "shortMessageSupported",
                b(m.short_message_supported),
            );
            let sms = match m.sms_text_element {
                SmsTextElement::SmsBodyText => "smsBodyText",
                SmsTextElement::SmBodyText => "smBodyText",
            };
            opt(&mut x, sms, m.sms_body_text.as_deref());
            opt(
                &mut x,
                "multimediaMessageSupported",
                b(m.multimedia_message_supported),
            );
            for (n, v) in &m.mms {
                element(&mut x, n, v);
            }
            for (n, v) in &m.extra {
                element(&mut x, n, v);
            }
            x.push_str("</outboundIMMessage>\n");
        }
        opt(
            &mut x,
            "clientCorrelator",
            self.client_correlator.as_deref(),
        );
        for (n, v) in &self.extra {
            element(&mut x, n, v);
        }
        x.push_str("</msg:outboundMessageRequest>\n");
        x
    }
}

fn im_message(cx: &mut Ctx<'_>, n: &Node, at: &str) -> Result<OutboundImMessage, DecodeError> {
    let mut m = OutboundImMessage::default();
    for c in &n.children {
        let p = format!("{at}/{}", c.name);
        let t = || text_only(cx, c, &p);
        match c.name.as_str() {
            "imFormat" => m.im_format = Some(t()?),
            "contentType" => m.content_type = Some(t()?),
            "contentEncoding" => m.content_encoding = Some(t()?),
            "inReplyToContributionID" => m.in_reply_to_contribution_id = Some(t()?),
            "fallbackContentEncoding" => m.fallback_content_encoding = Some(t()?),
            "conversationID" => m.conversation_id = Some(t()?),
            "contributionID" => m.contribution_id = Some(t()?),
            "messageId" => m.message_id = Some(t()?),
            "bodyText" => m.body_text = Some(t()?),
            "reportRequest" => m.report_request.push(t()?),
            "trafficType" => m.traffic_type = Some(t()?),
            "fallbackContentType" => m.fallback_content_type = Some(t()?),
            "rcsBodyText" => m.rcs_body_text = Some(t()?),
            "smsBodyText" => m.sms_body_text = Some(t()?),
            "smBodyText" => {
                m.sms_body_text = Some(t()?);
                m.sms_text_element = SmsTextElement::SmBodyText;
            }
            "storeSupported" => m.store_supported = Some(boolean(cx, c, &p)?),
            "fallbackSupported" => m.fallback_supported = Some(boolean(cx, c, &p)?),
            "shortMessageSupported" => m.short_message_supported = Some(boolean(cx, c, &p)?),
            "multimediaMessageSupported" => {
                m.multimedia_message_supported = Some(boolean(cx, c, &p)?)
            }
            "serviceCapability" => {
                let (mut id, mut v) = (String::new(), String::new());
                for s in &c.children {
                    let sp = format!("{p}/{}", s.name);
                    match s.name.as_str() {
                        "capabilityId" => id = text_only(cx, s, &sp)?,
                        "version" => v = text_only(cx, s, &sp)?,
                        _ => cx.unknown(&sp, s.offset)?,
                    }
                }
                m.service_capability.push((id, v));
            }
            name if name.starts_with("mms") => m.mms.push((c.name.clone(), t()?)),
            _ => {
                cx.unknown(&p, c.offset)?;
                m.extra.push((c.name.clone(), c.text.clone()));
            }
        }
    }
    Ok(m)
}

fn escape(x: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => x.push_str("&amp;"),
            '<' => x.push_str("&lt;"),
            '>' => x.push_str("&gt;"),
            '"' => x.push_str("&quot;"),
            c => x.push(c),
        }
    }
}

fn element(x: &mut String, name: &str, text: &str) {
    let _ = write!(x, "<{name}>");
    escape(x, text);
    let _ = writeln!(x, "</{name}>");
}

fn opt(x: &mut String, name: &str, text: Option<&str>) {
    if let Some(t) = text {
        element(x, name, t);
    }
}

/// CDATA, split where the text itself contains `]]>`.
fn cdata(x: &mut String, name: &str, text: &str) {
    let _ = write!(x, "<{name}><![CDATA[");
    x.push_str(&text.replace("]]>", "]]]]><![CDATA[>"));
    let _ = writeln!(x, "]]></{name}>");
}

/// Where a chatbot reaches China Mobile's MaaP (OMA NetAPI messaging REST resources).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmccApi {
    root: String,
    api_version: String,
}

impl CmccApi {
    /// `server_root` as the platform gives it (`https://host:port/base`), `api_version` e.g.
    /// `v1`.
    pub fn new(server_root: &str, api_version: &str) -> Self {
        Self {
            root: server_root.trim_end_matches('/').to_owned(),
            api_version: api_version.to_owned(),
        }
    }

    fn post(
        &self,
        url: String,
        authorization: &str,
        body: &OutboundMessageRequest,
    ) -> Result<http::Request<bytes::Bytes>, crate::ctcu::RequestError> {
        crate::ctcu_api::build_request(
            http::Method::POST,
            url,
            &[
                ("authorization", authorization),
                ("accept", "application/xml"),
            ],
            Some(("application/xml", bytes::Bytes::from(body.to_xml()))),
        )
    }

    /// `POST {serverRoot}/messaging/{apiVersion}/outbound/{senderAddress}/requests` (OMA
    /// NetAPI messaging): send to the request's recipients. `authorization` is the header
    /// value the platform issued.
    pub fn send(
        &self,
        authorization: &str,
        body: &OutboundMessageRequest,
    ) -> Result<http::Request<bytes::Bytes>, crate::ctcu::RequestError> {
        let sender = crate::ctcu_api::pct(body.sender_address.as_deref().unwrap_or_default());
        self.post(
            format!(
                "{}/messaging/{}/outbound/{sender}/requests",
                self.root, self.api_version
            ),
            authorization,
            body,
        )
    }

    /// `POST {serverRoot}/messaging/group/plain/outbound/{senderAddress}/requests`: the same
    /// message to a group of recipients (the path easy5g's China Mobile client uses).
    pub fn send_group(
        &self,
        authorization: &str,
        body: &OutboundMessageRequest,
    ) -> Result<http::Request<bytes::Bytes>, crate::ctcu::RequestError> {
        let sender = crate::ctcu_api::pct(body.sender_address.as_deref().unwrap_or_default());
        self.post(
            format!(
                "{}/messaging/group/plain/outbound/{sender}/requests",
                self.root
            ),
            authorization,
            body,
        )
    }
}

/// `deliveryInfoNotification`: the delivery status of a message the chatbot sent (OMA NetAPI
/// messaging; element names as the NetAPI defines them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeliveryInfoNotification {
    /// `deliveryInfo` (repeated: one per recipient).
    pub delivery_info: Vec<DeliveryInfo>,
    /// `callbackData` the chatbot gave when it subscribed.
    pub callback_data: Option<String>,
    /// Elements this crate does not define, in order: (name, text).
    pub extra: Vec<(String, String)>,
}

/// One `deliveryInfo`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeliveryInfo {
    /// `address`: the recipient.
    pub address: Option<String>,
    /// `messageId`.
    pub message_id: Option<String>,
    /// `deliveryStatus`: DeliveredToTerminal, DeliveredToNetwork, DeliveryImpossible,
    /// MessageWaiting, DisplayedToTerminal, ...
    pub delivery_status: Option<String>,
    /// `description` of a failure.
    pub description: Option<String>,
    /// Elements this crate does not define, in order: (name, text).
    pub extra: Vec<(String, String)>,
}

/// `inboundMessageNotification`: a user's message to the chatbot.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InboundMessageNotification {
    /// `inboundMessage`.
    pub message: Option<InboundMessage>,
    /// Elements this crate does not define, in order: (name, text).
    pub extra: Vec<(String, String)>,
}

/// `inboundMessage`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InboundMessage {
    /// `destinationAddress`: the chatbot.
    pub destination_address: Option<String>,
    /// `senderAddress`: the user.
    pub sender_address: Option<String>,
    /// `dateTime`.
    pub date_time: Option<String>,
    /// `messageId`.
    pub message_id: Option<String>,
    /// `resourceURL`.
    pub resource_url: Option<String>,
    /// `inboundIMMessage`: the same members as an outbound message (`contentType`,
    /// `bodyText`, `conversationID`, `contributionID`, ...).
    pub im_message: Option<Box<OutboundImMessage>>,
    /// Elements this crate does not define, in order: (name, text).
    pub extra: Vec<(String, String)>,
}

impl DeliveryInfoNotification {
    /// Parses the XML document (strict: unknown elements are errors; lenient: kept).
    pub fn parse_with(
        input: &[u8],
        options: &ParseOptions,
    ) -> Result<(Self, Vec<Warning>), DecodeError> {
        let (root, mut cx) = read_document(input, options, "deliveryInfoNotification")?;
        let mut out = Self::default();
        for c in &root.children {
            let p = format!("/{}", c.name);
            match c.name.as_str() {
                "callbackData" => out.callback_data = Some(text_only(&cx, c, &p)?),
                "deliveryInfo" => {
                    let mut d = DeliveryInfo::default();
                    for f in &c.children {
                        let fp = format!("{p}/{}", f.name);
                        match f.name.as_str() {
                            "address" => d.address = Some(text_only(&cx, f, &fp)?),
                            "messageId" => d.message_id = Some(text_only(&cx, f, &fp)?),
                            "deliveryStatus" => d.delivery_status = Some(text_only(&cx, f, &fp)?),
                            "description" => d.description = Some(text_only(&cx, f, &fp)?),
                            _ => {
                                cx.unknown(&fp, f.offset)?;
                                d.extra.push((f.name.clone(), f.text.clone()));
                            }
                        }
                    }
                    out.delivery_info.push(d);
                }
                _ => {
                    cx.unknown(&p, c.offset)?;
                    out.extra.push((c.name.clone(), c.text.clone()));
                }
            }
        }
        Ok((out, cx.warnings))
    }
}

impl InboundMessageNotification {
    /// Parses the XML document (strict: unknown elements are errors; lenient: kept).
    pub fn parse_with(
        input: &[u8],
        options: &ParseOptions,
    ) -> Result<(Self, Vec<Warning>), DecodeError> {
        let (root, mut cx) = read_document(input, options, "inboundMessageNotification")?;
        let mut out = Self::default();
        for c in &root.children {
            let p = format!("/{}", c.name);
            if c.name != "inboundMessage" {
                cx.unknown(&p, c.offset)?;
                out.extra.push((c.name.clone(), c.text.clone()));
                continue;
            }
            let mut m = InboundMessage::default();
            for f in &c.children {
                let fp = format!("{p}/{}", f.name);
                match f.name.as_str() {
                    "destinationAddress" => m.destination_address = Some(text_only(&cx, f, &fp)?),
                    "senderAddress" => m.sender_address = Some(text_only(&cx, f, &fp)?),
                    "dateTime" => m.date_time = Some(text_only(&cx, f, &fp)?),
                    "messageId" => m.message_id = Some(text_only(&cx, f, &fp)?),
                    "resourceURL" => m.resource_url = Some(text_only(&cx, f, &fp)?),
                    "inboundIMMessage" => {
                        m.im_message = Some(Box::new(im_message(&mut cx, f, &fp)?))
                    }
                    _ => {
                        cx.unknown(&fp, f.offset)?;
                        m.extra.push((f.name.clone(), f.text.clone()));
                    }
                }
            }
            out.message = Some(m);
        }
        Ok((out, cx.warnings))
    }
}

/// A notification China Mobile's MaaP posts, read from the `http::Request` by its root element.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CmccNotification {
    /// A user's message.
    Inbound(InboundMessageNotification),
    /// A delivery status.
    Delivery(DeliveryInfoNotification),
}

impl CmccNotification {
    /// Reads the XML body of a `POST` (the root element says which notification it is).
    pub fn from_request<B: AsRef<[u8]>>(
        request: &http::Request<B>,
        options: &ParseOptions,
    ) -> Result<(Self, Vec<Warning>), crate::ctcu::NotificationError> {
        if request.method() != http::Method::POST {
            return Err(crate::ctcu::NotificationError::Method);
        }
        let body = request.body().as_ref();
        let head = &body[..body.len().min(1024)];
        let has = |n: &[u8]| head.windows(n.len()).any(|w| w == n);
        if has(b"deliveryInfoNotification") {
            DeliveryInfoNotification::parse_with(body, options)
                .map(|(n, w)| (Self::Delivery(n), w))
                .map_err(crate::ctcu::NotificationError::Body)
        } else if has(b"inboundMessageNotification") {
            InboundMessageNotification::parse_with(body, options)
                .map(|(n, w)| (Self::Inbound(n), w))
                .map_err(crate::ctcu::NotificationError::Body)
        } else {
            Err(crate::ctcu::NotificationError::UnknownPath)
        }
    }
}
