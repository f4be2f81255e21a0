//! The CT/CU interface over HTTP, sans-IO: requests built as `http::Request<Bytes>` (method,
//! path, headers, body; no client, no clock: the caller passes the `date`), notifications read
//! from the `http::Request` the platform sent, and the callback signature.

use core::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use http::{HeaderValue, Method, Request, Response, StatusCode};
use sha2::{Digest, Sha256};

use crate::ctcu::{
    AccessTokenRequest, AuditResult, ChatbotOptionals, DeliveryNotification, MessageRequest,
    RevokeRequest, SpamReport,
};
use crate::document::Parsed;
use crate::error::{DecodeError, Warning, WarningKind};
use crate::json::JsonValue;
use crate::limits::ParseOptions;
use crate::menu::PersistentMenu;

/// Where a chatbot reaches its platform: `https://{serverRoot}/bot/{apiVersion}/{chatbotId}/…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtcuApi {
    base: String,
    host: String,
}

/// Whether an uploaded file is kept (audited) or temporary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UploadMode {
    /// `perm`: kept until deleted, audited before use.
    Permanent,
    /// `temp`: kept N days.
    Temporary,
}

impl UploadMode {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Permanent => "perm",
            Self::Temporary => "temp",
        }
    }
}

/// Why a request could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// A value that cannot go in a header (a control character in a token, ...).
    Header(&'static str),
    /// The URI built from the server root is not a URI.
    Uri(http::Error),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Header(h) => write!(f, "invalid value for header {h}"),
            Self::Uri(e) => write!(f, "invalid request: {e}"),
        }
    }
}

impl std::error::Error for RequestError {}

/// Percent-encodes everything but RFC 3986 unreserved characters (a chatbot id is a SIP URI:
/// `sip:106500@botplatform.rcs.domain.cn` → `sip%3A106500%40botplatform.rcs.domain.cn`).
pub(crate) fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

/// A `multipart/form-data` body (RFC 7578) with the caller's boundary.
pub(crate) struct FormData {
    body: BytesMut,
    boundary: String,
}

impl FormData {
    pub(crate) fn new(boundary: &str) -> Self {
        Self {
            body: BytesMut::new(),
            boundary: boundary.to_owned(),
        }
    }
    fn part(&mut self, disposition: &str, content_type: Option<&str>, data: &[u8]) {
        self.body.put_slice(
            format!(
                "--{}\r\nContent-Disposition: form-data; {disposition}\r\n",
                self.boundary
            )
            .as_bytes(),
        );
        if let Some(ct) = content_type {
            self.body
                .put_slice(format!("Content-Type: {ct}\r\n").as_bytes());
        }
        self.body.put_slice(b"\r\n");
        self.body.put_slice(data);
        self.body.put_slice(b"\r\n");
    }
    /// Quotes are not allowed in a quoted name: they and line breaks become `_`.
    fn quoted(s: &str) -> String {
        s.replace(['"', '\r', '\n'], "_")
    }
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.part(
            &format!("name=\"{}\"", Self::quoted(name)),
            None,
            value.as_bytes(),
        );
    }
    pub(crate) fn file(&mut self, name: &str, file_name: &str, content_type: &str, data: &[u8]) {
        self.part(
            &format!(
                "name=\"{}\"; filename=\"{}\"",
                Self::quoted(name),
                Self::quoted(file_name)
            ),
            Some(content_type),
            data,
        );
    }
    pub(crate) fn finish(mut self) -> Bytes {
        self.body
            .put_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        self.body.freeze()
    }
}

/// A request with `headers` (lower-case names, values checked: a control character is an
/// error naming the header, never sent) and, when given, a body with its Content-Type and
/// Content-Length.
pub(crate) fn build_request(
    method: Method,
    url: String,
    headers: &[(&'static str, &str)],
    content: Option<(&str, Bytes)>,
) -> Result<Request<Bytes>, RequestError> {
    let mut b = Request::builder().method(method).uri(url);
    for &(name, value) in headers {
        b = b.header(http::HeaderName::from_static(name), header(value, name)?);
    }
    let body = match content {
        Some((ct, body)) => {
            b = b
                .header(http::header::CONTENT_TYPE, header(ct, "content-type")?)
                .header(http::header::CONTENT_LENGTH, body.len());
            body
        }
        None => Bytes::new(),
    };
    b.body(body).map_err(RequestError::Uri)
}

fn header(v: &str, name: &'static str) -> Result<HeaderValue, RequestError> {
    HeaderValue::from_str(v).map_err(|_| RequestError::Header(name))
}

impl CtcuApi {
    /// `server_root` is the spec's `serverRoot` (`example.com/exampleAPI`; `https://` is added
    /// when no scheme is given), `api_version` e.g. `v1`, `chatbot_id` the chatbot's URI.
    pub fn new(server_root: &str, api_version: &str, chatbot_id: &str) -> Self {
        let root = server_root.trim_end_matches('/');
        let root = if root.contains("://") {
            root.to_owned()
        } else {
            format!("https://{root}")
        };
        let host = root
            .split_once("://")
            .map_or(root.as_str(), |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        Self {
            base: format!("{root}/bot/{}/{}", pct(api_version), pct(chatbot_id)),
            host,
        }
    }

    /// The URL of an interface: `{base}/{tail}`.
    pub fn url(&self, tail: &str) -> String {
        format!("{}/{tail}", self.base)
    }

    fn request(
        &self,
        method: Method,
        tail: &str,
        token: Option<&str>,
        date: &str,
        content_type: Option<&str>,
        body: Bytes,
    ) -> Result<Request<Bytes>, RequestError> {
        let auth = token.map(|t| format!("accessToken {t}"));
        let mut headers = vec![
            ("accept", "application/json"),
            ("host", self.host.as_str()),
            ("date", date),
        ];
        if let Some(a) = &auth {
            headers.push(("authorization", a));
        }
        build_request(
            method,
            self.url(tail),
            &headers,
            content_type.map(|ct| (ct, body)),
        )
    }

    fn json(
        &self,
        method: Method,
        tail: &str,
        token: Option<&str>,
        date: &str,
        body: Vec<u8>,
    ) -> Result<Request<Bytes>, RequestError> {
        self.request(
            method,
            tail,
            token,
            date,
            Some("application/json"),
            Bytes::from(body),
        )
    }

    /// `POST …/accessToken` (§6.1): no authorization header.
    pub fn access_token(
        &self,
        body: &AccessTokenRequest<'_>,
        date: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        self.json(
            Method::POST,
            "accessToken",
            None,
            date,
            body.to_bytes().into(),
        )
    }

    /// `POST …/messages` (§9): send a message.
    pub fn send_message(
        &self,
        token: &str,
        body: &MessageRequest<'_>,
        date: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        self.json(
            Method::POST,
            "messages",
            Some(token),
            date,
            body.to_bytes().into(),
        )
    }

    /// `POST …/revoke` (§10): withdraw a message.
    pub fn revoke(
        &self,
        token: &str,
        body: &RevokeRequest<'_>,
        date: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        self.json(
            Method::POST,
            "revoke",
            Some(token),
            date,
            body.to_bytes().into(),
        )
    }

    /// `POST …/update/chatBotInfo/menu` (§7.1.2): set the persistent menu.
    pub fn update_menu(
        &self,
        token: &str,
        body: &PersistentMenu<'_>,
        date: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        self.json(
            Method::POST,
            "update/chatBotInfo/menu",
            Some(token),
            date,
            body.to_bytes().into(),
        )
    }

    /// `POST …/update/chatBotInfo/optionals` (§7.1.1).
    pub fn update_optionals(
        &self,
        token: &str,
        body: &ChatbotOptionals<'_>,
        date: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        self.json(
            Method::POST,
            "update/chatBotInfo/optionals",
            Some(token),
            date,
            body.to_bytes().into(),
        )
    }

    /// `GET …/find/chatBotInfo` (§7.2).
    pub fn chatbot_info(&self, token: &str, date: &str) -> Result<Request<Bytes>, RequestError> {
        self.request(
            Method::GET,
            "find/chatBotInfo",
            Some(token),
            date,
            None,
            Bytes::new(),
        )
    }

    /// `POST …/medias/upload` (§8.1): one file as `multipart/form-data` with `boundary` (the
    /// caller picks it: no randomness in here; it must not occur in `data`).
    #[allow(clippy::too_many_arguments)] // the interface's own parameters
    pub fn media_upload(
        &self,
        token: &str,
        mode: UploadMode,
        file_name: &str,
        content_type: &str,
        data: &[u8],
        boundary: &str,
        date: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        let mut form = FormData::new(boundary);
        form.file("file", file_name, content_type, data);
        let body = form.finish();
        let mut r = self.request(
            Method::POST,
            "medias/upload",
            Some(token),
            date,
            Some(&format!("multipart/form-data; boundary={boundary}")),
            body,
        )?;
        r.headers_mut()
            .insert("uploadMode", HeaderValue::from_static(mode.as_str()));
        Ok(r)
    }

    /// `GET …/medias/download` (§8.2): the file's URL in a `url` header, an optional `range`.
    pub fn media_download(
        &self,
        token: &str,
        url: &str,
        range: Option<&str>,
        date: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        let mut r = self.request(
            Method::GET,
            "medias/download",
            Some(token),
            date,
            None,
            Bytes::new(),
        )?;
        r.headers_mut().insert("url", header(url, "url")?);
        if let Some(range) = range {
            r.headers_mut()
                .insert(http::header::RANGE, header(range, "range")?);
        }
        Ok(r)
    }

    /// `DELETE …/medias/delete` (§8.3): the file's URL in a `url` header.
    pub fn media_delete(
        &self,
        token: &str,
        url: &str,
        date: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        let mut r = self.request(
            Method::DELETE,
            "medias/delete",
            Some(token),
            date,
            None,
            Bytes::new(),
        )?;
        r.headers_mut().insert("url", header(url, "url")?);
        Ok(r)
    }
}

/// An HTTP `Date` (IMF-fixdate, RFC 9110) for `unix_seconds`: `Tue, 15 Nov 2019 08:12:31 GMT`.
pub fn http_date(unix_seconds: u64) -> String {
    let days = unix_seconds / 86_400;
    let secs = unix_seconds % 86_400;
    // Civil from days (Howard Hinnant's algorithm), for the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let wd = DAYS[usize::try_from(days % 7).unwrap_or(0)];
    let mon = MONTHS[usize::try_from(m - 1).unwrap_or(0)];
    format!(
        "{wd}, {d:02} {mon} {y} {:02}:{:02}:{:02} GMT",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The callback signature (§6.2): sha256 over `token`, `timestamp` and `nonce` sorted
/// lexicographically and concatenated, as lower-case hex.
pub fn signature(token: &str, timestamp: &str, nonce: &str) -> String {
    let mut parts = [token, timestamp, nonce];
    parts.sort_unstable();
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

/// Whether a request from the platform carries a valid `signature` for `token` (its
/// `timestamp` and `nonce` headers). Hex case is ignored; the comparison takes the same time
/// wherever the strings differ.
pub fn verify_signature<B>(request: &Request<B>, token: &str) -> bool {
    let h = |n: &str| request.headers().get(n).and_then(|v| v.to_str().ok());
    let (Some(sig), Some(ts), Some(nonce)) = (h("signature"), h("timestamp"), h("nonce")) else {
        return false;
    };
    let expected = signature(token, ts, nonce);
    let got = sig.as_bytes();
    if got.len() != expected.len() {
        return false;
    }
    expected
        .bytes()
        .zip(got)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b.to_ascii_lowercase()))
        == 0
}

/// The answer to the platform's callback check (a `GET` carrying `echoStr`): `200` with the
/// `echoStr` and `appId` headers, once [`verify_signature`] has accepted the request.
pub fn echo_response(echo_str: &str, app_id: &str) -> Result<Response<Bytes>, RequestError> {
    Response::builder()
        .status(StatusCode::OK)
        .header("echoStr", header(echo_str, "echoStr")?)
        .header("appId", header(app_id, "appId")?)
        .body(Bytes::new())
        .map_err(RequestError::Uri)
}

/// What the platform posts to the chatbot's notify URL.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Notification<'a> {
    /// `…/messageNotification/{chatbotId}/messages`: a user's message (§11).
    Message(Box<MessageRequest<'a>>),
    /// `…/deliveryNotification/{chatbotId}/status`: delivery reports (§12).
    Delivery(DeliveryNotification<'a>),
    /// `…/notifyInfoNotification/{chatbotId}/notice/rcsspam`: a spam report (§13.2).
    Spam(SpamReport<'a>),
    /// `…/notifyInfoNotification/{chatbotId}/check`: an audit result (§13.3).
    Audit(AuditResult<'a>),
    /// `…/notifyInfoNotification/{chatbotId}/notice/informationChange` (§13.1; the spec gives
    /// no body, so it is kept as JSON, or `Null` when empty).
    InformationChange(JsonValue<'a>),
}

/// Why a notification could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotificationError {
    /// Not a POST.
    Method,
    /// A path none of the notifications use.
    UnknownPath,
    /// The body is not the notification's JSON.
    Body(DecodeError),
}

impl fmt::Display for NotificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Method => f.write_str("a notification is a POST"),
            Self::UnknownPath => f.write_str("not a notification path of CT/CU V1.0.4"),
            Self::Body(e) => write!(f, "notification body: {e}"),
        }
    }
}

impl std::error::Error for NotificationError {}

#[derive(Clone, Copy)]
enum Route {
    Message,
    Delivery,
    Spam,
    Audit,
    InformationChange,
}

/// Finds the route by the path's last segments; a segment matched only ignoring case
/// (`MessageNotification`, as some platforms' documents spell it) needs lenient options.
fn route(path: &str, lenient: bool) -> Option<(Route, bool)> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let n = segs.len();
    let at = |i: usize, want: &str| -> Option<bool> {
        let s = *segs.get(n.checked_sub(i)?)?;
        if s == want {
            Some(false)
        } else if lenient && s.eq_ignore_ascii_case(want) {
            Some(true)
        } else {
            None
        }
    };
    let two = |a: Option<bool>, b: Option<bool>| Some(a? | b?);
    if let Some(m) = two(at(3, "messageNotification"), at(1, "messages")) {
        return Some((Route::Message, m));
    }
    if let Some(m) = two(at(3, "deliveryNotification"), at(1, "status")) {
        return Some((Route::Delivery, m));
    }
    if let Some(m) = two(
        at(4, "notifyInfoNotification"),
        two(at(2, "notice"), at(1, "rcsspam")),
    ) {
        return Some((Route::Spam, m));
    }
    if let Some(m) = two(
        at(4, "notifyInfoNotification"),
        two(at(2, "notice"), at(1, "informationChange")),
    ) {
        return Some((Route::InformationChange, m));
    }
    if let Some(m) = two(at(3, "notifyInfoNotification"), at(1, "check")) {
        return Some((Route::Audit, m));
    }
    None
}

impl<'a> Notification<'a> {
    /// Reads the notification the platform posted: the path says which, the body is parsed
    /// with `options`. Check the signature first ([`verify_signature`]).
    pub fn from_request<B: AsRef<[u8]>>(
        request: &'a Request<B>,
        options: &ParseOptions,
    ) -> Result<Parsed<Self>, NotificationError> {
        if request.method() != Method::POST {
            return Err(NotificationError::Method);
        }
        let lenient = options.allow_misspellings;
        let (route, misspelled) =
            route(request.uri().path(), lenient).ok_or(NotificationError::UnknownPath)?;
        let body = request.body().as_ref();
        fn wrap<T, N>(
            r: Result<Parsed<T>, DecodeError>,
            f: impl FnOnce(T) -> N,
        ) -> Result<Parsed<N>, NotificationError> {
            r.map(|p| Parsed {
                value: f(p.value),
                warnings: p.warnings,
            })
            .map_err(NotificationError::Body)
        }
        let mut parsed = match route {
            Route::Message => wrap(MessageRequest::parse_with(body, options), |m| {
                Self::Message(Box::new(m))
            })?,
            Route::Delivery => wrap(
                DeliveryNotification::parse_with(body, options),
                Self::Delivery,
            )?,
            Route::Spam => wrap(SpamReport::parse_with(body, options), Self::Spam)?,
            Route::Audit => wrap(AuditResult::parse_with(body, options), Self::Audit)?,
            Route::InformationChange => {
                if body.trim_ascii().is_empty() {
                    Parsed {
                        value: Self::InformationChange(JsonValue::Null),
                        warnings: Vec::new(),
                    }
                } else {
                    let (v, w) = crate::json::parse_document::<JsonValue<'a>>(body, options)
                        .map_err(NotificationError::Body)?;
                    Parsed {
                        value: Self::InformationChange(v),
                        warnings: w,
                    }
                }
            }
        };
        if misspelled {
            parsed.warnings.insert(
                0,
                Warning {
                    kind: WarningKind::PathCase,
                    pointer: String::new(),
                },
            );
        }
        Ok(parsed)
    }
}
