//! HTTP Digest for SIP: RFC 2617 (MD5, MD5-sess, qop auth/auth-int), RFC 7616 and RFC 8760
//! (SHA-256, SHA-512/256 and their -sess forms), RFC 3310 (AKAv1-MD5: the secret is the AKA RES).
//! Computes responses, answers challenges, verifies credentials (in constant time).

use crate::headers::Auth;
use core::fmt;

pub use rcs_base::digest::{DigestAlgorithm, DigestInput, Qop};

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
    Ok(rcs_base::ct_eq(
        expected.as_bytes(),
        response.to_ascii_lowercase().as_bytes(),
    ))
}
