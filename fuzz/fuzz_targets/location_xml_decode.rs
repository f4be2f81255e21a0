//! Hostile bytes read as a geolocation push (RCC.07): see `xml_common.rs`.
#![no_main]

#[path = "xml_common.rs"]
mod xml_common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| xml_common::round_trip::<rcs_cpim::PushLocation>(data));
