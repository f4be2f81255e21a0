//! Any bytes as an MMS PDU (strict and lenient) or a WSP push: decoded or refused, never a
//! panic; a decoded PDU re-encodes to the input exactly (values are kept as sent) and every
//! typed accessor answers without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_fallback::mms::{Body, MmsOptions, MmsPdu, WapPush};

fuzz_target!(|data: &[u8]| {
    for options in [
        MmsOptions::default(),
        MmsOptions::new().allow_truncated_body(true),
    ] {
        if let Ok(p) = MmsPdu::parse_with(data, &options) {
            serde_json::to_vec(&p).expect("a PDU serializes");
            assert_eq!(p.to_bytes(), data);
            assert_eq!(p.encoded_len(), data.len());
            let _ = (
                p.message_type(),
                p.transaction_id(),
                p.version(),
                p.from(),
                p.to(),
                p.cc(),
            );
            let _ = (
                p.subject(),
                p.date(),
                p.message_size(),
                p.content_location(),
                p.expiry(),
            );
            let _ = (p.message_id(), p.status(), p.content_type());
            if let Body::Multipart(parts) = &p.body {
                for part in parts {
                    let _ = (
                        part.content_type(),
                        part.content_id(),
                        part.content_location(),
                    );
                }
            }
        }
    }
    if let Ok(push) = WapPush::parse(data) {
        let _ = MmsPdu::parse(push.body);
    }
});
