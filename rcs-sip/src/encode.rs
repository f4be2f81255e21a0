//! Building messages: validated pieces, canonical encoding, computed Content-Length.

use crate::decode::head::{ContentLength, Head};
use crate::decode::lex::TOKEN;
use crate::decode::uri::{UriContext, check_uri};
use crate::error::{DecodeError, ErrorKind};
use crate::known::KnownHeader;
use crate::message::{HeaderEntry, Message, Span, StartSpans};
use crate::typed::{HeaderValue, LineValues};
use bytes::Bytes;
use bytestring::ByteString;

/// Why a [`MessageBuilder`] could not build: the first piece it refused and why.
pub type BuildError = rcs_base::BuildError<DecodeError>;

/// Builds a request or response and encodes it canonically: `Name: value` with the full
/// canonical name of known headers, CRLF line ends, and a Content-Length computed from the body
/// (always written, last).
///
/// Each piece is checked as it is added (a typed header by its typed parser; no value may hold
/// CR or LF). Setters never fail: the first refused piece is kept, later pieces are ignored,
/// and [`build`](Self::build) returns it as a [`BuildError`] — one `?` per message.
///
/// ```
/// use rcs_sip::{KnownHeader, MessageBuilder};
/// let req = MessageBuilder::request("MESSAGE", "sip:bob@example.com")
///     .header(KnownHeader::Via, "SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK-1")
///     .header(KnownHeader::MaxForwards, "70")
///     .header(KnownHeader::From, "<sip:alice@example.com>;tag=a1")
///     .header(KnownHeader::To, "<sip:bob@example.com>")
///     .header(KnownHeader::CallId, "c1@192.0.2.1")
///     .header(KnownHeader::CSeq, "1 MESSAGE")
///     .header(KnownHeader::ContentType, "text/plain;charset=UTF-8")
///     .body("你好")
///     .build()?;
/// assert_eq!(req.content_length().unwrap().unwrap(), 6);
/// assert!(req.validate().is_clean());
///
/// let resp = MessageBuilder::response_to(&req, 200, "OK", Some("b2")).build()?;
/// assert_eq!(resp.to_header().unwrap()?.tag(), Some("b2"));
/// assert_eq!(resp.cseq().unwrap()?.method(), "MESSAGE");
///
/// let refused = MessageBuilder::request("MESSAGE", "sip:bob@example.com")
///     .header(KnownHeader::CSeq, "one MESSAGE")
///     .build()
///     .unwrap_err();
/// assert_eq!(refused.piece(), "CSeq");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct MessageBuilder {
    /// The head written so far (all pieces are `&str`, so it stays text).
    buf: String,
    start: StartSpans,
    headers: Vec<HeaderEntry>,
    body: Vec<u8>,
    /// The first piece refused.
    error: Option<BuildError>,
}

fn bad(kind: ErrorKind) -> DecodeError {
    DecodeError::new(kind, 0)
}

impl MessageBuilder {
    /// A request line. The method must be a token, the URI a valid Request-URI.
    pub fn request(method: &str, uri: &str) -> Self {
        Self::start_or_refuse("request line", Self::try_request(method, uri))
    }

    fn try_request(method: &str, uri: &str) -> Result<Self, DecodeError> {
        if method.is_empty() || !method.bytes().all(|b| TOKEN.has(b)) {
            return Err(bad(ErrorKind::InvalidMethod));
        }
        check_uri(uri, UriContext::RequestUri)
            .map_err(|e| DecodeError::new(ErrorKind::InvalidRequestUri, e.offset()))?;
        let mut buf = String::with_capacity(512);
        buf.push_str(method);
        buf.push(' ');
        let u0 = buf.len();
        buf.push_str(uri);
        let u1 = buf.len();
        buf.push_str(" SIP/2.0");
        let start = StartSpans::Request {
            method: Span::at(0, method.len()),
            uri: Span::at(u0, u1),
            version: Span::at(u1 + 1, buf.len()),
        };
        Ok(Self::with_start_line(buf, start))
    }

    /// Finish the start line written into `buf`.
    fn with_start_line(mut buf: String, start: StartSpans) -> Self {
        buf.push_str("\r\n");
        Self {
            buf,
            start,
            headers: Vec::with_capacity(16),
            body: Vec::new(),
            error: None,
        }
    }

    /// The builder, or an empty one that carries the refusal of its start line.
    fn start_or_refuse(piece: &'static str, started: Result<Self, DecodeError>) -> Self {
        started.unwrap_or_else(|e| {
            // A placeholder start line: build() returns the refusal, never this.
            let placeholder = StartSpans::Response {
                version: Span::at(0, 0),
                code: 0,
                reason: Span::at(0, 0),
            };
            let mut b = Self::with_start_line(String::new(), placeholder);
            b.error = Some(BuildError::new(piece, e));
            b
        })
    }

    rcs_base::builder_steps!(DecodeError);

    /// A status line. The code must be in 100..=699; the reason may hold no control characters.
    pub fn response(code: u16, reason: &str) -> Self {
        Self::start_or_refuse("status line", Self::try_response(code, reason))
    }

    fn try_response(code: u16, reason: &str) -> Result<Self, DecodeError> {
        if !(100..700).contains(&code) {
            return Err(bad(ErrorKind::InvalidStatusCode));
        }
        if reason
            .bytes()
            .any(|b| (b < 0x20 && b != b'\t') || b == 0x7f)
        {
            return Err(bad(ErrorKind::InvalidReasonPhrase));
        }
        let mut buf = String::with_capacity(512);
        buf.push_str("SIP/2.0 ");
        buf.push_str(&code.to_string());
        buf.push(' ');
        let r0 = buf.len();
        buf.push_str(reason);
        let start = StartSpans::Response {
            version: Span::at(0, 7),
            code,
            reason: Span::at(r0, buf.len()),
        };
        Ok(Self::with_start_line(buf, start))
    }

    /// A response to `req` (RFC 3261 §8.2.6): Via (all, in order), From, To, Call-ID and CSeq
    /// copied; Record-Route copied for responses 101..=299 to dialog-creating requests (§12.1.1);
    /// `to_tag` added to To when To has none and the code is not 100.
    pub fn response_to(req: &Message<'_>, code: u16, reason: &str, to_tag: Option<&str>) -> Self {
        let mut b = Self::response(code, reason);
        let dialog = matches!(
            req.method(),
            Some("INVITE" | "SUBSCRIBE" | "REFER" | "NOTIFY")
        );
        for h in req.headers() {
            let Some(k) = h.known() else { continue };
            match k {
                KnownHeader::Via | KnownHeader::From | KnownHeader::CallId | KnownHeader::CSeq => {
                    b = b.header(k, &h.unfolded_value());
                }
                KnownHeader::RecordRoute if dialog && (101..300).contains(&code) => {
                    b = b.header(k, &h.unfolded_value());
                }
                KnownHeader::To => {
                    let v = h.unfolded_value();
                    let has_tag = req
                        .to_header()
                        .and_then(Result::ok)
                        .is_some_and(|t| t.tag().is_some());
                    match to_tag {
                        Some(tag) if !has_tag && code != 100 => {
                            // Checked on its own: `a;b` would parse as a tag and a parameter.
                            b = b.checked(
                                || "To".into(),
                                |_| match crate::decode::lex::is_token(tag.as_bytes()) {
                                    true => Ok(()),
                                    false => Err(bad(ErrorKind::InvalidParameter).in_header("To")),
                                },
                            );
                            b = b.header(k, &format!("{v};tag={tag}"));
                        }
                        _ => b = b.header(k, &v),
                    }
                }
                _ => {}
            }
        }
        b
    }

    /// Add a known header. Its value is checked with the typed parser when the header has one,
    /// and must be one line of text either way (no CR or LF: no header injection).
    pub fn header(self, kind: KnownHeader, value: &str) -> Self {
        self.checked(
            || kind.as_str().into(),
            |b| {
                if kind == KnownHeader::ContentLength {
                    // Computed by build(); a second, different one would break framing.
                    return Err(bad(ErrorKind::InvalidContentLength).in_header("Content-Length"));
                }
                check_value(value).map_err(|e| e.in_header(kind.as_str()))?;
                if crate::typed::is_typed(kind) {
                    for v in LineValues::<HeaderValue<'_>>::new(kind, value) {
                        v?;
                    }
                }
                b.push(kind.as_str(), Some(kind), value);
                Ok(())
            },
        )
    }

    /// Add a header by name (extension headers). The name must be a token; a known name (full or
    /// compact) is treated as [`MessageBuilder::header`] and written in full.
    pub fn raw_header(self, name: &str, value: &str) -> Self {
        if let Some(k) = KnownHeader::from_name(name.as_bytes()) {
            return self.header(k, value);
        }
        self.checked(
            || name.to_owned().into(),
            |b| {
                if name.is_empty() || !name.bytes().all(|c| TOKEN.has(c)) {
                    return Err(bad(ErrorKind::InvalidHeaderName));
                }
                check_value(value)?;
                b.push(name, None, value);
                Ok(())
            },
        )
    }

    /// `Via: SIP/2.0/<transport> <host>[:port];branch=<branch>`, with `;rport` when asked
    /// (RFC 3581). The branch should start with the RFC 3261 magic cookie `z9hG4bK`.
    pub fn via(
        self,
        transport: &str,
        host: &str,
        port: Option<u16>,
        branch: &str,
        rport: bool,
    ) -> Self {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let rport = if rport { ";rport" } else { "" };
        self.header(
            KnownHeader::Via,
            &format!("SIP/2.0/{transport} {host}{port};branch={branch}{rport}"),
        )
    }

    /// `From: ["display name"] <uri>;tag=<tag>`; the display name is quoted and escaped here.
    pub fn from(self, display_name: Option<&str>, uri: &str, tag: &str) -> Self {
        let v = name_addr(display_name, uri) + ";tag=" + tag;
        self.header(KnownHeader::From, &v)
    }

    /// `To: ["display name"] <uri>[;tag=<tag>]`.
    pub fn to(self, display_name: Option<&str>, uri: &str, tag: Option<&str>) -> Self {
        let mut v = name_addr(display_name, uri);
        if let Some(tag) = tag {
            v = v + ";tag=" + tag;
        }
        self.header(KnownHeader::To, &v)
    }

    /// `Call-ID`.
    pub fn call_id(self, id: &str) -> Self {
        self.header(KnownHeader::CallId, id)
    }

    /// `CSeq: <seq> <method>` (the sequence number must be below 2³¹).
    pub fn cseq(self, seq: u32, method: &str) -> Self {
        self.header(KnownHeader::CSeq, &format!("{seq} {method}"))
    }

    /// `Max-Forwards`.
    pub fn max_forwards(self, hops: u8) -> Self {
        self.header(KnownHeader::MaxForwards, &hops.to_string())
    }

    /// `Contact: <uri>` followed by parameters as given (`;expires=600;+sip.instance="<...>"`).
    pub fn contact(self, uri: &str, params: &str) -> Self {
        self.header(KnownHeader::Contact, &format!("<{uri}>{params}"))
    }

    /// `Content-Type: <type>/<subtype>` (parameters may follow in `subtype`: `plain;charset=UTF-8`).
    pub fn content_type(self, ty: &str, subtype: &str) -> Self {
        self.header(KnownHeader::ContentType, &format!("{ty}/{subtype}"))
    }

    /// Set the body (Content-Length follows it).
    pub fn body(mut self, body: impl AsRef<[u8]>) -> Self {
        self.body = body.as_ref().to_vec();
        self
    }

    fn push(&mut self, name: &str, known: Option<KnownHeader>, value: &str) {
        let n0 = self.buf.len();
        self.buf.push_str(name);
        let n1 = self.buf.len();
        self.buf.push_str(": ");
        let v0 = self.buf.len();
        self.buf.push_str(value);
        let v1 = self.buf.len();
        self.buf.push_str("\r\n");
        self.headers.push(HeaderEntry {
            name: Span::at(n0, n1),
            value: Span::at(v0, v1),
            known,
        });
    }

    /// The finished message (Content-Length appended, body after the empty line), or the
    /// first piece that was refused.
    pub fn build(self) -> Result<Message<'static>, BuildError> {
        let mut b = self;
        if let Some(e) = b.error.take() {
            return Err(e);
        }
        let len = b.body.len().to_string();
        b.push("Content-Length", Some(KnownHeader::ContentLength), &len);
        b.buf.push_str("\r\n");
        let body_start = b.buf.len();
        let head_text = ByteString::from(b.buf.clone());
        let mut bytes = b.buf.into_bytes();
        bytes.extend_from_slice(&b.body);
        let head = Head {
            start: b.start,
            headers: b.headers,
            body_start,
            content_length: ContentLength::Value(b.body.len() as u32),
            bare_lf_at: None,
            unterminated: false,
        };
        Ok(Message::from_built(Bytes::from(bytes), head_text, head))
    }
}

/// `"display name" <uri>` with the name quoted and escaped, or `<uri>`.
fn name_addr(display_name: Option<&str>, uri: &str) -> String {
    match display_name {
        Some(d) => {
            let mut q = String::with_capacity(d.len() + uri.len() + 5);
            q.push('"');
            for c in d.chars() {
                if c == '"' || c == '\\' {
                    q.push('\\');
                }
                q.push(c);
            }
            q.push_str("\" <");
            q.push_str(uri);
            q.push('>');
            q
        }
        None => format!("<{uri}>"),
    }
}

/// One line of UTF-8 text: no CR, LF or other control characters except HTAB, no surrounding
/// white space (which the parser would trim).
fn check_value(v: &str) -> Result<(), DecodeError> {
    if let Some(i) = v
        .bytes()
        .position(|b| (b < 0x20 && b != b'\t') || b == 0x7f)
    {
        return Err(DecodeError::new(ErrorKind::InvalidHeaderValue, i));
    }
    if v.starts_with([' ', '\t']) || v.ends_with([' ', '\t']) {
        return Err(DecodeError::new(ErrorKind::InvalidHeaderValue, 0));
    }
    Ok(())
}
