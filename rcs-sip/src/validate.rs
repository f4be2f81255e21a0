//! Semantic checks (RFC 3261 §8, §16, §20; RFC 4475 §3.3): what a well-formed message can
//! still get wrong, each with the response an element would send.

use crate::error::DecodeError;
use crate::headers::{Auth, MediaType, Number, Token};
use crate::known::KnownHeader;
use crate::message::Message;
use crate::typed::Element;
use crate::uri::{Host, Uri};
use core::fmt;

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Severity {
    /// Allowed, but worth knowing (RFC 2543 leftovers, atypical schemes).
    Warning,
    /// The message must be rejected (with [`Problem::status`]) or dropped.
    Error,
}

/// What [`Message::validate`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ProblemKind {
    /// A header's value does not match its grammar (the decode error says what and where).
    InvalidHeader(DecodeError),
    /// A mandatory header is missing (RFC 3261 §8.1.1).
    MissingHeader,
    /// A header that may appear once appears more than once (RFC 3261 §7.3.1).
    DuplicateHeader,
    /// The CSeq method differs from the request method (RFC 3261 §8.1.1.5).
    CSeqMethodMismatch,
    /// The version is not SIP/2.0 (505).
    UnsupportedVersion,
    /// The Request-URI scheme is not a registered URI scheme (416).
    UnknownUriScheme,
    /// The Request-URI scheme is registered but is not sip, sips or tel (416 or 404 by policy).
    AtypicalUriScheme,
    /// A REGISTER's To is not a SIP, SIPS or tel URI (RFC 3261 §10.2).
    InvalidAddressOfRecord,
    /// Content-Length headers disagree (RFC 4475 §3.3.9): the body cannot be delimited.
    ConflictingContentLength,
    /// A body without Content-Type (RFC 3261 §20.15).
    MissingContentType,
    /// The Via branch is the magic cookie alone (RFC 4475 §3.2.1).
    EmptyBranch,
    /// A Via without branch (RFC 2543 style).
    MissingBranch,
    /// A From without tag (RFC 2543 style).
    MissingFromTag,
    /// A request without Max-Forwards (RFC 2543 style).
    MissingMaxForwards,
    /// Require or Proxy-Require names an option tag the element does not support (420).
    UnsupportedOptionTag,
    /// The body's Content-Type is not one the element accepts (415).
    UnsupportedMediaType,
    /// Authorization or Proxy-Authorization uses a scheme the element does not support.
    UnsupportedAuthScheme,
    /// A Via names the limited broadcast address (RFC 4475 §3.3.10).
    BroadcastVia,
    /// An INVITE whose Accept excludes application/sdp: no answer can be sent (406).
    SdpNotAcceptable,
    /// `Contact: *` outside a REGISTER with Expires 0 (RFC 3261 §10.2.2).
    MisplacedWildcardContact,
}

impl ProblemKind {
    /// A stable identifier (`invalid-header`, `missing-header`, ...): the variant's name in
    /// kebab case, what serde writes as `kind`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidHeader(_) => "invalid-header",
            Self::MissingHeader => "missing-header",
            Self::DuplicateHeader => "duplicate-header",
            Self::CSeqMethodMismatch => "cseq-method-mismatch",
            Self::UnsupportedVersion => "unsupported-version",
            Self::UnknownUriScheme => "unknown-uri-scheme",
            Self::AtypicalUriScheme => "atypical-uri-scheme",
            Self::InvalidAddressOfRecord => "invalid-address-of-record",
            Self::ConflictingContentLength => "conflicting-content-length",
            Self::MissingContentType => "missing-content-type",
            Self::EmptyBranch => "empty-branch",
            Self::MissingBranch => "missing-branch",
            Self::MissingFromTag => "missing-from-tag",
            Self::MissingMaxForwards => "missing-max-forwards",
            Self::UnsupportedOptionTag => "unsupported-option-tag",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::UnsupportedAuthScheme => "unsupported-auth-scheme",
            Self::BroadcastVia => "broadcast-via",
            Self::SdpNotAcceptable => "sdp-not-acceptable",
            Self::MisplacedWildcardContact => "misplaced-wildcard-contact",
        }
    }

    /// A short description.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::InvalidHeader(_) => "invalid header value",
            Self::MissingHeader => "missing mandatory header",
            Self::DuplicateHeader => "single-valued header appears more than once",
            Self::CSeqMethodMismatch => "CSeq method differs from the request method",
            Self::UnsupportedVersion => "unsupported SIP version",
            Self::UnknownUriScheme => "unknown Request-URI scheme",
            Self::AtypicalUriScheme => "Request-URI scheme is not sip, sips or tel",
            Self::InvalidAddressOfRecord => "REGISTER To is not a SIP, SIPS or tel URI",
            Self::ConflictingContentLength => "conflicting Content-Length values",
            Self::MissingContentType => "body without Content-Type",
            Self::EmptyBranch => "Via branch is only the magic cookie",
            Self::MissingBranch => "Via without branch (RFC 2543)",
            Self::MissingFromTag => "From without tag (RFC 2543)",
            Self::MissingMaxForwards => "request without Max-Forwards (RFC 2543)",
            Self::UnsupportedOptionTag => "unsupported option tag required",
            Self::UnsupportedMediaType => "unsupported body media type",
            Self::UnsupportedAuthScheme => "unsupported authorization scheme",
            Self::BroadcastVia => "Via names the broadcast address",
            Self::SdpNotAcceptable => "Accept excludes application/sdp",
            Self::MisplacedWildcardContact => "Contact: * outside a removing REGISTER",
        }
    }
}

/// One finding of [`Message::validate`].
///
/// With the `serde` feature it serializes as `{"severity": "error"|"warning", "kind":
/// `[`ProblemKind::code`]`, "description": `[`ProblemKind::as_str`]`, "detail": the header's
/// decode error or null, "header", "offset", "status"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Problem {
    /// What.
    pub kind: ProblemKind,
    /// How serious.
    pub severity: Severity,
    /// The header concerned (canonical name), if any.
    pub header: Option<&'static str>,
    /// Offset in the message (of the header line, or 0 for the start line).
    pub offset: usize,
    /// The response status an element would answer with (400 when nothing more specific).
    pub status: u16,
}

#[cfg(feature = "serde")]
impl serde::Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Problem", 7)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("kind", self.kind.code())?;
        st.serialize_field("description", self.kind.as_str())?;
        let detail = match &self.kind {
            ProblemKind::InvalidHeader(e) => Some(e.to_string()),
            _ => None,
        };
        st.serialize_field("detail", &detail)?;
        st.serialize_field("header", &self.header)?;
        st.serialize_field("offset", &self.offset)?;
        st.serialize_field("status", &self.status)?;
        st.end()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}", self.kind.as_str())?;
        if let Some(h) = self.header {
            write!(f, " ({h})")?;
        }
        if let ProblemKind::InvalidHeader(e) = &self.kind {
            write!(f, ": {e}")?;
        }
        write!(f, " at byte {} [{}]", self.offset, self.status)
    }
}

/// What the receiving element supports: the policy behind the 415/416/420/401 checks.
///
/// The default describes an RCS endpoint: every IANA-registered option tag, the body types the
/// RCS stack carries, and Digest (plus Bearer, RFC 8898) authorization.
#[derive(Debug, Clone, Copy)]
pub struct Validator<'p> {
    /// Option tags accepted in Require / Proxy-Require (case-insensitive).
    pub option_tags: &'p [&'p str],
    /// `type/subtype` of acceptable bodies (case-insensitive); `None` accepts any.
    pub media_types: Option<&'p [&'p str]>,
    /// Authorization schemes accepted (case-insensitive).
    pub auth_schemes: &'p [&'p str],
}

/// IANA "Session Initiation Protocol (SIP) Parameters: Option Tags".
pub const IANA_OPTION_TAGS: &[&str] = &[
    "100rel",
    "199",
    "answermode",
    "early-session",
    "eventlist",
    "explicitsub",
    "from-change",
    "geolocation-http",
    "geolocation-sip",
    "gin",
    "gruu",
    "histinfo",
    "ice",
    "join",
    "multiple-refer",
    "norefersub",
    "nosub",
    "outbound",
    "path",
    "policy",
    "precondition",
    "pref",
    "privacy",
    "recipient-list-invite",
    "recipient-list-message",
    "recipient-list-subscribe",
    "record-aware",
    "replaces",
    "resource-priority",
    "sdp-anat",
    "sec-agree",
    "siprec",
    "tdialog",
    "timer",
    "trickle-ice",
    "uui",
    "content-id",
    "info-package",
    "certs",
    "rel100",
    "vpn",
];

/// Body types an RCS endpoint handles.
pub const RCS_MEDIA_TYPES: &[&str] = &[
    "application/sdp",
    "text/plain",
    "text/html",
    "message/cpim",
    "message/imdn+xml",
    "message/sip",
    "message/sipfrag",
    "multipart/mixed",
    "multipart/related",
    "multipart/alternative",
    "multipart/signed",
    "application/pkcs7-mime",
    "application/pkcs7-signature",
    "application/resource-lists+xml",
    "application/rlmi+xml",
    "application/pidf+xml",
    "application/pidf-diff+xml",
    "application/im-iscomposing+xml",
    "application/reginfo+xml",
    "application/conference-info+xml",
    "application/simple-message-summary",
    "application/watcherinfo+xml",
    "application/xcap-diff+xml",
    "application/vnd.3gpp.sms",
    "application/vnd.3gpp.ussd+xml",
    "application/vnd.3gpp.state-and-event-info+xml",
    "application/3gpp-ims+xml",
    "application/vnd.oma.cpm-groupdata+xml",
    "application/vnd.gsma.rcs-ft-http+xml",
    "application/vnd.gsma.rcspushlocation+xml",
    "application/vnd.gsma.botmessage.v1.0+json",
    "application/vnd.gsma.botsuggestion.v1.0+json",
    "application/vnd.gsma.botsuggestion.response.v1.0+json",
    "application/vnd.gsma.botsharedclientdata.v1.0+json",
    "application/commontemplate+xml",
];

/// IANA permanent URI schemes (RFC 7595 registry) a Request-URI may name.
const REGISTERED_SCHEMES: &[&str] = &[
    "aaa",
    "aaas",
    "about",
    "acap",
    "acct",
    "cap",
    "cid",
    "coap",
    "coap+tcp",
    "coap+ws",
    "coaps",
    "coaps+tcp",
    "coaps+ws",
    "crid",
    "data",
    "dav",
    "dict",
    "dns",
    "example",
    "file",
    "ftp",
    "geo",
    "go",
    "gopher",
    "h323",
    "http",
    "https",
    "iax",
    "icap",
    "im",
    "imap",
    "info",
    "ipp",
    "ipps",
    "iris",
    "iris.beep",
    "iris.lwz",
    "iris.xpc",
    "iris.xpcs",
    "jabber",
    "ldap",
    "leaptofrogans",
    "mailto",
    "mid",
    "msrp",
    "msrps",
    "mt",
    "mtqp",
    "mupdate",
    "news",
    "nfs",
    "ni",
    "nih",
    "nntp",
    "opaquelocktoken",
    "pkcs11",
    "pop",
    "pres",
    "reload",
    "rtsp",
    "rtsps",
    "rtspu",
    "service",
    "session",
    "shttp",
    "sieve",
    "sip",
    "sips",
    "sms",
    "snmp",
    "soap.beep",
    "soap.beeps",
    "stun",
    "stuns",
    "tag",
    "tel",
    "telnet",
    "tftp",
    "thismessage",
    "tip",
    "tn3270",
    "turn",
    "turns",
    "tv",
    "urn",
    "vemmi",
    "vnc",
    "ws",
    "wss",
    "xcon",
    "xcon-userid",
    "xmlrpc.beep",
    "xmlrpc.beeps",
    "xmpp",
    "z39.50r",
    "z39.50s",
];

impl Default for Validator<'static> {
    fn default() -> Self {
        Self {
            option_tags: IANA_OPTION_TAGS,
            media_types: Some(RCS_MEDIA_TYPES),
            auth_schemes: &["Digest", "Bearer"],
        }
    }
}

/// The findings of a validation, in message order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every finding.
    pub problems: Vec<Problem>,
}

impl Report {
    /// Whether any finding is an [`Severity::Error`].
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }
    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Message<'_> {
    /// Semantic checks with the default [`Validator`] policy.
    pub fn validate(&self) -> Report {
        self.validate_with(&Validator::default())
    }

    /// Semantic checks with a policy.
    pub fn validate_with(&self, policy: &Validator<'_>) -> Report {
        let mut out = Vec::new();
        let mut push = |kind, severity, header: Option<KnownHeader>, offset, status| {
            out.push(Problem {
                kind,
                severity,
                header: header.map(KnownHeader::as_str),
                offset,
                status,
            });
        };
        use KnownHeader as K;
        use ProblemKind as P;
        use Severity::{Error, Warning};

        // Every typed header parses.
        for h in self.headers() {
            if let Err(e) = h.check() {
                push(P::InvalidHeader(e), Error, h.known(), h.offset(), 400);
            }
        }
        // Single-valued headers appear once (one pass, a seen-set indexed by kind).
        let mut seen = [false; 128];
        for h in self.entries() {
            if let Some(k) = h.known.filter(|k| k.is_single_valued()) {
                let slot = &mut seen[(k as usize) & 127];
                if *slot {
                    push(
                        P::DuplicateHeader,
                        Error,
                        Some(k),
                        h.name.start as usize,
                        400,
                    );
                }
                *slot = true;
            }
        }
        if !self.version().eq_ignore_ascii_case("SIP/2.0") {
            push(P::UnsupportedVersion, Error, None, 0, 505);
        }
        // RFC 3261 §8.1.1 (requests) and §8.2.6.2 (responses copy the same five).
        for k in [K::To, K::From, K::CSeq, K::CallId, K::Via] {
            if self.headers_of(k).next().is_none() {
                push(P::MissingHeader, Error, Some(k), 0, 400);
            }
        }
        let method = self.method();
        if let Some(m) = method {
            if self.headers_of(K::MaxForwards).next().is_none() {
                push(P::MissingMaxForwards, Warning, Some(K::MaxForwards), 0, 400);
            }
            if let Some(Ok(cseq)) = self.cseq()
                && cseq.method() != m
            {
                let off = self.headers_of(K::CSeq).next().map_or(0, |h| h.offset());
                push(P::CSeqMethodMismatch, Error, Some(K::CSeq), off, 400);
            }
            if let Some(uri) = self.request_uri()
                && let Uri::Other(o) = uri
            {
                let known = REGISTERED_SCHEMES
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(o.scheme()));
                let (kind, sev) = if known {
                    (P::AtypicalUriScheme, Warning)
                } else {
                    (P::UnknownUriScheme, Error)
                };
                push(kind, sev, None, 0, 416);
            }
            if m == "REGISTER"
                && let Some((Ok(to), off)) = self.headers_of(K::To).next().map(|h| {
                    let mut pos = 0;
                    (
                        crate::headers::Address::parse_at(K::To, h.value(), &mut pos),
                        h.offset(),
                    )
                })
                && matches!(to.uri(), Uri::Other(_))
            {
                push(P::InvalidAddressOfRecord, Error, Some(K::To), off, 400);
            }
            for (k, status) in [(K::Require, 420), (K::ProxyRequire, 420)] {
                for h in self.headers_of(k) {
                    let unsupported = crate::typed::LineValues::<Token<'_>>::new(k, h.value())
                        .filter_map(Result::ok)
                        .any(|t| {
                            !policy
                                .option_tags
                                .iter()
                                .any(|o| o.eq_ignore_ascii_case(t.as_str()))
                        });
                    if unsupported {
                        push(P::UnsupportedOptionTag, Error, Some(k), h.offset(), status);
                    }
                }
            }
            for k in [K::Authorization, K::ProxyAuthorization] {
                for h in self.headers_of(k) {
                    let mut pos = 0;
                    if let Ok(a) = Auth::parse_at(k, h.value(), &mut pos)
                        && !policy
                            .auth_schemes
                            .iter()
                            .any(|s| s.eq_ignore_ascii_case(a.scheme()))
                    {
                        push(P::UnsupportedAuthScheme, Error, Some(k), h.offset(), 401);
                    }
                }
            }
            if m == "INVITE" {
                for h in self.headers_of(K::Accept) {
                    let ranges =
                        crate::typed::LineValues::<MediaType<'_>>::new(K::Accept, h.value());
                    let mut ok = false;
                    for r in ranges.flatten() {
                        ok |= r.matches("application", "sdp");
                    }
                    if !ok {
                        push(P::SdpNotAcceptable, Error, Some(K::Accept), h.offset(), 406);
                    }
                }
            }
        }
        // Content-Length and Content-Type against the body.
        let lengths: Vec<_> = self
            .headers_of(K::ContentLength)
            .filter_map(|h| {
                let mut pos = 0;
                Number::parse_at(K::ContentLength, h.value(), &mut pos)
                    .ok()
                    .map(|n| (n.get(), h.offset()))
            })
            .collect();
        if let Some(&(first, _)) = lengths.first()
            && let Some(&(_, off)) = lengths.iter().find(|(v, _)| *v != first)
        {
            push(
                P::ConflictingContentLength,
                Error,
                Some(K::ContentLength),
                off,
                400,
            );
        }
        if !self.body().is_empty() {
            match self.content_type() {
                None => push(
                    P::MissingContentType,
                    Error,
                    Some(K::ContentType),
                    self.body_offset(),
                    400,
                ),
                Some(Ok(ct)) => {
                    if let Some(types) = policy.media_types {
                        let ok = types
                            .iter()
                            .any(|t| t.split_once('/').is_some_and(|(a, b)| ct.is(a, b)));
                        if !ok {
                            let off = self
                                .headers_of(K::ContentType)
                                .next()
                                .map_or(0, |h| h.offset());
                            push(
                                P::UnsupportedMediaType,
                                Error,
                                Some(K::ContentType),
                                off,
                                415,
                            );
                        }
                    }
                }
                Some(Err(_)) => {} // reported above as an invalid header
            }
        }
        // Via: branch and broadcast. Only the top Via's branch identifies the transaction here;
        // lower ones were added by other hops.
        let mut top = true;
        for h in self.headers_of(K::Via) {
            for via in crate::typed::LineValues::<crate::headers::Via<'_>>::new(K::Via, h.value())
                .flatten()
            {
                match via.branch() {
                    Some(b) if b.eq_ignore_ascii_case("z9hG4bK") => {
                        push(P::EmptyBranch, Error, Some(K::Via), h.offset(), 400)
                    }
                    None if top && method.is_some() => {
                        push(P::MissingBranch, Warning, Some(K::Via), h.offset(), 400)
                    }
                    _ => {}
                }
                top = false;
                let bcast = matches!(via.host(), Host::Ipv4(a) if a.is_broadcast())
                    || via.received().is_some_and(|r| r == "255.255.255.255");
                if bcast {
                    push(P::BroadcastVia, Error, Some(K::Via), h.offset(), 400);
                }
            }
        }
        if let Some(Ok(from)) = self.from_header()
            && from.tag().is_none()
        {
            let off = self.headers_of(K::From).next().map_or(0, |h| h.offset());
            push(P::MissingFromTag, Warning, Some(K::From), off, 400);
        }
        for h in self.headers_of(K::Contact) {
            for c in
                crate::typed::LineValues::<crate::headers::Contact<'_>>::new(K::Contact, h.value())
                    .flatten()
            {
                if c.is_wildcard() {
                    let removing =
                        method == Some("REGISTER") && matches!(self.expires(), Some(Ok(0)));
                    if !removing {
                        push(
                            P::MisplacedWildcardContact,
                            Error,
                            Some(K::Contact),
                            h.offset(),
                            400,
                        );
                    }
                }
            }
        }
        out.sort_by_key(|p| p.offset);
        Report { problems: out }
    }
}

// The seen-set above has a slot per known header.
const _: () = assert!(KnownHeader::ALL.len() <= 128);
