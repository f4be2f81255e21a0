//! Semantic checks (RFC 4975 §7, §9; RFC 4976; RFC 7701): what a frame that parsed can still
//! get wrong, each with the response a receiver would send.

use core::fmt;

use crate::error::{DecodeError, ErrorKind};
use crate::frame::{Flag, Frame};

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Severity {
    /// Allowed, but worth knowing.
    Warning,
    /// The frame must be refused (with [`Problem::status`], when one may be sent).
    Error,
}

/// What [`Frame::validate`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ProblemKind {
    /// A header's value does not match its grammar (the decode error says where in the frame).
    InvalidHeader(DecodeError),
    /// A header the method requires is missing (SEND: Message-ID; REPORT: Message-ID,
    /// Byte-Range, Status; NICKNAME: Use-Nickname).
    MissingHeader,
    /// A header that may appear once appears again.
    DuplicateHeader,
    /// A method this receiver does not know (RFC 4975 §7.2: 501).
    UnknownMethod,
    /// The body's length is not what Byte-Range says this chunk carries.
    ByteRangeMismatch,
    /// A REPORT, AUTH or NICKNAME carrying a body.
    UnexpectedBody,
    /// A response status outside 200–599 (RFC 4975 §9: the codes are three digits, classes
    /// 2 to 5 are used).
    UnknownStatus,
}

impl ProblemKind {
    /// A stable identifier (`invalid-header`, `missing-header`, ...): the variant's name in
    /// kebab case, what serde writes as `kind`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidHeader(_) => "invalid-header",
            Self::MissingHeader => "missing-header",
            Self::DuplicateHeader => "duplicate-header",
            Self::UnknownMethod => "unknown-method",
            Self::ByteRangeMismatch => "byte-range-mismatch",
            Self::UnexpectedBody => "unexpected-body",
            Self::UnknownStatus => "unknown-status",
        }
    }

    /// A short description.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::InvalidHeader(_) => "invalid header value",
            Self::MissingHeader => "missing mandatory header",
            Self::DuplicateHeader => "single-valued header appears more than once",
            Self::UnknownMethod => "unknown method",
            Self::ByteRangeMismatch => "body length differs from Byte-Range",
            Self::UnexpectedBody => "body on a method that takes none",
            Self::UnknownStatus => "status code outside 200-599",
        }
    }
}

/// One finding of [`Frame::validate`].
///
/// With the `serde` feature it serializes as `{"severity": "error"|"warning", "kind":
/// `[`ProblemKind::code`]`, "description": `[`ProblemKind::as_str`]`, "detail": the header's
/// decode error or null, "header", "offset", "status": null when there is no response}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Problem {
    /// What.
    pub kind: ProblemKind,
    /// How serious.
    pub severity: Severity,
    /// The header concerned (canonical name), if any.
    pub header: Option<&'static str>,
    /// Offset in the frame (of the header line; 0 for the start line).
    pub offset: usize,
    /// The response a receiver would send: 400 (bad request), 501 (unknown method); 0 when
    /// none may be sent (a REPORT or a response is never answered, RFC 4975 §7.1.2 and §7.2).
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
        st.serialize_field("status", &(self.status != 0).then_some(self.status))?;
        st.end()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let ProblemKind::InvalidHeader(e) = &self.kind {
            // The decode error names the header and the value's place.
            write!(f, "{sev}: {e}")?;
        } else {
            write!(f, "{sev}: {}", self.kind.as_str())?;
            if let Some(h) = self.header {
                write!(f, " ({h})")?;
            }
            write!(f, " at byte {}", self.offset)?;
        }
        if self.status != 0 {
            write!(f, " [{}]", self.status)?;
        }
        Ok(())
    }
}

/// Everything [`Frame::validate`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Report {
    /// Every finding, in frame order.
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
    /// The response a receiver sends for the first error, if any may be sent.
    pub fn status(&self) -> Option<u16> {
        self.errors().map(|p| p.status).find(|s| *s != 0)
    }
}

/// Headers that appear at most once (RFC 4975 §9, RFC 4976 §10, RFC 7701).
const SINGLE: &[&str] = &[
    "To-Path",
    "From-Path",
    "Message-ID",
    "Byte-Range",
    "Status",
    "Success-Report",
    "Failure-Report",
    "Content-Type",
    "Use-Path",
    "Expires",
    "Min-Expires",
    "Max-Expires",
    "WWW-Authenticate",
    "Authorization",
    "Use-Nickname",
];

/// `ident = ALPHANUM 3*31ident-char`, `ident-char = ALPHANUM / "." / "-" / "+" / "%" / "="`.
fn is_ident(v: &str) -> bool {
    let b = v.as_bytes();
    (4..=32).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'+' | b'%' | b'='))
}

/// `token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")`.
fn is_token(v: &str) -> bool {
    !v.is_empty()
        && v.bytes().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    b'-' | b'.' | b'!' | b'%' | b'*' | b'_' | b'+' | b'`' | b'\'' | b'~'
                )
        })
}

/// `media-type = type "/" subtype *( ";" gen-param )` (RFC 4975 §9): the type and subtype
/// tokens and each parameter's name.
fn is_media_type(v: &str) -> bool {
    let mut parts = v.split(';');
    let Some((t, s)) = parts.next().and_then(|m| m.trim().split_once('/')) else {
        return false;
    };
    is_token(t)
        && is_token(s)
        && parts.all(|p| {
            let p = p.trim();
            is_token(p.split_once('=').map_or(p, |(n, _)| n.trim()))
        })
}

impl Frame<'_> {
    /// Checks what the grammar alone does not: header values against their grammars
    /// (Byte-Range, Status `000 NNN [comment]`, Success-Report `yes`/`no`, Failure-Report
    /// `yes`/`no`/`partial`, Message-ID an ident, Expires and its kin numbers, the path URIs,
    /// Use-Path not empty, WWW-Authenticate a Digest challenge, Content-Type a media type),
    /// the headers each method requires, single-valued headers repeated, the body against
    /// Byte-Range, and the method. Each problem says the header, where it is and the status a
    /// receiver would answer.
    pub fn validate(&self) -> Report {
        let method = self.method();
        // Who answers: a SEND, AUTH, NICKNAME or unknown request; never a REPORT or response.
        let answered = matches!(method, Some(m) if m != "REPORT");
        let status = |s: u16| if answered { s } else { 0 };
        let mut problems = Vec::new();
        let headers = self.header_spans();
        let line_of = |name: &str| {
            headers
                .iter()
                .find(|(n, ..)| n.eq_ignore_ascii_case(name))
                .map_or(0, |h| h.1)
        };
        let mut invalid = |name: &'static str, at: usize, value_at: usize| {
            problems.push(Problem {
                kind: ProblemKind::InvalidHeader(
                    DecodeError::new(ErrorKind::InvalidHeaderValue, value_at).in_header(name),
                ),
                severity: Severity::Error,
                header: Some(name),
                offset: at,
                status: status(400),
            });
        };
        for &(name, line, value_at, value) in &headers {
            // Every header with a grammar checked here is single-valued: one table.
            let Some(name) = SINGLE
                .iter()
                .find(|s| s.eq_ignore_ascii_case(name))
                .copied()
            else {
                continue;
            };
            let ok = match name {
                "Byte-Range" => value.parse::<crate::ByteRange>().is_ok(),
                "Status" => crate::frame::Status::parse(value).is_some_and(|s| s.namespace == 0),
                "Success-Report" => matches!(value, "yes" | "no"),
                "Failure-Report" => matches!(value, "yes" | "no" | "partial"),
                "Message-ID" => is_ident(value),
                "Expires" | "Min-Expires" | "Max-Expires" => {
                    !value.is_empty()
                        && value.bytes().all(|b| b.is_ascii_digit())
                        && value.parse::<u32>().is_ok()
                }
                "To-Path" | "From-Path" | "Use-Path" => {
                    let mut uris = value.split(' ').filter(|u| !u.is_empty()).peekable();
                    uris.peek().is_some() && uris.all(|u| crate::MsrpUri::parse(u).is_ok())
                }
                "WWW-Authenticate" => crate::DigestChallenge::parse(value).is_ok(),
                "Content-Type" => is_media_type(value),
                "Use-Nickname" => {
                    value.starts_with('"') && value.ends_with('"') && value.len() >= 2
                }
                _ => true,
            };
            if !ok {
                invalid(name, line, value_at);
            }
        }
        for single in SINGLE {
            let mut seen = headers
                .iter()
                .filter(|(n, ..)| n.eq_ignore_ascii_case(single));
            if let (Some(_), Some(again)) = (seen.next(), seen.next()) {
                problems.push(Problem {
                    kind: ProblemKind::DuplicateHeader,
                    severity: Severity::Error,
                    header: Some(single),
                    offset: again.1,
                    status: status(400),
                });
            }
        }
        let required: &[&'static str] = match method {
            // RFC 4975 §7.1.1: a SEND carries Message-ID (Byte-Range SHOULD).
            Some("SEND") => &["Message-ID"],
            // RFC 4975 §7.1.2: a REPORT carries Message-ID, Byte-Range and Status.
            Some("REPORT") => &["Message-ID", "Byte-Range", "Status"],
            // RFC 7701 §4: NICKNAME carries Use-Nickname.
            Some("NICKNAME") => &["Use-Nickname"],
            _ => &[],
        };
        for name in required {
            if !headers.iter().any(|(n, ..)| n.eq_ignore_ascii_case(name)) {
                problems.push(Problem {
                    kind: ProblemKind::MissingHeader,
                    severity: Severity::Error,
                    header: Some(name),
                    offset: 0,
                    status: status(400),
                });
            }
        }
        match method {
            Some("SEND" | "REPORT" | "AUTH" | "NICKNAME") | None => {}
            Some(_) => problems.push(Problem {
                kind: ProblemKind::UnknownMethod,
                severity: Severity::Error,
                header: None,
                offset: 0,
                status: 501,
            }),
        }
        if let Some(s) = self.status()
            && !(200..600).contains(&s)
        {
            problems.push(Problem {
                kind: ProblemKind::UnknownStatus,
                severity: Severity::Warning,
                header: None,
                offset: 0,
                status: 0,
            });
        }
        if let Some(body) = self.body() {
            if matches!(method, Some("REPORT" | "AUTH" | "NICKNAME")) {
                problems.push(Problem {
                    kind: ProblemKind::UnexpectedBody,
                    severity: Severity::Error,
                    header: None,
                    offset: 0,
                    status: status(400),
                });
            }
            // A chunk that ended as announced ($ or +) holds exactly start..=end; an
            // interrupted one (#) may hold less.
            if let Some(Ok(r)) = self.byte_range()
                && let Some(end) = r.end
                && self.flag() != Flag::Aborted
                && (end + 1).checked_sub(r.start) != Some(body.len() as u64)
            {
                // A warning: receivers take the chunk's extent from its end-line, and RFC
                // 4975's own examples (§4, §11.1) announce more octets than they carry.
                problems.push(Problem {
                    kind: ProblemKind::ByteRangeMismatch,
                    severity: Severity::Warning,
                    header: Some("Byte-Range"),
                    offset: line_of("Byte-Range"),
                    status: 0,
                });
            }
        }
        problems.sort_by_key(|p| p.offset);
        Report { problems }
    }
}
