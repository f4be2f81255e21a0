//! SIP `Date` values to and from `SystemTime`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use rcs_sip::{KnownHeader, LineValues, SipDate};
use std::time::{Duration, UNIX_EPOCH};

fn date(text: &str) -> SipDate<'_> {
    LineValues::<SipDate<'_>>::new(KnownHeader::Date, text)
        .next()
        .expect("a value")
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn rfc_examples() {
    // RFC 3261 §20.17.
    let d = date("Sat, 13 Nov 2010 23:29:00 GMT");
    assert_eq!(
        d.to_system_time(),
        Some(UNIX_EPOCH + Duration::from_secs(1_289_690_940))
    );
    // RFC 1123's example, written back as it is written.
    let t = UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(
        SipDate::format_system_time(t),
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
    assert_eq!(
        date("Sun, 06 Nov 1994 08:49:37 GMT").to_system_time(),
        Some(t)
    );
    // Fractions are dropped: the grammar has whole seconds.
    assert_eq!(
        SipDate::format_system_time(t + Duration::from_millis(999)),
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
}

proptest! {
    #[test]
    fn format_then_parse_is_the_same_instant(secs in 0u64..4_102_444_800) {
        let t = UNIX_EPOCH + Duration::from_secs(secs);
        let text = SipDate::format_system_time(t);
        let d = date(&text);
        prop_assert_eq!(d.to_system_time(), Some(t), "{}", text);
    }
}

#[test]
fn before_the_epoch() {
    let t = UNIX_EPOCH - Duration::from_secs(86_400);
    assert_eq!(
        SipDate::format_system_time(t),
        "Wed, 31 Dec 1969 00:00:00 GMT"
    );
    assert_eq!(
        date("Wed, 31 Dec 1969 00:00:00 GMT").to_system_time(),
        Some(t)
    );
}
