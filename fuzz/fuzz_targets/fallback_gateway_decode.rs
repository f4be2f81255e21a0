//! Any bytes as an SMPP, CMPP (2.0 and 3.0), SGIP or SMGP (3.0 and 1.3 layouts) PDU: decoded or
//! refused, never a panic; a decoded PDU encodes to bytes that decode to the same PDU, and
//! those bytes are stable (fixed fields are written NUL-padded).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_fallback::gateway::cmpp::{CmppPdu, CmppVersion};
use rcs_fallback::gateway::sgip::SgipPdu;
use rcs_fallback::gateway::smgp::{SmgpLayout, SmgpPdu};
use rcs_fallback::gateway::smpp::{SmppBody, SmppOptions, SmppPdu};

macro_rules! round_trip {
    ($pdu:expr, $decode:expr) => {{
        let bytes = $pdu.to_bytes();
        assert_eq!($pdu.encoded_len(), bytes.len(), "encoded_len is exact");
        let again = $decode(&bytes).expect("own encoding decodes");
        assert_eq!(again, $pdu);
        assert_eq!(again.to_bytes(), bytes);
        serde_json::to_vec(&$pdu).expect("a PDU serializes");
    }};
}

fuzz_target!(|data: &[u8]| {
    for options in [
        SmppOptions::default(),
        SmppOptions::new().allow_missing_message_id(true),
    ] {
        if let Ok(p) = SmppPdu::parse_with(data, &options) {
            round_trip!(p, |b| SmppPdu::parse_with(b, &options));
            assert_eq!(p.clone().into_owned(), p);
            if let SmppBody::ShortMessage(m) = &p.body {
                if let Ok(ud) = m.user_data() {
                    let _ = ud.text();
                }
            }
        }
    }
    for version in [CmppVersion::V20, CmppVersion::V30] {
        if let Ok(p) = CmppPdu::parse(data, version) {
            round_trip!(p, |b| CmppPdu::parse(b, version));
        }
    }
    if let Ok(p) = SgipPdu::parse(data) {
        round_trip!(p, SgipPdu::parse);
    }
    for layout in [SmgpLayout::V30, SmgpLayout::V13] {
        if let Ok(p) = SmgpPdu::parse(data, layout) {
            round_trip!(p, |b| SmgpPdu::parse(b, layout));
        }
    }
});
