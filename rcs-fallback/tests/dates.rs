//! SMS service centre timestamps to and from `SystemTime`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use rcs_fallback::Timestamp;
use std::time::{Duration, UNIX_EPOCH};

#[test]
fn local_time_at_an_offset() {
    // 2026-12-05 19:00:48 at +08:00 (32 quarter hours) is 11:00:48 UTC.
    let ts = Timestamp::new(26, 12, 5, 19, 0, 48, 32);
    let utc = UNIX_EPOCH + Duration::from_secs(1_796_468_448);
    assert_eq!(ts.to_system_time(), Some(utc));
    assert_eq!(Timestamp::from_system_time(utc, 32), ts);
    assert_eq!(ts.to_string(), "2026-12-05T19:00:48+08:00");
    // West of Greenwich.
    let ts = Timestamp::new(26, 12, 5, 6, 0, 48, -20);
    assert_eq!(ts.to_system_time(), Some(utc));
    // Dates that do not exist, and non-decimal digits, have no instant.
    assert_eq!(Timestamp::new(26, 2, 30, 0, 0, 0, 0).to_system_time(), None);
    assert_eq!(Timestamp::new(26, 1, 1, 24, 0, 0, 0).to_system_time(), None);
    assert_eq!(Timestamp([0xFF; 7]).to_system_time(), None);
}

proptest! {
    #[test]
    fn round_trips_in_2000_to_2099(secs in 946_684_800u64 + 86_400..4_102_444_800 - 86_400, q in -79i8..=79) {
        let t = UNIX_EPOCH + Duration::from_secs(secs);
        let ts = Timestamp::from_system_time(t, q);
        prop_assert_eq!(ts.quarter_hours(), Some(q));
        prop_assert_eq!(ts.to_system_time(), Some(t));
    }
}
