//! The parsed frame (spans into its bytes) and the typed header values.

use crate::decode::{self, Head};
use crate::error::{DecodeError, ErrorKind};
use crate::limits::ParseOptions;
use bytes::Bytes;

/// Accessors shared by [`Frame`] and [`FrameHead`]: both keep a `head` and a `text(span)`.
macro_rules! head_accessors {
    () => {
        /// The transaction id.
        pub fn transaction_id(&self) -> &str {
            self.text(self.head.tid)
        }

        /// The method of a request (`SEND`, `REPORT`, `AUTH`, `NICKNAME`, ...).
        pub fn method(&self) -> Option<&str> {
            self.head.method.map(|m| self.text(m))
        }

        /// Whether this is a request.
        pub fn is_request(&self) -> bool {
            self.head.method.is_some()
        }

        /// The status code of a response.
        pub fn status(&self) -> Option<u16> {
            self.head.status
        }

        /// The comment of a response, if any.
        pub fn comment(&self) -> Option<&str> {
            self.head.comment.map(|c| self.text(c))
        }

        /// The headers in order: `(name, value)` as sent.
        pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
            self.head
                .headers
                .iter()
                .map(|(n, v)| (self.text(*n), self.text(*v)))
        }

        /// The first header with this name (ASCII case-insensitive).
        pub fn header(&self, name: &str) -> Option<&str> {
            self.headers()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        }

        /// Every header with this name.
        pub fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
            self.headers()
                .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        }

        /// To-Path: the URIs as sent, in order ([`Frame::to_path_uris`] types them).
        pub fn to_path(&self) -> impl Iterator<Item = &str> + '_ {
            self.header("To-Path")
                .unwrap_or("")
                .split(' ')
                .filter(|s| !s.is_empty())
        }

        /// From-Path: the URIs, in order.
        pub fn from_path(&self) -> impl Iterator<Item = &str> + '_ {
            self.header("From-Path")
                .unwrap_or("")
                .split(' ')
                .filter(|s| !s.is_empty())
        }

        /// To-Path, typed (RFC 4975 §6): each URI or the error in it.
        pub fn to_path_uris(
            &self,
        ) -> impl Iterator<Item = Result<crate::MsrpUri<'_>, DecodeError>> + '_ {
            self.to_path()
                .map(|u| crate::MsrpUri::parse(u).map_err(|e| e.in_header("To-Path")))
        }

        /// From-Path, typed.
        pub fn from_path_uris(
            &self,
        ) -> impl Iterator<Item = Result<crate::MsrpUri<'_>, DecodeError>> + '_ {
            self.from_path()
                .map(|u| crate::MsrpUri::parse(u).map_err(|e| e.in_header("From-Path")))
        }

        /// Message-ID.
        pub fn message_id(&self) -> Option<&str> {
            self.header("Message-ID")
        }

        /// Byte-Range, typed (the first one when repeated).
        pub fn byte_range(&self) -> Option<Result<ByteRange, DecodeError>> {
            self.header("Byte-Range").map(|v| {
                ByteRange::parse(v).ok_or(
                    DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Byte-Range"),
                )
            })
        }

        /// Status (REPORT), typed.
        pub fn status_header(&self) -> Option<Result<Status<'_>, DecodeError>> {
            self.header("Status").map(|v| {
                Status::parse(v)
                    .ok_or(DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Status"))
            })
        }

        /// Success-Report (`yes`/`no`; absent means `no`).
        pub fn success_report(&self) -> Option<Result<bool, DecodeError>> {
            self.header("Success-Report").map(|v| match v {
                "yes" => Ok(true),
                "no" => Ok(false),
                _ => {
                    Err(DecodeError::new(ErrorKind::InvalidHeaderValue, 0)
                        .in_header("Success-Report"))
                }
            })
        }

        /// Failure-Report (`yes`, `no`, `partial`; absent means `yes`).
        pub fn failure_report(&self) -> Option<Result<FailureReport, DecodeError>> {
            self.header("Failure-Report").map(str::parse)
        }

        /// Content-Type as sent.
        pub fn content_type(&self) -> Option<&str> {
            self.header("Content-Type")
        }

        /// Use-Path (RFC 4976, AUTH 200): the relay URIs, in order, as sent.
        pub fn use_path(&self) -> impl Iterator<Item = &str> + '_ {
            self.header("Use-Path")
                .unwrap_or("")
                .split(' ')
                .filter(|s| !s.is_empty())
        }

        /// Expires (RFC 4976): seconds.
        pub fn expires(&self) -> Option<Result<u32, DecodeError>> {
            self.seconds("Expires")
        }

        /// Min-Expires (RFC 4976, with 423): seconds.
        pub fn min_expires(&self) -> Option<Result<u32, DecodeError>> {
            self.seconds("Min-Expires")
        }

        /// Max-Expires (RFC 4976, with 423): seconds.
        pub fn max_expires(&self) -> Option<Result<u32, DecodeError>> {
            self.seconds("Max-Expires")
        }

        fn seconds(&self, name: &'static str) -> Option<Result<u32, DecodeError>> {
            self.header(name).map(|v| {
                // RFC 4976 §10: 1*DIGIT; values past u32 are refused rather than clamped.
                v.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| v.parse::<u32>().ok())
                    .flatten()
                    .ok_or(DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header(name))
            })
        }

        /// Leniency used.
        pub fn warnings(&self) -> &[Warning] {
            &self.head.warnings
        }

        /// The transaction response to this request (RFC 4975 §7.2), ready for more headers
        /// (Use-Path and Expires on an AUTH 200, WWW-Authenticate on a 401), or `None` when
        /// none may be sent: never to a REPORT, none for `Failure-Report: no`, no 2xx for
        /// `Failure-Report: partial`. Addressed hop by hop: To-Path the previous hop, From-Path
        /// the responder.
        pub fn response(
            &self,
            status: u16,
            comment: Option<&str>,
        ) -> Result<Option<crate::FrameBuilder>, DecodeError> {
            crate::report::response(self, status, comment)
        }

        /// The success REPORT for the octets in `range` of this SEND (RFC 4975 §7.1.2), or
        /// `None` unless it carries `Success-Report: yes`. Sent back along the whole From-Path
        /// under the new transaction id `tid`.
        pub fn report_success(
            &self,
            tid: &str,
            range: ByteRange,
        ) -> Result<Option<crate::FrameBuilder>, DecodeError> {
            crate::report::success_report(self, tid, range)
        }

        /// A failure REPORT (`code` not 2xx) for this SEND, or `None` for
        /// `Failure-Report: no` (`partial` and `yes` both want failures reported).
        pub fn report_failure(
            &self,
            tid: &str,
            code: u16,
            reason: Option<&str>,
            range: ByteRange,
        ) -> Result<Option<crate::FrameBuilder>, DecodeError> {
            crate::report::failure_report_request(self, tid, code, reason, range)
        }
    };
}

/// The report rules read a frame or a head the same way.
macro_rules! received {
    ($t:ty) => {
        impl crate::report::Received for $t {
            fn tid(&self) -> &str {
                self.transaction_id()
            }
            fn method_name(&self) -> Option<&str> {
                self.method()
            }
            fn field(&self, name: &str) -> Option<&str> {
                self.header(name)
            }
        }
    };
}

received!(Frame<'_>);
received!(FrameHead);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Span {
    pub(crate) fn range(self) -> core::ops::Range<usize> {
        self.start..self.end
    }
}

#[derive(Debug, Clone)]
enum Buf<'a> {
    Borrowed(&'a [u8]),
    Shared(Bytes),
}

/// Something accepted only because a leniency allowed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Warning {
    /// To-Path / From-Path were missing or out of order (`ParseOptions::lenient_paths`).
    PathHeaders,
    /// A line ended in a bare LF (`ParseOptions::allow_bare_lf`).
    BareLf,
}

/// The continuation flag of the end-line (RFC 4975 §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Flag {
    /// `$`: the last chunk of the message.
    #[default]
    Complete,
    /// `+`: more chunks follow.
    Continued,
    /// `#`: the message is aborted.
    Aborted,
}

impl Flag {
    pub(crate) fn from_byte(b: u8) -> Option<Self> {
        match b {
            b'$' => Some(Self::Complete),
            b'+' => Some(Self::Continued),
            b'#' => Some(Self::Aborted),
            _ => None,
        }
    }
    /// The flag character.
    pub fn as_char(self) -> char {
        match self {
            Self::Complete => '$',
            Self::Continued => '+',
            Self::Aborted => '#',
        }
    }
}

/// A parsed MSRP frame (request or response): a view over its bytes.
///
/// ```
/// use rcs_msrp::{Flag, Frame};
/// let raw = b"MSRP a786hjs2 SEND\r\n\
/// To-Path: msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp\r\n\
/// From-Path: msrp://atlanta.example.com:7654/jshA7weztas;tcp\r\n\
/// Message-ID: 87652491\r\n\
/// Byte-Range: 1-23/23\r\n\
/// Content-Type: text/plain\r\n\r\n\
/// Hey Bob, are you there?\r\n\
/// -------a786hjs2$\r\n";
/// let f = Frame::parse(raw).unwrap();
/// assert_eq!((f.transaction_id(), f.method()), ("a786hjs2", Some("SEND")));
/// assert_eq!(f.body(), Some(&b"Hey Bob, are you there?"[..]));
/// assert_eq!(f.byte_range().unwrap().unwrap().total, Some(23));
/// assert_eq!(f.flag(), Flag::Complete);
/// assert_eq!(f.as_bytes(), &raw[..]);
/// ```
#[derive(Debug, Clone)]
pub struct Frame<'a> {
    buf: Buf<'a>,
    head: Head,
}

impl<'a> Frame<'a> {
    /// Every header as (name, offset of its line, offset of its value, value).
    pub(crate) fn header_spans(&self) -> Vec<(&str, usize, usize, &str)> {
        self.head
            .headers
            .iter()
            .map(|(n, v)| (self.text(*n), n.start, v.start, self.text(*v)))
            .collect()
    }

    /// Parse exactly one complete frame (strict options). Bytes after it are
    /// [`ErrorKind::TrailingBytes`]; fewer are [`ErrorKind::Incomplete`].
    pub fn parse(input: &'a [u8]) -> Result<Self, DecodeError> {
        Self::parse_with(input, &ParseOptions::new())
    }

    /// [`Frame::parse`] with options.
    pub fn parse_with(input: &'a [u8], opts: &ParseOptions) -> Result<Self, DecodeError> {
        let head = decode::parse_frame(input, opts)?;
        if head.len < input.len() {
            return Err(DecodeError::new(ErrorKind::TrailingBytes, head.len));
        }
        Ok(Self {
            buf: Buf::Borrowed(input),
            head,
        })
    }

    pub(crate) fn from_parts(bytes: Bytes, head: Head) -> Frame<'static> {
        Frame {
            buf: Buf::Shared(bytes),
            head,
        }
    }

    pub(crate) fn into_head(self) -> Head {
        self.head
    }

    /// An owned frame (bytes copied once, nothing re-parsed).
    pub fn into_owned(self) -> Frame<'static> {
        let buf = match self.buf {
            Buf::Borrowed(b) => Bytes::copy_from_slice(&b[..self.head.len]),
            Buf::Shared(b) => b,
        };
        Frame {
            buf: Buf::Shared(buf),
            head: self.head,
        }
    }

    fn src(&self) -> &[u8] {
        match &self.buf {
            Buf::Borrowed(b) => b,
            Buf::Shared(b) => b,
        }
    }

    fn text(&self, s: Span) -> &str {
        // The head was checked to be UTF-8 when parsed; spans end at ASCII delimiters.
        core::str::from_utf8(self.src().get(s.range()).unwrap_or_default()).unwrap_or("")
    }

    /// The frame bytes (for a parsed frame exactly what was parsed).
    pub fn as_bytes(&self) -> &[u8] {
        &self.src()[..self.head.len]
    }

    /// The frame as `Bytes`.
    pub fn to_bytes(&self) -> Bytes {
        match &self.buf {
            Buf::Borrowed(b) => Bytes::copy_from_slice(&b[..self.head.len]),
            Buf::Shared(b) => b.slice(..self.head.len),
        }
    }

    /// Write the frame into any `BufMut` (byte-exact for parsed frames).
    pub fn encode(&self, dst: &mut impl bytes::BufMut) {
        dst.put_slice(self.as_bytes());
    }

    /// The exact number of bytes [`encode`](Self::encode) writes.
    pub fn encoded_len(&self) -> usize {
        self.head.len
    }

    head_accessors!();

    /// The body (`None` for a frame without one).
    pub fn body(&self) -> Option<&[u8]> {
        self.head.body.map(|b| &self.src()[b.range()])
    }

    /// The end-line flag.
    pub fn flag(&self) -> Flag {
        self.head.flag
    }
}

/// The start line and headers of a frame whose body is delivered in pieces
/// ([`PieceDecoder`](crate::PieceDecoder)): the same accessors as [`Frame`], over the head's bytes.
#[derive(Debug, Clone)]
pub struct FrameHead {
    bytes: Bytes,
    head: Head,
    has_body: bool,
}

impl FrameHead {
    pub(crate) fn from_parts(bytes: Bytes, head: Head, has_body: bool) -> Self {
        Self {
            bytes,
            head,
            has_body,
        }
    }

    fn text(&self, s: Span) -> &str {
        core::str::from_utf8(self.bytes.get(s.range()).unwrap_or_default()).unwrap_or("")
    }

    /// The head's bytes: start line and headers, and the blank line when a body follows.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether a body follows (the head ended in a blank line, not the end-line).
    pub fn has_body(&self) -> bool {
        self.has_body
    }

    head_accessors!();
}

impl PartialEq for Frame<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

/// `Byte-Range: <start>-<end>/<total>` with `*` for an unknown end or total; 64-bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ByteRange {
    /// First octet, 1-based.
    pub start: u64,
    /// Last octet, `None` for `*`.
    pub end: Option<u64>,
    /// Total octets of the message, `None` for `*`.
    pub total: Option<u64>,
}

impl ByteRange {
    fn parse(v: &str) -> Option<Self> {
        let (range, total) = v.split_once('/')?;
        let (start, end) = range.split_once('-')?;
        let num = |s: &str| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<u64>().ok()
            } else {
                None
            }
        };
        let star = |s: &str| {
            if s == "*" {
                Some(None)
            } else {
                num(s).map(Some)
            }
        };
        let r = Self {
            start: num(start)?,
            end: star(end)?,
            total: star(total)?,
        };
        // start is 1-based; end and total, when known, are consistent with it.
        let ok = r.start >= 1
            && r.end.is_none_or(|e| e + 1 >= r.start)
            && r.total
                .is_none_or(|t| r.end.is_none_or(|e| e <= t) && r.start <= t + 1);
        ok.then_some(r)
    }
}

impl ByteRange {
    /// A range `start-end/total` (1-based, inclusive; `None` for `*`).
    pub const fn new(start: u64, end: Option<u64>, total: Option<u64>) -> Self {
        Self { start, end, total }
    }
}

impl core::fmt::Display for ByteRange {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}-", self.start)?;
        match self.end {
            Some(e) => write!(f, "{e}/")?,
            None => f.write_str("*/")?,
        }
        match self.total {
            Some(t) => write!(f, "{t}"),
            None => f.write_str("*"),
        }
    }
}

/// `Status: <namespace> <code> [reason]` (REPORT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Status<'s> {
    /// Namespace (`000` for MSRP).
    pub namespace: u16,
    /// Status code.
    pub code: u16,
    /// Reason text, if any.
    pub reason: Option<&'s str>,
}

impl<'s> Status<'s> {
    pub(crate) fn parse(v: &'s str) -> Option<Self> {
        let b = v.as_bytes();
        let three = |s: &[u8]| {
            (s.len() == 3 && s.iter().all(u8::is_ascii_digit)).then(|| {
                u16::from(s[0] - b'0') * 100 + u16::from(s[1] - b'0') * 10 + u16::from(s[2] - b'0')
            })
        };
        if b.len() < 7 || b[3] != b' ' {
            return None;
        }
        let namespace = three(&b[..3])?;
        let code = three(&b[4..7])?;
        let reason = match b.get(7) {
            None => None,
            Some(b' ') => Some(&v[8..]),
            Some(_) => return None,
        };
        Some(Self {
            namespace,
            code,
            reason,
        })
    }
}

/// Failure-Report values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum FailureReport {
    /// `yes` (the default).
    Yes,
    /// `no`.
    No,
    /// `partial`: only failures are reported.
    Partial,
}

impl core::str::FromStr for ByteRange {
    type Err = DecodeError;
    /// `<start>-<end>/<total>` with `*` for an unknown end or total.
    fn from_str(s: &str) -> Result<Self, DecodeError> {
        Self::parse(s)
            .ok_or(DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Byte-Range"))
    }
}

impl core::fmt::Display for Status<'_> {
    /// `<namespace> <code>[ <reason>]`, three digits each.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:03} {:03}", self.namespace, self.code)?;
        match self.reason {
            Some(r) => write!(f, " {r}"),
            None => Ok(()),
        }
    }
}

impl FailureReport {
    /// The header value: `yes`, `no` or `partial`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::Partial => "partial",
        }
    }
}

impl core::fmt::Display for FailureReport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for FailureReport {
    type Err = DecodeError;
    /// `yes`, `no` or `partial` (RFC 4975 §9: the values are case-sensitive tokens).
    fn from_str(s: &str) -> Result<Self, DecodeError> {
        [Self::Yes, Self::No, Self::Partial]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or(DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Failure-Report"))
    }
}

impl core::fmt::Display for Flag {
    /// The end-line's flag character.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.as_char())
    }
}

/// Frames and heads serialize (feature `serde`) as `{"kind": "request"|"response",
/// "transaction_id", "method", "status", "comment", "headers": [{"name", "value"}],
/// "byte_range": {"start", "end", "total"} or null}`, and a frame goes on with `"flag"` (`"$"`,
/// `"+"` or `"#"`), `"body"` (when UTF-8), `"body_base64"` (when not) and `"body_length"` (null
/// without a body) — what `rcs inspect --json` prints.
#[cfg(feature = "serde")]
mod serde_impls {
    use super::{Frame, FrameHead};
    use serde::ser::{Serialize, SerializeStruct, Serializer};

    /// The headers in order as `{"name", "value"}` objects, read when serialized.
    struct Headers<F>(F);

    impl<'h, I: Iterator<Item = (&'h str, &'h str)>, F: Fn() -> I> Serialize for Headers<F> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            #[derive(serde::Serialize)]
            struct Field<'h> {
                name: &'h str,
                value: &'h str,
            }
            s.collect_seq((self.0)().map(|(name, value)| Field { name, value }))
        }
    }

    /// The fields a frame and a head share.
    macro_rules! head_fields {
        ($st:ident, $v:ident) => {
            $st.serialize_field(
                "kind",
                if $v.is_request() {
                    "request"
                } else {
                    "response"
                },
            )?;
            $st.serialize_field("transaction_id", $v.transaction_id())?;
            $st.serialize_field("method", &$v.method())?;
            $st.serialize_field("status", &$v.status())?;
            $st.serialize_field("comment", &$v.comment())?;
            $st.serialize_field("headers", &Headers(|| $v.headers()))?;
            $st.serialize_field("byte_range", &$v.byte_range().and_then(Result::ok))?;
        };
    }

    impl Serialize for Frame<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let body = self.body();
            let text = body.and_then(|b| core::str::from_utf8(b).ok());
            let mut st = s.serialize_struct("Frame", 11)?;
            head_fields!(st, self);
            st.serialize_field("flag", &self.flag().as_char())?;
            st.serialize_field("body", &text)?;
            st.serialize_field(
                "body_base64",
                &body
                    .filter(|_| text.is_none())
                    .map(rcs_base::base64::encode),
            )?;
            st.serialize_field("body_length", &body.map(<[u8]>::len))?;
            st.end()
        }
    }

    impl Serialize for FrameHead {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("FrameHead", 7)?;
            head_fields!(st, self);
            st.end()
        }
    }
}
