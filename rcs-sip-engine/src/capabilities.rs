//! RCS capability exchange over OPTIONS (GSMA RCC.07 §2.6, UP 2.4): the feature tags of a
//! Contact (RFC 3840) — `+g.3gpp.icsi-ref`, `+g.3gpp.iari-ref`, `+g.gsma.rcs.botversion`,
//! `+g.gsma.rcs.isbot` and the rest — read and written as one capability set.

use rcs_sip::{Contact, Message};

/// Service identifiers RCS devices announce, decoded (as compared; written `%`-escaped).
pub mod service {
    /// One-to-one and group chat (CPM session).
    pub const CHAT: &str = "urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session";
    /// Standalone messaging, pager mode (CPM message).
    pub const STANDALONE_MESSAGE: &str = "urn:urn-7:3gpp-service.ims.icsi.oma.cpm.msg";
    /// Standalone messaging, large message mode (over MSRP).
    pub const LARGE_MESSAGE: &str = "urn:urn-7:3gpp-service.ims.icsi.oma.cpm.largemsg";
    /// Deferred messaging.
    pub const DEFERRED: &str = "urn:urn-7:3gpp-service.ims.icsi.oma.cpm.deferred";
    /// IMS voice (MMTel).
    pub const MMTEL: &str = "urn:urn-7:3gpp-service.ims.icsi.mmtel";
    /// File transfer over HTTP (IARI).
    pub const FILE_TRANSFER_HTTP: &str = "urn:urn-7:3gpp-application.ims.iari.rcs.fthttp";
    /// Geolocation push (IARI).
    pub const GEOLOCATION_PUSH: &str = "urn:urn-7:3gpp-application.ims.iari.rcs.geopush";
    /// Chatbot communication in a session (IARI).
    pub const CHATBOT: &str = "urn:urn-7:3gpp-application.ims.iari.rcs.chatbot";
    /// Chatbot communication by standalone messages (IARI).
    pub const CHATBOT_STANDALONE: &str = "urn:urn-7:3gpp-application.ims.iari.rcs.chatbot.sa";
}

/// A capability set: what a Contact's feature tags say the device or chatbot does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// IMS communication service identifiers (`+g.3gpp.icsi-ref`), decoded, in order.
    pub icsi: Vec<String>,
    /// IMS application reference identifiers (`+g.3gpp.iari-ref`), decoded, in order.
    pub iari: Vec<String>,
    /// Chatbot versions (`+g.gsma.rcs.botversion="#=1,#=2"`: `#=1`, `#=2`).
    pub bot_versions: Vec<String>,
    /// `+g.gsma.rcs.isbot`: the contact is a chatbot.
    pub is_bot: bool,
    /// The other feature tags (RFC 3840 base tags such as `audio`, `video`, and any other
    /// `+` tag), name and value as sent.
    pub other: Vec<(String, Option<String>)>,
}

/// `%`-decoding of a feature-tag value (RFC 3840 §9: `:` and other characters outside the
/// quoted-string alphabet are escaped); an invalid escape is kept as written.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `%`-escapes what a URN may hold that a feature-tag string may not (`:`, `%`, `"`, `,`,
/// `\`, `<`, `>`, controls and spaces).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            ':' | '%' | '"' | ',' | '\\' | '<' | '>' | ' ' | '\t' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The values of a quoted feature-tag list (`"a,b"`), unquoted and decoded.
fn list(value: Option<&str>) -> Vec<String> {
    let v = value.unwrap_or("").trim();
    let v = v
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(v);
    v.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(unescape)
        .collect()
}

impl Capabilities {
    /// What an RCS UP 2.4 client typically announces: chat, standalone and large messages,
    /// file transfer over HTTP, geolocation push, chatbot versions 1 and 2.
    pub fn rcs_client() -> Self {
        Self {
            icsi: vec![
                service::CHAT.into(),
                service::STANDALONE_MESSAGE.into(),
                service::LARGE_MESSAGE.into(),
            ],
            iari: vec![
                service::FILE_TRANSFER_HTTP.into(),
                service::GEOLOCATION_PUSH.into(),
                service::CHATBOT.into(),
                service::CHATBOT_STANDALONE.into(),
            ],
            bot_versions: vec!["#=1".into(), "#=2".into()],
            is_bot: false,
            other: Vec::new(),
        }
    }

    /// The capabilities a Contact announces.
    pub fn from_contact(contact: &Contact<'_>) -> Self {
        let mut c = Self::default();
        for p in contact.feature_tags() {
            let name = p.name.to_ascii_lowercase();
            match name.as_str() {
                "+g.3gpp.icsi-ref" => c.icsi.extend(list(p.value)),
                "+g.3gpp.iari-ref" => c.iari.extend(list(p.value)),
                "+g.gsma.rcs.botversion" => c.bot_versions.extend(list(p.value)),
                "+g.gsma.rcs.isbot" => c.is_bot = true,
                _ => c
                    .other
                    .push((p.name.to_owned(), p.value.map(str::to_owned))),
            }
        }
        c
    }

    /// The capabilities of a message's first Contact (an OPTIONS request or its 200, a
    /// REGISTER, an INVITE); empty when it has none.
    pub fn from_message(message: &Message<'_>) -> Self {
        message
            .contacts()
            .next()
            .and_then(Result::ok)
            .map(|c| Self::from_contact(&c))
            .unwrap_or_default()
    }

    /// Whether a service (ICSI or IARI, decoded) is announced.
    pub fn supports(&self, service: &str) -> bool {
        self.icsi.iter().chain(&self.iari).any(|s| s == service)
    }

    /// The Contact parameters that announce these capabilities, each starting with `;`
    /// (for [`MessageBuilder::contact`](rcs_sip::MessageBuilder::contact)).
    pub fn to_contact_params(&self) -> String {
        let mut out = String::new();
        let joined = |v: &[String]| v.iter().map(|s| escape(s)).collect::<Vec<_>>().join(",");
        if !self.icsi.is_empty() {
            out.push_str(&format!(";+g.3gpp.icsi-ref=\"{}\"", joined(&self.icsi)));
        }
        if !self.iari.is_empty() {
            out.push_str(&format!(";+g.3gpp.iari-ref=\"{}\"", joined(&self.iari)));
        }
        if !self.bot_versions.is_empty() {
            out.push_str(&format!(
                ";+g.gsma.rcs.botversion=\"{}\"",
                self.bot_versions.join(",")
            ));
        }
        if self.is_bot {
            out.push_str(";+g.gsma.rcs.isbot");
        }
        for (name, value) in &self.other {
            match value {
                Some(v) => out.push_str(&format!(";{name}={v}")),
                None => out.push_str(&format!(";{name}")),
            }
        }
        out
    }
}
