//! Hostile bytes read as a conference-info document (RFC 4575): see `xml_common.rs`.
#![no_main]

#[path = "xml_common.rs"]
mod xml_common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| xml_common::round_trip::<rcs_cpim::ConferenceInfo>(data));
