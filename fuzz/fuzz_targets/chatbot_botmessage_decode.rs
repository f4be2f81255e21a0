//! bytes → chatbot body → bytes → body: equal, strictly and leniently; the owned copy equals
//! the borrowed one; `encoded_len` is exact; a strict parse is a faithful parse without
//! warnings; a lenient parse (defaults applied) reads its own output back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_chatbot::{ChatbotBody, ParseOptions, WarningKind};

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
    let out = p.value.to_bytes();
    assert_eq!(out.len(), p.value.encoded_len());
    let again = ChatbotBody::parse_with(&out, &ParseOptions::faithful()).expect("re-parse");
    assert_eq!(again.value, p.value);
    // What the writer keeps as sent still warns; nulls and misspellings are written the
    // canonical way and no longer do.
    let kept = |w: &[rcs_chatbot::Warning]| {
        w.iter()
            .filter(|w| {
                matches!(
                    w.kind,
                    WarningKind::UnknownMember | WarningKind::NumberAsString
                )
            })
            .count()
    };
    assert_eq!(kept(&again.warnings), kept(&p.warnings));
    if strict.is_ok() {
        assert_eq!(ChatbotBody::parse(&out).expect("strict re-parse"), p.value);
    }
    if let Ok(l) = ChatbotBody::parse_with(data, &ParseOptions::lenient()) {
        let out = l.value.to_bytes();
        let again = ChatbotBody::parse_with(&out, &ParseOptions::lenient()).expect("re-parse");
        assert_eq!(again.value, l.value);
    }
    let owned = p.value.clone().into_owned();
    assert_eq!(owned, p.value);
});
