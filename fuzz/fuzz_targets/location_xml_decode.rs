//! bytes → push location → XML → push location: equal (strict and lenient).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_cpim::{PushLocation, XmlOptions};

fuzz_target!(|data: &[u8]| {
    for lenient in [false, true] {
        let opts = XmlOptions {
            lenient,
            ..XmlOptions::default()
        };
        let Ok(mut d) = PushLocation::parse(data, &opts) else {
            continue;
        };
        let mut again =
            PushLocation::parse(d.to_xml().as_bytes(), &opts).expect("written documents read back");
        d.warnings.clear();
        again.warnings.clear();
        assert_eq!(again, d);
    }
});
