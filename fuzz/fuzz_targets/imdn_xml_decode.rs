//! bytes → IMDN document → XML → document: equal (strict and lenient); hostile XML is an
//! error, never a panic or an unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_cpim::{Imdn, XmlOptions};

fuzz_target!(|data: &[u8]| {
    for lenient in [false, true] {
        let opts = XmlOptions {
            lenient,
            ..XmlOptions::default()
        };
        let Ok(i) = Imdn::parse(data, &opts) else {
            continue;
        };
        let xml = i.to_xml();
        let again = Imdn::parse(xml.as_bytes(), &opts).expect("written documents read back");
        let strip = |mut d: Imdn| {
            d.warnings.clear();
            d
        };
        assert_eq!(strip(again), strip(i));
    }
});
