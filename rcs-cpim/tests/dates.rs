//! CPIM `DateTime` values to and from `SystemTime`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use rcs_cpim::DateTime;
use std::time::{Duration, UNIX_EPOCH};

#[test]
fn offsets_and_fractions() {
    // RFC 3862 §4's example, at −08:00.
    let d = DateTime::parse("2000-12-13T13:40:00-08:00").unwrap();
    assert_eq!(
        d.to_system_time(),
        Some(UNIX_EPOCH + Duration::from_secs(976_743_600))
    );
    let d = DateTime::parse("2000-12-13T21:40:00.25Z").unwrap();
    assert_eq!(
        d.to_system_time(),
        Some(UNIX_EPOCH + Duration::from_secs(976_743_600) + Duration::from_millis(250))
    );
    let t = UNIX_EPOCH + Duration::from_secs(976_743_600);
    assert_eq!(DateTime::format_system_time(t), "2000-12-13T21:40:00Z");
    assert_eq!(
        DateTime::format_system_time(t + Duration::from_nanos(120_000_000)),
        "2000-12-13T21:40:00.12Z"
    );
}

proptest! {
    #[test]
    fn format_then_parse_is_the_same_instant(secs in 0u64..4_102_444_800, nanos in 0u32..1_000_000_000) {
        let t = UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_nanos(u64::from(nanos));
        let text = DateTime::format_system_time(t);
        let d = DateTime::parse(&text).unwrap();
        prop_assert_eq!(d.to_system_time(), Some(t), "{}", text);
    }
}
