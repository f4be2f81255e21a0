//! Building descriptions: structured pieces written in RFC 8866 order with CRLF, then checked by
//! the parser, so a built description always parses back to itself.

use crate::error::{DecodeError, ErrorKind};
use crate::limits::ParseOptions;
use crate::msrp::{FileSelector, Setup};
use crate::session::{Direction, Session};
use std::fmt::Write as _;

/// `a=<name>[:<value>]` lines, in order.
fn write_connection(out: &mut String, connection: &Option<(String, String)>) {
    if let Some((addrtype, address)) = connection {
        let _ = write!(out, "c=IN {addrtype} {address}\r\n");
    }
}

fn write_attributes(out: &mut String, attrs: &[(String, Option<String>)]) {
    for (n, v) in attrs {
        let _ = match v {
            Some(v) => write!(out, "a={n}:{v}\r\n"),
            None => write!(out, "a={n}\r\n"),
        };
    }
}

/// One media section to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaBuilder {
    media: String,
    port: u16,
    proto: String,
    formats: String,
    connection: Option<(String, String)>,
    attributes: Vec<(String, Option<String>)>,
}

impl MediaBuilder {
    /// `m=<media> <port> <proto> <formats>`.
    pub fn new(media: &str, port: u16, proto: &str, formats: &str) -> Self {
        Self {
            media: media.into(),
            port,
            proto: proto.into(),
            formats: formats.into(),
            connection: None,
            attributes: Vec::new(),
        }
    }

    /// An MSRP section (RFC 4975 §8): `m=message <port> TCP/MSRP *` (or `TCP/TLS/MSRP`),
    /// `a=accept-types`, `a=accept-wrapped-types` when given, `a=path`.
    pub fn msrp(
        port: u16,
        tls: bool,
        path: &[&str],
        accept_types: &[&str],
        accept_wrapped_types: &[&str],
    ) -> Self {
        let proto = if tls { "TCP/TLS/MSRP" } else { "TCP/MSRP" };
        let mut m = Self::new("message", port, proto, "*")
            .attribute("accept-types", Some(&accept_types.join(" ")));
        if !accept_wrapped_types.is_empty() {
            m = m.attribute(
                "accept-wrapped-types",
                Some(&accept_wrapped_types.join(" ")),
            );
        }
        m.attribute("path", Some(&path.join(" ")))
    }

    /// A media-level `c=IN <addrtype> <address>`.
    pub fn connection(mut self, addrtype: &str, address: &str) -> Self {
        self.connection = Some((addrtype.into(), address.into()));
        self
    }

    /// `a=<name>[:<value>]`, in the order added.
    pub fn attribute(mut self, name: &str, value: Option<&str>) -> Self {
        self.attributes.push((name.into(), value.map(Into::into)));
        self
    }

    /// `a=setup`.
    pub fn setup(self, s: Setup) -> Self {
        self.attribute("setup", Some(s.as_str()))
    }

    /// Direction attribute.
    pub fn direction(self, d: Direction) -> Self {
        self.attribute(d.as_str(), None)
    }

    /// `a=file-selector` (RFC 5547): name quoted, then type, size, hash.
    pub fn file_selector(self, f: &FileSelector<'_>) -> Self {
        let mut v = String::new();
        if let Some(n) = f.name {
            let _ = write!(v, "name:\"{n}\"");
        }
        if let Some(t) = f.ty {
            let _ = write!(v, "{}type:{t}", if v.is_empty() { "" } else { " " });
        }
        if let Some(s) = f.size {
            let _ = write!(v, "{}size:{s}", if v.is_empty() { "" } else { " " });
        }
        if let Some((a, h)) = f.hash {
            let _ = write!(v, "{}hash:{a}:{h}", if v.is_empty() { "" } else { " " });
        }
        self.attribute("file-selector", Some(&v))
    }

    fn write(&self, out: &mut String) {
        let _ = write!(
            out,
            "m={} {} {} {}\r\n",
            self.media, self.port, self.proto, self.formats
        );
        write_connection(out, &self.connection);
        write_attributes(out, &self.attributes);
    }
}

/// A session description to build: `v=0`, `o=`, `s=`, optional `c=`, `t=0 0`, session
/// attributes, media sections.
///
/// ```
/// use rcs_sdp::{MediaBuilder, SessionBuilder, Setup};
/// let offer = SessionBuilder::new("-", 3929340211, 1, "IP4", "198.51.100.7")
///     .connection("IP4", "198.51.100.7")
///     .media(
///         MediaBuilder::msrp(9, false, &["msrp://198.51.100.7:9/s7dk2;tcp"], &["message/cpim"], &["text/plain", "message/imdn+xml"])
///             .setup(Setup::Active),
///     )
///     .build()
///     .unwrap();
/// let answer = rcs_sdp::answer_to(&offer, "203.0.113.9", 2855, "msrp://203.0.113.9:2855/a1;tcp", &["message/cpim", "text/plain"]).unwrap();
/// let msrp = answer.media().next().unwrap().msrp().unwrap();
/// assert_eq!(msrp.setup().unwrap().unwrap(), Setup::Passive);
/// assert_eq!(msrp.accept_types().map(|t| t.raw).collect::<Vec<_>>(), ["message/cpim"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionBuilder {
    origin: String,
    name: String,
    connection: Option<(String, String)>,
    attributes: Vec<(String, Option<String>)>,
    media: Vec<MediaBuilder>,
}

impl SessionBuilder {
    /// `o=<username> <session-id> <version> IN <addrtype> <address>`, `s=-`, `t=0 0`.
    pub fn new(
        username: &str,
        session_id: u64,
        version: u64,
        addrtype: &str,
        address: &str,
    ) -> Self {
        Self {
            origin: format!("{username} {session_id} {version} IN {addrtype} {address}"),
            name: "-".into(),
            connection: None,
            attributes: Vec::new(),
            media: Vec::new(),
        }
    }

    /// `s=` (default `-`).
    pub fn name(mut self, name: &str) -> Self {
        self.name = name.into();
        self
    }

    /// Session-level `c=IN <addrtype> <address>`.
    pub fn connection(mut self, addrtype: &str, address: &str) -> Self {
        self.connection = Some((addrtype.into(), address.into()));
        self
    }

    /// Session-level `a=<name>[:<value>]`.
    pub fn attribute(mut self, name: &str, value: Option<&str>) -> Self {
        self.attributes.push((name.into(), value.map(Into::into)));
        self
    }

    /// Add a media section.
    pub fn media(mut self, m: MediaBuilder) -> Self {
        self.media.push(m);
        self
    }

    /// The text, canonical.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(256);
        let _ = write!(out, "v=0\r\no={}\r\ns={}\r\n", self.origin, self.name);
        write_connection(&mut out, &self.connection);
        out.push_str("t=0 0\r\n");
        write_attributes(&mut out, &self.attributes);
        for m in &self.media {
            m.write(&mut out);
        }
        out
    }

    /// The description, checked by the parser: an invalid piece is refused with its line type
    /// as the piece (`"a="`, `"m="`, or `"description"` for what concerns the whole).
    pub fn build(&self) -> Result<Session<'static>, BuildError> {
        let text = self.to_text();
        Session::parse_with(text.as_bytes(), &ParseOptions::new())
            .map(Session::into_owned)
            .map_err(|e| BuildError::new(e.field().unwrap_or("description"), e))
    }
}

/// Why a [`SessionBuilder`] could not build: the line type refused and why.
pub type BuildError = rcs_base::BuildError<DecodeError>;

/// An answer to an MSRP offer (RFC 4975 §8, RFC 6135, RFC 5547 §8): for each offered MSRP section
/// the same proto and a section of ours with `path`; `accept-types` are ours that the offer
/// accepts (wildcards honoured; all of ours when it accepts none); `setup` answered; direction
/// reversed; file-selector and file-transfer-id echoed. Other media are rejected with port 0.
pub fn answer_to(
    offer: &Session<'_>,
    address: &str,
    port: u16,
    path: &str,
    accept_types: &[&str],
) -> Result<Session<'static>, DecodeError> {
    let origin = offer.origin();
    let id = origin
        .map_or("0", |o| o.session_id)
        .parse::<u64>()
        .unwrap_or(0);
    let addrtype = if address.contains(':') { "IP6" } else { "IP4" };
    let mut b = SessionBuilder::new("-", id, 1, addrtype, address).connection(addrtype, address);
    for m in offer.media() {
        let Some(line) = m.media_line() else {
            return Err(DecodeError::new(ErrorKind::InvalidMedia, 0, 0));
        };
        let Some(msrp) = m.msrp() else {
            b = b.media(MediaBuilder::new(line.media, 0, line.proto, line.formats));
            continue;
        };
        let ours: Vec<&str> = accept_types
            .iter()
            .copied()
            .filter(|t| {
                let mt = t.split(';').next().unwrap_or(t);
                let (a, s) = mt.split_once('/').unwrap_or((mt, "*"));
                msrp.accepts(a, s)
            })
            .collect();
        let types = if ours.is_empty() {
            accept_types.to_vec()
        } else {
            ours
        };
        let wrapped: Vec<&str> = msrp.accept_wrapped_types().map(|t| t.raw).collect();
        let mut mb = MediaBuilder::msrp(
            port,
            msrp.is_tls(),
            &[path],
            &types,
            if wrapped.is_empty() { &[] } else { &wrapped },
        );
        let setup = match msrp.setup() {
            Some(s) => s?.answer(),
            None => Setup::Passive, // RFC 6135 §4.1: an offer without setup means active.
        };
        mb = mb.setup(setup);
        if msrp.cema() {
            mb = mb.attribute("msrp-cema", None);
        }
        if let Some(f) = msrp.file_selector() {
            mb = mb.file_selector(&f?);
        }
        if let Some(id) = msrp.file_transfer_id() {
            mb = mb.attribute("file-transfer-id", Some(id));
        }
        let dir = msrp.direction();
        if dir != Direction::SendRecv {
            mb = mb.direction(dir.reversed());
        }
        b = b.media(mb);
    }
    Ok(b.build()?)
}
