//! bytes → chatbot body → bytes → body: equal, strictly and leniently; the owned copy equals
//! the borrowed one; `encoded_len` is exact; a strict parse is a lenient parse without warnings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_chatbot::{ChatbotBody, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let strict = ChatbotBody::parse(data);
    let lenient = ChatbotBody::parse_with(data, &ParseOptions::faithful());
    if let Ok(s) = &strict {
        let l = lenient.as_ref().expect("strict accepted, lenient must too");
        assert_eq!(&l.value, s);
        assert!(l.warnings.is_empty());
    }
    let Ok(p) = lenient else { return };
    let _ = p.value.kind();
    let out = p.value.to_vec();
    assert_eq!(out.len(), p.value.encoded_len());
    let again = ChatbotBody::parse_with(&out, &ParseOptions::faithful()).expect("re-parse");
    assert_eq!(again.value, p.value);
    assert_eq!(again.warnings.len(), p.warnings.len());
    if strict.is_ok() {
        assert_eq!(ChatbotBody::parse(&out).expect("strict re-parse"), p.value);
    }
    let owned = p.value.clone().into_owned();
    assert_eq!(owned, p.value);
});
