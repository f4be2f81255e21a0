//! Typing header values on access: the [`Element`] trait, value iterators, and the dynamic
//! [`HeaderValue`] view used by tools that walk every header.

use crate::decode::lex::Cursor;
use crate::decode::typed as p;
use crate::error::{DecodeError, ErrorKind};
use crate::headers::*;
use crate::known::KnownHeader;
use crate::message::{HeaderField, Message};
use core::marker::PhantomData;

/// A typed header value: parses one element of a header value.
pub trait Element<'a>: Sized {
    /// Parse one element of a `kind` header at byte `*pos` of `value`, leaving `*pos` just after
    /// it. Error offsets are relative to `value`.
    fn parse_at(kind: KnownHeader, value: &'a str, pos: &mut usize) -> Result<Self, DecodeError>;
}

macro_rules! element {
    ($ty:ident, |$c:ident, $k:ident| $body:expr) => {
        impl<'a> Element<'a> for $ty<'a> {
            #[inline(always)]
            fn parse_at(
                $k: KnownHeader,
                value: &'a str,
                pos: &mut usize,
            ) -> Result<Self, DecodeError> {
                if value.len() > u32::MAX as usize {
                    return Err(crate::decode::uri::too_long());
                }
                let mut $c = Cursor::at(value, *pos);
                let _ = $k;
                let v = $body?;
                *pos = $c.pos;
                Ok(v)
            }
        }
    };
}

element!(Address, |c, k| p::address(&mut c, k));
element!(Contact, |c, k| p::contact(&mut c));
element!(Via, |c, k| p::via(&mut c));
element!(CSeq, |c, k| p::cseq(&mut c));
element!(RAck, |c, k| p::rack(&mut c));
element!(CallId, |c, k| p::call_id(&mut c));
element!(MediaType, |c, k| p::media_type(
    &mut c,
    k == KnownHeader::Accept
));
element!(Token, |c, k| p::token(&mut c));
element!(TokenParams, |c, k| p::token_params(&mut c, k));
element!(Seconds, |c, k| p::seconds(&mut c, k));
element!(SipDate, |c, k| p::date(&mut c));
element!(WarningValue, |c, k| p::warning(&mut c));
element!(Auth, |c, k| p::auth(
    &mut c,
    k != KnownHeader::AuthenticationInfo
));
element!(FeaturePreference, |c, k| p::feature_preference(&mut c));
element!(ServiceId, |c, k| p::service_id(&mut c));
element!(Privacy, |c, k| p::privacy(&mut c));
element!(ParamsValue, |c, k| p::params_value(&mut c));
element!(InfoUri, |c, k| p::info_uri(&mut c));
element!(Identifier, |c, k| p::identifier(&mut c, k));
element!(IdentityValue, |c, k| p::identity(&mut c));

impl<'a> Element<'a> for Number {
    #[inline(always)]
    fn parse_at(kind: KnownHeader, value: &'a str, pos: &mut usize) -> Result<Self, DecodeError> {
        let mut c = Cursor::at(value, *pos);
        // RFC 3261 §20.22: Max-Forwards is an integer in 0..=255.
        let max = if kind == KnownHeader::MaxForwards {
            255
        } else {
            u64::from(u32::MAX)
        };
        let v = p::number(&mut c, max)?;
        *pos = c.pos;
        Ok(v)
    }
}

/// Headers whose grammar allows an empty value (`Accept:` means "nothing").
fn allows_empty(kind: KnownHeader) -> bool {
    matches!(
        kind,
        KnownHeader::Accept
            | KnownHeader::AcceptEncoding
            | KnownHeader::AcceptLanguage
            | KnownHeader::Allow
            | KnownHeader::Supported
            | KnownHeader::PEarlyMedia
            | KnownHeader::Subject
            | KnownHeader::Organization
    )
}

/// The values of one header line, typed as `T`.
#[derive(Debug, Clone)]
pub struct LineValues<'a, T> {
    kind: KnownHeader,
    value: &'a str,
    pos: usize,
    done: bool,
    _t: PhantomData<fn() -> T>,
}

impl<'a, T: Element<'a>> LineValues<'a, T> {
    /// Walk `value` as the value of a `kind` header.
    pub fn new(kind: KnownHeader, value: &'a str) -> Self {
        let done = value.is_empty() && allows_empty(kind);
        Self {
            kind,
            value,
            pos: 0,
            done,
            _t: PhantomData,
        }
    }
}

/// One element of a `kind` value that must be the whole of `value` (white space around it
/// allowed): what the standalone `parse` of a typed value reads.
pub(crate) fn parse_single<'a, T: Element<'a>>(
    kind: KnownHeader,
    value: &'a str,
) -> Result<T, DecodeError> {
    let mut c = Cursor::new(value);
    c.skip_ws();
    let mut pos = c.pos;
    let v = T::parse_at(kind, value, &mut pos)?;
    let mut c = Cursor::at(value, pos);
    c.skip_ws();
    if c.is_end() {
        Ok(v)
    } else {
        Err(c.err(ErrorKind::InvalidHeaderSyntax))
    }
}

/// What may follow an element that ends at `pos` of a `kind` value: only whitespace (`None`,
/// the value is done) or, in a list header, a comma and another element (`Some`, where it
/// starts). Shared by [`LineValues`] and `Message::first` so both accept the same values.
#[inline(always)]
pub(crate) fn after_element(
    kind: KnownHeader,
    value: &str,
    pos: usize,
) -> Result<Option<usize>, DecodeError> {
    let mut c = Cursor::at(value, pos);
    c.skip_ws();
    if c.is_end() {
        return Ok(None);
    }
    if kind.is_list() && c.eat(b',') {
        c.skip_ws();
        if !c.is_end() {
            return Ok(Some(c.pos));
        }
    }
    Err(c.err(ErrorKind::InvalidHeaderSyntax))
}

impl<'a, T: Element<'a>> Iterator for LineValues<'a, T> {
    type Item = Result<T, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut pos = self.pos;
        // Written out, not with `map_err`: the value goes straight to the result.
        let err = match T::parse_at(self.kind, self.value, &mut pos) {
            Ok(v) => match after_element(self.kind, self.value, pos) {
                Ok(Some(next)) => {
                    self.pos = next;
                    return Some(Ok(v));
                }
                Ok(None) => {
                    self.done = true;
                    return Some(Ok(v));
                }
                Err(e) => e,
            },
            Err(e) => e,
        };
        self.done = true;
        Some(Err(err.in_header(self.kind.as_str())))
    }
}

/// Every value of one header kind across a message, typed as `T`.
#[derive(Debug)]
pub struct Values<'m, T> {
    msg: &'m Message<'m>,
    kind: KnownHeader,
    next_header: usize,
    /// The line being walked (done before the first), and where its value starts.
    line: LineValues<'m, T>,
    offset: usize,
}

impl<'m, T: Element<'m>> Values<'m, T> {
    pub(crate) fn new(msg: &'m Message<'m>, kind: KnownHeader) -> Self {
        let mut line = LineValues::new(kind, "");
        line.done = true;
        Self {
            msg,
            kind,
            next_header: 0,
            line,
            offset: 0,
        }
    }
}

impl<'m, T: Element<'m>> Iterator for Values<'m, T> {
    type Item = Result<T, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.line.next() {
                Some(Err(e)) => return Some(Err(e.placed(self.offset, self.msg.as_bytes()))),
                None => {}
                value => return value,
            }
            let idx = self.msg.position(self.kind, self.next_header)?;
            self.next_header = idx + 1;
            let value = self.msg.entries()[idx].value;
            self.offset = value.start as usize;
            self.line = LineValues::new(self.kind, self.msg.str_at(value));
        }
    }
}

/// Any typed header value, for tools that walk every header without knowing its type.
///
/// With the `serde` feature it serializes as `{"type": ..., fields of the value}` — `address`,
/// `contact`, `via`, `cseq`, `rack`, `media-type`, `token-params`, `seconds`, `warning`,
/// `auth`, `feature-preference`, `params`, `info-uri`, `identity` — or, for the values that are
/// one string, number or list, `{"type": ..., "value": ...}` — `call-id`, `token`, `number`,
/// `date`, `service-id`, `privacy`, `identifier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is named after the type it holds
pub enum HeaderValue<'a> {
    Address(Address<'a>),
    Contact(Contact<'a>),
    Via(Via<'a>),
    CSeq(CSeq<'a>),
    RAck(RAck<'a>),
    CallId(CallId<'a>),
    MediaType(MediaType<'a>),
    Token(Token<'a>),
    TokenParams(TokenParams<'a>),
    Seconds(Seconds<'a>),
    Number(Number),
    Date(SipDate<'a>),
    Warning(WarningValue<'a>),
    Auth(Auth<'a>),
    FeaturePreference(FeaturePreference<'a>),
    ServiceId(ServiceId<'a>),
    Privacy(Privacy<'a>),
    Params(ParamsValue<'a>),
    InfoUri(InfoUri<'a>),
    Identifier(Identifier<'a>),
    Identity(IdentityValue<'a>),
}

/// Which typed form a known header has, if any.
type DynParse =
    for<'a> fn(KnownHeader, &'a str, &mut usize) -> Result<HeaderValue<'a>, DecodeError>;

fn typed_form(kind: KnownHeader) -> Option<DynParse> {
    use KnownHeader as K;
    macro_rules! f {
        ($t:ident, $v:ident) => {
            Some(|k, s, pos| $t::parse_at(k, s, pos).map(HeaderValue::$v))
        };
    }
    match kind {
        K::From
        | K::To
        | K::Route
        | K::RecordRoute
        | K::Path
        | K::ServiceRoute
        | K::ReplyTo
        | K::ReferTo
        | K::ReferredBy
        | K::PAssertedIdentity
        | K::PPreferredIdentity
        | K::PAssociatedUri
        | K::PCalledPartyId => {
            f!(Address, Address)
        }
        K::Contact => f!(Contact, Contact),
        K::Via => f!(Via, Via),
        K::CSeq => f!(CSeq, CSeq),
        K::RAck => f!(RAck, RAck),
        K::CallId | K::InReplyTo => f!(CallId, CallId),
        K::ContentType | K::Accept => f!(MediaType, MediaType),
        K::Require
        | K::Supported
        | K::ProxyRequire
        | K::Unsupported
        | K::Allow
        | K::ContentEncoding
        | K::RequestDisposition
        | K::AllowEvents
        | K::Priority
        | K::SipETag
        | K::SipIfMatch
        | K::PEarlyMedia
        | K::ContentLanguage => f!(Token, Token),
        K::Event
        | K::SubscriptionState
        | K::Reason
        | K::ContentDisposition
        | K::SecurityClient
        | K::SecurityServer
        | K::SecurityVerify
        | K::PAccessNetworkInfo
        | K::AcceptEncoding
        | K::AcceptLanguage
        | K::PVisitedNetworkId => {
            f!(TokenParams, TokenParams)
        }
        K::Expires | K::MinExpires | K::SessionExpires | K::MinSe | K::RetryAfter | K::RSeq => {
            f!(Seconds, Seconds)
        }
        K::MaxForwards | K::ContentLength => {
            Some(|k, s, pos| Number::parse_at(k, s, pos).map(HeaderValue::Number))
        }
        K::Date => f!(SipDate, Date),
        K::Warning => f!(WarningValue, Warning),
        K::WwwAuthenticate
        | K::ProxyAuthenticate
        | K::Authorization
        | K::ProxyAuthorization
        | K::AuthenticationInfo => {
            f!(Auth, Auth)
        }
        K::AcceptContact | K::RejectContact => f!(FeaturePreference, FeaturePreference),
        K::PAssertedService | K::PPreferredService => f!(ServiceId, ServiceId),
        K::Privacy => f!(Privacy, Privacy),
        K::PChargingVector | K::PChargingFunctionAddresses => f!(ParamsValue, Params),
        K::CallInfo | K::AlertInfo | K::ErrorInfo => f!(InfoUri, InfoUri),
        K::ContributionId | K::ConversationId | K::InReplyToContributionId | K::MimeVersion => {
            f!(Identifier, Identifier)
        }
        K::Identity => f!(IdentityValue, Identity),
        _ => None,
    }
}

/// Whether this crate has a typed form for `kind`.
pub fn is_typed(kind: KnownHeader) -> bool {
    typed_form(kind).is_some()
}

/// The dynamically typed element type.
impl<'a> Element<'a> for HeaderValue<'a> {
    fn parse_at(kind: KnownHeader, value: &'a str, pos: &mut usize) -> Result<Self, DecodeError> {
        match typed_form(kind) {
            Some(f) => f(kind, value, pos),
            None => Err(DecodeError::new(ErrorKind::InvalidHeaderSyntax, *pos)),
        }
    }
}

impl<'m> HeaderField<'m> {
    /// Every value of this field in its typed form; `None` for headers without one.
    /// Error offsets are relative to the message.
    pub fn typed_values(
        &self,
    ) -> Option<impl Iterator<Item = Result<HeaderValue<'m>, DecodeError>> + 'm> {
        let kind = self.known()?;
        typed_form(kind)?;
        let base = self.value_offset();
        let msg = self.message_bytes();
        Some(
            LineValues::<HeaderValue<'m>>::new(kind, self.value())
                .map(move |r| r.map_err(|e| e.placed(base, msg))),
        )
    }
}

pub(crate) fn check_field(f: &HeaderField<'_>) -> Result<(), DecodeError> {
    match f.typed_values() {
        Some(mut it) => it.try_for_each(|r| r.map(|_| ())),
        None => Ok(()),
    }
}

/// Typed accessors for the headers every SIP stack reads.
impl Message<'_> {
    /// Every Via value, top first.
    pub fn vias(&self) -> Values<'_, Via<'_>> {
        self.values(KnownHeader::Via)
    }
    /// The From header.
    #[inline]
    pub fn from_header(&self) -> Option<Result<Address<'_>, DecodeError>> {
        self.first(KnownHeader::From)
    }
    /// The To header.
    #[inline]
    pub fn to_header(&self) -> Option<Result<Address<'_>, DecodeError>> {
        self.first(KnownHeader::To)
    }
    /// The Call-ID.
    pub fn call_id(&self) -> Option<Result<CallId<'_>, DecodeError>> {
        self.first(KnownHeader::CallId)
    }
    /// The CSeq.
    pub fn cseq(&self) -> Option<Result<CSeq<'_>, DecodeError>> {
        self.first(KnownHeader::CSeq)
    }
    /// Max-Forwards.
    pub fn max_forwards(&self) -> Option<Result<u8, DecodeError>> {
        self.first::<Number>(KnownHeader::MaxForwards)
            .map(|r| r.map(|n| n.get() as u8))
    }
    /// Every Contact value.
    pub fn contacts(&self) -> Values<'_, Contact<'_>> {
        self.values(KnownHeader::Contact)
    }
    /// Content-Type.
    pub fn content_type(&self) -> Option<Result<MediaType<'_>, DecodeError>> {
        self.first(KnownHeader::ContentType)
    }
    /// Content-Length as sent (the parse already used it to frame the body).
    #[inline]
    pub fn content_length(&self) -> Option<Result<u32, DecodeError>> {
        // The head scan refused a message whose Content-Length is not a number, so the value
        // it kept is the typed one.
        self.first_content_length().map(Ok)
    }
    /// Expires.
    pub fn expires(&self) -> Option<Result<u32, DecodeError>> {
        self.first::<Seconds<'_>>(KnownHeader::Expires)
            .map(|r| r.map(|s| s.value()))
    }
    /// Every Route value.
    pub fn routes(&self) -> Values<'_, Address<'_>> {
        self.values(KnownHeader::Route)
    }
    /// Every Record-Route value.
    pub fn record_routes(&self) -> Values<'_, Address<'_>> {
        self.values(KnownHeader::RecordRoute)
    }
    /// Every option tag in Require.
    pub fn require(&self) -> Values<'_, Token<'_>> {
        self.values(KnownHeader::Require)
    }
    /// Every option tag in Supported.
    pub fn supported(&self) -> Values<'_, Token<'_>> {
        self.values(KnownHeader::Supported)
    }
    /// Every P-Asserted-Identity.
    pub fn p_asserted_identities(&self) -> Values<'_, Address<'_>> {
        self.values(KnownHeader::PAssertedIdentity)
    }
}
