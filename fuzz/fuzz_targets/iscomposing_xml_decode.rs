//! bytes → isComposing document → XML → document: equal (strict and lenient).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_cpim::{IsComposing, XmlOptions};

fuzz_target!(|data: &[u8]| {
    for lenient in [false, true] {
        let opts = XmlOptions {
            lenient,
            ..XmlOptions::default()
        };
        let Ok(c) = IsComposing::parse(data, &opts) else {
            continue;
        };
        let xml = c.to_xml();
        let again = IsComposing::parse(xml.as_bytes(), &opts).expect("written documents read back");
        let strip = |mut d: IsComposing| {
            d.warnings.clear();
            d
        };
        assert_eq!(strip(again), strip(c));
    }
});
