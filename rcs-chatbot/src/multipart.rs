//! The multipart/mixed body that carries a chatbot message and its chip list together
//! (RCC.07; the CMCC `bodyText`, a CPIM or SIP MESSAGE body): each part with its
//! Content-Type, `Content-Disposition: inline; filename="Message"` or `"Chiplist.lst"`, and an
//! exact Content-Length.

use core::fmt;

use crate::error::{Warning, WarningKind};
use crate::limits::ParseOptions;
use crate::message::ChatbotBody;

/// One part: its header lines (name, value) in order, and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part<'a> {
    headers: &'a str,
    /// The part's body.
    pub body: &'a str,
}

impl<'a> Part<'a> {
    /// The header lines, (name, value), in order.
    pub fn headers(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.headers.split("\r\n").filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            Some((n.trim(), v.trim()))
        })
    }
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
    /// `Content-Type`.
    pub fn content_type(&self) -> Option<&'a str> {
        self.header("Content-Type")
    }
    /// The `filename` of `Content-Disposition`.
    pub fn filename(&self) -> Option<&'a str> {
        let d = self.header("Content-Disposition")?;
        let at = d.find("filename=")? + "filename=".len();
        let v = d[at..].split(';').next()?.trim();
        Some(
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v),
        )
    }
}

/// Why a multipart body was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MultipartError {
    /// No `boundary` parameter in the Content-Type.
    NoBoundary,
    /// The first delimiter line is missing.
    NoFirstDelimiter,
    /// A part has no blank line between its headers and its body.
    NoHeaderEnd {
        /// The part (0-based).
        part: usize,
    },
    /// The closing delimiter (`--boundary--`) is missing.
    NoCloseDelimiter,
    /// A part's Content-Length differs from its body's length (strict only).
    ContentLength {
        /// The part (0-based).
        part: usize,
        /// What the header says.
        declared: usize,
        /// The body's length in bytes.
        actual: usize,
    },
    /// More parts than the limit.
    TooManyParts,
    /// The boundary occurs inside a part's body (when building).
    BoundaryInBody,
}

impl fmt::Display for MultipartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBoundary => f.write_str("no boundary parameter"),
            Self::NoFirstDelimiter => f.write_str("no opening delimiter line"),
            Self::NoHeaderEnd { part } => write!(f, "part {part}: no blank line after the headers"),
            Self::NoCloseDelimiter => f.write_str("no closing delimiter"),
            Self::ContentLength {
                part,
                declared,
                actual,
            } => {
                write!(
                    f,
                    "part {part}: Content-Length {declared} but the body has {actual} bytes"
                )
            }
            Self::TooManyParts => f.write_str("too many parts"),
            Self::BoundaryInBody => f.write_str("the boundary occurs in a part's body"),
        }
    }
}

impl std::error::Error for MultipartError {}

/// The `boundary` parameter of a Content-Type (`multipart/mixed; boundary="next"`).
pub fn boundary(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let v = v.trim();
        Some(
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v),
        )
    })
}

/// Splits a multipart body (CRLF line ends, RFC 2046) into its parts, zero-copy. A wrong
/// Content-Length is an error when strict, a warning when `allow_number_strings`-style leniency
/// is on (`ParseOptions::lenient`); parts are bounded by `limits.max_containers`.
pub fn parse<'a>(
    body: &'a str,
    boundary: &str,
    options: &ParseOptions,
) -> Result<(Vec<Part<'a>>, Vec<Warning>), MultipartError> {
    if boundary.is_empty() {
        return Err(MultipartError::NoBoundary);
    }
    let open = format!("--{boundary}");
    let delim = format!("\r\n--{boundary}");
    // The first delimiter may start the body, or follow a preamble.
    let start = if body.starts_with(&open) {
        open.len()
    } else {
        body.find(&delim).ok_or(MultipartError::NoFirstDelimiter)? + delim.len()
    };
    let mut rest = &body[start..];
    let (mut parts, mut warnings) = (Vec::new(), Vec::new());
    loop {
        if rest.starts_with("--") {
            return Ok((parts, warnings));
        }
        // Transport padding, then the line break ending the delimiter line.
        let rest_line = rest.trim_start_matches([' ', '\t']);
        let Some(after) = rest_line.strip_prefix("\r\n") else {
            return Err(MultipartError::NoCloseDelimiter);
        };
        if parts.len() >= options.limits.max_containers {
            return Err(MultipartError::TooManyParts);
        }
        let part_no = parts.len();
        let end = after.find(&delim).ok_or(MultipartError::NoCloseDelimiter)?;
        let whole = &after[..end];
        let (headers, body) = if let Some(b) = whole.strip_prefix("\r\n") {
            ("", b)
        } else {
            let at = whole
                .find("\r\n\r\n")
                .ok_or(MultipartError::NoHeaderEnd { part: part_no })?;
            (&whole[..at], &whole[at + 4..])
        };
        let part = Part { headers, body };
        if let Some(cl) = part.header("Content-Length") {
            let declared = cl.parse::<usize>().unwrap_or(usize::MAX);
            if declared != body.len() {
                if options.allow_number_strings {
                    warnings.push(Warning {
                        kind: WarningKind::ContentLength,
                        pointer: format!("/{part_no}"),
                    });
                } else {
                    return Err(MultipartError::ContentLength {
                        part: part_no,
                        declared,
                        actual: body.len(),
                    });
                }
            }
        }
        parts.push(part);
        rest = &after[end + delim.len()..];
    }
}

/// Writes a multipart body: each part as (Content-Type, Content-Disposition filename, body),
/// with `Content-Disposition: inline; filename="…"` and an exact Content-Length.
pub fn write(boundary: &str, parts: &[(&str, &str, &str)]) -> Result<String, MultipartError> {
    if boundary.is_empty() {
        return Err(MultipartError::NoBoundary);
    }
    let mut out = String::new();
    for (ct, filename, body) in parts {
        if body.contains(&format!("--{boundary}")) {
            return Err(MultipartError::BoundaryInBody);
        }
        out.push_str(&format!(
            "--{boundary}\r\nContent-Type: {ct}\r\nContent-Disposition: inline; filename=\"{filename}\"\r\nContent-Length: {}\r\n\r\n{body}\r\n",
            body.len()
        ));
    }
    out.push_str(&format!("--{boundary}--\r\n"));
    Ok(out)
}

/// A card or carousel and its chip list as one multipart/mixed body: the Content-Type to send
/// it with (`multipart/mixed; boundary="…"`) and the body.
pub fn card_with_chip_list(
    message: &ChatbotBody<'_>,
    chip_list: &ChatbotBody<'_>,
    boundary: &str,
) -> Result<(String, String), MultipartError> {
    let m = String::from_utf8_lossy(&message.to_bytes()).into_owned();
    let c = String::from_utf8_lossy(&chip_list.to_bytes()).into_owned();
    let body = write(
        boundary,
        &[
            (crate::BOTMESSAGE_TYPE, "Message", &m),
            (crate::BOTSUGGESTION_TYPE, "Chiplist.lst", &c),
        ],
    )?;
    Ok((format!("multipart/mixed; boundary=\"{boundary}\""), body))
}

/// The chatbot version feature tag of UP 2.0+ (Contact, Accept-Contact):
/// `+g.gsma.rcs.botversion="#=1"`.
pub const BOT_VERSION_TAG: &str = "+g.gsma.rcs.botversion=\"#=1\"";

/// The same for a client that supports chatbot versions 1 and 2 (UP 2.4):
/// `+g.gsma.rcs.botversion="#=1,#=2"`.
pub const BOT_VERSION_TAG_1_2: &str = "+g.gsma.rcs.botversion=\"#=1,#=2\"";

/// The chatbot role tag a chatbot's own Contact carries: `+g.gsma.rcs.isbot`.
pub const IS_BOT_TAG: &str = "+g.gsma.rcs.isbot";

/// The IARI of chatbot communication in a session (the `+g.3gpp.iari-ref` value, escaped as
/// in SIP headers).
pub const CHATBOT_IARI: &str = "urn%3Aurn-7%3A3gpp-application.ims.iari.rcs.chatbot";

/// The IARI of chatbot communication by standalone messages.
pub const CHATBOT_SA_IARI: &str = "urn%3Aurn-7%3A3gpp-application.ims.iari.rcs.chatbot.sa";
