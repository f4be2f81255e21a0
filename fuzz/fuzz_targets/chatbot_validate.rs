//! Validation never panics, is deterministic, and gives the same violations for a document
//! and its written-back form, for every profile.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_chatbot::{ChatbotBody, ParseOptions, PersistentMenu, Profile};

fuzz_target!(|data: &[u8]| {
    let profiles = [Profile::GSMA, Profile::CTCU, Profile::CMCC, Profile::RBM];
    if let Ok(p) = ChatbotBody::parse_with(data, &ParseOptions::faithful()) {
        let out = p.value.to_bytes();
        let again = ChatbotBody::parse_with(&out, &ParseOptions::faithful()).expect("re-parse");
        for profile in &profiles {
            let v = p.value.validate(profile);
            assert_eq!(v, p.value.validate(profile));
            assert_eq!(v, again.value.validate(profile));
            for x in &v {
                let _ = x.to_string();
            }
        }
    }
    if let Ok(p) = PersistentMenu::parse_with(data, &ParseOptions::faithful()) {
        for profile in &profiles {
            assert_eq!(p.value.validate(profile), p.value.validate(profile));
        }
    }
});
