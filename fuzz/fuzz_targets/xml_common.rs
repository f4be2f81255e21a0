//! Shared by the XML body targets: bytes → document → XML → document must be equal, strictly and
//! leniently (warnings aside); hostile XML is an error, never a panic or an unbounded allocation.

use rcs_cpim::{XmlBody, XmlOptions};

pub fn round_trip<T: XmlBody + PartialEq + core::fmt::Debug>(data: &[u8]) {
    for lenient in [false, true] {
        let opts = XmlOptions {
            lenient,
            ..XmlOptions::default()
        };
        let Ok(mut d) = T::parse(data, &opts) else {
            continue;
        };
        let mut again =
            T::parse(d.to_xml().as_bytes(), &opts).expect("written documents read back");
        d.clear_warnings();
        again.clear_warnings();
        assert_eq!(again, d);
    }
}
