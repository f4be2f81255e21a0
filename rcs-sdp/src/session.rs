//! The parsed session description: line spans into the text it was parsed from.

use crate::decode;
use crate::error::DecodeError;
use crate::limits::ParseOptions;
use std::borrow::Cow;

/// One line: its type letter, where its value is, its 1-based number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineSpan {
    pub(crate) kind: u8,
    pub(crate) start: u32,
    pub(crate) value_start: u32,
    pub(crate) value_end: u32,
    pub(crate) number: u32,
}

/// Something accepted only because a leniency allowed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Warning {
    /// A record ended in a bare LF (RFC 8866 §5 asks parsers to accept it).
    BareLf {
        /// The first such line.
        line: u32,
    },
    /// A line out of RFC 8866 §5 order (with `ParseOptions::allow_any_order`).
    OutOfOrder {
        /// The line.
        line: u32,
    },
    /// `s=` with no text (RFC 8866 wants at least one character, `s=-` or `s= `).
    EmptySessionName,
    /// The description does not end in a line terminator.
    NoFinalLineEnd,
}

/// A parsed session description (or a media-level fragment): a view over its text.
///
/// ```
/// use rcs_sdp::Session;
/// let sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
/// m=message 7654 TCP/MSRP *\r\na=accept-types:message/cpim\r\n\
/// a=path:msrp://192.0.2.1:7654/jshA7we;tcp\r\n";
/// let s = Session::parse(sdp.as_bytes()).unwrap();
/// let m = s.media().next().unwrap();
/// assert_eq!(m.media_line().unwrap().proto, "TCP/MSRP");
/// let msrp = m.msrp().unwrap();
/// assert_eq!(msrp.path().collect::<Vec<_>>(), ["msrp://192.0.2.1:7654/jshA7we;tcp"]);
/// assert!(msrp.accepts("message", "cpim"));
/// assert_eq!(s.to_bytes(), sdp.as_bytes());
/// ```
///
/// With the `serde` feature a description serializes as `{"fragment", "origin", "name",
/// "connection", "times", "attributes": [{"name", "value"}], "media": [{"media", "port",
/// "port_count", "proto", "formats": [...], "connection", "direction": "sendrecv"|..., "attributes",
/// "msrp": {"path", "accept_types", "accept_wrapped_types", "setup", "file_selector": {"name",
/// "type", "size", "hash": "alg:hex"}, "error"} or null}], "warnings"}` — what `rcs inspect
/// --json` prints. A typed value that does not read is `null` (`msrp.error` says why).
#[derive(Debug, Clone)]
pub struct Session<'a> {
    pub(crate) src: Cow<'a, str>,
    pub(crate) lines: Vec<LineSpan>,
    /// Index in `lines` of each `m=` line.
    pub(crate) media: Vec<u32>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) fragment: bool,
}

impl<'a> Session<'a> {
    /// Parse a complete session description (`v=`, `o=`, `s=`, `t=` required) with defaults.
    pub fn parse(input: &'a [u8]) -> Result<Self, DecodeError> {
        Self::parse_with(input, &ParseOptions::new())
    }

    /// [`Session::parse`] with options.
    pub fn parse_with(input: &'a [u8], opts: &ParseOptions) -> Result<Self, DecodeError> {
        decode::parse(input, opts, false).map_err(|e| e.locate(input))
    }

    /// Parse a fragment (some session-level lines and/or media sections, no mandatory lines), as
    /// RFC examples and signalling logs often show them.
    pub fn parse_fragment(input: &'a [u8], opts: &ParseOptions) -> Result<Self, DecodeError> {
        decode::parse(input, opts, true).map_err(|e| e.locate(input))
    }

    /// The text as parsed.
    pub fn as_str(&self) -> &str {
        &self.src
    }

    /// Whether this was parsed as a fragment.
    pub fn is_fragment(&self) -> bool {
        self.fragment
    }

    /// What leniency was used.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// An owned copy (the index is kept, nothing is re-parsed).
    pub fn into_owned(self) -> Session<'static> {
        Session {
            src: Cow::Owned(self.src.into_owned()),
            lines: self.lines,
            media: self.media,
            warnings: self.warnings,
            fragment: self.fragment,
        }
    }

    /// Every line in order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = Line<'_>> + '_ {
        self.lines.iter().map(|l| self.line(l))
    }

    pub(crate) fn line(&self, l: &LineSpan) -> Line<'_> {
        Line {
            kind: l.kind as char,
            value: self
                .src
                .get(l.value_start as usize..l.value_end as usize)
                .unwrap_or(""),
            number: l.number,
            offset: l.start as usize,
        }
    }

    fn session_spans(&self) -> &[LineSpan] {
        let end = self.media.first().map_or(self.lines.len(), |&i| i as usize);
        &self.lines[..end]
    }

    /// The session-level lines (before the first `m=`).
    pub fn session_lines(&self) -> impl Iterator<Item = Line<'_>> + '_ {
        self.session_spans().iter().map(|l| self.line(l))
    }

    fn first_session(&self, kind: char) -> Option<Line<'_>> {
        self.session_lines().find(|l| l.kind == kind)
    }

    /// `o=`, typed.
    pub fn origin(&self) -> Option<Origin<'_>> {
        self.first_session('o')
            .and_then(|l| decode::origin(l.value).ok())
    }

    /// `s=` text.
    pub fn name(&self) -> Option<&str> {
        self.first_session('s').map(|l| l.value)
    }

    /// Session-level `c=`, typed.
    pub fn connection(&self) -> Option<Connection<'_>> {
        self.first_session('c')
            .and_then(|l| decode::connection(l.value).ok())
    }

    /// `t=` lines, typed.
    pub fn times(&self) -> impl Iterator<Item = Timing> + '_ {
        self.session_lines()
            .filter(|l| l.kind == 't')
            .filter_map(|l| decode::timing(l.value).ok())
    }

    /// Session-level attributes in order.
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'_>> + '_ {
        self.session_lines()
            .filter(|l| l.kind == 'a')
            .map(|l| Attribute::split(l.value))
    }

    /// The first session-level attribute with this name: `Some(None)` for a flag.
    pub fn attribute(&self, name: &str) -> Option<Option<&str>> {
        self.attributes().find(|a| a.name == name).map(|a| a.value)
    }

    /// The media sections in order.
    pub fn media(&self) -> impl ExactSizeIterator<Item = Media<'_>> + '_ {
        (0..self.media.len()).map(move |i| {
            let start = self.media[i] as usize;
            let end = self
                .media
                .get(i + 1)
                .map_or(self.lines.len(), |&e| e as usize);
            Media {
                session: self,
                spans: &self.lines[start..end],
            }
        })
    }

    /// The description as parsed (byte-exact), or as built (canonical).
    pub fn to_bytes(&self) -> bytes::Bytes {
        bytes::Bytes::copy_from_slice(self.src.as_bytes())
    }

    /// Write the description into any `BufMut`.
    pub fn encode(&self, dst: &mut impl bytes::BufMut) {
        dst.put_slice(self.src.as_bytes());
    }

    /// The exact encoded length.
    pub fn encoded_len(&self) -> usize {
        self.src.len()
    }
}

impl PartialEq for Session<'_> {
    /// Equal when the lines (type and value) are equal in order; line ends are not compared.
    fn eq(&self, other: &Self) -> bool {
        self.lines.len() == other.lines.len()
            && self
                .lines()
                .zip(other.lines())
                .all(|(a, b)| a.kind == b.kind && a.value == b.value)
    }
}

/// One line as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Line<'s> {
    /// The type letter.
    pub kind: char,
    /// The value after `=`, without the line end.
    pub value: &'s str,
    /// 1-based line number.
    pub number: u32,
    /// Offset of the line.
    pub offset: usize,
}

/// A media section: its `m=` line and the lines after it up to the next `m=`.
#[derive(Debug, Clone, Copy)]
pub struct Media<'s> {
    session: &'s Session<'s>,
    spans: &'s [LineSpan],
}

impl<'s> Media<'s> {
    /// All lines of the section, `m=` first.
    pub fn lines(&self) -> impl Iterator<Item = Line<'s>> + 's {
        let session = self.session;
        self.spans.iter().map(move |l| session.line(l))
    }

    /// The `m=` line, typed (its grammar was checked by the parse).
    pub fn media_line(&self) -> Option<MediaLine<'s>> {
        self.lines()
            .next()
            .and_then(|l| decode::media_line(l.value).ok())
    }

    /// The section's `c=` (or, when it has none, the session's).
    pub fn connection(&self) -> Option<Connection<'s>> {
        self.lines()
            .find(|l| l.kind == 'c')
            .and_then(|l| decode::connection(l.value).ok())
            .or_else(|| self.session.connection())
    }

    /// The section's attributes in order.
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'s>> + 's {
        self.lines()
            .filter(|l| l.kind == 'a')
            .map(|l| Attribute::split(l.value))
    }

    /// The first attribute with this name: `Some(None)` for a flag attribute.
    pub fn attribute(&self, name: &str) -> Option<Option<&'s str>> {
        self.attributes().find(|a| a.name == name).map(|a| a.value)
    }

    /// `sendrecv`/`sendonly`/`recvonly`/`inactive` of the section, else of the session, else
    /// `sendrecv` (RFC 8866 §6.7).
    pub fn direction(&self) -> Direction {
        self.attributes()
            .find_map(|a| Direction::from_name(a.name))
            .or_else(|| {
                self.session
                    .attributes()
                    .find_map(|a| Direction::from_name(a.name))
            })
            .unwrap_or(Direction::SendRecv)
    }

    /// The MSRP view, when this is `m=message ... TCP/MSRP|TCP/TLS/MSRP ...` (RFC 4975 §8).
    pub fn msrp(&self) -> Option<crate::msrp::Msrp<'s>> {
        let m = self.media_line()?;
        (m.media.eq_ignore_ascii_case("message") && m.is_msrp())
            .then_some(crate::msrp::Msrp { media: *self })
    }
}

/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Origin<'s> {
    /// `-` when none.
    pub username: &'s str,
    /// Session id (digits, may exceed 64 bits in the wild: kept as text).
    pub session_id: &'s str,
    /// Session version (digits, as text).
    pub session_version: &'s str,
    /// `IN`.
    pub nettype: &'s str,
    /// `IP4` / `IP6`.
    pub addrtype: &'s str,
    /// The address.
    pub address: &'s str,
}

/// `c=<nettype> <addrtype> <connection-address>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Connection<'s> {
    /// `IN`.
    pub nettype: &'s str,
    /// `IP4` / `IP6`.
    pub addrtype: &'s str,
    /// Address as sent (multicast `/ttl/n` suffixes kept).
    pub address: &'s str,
}

/// `t=<start> <stop>` (NTP seconds; 0 means unbounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Timing {
    /// Start time.
    pub start: u64,
    /// Stop time.
    pub stop: u64,
}

/// `m=<media> <port>[/<number>] <proto> <fmt> ...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MediaLine<'s> {
    /// `audio`, `video`, `message`, ...
    pub media: &'s str,
    /// Port (0 rejects the stream).
    pub port: u16,
    /// Number of ports, if given.
    pub port_count: Option<u16>,
    /// `RTP/AVP`, `TCP/MSRP`, `TCP/TLS/MSRP`, ...
    pub proto: &'s str,
    /// The formats, space-separated, as sent (`*` for MSRP).
    pub formats: &'s str,
}

impl MediaLine<'_> {
    /// Whether the proto is MSRP over TCP or TLS (RFC 4975 §8.1, RFC 6714 adds CEMA on the same).
    pub fn is_msrp(&self) -> bool {
        self.proto.eq_ignore_ascii_case("TCP/MSRP")
            || self.proto.eq_ignore_ascii_case("TCP/TLS/MSRP")
    }
}

/// `a=<name>[:<value>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Attribute<'s> {
    /// Name.
    pub name: &'s str,
    /// Value, `None` for a flag.
    pub value: Option<&'s str>,
}

impl<'s> Attribute<'s> {
    fn split(v: &'s str) -> Self {
        match v.split_once(':') {
            Some((name, value)) => Self {
                name,
                value: Some(value),
            },
            None => Self {
                name: v,
                value: None,
            },
        }
    }
}

/// Media direction (RFC 8866 §6.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum Direction {
    /// `sendrecv`.
    SendRecv,
    /// `sendonly`.
    SendOnly,
    /// `recvonly`.
    RecvOnly,
    /// `inactive`.
    Inactive,
}

impl Direction {
    /// The attribute name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SendRecv => "sendrecv",
            Self::SendOnly => "sendonly",
            Self::RecvOnly => "recvonly",
            Self::Inactive => "inactive",
        }
    }
    /// From an attribute name.
    pub fn from_name(n: &str) -> Option<Self> {
        [
            Self::SendRecv,
            Self::SendOnly,
            Self::RecvOnly,
            Self::Inactive,
        ]
        .into_iter()
        .find(|d| d.as_str() == n)
    }
    /// The direction an answerer uses (RFC 3264 §6.1).
    pub fn reversed(self) -> Self {
        match self {
            Self::SendOnly => Self::RecvOnly,
            Self::RecvOnly => Self::SendOnly,
            d => d,
        }
    }
}
