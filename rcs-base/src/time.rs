//! Calendar arithmetic for the dates the protocols carry (CPIM `DateTime`, SIP `Date`, SMS
//! timestamps) and their conversion to and from [`SystemTime`]. No clock is read here: the
//! caller passes the time in.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A UTC calendar date and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CivilTime {
    /// Year (proleptic Gregorian).
    pub year: i64,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59 (a leap second is counted as the next minute's first).
    pub second: u8,
    /// Nanoseconds, 0–999,999,999.
    pub nanos: u32,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
/// Years beyond ±10¹¹ are clamped there, so this and [`CivilTime::unix`] stay in range for
/// any input.
pub const fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    const FAR: i64 = 100_000_000_000;
    let year = if year > FAR {
        FAR
    } else if year < -FAR {
        -FAR
    } else {
        year
    };
    let (m, d) = (month as i64, day as i64);
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub const fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// The day of the week of a day count since 1970-01-01: 0 = Sunday … 6 = Saturday.
pub const fn weekday(days: i64) -> u8 {
    // 1970-01-01 was a Thursday.
    (days + 4).rem_euclid(7) as u8
}

impl CivilTime {
    /// Seconds since 1970-01-01T00:00:00Z (negative before), and the nanoseconds.
    pub const fn unix(&self) -> (i64, u32) {
        let days = days_from_civil(self.year, self.month, self.day);
        let secs =
            days * 86_400 + self.hour as i64 * 3600 + self.minute as i64 * 60 + self.second as i64;
        (secs, self.nanos)
    }

    /// The UTC date and time `unix_seconds` (and `nanos`) after the epoch.
    pub const fn from_unix(unix_seconds: i64, nanos: u32) -> Self {
        let days = unix_seconds.div_euclid(86_400);
        let rem = unix_seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem / 60 % 60) as u8,
            second: (rem % 60) as u8,
            nanos: if nanos > 999_999_999 {
                999_999_999
            } else {
                nanos
            },
        }
    }

    /// This time as a `SystemTime`; `None` when the platform cannot represent it.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let (secs, nanos) = self.unix();
        to_system_time(secs, nanos)
    }

    /// The UTC date and time of a `SystemTime`.
    pub fn from_system_time(t: SystemTime) -> Self {
        let (secs, nanos) = unix_of(t);
        Self::from_unix(secs, nanos)
    }
}

/// A `SystemTime` from seconds (negative before 1970) and nanoseconds since the epoch.
pub fn to_system_time(unix_seconds: i64, nanos: u32) -> Option<SystemTime> {
    let nanos = Duration::from_nanos(u64::from(nanos.min(999_999_999)));
    if unix_seconds >= 0 {
        UNIX_EPOCH.checked_add(Duration::from_secs(unix_seconds.unsigned_abs()) + nanos)
    } else {
        UNIX_EPOCH
            .checked_sub(Duration::from_secs(unix_seconds.unsigned_abs()))?
            .checked_add(nanos)
    }
}

/// Seconds (negative before 1970, rounded down) and nanoseconds since the epoch.
pub fn unix_of(t: SystemTime) -> (i64, u32) {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Err(e) => {
            let d = e.duration();
            let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            match d.subsec_nanos() {
                0 => (-secs, 0),
                n => (-secs - 1, 1_000_000_000 - n),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(weekday(0), 4, "Thursday");
        // RFC 1123's example: Sun, 06 Nov 1994 08:49:37 GMT.
        let t = CivilTime {
            year: 1994,
            month: 11,
            day: 6,
            hour: 8,
            minute: 49,
            second: 37,
            nanos: 0,
        };
        assert_eq!(t.unix(), (784_111_777, 0));
        assert_eq!(weekday(days_from_civil(1994, 11, 6)), 0);
        assert_eq!(CivilTime::from_unix(784_111_777, 0), t);
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        let start = days_from_civil(1900, 1, 1);
        let mut last = (1899, 12, 31);
        for days in start..start + 146_097 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!((y, m, d) > last);
            last = (y, m, d);
        }
    }

    #[test]
    fn no_overflow_at_the_extremes() {
        for year in [i64::MIN, -100_000_000_001, 100_000_000_001, i64::MAX] {
            let _ = days_from_civil(year, 12, 31);
            let t = CivilTime {
                year,
                month: 255,
                day: 255,
                hour: 255,
                minute: 255,
                second: 255,
                nanos: 0,
            };
            let _ = (t.unix(), t.to_system_time());
        }
        for secs in [i64::MIN, i64::MAX] {
            let _ = CivilTime::from_unix(secs, u32::MAX);
            let _ = to_system_time(secs, u32::MAX);
        }
    }

    #[test]
    fn system_time_both_sides_of_the_epoch() {
        for (secs, nanos) in [
            (0, 0),
            (1, 5),
            (-1, 0),
            (-1, 999_999_999),
            (1_700_000_000, 123),
            (-86_401, 1),
        ] {
            let t = to_system_time(secs, nanos).unwrap();
            assert_eq!(unix_of(t), (secs, nanos));
            let c = CivilTime::from_system_time(t);
            assert_eq!(c.to_system_time(), Some(t));
        }
    }
}
