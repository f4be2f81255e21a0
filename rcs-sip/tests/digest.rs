//! Digest known answers (RFC 2617 §3.5, RFC 7616 §3.9.1; the others cross-checked with Python's
//! hashlib) and the challenge → credentials → verify round trip.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_sip::*;

fn input<'a>(algorithm: DigestAlgorithm, qop: Option<Qop>) -> DigestInput<'a> {
    DigestInput {
        algorithm,
        username: "alice",
        realm: "atlanta.com",
        secret: b"secret",
        nonce: "84a4cc6f3082121f32b42a2187831a9e",
        method: "INVITE",
        uri: "sip:bob@biloxi.com",
        qop,
        nc: 1,
        cnonce: "0a4f113b",
        body: b"",
    }
}

#[test]
fn rfc_known_answers() {
    let mut i = DigestInput {
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
    assert_eq!(
        i.response(),
        "6629fae49393a05397450978507c4ef1",
        "RFC 2617 3.5"
    );
    i.realm = "http-auth@example.org";
    i.secret = b"Circle of Life";
    i.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    i.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    assert_eq!(
        i.response(),
        "8ca523f5e9506fed4657c9700eebdbec",
        "RFC 7616 3.9.1 MD5"
    );
    i.algorithm = DigestAlgorithm::Sha256;
    assert_eq!(
        i.response(),
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
        "RFC 7616 3.9.1 SHA-256"
    );
}

#[test]
fn sess_auth_int_and_aka_known_answers() {
    assert_eq!(
        input(DigestAlgorithm::Md5Sess, Some(Qop::Auth)).response(),
        "59a4f3b1a45097d4c46c83b565f1b45b"
    );
    let mut i = input(DigestAlgorithm::Sha256, None);
    i.method = "REGISTER";
    assert_eq!(
        i.response(),
        "e2555ab168dfc96af41150bc2086d6b6009626ae5381ebd8e1ca29e286226e46"
    );
    let mut i = input(DigestAlgorithm::Sha512_256, Some(Qop::AuthInt));
    i.nonce = "n1";
    i.method = "MESSAGE";
    i.body = b"hello";
    assert_eq!(
        i.response(),
        "6a608762606336a96640b8a6fff8f454edaaaa6d5a90c127a949ea6bb5e77215"
    );
    // RFC 3310: the secret is the AKA RES, as octets.
    let res = [0xa5, 0x42, 0x11, 0xd5, 0xe3, 0xba, 0x50, 0xbf];
    let aka = DigestInput {
        algorithm: DigestAlgorithm::AkaV1Md5,
        username: "460001234567890@ims.mnc000.mcc460.3gppnetwork.org",
        realm: "ims.mnc000.mcc460.3gppnetwork.org",
        secret: &res,
        nonce: "CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz==",
        method: "REGISTER",
        uri: "sip:ims.mnc000.mcc460.3gppnetwork.org",
        qop: Some(Qop::Auth),
        nc: 1,
        cnonce: "0a4f113b",
        body: b"",
    };
    assert_eq!(aka.response(), "d37c644c60d6dde8492926a53b847822");
    assert!(!format!("{aka:?}").contains("165"), "secret redacted");
}

fn auth(kind: KnownHeader, v: &str) -> Auth<'_> {
    LineValues::<Auth<'_>>::new(kind, v)
        .next()
        .unwrap()
        .unwrap()
}

#[test]
fn challenge_credentials_verify_round_trip() {
    for alg in [
        "MD5",
        "MD5-sess",
        "SHA-256",
        "SHA-256-sess",
        "SHA-512-256",
        "SHA-512-256-sess",
        "AKAv1-MD5",
    ] {
        for qop in [None, Some("auth"), Some("auth-int"), Some("auth,auth-int")] {
            let mut ch = format!(
                "Digest realm=\"ims.example.com\", nonce=\"abc123==\", algorithm={alg}, opaque=\"op\""
            );
            if let Some(q) = qop {
                ch += &format!(", qop=\"{q}\"");
            }
            let challenge = auth(KnownHeader::WwwAuthenticate, &ch);
            let client = DigestClient {
                username: "user@ims.example.com",
                secret: b"pw\"x",
                cnonce: "c-n",
                nc: 3,
            };
            let value = client
                .authorize(&challenge, "REGISTER", "sip:ims.example.com", b"body")
                .unwrap();
            let creds = auth(KnownHeader::Authorization, &value);
            assert_eq!(creds.param("opaque").unwrap(), "op");
            assert_eq!(creds.param("algorithm").unwrap(), alg);
            assert!(
                verify_digest(&creds, "REGISTER", b"pw\"x", b"body").unwrap(),
                "{alg} {qop:?}"
            );
            assert!(!verify_digest(&creds, "REGISTER", b"wrong", b"body").unwrap());
            assert!(!verify_digest(&creds, "INVITE", b"pw\"x", b"body").unwrap());
            if qop == Some("auth-int") {
                assert!(!verify_digest(&creds, "REGISTER", b"pw\"x", b"other").unwrap());
            }
            // The message carrying the credentials parses and types cleanly.
            let msg = MessageBuilder::request("REGISTER", "sip:ims.example.com")
                .header(KnownHeader::Authorization, &value)
                .build()
                .unwrap();
            assert!(msg.headers().all(|h| h.check().is_ok()));
        }
    }
}

#[test]
fn digest_errors() {
    let client = DigestClient {
        username: "u",
        secret: b"p",
        cnonce: "c",
        nc: 1,
    };
    let basic = auth(KnownHeader::WwwAuthenticate, "Basic realm=\"x\"");
    assert_eq!(
        client.authorize(&basic, "REGISTER", "sip:x", b""),
        Err(DigestError::NotDigest)
    );
    let no_nonce = auth(KnownHeader::WwwAuthenticate, "Digest realm=\"x\"");
    assert_eq!(
        client.authorize(&no_nonce, "REGISTER", "sip:x", b""),
        Err(DigestError::MissingParam("nonce"))
    );
    let bad_alg = auth(
        KnownHeader::WwwAuthenticate,
        "Digest realm=\"x\", nonce=\"n\", algorithm=SHA-1",
    );
    assert_eq!(
        client.authorize(&bad_alg, "REGISTER", "sip:x", b""),
        Err(DigestError::UnsupportedAlgorithm)
    );
    let bad_qop = auth(
        KnownHeader::WwwAuthenticate,
        "Digest realm=\"x\", nonce=\"n\", qop=\"foo\"",
    );
    assert_eq!(
        client.authorize(&bad_qop, "REGISTER", "sip:x", b""),
        Err(DigestError::UnsupportedQop)
    );
    let creds = auth(
        KnownHeader::Authorization,
        "Digest username=\"u\", realm=\"x\", nonce=\"n\", uri=\"sip:x\", response=\"00\", qop=auth, nc=1, cnonce=\"c\"",
    );
    assert_eq!(
        verify_digest(&creds, "REGISTER", b"p", b""),
        Err(DigestError::InvalidNonceCount)
    );
    let creds = auth(
        KnownHeader::Authorization,
        "Digest username=\"u\", realm=\"x\", nonce=\"n\", uri=\"sip:x\", response=\"00\", qop=auth, nc=00000001",
    );
    assert_eq!(
        verify_digest(&creds, "REGISTER", b"p", b""),
        Err(DigestError::MissingParam("cnonce"))
    );
}
