//! Building messages: checked pieces, canonical form, NS declarations emitted for the
//! namespaces used.

use crate::decode::is_namechar;
use crate::error::{DecodeError, ErrorKind};
use crate::imdn::Notification;
use crate::limits::ParseOptions;
use crate::message::{CPIM_NS, IMDN_NS, Message};
use crate::typed::{Address, DateTime, MediaType};
use bytes::Bytes;

fn bad(kind: ErrorKind, header: &'static str) -> DecodeError {
    DecodeError::value(kind, header)
}

/// Header text: no control characters but HTAB (so no CR/LF injection).
fn check_text(v: &str, header: &'static str) -> Result<(), DecodeError> {
    if v.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(bad(ErrorKind::InvalidHeaderValue, header));
    }
    Ok(())
}

fn check_name(n: &str) -> Result<(), DecodeError> {
    if n.is_empty() || !n.bytes().all(is_namechar) {
        return Err(bad(ErrorKind::InvalidHeader, "header name"));
    }
    Ok(())
}

/// An address value: tokens as they are, anything else quoted.
fn address(
    formal_name: Option<&str>,
    uri: &str,
    header: &'static str,
) -> Result<String, DecodeError> {
    let v = match formal_name {
        None => format!("<{uri}>"),
        Some(n) => {
            check_text(n, header)?;
            let plain = !n.is_empty()
                && n.split(' ').all(|t| {
                    !t.is_empty() && t.bytes().all(|b| is_namechar(b) || b == b'.' || b >= 0x80)
                });
            if plain {
                format!("{n} <{uri}>")
            } else {
                let escaped: String = n
                    .chars()
                    .flat_map(|c| {
                        let esc = matches!(c, '"' | '\\');
                        esc.then_some('\\').into_iter().chain(Some(c))
                    })
                    .collect();
                format!("\"{escaped}\" <{uri}>")
            }
        }
    };
    Address::parse(&v).map_err(|_| bad(ErrorKind::InvalidHeaderValue, header))?;
    Ok(v)
}

#[derive(Debug, Clone)]
struct Line {
    /// `None`: a core CPIM header (no prefix).
    ns: Option<String>,
    name: String,
    params: String,
    value: String,
}

/// Builds a message/cpim body: message headers in the order added (an NS declaration is
/// written just before the first header of its namespace), the content headers, the content.
///
/// Setters never fail: the first refused piece is kept and [`build`](Self::build) returns it
/// as a [`BuildError`] (one `?` per message).
///
/// ```
/// use rcs_cpim::{MessageBuilder, Notification, IMDN_NS};
/// let m = MessageBuilder::new()
///     .from(Some("Alice"), "im:alice@example.com")
///     .to(Some("Bob"), "im:bob@example.com")
///     .imdn_message_id("34jk324j")
///     .date_time("2006-04-04T12:16:49-05:00")
///     .disposition_notification(&[Notification::PositiveDelivery, Notification::Display])
///     .content("text/plain", "Hello World")
///     .build()?;
/// assert_eq!(m.header(IMDN_NS, "Message-ID"), Some("34jk324j"));
/// assert!(m.as_bytes().starts_with(b"From: Alice <im:alice@example.com>\r\nTo: Bob <im:bob@example.com>\r\nNS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: 34jk324j\r\n"));
/// assert_eq!(MessageBuilder::new().date_time("yesterday").build().unwrap_err().piece(), "DateTime");
/// # Ok::<(), rcs_cpim::BuildError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MessageBuilder {
    prefixes: Vec<(String, String)>,
    lines: Vec<Line>,
    content_headers: Vec<(String, String)>,
    content: Option<(String, Bytes)>,
    content_length: bool,
    /// The first piece refused.
    error: Option<BuildError>,
}

/// Why a [`MessageBuilder`] could not build: the first piece it refused and why.
pub type BuildError = rcs_base::BuildError<DecodeError>;

impl MessageBuilder {
    /// Use `prefix` for namespace `urn` (by default `imdn` for IMDN, `ns1`, `ns2`, ... for
    /// others).
    pub fn namespace(self, prefix: &str, urn: &str) -> Self {
        self.checked(|| "NS".into(), |b| b.add_namespace(prefix, urn))
    }

    /// Any header: `name` in namespace `ns` ([`CPIM_NS`] for the core headers).
    pub fn header(self, ns: &str, name: &str, value: &str) -> Self {
        self.checked(|| name.to_owned().into(), |b| b.add_header(ns, name, value))
    }

    /// From.
    pub fn from(self, formal_name: Option<&str>, uri: &str) -> Self {
        self.checked(|| "From".into(), |b| b.add_from(formal_name, uri))
    }

    /// A To (repeat for several).
    pub fn to(self, formal_name: Option<&str>, uri: &str) -> Self {
        self.checked(|| "To".into(), |b| b.add_to(formal_name, uri))
    }

    /// A cc.
    pub fn cc(self, formal_name: Option<&str>, uri: &str) -> Self {
        self.checked(|| "cc".into(), |b| b.add_cc(formal_name, uri))
    }

    /// DateTime (checked as RFC 3339).
    pub fn date_time(self, value: &str) -> Self {
        self.checked(|| "DateTime".into(), |b| b.add_date_time(value))
    }

    /// A Subject, with its language.
    pub fn subject(self, text: &str, lang: Option<&str>) -> Self {
        self.checked(|| "Subject".into(), |b| b.add_subject(text, lang))
    }

    /// IMDN Message-ID.
    pub fn imdn_message_id(self, id: &str) -> Self {
        self.checked(|| "Message-ID".into(), |b| b.add_imdn_message_id(id))
    }

    /// IMDN Disposition-Notification.
    pub fn disposition_notification(self, what: &[Notification<'_>]) -> Self {
        self.checked(
            || "Disposition-Notification".into(),
            |b| b.add_disposition_notification(what),
        )
    }

    /// Another content header (after Content-Type, in the order added).
    pub fn content_header(self, name: &str, value: &str) -> Self {
        self.checked(
            || name.to_owned().into(),
            |b| b.add_content_header(name, value),
        )
    }

    /// An empty message.
    pub fn new() -> Self {
        Self::default()
    }

    fn add_namespace(&mut self, prefix: &str, urn: &str) -> Result<(), DecodeError> {
        check_name(prefix)?;
        if !crate::typed::check_uri(urn) || self.prefixes.iter().any(|(p, _)| p == prefix) {
            return Err(bad(ErrorKind::InvalidHeaderValue, "NS"));
        }
        self.prefixes.push((prefix.into(), urn.into()));
        Ok(())
    }

    fn push(
        &mut self,
        ns: &str,
        name: &str,
        params: String,
        value: String,
        header: &'static str,
    ) -> Result<(), DecodeError> {
        check_name(name)?;
        check_text(&value, header)?;
        let ns = (!ns.eq_ignore_ascii_case(CPIM_NS)).then(|| ns.to_string());
        if let Some(urn) = &ns
            && !crate::typed::check_uri(urn)
        {
            return Err(bad(ErrorKind::InvalidHeaderValue, "NS"));
        }
        self.lines.push(Line {
            ns,
            name: name.into(),
            params,
            value,
        });
        Ok(())
    }

    fn add_header(&mut self, ns: &str, name: &str, value: &str) -> Result<(), DecodeError> {
        self.push(ns, name, String::new(), value.into(), "header")
    }

    fn add_from(&mut self, formal_name: Option<&str>, uri: &str) -> Result<(), DecodeError> {
        let v = address(formal_name, uri, "From")?;
        self.push(CPIM_NS, "From", String::new(), v, "From")
    }

    fn add_to(&mut self, formal_name: Option<&str>, uri: &str) -> Result<(), DecodeError> {
        let v = address(formal_name, uri, "To")?;
        self.push(CPIM_NS, "To", String::new(), v, "To")
    }

    fn add_cc(&mut self, formal_name: Option<&str>, uri: &str) -> Result<(), DecodeError> {
        let v = address(formal_name, uri, "cc")?;
        self.push(CPIM_NS, "cc", String::new(), v, "cc")
    }

    fn add_date_time(&mut self, value: &str) -> Result<(), DecodeError> {
        DateTime::parse(value)?;
        self.push(CPIM_NS, "DateTime", String::new(), value.into(), "DateTime")
    }

    fn add_subject(&mut self, text: &str, lang: Option<&str>) -> Result<(), DecodeError> {
        let params = match lang {
            Some(l)
                if !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
            {
                format!(";lang={l}")
            }
            Some(_) => return Err(bad(ErrorKind::InvalidHeaderValue, "Subject")),
            None => String::new(),
        };
        self.push(CPIM_NS, "Subject", params, text.into(), "Subject")
    }

    fn add_imdn_message_id(&mut self, id: &str) -> Result<(), DecodeError> {
        if id.is_empty() || id.bytes().any(|b| b <= 0x20 || b == 0x7f) {
            return Err(bad(ErrorKind::InvalidHeaderValue, "Message-ID"));
        }
        self.push(
            IMDN_NS,
            "Message-ID",
            String::new(),
            id.into(),
            "Message-ID",
        )
    }

    fn add_disposition_notification(
        &mut self,
        what: &[Notification<'_>],
    ) -> Result<(), DecodeError> {
        let v: Vec<&str> = what.iter().map(Notification::as_str).collect();
        if v.is_empty()
            || v.iter()
                .any(|t| t.is_empty() || !t.bytes().all(crate::decode::is_token_char))
        {
            return Err(bad(
                ErrorKind::InvalidHeaderValue,
                "Disposition-Notification",
            ));
        }
        self.push(
            IMDN_NS,
            "Disposition-Notification",
            String::new(),
            v.join(", "),
            "Disposition-Notification",
        )
    }

    fn add_content_header(&mut self, name: &str, value: &str) -> Result<(), DecodeError> {
        let reserved = ["Content-Type", "Content-Length"]
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name));
        if name.is_empty() || reserved || !name.bytes().all(crate::decode::is_token_char) {
            return Err(bad(ErrorKind::InvalidHeader, "content header"));
        }
        check_text(value, "content header")?;
        self.content_headers.push((name.into(), value.into()));
        Ok(())
    }

    /// The content and its Content-Type.
    pub fn content(self, content_type: &str, content: impl Into<Bytes>) -> Self {
        self.checked(
            || "Content-Type".into(),
            |b| {
                check_text(content_type, "Content-Type")?;
                MediaType::parse(content_type)?;
                b.content = Some((content_type.into(), content.into()));
                Ok(())
            },
        )
    }

    rcs_base::builder_steps!(DecodeError);

    /// Also write Content-Length (RCS clients commonly send it; CPIM does not need it).
    pub fn content_length(mut self, yes: bool) -> Self {
        self.content_length = yes;
        self
    }

    /// The message, parsed back (so a built message is one the strict parser accepts).
    pub fn build(self) -> Result<Message<'static>, BuildError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.assemble().map_err(|e| BuildError::new("message", e))
    }

    fn assemble(self) -> Result<Message<'static>, DecodeError> {
        let mut out = Vec::new();
        let mut declared: Vec<(String, String)> = Vec::new();
        let mut auto = 0;
        for l in &self.lines {
            let prefix = match &l.ns {
                None => None,
                Some(urn) => Some(
                    match declared.iter().find(|(_, u)| u.eq_ignore_ascii_case(urn)) {
                        Some((p, _)) => p.clone(),
                        None => {
                            let p = match self
                                .prefixes
                                .iter()
                                .find(|(_, u)| u.eq_ignore_ascii_case(urn))
                            {
                                Some((p, _)) => p.clone(),
                                None if urn.eq_ignore_ascii_case(IMDN_NS)
                                    && !self.prefixes.iter().any(|(p, _)| p == "imdn") =>
                                {
                                    "imdn".into()
                                }
                                None => loop {
                                    auto += 1;
                                    let p = format!("ns{auto}");
                                    if !self.prefixes.iter().any(|(q, _)| *q == p) {
                                        break p;
                                    }
                                },
                            };
                            out.extend_from_slice(format!("NS: {p} <{urn}>\r\n").as_bytes());
                            declared.push((p.clone(), urn.clone()));
                            p
                        }
                    },
                ),
            };
            if let Some(p) = prefix {
                out.extend_from_slice(p.as_bytes());
                out.push(b'.');
            }
            out.extend_from_slice(format!("{}:{} {}\r\n", l.name, l.params, l.value).as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        let (ct, content) = self
            .content
            .unwrap_or_else(|| ("text/plain".into(), Bytes::new()));
        out.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
        for (n, v) in &self.content_headers {
            out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
        }
        if self.content_length {
            out.extend_from_slice(format!("Content-Length: {}\r\n", content.len()).as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&content);
        let mut opts = ParseOptions::new();
        opts.limits.max_message_size = usize::MAX;
        opts.limits.max_headers = usize::MAX;
        opts.limits.max_line_length = usize::MAX - 2;
        Message::parse_bytes(Bytes::from(out), &opts)
    }
}
