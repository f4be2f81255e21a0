//! Typed header values. Each borrows from the message and keeps the text it was parsed from;
//! parameters stay as validated raw text ([`Params`]) and are walked on demand.

use crate::decode::lex::unquote;
use crate::message::Span;
use crate::params::{ParamIter, Params};
use crate::uri::{Host, HostAt, Uri};
use std::borrow::Cow;

/// `name-addr / addr-spec` with header parameters: From, To, Route, Record-Route, Path,
/// Service-Route, Reply-To, Refer-To, Referred-By, P-Asserted-Identity, P-Preferred-Identity,
/// P-Associated-URI, P-Called-Party-ID.
///
/// The display name and parameters are kept as offsets into the text (see [`crate::SipUri`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Address<'a> {
    pub(crate) raw: &'a str,
    pub(crate) uri: Uri<'a>,
    /// The first `tag` parameter's value, found while the parameters were checked.
    pub(crate) tag: Option<&'a str>,
    /// The display name with its quotes; empty when there is none (a display name never is).
    pub(crate) display: Span,
    /// Where the parameters start: they run to the end of `raw`.
    pub(crate) params_start: u32,
    pub(crate) bracketed: bool,
}

debug_parts!(Address, |a| {
    "raw" => a.raw,
    "display_name" => a.display_name(),
    "uri" => a.uri,
    "bracketed" => a.bracketed,
    "params" => a.params(),
    "tag" => a.tag,
});

serialize_parts!(Address, |a| {
    "uri" => a.uri.as_str(),
    "scheme" => a.uri.scheme(),
    "display_name" => a.display_name_unquoted(),
    "params" => a.params(),
    "tag" => a.tag,
});

impl<'a> Address<'a> {
    /// Reads one address as a From/To value: a name-addr (`"Bob" <sip:bob@example.com>`) or a
    /// bare URI, then header parameters (`;tag=...`); nothing may follow. Error offsets are
    /// into `s`.
    ///
    /// ```
    /// use rcs_sip::Address;
    /// let a = Address::parse("\"Bob\" <sip:bob@example.com>;tag=a73kszlfl")?;
    /// assert_eq!(a.display_name_unquoted().as_deref(), Some("Bob"));
    /// assert_eq!(a.uri().as_str(), "sip:bob@example.com");
    /// assert_eq!(a.tag(), Some("a73kszlfl"));
    /// assert!(Address::parse("<sip:bob@example.com>, <sip:carol@example.com>").is_err());
    /// # Ok::<(), rcs_sip::DecodeError>(())
    /// ```
    pub fn parse(s: &'a str) -> Result<Self, crate::DecodeError> {
        crate::typed::parse_single(crate::KnownHeader::To, s)
    }

    /// The element as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
    /// The display name as sent: a quoted string (with quotes and escapes) or tokens.
    pub fn display_name(&self) -> Option<&'a str> {
        (self.display.end != 0).then(|| self.display.of(self.raw))
    }
    /// The display name without quotes and escapes.
    pub fn display_name_unquoted(&self) -> Option<Cow<'a, str>> {
        self.display_name().map(unquote)
    }
    /// The URI.
    pub fn uri(&self) -> Uri<'a> {
        self.uri
    }
    /// Whether the URI was in `<...>` (a name-addr).
    pub fn is_bracketed(&self) -> bool {
        self.bracketed
    }
    /// The header parameters after the address.
    pub fn params(&self) -> Params<'a> {
        Params::tail_of(self.raw, self.params_start)
    }
    /// The `tag` parameter (From/To).
    pub fn tag(&self) -> Option<&'a str> {
        self.tag
    }
}

/// A Contact value: `*` or an address with contact parameters (RFC 3261 §20.10, RFC 5626,
/// RFC 3840 feature tags).
///
/// Serializes (feature `serde`) as `{"wildcard": true}` or `{"wildcard": false, "uri",
/// "display_name", "params", "expires", "q", "sip_instance", "reg_id"}`, `q` as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contact<'a> {
    pub(crate) raw: &'a str,
    pub(crate) address: Option<Address<'a>>,
}

impl<'a> Contact<'a> {
    /// The element as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
    /// `Contact: *` (REGISTER removing all bindings).
    pub fn is_wildcard(&self) -> bool {
        self.address.is_none()
    }
    /// The address, unless the value is `*`.
    pub fn address(&self) -> Option<&Address<'a>> {
        self.address.as_ref()
    }
    /// The contact parameters.
    pub fn params(&self) -> Params<'a> {
        self.address.map(|a| a.params()).unwrap_or_default()
    }
    /// `expires` (checked to fit `u32` by the parse).
    pub fn expires(&self) -> Option<u32> {
        self.params().value("expires").and_then(|v| v.parse().ok())
    }
    /// `q` in thousandths (`q=0.5` is 500).
    pub fn q(&self) -> Option<u16> {
        self.params()
            .value("q")
            .and_then(crate::decode::typed::qvalue_millis)
    }
    /// `+sip.instance`, without its quotes (`<urn:uuid:...>` or `<urn:gsma:imei:...>`).
    pub fn sip_instance(&self) -> Option<Cow<'a, str>> {
        self.params()
            .get("+sip.instance")
            .and_then(|p| p.unquoted_value())
    }
    /// `reg-id` (RFC 5626).
    pub fn reg_id(&self) -> Option<u32> {
        self.params().value("reg-id").and_then(|v| v.parse().ok())
    }
    /// Feature tags (RFC 3840): parameters whose name starts with `+`, and the base tags
    /// (`audio`, `video`, `text`, `data`, `control`, `application`, `automata`, `class`, `duplex`,
    /// `mobility`, `description`, `events`, `priority`, `methods`, `schemes`, `extensions`,
    /// `isfocus`, `actor`), values as sent (quoted, `%`-escaped).
    pub fn feature_tags(&self) -> impl Iterator<Item = crate::Param<'a>> + 'a {
        self.params().iter().filter(|p| is_feature_tag(p.name))
    }
}

pub(crate) fn is_feature_tag(name: &str) -> bool {
    name.starts_with('+')
        || [
            "audio",
            "video",
            "text",
            "data",
            "control",
            "application",
            "automata",
            "class",
            "duplex",
            "mobility",
            "description",
            "events",
            "priority",
            "methods",
            "schemes",
            "extensions",
            "isfocus",
            "actor",
        ]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(name))
}

/// A Via value (RFC 3261 §20.42).
///
/// The parts are kept as offsets into the text (see [`crate::SipUri`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Via<'a> {
    pub(crate) raw: &'a str,
    /// The first `branch` parameter's value, found while the parameters were checked.
    pub(crate) branch: Option<&'a str>,
    pub(crate) host: HostAt,
    /// The protocol name starts the value.
    pub(crate) protocol_end: u32,
    pub(crate) version: Span,
    pub(crate) transport: Span,
    /// Where the parameters start: they run to the end of `raw`.
    pub(crate) params_start: u32,
    pub(crate) port: Option<u16>,
}

debug_parts!(Via, |v| {
    "raw" => v.raw,
    "protocol" => v.protocol(),
    "version" => v.version(),
    "transport" => v.transport(),
    "host" => v.host(),
    "port" => v.port,
    "params" => v.params(),
    "branch" => v.branch,
});

serialize_parts!(Via, |v| {
    "protocol" => v.protocol(),
    "version" => v.version(),
    "transport" => v.transport(),
    "host" => v.host(),
    "port" => v.port,
    "branch" => v.branch,
    "received" => v.received(),
    "rport" => crate::serde_forms::Rport(v.rport()),
    "params" => v.params(),
});

impl<'a> Via<'a> {
    /// The element as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
    /// Protocol name (`SIP`).
    pub fn protocol(&self) -> &'a str {
        Span::new(0, self.protocol_end).of(self.raw)
    }
    /// Protocol version (`2.0`).
    pub fn version(&self) -> &'a str {
        self.version.of(self.raw)
    }
    /// Transport as sent (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS`, ...).
    pub fn transport(&self) -> &'a str {
        self.transport.of(self.raw)
    }
    /// Sent-by host.
    pub fn host(&self) -> Host<'a> {
        self.host.get(self.raw)
    }
    /// Sent-by port.
    pub fn port(&self) -> Option<u16> {
        self.port
    }
    /// All parameters.
    pub fn params(&self) -> Params<'a> {
        Params::tail_of(self.raw, self.params_start)
    }
    /// `branch`.
    pub fn branch(&self) -> Option<&'a str> {
        self.branch
    }
    /// `received` (an IPv4 or IPv6 address; brackets kept if sent).
    pub fn received(&self) -> Option<&'a str> {
        self.params().value("received")
    }
    /// `rport`: `None` when absent, `Some(None)` when present without a value (RFC 3581).
    pub fn rport(&self) -> Option<Option<u16>> {
        self.params()
            .get("rport")
            .map(|p| p.value.and_then(|v| v.parse().ok()))
    }
    /// `maddr`.
    pub fn maddr(&self) -> Option<&'a str> {
        self.params().value("maddr")
    }
    /// `ttl`.
    pub fn ttl(&self) -> Option<u8> {
        self.params().value("ttl").and_then(|v| v.parse().ok())
    }
    /// `alias` (RFC 5923): the sender, which opened this connection, asks to be sent requests
    /// for its sent-by over it.
    pub fn alias(&self) -> bool {
        self.params().contains("alias")
    }
    /// Whether the branch starts with the RFC 3261 magic cookie `z9hG4bK`.
    pub fn is_rfc3261_branch(&self) -> bool {
        self.branch().is_some_and(|b| b.starts_with("z9hG4bK"))
    }
}

/// CSeq (RFC 3261 §20.16): sequence number below 2³¹ and method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CSeq<'a> {
    pub(crate) seq: u32,
    pub(crate) method: &'a str,
}

impl<'a> CSeq<'a> {
    /// The sequence number.
    pub fn seq(&self) -> u32 {
        self.seq
    }
    /// The method.
    pub fn method(&self) -> &'a str {
        self.method
    }
}

/// RAck (RFC 3262): response number, CSeq number, method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RAck<'a> {
    pub(crate) rseq: u32,
    pub(crate) cseq: u32,
    pub(crate) method: &'a str,
}

impl<'a> RAck<'a> {
    /// The RSeq being acknowledged.
    pub fn rseq(&self) -> u32 {
        self.rseq
    }
    /// The CSeq number.
    pub fn cseq(&self) -> u32 {
        self.cseq
    }
    /// The method.
    pub fn method(&self) -> &'a str {
        self.method
    }
}

/// A Call-ID (also an In-Reply-To element): `word [ "@" word ]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CallId<'a>(pub(crate) &'a str);

impl<'a> CallId<'a> {
    /// The identifier as sent (compare byte for byte).
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

/// A media type (Content-Type) or media range (Accept), with parameters. Parsed by this crate:
/// SIP allows white space around `/` and `;` that MIME parsers reject.
///
/// Serializes (feature `serde`) as `{"media_type", "subtype", "params"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaType<'a> {
    pub(crate) raw: &'a str,
    pub(crate) ty: &'a str,
    pub(crate) subtype: &'a str,
    pub(crate) params: Params<'a>,
}

impl<'a> MediaType<'a> {
    /// Reads one media type as a Content-Type value (`application/sdp`,
    /// `multipart/mixed;boundary=x`); nothing may follow. Error offsets are
    /// into `s`.
    ///
    /// ```
    /// use rcs_sip::MediaType;
    /// let m = MediaType::parse("text/plain;charset=UTF-8")?;
    /// assert!(m.is("text", "plain"));
    /// assert_eq!(m.param("charset").as_deref(), Some("UTF-8"));
    /// assert!(MediaType::parse("text").is_err());
    /// assert!(MediaType::parse("text/plain, text/html").is_err());
    /// # Ok::<(), rcs_sip::DecodeError>(())
    /// ```
    pub fn parse(s: &'a str) -> Result<Self, crate::DecodeError> {
        crate::typed::parse_single(crate::KnownHeader::ContentType, s)
    }

    /// The element as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
    /// Top-level type (`application`), or `*`.
    pub fn ty(&self) -> &'a str {
        self.ty
    }
    /// Subtype (`sdp`), or `*`.
    pub fn subtype(&self) -> &'a str {
        self.subtype
    }
    /// Parameters.
    pub fn params(&self) -> Params<'a> {
        self.params
    }
    /// A parameter value without quotes (`charset`, `boundary`, ...).
    pub fn param(&self, name: &str) -> Option<Cow<'a, str>> {
        self.params.get(name).and_then(|p| p.unquoted_value())
    }
    /// Whether type and subtype equal these (ASCII case-insensitive).
    pub fn is(&self, ty: &str, subtype: &str) -> bool {
        self.ty.eq_ignore_ascii_case(ty) && self.subtype.eq_ignore_ascii_case(subtype)
    }
    /// Whether this range (`*/*`, `text/*`, `text/plain`) covers `ty/subtype`.
    pub fn matches(&self, ty: &str, subtype: &str) -> bool {
        (self.ty == "*" || self.ty.eq_ignore_ascii_case(ty))
            && (self.subtype == "*" || self.subtype.eq_ignore_ascii_case(subtype))
    }
    /// `type/subtype` and parameters in canonical form (no white space), for MIME libraries.
    pub fn canonical(&self) -> String {
        let mut s = format!("{}/{}", self.ty, self.subtype);
        for p in self.params.iter() {
            s.push(';');
            s.push_str(p.name);
            if let Some(v) = p.value {
                s.push('=');
                s.push_str(v);
            }
        }
        s
    }
    /// The same media type as a [`mime::Mime`].
    #[cfg(feature = "mime")]
    pub fn to_mime(&self) -> Option<mime::Mime> {
        self.canonical().parse().ok()
    }
}

/// One token: an option tag (Require, Supported, Proxy-Require, Unsupported), a method (Allow),
/// a coding (Content-Encoding), a directive (Request-Disposition), an event type (Allow-Events),
/// Priority, SIP-ETag, SIP-If-Match, P-Early-Media.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Token<'a>(pub(crate) &'a str);

impl<'a> Token<'a> {
    /// The token as sent.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

/// A token with parameters: Event (package), Subscription-State (state), Reason (protocol),
/// Content-Disposition, Security-Client/Server/Verify (mechanism), P-Access-Network-Info (access
/// type), Accept-Encoding, Accept-Language, P-Visited-Network-ID (token or quoted string).
///
/// Serializes (feature `serde`) as `{"value", "params"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenParams<'a> {
    pub(crate) raw: &'a str,
    pub(crate) value: &'a str,
    pub(crate) params: Params<'a>,
}

impl<'a> TokenParams<'a> {
    /// The element as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
    /// The leading token (quoted string for P-Visited-Network-ID).
    pub fn value(&self) -> &'a str {
        self.value
    }
    /// The parameters.
    pub fn params(&self) -> Params<'a> {
        self.params
    }
    /// A parameter value without quotes.
    pub fn param(&self, name: &str) -> Option<Cow<'a, str>> {
        self.params.get(name).and_then(|p| p.unquoted_value())
    }
    /// `expires` (Subscription-State).
    pub fn expires(&self) -> Option<u32> {
        self.params.value("expires").and_then(|v| v.parse().ok())
    }
    /// `cause` (Reason).
    pub fn cause(&self) -> Option<u16> {
        self.params.value("cause").and_then(|v| v.parse().ok())
    }
    /// `text` without quotes (Reason).
    pub fn text(&self) -> Option<Cow<'a, str>> {
        self.param("text")
    }
    /// `id` (Event).
    pub fn id(&self) -> Option<&'a str> {
        self.params.value("id")
    }
}

/// Delta-seconds with optional comment and parameters: Expires, Min-Expires, Session-Expires
/// (`refresher`), Min-SE, Retry-After (`(comment)`, `duration`), RSeq.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Seconds<'a> {
    pub(crate) value: u32,
    pub(crate) comment: Option<&'a str>,
    pub(crate) params: Params<'a>,
}

impl<'a> Seconds<'a> {
    /// The number.
    pub fn value(&self) -> u32 {
        self.value
    }
    /// Retry-After comment, with its parentheses.
    pub fn comment(&self) -> Option<&'a str> {
        self.comment
    }
    /// Parameters.
    pub fn params(&self) -> Params<'a> {
        self.params
    }
    /// `refresher` (Session-Expires).
    pub fn refresher(&self) -> Option<&'a str> {
        self.params.value("refresher")
    }
}

/// A small number: Max-Forwards (0..=255), Content-Length, MIME-Version major.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Number(pub(crate) u32);

impl Number {
    /// The value.
    pub fn get(&self) -> u32 {
        self.0
    }
}

/// An RFC 1123 date in GMT (RFC 3261 §20.17): `Sat, 13 Nov 2010 23:29:00 GMT`.
///
/// Serializes (feature `serde`) as an RFC 3339 string in UTC: `"2010-11-13T23:29:00Z"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SipDate<'a> {
    pub(crate) raw: &'a str,
    /// Day of month, 1..=31.
    pub day: u8,
    /// Month, 1..=12.
    pub month: u8,
    /// Year.
    pub year: u16,
    /// Hour, 0..=23.
    pub hour: u8,
    /// Minute, 0..=59.
    pub minute: u8,
    /// Second, 0..=60.
    pub second: u8,
}

impl<'a> SipDate<'a> {
    /// The date as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }

    /// The instant as a `SystemTime` (the date is always GMT); `None` when the platform
    /// cannot represent it.
    pub fn to_system_time(&self) -> Option<std::time::SystemTime> {
        rcs_base::time::CivilTime {
            year: i64::from(self.year),
            month: self.month,
            day: self.day,
            hour: self.hour,
            minute: self.minute,
            second: self.second,
            nanos: 0,
        }
        .to_system_time()
    }

    /// A `SystemTime` as a `Date` header value (RFC 3261 §20.17's rfc1123-date:
    /// `Sun, 06 Nov 1994 08:49:37 GMT`), whole seconds.
    pub fn format_system_time(t: std::time::SystemTime) -> String {
        use rcs_base::time::{CivilTime, days_from_civil, weekday};
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let c = CivilTime::from_system_time(t);
        let wd = weekday(days_from_civil(c.year, c.month, c.day));
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            DAYS[usize::from(wd % 7)],
            c.day,
            MONTHS[usize::from(c.month.clamp(1, 12) - 1)],
            c.year,
            c.hour,
            c.minute,
            c.second
        )
    }
}

/// A Warning value (RFC 3261 §20.43): code, agent, quoted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WarningValue<'a> {
    pub(crate) code: u16,
    pub(crate) agent: &'a str,
    pub(crate) text: &'a str,
}

impl<'a> WarningValue<'a> {
    /// Three-digit warn-code.
    pub fn code(&self) -> u16 {
        self.code
    }
    /// warn-agent: `host[:port]` or pseudonym.
    pub fn agent(&self) -> &'a str {
        self.agent
    }
    /// warn-text without quotes.
    pub fn text(&self) -> Cow<'a, str> {
        unquote(self.text)
    }
}

/// A challenge or credentials (WWW-Authenticate, Proxy-Authenticate, Authorization,
/// Proxy-Authorization) or the parameter list of Authentication-Info. Secrets are redacted in
/// `Debug`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Auth<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) params: &'a str,
}

impl core::fmt::Debug for Auth<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut l = f.debug_map();
        l.entry(&"scheme", &self.scheme);
        for p in self.redacted_params() {
            l.entry(&p.name, &p.value);
        }
        l.finish()
    }
}

impl<'a> Auth<'a> {
    /// The scheme (`Digest`), empty for Authentication-Info.
    pub fn scheme(&self) -> &'a str {
        self.scheme
    }
    /// Whether the scheme is Digest (case-insensitive).
    pub fn is_digest(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("Digest")
    }
    /// The comma-separated parameters.
    pub fn params(&self) -> ParamIter<'a> {
        ParamIter::comma_separated(self.params)
    }
    /// The parameters with secret values (`response`, `rspauth`, `password`, `cnonce`,
    /// `nextnonce`) replaced by `<redacted>`: for logs and displays.
    pub fn redacted_params(&self) -> impl Iterator<Item = crate::Param<'a>> + 'a {
        self.params().map(|p| {
            if is_secret(p.name) {
                crate::Param {
                    name: p.name,
                    value: Some("<redacted>"),
                }
            } else {
                p
            }
        })
    }

    /// The parameters as sent.
    pub fn params_str(&self) -> &'a str {
        self.params
    }
    /// A parameter without quotes (`realm`, `nonce`, `algorithm`, `qop`, `response`, ...).
    pub fn param(&self, name: &str) -> Option<Cow<'a, str>> {
        self.params()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .and_then(|p| p.unquoted_value())
    }
}

/// A caller preference (Accept-Contact, Reject-Contact; RFC 3841): `*` and feature parameters.
/// Feature-tag values stay `%`-escaped and quoted as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FeaturePreference<'a> {
    pub(crate) params: Params<'a>,
}

impl<'a> FeaturePreference<'a> {
    /// The parameters (`+g.3gpp.icsi-ref="urn%3Aurn-7%3A..."`, `require`, `explicit`).
    pub fn params(&self) -> Params<'a> {
        self.params
    }
    /// Whether `require` is present.
    pub fn require(&self) -> bool {
        self.params.contains("require")
    }
    /// Whether `explicit` is present.
    pub fn explicit(&self) -> bool {
        self.params.contains("explicit")
    }
}

/// A URI-valued service identifier (P-Asserted-Service, P-Preferred-Service; RFC 6050), e.g.
/// `urn:urn-7:3gpp-service.ims.icsi.mmtel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ServiceId<'a>(pub(crate) &'a str);

impl<'a> ServiceId<'a> {
    /// The identifier as sent.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

/// The Privacy header (RFC 3323): `priv-value *( ";" priv-value )`.
///
/// Serializes (feature `serde`) as the list of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Privacy<'a>(pub(crate) &'a str);

impl<'a> Privacy<'a> {
    /// The values in order (`id`, `header`, `session`, `user`, `none`, `critical`, `history`).
    pub fn values(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .split(';')
            .map(|v| v.trim_matches([' ', '\t', '\r', '\n']))
            .filter(|v| !v.is_empty())
    }
    /// Whether `value` is among them.
    pub fn contains(&self, value: &str) -> bool {
        self.values().any(|v| v.eq_ignore_ascii_case(value))
    }
}

/// A value that is only parameters: P-Charging-Vector (`icid-value=...;orig-ioi=...`),
/// P-Charging-Function-Addresses (`ccf=...;ecf=...`).
///
/// Serializes (feature `serde`) as `{"params"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamsValue<'a> {
    pub(crate) raw: &'a str,
}

impl<'a> ParamsValue<'a> {
    /// The parameters (the first has no leading `;`, which the iterator does not need).
    pub fn params(&self) -> Params<'a> {
        Params::from_validated(self.raw)
    }
    /// `icid-value` (P-Charging-Vector).
    pub fn icid(&self) -> Option<&'a str> {
        self.params().value("icid-value")
    }
}

/// A bracketed absolute URI with parameters: Call-Info, Alert-Info, Error-Info.
///
/// Serializes (feature `serde`) as `{"uri", "params"}`, the URI as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InfoUri<'a> {
    pub(crate) uri: Uri<'a>,
    pub(crate) params: Params<'a>,
}

impl<'a> InfoUri<'a> {
    /// The URI.
    pub fn uri(&self) -> Uri<'a> {
        self.uri
    }
    /// The parameters (`purpose=icon`, ...).
    pub fn params(&self) -> Params<'a> {
        self.params
    }
}

/// An `Identity` value (RFC 8224 §4.1): the signed identity digest (in STIR/SHAKEN a
/// PASSporT's compact JWS, `header.payload.signature`), `info=<absoluteURI>` naming the
/// signer's certificate, and the other parameters (`alg`, `ppt`, extensions). The RFC 4474
/// form it replaced — the digest alone, possibly quoted, with the certificate in an
/// `Identity-Info` header — reads too, with no `info`.
///
/// Serializes (feature `serde`) as `{"digest", "info", "alg", "ppt", "params"}`, `info` as
/// sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityValue<'a> {
    pub(crate) digest: &'a str,
    pub(crate) info: Option<Uri<'a>>,
    pub(crate) params: &'a str,
}

impl<'a> IdentityValue<'a> {
    /// The signed identity digest as sent (without the quotes of the RFC 4474 form).
    pub fn digest(&self) -> &'a str {
        self.digest
    }

    /// The `info` URI (without its angle brackets): where the signer's certificate is.
    /// `None` in the RFC 4474 form (see `Identity-Info`).
    pub fn info(&self) -> Option<Uri<'a>> {
        self.info
    }

    /// Every parameter in order, `info` included (its value with the angle brackets).
    pub fn params(&self) -> IdentityParams<'a> {
        IdentityParams(self.params)
    }

    /// A parameter's value by name (case-insensitive), without quotes; `Some("")` for a
    /// parameter without a value.
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.params()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.value.map_or("", |v| v.trim_matches('"')))
    }

    /// `alg` (RFC 8224 §4.1: `ES256` for PASSporT).
    pub fn alg(&self) -> Option<&'a str> {
        self.param("alg")
    }

    /// `ppt`, the PASSporT extension (`shaken`, `div`, `rcd`, ...).
    pub fn ppt(&self) -> Option<&'a str> {
        self.param("ppt")
    }
}

/// The parameters of an [`IdentityValue`], `;` separators outside angle brackets and quotes.
#[derive(Debug, Clone)]
pub struct IdentityParams<'a>(&'a str);

impl<'a> Iterator for IdentityParams<'a> {
    type Item = crate::Param<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        // The text was validated when the value was parsed: `;name[=value]` runs whose values
        // are tokens, quoted strings or `<URI>`.
        let s = self.0.trim_start_matches([' ', '\t']).strip_prefix(';')?;
        let b = s.as_bytes();
        let (mut i, mut quoted, mut bracket) = (0, false, false);
        while i < b.len() {
            match b[i] {
                b'\\' if quoted => i += 1,
                b'"' if !bracket => quoted = !quoted,
                b'<' if !quoted => bracket = true,
                b'>' if !quoted => bracket = false,
                b';' if !quoted && !bracket => break,
                _ => {}
            }
            i += 1;
        }
        let i = i.min(s.len());
        let (item, rest) = s.split_at(i);
        self.0 = rest;
        let (name, value) = match item.split_once('=') {
            Some((n, v)) => (n.trim(), Some(v.trim())),
            None => (item.trim(), None),
        };
        Some(crate::Param { name, value })
    }
}

/// An opaque identifier: Contribution-ID, Conversation-ID, InReplyTo-Contribution-ID (RCC.07),
/// MIME-Version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Identifier<'a>(pub(crate) &'a str);

impl<'a> Identifier<'a> {
    /// The identifier as sent.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

/// Serializes as `{"scheme", "params": [{"name", "value"}]}` with secrets redacted, as in `Debug`.
#[cfg(feature = "serde")]
impl serde::Serialize for Auth<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let params: Vec<crate::Param<'_>> = self
            .params()
            .map(|p| {
                if is_secret(p.name) {
                    crate::Param {
                        name: p.name,
                        value: Some("<redacted>"),
                    }
                } else {
                    p
                }
            })
            .collect();
        let mut st = s.serialize_struct("Auth", 2)?;
        st.serialize_field("scheme", self.scheme)?;
        st.serialize_field("params", &params)?;
        st.end()
    }
}

/// Parameters whose values are secrets: redacted in `Debug` and serialized output.
pub(crate) fn is_secret(name: &str) -> bool {
    ["response", "rspauth", "password", "cnonce", "nextnonce"]
        .iter()
        .any(|s| name.eq_ignore_ascii_case(s))
}

crate::uri::display_as_sent!(
    Address,
    Contact,
    Via,
    CallId,
    MediaType,
    Token,
    TokenParams,
    SipDate,
    ServiceId,
    Identifier
);

impl core::fmt::Display for CSeq<'_> {
    /// `<number> <method>`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} {}", self.seq, self.method)
    }
}

rcs_base::owned_text! {
    /// An address that owns its text: parsed once when made (`FromStr`, as
    /// [`Address::parse`] reads it), read as an [`Address`] with
    /// [`address`](Self::address); `Display` writes the text; serde (feature `serde`) writes
    /// and reads the string.
    ///
    /// ```
    /// use rcs_sip::AddressBuf;
    /// let me: AddressBuf = "<sip:+8613800138000@ims.example.com>;tag=1".parse()?;
    /// assert_eq!(me.address().tag(), Some("1"));
    /// assert_eq!(me.to_string(), "<sip:+8613800138000@ims.example.com>;tag=1");
    /// # Ok::<(), rcs_sip::DecodeError>(())
    /// ```
    pub struct AddressBuf reads Address via address;
    parse: |s| Address::parse(s);
    unreachable: |s| Address {
        raw: s,
        uri: Uri::Other(crate::uri::AbsoluteUri { raw: s, scheme: "", rest: s }),
        tag: None,
        display: Span::new(0, 0),
        params_start: s.len() as u32,
        bracketed: false,
    };
    from: |v| v.as_str();
    error: crate::DecodeError;
}

rcs_base::owned_text! {
    /// A media type that owns its text: parsed once when made (`FromStr`, as
    /// [`MediaType::parse`] reads it), read as a [`MediaType`] with
    /// [`media_type`](Self::media_type); `Display` writes the text; serde (feature `serde`)
    /// writes and reads the string.
    ///
    /// ```
    /// use rcs_sip::MediaTypeBuf;
    /// let sdp: MediaTypeBuf = "application/sdp".parse()?;
    /// assert!(sdp.media_type().is("application", "sdp"));
    /// # Ok::<(), rcs_sip::DecodeError>(())
    /// ```
    pub struct MediaTypeBuf reads MediaType via media_type;
    parse: |s| MediaType::parse(s);
    unreachable: |s| MediaType {
        raw: s,
        ty: "",
        subtype: "",
        params: Params::tail_of(s, s.len() as u32),
    };
    from: |v| v.as_str();
    error: crate::DecodeError;
}
