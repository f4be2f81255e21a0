// Generated from a table of known headers; edit the table, not the arms.
/// A header this crate knows by name (case-insensitive, compact forms folded in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum KnownHeader {
    /// `Accept`, RFC 3261 §20.1.
    Accept,
    /// `Accept-Contact` (compact `a`), RFC 3841.
    AcceptContact,
    /// `Accept-Encoding`, RFC 3261 §20.2.
    AcceptEncoding,
    /// `Accept-Language`, RFC 3261 §20.3.
    AcceptLanguage,
    /// `Alert-Info`, RFC 3261 §20.4.
    AlertInfo,
    /// `Allow`, RFC 3261 §20.5.
    Allow,
    /// `Allow-Events` (compact `u`), RFC 6665.
    AllowEvents,
    /// `Authentication-Info`, RFC 3261 §20.6.
    AuthenticationInfo,
    /// `Authorization`, RFC 3261 §20.7.
    Authorization,
    /// `Call-ID` (compact `i`), RFC 3261 §20.8.
    CallId,
    /// `Call-Info`, RFC 3261 §20.9.
    CallInfo,
    /// `Contact` (compact `m`), RFC 3261 §20.10.
    Contact,
    /// `Content-Disposition`, RFC 3261 §20.11.
    ContentDisposition,
    /// `Content-Encoding` (compact `e`), RFC 3261 §20.12.
    ContentEncoding,
    /// `Content-Language`, RFC 3261 §20.13.
    ContentLanguage,
    /// `Content-Length` (compact `l`), RFC 3261 §20.14.
    ContentLength,
    /// `Content-Type` (compact `c`), RFC 3261 §20.15.
    ContentType,
    /// `Contribution-ID`, RCC.07 / CPM.
    ContributionId,
    /// `Conversation-ID`, RCC.07 / CPM.
    ConversationId,
    /// `CSeq`, RFC 3261 §20.16.
    CSeq,
    /// `Date`, RFC 3261 §20.17.
    Date,
    /// `Error-Info`, RFC 3261 §20.18.
    ErrorInfo,
    /// `Event` (compact `o`), RFC 6665.
    Event,
    /// `Expires`, RFC 3261 §20.19.
    Expires,
    /// `From` (compact `f`), RFC 3261 §20.20.
    From,
    /// `Identity` (compact `y`), RFC 8224.
    Identity,
    /// `In-Reply-To`, RFC 3261 §20.21.
    InReplyTo,
    /// `InReplyTo-Contribution-ID`, RCC.07 (spelled without a hyphen after In).
    InReplyToContributionId,
    /// `Max-Forwards`, RFC 3261 §20.22.
    MaxForwards,
    /// `MIME-Version`, RFC 3261 §20.24.
    MimeVersion,
    /// `Min-Expires`, RFC 3261 §20.23.
    MinExpires,
    /// `Min-SE`, RFC 4028.
    MinSe,
    /// `Organization`, RFC 3261 §20.25.
    Organization,
    /// `P-Access-Network-Info`, RFC 7315.
    PAccessNetworkInfo,
    /// `P-Asserted-Identity`, RFC 3325.
    PAssertedIdentity,
    /// `P-Asserted-Service`, RFC 6050.
    PAssertedService,
    /// `P-Associated-URI`, RFC 7315.
    PAssociatedUri,
    /// `P-Called-Party-ID`, RFC 7315.
    PCalledPartyId,
    /// `P-Charging-Function-Addresses`, RFC 7315.
    PChargingFunctionAddresses,
    /// `P-Charging-Vector`, RFC 7315.
    PChargingVector,
    /// `P-Early-Media`, RFC 5009.
    PEarlyMedia,
    /// `P-Preferred-Identity`, RFC 3325.
    PPreferredIdentity,
    /// `P-Preferred-Service`, RFC 6050.
    PPreferredService,
    /// `P-Visited-Network-ID`, RFC 7315.
    PVisitedNetworkId,
    /// `Path`, RFC 3327.
    Path,
    /// `Priority`, RFC 3261 §20.26.
    Priority,
    /// `Privacy`, RFC 3323.
    Privacy,
    /// `Proxy-Authenticate`, RFC 3261 §20.27.
    ProxyAuthenticate,
    /// `Proxy-Authorization`, RFC 3261 §20.28.
    ProxyAuthorization,
    /// `Proxy-Require`, RFC 3261 §20.29.
    ProxyRequire,
    /// `RAck`, RFC 3262.
    RAck,
    /// `Reason`, RFC 3326.
    Reason,
    /// `Record-Route`, RFC 3261 §20.30.
    RecordRoute,
    /// `Refer-To` (compact `r`), RFC 3515.
    ReferTo,
    /// `Referred-By` (compact `b`), RFC 3892.
    ReferredBy,
    /// `Reject-Contact` (compact `j`), RFC 3841.
    RejectContact,
    /// `Reply-To`, RFC 3261 §20.31.
    ReplyTo,
    /// `Request-Disposition` (compact `d`), RFC 3841.
    RequestDisposition,
    /// `Require`, RFC 3261 §20.32.
    Require,
    /// `Retry-After`, RFC 3261 §20.33.
    RetryAfter,
    /// `Route`, RFC 3261 §20.34.
    Route,
    /// `RSeq`, RFC 3262.
    RSeq,
    /// `Security-Client`, RFC 3329.
    SecurityClient,
    /// `Security-Server`, RFC 3329.
    SecurityServer,
    /// `Security-Verify`, RFC 3329.
    SecurityVerify,
    /// `Server`, RFC 3261 §20.35.
    Server,
    /// `Service-Route`, RFC 3608.
    ServiceRoute,
    /// `Session-Expires` (compact `x`), RFC 4028.
    SessionExpires,
    /// `SIP-ETag`, RFC 3903.
    SipETag,
    /// `SIP-If-Match`, RFC 3903.
    SipIfMatch,
    /// `Subject` (compact `s`), RFC 3261 §20.36.
    Subject,
    /// `Subscription-State`, RFC 6665.
    SubscriptionState,
    /// `Supported` (compact `k`), RFC 3261 §20.37.
    Supported,
    /// `Timestamp`, RFC 3261 §20.38.
    Timestamp,
    /// `To` (compact `t`), RFC 3261 §20.39.
    To,
    /// `Unsupported`, RFC 3261 §20.40.
    Unsupported,
    /// `User-Agent`, RFC 3261 §20.41.
    UserAgent,
    /// `Via` (compact `v`), RFC 3261 §20.42.
    Via,
    /// `Warning`, RFC 3261 §20.43.
    Warning,
    /// `WWW-Authenticate`, RFC 3261 §20.44.
    WwwAuthenticate,
}

impl KnownHeader {
    /// Every known header, in alphabetical order of canonical name.
    pub const ALL: &'static [KnownHeader] = &[
        Self::Accept,
        Self::AcceptContact,
        Self::AcceptEncoding,
        Self::AcceptLanguage,
        Self::AlertInfo,
        Self::Allow,
        Self::AllowEvents,
        Self::AuthenticationInfo,
        Self::Authorization,
        Self::CallId,
        Self::CallInfo,
        Self::Contact,
        Self::ContentDisposition,
        Self::ContentEncoding,
        Self::ContentLanguage,
        Self::ContentLength,
        Self::ContentType,
        Self::ContributionId,
        Self::ConversationId,
        Self::CSeq,
        Self::Date,
        Self::ErrorInfo,
        Self::Event,
        Self::Expires,
        Self::From,
        Self::Identity,
        Self::InReplyTo,
        Self::InReplyToContributionId,
        Self::MaxForwards,
        Self::MimeVersion,
        Self::MinExpires,
        Self::MinSe,
        Self::Organization,
        Self::PAccessNetworkInfo,
        Self::PAssertedIdentity,
        Self::PAssertedService,
        Self::PAssociatedUri,
        Self::PCalledPartyId,
        Self::PChargingFunctionAddresses,
        Self::PChargingVector,
        Self::PEarlyMedia,
        Self::PPreferredIdentity,
        Self::PPreferredService,
        Self::PVisitedNetworkId,
        Self::Path,
        Self::Priority,
        Self::Privacy,
        Self::ProxyAuthenticate,
        Self::ProxyAuthorization,
        Self::ProxyRequire,
        Self::RAck,
        Self::Reason,
        Self::RecordRoute,
        Self::ReferTo,
        Self::ReferredBy,
        Self::RejectContact,
        Self::ReplyTo,
        Self::RequestDisposition,
        Self::Require,
        Self::RetryAfter,
        Self::Route,
        Self::RSeq,
        Self::SecurityClient,
        Self::SecurityServer,
        Self::SecurityVerify,
        Self::Server,
        Self::ServiceRoute,
        Self::SessionExpires,
        Self::SipETag,
        Self::SipIfMatch,
        Self::Subject,
        Self::SubscriptionState,
        Self::Supported,
        Self::Timestamp,
        Self::To,
        Self::Unsupported,
        Self::UserAgent,
        Self::Via,
        Self::Warning,
        Self::WwwAuthenticate,
    ];

    /// The canonical (full, conventionally capitalised) name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "Accept",
            Self::AcceptContact => "Accept-Contact",
            Self::AcceptEncoding => "Accept-Encoding",
            Self::AcceptLanguage => "Accept-Language",
            Self::AlertInfo => "Alert-Info",
            Self::Allow => "Allow",
            Self::AllowEvents => "Allow-Events",
            Self::AuthenticationInfo => "Authentication-Info",
            Self::Authorization => "Authorization",
            Self::CallId => "Call-ID",
            Self::CallInfo => "Call-Info",
            Self::Contact => "Contact",
            Self::ContentDisposition => "Content-Disposition",
            Self::ContentEncoding => "Content-Encoding",
            Self::ContentLanguage => "Content-Language",
            Self::ContentLength => "Content-Length",
            Self::ContentType => "Content-Type",
            Self::ContributionId => "Contribution-ID",
            Self::ConversationId => "Conversation-ID",
            Self::CSeq => "CSeq",
            Self::Date => "Date",
            Self::ErrorInfo => "Error-Info",
            Self::Event => "Event",
            Self::Expires => "Expires",
            Self::From => "From",
            Self::Identity => "Identity",
            Self::InReplyTo => "In-Reply-To",
            Self::InReplyToContributionId => "InReplyTo-Contribution-ID",
            Self::MaxForwards => "Max-Forwards",
            Self::MimeVersion => "MIME-Version",
            Self::MinExpires => "Min-Expires",
            Self::MinSe => "Min-SE",
            Self::Organization => "Organization",
            Self::PAccessNetworkInfo => "P-Access-Network-Info",
            Self::PAssertedIdentity => "P-Asserted-Identity",
            Self::PAssertedService => "P-Asserted-Service",
            Self::PAssociatedUri => "P-Associated-URI",
            Self::PCalledPartyId => "P-Called-Party-ID",
            Self::PChargingFunctionAddresses => "P-Charging-Function-Addresses",
            Self::PChargingVector => "P-Charging-Vector",
            Self::PEarlyMedia => "P-Early-Media",
            Self::PPreferredIdentity => "P-Preferred-Identity",
            Self::PPreferredService => "P-Preferred-Service",
            Self::PVisitedNetworkId => "P-Visited-Network-ID",
            Self::Path => "Path",
            Self::Priority => "Priority",
            Self::Privacy => "Privacy",
            Self::ProxyAuthenticate => "Proxy-Authenticate",
            Self::ProxyAuthorization => "Proxy-Authorization",
            Self::ProxyRequire => "Proxy-Require",
            Self::RAck => "RAck",
            Self::Reason => "Reason",
            Self::RecordRoute => "Record-Route",
            Self::ReferTo => "Refer-To",
            Self::ReferredBy => "Referred-By",
            Self::RejectContact => "Reject-Contact",
            Self::ReplyTo => "Reply-To",
            Self::RequestDisposition => "Request-Disposition",
            Self::Require => "Require",
            Self::RetryAfter => "Retry-After",
            Self::Route => "Route",
            Self::RSeq => "RSeq",
            Self::SecurityClient => "Security-Client",
            Self::SecurityServer => "Security-Server",
            Self::SecurityVerify => "Security-Verify",
            Self::Server => "Server",
            Self::ServiceRoute => "Service-Route",
            Self::SessionExpires => "Session-Expires",
            Self::SipETag => "SIP-ETag",
            Self::SipIfMatch => "SIP-If-Match",
            Self::Subject => "Subject",
            Self::SubscriptionState => "Subscription-State",
            Self::Supported => "Supported",
            Self::Timestamp => "Timestamp",
            Self::To => "To",
            Self::Unsupported => "Unsupported",
            Self::UserAgent => "User-Agent",
            Self::Via => "Via",
            Self::Warning => "Warning",
            Self::WwwAuthenticate => "WWW-Authenticate",
        }
    }

    /// The compact form (RFC 3261 §7.3.3 and extensions), if the header has one.
    pub const fn compact(self) -> Option<char> {
        match self {
            Self::AcceptContact => Some('a'),
            Self::AllowEvents => Some('u'),
            Self::CallId => Some('i'),
            Self::Contact => Some('m'),
            Self::ContentEncoding => Some('e'),
            Self::ContentLength => Some('l'),
            Self::ContentType => Some('c'),
            Self::Event => Some('o'),
            Self::From => Some('f'),
            Self::Identity => Some('y'),
            Self::ReferTo => Some('r'),
            Self::ReferredBy => Some('b'),
            Self::RejectContact => Some('j'),
            Self::RequestDisposition => Some('d'),
            Self::SessionExpires => Some('x'),
            Self::Subject => Some('s'),
            Self::Supported => Some('k'),
            Self::To => Some('t'),
            Self::Via => Some('v'),
            _ => None,
        }
    }

    /// Whether the grammar allows at most one value in a message (RFC 3261 §7.3.1).
    pub const fn is_single_valued(self) -> bool {
        matches!(
            self,
            Self::AuthenticationInfo
                | Self::CallId
                | Self::ContentDisposition
                | Self::ContentLength
                | Self::ContentType
                | Self::ContributionId
                | Self::ConversationId
                | Self::CSeq
                | Self::Date
                | Self::Event
                | Self::Expires
                | Self::From
                | Self::InReplyToContributionId
                | Self::MaxForwards
                | Self::MimeVersion
                | Self::MinExpires
                | Self::MinSe
                | Self::Organization
                | Self::PCalledPartyId
                | Self::PChargingFunctionAddresses
                | Self::PChargingVector
                | Self::Priority
                | Self::RAck
                | Self::ReferTo
                | Self::ReferredBy
                | Self::ReplyTo
                | Self::RetryAfter
                | Self::RSeq
                | Self::Server
                | Self::SessionExpires
                | Self::SipETag
                | Self::SipIfMatch
                | Self::Subject
                | Self::SubscriptionState
                | Self::Timestamp
                | Self::To
                | Self::UserAgent
        )
    }

    /// Whether the value is a comma-separated list (several may be combined into one line).
    pub const fn is_list(self) -> bool {
        matches!(
            self,
            Self::Accept
                | Self::AcceptContact
                | Self::AcceptEncoding
                | Self::AcceptLanguage
                | Self::AlertInfo
                | Self::Allow
                | Self::AllowEvents
                | Self::CallInfo
                | Self::Contact
                | Self::ContentEncoding
                | Self::ContentLanguage
                | Self::ErrorInfo
                | Self::InReplyTo
                | Self::PAccessNetworkInfo
                | Self::PAssertedIdentity
                | Self::PAssertedService
                | Self::PAssociatedUri
                | Self::PEarlyMedia
                | Self::PPreferredIdentity
                | Self::PPreferredService
                | Self::PVisitedNetworkId
                | Self::Path
                | Self::ProxyRequire
                | Self::Reason
                | Self::RecordRoute
                | Self::RejectContact
                | Self::RequestDisposition
                | Self::Require
                | Self::Route
                | Self::SecurityClient
                | Self::SecurityServer
                | Self::SecurityVerify
                | Self::ServiceRoute
                | Self::Supported
                | Self::Unsupported
                | Self::Via
                | Self::Warning
        )
    }

    /// Look a name up, case-insensitively; one-letter names are compact forms.
    #[inline]
    pub fn from_name(name: &[u8]) -> Option<Self> {
        let (Some(&first), Some(&last)) = (name.first(), name.last()) else {
            return None;
        };
        if name.len() == 1 {
            let c = first | 0x20;
            return if c.is_ascii_lowercase() {
                COMPACT[(c - b'a') as usize]
            } else {
                None
            };
        }
        let i = candidate(name.len(), first, name[1], name[name.len() / 2], last)?;
        // The name from a table, not `as_str()`'s match: a load instead of a jump per lookup.
        eq_token_fold(NAMES[i], name).then_some(Self::ALL[i])
    }
}

/// ASCII case-insensitive equality of two token strings of two or more bytes. `| 0x20`
/// folds letters and maps no two distinct token characters together. Two overlapping words,
/// one at each end, cover any length up to twice the word; longer names loop over words.
#[inline(always)]
pub(crate) fn eq_token_fold(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() || n < 2 {
        return n == b.len();
    }
    macro_rules! word {
        ($t:ty, $s:expr, $at:expr) => {{
            let mut w = [0u8; core::mem::size_of::<$t>()];
            w.copy_from_slice(&$s[$at..$at + core::mem::size_of::<$t>()]);
            <$t>::from_le_bytes(w) | (<$t>::MAX / 255 * 0x20)
        }};
    }
    macro_rules! ends {
        ($t:ty) => {{
            let k = core::mem::size_of::<$t>();
            word!($t, a, 0) == word!($t, b, 0) && word!($t, a, n - k) == word!($t, b, n - k)
        }};
    }
    match n {
        2..=3 => ends!(u16),
        4..=7 => ends!(u32),
        8..=16 => ends!(u64),
        _ => {
            let mut i = 0;
            while i + 8 <= n {
                if word!(u64, a, i) != word!(u64, b, i) {
                    return false;
                }
                i += 8;
            }
            word!(u64, a, n - 8) == word!(u64, b, n - 8)
        }
    }
}

/// A perfect hash of the known names: length and four case-folded bytes, one multiply.
/// Looking at a few bytes, not all, keeps the name scan free of a per-byte dependency chain.
#[inline(always)]
const fn name_key(len: usize, b0: u8, b1: u8, mid: u8, last: u8) -> u32 {
    ((len as u32) << 24)
        ^ (((b0 | 0x20) as u32) << 16)
        ^ (((mid | 0x20) as u32) << 8)
        ^ ((last | 0x20) as u32)
        ^ (((b1 | 0x20) as u32) << 4)
}

#[inline(always)]
const fn slot(key: u32) -> usize {
    (key.wrapping_mul(0xe6d1_4319) >> 23) as usize
}

const TABLE_SIZE: usize = 512;

/// slot -> 1 + index into `ALL` (0 = empty). Built at compile time; a new name that collides
/// fails the build.
static TABLE: [u8; TABLE_SIZE] = {
    let mut t = [0u8; TABLE_SIZE];
    let mut i = 0;
    while i < KnownHeader::ALL.len() {
        let n = KnownHeader::ALL[i].as_str().as_bytes();
        let s = slot(name_key(
            n.len(),
            n[0],
            n[1],
            n[n.len() / 2],
            n[n.len() - 1],
        ));
        assert!(
            t[s] == 0,
            "known header names collide: change the multiplier in slot()"
        );
        t[s] = (i + 1) as u8;
        i += 1;
    }
    t
};

/// `ALL[i].as_str()` as bytes, built at compile time.
static NAMES: [&[u8]; KnownHeader::ALL.len()] = {
    let mut t: [&[u8]; KnownHeader::ALL.len()] = [b""; KnownHeader::ALL.len()];
    let mut i = 0;
    while i < KnownHeader::ALL.len() {
        t[i] = KnownHeader::ALL[i].as_str().as_bytes();
        i += 1;
    }
    t
};

/// The names of fewer than 16 bytes in lower case, zero-padded to 16 (longer names: zeros),
/// and every name's length: a name in a vector is checked against its candidate in one
/// compare. Built at compile time.
pub(crate) static FOLDED16: [[u8; 16]; KnownHeader::ALL.len()] = {
    let mut t = [[0u8; 16]; KnownHeader::ALL.len()];
    let mut i = 0;
    while i < KnownHeader::ALL.len() {
        let n = KnownHeader::ALL[i].as_str().as_bytes();
        if n.len() < 16 {
            let mut k = 0;
            while k < n.len() {
                t[i][k] = n[k].to_ascii_lowercase();
                k += 1;
            }
        }
        i += 1;
    }
    t
};

/// `NAMES[i].len()`.
pub(crate) static NAME_LEN: [u8; KnownHeader::ALL.len()] = {
    let mut t = [0u8; KnownHeader::ALL.len()];
    let mut i = 0;
    while i < KnownHeader::ALL.len() {
        t[i] = KnownHeader::ALL[i].as_str().len() as u8;
        i += 1;
    }
    t
};

/// The one known name of `len` (two or more) bytes that these bytes could be (first, second,
/// middle, last): its index in [`KnownHeader::ALL`]. The caller compares the whole name.
#[inline(always)]
pub(crate) fn candidate(len: usize, b0: u8, b1: u8, mid: u8, last: u8) -> Option<usize> {
    let idx = TABLE[slot(name_key(len, b0, b1, mid, last))];
    (idx != 0).then(|| idx as usize - 1)
}

/// Compact forms by letter.
static COMPACT: [Option<KnownHeader>; 26] = {
    let mut t = [None; 26];
    t[0] = Some(KnownHeader::AcceptContact); // a
    t[20] = Some(KnownHeader::AllowEvents); // u
    t[8] = Some(KnownHeader::CallId); // i
    t[12] = Some(KnownHeader::Contact); // m
    t[4] = Some(KnownHeader::ContentEncoding); // e
    t[11] = Some(KnownHeader::ContentLength); // l
    t[2] = Some(KnownHeader::ContentType); // c
    t[14] = Some(KnownHeader::Event); // o
    t[5] = Some(KnownHeader::From); // f
    t[24] = Some(KnownHeader::Identity); // y
    t[17] = Some(KnownHeader::ReferTo); // r
    t[1] = Some(KnownHeader::ReferredBy); // b
    t[9] = Some(KnownHeader::RejectContact); // j
    t[3] = Some(KnownHeader::RequestDisposition); // d
    t[23] = Some(KnownHeader::SessionExpires); // x
    t[18] = Some(KnownHeader::Subject); // s
    t[10] = Some(KnownHeader::Supported); // k
    t[19] = Some(KnownHeader::To); // t
    t[21] = Some(KnownHeader::Via); // v
    t
};
