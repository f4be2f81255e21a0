//! Relays (RFC 4976): forwarding a request one hop on (To-Path pop, From-Path push), re-chunking
//! a frame that arrives in pieces, and the HTTP digest (RFC 2617, MD5, qop `auth`) of the AUTH
//! exchange.

use crate::encode::assemble;
use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::frame::{ByteRange, Flag, Frame, FrameHead};
use crate::stream::Piece;
use bytes::{Bytes, BytesMut};
use core::fmt;

fn bad(kind: ErrorKind) -> DecodeError {
    DecodeError::new(kind, 0)
}

/// To-Path without its first URI (this relay), From-Path with it in front: RFC 4976 §7.
fn rotate_paths(to: Option<&str>, from: Option<&str>) -> Result<(String, String), DecodeError> {
    let mut to = to.unwrap_or("").split(' ').filter(|u| !u.is_empty());
    let me = to.next().ok_or(bad(ErrorKind::InvalidPathHeaders))?;
    let rest: Vec<&str> = to.collect();
    if rest.is_empty() {
        // The relay is never the destination of a forwarded request.
        return Err(bad(ErrorKind::InvalidPathHeaders));
    }
    let from = from.unwrap_or("");
    let pushed = if from.is_empty() {
        me.to_string()
    } else {
        format!("{me} {from}")
    };
    Ok((rest.join(" "), pushed))
}

/// The forwarded header list: rotated paths first, the rest as received.
fn forwarded_headers<'a>(
    headers: impl Iterator<Item = (&'a str, &'a str)>,
    to: &'a str,
    from: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut out = vec![("To-Path", to), ("From-Path", from)];
    out.extend(headers.filter(|(n, _)| {
        !n.eq_ignore_ascii_case("To-Path") && !n.eq_ignore_ascii_case("From-Path")
    }));
    out
}

impl Frame<'_> {
    /// This request forwarded one hop under the relay's transaction id `tid` (RFC 4976 §7):
    /// the relay's URI moves from the front of To-Path to the front of From-Path; every other
    /// header, the body and the flag are kept. Refused for responses (they are hop by hop), for
    /// a To-Path that names no next hop, and when the body holds `tid`'s end-line (pick another).
    pub fn forward(&self, tid: &str) -> Result<Frame<'static>, DecodeError> {
        let method = self.method().ok_or(bad(ErrorKind::InvalidStartLine))?;
        if !crate::decode::is_ident(tid.as_bytes()) {
            return Err(bad(ErrorKind::InvalidTransactionId));
        }
        let (to, from) = rotate_paths(self.header("To-Path"), self.header("From-Path"))?;
        let headers = forwarded_headers(self.headers(), &to, &from);
        assemble(
            &format!("MSRP {tid} {method}"),
            &headers,
            self.body(),
            tid,
            self.flag(),
        )
    }
}

/// A request being forwarded by a [`Rechunker`].
#[derive(Debug)]
struct Forwarding {
    method: String,
    /// Rotated headers; Byte-Range (for SEND) at `range_at`.
    headers: Vec<(String, String)>,
    range_at: Option<usize>,
    has_body: bool,
    /// 0-based offset in the message of the next body octet.
    next: u64,
    total: Option<u64>,
    /// No Byte-Range came: the whole message is this frame, so the last chunk states the total.
    implicit_range: bool,
    /// Body held for a non-SEND request (forwarded whole).
    whole: BytesMut,
    sent_any: bool,
}

/// Forwards frames that a [`PieceDecoder`](crate::PieceDecoder) delivers in pieces, one hop on
/// (as [`Frame::forward`]), re-chunking SEND bodies into chunks of at most `max_chunk` octets with
/// their own Byte-Range, transaction ids and `+` flags (the last keeps the received flag). A
/// chunk of any size passes through while only one piece is held: RFC 4976 lets relays
/// re-chunk, and this is how a relay forwards a 4 GiB chunk without 4 GiB of memory.
///
/// ```
/// use bytes::BytesMut;
/// use rcs_msrp::{ParseOptions, PieceDecoder, Rechunker};
/// let mut dec = PieceDecoder::new(ParseOptions::new());
/// let mut relay = Rechunker::new(4, "rly");
/// let mut buf = BytesMut::from(&b"MSRP a1b2 SEND\r\nTo-Path: msrp://relay.example:2855;tcp msrp://bob.example:2855/s2;tcp\r\nFrom-Path: msrp://alice.example:2855/s1;tcp\r\nMessage-ID: m1\r\nByte-Range: 1-10/10\r\nContent-Type: text/plain\r\n\r\n0123456789\r\n-------a1b2$\r\n"[..]);
/// let mut out = Vec::new();
/// while let Some(p) = dec.decode(&mut buf)? {
///     out.extend(relay.push(p)?);
/// }
/// let ranges: Vec<_> = out.iter().map(|f| f.header("Byte-Range").unwrap()).collect();
/// assert_eq!(ranges, ["1-4/10", "5-8/10", "9-10/10"]);
/// assert_eq!(out[0].header("To-Path"), Some("msrp://bob.example:2855/s2;tcp"));
/// assert_eq!(out[0].from_path().count(), 2);
/// # Ok::<(), rcs_msrp::DecodeError>(())
/// ```
#[derive(Debug)]
pub struct Rechunker {
    max_chunk: usize,
    tid_prefix: String,
    counter: u32,
    current: Option<Forwarding>,
    held: Option<Bytes>,
}

impl Rechunker {
    /// Chunks of at most `max_chunk` octets (at least 1); transaction ids `<prefix><counter>`.
    pub fn new(max_chunk: usize, tid_prefix: &str) -> Self {
        Self {
            max_chunk: max_chunk.max(1),
            tid_prefix: tid_prefix.into(),
            counter: 0,
            current: None,
            held: None,
        }
    }

    /// Take the next piece; the frames to send on (often none, or several for a large piece).
    /// After an error the frame is dropped: its remaining pieces are refused until the next head.
    pub fn push(&mut self, piece: Piece) -> Result<Vec<Frame<'static>>, DecodeError> {
        match piece {
            Piece::Head(h) => {
                self.held = None;
                self.current = Some(self.begin(&h)?);
                Ok(Vec::new())
            }
            Piece::Body(b) => self.body(b),
            Piece::End(flag) => self.end(flag),
        }
    }

    fn begin(&self, h: &FrameHead) -> Result<Forwarding, DecodeError> {
        let method = h.method().ok_or(bad(ErrorKind::InvalidStartLine))?;
        let (to, from) = rotate_paths(h.header("To-Path"), h.header("From-Path"))?;
        let mut headers: Vec<(String, String)> = forwarded_headers(h.headers(), &to, &from)
            .into_iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let is_send = method == "SEND";
        let mut range_at = headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case("Byte-Range"));
        let range = h.byte_range().transpose()?;
        if is_send && range_at.is_none() && h.has_body() {
            headers.insert(2, ("Byte-Range".into(), String::new()));
            range_at = Some(2);
        }
        Ok(Forwarding {
            method: method.to_string(),
            headers,
            range_at: range_at.filter(|_| is_send && h.has_body()),
            has_body: h.has_body(),
            next: range.map_or(0, |r| r.start - 1),
            total: range.and_then(|r| r.total),
            implicit_range: range.is_none(),
            whole: BytesMut::new(),
            sent_any: false,
        })
    }

    fn body(&mut self, b: Bytes) -> Result<Vec<Frame<'static>>, DecodeError> {
        let Some(cur) = &mut self.current else {
            return Err(bad(ErrorKind::InvalidBody));
        };
        if cur.range_at.is_none() {
            // Not a SEND: forwarded whole, so bounded by one chunk. Over it, the frame is
            // dropped: its end-line then forwards nothing.
            if cur.whole.len() + b.len() > self.max_chunk {
                self.current = None;
                return Err(bad(ErrorKind::LimitExceeded(LimitKind::ChunkSize)));
            }
            cur.whole.extend_from_slice(&b);
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        let mut at = 0;
        while at < b.len() {
            let end = (at + self.max_chunk).min(b.len());
            if let Some(prev) = self.held.replace(b.slice(at..end)) {
                out.push(self.chunk(prev, Flag::Continued, false)?);
            }
            at = end;
        }
        Ok(out)
    }

    fn end(&mut self, flag: Flag) -> Result<Vec<Frame<'static>>, DecodeError> {
        let Some(cur) = &mut self.current else {
            return Err(bad(ErrorKind::InvalidEndLine));
        };
        let frame = if cur.range_at.is_some() {
            let last = self.held.take();
            let needs_empty = !cur.sent_any && last.is_none();
            match last {
                Some(body) => Some(self.chunk(body, flag, true)?),
                None if needs_empty => Some(self.chunk(Bytes::new(), flag, true)?),
                None => None,
            }
        } else {
            let whole = core::mem::take(&mut cur.whole).freeze();
            let body = cur.has_body.then_some(whole);
            Some(self.whole(body, flag)?)
        };
        self.current = None;
        Ok(frame.into_iter().collect())
    }

    /// One re-chunked SEND; a body that holds its end-line takes the next transaction id.
    fn chunk(
        &mut self,
        body: Bytes,
        flag: Flag,
        last: bool,
    ) -> Result<Frame<'static>, DecodeError> {
        let Some(cur) = &self.current else {
            return Err(bad(ErrorKind::InvalidBody));
        };
        let start = cur.next + 1;
        let end = cur.next + body.len() as u64;
        let total = match cur.total {
            Some(t) => Some(t),
            None if last && cur.implicit_range && flag == Flag::Complete => Some(end),
            None => None,
        };
        let range = ByteRange::new(start, Some(end), total).to_string();
        let mut headers: Vec<(&str, &str)> = cur
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        if let Some(i) = cur.range_at {
            headers[i].1 = &range;
        }
        let frame = crate::encode::with_fresh_tid(
            &self.tid_prefix,
            &mut self.counter,
            &cur.method,
            &headers,
            Some(&body),
            flag,
        );
        let frame = frame?;
        if let Some(cur) = &mut self.current {
            cur.next = end;
            cur.sent_any = true;
        }
        Ok(frame)
    }

    /// A request forwarded as it came (no body to re-chunk, or not a SEND).
    fn whole(&mut self, body: Option<Bytes>, flag: Flag) -> Result<Frame<'static>, DecodeError> {
        let tid = next_tid(&self.tid_prefix, &mut self.counter);
        let Some(cur) = &self.current else {
            return Err(bad(ErrorKind::InvalidEndLine));
        };
        let headers: Vec<(&str, &str)> = cur
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assemble(
            &format!("MSRP {tid} {}", cur.method),
            &headers,
            body.as_deref(),
            &tid,
            flag,
        )
    }
}

fn next_tid(prefix: &str, counter: &mut u32) -> String {
    *counter = counter.wrapping_add(1);
    format!("{prefix}{counter:08x}")
}

/// `WWW-Authenticate: Digest ...` of a relay's 401 to AUTH (RFC 4976 §5, RFC 2617).
#[derive(Clone, PartialEq, Eq)]
pub struct DigestChallenge {
    /// `realm`.
    pub realm: String,
    /// `nonce`.
    pub nonce: String,
    /// `opaque`, echoed back.
    pub opaque: Option<String>,
    /// `qop` options offered (RFC 4976 wants `auth`).
    pub qop: Option<String>,
    /// `stale=true`: the nonce expired, the credentials were right.
    pub stale: bool,
}

impl fmt::Debug for DigestChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DigestChallenge")
            .field("realm", &self.realm)
            .field("qop", &self.qop)
            .field("stale", &self.stale)
            .finish_non_exhaustive()
    }
}

/// `name=value` pairs of a `Digest` challenge or credentials; values unquoted.
fn digest_params(value: &str, header: &'static str) -> Result<Vec<(String, String)>, DecodeError> {
    let err = |at: usize| DecodeError::new(ErrorKind::InvalidHeaderValue, at).in_header(header);
    let v = value.trim_start();
    let scheme_end = v.find([' ', '\t']).ok_or(err(0))?;
    if !v[..scheme_end].eq_ignore_ascii_case("Digest") {
        return Err(err(0));
    }
    let b = v.as_bytes();
    let mut i = scheme_end;
    let mut out = Vec::new();
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b',') {
            i += 1;
        }
        if i == b.len() {
            return Ok(out);
        }
        let eq = v[i..].find('=').map(|r| i + r).ok_or(err(i))?;
        let name = v[i..eq].trim();
        if name.is_empty()
            || !name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        {
            return Err(err(i));
        }
        i = eq + 1;
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        let mut val = String::new();
        if b.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match b.get(i) {
                    None => return Err(err(i)),
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\\') if i + 1 < b.len() => {
                        val.push(char::from(b[i + 1]));
                        i += 2;
                    }
                    Some(_) => {
                        // Copy the whole UTF-8 character.
                        let c = v[i..].chars().next().ok_or(err(i))?;
                        val.push(c);
                        i += c.len_utf8();
                    }
                }
            }
        } else {
            let end = v[i..].find([',', ' ', '\t']).map_or(v.len(), |r| i + r);
            val.push_str(&v[i..end]);
            i = end;
        }
        out.push((name.to_ascii_lowercase(), val));
    }
}

fn get<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// RFC 2617 §3.2.2 `response` for MD5, with qop `auth` (nonce count and cnonce) or none.
fn digest_response(
    username: &str,
    realm: &str,
    password: &str,
    (method, uri): (&str, &str),
    nonce: &str,
    qop: Option<(u32, &str)>,
) -> String {
    use rcs_base::digest::{DigestAlgorithm, DigestInput, Qop};
    let (nc, cnonce) = qop.unwrap_or((0, ""));
    DigestInput {
        algorithm: DigestAlgorithm::Md5,
        username,
        realm,
        secret: password.as_bytes(),
        nonce,
        method,
        uri,
        qop: qop.map(|_| Qop::Auth),
        nc,
        cnonce,
        body: b"",
    }
    .response()
}

fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

impl DigestChallenge {
    /// The digest `response` of an AUTH to `uri` answering this challenge.
    fn response(
        &self,
        username: &str,
        password: &str,
        uri: &str,
        qop: Option<(u32, &str)>,
    ) -> String {
        digest_response(
            username,
            &self.realm,
            password,
            ("AUTH", uri),
            &self.nonce,
            qop,
        )
    }

    /// A challenge for a relay to send (qop `auth`, as RFC 4976 requires).
    pub fn new(realm: &str, nonce: &str) -> Self {
        Self {
            realm: realm.into(),
            nonce: nonce.into(),
            opaque: None,
            qop: Some("auth".into()),
            stale: false,
        }
    }

    /// Read a `WWW-Authenticate` value. Only MD5 (the default) is accepted: RFC 4976 digest.
    pub fn parse(value: &str) -> Result<Self, DecodeError> {
        let p = digest_params(value, "WWW-Authenticate")?;
        let err = DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("WWW-Authenticate");
        if get(&p, "algorithm").is_some_and(|a| !a.eq_ignore_ascii_case("MD5")) {
            return Err(err);
        }
        Ok(Self {
            realm: get(&p, "realm").ok_or(err)?.into(),
            nonce: get(&p, "nonce").ok_or(err)?.into(),
            opaque: get(&p, "opaque").map(Into::into),
            qop: get(&p, "qop").map(Into::into),
            stale: get(&p, "stale").is_some_and(|s| s.eq_ignore_ascii_case("true")),
        })
    }

    /// The `WWW-Authenticate` value.
    pub fn to_header_value(&self) -> String {
        let mut v = format!(
            "Digest realm={}, nonce={}",
            quote(&self.realm),
            quote(&self.nonce)
        );
        if let Some(q) = &self.qop {
            v.push_str(&format!(", qop={}", quote(q)));
        }
        if let Some(o) = &self.opaque {
            v.push_str(&format!(", opaque={}", quote(o)));
        }
        if self.stale {
            v.push_str(", stale=true");
        }
        v
    }

    /// The `Authorization` value answering this challenge in an AUTH to the relay at `uri`
    /// (the To-Path URI, the digest-uri of RFC 4976), with nonce count `nc` and a fresh `cnonce`.
    pub fn authorization(
        &self,
        username: &str,
        password: &str,
        uri: &str,
        nc: u32,
        cnonce: &str,
    ) -> String {
        let auth_qop = self
            .qop
            .as_deref()
            .is_some_and(|q| q.split(',').any(|o| o.trim().eq_ignore_ascii_case("auth")));
        let qop = auth_qop.then_some((nc, cnonce));
        let response = self.response(username, password, uri, qop);
        let nc = format!("{nc:08x}");
        let mut v = format!(
            "Digest username={}, realm={}, nonce={}, uri={}, response=\"{response}\"",
            quote(username),
            quote(&self.realm),
            quote(&self.nonce),
            quote(uri)
        );
        if auth_qop {
            v.push_str(&format!(", qop=auth, nc={nc}, cnonce={}", quote(cnonce)));
        }
        if let Some(o) = &self.opaque {
            v.push_str(&format!(", opaque={}", quote(o)));
        }
        v
    }

    /// For the relay: whether `authorization` (an AUTH's `Authorization` value) answers this
    /// challenge with `password` for its username, the AUTH having been sent to `to_path_uri`
    /// (its To-Path). The digest-uri is the credentials' `uri` when present (it must then be
    /// that URI), else `to_path_uri`. Compared in constant time.
    pub fn verify(
        &self,
        authorization: &str,
        password: &str,
        to_path_uri: &str,
    ) -> Result<bool, DecodeError> {
        let p = digest_params(authorization, "Authorization")?;
        let err = DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Authorization");
        let username = get(&p, "username").ok_or(err)?;
        let given = get(&p, "response").ok_or(err)?;
        let uri = get(&p, "uri").unwrap_or(to_path_uri);
        if uri != to_path_uri
            || get(&p, "realm") != Some(self.realm.as_str())
            || get(&p, "nonce") != Some(&self.nonce)
        {
            return Ok(false);
        }
        let qop = match get(&p, "qop") {
            Some(q) if q.eq_ignore_ascii_case("auth") => {
                // nc is 8LHEX (RFC 2617 §3.2.2): hashed as sent, so only that form is read.
                let nc = get(&p, "nc").ok_or(err)?;
                if nc.len() != 8 || !nc.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(err);
                }
                let nc = u32::from_str_radix(nc, 16).map_err(|_| err)?;
                Some((nc, get(&p, "cnonce").ok_or(err)?))
            }
            Some(_) => return Err(err),
            None => None,
        };
        let want = self.response(username, password, uri, qop);
        let given = given.to_ascii_lowercase();
        Ok(rcs_base::ct_eq(want.as_bytes(), given.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2617_example_response() {
        // RFC 2617 §3.5: Mufasa / "Circle Of Life", GET /dir/index.html.
        let r = digest_response(
            "Mufasa",
            "testrealm@host.com",
            "Circle Of Life",
            ("GET", "/dir/index.html"),
            "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            Some((1, "0a4f113b")),
        );
        assert_eq!(r, "6629fae49393a05397450978507c4ef1");
    }
}
