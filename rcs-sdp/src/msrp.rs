//! Typed MSRP media (RFC 4975 §8, RFC 6135 setup/connection, RFC 6714 CEMA) and file transfer
//! attributes (RFC 5547). Typed on access; the raw attribute is always in [`Media::attributes`].

use crate::decode::is_token;
use crate::error::{DecodeError, ErrorKind};
use crate::session::{Direction, Line, Media};

/// The MSRP view of an `m=message ... TCP/MSRP|TCP/TLS/MSRP` section.
#[derive(Debug, Clone, Copy)]
pub struct Msrp<'s> {
    pub(crate) media: Media<'s>,
}

/// One `accept-types` / `accept-wrapped-types` entry: `*`, `type/*` or `type/subtype[;params]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FormatType<'s> {
    /// The entry as sent.
    pub raw: &'s str,
    /// Type, or `*`.
    pub ty: &'s str,
    /// Subtype, or `*` (also `*` for a bare `*`).
    pub subtype: &'s str,
}

impl FormatType<'_> {
    /// Whether this entry covers `ty/subtype` (ASCII case-insensitive, wildcards honoured).
    pub fn matches(&self, ty: &str, subtype: &str) -> bool {
        (self.ty == "*" || self.ty.eq_ignore_ascii_case(ty))
            && (self.subtype == "*" || self.subtype.eq_ignore_ascii_case(subtype))
    }
}

/// `a=setup` (RFC 4145, used by RFC 6135 for MSRP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum Setup {
    /// `active`: this endpoint opens the connection.
    Active,
    /// `passive`: this endpoint accepts it.
    Passive,
    /// `actpass`: either.
    ActPass,
    /// `holdconn`.
    HoldConn,
}

impl Setup {
    /// The token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Passive => "passive",
            Self::ActPass => "actpass",
            Self::HoldConn => "holdconn",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        [Self::Active, Self::Passive, Self::ActPass, Self::HoldConn]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
    /// What an answerer chooses (RFC 6135 §4.2: active unless the offerer insists on active).
    pub fn answer(self) -> Self {
        match self {
            Self::Active => Self::Passive,
            Self::Passive | Self::ActPass => Self::Active,
            Self::HoldConn => Self::HoldConn,
        }
    }
}

/// `a=file-selector` (RFC 5547 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileSelector<'s> {
    /// `name:` without quotes (still percent-encoded as sent).
    pub name: Option<&'s str>,
    /// `type:` media type with parameters.
    pub ty: Option<&'s str>,
    /// `size:` in octets.
    pub size: Option<u64>,
    /// `hash:` algorithm and value (`sha-1`, `72:24:5F:...`).
    pub hash: Option<(&'s str, &'s str)>,
}

/// `a=file-date` (RFC 5547 §6): quoted RFC 5322 dates, as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FileDate<'s> {
    /// `creation:`.
    pub creation: Option<&'s str>,
    /// `modification:`.
    pub modification: Option<&'s str>,
    /// `read:`.
    pub read: Option<&'s str>,
}

/// `a=file-range` (RFC 5547 §6): 1-based inclusive octets, `stop` `None` for `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FileRange {
    /// First octet (1-based).
    pub start: u64,
    /// Last octet, or `None` for `*` (unknown).
    pub stop: Option<u64>,
}

fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl<'s> Msrp<'s> {
    fn attr_line(&self, name: &str) -> Option<Line<'s>> {
        self.media
            .lines()
            .find(|l| l.kind == 'a' && l.value.split_once(':').map_or(l.value, |(n, _)| n) == name)
    }

    fn value(&self, name: &str) -> Option<(Line<'s>, &'s str)> {
        let l = self.attr_line(name)?;
        Some((l, l.value.split_once(':').map_or("", |(_, v)| v)))
    }

    fn bad(l: &Line<'_>) -> DecodeError {
        DecodeError::new(ErrorKind::InvalidAttributeValue, l.number, l.offset)
    }

    /// The media section.
    pub fn media(&self) -> Media<'s> {
        self.media
    }

    /// Whether the transport is TLS (`TCP/TLS/MSRP`).
    pub fn is_tls(&self) -> bool {
        self.media
            .media_line()
            .is_some_and(|m| m.proto.eq_ignore_ascii_case("TCP/TLS/MSRP"))
    }

    /// `a=path`: the MSRP URIs, in order (typed by rcs-msrp; kept as text here).
    pub fn path(&self) -> impl Iterator<Item = &'s str> + 's {
        self.value("path")
            .map(|(_, v)| v)
            .unwrap_or("")
            .split(' ')
            .filter(|s| !s.is_empty())
    }

    fn types(&self, name: &str) -> impl Iterator<Item = FormatType<'s>> + 's {
        self.value(name)
            .map(|(_, v)| v)
            .unwrap_or("")
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(|raw| {
                let mt = raw.split(';').next().unwrap_or(raw);
                let (ty, subtype) = mt.split_once('/').unwrap_or((mt, "*"));
                FormatType { raw, ty, subtype }
            })
    }

    /// `a=accept-types`.
    pub fn accept_types(&self) -> impl Iterator<Item = FormatType<'s>> + 's {
        self.types("accept-types")
    }

    /// `a=accept-wrapped-types` (types allowed inside message/cpim).
    pub fn accept_wrapped_types(&self) -> impl Iterator<Item = FormatType<'s>> + 's {
        self.types("accept-wrapped-types")
    }

    /// Whether `ty/subtype` may be sent directly.
    pub fn accepts(&self, ty: &str, subtype: &str) -> bool {
        self.accept_types().any(|f| f.matches(ty, subtype))
    }

    /// Whether `ty/subtype` may be sent wrapped in message/cpim (RFC 4975 §8.6).
    pub fn accepts_wrapped(&self, ty: &str, subtype: &str) -> bool {
        self.accept_wrapped_types().any(|f| f.matches(ty, subtype))
    }

    /// `a=max-size`.
    pub fn max_size(&self) -> Option<Result<u64, DecodeError>> {
        self.value("max-size")
            .map(|(l, v)| digits(v).ok_or(Self::bad(&l)))
    }

    /// `a=setup` (RFC 6135), `None` when absent.
    pub fn setup(&self) -> Option<Result<Setup, DecodeError>> {
        self.value("setup")
            .map(|(l, v)| Setup::parse(v).ok_or(Self::bad(&l)))
    }

    /// `a=connection` is `new` (not `existing`).
    pub fn connection_new(&self) -> Option<Result<bool, DecodeError>> {
        self.value("connection").map(|(l, v)| match v {
            "new" => Ok(true),
            "existing" => Ok(false),
            _ => Err(Self::bad(&l)),
        })
    }

    /// `a=msrp-cema` (RFC 6714).
    pub fn cema(&self) -> bool {
        self.attr_line("msrp-cema").is_some()
    }

    /// The media direction.
    pub fn direction(&self) -> Direction {
        self.media.direction()
    }

    /// `a=file-selector`.
    pub fn file_selector(&self) -> Option<Result<FileSelector<'s>, DecodeError>> {
        let (l, v) = self.value("file-selector")?;
        Some(file_selector(v).ok_or(Self::bad(&l)))
    }

    /// `a=file-transfer-id`.
    pub fn file_transfer_id(&self) -> Option<&'s str> {
        self.value("file-transfer-id").map(|(_, v)| v)
    }

    /// `a=file-disposition` (`render`, `attachment`, ...).
    pub fn file_disposition(&self) -> Option<&'s str> {
        self.value("file-disposition").map(|(_, v)| v)
    }

    /// `a=file-date`.
    pub fn file_date(&self) -> Option<Result<FileDate<'s>, DecodeError>> {
        let (l, v) = self.value("file-date")?;
        Some(file_date(v).ok_or(Self::bad(&l)))
    }

    /// `a=file-icon` (a URI, usually `cid:`).
    pub fn file_icon(&self) -> Option<&'s str> {
        self.value("file-icon").map(|(_, v)| v)
    }

    /// `a=file-range`.
    pub fn file_range(&self) -> Option<Result<FileRange, DecodeError>> {
        let (l, v) = self.value("file-range")?;
        Some(file_range(v).ok_or(Self::bad(&l)))
    }

    /// Type every MSRP and file-transfer attribute present; the first error (with its line).
    pub fn check(&self) -> Result<(), DecodeError> {
        if let Some((l, v)) = self.value("path")
            && !v
                .split(' ')
                .all(|u| u.len() > 7 && (u.starts_with("msrp://") || u.starts_with("msrps://")))
        {
            return Err(Self::bad(&l));
        }
        for name in ["accept-types", "accept-wrapped-types"] {
            if let Some((l, v)) = self.value(name) {
                let ok = v.split(' ').all(|t| {
                    let mt = t.split(';').next().unwrap_or(t);
                    t == "*"
                        || mt
                            .split_once('/')
                            .is_some_and(|(a, b)| is_token(a) && is_token(b))
                });
                if !ok {
                    return Err(Self::bad(&l));
                }
            }
        }
        self.max_size().transpose()?;
        self.setup().transpose()?;
        self.connection_new().transpose()?;
        self.file_selector().transpose()?;
        self.file_date().transpose()?;
        self.file_range().transpose()?;
        Ok(())
    }
}

fn file_selector(v: &str) -> Option<FileSelector<'_>> {
    let mut out = FileSelector::default();
    let mut rest = v.trim_start_matches(' ');
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("name:\"") {
            let end = r.find('"')?;
            out.name = Some(&r[..end]);
            rest = &r[end + 1..];
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            let item = &rest[..end];
            let (key, val) = item.split_once(':')?;
            match key {
                "type" => {
                    let mt = val.split(';').next().unwrap_or(val);
                    let (a, b) = mt.split_once('/')?;
                    if !is_token(a) || !is_token(b) {
                        return None;
                    }
                    out.ty = Some(val);
                }
                "size" => out.size = Some(digits(val)?),
                "hash" => {
                    let (algo, hex) = val.split_once(':')?;
                    let hex_ok = hex
                        .split(':')
                        .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()));
                    if !is_token(algo) || !hex_ok {
                        return None;
                    }
                    out.hash = Some((algo, hex));
                }
                _ => return None,
            }
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            rest = rest.strip_prefix(' ')?;
        }
    }
    Some(out)
}

fn file_date(v: &str) -> Option<FileDate<'_>> {
    let mut out = FileDate::default();
    let mut rest = v;
    while !rest.is_empty() {
        let (key, r) = rest.split_once(":\"")?;
        let end = r.find('"')?;
        let date = &r[..end];
        let slot = match key {
            "creation" => &mut out.creation,
            "modification" => &mut out.modification,
            "read" => &mut out.read,
            _ => return None,
        };
        *slot = Some(date);
        rest = &r[end + 1..];
        if !rest.is_empty() {
            rest = rest.strip_prefix(' ')?;
        }
    }
    Some(out)
}

fn file_range(v: &str) -> Option<FileRange> {
    let (a, b) = v.split_once('-')?;
    let start = digits(a).filter(|&s| s >= 1)?;
    let stop = if b == "*" {
        None
    } else {
        Some(digits(b).filter(|&e| e >= start)?)
    };
    Some(FileRange { start, stop })
}
