//! The parsed message (spans into its bytes) and its views.

use crate::decode;
use crate::error::{DecodeError, ErrorKind};
use crate::limits::ParseOptions;
use crate::typed::{Address, DateTime, MediaType};
use bytes::Bytes;

/// The namespace of the core CPIM headers (From, To, cc, DateTime, Subject, NS, Require).
pub const CPIM_NS: &str = "urn:ietf:params:cpim-headers:";
/// The IMDN namespace (RFC 5438).
pub const IMDN_NS: &str = "urn:ietf:params:imdn";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub(crate) fn range(self) -> core::ops::Range<usize> {
        self.start..self.end
    }
    pub(crate) fn len(self) -> usize {
        self.end - self.start
    }
    pub(crate) fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Which namespace a header name is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NsRef {
    /// No prefix: the core CPIM headers.
    Core,
    /// A prefix declared by the NS header with this index in `Parsed::ns`.
    Declared(usize),
    /// A prefix nobody declared (lenient).
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderIdx {
    pub(crate) prefix: Option<Span>,
    pub(crate) name: Span,
    pub(crate) params: Span,
    pub(crate) value: Span,
    pub(crate) ns: NsRef,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NsDecl {
    /// Index of the NS header.
    pub(crate) header: usize,
    pub(crate) prefix: Option<Span>,
    pub(crate) urn: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Parsed {
    pub(crate) headers: Vec<HeaderIdx>,
    pub(crate) ns: Vec<NsDecl>,
    pub(crate) content_headers: Vec<(Span, Span)>,
    pub(crate) content: Span,
    pub(crate) warnings: Vec<Warning>,
}

/// Something accepted only because a [`ParseOptions`] leniency allowed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Warning {
    /// A line ended in a bare LF.
    BareLf,
    /// Content-Length disagrees with the content.
    WrongContentLength,
    /// A message header without the space after the colon.
    MissingSpace,
    /// A prefix used before the NS header that declares it.
    NamespaceDeclaredLater,
    /// A prefix no NS header declares.
    UndeclaredPrefix,
    /// An NS header whose value is not `[prefix SP] <URI>` (ignored).
    InvalidNamespace,
}

#[derive(Debug, Clone)]
enum Buf<'a> {
    Borrowed(&'a [u8]),
    Shared(Bytes),
}

/// One message header as sent, with its namespace resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Header<'m> {
    /// The prefix as sent (`imdn` in `imdn.Message-ID`), if any.
    pub prefix: Option<&'m str>,
    /// The name without its prefix.
    pub name: &'m str,
    /// The header parameters as sent, from their first `;` (`;lang=fr`), or empty.
    pub params: &'m str,
    /// The value as sent.
    pub value: &'m str,
    /// The namespace URN the name is in: [`CPIM_NS`] without a prefix, the declared URN with
    /// one, `None` for an undeclared prefix (lenient parsing only).
    pub namespace: Option<&'m str>,
}

impl<'m> Header<'m> {
    /// A header parameter's value (quotes kept), by name (case-insensitive).
    pub fn param(&self, name: &str) -> Option<&'m str> {
        params(self.params)
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The `lang` parameter (Subject).
    pub fn lang(&self) -> Option<&'m str> {
        self.param("lang")
    }

    /// Whether this is header `name` of namespace `ns` (URN and name compared
    /// case-insensitively).
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.namespace.is_some_and(|n| n.eq_ignore_ascii_case(ns))
            && self.name.eq_ignore_ascii_case(name)
    }
}

/// `;name=value` pairs (the grammar was checked when parsed).
fn params(s: &str) -> impl Iterator<Item = (&str, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    core::iter::from_fn(move || {
        if i >= b.len() || b[i] != b';' {
            return None;
        }
        let eq = s[i..].find('=')? + i;
        let name = &s[i + 1..eq];
        let v = eq + 1;
        let end = if b.get(v) == Some(&b'"') {
            decode::skip_quoted(b, v).unwrap_or(b.len())
        } else {
            s[v..].find(';').map_or(b.len(), |r| v + r)
        };
        i = end;
        Some((name, &s[v..end]))
    })
}

/// A namespace declaration (NS header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Namespace<'m> {
    /// The prefix it declares (`None`: a declaration without a prefix).
    pub prefix: Option<&'m str>,
    /// The namespace URN.
    pub urn: &'m str,
}

/// A parsed message/cpim body (RFC 3862): a view over its bytes.
///
/// ```
/// use rcs_cpim::{Message, IMDN_NS};
/// let raw = b"From: <sip:anonymous@anonymous.invalid>\r\n\
/// To: <sip:anonymous@anonymous.invalid>\r\n\
/// NS: x <urn:ietf:params:imdn>\r\n\
/// x.Message-ID: ae6926cfcffa40a89e44252ce9e970a2\r\n\
/// DateTime: 2016-03-24T08:51:42+01:00\r\n\
/// x.Disposition-Notification: positive-delivery, display\r\n\r\n\
/// Content-Type: text/plain;charset=utf-8\r\n\r\n\
/// Bonjour";
/// let m = Message::parse(raw)?;
/// // The sender's prefix does not matter: the header is found by its namespace.
/// assert_eq!(m.header(IMDN_NS, "Message-ID"), Some("ae6926cfcffa40a89e44252ce9e970a2"));
/// assert_eq!(m.date_time().unwrap()?.offset_minutes, 60);
/// assert_eq!(m.content_type().unwrap()?.essence(), ("text", "plain"));
/// assert_eq!(m.content(), b"Bonjour");
/// assert_eq!(m.as_bytes(), &raw[..]);
/// # Ok::<(), rcs_cpim::DecodeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Message<'a> {
    buf: Buf<'a>,
    p: Parsed,
}

impl<'a> Message<'a> {
    /// Parse a whole message (strict options): message headers, blank line, content headers,
    /// blank line, content (to the end of the input: the carrier delimits it).
    pub fn parse(input: &'a [u8]) -> Result<Self, DecodeError> {
        Self::parse_with(input, &ParseOptions::new())
    }

    /// [`Message::parse`] with options.
    pub fn parse_with(input: &'a [u8], opts: &ParseOptions) -> Result<Self, DecodeError> {
        Ok(Self {
            p: decode::parse(input, opts)?,
            buf: Buf::Borrowed(input),
        })
    }

    /// An owned message (bytes copied once, nothing re-parsed).
    pub fn into_owned(self) -> Message<'static> {
        let buf = match self.buf {
            Buf::Borrowed(b) => Bytes::copy_from_slice(b),
            Buf::Shared(b) => b,
        };
        Message {
            buf: Buf::Shared(buf),
            p: self.p,
        }
    }

    fn src(&self) -> &[u8] {
        match &self.buf {
            Buf::Borrowed(b) => b,
            Buf::Shared(b) => b,
        }
    }

    fn text(&self, s: Span) -> &str {
        // The head was checked to be UTF-8; spans end at ASCII delimiters.
        core::str::from_utf8(self.src().get(s.range()).unwrap_or_default()).unwrap_or("")
    }

    /// The message bytes (for a parsed message exactly what was parsed).
    pub fn as_bytes(&self) -> &[u8] {
        self.src()
    }

    /// The message as `Bytes` (no copy for an owned message).
    pub fn to_bytes(&self) -> Bytes {
        match &self.buf {
            Buf::Borrowed(b) => Bytes::copy_from_slice(b),
            Buf::Shared(b) => b.clone(),
        }
    }

    /// The encoded length.
    pub fn encoded_len(&self) -> usize {
        self.src().len()
    }

    /// Write the message into any `BufMut` (byte-exact for parsed messages).
    pub fn encode(&self, dst: &mut impl bytes::BufMut) {
        dst.put_slice(self.as_bytes());
    }

    fn header_at(&self, h: &HeaderIdx) -> Header<'_> {
        let namespace = match h.ns {
            NsRef::Core => Some(CPIM_NS),
            NsRef::Declared(k) => self.p.ns.get(k).map(|d| self.text(d.urn)),
            NsRef::Unknown => None,
        };
        Header {
            prefix: h.prefix.map(|p| self.text(p)),
            name: self.text(h.name),
            params: self.text(h.params),
            value: self.text(h.value),
            namespace,
        }
    }

    /// The message headers in order, duplicates kept.
    pub fn headers(&self) -> impl Iterator<Item = Header<'_>> + '_ {
        self.p.headers.iter().map(|h| self.header_at(h))
    }

    /// Every header `name` of namespace `ns`, whatever prefix the sender chose.
    pub fn headers_named<'s>(
        &'s self,
        ns: &'s str,
        name: &'s str,
    ) -> impl Iterator<Item = Header<'s>> + 's {
        self.headers().filter(move |h| h.is(ns, name))
    }

    /// Whether header `h` is `name` in namespace `ns`, compared on bytes (no views built).
    fn header_is(&self, h: &HeaderIdx, ns: &str, name: &str) -> bool {
        let src = self.src();
        if !src[h.name.range()].eq_ignore_ascii_case(name.as_bytes()) {
            return false;
        }
        let urn: &[u8] = match h.ns {
            NsRef::Core => CPIM_NS.as_bytes(),
            NsRef::Declared(k) => self.p.ns.get(k).map_or(&[][..], |d| &src[d.urn.range()]),
            NsRef::Unknown => return false,
        };
        urn.eq_ignore_ascii_case(ns.as_bytes())
    }

    /// The value of the first header `name` of namespace `ns`.
    pub fn header(&self, ns: &str, name: &str) -> Option<&str> {
        self.p
            .headers
            .iter()
            .find(|h| self.header_is(h, ns, name))
            .map(|h| self.text(h.value))
    }

    /// The NS declarations, in order.
    pub fn namespaces(&self) -> impl Iterator<Item = Namespace<'_>> + '_ {
        self.p.ns.iter().map(|d| Namespace {
            prefix: d.prefix.map(|p| self.text(p)),
            urn: self.text(d.urn),
        })
    }

    /// From (RFC 3862 §4.1), typed.
    pub fn from(&self) -> Option<Result<Address<'_>, DecodeError>> {
        self.header(CPIM_NS, "From")
            .map(|v| Address::parse(v).map_err(|e| e.in_header("From")))
    }

    /// Every To, typed.
    pub fn to(&self) -> impl Iterator<Item = Result<Address<'_>, DecodeError>> + '_ {
        self.headers_named(CPIM_NS, "To")
            .map(|h| Address::parse(h.value).map_err(|e| e.in_header("To")))
    }

    /// Every cc, typed.
    pub fn cc(&self) -> impl Iterator<Item = Result<Address<'_>, DecodeError>> + '_ {
        self.headers_named(CPIM_NS, "cc")
            .map(|h| Address::parse(h.value).map_err(|e| e.in_header("cc")))
    }

    /// DateTime (RFC 3339), typed.
    pub fn date_time(&self) -> Option<Result<DateTime<'_>, DecodeError>> {
        self.header(CPIM_NS, "DateTime")
            .map(|v| DateTime::parse(v).map_err(|e| e.in_header("DateTime")))
    }

    /// Every Subject with its language (`;lang=`), in order.
    pub fn subjects(&self) -> impl Iterator<Item = (&str, Option<&str>)> + '_ {
        self.headers_named(CPIM_NS, "Subject")
            .map(|h| (h.value, h.lang()))
    }

    /// Require: the header names the recipient must understand, as sent (`prefix.Name`).
    pub fn require(&self) -> impl Iterator<Item = &str> + '_ {
        self.headers_named(CPIM_NS, "Require")
            .flat_map(|h| h.value.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The content headers (MIME) in order: `(name, value)` as sent, folds kept.
    pub fn content_headers(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.p
            .content_headers
            .iter()
            .map(|(n, v)| (self.text(*n), self.text(*v)))
    }

    /// The first content header with this name (case-insensitive).
    pub fn content_header(&self, name: &str) -> Option<&str> {
        let src = self.src();
        self.p
            .content_headers
            .iter()
            .find(|(n, _)| src[n.range()].eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| self.text(*v))
    }

    /// Content-Type, typed by this crate's media-type parser.
    pub fn content_type(&self) -> Option<Result<MediaType<'_>, DecodeError>> {
        self.content_header("Content-Type")
            .map(|v| MediaType::parse(v).map_err(|e| e.in_header("Content-Type")))
    }

    /// Content-ID as sent.
    pub fn content_id(&self) -> Option<&str> {
        self.content_header("Content-ID")
    }

    /// Content-Disposition (`notification` for an IMDN), typed like a media type's parameters.
    pub fn content_disposition(
        &self,
    ) -> Option<Result<crate::typed::ContentDisposition<'_>, DecodeError>> {
        self.content_header("Content-Disposition").map(|v| {
            crate::typed::ContentDisposition::parse(v)
                .map_err(|e| e.in_header("Content-Disposition"))
        })
    }

    /// Content-Length, when given (checked against the content when parsed, or a warning).
    pub fn content_length(&self) -> Option<u64> {
        self.content_header("Content-Length")
            .and_then(|v| v.parse().ok())
    }

    /// Content-Transfer-Encoding as sent.
    pub fn content_transfer_encoding(&self) -> Option<&str> {
        self.content_header("Content-Transfer-Encoding")
    }

    /// The content, as sent (never trimmed).
    pub fn content(&self) -> &[u8] {
        &self.src()[self.p.content.range()]
    }

    /// The content as `Bytes` (no copy for an owned message).
    pub fn content_bytes(&self) -> Bytes {
        match &self.buf {
            Buf::Borrowed(b) => Bytes::copy_from_slice(&b[self.p.content.range()]),
            Buf::Shared(b) => b.slice(self.p.content.range()),
        }
    }

    /// The content with its Content-Transfer-Encoding undone: base64 decoded (line breaks
    /// allowed), anything else as sent.
    pub fn decoded_content(&self) -> Result<std::borrow::Cow<'_, [u8]>, DecodeError> {
        match self.content_transfer_encoding() {
            Some(e) if e.trim().eq_ignore_ascii_case("base64") => {
                crate::typed::base64_decode(self.content())
                    .map(std::borrow::Cow::Owned)
                    .ok_or(DecodeError::value(
                        ErrorKind::InvalidBase64,
                        "Content-Transfer-Encoding",
                    ))
            }
            _ => Ok(std::borrow::Cow::Borrowed(self.content())),
        }
    }

    /// Leniency used.
    pub fn warnings(&self) -> &[Warning] {
        &self.p.warnings
    }
}

impl Message<'static> {
    /// Parse from `Bytes` without copying.
    pub fn parse_bytes(input: Bytes, opts: &ParseOptions) -> Result<Self, DecodeError> {
        Ok(Self {
            p: decode::parse(&input, opts)?,
            buf: Buf::Shared(input),
        })
    }
}

impl PartialEq for Message<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

/// A message serializes (feature `serde`) as `{"headers": [{"prefix", "name", "params",
/// "value", "namespace"}], "namespaces": [{"prefix", "urn"}], "from": the From URI, "to": the To
/// URIs, "date_time": as sent, "imdn": {"message_id", "disposition_notification": the
/// notifications asked for}, "content_headers": [{"name", "value"}], "content_type": as sent,
/// "content": {"type": "type/subtype", "length", "text" (the content, its transfer encoding
/// undone, when UTF-8), "base64" (when not)}, "warnings"}` — what `rcs inspect --json` prints. A
/// typed value that does not read is `null`.
#[cfg(feature = "serde")]
impl serde::Serialize for Message<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(serde::Serialize)]
        struct Field<'h> {
            name: &'h str,
            value: &'h str,
        }
        #[derive(serde::Serialize)]
        struct Imdn<'m> {
            message_id: Option<&'m str>,
            disposition_notification: Option<Vec<crate::Notification<'m>>>,
        }
        #[derive(serde::Serialize)]
        struct Content<'c> {
            #[serde(rename = "type")]
            ty: Option<String>,
            length: usize,
            text: Option<&'c str>,
            base64: Option<String>,
        }
        let content = self
            .decoded_content()
            .unwrap_or(std::borrow::Cow::Borrowed(self.content()));
        let text = core::str::from_utf8(&content).ok();
        let content = Content {
            ty: self
                .content_type()
                .and_then(Result::ok)
                .map(|c| format!("{}/{}", c.type_, c.subtype)),
            length: content.len(),
            text,
            base64: text.is_none().then(|| rcs_base::base64::encode(&content)),
        };
        let headers: Vec<Header<'_>> = self.headers().collect();
        let namespaces: Vec<Namespace<'_>> = self.namespaces().collect();
        let to: Vec<&str> = self.to().filter_map(Result::ok).map(|a| a.uri).collect();
        let content_headers: Vec<Field<'_>> = self
            .content_headers()
            .map(|(name, value)| Field { name, value })
            .collect();
        let mut st = s.serialize_struct("Message", 10)?;
        st.serialize_field("headers", &headers)?;
        st.serialize_field("namespaces", &namespaces)?;
        st.serialize_field("from", &self.from().and_then(Result::ok).map(|a| a.uri))?;
        st.serialize_field("to", &to)?;
        st.serialize_field(
            "date_time",
            &self.date_time().and_then(Result::ok).map(|d| d.raw),
        )?;
        st.serialize_field(
            "imdn",
            &Imdn {
                message_id: self.imdn_message_id(),
                disposition_notification: self.disposition_notification().and_then(Result::ok),
            },
        )?;
        st.serialize_field("content_headers", &content_headers)?;
        st.serialize_field("content_type", &self.content_header("Content-Type"))?;
        st.serialize_field("content", &content)?;
        st.serialize_field("warnings", self.warnings())?;
        st.end()
    }
}
