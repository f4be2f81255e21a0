//! HTTP Digest (RFC 2617, RFC 7616, RFC 8760; RFC 3310's AKAv1-MD5): the `response` value,
//! computed from its inputs. Reading challenges and credentials is each protocol's own (SIP's
//! `WWW-Authenticate`, MSRP's); the arithmetic is here once.
//!
//! ```
//! use rcs_base::digest::{DigestAlgorithm, DigestInput, Qop};
//!
//! // RFC 2617 §3.5's example.
//! let input = DigestInput {
//!     algorithm: DigestAlgorithm::Md5,
//!     username: "Mufasa",
//!     realm: "testrealm@host.com",
//!     secret: b"Circle Of Life",
//!     nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
//!     method: "GET",
//!     uri: "/dir/index.html",
//!     qop: Some(Qop::Auth),
//!     nc: 1,
//!     cnonce: "0a4f113b",
//!     body: b"",
//! };
//! assert_eq!(input.response(), "6629fae49393a05397450978507c4ef1");
//! ```

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
        Self::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(t))
    }

    /// Every algorithm.
    pub const ALL: [Self; 7] = [
        Self::Md5,
        Self::Md5Sess,
        Self::Sha256,
        Self::Sha256Sess,
        Self::Sha512_256,
        Self::Sha512_256Sess,
        Self::AkaV1Md5,
    ];

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

    /// Whether this is a `-sess` algorithm (HA1 also hashes the nonce and cnonce).
    pub fn is_sess(self) -> bool {
        matches!(
            self,
            Self::Md5Sess | Self::Sha256Sess | Self::Sha512_256Sess
        )
    }

    /// Lower-case hex of the algorithm's hash of the concatenated parts.
    pub fn hex(self, parts: &[&[u8]]) -> String {
        fn run<D: sha2::Digest>(parts: &[&[u8]]) -> String {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            crate::hex::encode(&d.finalize())
        }
        match self {
            Self::Md5 | Self::Md5Sess | Self::AkaV1Md5 => run::<Md5>(parts),
            Self::Sha256 | Self::Sha256Sess => run::<Sha256>(parts),
            Self::Sha512_256 | Self::Sha512_256Sess => run::<Sha512_256>(parts),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn input(algorithm: DigestAlgorithm, qop: Option<Qop>) -> DigestInput<'static> {
        DigestInput {
            algorithm,
            username: "Mufasa",
            realm: "http-auth@example.org",
            secret: b"Circle of Life",
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            method: "GET",
            uri: "/dir/index.html",
            qop,
            nc: 1,
            cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
            body: b"",
        }
    }

    #[test]
    fn rfc_7616_examples() {
        // RFC 7616 §3.9.1, MD5 and SHA-256.
        assert_eq!(
            input(DigestAlgorithm::Md5, Some(Qop::Auth)).response(),
            "8ca523f5e9506fed4657c9700eebdbec"
        );
        assert_eq!(
            input(DigestAlgorithm::Sha256, Some(Qop::Auth)).response(),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
    }

    #[test]
    fn rfc_2617_example() {
        let i = DigestInput {
            algorithm: DigestAlgorithm::Md5,
            username: "Mufasa",
            realm: "testrealm@host.com",
            secret: b"Circle Of Life",
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            method: "GET",
            uri: "/dir/index.html",
            qop: Some(Qop::Auth),
            nc: 1,
            cnonce: "0a4f113b",
            body: b"",
        };
        assert_eq!(i.response(), "6629fae49393a05397450978507c4ef1");
        assert!(!format!("{i:?}").contains("Circle"));
    }

    #[test]
    fn tokens() {
        for a in DigestAlgorithm::ALL {
            assert_eq!(
                DigestAlgorithm::from_token(&a.as_str().to_lowercase()),
                Some(a)
            );
        }
        assert_eq!(DigestAlgorithm::from_token("SHA-1"), None);
    }
}
