//! HTTP Digest for SIP: RFC 2617 (MD5, MD5-sess, qop auth/auth-int), RFC 7616 and RFC 8760
//! (SHA-256, SHA-512/256 and their -sess forms), RFC 3310 (AKAv1-MD5: the secret is the AKA RES).
//! Computes responses, answers challenges, verifies credentials (in constant time).

use crate::headers::Auth;
use core::fmt;
use md5::Md5;
use sha2::{Sha256, Sha512_256};

/// A digest algorithm token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// `MD5` (also the default when `algorithm` is absent).
    Md5,
    /// `MD5-sess`.
    Md5Sess,
    /// `SHA-256`.
    Sha256,
    /// `SHA-256-sess`.
    Sha256Sess,
    /// `SHA-512-256`.
    Sha512_256,
    /// `SHA-512-256-sess`.
    Sha512_256Sess,
    /// `AKAv1-MD5` (RFC 3310): MD5 with the AKA RES octets as the secret.
    AkaV1Md5,
}

impl DigestAlgorithm {
    /// The algorithm named by a token (case-insensitive).
    pub fn from_token(t: &str) -> Option<Self> {
        [
            Self::Md5,
            Self::Md5Sess,
            Self::Sha256,
            Self::Sha256Sess,
            Self::Sha512_256,
            Self::Sha512_256Sess,
            Self::AkaV1Md5,
        ]
        .into_iter()
        .find(|a| a.as_str().eq_ignore_ascii_case(t))
    }

    /// The token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Md5 => "MD5",
            Self::Md5Sess => "MD5-sess",
            Self::Sha256 => "SHA-256",
            Self::Sha256Sess => "SHA-256-sess",
            Self::Sha512_256 => "SHA-512-256",
            Self::Sha512_256Sess => "SHA-512-256-sess",
            Self::AkaV1Md5 => "AKAv1-MD5",
        }
    }

    fn is_sess(self) -> bool {
        matches!(
            self,
            Self::Md5Sess | Self::Sha256Sess | Self::Sha512_256Sess
        )
    }

    /// Lower-case hex of the hash of the concatenated parts.
    fn hex(self, parts: &[&[u8]]) -> String {
        fn run<D: sha2::Digest>(parts: &[&[u8]]) -> String {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            hex(&d.finalize())
        }
        match self {
            Self::Md5 | Self::Md5Sess | Self::AkaV1Md5 => run::<Md5>(parts),
            Self::Sha256 | Self::Sha256Sess => run::<Sha256>(parts),
            Self::Sha512_256 | Self::Sha512_256Sess => run::<Sha512_256>(parts),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

/// Quality of protection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qop {
    /// `auth`.
    Auth,
    /// `auth-int`: the body is hashed into the response.
    AuthInt,
}

impl Qop {
    /// The token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::AuthInt => "auth-int",
        }
    }
}

/// Everything a digest response is computed from.
#[derive(Clone, Copy)]
pub struct DigestInput<'a> {
    /// Algorithm.
    pub algorithm: DigestAlgorithm,
    /// `username`.
    pub username: &'a str,
    /// `realm`.
    pub realm: &'a str,
    /// The password, or for AKAv1-MD5 the RES octets.
    pub secret: &'a [u8],
    /// `nonce`.
    pub nonce: &'a str,
    /// The request method.
    pub method: &'a str,
    /// `uri` (the digest-uri, as it appears in the credentials).
    pub uri: &'a str,
    /// `qop`, if the challenge offered one (RFC 2069 compatibility when `None`).
    pub qop: Option<Qop>,
    /// `nc`, the nonce count.
    pub nc: u32,
    /// `cnonce` (used with qop and with the -sess algorithms).
    pub cnonce: &'a str,
    /// The body, hashed in for `auth-int`.
    pub body: &'a [u8],
}

impl fmt::Debug for DigestInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DigestInput")
            .field("algorithm", &self.algorithm)
            .field("username", &self.username)
            .field("realm", &self.realm)
            .field("secret", &"<redacted>")
            .field("nonce", &self.nonce)
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("qop", &self.qop)
            .field("nc", &self.nc)
            .field("cnonce", &self.cnonce)
            .finish_non_exhaustive()
    }
}

impl DigestInput<'_> {
    /// The `response` value: lower-case hex.
    pub fn response(&self) -> String {
        let a = self.algorithm;
        let mut ha1 = a.hex(&[
            self.username.as_bytes(),
            b":",
            self.realm.as_bytes(),
            b":",
            self.secret,
        ]);
        if a.is_sess() {
            ha1 = a.hex(&[
                ha1.as_bytes(),
                b":",
                self.nonce.as_bytes(),
                b":",
                self.cnonce.as_bytes(),
            ]);
        }
        let ha2 = match self.qop {
            Some(Qop::AuthInt) => {
                let hbody = a.hex(&[self.body]);
                a.hex(&[
                    self.method.as_bytes(),
                    b":",
                    self.uri.as_bytes(),
                    b":",
                    hbody.as_bytes(),
                ])
            }
            _ => a.hex(&[self.method.as_bytes(), b":", self.uri.as_bytes()]),
        };
        match self.qop {
            Some(q) => {
                let nc = format!("{:08x}", self.nc);
                a.hex(&[
                    ha1.as_bytes(),
                    b":",
                    self.nonce.as_bytes(),
                    b":",
                    nc.as_bytes(),
                    b":",
                    self.cnonce.as_bytes(),
                    b":",
                    q.as_str().as_bytes(),
                    b":",
                    ha2.as_bytes(),
                ])
            }
            None => a.hex(&[
                ha1.as_bytes(),
                b":",
                self.nonce.as_bytes(),
                b":",
                ha2.as_bytes(),
            ]),
        }
    }
}

/// Why a challenge could not be answered or credentials could not be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestError {
    /// The scheme is not Digest.
    NotDigest,
    /// A parameter the computation needs is missing.
    MissingParam(&'static str),
    /// The algorithm is not one of [`DigestAlgorithm`].
    UnsupportedAlgorithm,
    /// The qop offered or used is neither auth nor auth-int.
    UnsupportedQop,
    /// `nc` is not eight hex digits.
    InvalidNonceCount,
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotDigest => f.write_str("not a Digest challenge or credentials"),
            Self::MissingParam(p) => write!(f, "missing Digest parameter {p}"),
            Self::UnsupportedAlgorithm => f.write_str("unsupported Digest algorithm"),
            Self::UnsupportedQop => f.write_str("unsupported qop"),
            Self::InvalidNonceCount => f.write_str("nc is not eight hex digits"),
        }
    }
}

impl std::error::Error for DigestError {}

fn algorithm_of(a: &Auth<'_>) -> Result<DigestAlgorithm, DigestError> {
    match a.param("algorithm") {
        None => Ok(DigestAlgorithm::Md5),
        Some(t) => DigestAlgorithm::from_token(&t).ok_or(DigestError::UnsupportedAlgorithm),
    }
}

/// What a client sends back: fills the credentials from a challenge.
#[derive(Clone, Copy)]
pub struct DigestClient<'a> {
    /// `username`.
    pub username: &'a str,
    /// The password, or for AKAv1-MD5 the RES octets.
    pub secret: &'a [u8],
    /// `cnonce` the client chose (fresh and random per nonce).
    pub cnonce: &'a str,
    /// Nonce count: 1 for the first use of a nonce.
    pub nc: u32,
}

impl fmt::Debug for DigestClient<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DigestClient")
            .field("username", &self.username)
            .field("secret", &"<redacted>")
            .field("cnonce", &self.cnonce)
            .field("nc", &self.nc)
            .finish()
    }
}

impl DigestClient<'_> {
    /// The Authorization (or Proxy-Authorization) value answering `challenge` for a request with
    /// this method, Request-URI and body. Prefers `qop=auth`, then `auth-int`.
    pub fn authorize(
        &self,
        challenge: &Auth<'_>,
        method: &str,
        uri: &str,
        body: &[u8],
    ) -> Result<String, DigestError> {
        if !challenge.is_digest() {
            return Err(DigestError::NotDigest);
        }
        let algorithm = algorithm_of(challenge)?;
        let realm = challenge
            .param("realm")
            .ok_or(DigestError::MissingParam("realm"))?;
        let nonce = challenge
            .param("nonce")
            .ok_or(DigestError::MissingParam("nonce"))?;
        let qop = match challenge.param("qop") {
            None => None,
            Some(list) => {
                let offered: Vec<&str> = list.split(',').map(str::trim).collect();
                if offered.iter().any(|q| q.eq_ignore_ascii_case("auth")) {
                    Some(Qop::Auth)
                } else if offered.iter().any(|q| q.eq_ignore_ascii_case("auth-int")) {
                    Some(Qop::AuthInt)
                } else {
                    return Err(DigestError::UnsupportedQop);
                }
            }
        };
        let input = DigestInput {
            algorithm,
            username: self.username,
            realm: &realm,
            secret: self.secret,
            nonce: &nonce,
            method,
            uri,
            qop,
            nc: self.nc,
            cnonce: self.cnonce,
            body,
        };
        let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let mut out = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", response=\"{}\", algorithm={}",
            q(self.username),
            q(&realm),
            q(&nonce),
            q(uri),
            input.response(),
            algorithm.as_str()
        );
        if let Some(qop) = qop {
            out += &format!(
                ", cnonce=\"{}\", qop={}, nc={:08x}",
                q(self.cnonce),
                qop.as_str(),
                self.nc
            );
        } else if algorithm.is_sess() {
            out += &format!(", cnonce=\"{}\"", q(self.cnonce));
        }
        if let Some(opaque) = challenge.param("opaque") {
            out += &format!(", opaque=\"{}\"", q(&opaque));
        }
        Ok(out)
    }
}

/// Check credentials (an Authorization or Proxy-Authorization value) on the server: recompute the
/// response for this method, secret and body, compare in constant time.
pub fn verify(
    credentials: &Auth<'_>,
    method: &str,
    secret: &[u8],
    body: &[u8],
) -> Result<bool, DigestError> {
    if !credentials.is_digest() {
        return Err(DigestError::NotDigest);
    }
    let algorithm = algorithm_of(credentials)?;
    let need = |p: &'static str| credentials.param(p).ok_or(DigestError::MissingParam(p));
    let (username, realm, nonce, uri, response) = (
        need("username")?,
        need("realm")?,
        need("nonce")?,
        need("uri")?,
        need("response")?,
    );
    let qop = match credentials.param("qop") {
        None => None,
        Some(q) if q.eq_ignore_ascii_case("auth") => Some(Qop::Auth),
        Some(q) if q.eq_ignore_ascii_case("auth-int") => Some(Qop::AuthInt),
        Some(_) => return Err(DigestError::UnsupportedQop),
    };
    let cnonce = credentials.param("cnonce").unwrap_or_default();
    let nc = match (qop, credentials.param("nc")) {
        (None, _) => 0,
        (Some(_), None) => return Err(DigestError::MissingParam("nc")),
        (Some(_), Some(nc)) => {
            if nc.len() != 8 {
                return Err(DigestError::InvalidNonceCount);
            }
            u32::from_str_radix(&nc, 16).map_err(|_| DigestError::InvalidNonceCount)?
        }
    };
    if (qop.is_some() || algorithm.is_sess()) && cnonce.is_empty() {
        return Err(DigestError::MissingParam("cnonce"));
    }
    let expected = DigestInput {
        algorithm,
        username: &username,
        realm: &realm,
        secret,
        nonce: &nonce,
        method,
        uri: &uri,
        qop,
        nc,
        cnonce: &cnonce,
        body,
    }
    .response();
    Ok(constant_time_eq(
        expected.as_bytes(),
        response.to_ascii_lowercase().as_bytes(),
    ))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
