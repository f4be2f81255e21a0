//! MSRP URIs (RFC 4975 §6, §9; RFC 7977 adds the `ws` transport):
//! `msrp[s]://[userinfo@]host[:port][/session-id];transport[;param[=value]]...`

use crate::error::{DecodeError, ErrorKind};
use std::net::{Ipv4Addr, Ipv6Addr};

/// The host of an MSRP URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Host<'a> {
    /// A registered name as sent (compared case-insensitively).
    Name(&'a str),
    /// An IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 literal (`[...]` in the URI).
    Ipv6(Ipv6Addr),
}

/// A parsed MSRP URI, borrowed from its text.
///
/// ```
/// use rcs_msrp::MsrpUri;
/// let a = MsrpUri::parse("msrp://Bob.Example.com:8888/9di4eae923wzd;tcp").unwrap();
/// let b = MsrpUri::parse("msrp://alice@bob.example.com:8888/9di4eae923wzd;TCP;x=1").unwrap();
/// assert!(a.equivalent(&b)); // userinfo and other parameters do not count
/// assert!(!a.equivalent(&MsrpUri::parse("msrp://bob.example.com:8888/9DI4eae923wzd;tcp").unwrap()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MsrpUri<'a> {
    raw: &'a str,
    secure: bool,
    userinfo: Option<&'a str>,
    host: Host<'a>,
    port: Option<u16>,
    session_id: Option<&'a str>,
    transport: &'a str,
    params: &'a str,
}

fn bad(at: usize) -> DecodeError {
    DecodeError::new(ErrorKind::InvalidHeaderValue, at)
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&b))
}

impl<'a> MsrpUri<'a> {
    /// Parse one URI (the whole of `s`). Error offsets are relative to `s`.
    pub fn parse(s: &'a str) -> Result<Self, DecodeError> {
        let (secure, rest_at) = if s
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("msrp://"))
        {
            (false, 7)
        } else if s
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("msrps://"))
        {
            (true, 8)
        } else {
            return Err(bad(0));
        };
        let rest = &s[rest_at..];
        // authority ends at '/' (session-id) or ';' (transport) after any userinfo, which may
        // itself hold ';' (a sub-delim).
        let user_end = rest[..rest.find('/').unwrap_or(rest.len())]
            .rfind('@')
            .map_or(0, |a| a + 1);
        let auth_end = rest[user_end..]
            .find(['/', ';'])
            .map(|i| user_end + i)
            .ok_or(bad(s.len()))?;
        let authority = &rest[..auth_end];
        let (userinfo, hostport) = match authority.rfind('@') {
            Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
            None => (None, authority),
        };
        if let Some(u) = userinfo {
            // RFC 3986 userinfo: unreserved, pct-encoded, sub-delims, ':'.
            if !u
                .bytes()
                .all(|b| unreserved(b) || b"%!$&'()*+,;=:".contains(&b))
            {
                return Err(bad(rest_at));
            }
        }
        let host_at = rest_at + userinfo.map_or(0, |u| u.len() + 1);
        let (host_str, port_str) = if let Some(v6) = hostport.strip_prefix('[') {
            let close = v6.find(']').ok_or(bad(host_at))?;
            let after = &v6[close + 1..];
            let port = match after.strip_prefix(':') {
                Some(p) => Some(p),
                None if after.is_empty() => None,
                None => return Err(bad(host_at)),
            };
            (&hostport[..close + 2], port)
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        let host = if let Some(v6) = host_str.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            Host::Ipv6(v6.parse().map_err(|_| bad(host_at))?)
        } else if !host_str.is_empty() && host_str.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        {
            Host::Ipv4(host_str.parse().map_err(|_| bad(host_at))?)
        } else if !host_str.is_empty()
            && host_str
                .bytes()
                .all(|b| unreserved(b) || b"%!$&'()*+,=".contains(&b))
        {
            Host::Name(host_str)
        } else {
            return Err(bad(host_at));
        };
        let port = match port_str {
            None => None,
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                Some(p.parse().map_err(|_| bad(host_at))?)
            }
            Some(_) => return Err(bad(host_at)),
        };
        let mut tail = &rest[auth_end..];
        let mut session_id = None;
        if let Some(t) = tail.strip_prefix('/') {
            let end = t.find(';').ok_or(bad(s.len()))?;
            let sid = &t[..end];
            // session-id = 1*( unreserved / "+" / "=" / "/" )
            if sid.is_empty()
                || !sid
                    .bytes()
                    .all(|b| unreserved(b) || matches!(b, b'+' | b'=' | b'/'))
            {
                return Err(bad(rest_at + auth_end + 1));
            }
            session_id = Some(sid);
            tail = &t[end..];
        }
        // ";" transport *( ";" URI-parameter )
        let t = tail.strip_prefix(';').ok_or(bad(s.len() - tail.len()))?;
        let (transport, params) = match t.find(';') {
            Some(i) => (&t[..i], &t[i..]),
            None => (t, ""),
        };
        if transport.is_empty() || !transport.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad(s.len() - t.len()));
        }
        for p in params.split(';').skip(1) {
            let (n, v) = p.split_once('=').unwrap_or((p, "x"));
            if !is_token(n) || !is_token(v) {
                return Err(bad(s.len() - params.len()));
            }
        }
        Ok(Self {
            raw: s,
            secure,
            userinfo,
            host,
            port,
            session_id,
            transport,
            params,
        })
    }

    /// The URI as sent.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }
    /// `msrps`.
    pub fn is_secure(&self) -> bool {
        self.secure
    }
    /// Userinfo (RFC 4976 relays), as sent.
    pub fn userinfo(&self) -> Option<&'a str> {
        self.userinfo
    }
    /// Host.
    pub fn host(&self) -> Host<'a> {
        self.host
    }
    /// Port, if given.
    pub fn port(&self) -> Option<u16> {
        self.port
    }
    /// Session id, if given (relays' URIs have none).
    pub fn session_id(&self) -> Option<&'a str> {
        self.session_id
    }
    /// Transport (`tcp`, `ws`, ...), as sent.
    pub fn transport(&self) -> &'a str {
        self.transport
    }
    /// Other parameters, as sent (from their first `;`).
    pub fn params(&self) -> &'a str {
        self.params
    }

    /// RFC 4975 §6.1: scheme equal; host case-insensitive (addresses by value); userinfo ignored;
    /// a port present in either must be in both and equal; session-id case-sensitive, present in
    /// both or neither; transport equal case-insensitively; other parameters ignored.
    pub fn equivalent(&self, o: &MsrpUri<'_>) -> bool {
        let host = match (self.host, o.host) {
            (Host::Name(a), Host::Name(b)) => a.eq_ignore_ascii_case(b),
            (Host::Ipv4(a), Host::Ipv4(b)) => a == b,
            (Host::Ipv6(a), Host::Ipv6(b)) => a == b,
            _ => false,
        };
        self.secure == o.secure
            && host
            && self.port == o.port
            && self.session_id == o.session_id
            && self.transport.eq_ignore_ascii_case(o.transport)
    }
}

impl core::fmt::Display for MsrpUri<'_> {
    /// The URI as sent.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.raw)
    }
}

rcs_base::owned_text! {
    /// An MSRP URI that owns its text: parsed once when made (`FromStr`), read as an [`MsrpUri`]
    /// with [`uri`](Self::uri); `Display` writes the text; serde (feature `serde`) writes and reads
    /// the string.
    ///
    /// ```
    /// use rcs_msrp::MsrpUriBuf;
    /// let me: MsrpUriBuf = "msrp://a.example:7654/jshA7we;tcp".parse()?;
    /// assert_eq!(me.uri().session_id(), Some("jshA7we"));
    /// assert_eq!(me.to_string(), "msrp://a.example:7654/jshA7we;tcp");
    /// # Ok::<(), rcs_msrp::DecodeError>(())
    /// ```
    pub struct MsrpUriBuf reads MsrpUri via uri;
    parse: |s| MsrpUri::parse(s);
    unreachable: |s| MsrpUri {
        raw: s,
        secure: false,
        userinfo: None,
        host: Host::Name(""),
        port: None,
        session_id: None,
        transport: "",
        params: "",
    };
    from: |v| v.as_str();
    error: DecodeError;
}
