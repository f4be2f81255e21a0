//! What the driver's tests share: one self-signed certificate and its two TLS configurations.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

/// The server and client configurations of a certificate for `name`.
pub type TlsPair = (
    std::sync::Arc<rustls::ServerConfig>,
    std::sync::Arc<rustls::ClientConfig>,
);

/// A self-signed certificate for `name`, the server presenting it, a client trusting it.
pub fn make_tls(name: &str) -> TlsPair {
    let cert = rcgen::generate_simple_self_signed(vec![name.into()]).unwrap();
    let der = rustls::pki_types::CertificateDer::from(cert.cert.der().to_vec());
    let key = rustls::pki_types::PrivateKeyDer::try_from(cert.key_pair.serialize_der()).unwrap();
    let server = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![der.clone()], key)
        .unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(der).unwrap();
    let client = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    (std::sync::Arc::new(server), std::sync::Arc::new(client))
}
