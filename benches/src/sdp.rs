//! The subjects the SDP bench times (`benches/sdp.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// The SDP offer of the SIP bench INVITE (`sip-bench/invite-sdp-802.sip`): audio, RTP/AVP.
pub fn audio_offer() -> String {
    let invite = String::from_utf8(crate::sip::fixture("invite-sdp-802.sip")).unwrap();
    let at = invite.find("\r\n\r\n").unwrap() + 4;
    invite[at..].to_string()
}

/// RFC 5547 §9.1's file-transfer offer from `msrp/` (MSRP media, file-selector and friends).
pub fn msrp_offer() -> String {
    let b = rcs_testkit::corpus_file("msrp", "rfc5547-s9.1-offer.sdp")
        .unwrap_or_else(|| panic!("the bench needs the corpus"));
    String::from_utf8(b).unwrap()
}

/// rcs-sdp: parse (every line checked against its grammar and the order rules).
pub fn rcs_parse(text: &str) -> usize {
    let s = rcs_sdp::Session::parse(text.as_bytes()).unwrap();
    s.lines().len() + s.media().len()
}

/// rcs-sdp plus typed o=, c=, t=, every m= and every attribute (and the MSRP view where there is
/// one), to compare with webrtc-sdp, which types everything up front.
pub fn rcs_typed(text: &str) -> usize {
    let s = rcs_sdp::Session::parse(text.as_bytes()).unwrap();
    let mut n = s.origin().unwrap().address.len()
        + s.connection().map_or(0, |c| c.address.len())
        + s.times().count();
    for m in s.media() {
        n += usize::from(m.media_line().unwrap().port) + m.attributes().count();
        if let Some(msrp) = m.msrp() {
            msrp.check().unwrap();
            n += msrp.path().count() + msrp.accept_types().count();
        }
    }
    n
}

/// webrtc-sdp (Mozilla): parse into its typed session. It drops media it does not support
/// (`m=message ... TCP/MSRP`).
pub fn webrtc_parse(text: &str) -> usize {
    let s = webrtc_sdp::parse_sdp(text, false).unwrap();
    s.media.len() + s.attribute.len()
}
