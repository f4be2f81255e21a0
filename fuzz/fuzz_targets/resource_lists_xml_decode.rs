//! bytes → resource-lists → XML → resource-lists: equal (strict and lenient).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_cpim::{ResourceLists, XmlOptions};

fuzz_target!(|data: &[u8]| {
    for lenient in [false, true] {
        let opts = XmlOptions {
            lenient,
            ..XmlOptions::default()
        };
        let Ok(mut d) = ResourceLists::parse(data, &opts) else {
            continue;
        };
        let mut again = ResourceLists::parse(d.to_xml().as_bytes(), &opts)
            .expect("written documents read back");
        d.warnings.clear();
        again.warnings.clear();
        assert_eq!(again, d);
    }
});
