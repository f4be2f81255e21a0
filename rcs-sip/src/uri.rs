//! URIs: `sip:`/`sips:` (RFC 3261 §19.1), `tel:` (RFC 3966), and any other scheme kept opaque.

use crate::decode::lex::percent_decode;
use crate::error::DecodeError;
use crate::message::Span;
use crate::params::Params;
use std::net::Ipv4Addr;

/// A parsed URI, borrowed from its text. Serializes (feature `serde`) as that text, like
/// [`UriBuf`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uri<'a> {
    /// `sip:` or `sips:`.
    Sip(SipUri<'a>),
    /// `tel:`.
    Tel(TelUri<'a>),
    /// Any other scheme, checked only as `scheme ":" 1*uric`.
    Other(AbsoluteUri<'a>),
}

impl<'a> Uri<'a> {
    /// Parse a URI in its widest form (as inside `<...>`: parameters and headers allowed).
    ///
    /// ```
    /// use rcs_sip::{Uri, Host};
    /// let uri = Uri::parse("sip:alice@[2001:db8::1]:5061;transport=tls").unwrap();
    /// let Uri::Sip(sip) = uri else { unreachable!() };
    /// assert_eq!(sip.user(), Some("alice"));
    /// assert!(matches!(sip.host(), Host::Ipv6(_)));
    /// assert_eq!(sip.port(), Some(5061));
    /// assert_eq!(sip.params().value("transport"), Some("tls"));
    /// ```
    pub fn parse(s: &'a str) -> Result<Self, DecodeError> {
        crate::decode::uri::parse_uri(s, crate::decode::uri::UriContext::Bracketed)
    }

    /// The URI exactly as sent.
    pub fn as_str(&self) -> &'a str {
        match self {
            Self::Sip(u) => u.raw,
            Self::Tel(u) => u.raw,
            Self::Other(u) => u.raw,
        }
    }

    /// The scheme as sent (`sip`, `sips`, `tel`, ...).
    pub fn scheme(&self) -> &'a str {
        match self {
            Self::Sip(u) => &u.raw[..if u.secure { 4 } else { 3 }],
            Self::Tel(u) => &u.raw[..3],
            Self::Other(u) => u.scheme,
        }
    }

    /// URI equivalence: RFC 3261 §19.1.4 for SIP, RFC 3966 §4 for tel, case-insensitive scheme
    /// and exact remainder otherwise.
    pub fn equivalent(&self, other: &Uri<'_>) -> bool {
        match (self, other) {
            (Self::Sip(a), Uri::Sip(b)) => a.equivalent(b),
            (Self::Tel(a), Uri::Tel(b)) => a.equivalent(b),
            (Self::Other(a), Uri::Other(b)) => {
                a.scheme.eq_ignore_ascii_case(b.scheme)
                    && percent_decode(a.rest) == percent_decode(b.rest)
            }
            _ => false,
        }
    }
}

impl core::fmt::Display for Uri<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The host of a SIP URI or Via. Serializes (feature `serde`) as its text (`Display`: an IPv6
/// reference in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host<'a> {
    /// A host name as sent (compare case-insensitively).
    Domain(&'a str),
    /// A dotted-quad IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 reference, without its brackets, as sent. RFC 3261's grammar admits forms that
    /// RFC 4291 does not (`2001:db8:::192.0.2.1`, RFC 5118 §4.10); [`Host::ip`] normalises them.
    Ipv6(&'a str),
}

impl Host<'_> {
    /// The address, for IP hosts.
    pub fn ip(&self) -> Option<std::net::IpAddr> {
        match self {
            Self::Domain(_) => None,
            Self::Ipv4(a) => Some((*a).into()),
            Self::Ipv6(s) => crate::decode::uri::parse_ipv6(s).map(Into::into),
        }
    }

    /// Case-insensitive name comparison; IP hosts compare by address.
    pub fn equivalent(&self, other: &Host<'_>) -> bool {
        match (self, other) {
            (Self::Domain(a), Host::Domain(b)) => a
                .trim_end_matches('.')
                .eq_ignore_ascii_case(b.trim_end_matches('.')),
            (Self::Ipv4(a), Host::Ipv4(b)) => a == b,
            (Self::Ipv6(_), Host::Ipv6(_)) => self.ip().is_some() && self.ip() == other.ip(),
            _ => false,
        }
    }
}

impl core::fmt::Display for Host<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Domain(d) => f.write_str(d),
            Self::Ipv4(a) => write!(f, "{a}"),
            Self::Ipv6(s) => write!(f, "[{s}]"),
        }
    }
}

/// Where a host lies in the text of its URI or Via, and what kind it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HostAt {
    /// The name, the dotted quad, or the IPv6 reference without its brackets.
    pub(crate) span: Span,
    pub(crate) kind: HostKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostKind {
    Domain,
    Ipv4([u8; 4]),
    Ipv6,
}

impl HostAt {
    /// The host, given the text the span points into.
    #[inline]
    pub(crate) fn get(self, raw: &str) -> Host<'_> {
        match self.kind {
            HostKind::Domain => Host::Domain(self.span.of(raw)),
            HostKind::Ipv4(octets) => Host::Ipv4(Ipv4Addr::from(octets)),
            HostKind::Ipv6 => Host::Ipv6(self.span.of(raw)),
        }
    }

    /// The same host in text that starts `by` bytes later (`by` is at most the span's start).
    #[inline(always)]
    pub(crate) fn rebase(self, by: usize) -> Self {
        let by = by as u32;
        Self {
            span: Span::new(self.span.start - by, self.span.end - by),
            kind: self.kind,
        }
    }
}

/// A `sip:` or `sips:` URI.
///
/// The parts are kept as offsets into the text, not as slices: the value stays small (it is
/// returned through several layers of parsing) and text is sliced only when asked for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SipUri<'a> {
    pub(crate) raw: &'a str,
    /// End of the user part (it starts after the scheme); 0 when there is none.
    pub(crate) user_end: u32,
    /// End of the password (it starts after the user's `:`); 0 when there is none.
    pub(crate) password_end: u32,
    pub(crate) host: HostAt,
    /// `;params`, from the first `;`. `?headers` follow them to the end when there is text left.
    pub(crate) params: Span,
    pub(crate) port: Option<u16>,
    pub(crate) secure: bool,
}

show_parts!(SipUri, |u| {
    "raw" => u.raw,
    "secure" => u.secure,
    "user" => u.user(),
    "password" => u.password(),
    "host" => u.host(),
    "port" => u.port,
    "params" => u.params(),
    "headers" => u.headers(),
});

impl<'a> SipUri<'a> {
    /// The URI as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
    /// `sips:`.
    pub fn is_secure(&self) -> bool {
        self.secure
    }
    /// The user part as sent (escapes kept).
    pub fn user(&self) -> Option<&'a str> {
        let scheme_end = if self.secure { 5 } else { 4 };
        (self.user_end != 0).then(|| Span::new(scheme_end, self.user_end).of(self.raw))
    }
    /// The user part with `%HH` escapes decoded (bytes: `%00` is legal, RFC 4475 §3.1.1.4).
    pub fn user_decoded(&self) -> Option<std::borrow::Cow<'a, [u8]>> {
        self.user().map(percent_decode)
    }
    /// The password as sent. RFC 3261 advises against its use.
    pub fn password(&self) -> Option<&'a str> {
        (self.password_end != 0)
            .then(|| Span::new(self.user_end + 1, self.password_end).of(self.raw))
    }
    /// The host.
    pub fn host(&self) -> Host<'a> {
        self.host.get(self.raw)
    }
    /// The port, if given.
    pub fn port(&self) -> Option<u16> {
        self.port
    }
    /// The URI parameters (`;transport=tcp;lr`).
    pub fn params(&self) -> Params<'a> {
        Params::from_validated(self.params.of(self.raw))
    }
    /// The headers part after `?`, as sent.
    pub fn headers(&self) -> Option<&'a str> {
        self.raw.get(self.params.end as usize + 1..)
    }
    /// The headers as `(name, value)` pairs, as sent.
    pub fn header_pairs(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.headers()
            .unwrap_or("")
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|h| h.split_once('=').unwrap_or((h, "")))
    }
    /// `user=phone` or similar: the `user` parameter.
    pub fn user_param(&self) -> Option<&'a str> {
        self.params().value("user")
    }

    /// RFC 3261 §19.1.4 comparison.
    pub fn equivalent(&self, o: &SipUri<'_>) -> bool {
        if self.secure != o.secure || self.port != o.port || !self.host().equivalent(&o.host()) {
            return false;
        }
        let dec = |s: Option<&str>| s.map(|s| percent_decode(s).into_owned());
        if dec(self.user()) != dec(o.user()) || dec(self.password()) != dec(o.password()) {
            return false;
        }
        // user, ttl, method, maddr, transport: present in one means it must match in the other.
        for special in ["user", "ttl", "method", "maddr", "transport"] {
            match (self.params().get(special), o.params().get(special)) {
                (None, None) => {}
                (Some(a), Some(b)) => {
                    if !param_values_equal(a.value, b.value) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        // Other parameters compare only when in both.
        // A repeated name counts by its first occurrence on both sides.
        let (mine, theirs) = (self.params(), o.params());
        for a in mine.iter().filter_map(|p| mine.get(p.name)) {
            if let Some(b) = theirs.get(a.name)
                && !param_values_equal(a.value, b.value)
            {
                return false;
            }
        }
        // Headers: every header in either must be in both with equal values.
        let hs = |u: &SipUri<'_>| {
            let mut v: Vec<(String, Vec<u8>)> = u
                .header_pairs()
                .map(|(n, val)| {
                    (
                        String::from_utf8_lossy(&percent_decode(n)).to_ascii_lowercase(),
                        percent_decode(val).into_owned(),
                    )
                })
                .collect();
            v.sort();
            v
        };
        hs(self) == hs(o)
    }
}

fn param_values_equal(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (a, b) = (percent_decode(a), percent_decode(b));
            a.eq_ignore_ascii_case(&b)
        }
        _ => false,
    }
}

/// A `tel:` URI (RFC 3966).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TelUri<'a> {
    pub(crate) raw: &'a str,
    pub(crate) number: &'a str,
    pub(crate) params: Params<'a>,
}

impl<'a> TelUri<'a> {
    /// The URI as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
    /// The number as sent, with visual separators.
    pub fn number(&self) -> &'a str {
        self.number
    }
    /// Whether the number is global (`+` and country code).
    pub fn is_global(&self) -> bool {
        self.number.starts_with('+')
    }
    /// The number without visual separators (`-` `.` `(` `)`).
    pub fn digits(&self) -> String {
        self.number
            .chars()
            .filter(|c| !matches!(c, '-' | '.' | '(' | ')'))
            .collect()
    }
    /// The `phone-context` of a local number.
    pub fn phone_context(&self) -> Option<&'a str> {
        self.params.value("phone-context")
    }
    /// The parameters (`;ext=`, `;isub=`, `;phone-context=`, others).
    pub fn params(&self) -> Params<'a> {
        self.params
    }

    /// RFC 3966 §4: numbers equal without visual separators, same parameters in any order.
    pub fn equivalent(&self, o: &TelUri<'_>) -> bool {
        if !self.digits().eq_ignore_ascii_case(&o.digits()) {
            return false;
        }
        let norm = |p: Params<'_>| {
            let mut v: Vec<(String, Vec<u8>)> = p
                .iter()
                .map(|x| {
                    (
                        x.name.to_ascii_lowercase(),
                        x.value
                            .map(|v| percent_decode(v).to_ascii_lowercase())
                            .unwrap_or_default(),
                    )
                })
                .collect();
            v.sort();
            v
        };
        norm(self.params) == norm(o.params)
    }
}

rcs_base::owned_text! {
    /// A URI that owns its text: parsed once when made (`"sip:alice@example.com".parse()`), kept
    /// as text, read as a [`Uri`] with [`uri`](Self::uri). `Display` writes the text; with the
    /// `serde` feature it serializes as that string and deserializes from one.
    ///
    /// ```
    /// use rcs_sip::{Uri, UriBuf};
    /// let registrar: UriBuf = "sip:registrar.example.com;transport=tcp".parse()?;
    /// let Uri::Sip(sip) = registrar.uri() else { unreachable!() };
    /// assert_eq!(sip.params().value("transport"), Some("tcp"));
    /// assert_eq!(registrar.to_string(), "sip:registrar.example.com;transport=tcp");
    /// assert!("sip:".parse::<UriBuf>().is_err());
    /// # Ok::<(), rcs_sip::DecodeError>(())
    /// ```
    pub struct UriBuf reads Uri via uri;
    parse: |s| Uri::parse(s);
    unreachable: |s| Uri::Other(AbsoluteUri {
        raw: s,
        scheme: "",
        rest: s,
    });
    from: |v| v.as_str();
    error: DecodeError;
}

/// `Display` writes the value as it was sent.
macro_rules! display_as_sent {
    ($($ty:ident),*) => {$(
        impl core::fmt::Display for $ty<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}
pub(crate) use display_as_sent;

display_as_sent!(SipUri, TelUri, AbsoluteUri);

/// A URI of another scheme, opaque past its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AbsoluteUri<'a> {
    pub(crate) raw: &'a str,
    pub(crate) scheme: &'a str,
    pub(crate) rest: &'a str,
}

impl<'a> AbsoluteUri<'a> {
    /// The URI as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
    /// The scheme as sent.
    pub fn scheme(&self) -> &'a str {
        self.scheme
    }
    /// Everything after `scheme:`.
    pub fn rest(&self) -> &'a str {
        self.rest
    }
}
