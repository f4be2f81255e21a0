//! Wall-clock fields the protocols write (CMPP/SMGP login timestamps, SGIP sequence numbers,
//! receipt dates, CMPP/SMGP message ids), computed from one reading the caller gives and the
//! virtual time since: the engines never read a clock.

use std::time::Instant;

/// Calendar fields of a moment in the configured time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
}

impl Civil {
    /// Seconds since 1970-01-01T00:00:00 shifted by `offset_minutes` (the calendar
    /// arithmetic is rcs-base's).
    pub(crate) fn from_unix(unix: i64, offset_minutes: i32) -> Self {
        let c = rcs_base::time::CivilTime::from_unix(
            unix.saturating_add(i64::from(offset_minutes) * 60),
            0,
        );
        Self {
            year: c.year,
            month: u32::from(c.month),
            day: u32::from(c.day),
            hour: u32::from(c.hour),
            minute: u32::from(c.minute),
            second: u32::from(c.second),
        }
    }

    /// MMDDHHMMSS as a number (CMPP and SMGP timestamps, SGIP sequence numbers).
    pub(crate) fn mmddhhmmss(&self) -> u32 {
        self.month * 100_000_000
            + self.day * 1_000_000
            + self.hour * 10_000
            + self.minute * 100
            + self.second
    }

    /// YYMMDDhhmm (receipt dates).
    pub(crate) fn yymmddhhmm(&self) -> String {
        format!(
            "{:02}{:02}{:02}{:02}{:02}",
            self.year.rem_euclid(100),
            self.month,
            self.day,
            self.hour,
            self.minute
        )
    }
}

/// One wall-clock reading tied to an engine instant.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WallClock {
    pub(crate) at: Instant,
    pub(crate) unix: i64,
    pub(crate) offset_minutes: i32,
}

impl WallClock {
    /// The calendar fields at `now` (never before the reading).
    pub(crate) fn civil(&self, now: Instant) -> Civil {
        let elapsed = now.saturating_duration_since(self.at).as_secs();
        Civil::from_unix(
            self.unix
                .saturating_add(i64::try_from(elapsed).unwrap_or(i64::MAX / 2)),
            self.offset_minutes,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        let c = Civil::from_unix(0, 0);
        assert_eq!((c.year, c.month, c.day, c.hour), (1970, 1, 1, 0));
        // 2024-02-29T23:59:58Z is 2024-03-01 07:59:58 in China (+08:00).
        let c = Civil::from_unix(1_709_251_198, 480);
        assert_eq!(
            (c.year, c.month, c.day, c.hour, c.minute, c.second),
            (2024, 3, 1, 7, 59, 58)
        );
        assert_eq!(c.mmddhhmmss(), 301_075_958);
        assert_eq!(c.yymmddhhmm(), "2403010759");
        let c = Civil::from_unix(1_709_251_198, 0);
        assert_eq!((c.month, c.day), (2, 29));
        let c = Civil::from_unix(-1, 0);
        assert_eq!((c.year, c.month, c.day, c.second), (1969, 12, 31, 59));
    }
}
