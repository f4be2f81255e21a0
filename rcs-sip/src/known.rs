// The one table of known headers: each row gives the variant, its canonical name, its compact
// form (`-` for none) and how values combine (`single`: at most one value in a message;
// `list`: comma-separated values that may be combined into one line; `repeated`: neither).
// The enum, `ALL`, `as_str`, `compact`, `is_single_valued`, `is_list` and the lookup tables
// below are all built from it.
macro_rules! known_headers {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $compact:tt, $kind:ident; )*) => {
        /// A header this crate knows by name (case-insensitive, compact forms folded in).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[non_exhaustive]
        pub enum KnownHeader {
            $( $(#[$doc])* $variant, )*
        }

        impl KnownHeader {
            /// Every known header, in alphabetical order of canonical name.
            pub const ALL: &'static [KnownHeader] = &[$(Self::$variant),*];

            /// The canonical (full, conventionally capitalised) name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }

            /// The compact form (RFC 3261 §7.3.3 and extensions), if the header has one.
            pub const fn compact(self) -> Option<char> {
                match self {
                    $(Self::$variant => known_headers!(@compact $compact),)*
                }
            }

            /// Whether the grammar allows at most one value in a message (RFC 3261 §7.3.1).
            pub const fn is_single_valued(self) -> bool {
                match self {
                    $(Self::$variant => known_headers!(@is $kind single),)*
                }
            }

            /// Whether the value is a comma-separated list (several may be combined into one
            /// line).
            pub const fn is_list(self) -> bool {
                match self {
                    $(Self::$variant => known_headers!(@is $kind list),)*
                }
            }
        }
    };
    (@compact -) => { None };
    (@compact $c:literal) => { Some($c) };
    (@is single single) => { true };
    (@is list list) => { true };
    (@is $kind:ident $other:ident) => { false };
}

known_headers! {
    /// `Accept`, RFC 3261 §20.1.
    Accept = "Accept", -, list;
    /// `Accept-Contact` (compact `a`), RFC 3841.
    AcceptContact = "Accept-Contact", 'a', list;
    /// `Accept-Encoding`, RFC 3261 §20.2.
    AcceptEncoding = "Accept-Encoding", -, list;
    /// `Accept-Language`, RFC 3261 §20.3.
    AcceptLanguage = "Accept-Language", -, list;
    /// `Alert-Info`, RFC 3261 §20.4.
    AlertInfo = "Alert-Info", -, list;
    /// `Allow`, RFC 3261 §20.5.
    Allow = "Allow", -, list;
    /// `Allow-Events` (compact `u`), RFC 6665.
    AllowEvents = "Allow-Events", 'u', list;
    /// `Authentication-Info`, RFC 3261 §20.6.
    AuthenticationInfo = "Authentication-Info", -, single;
    /// `Authorization`, RFC 3261 §20.7.
    Authorization = "Authorization", -, repeated;
    /// `Call-ID` (compact `i`), RFC 3261 §20.8.
    CallId = "Call-ID", 'i', single;
    /// `Call-Info`, RFC 3261 §20.9.
    CallInfo = "Call-Info", -, list;
    /// `Contact` (compact `m`), RFC 3261 §20.10.
    Contact = "Contact", 'm', list;
    /// `Content-Disposition`, RFC 3261 §20.11.
    ContentDisposition = "Content-Disposition", -, single;
    /// `Content-Encoding` (compact `e`), RFC 3261 §20.12.
    ContentEncoding = "Content-Encoding", 'e', list;
    /// `Content-Language`, RFC 3261 §20.13.
    ContentLanguage = "Content-Language", -, list;
    /// `Content-Length` (compact `l`), RFC 3261 §20.14.
    ContentLength = "Content-Length", 'l', single;
    /// `Content-Type` (compact `c`), RFC 3261 §20.15.
    ContentType = "Content-Type", 'c', single;
    /// `Contribution-ID`, RCC.07 / CPM.
    ContributionId = "Contribution-ID", -, single;
    /// `Conversation-ID`, RCC.07 / CPM.
    ConversationId = "Conversation-ID", -, single;
    /// `CSeq`, RFC 3261 §20.16.
    CSeq = "CSeq", -, single;
    /// `Date`, RFC 3261 §20.17.
    Date = "Date", -, single;
    /// `Error-Info`, RFC 3261 §20.18.
    ErrorInfo = "Error-Info", -, list;
    /// `Event` (compact `o`), RFC 6665.
    Event = "Event", 'o', single;
    /// `Expires`, RFC 3261 §20.19.
    Expires = "Expires", -, single;
    /// `From` (compact `f`), RFC 3261 §20.20.
    From = "From", 'f', single;
    /// `Identity` (compact `y`), RFC 8224.
    Identity = "Identity", 'y', repeated;
    /// `In-Reply-To`, RFC 3261 §20.21.
    InReplyTo = "In-Reply-To", -, list;
    /// `InReplyTo-Contribution-ID`, RCC.07 (spelled without a hyphen after In).
    InReplyToContributionId = "InReplyTo-Contribution-ID", -, single;
    /// `Max-Forwards`, RFC 3261 §20.22.
    MaxForwards = "Max-Forwards", -, single;
    /// `MIME-Version`, RFC 3261 §20.24.
    MimeVersion = "MIME-Version", -, single;
    /// `Min-Expires`, RFC 3261 §20.23.
    MinExpires = "Min-Expires", -, single;
    /// `Min-SE`, RFC 4028.
    MinSe = "Min-SE", -, single;
    /// `Organization`, RFC 3261 §20.25.
    Organization = "Organization", -, single;
    /// `P-Access-Network-Info`, RFC 7315.
    PAccessNetworkInfo = "P-Access-Network-Info", -, list;
    /// `P-Asserted-Identity`, RFC 3325.
    PAssertedIdentity = "P-Asserted-Identity", -, list;
    /// `P-Asserted-Service`, RFC 6050.
    PAssertedService = "P-Asserted-Service", -, list;
    /// `P-Associated-URI`, RFC 7315.
    PAssociatedUri = "P-Associated-URI", -, list;
    /// `P-Called-Party-ID`, RFC 7315.
    PCalledPartyId = "P-Called-Party-ID", -, single;
    /// `P-Charging-Function-Addresses`, RFC 7315.
    PChargingFunctionAddresses = "P-Charging-Function-Addresses", -, single;
    /// `P-Charging-Vector`, RFC 7315.
    PChargingVector = "P-Charging-Vector", -, single;
    /// `P-Early-Media`, RFC 5009.
    PEarlyMedia = "P-Early-Media", -, list;
    /// `P-Preferred-Identity`, RFC 3325.
    PPreferredIdentity = "P-Preferred-Identity", -, list;
    /// `P-Preferred-Service`, RFC 6050.
    PPreferredService = "P-Preferred-Service", -, list;
    /// `P-Visited-Network-ID`, RFC 7315.
    PVisitedNetworkId = "P-Visited-Network-ID", -, list;
    /// `Path`, RFC 3327.
    Path = "Path", -, list;
    /// `Priority`, RFC 3261 §20.26.
    Priority = "Priority", -, single;
    /// `Privacy`, RFC 3323.
    Privacy = "Privacy", -, repeated;
    /// `Proxy-Authenticate`, RFC 3261 §20.27.
    ProxyAuthenticate = "Proxy-Authenticate", -, repeated;
    /// `Proxy-Authorization`, RFC 3261 §20.28.
    ProxyAuthorization = "Proxy-Authorization", -, repeated;
    /// `Proxy-Require`, RFC 3261 §20.29.
    ProxyRequire = "Proxy-Require", -, list;
    /// `RAck`, RFC 3262.
    RAck = "RAck", -, single;
    /// `Reason`, RFC 3326.
    Reason = "Reason", -, list;
    /// `Record-Route`, RFC 3261 §20.30.
    RecordRoute = "Record-Route", -, list;
    /// `Refer-To` (compact `r`), RFC 3515.
    ReferTo = "Refer-To", 'r', single;
    /// `Referred-By` (compact `b`), RFC 3892.
    ReferredBy = "Referred-By", 'b', single;
    /// `Reject-Contact` (compact `j`), RFC 3841.
    RejectContact = "Reject-Contact", 'j', list;
    /// `Reply-To`, RFC 3261 §20.31.
    ReplyTo = "Reply-To", -, single;
    /// `Request-Disposition` (compact `d`), RFC 3841.
    RequestDisposition = "Request-Disposition", 'd', list;
    /// `Require`, RFC 3261 §20.32.
    Require = "Require", -, list;
    /// `Retry-After`, RFC 3261 §20.33.
    RetryAfter = "Retry-After", -, single;
    /// `Route`, RFC 3261 §20.34.
    Route = "Route", -, list;
    /// `RSeq`, RFC 3262.
    RSeq = "RSeq", -, single;
    /// `Security-Client`, RFC 3329.
    SecurityClient = "Security-Client", -, list;
    /// `Security-Server`, RFC 3329.
    SecurityServer = "Security-Server", -, list;
    /// `Security-Verify`, RFC 3329.
    SecurityVerify = "Security-Verify", -, list;
    /// `Server`, RFC 3261 §20.35.
    Server = "Server", -, single;
    /// `Service-Route`, RFC 3608.
    ServiceRoute = "Service-Route", -, list;
    /// `Session-Expires` (compact `x`), RFC 4028.
    SessionExpires = "Session-Expires", 'x', single;
    /// `SIP-ETag`, RFC 3903.
    SipETag = "SIP-ETag", -, single;
    /// `SIP-If-Match`, RFC 3903.
    SipIfMatch = "SIP-If-Match", -, single;
    /// `Subject` (compact `s`), RFC 3261 §20.36.
    Subject = "Subject", 's', single;
    /// `Subscription-State`, RFC 6665.
    SubscriptionState = "Subscription-State", -, single;
    /// `Supported` (compact `k`), RFC 3261 §20.37.
    Supported = "Supported", 'k', list;
    /// `Timestamp`, RFC 3261 §20.38.
    Timestamp = "Timestamp", -, single;
    /// `To` (compact `t`), RFC 3261 §20.39.
    To = "To", 't', single;
    /// `Unsupported`, RFC 3261 §20.40.
    Unsupported = "Unsupported", -, list;
    /// `User-Agent`, RFC 3261 §20.41.
    UserAgent = "User-Agent", -, single;
    /// `Via` (compact `v`), RFC 3261 §20.42.
    Via = "Via", 'v', list;
    /// `Warning`, RFC 3261 §20.43.
    Warning = "Warning", -, list;
    /// `WWW-Authenticate`, RFC 3261 §20.44.
    WwwAuthenticate = "WWW-Authenticate", -, repeated;
}

impl KnownHeader {
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

/// Compact forms by letter, built at compile time from the table.
static COMPACT: [Option<KnownHeader>; 26] = {
    let mut t = [None; 26];
    let mut i = 0;
    while i < KnownHeader::ALL.len() {
        if let Some(c) = KnownHeader::ALL[i].compact() {
            let slot = (c as u8 - b'a') as usize;
            assert!(t[slot].is_none(), "two headers share a compact form");
            t[slot] = Some(KnownHeader::ALL[i]);
        }
        i += 1;
    }
    t
};
