//! Seconds since the epoch to calendar fields and back (datetime_tai,
//! datetime_untai), UTC only, no leap seconds.
//!
//! The conversion counts in 400-year blocks from 1 March 2000, the way
//! qmail does, and keeps qmail's integer widths: the day number is a C
//! `int` (so absurd inputs wrap rather than fail), and the way back is
//! computed entirely in 32-bit arithmetic, which means that times from
//! 2038 on come back wrapped to 32 bits exactly as the C returns them.
//! Nothing here can panic; every operation that could overflow wraps like
//! the reference build does.

/// Broken-down time, field by field as qmail's `struct datetime` holds it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateTime {
    /// 0..23
    pub hour: i32,
    /// 0..59
    pub min: i32,
    /// 0..59
    pub sec: i32,
    /// Day of the week, 0 = Sunday.
    pub wday: i32,
    /// Day of the month, 1..31.
    pub mday: i32,
    /// Day of the year, 0 = 1 January.
    pub yday: i32,
    /// Month, 0 = January.
    pub mon: i32,
    /// Years since 1900.
    pub year: i32,
}

/// Days from 1 January 1970 to 1 March 2000, the base of the arithmetic.
const MARCH2000: i32 = 11017;
/// Days in 400, 100 and 4 Gregorian years.
const DAYS400: i32 = 146097;
const DAYS100: i32 = 36524;
const DAYS4: i32 = 1461;

/// Splits `t` seconds since the epoch into calendar fields (datetime_tai).
pub fn tai(t: i64) -> DateTime {
    // The C keeps the time of day and the day number in ints.
    let mut tod = (t % 86400) as i32;
    let mut day = (t / 86400) as i32;
    if tod < 0 {
        tod += 86400;
        day = day.wrapping_sub(1);
    }
    let hour = tod / 3600;
    let min = tod % 3600 / 60;
    let sec = tod % 60;

    let mut wday = day.wrapping_add(4) % 7;
    if wday < 0 {
        wday += 7;
    }

    // Count days from 1 March 2000 so that 29 February ends each cycle.
    let mut day = day.wrapping_sub(MARCH2000);
    let mut year = 5 + day / DAYS400;
    day %= DAYS400;
    if day < 0 {
        day += DAYS400;
        year -= 1;
    }
    year *= 4;
    // The last day of a 400-year block is the leap day of its 4th century.
    if day == DAYS400 - 1 {
        year += 3;
        day = DAYS100;
    } else {
        year += day / DAYS100;
        day %= DAYS100;
    }
    year *= 25;
    year += day / DAYS4;
    day %= DAYS4;
    year *= 4;
    // Days before 1 January belong to March..December (306 days).
    let mut yday = i32::from(day < 306);
    if day == DAYS4 - 1 {
        year += 3;
        day = 365;
    } else {
        year += day / 365;
        day %= 365;
    }
    yday += day;

    // Months from March, in tenths of a day: 30.6 days each on average.
    let tenths = day * 10;
    let mut mon = (tenths + 5) / 306;
    let mday = (tenths + 5 - 306 * mon) / 10;
    if mon >= 10 {
        yday -= 306;
        year += 1;
        mon -= 10;
    } else {
        yday += 59;
        mon += 2;
    }

    DateTime {
        hour,
        min,
        sec,
        wday,
        mday: mday + 1,
        yday,
        mon,
        year: year - 1900,
    }
}

/// Seconds since the epoch for the calendar fields `dt` (datetime_untai).
/// Uses hour, min, sec, mday, mon and year; wday and yday are ignored.
/// Computed in wrapping 32-bit arithmetic like the C, then widened.
pub fn untai(dt: &DateTime) -> i64 {
    let mut year = dt.year.wrapping_add(1900);
    let mut mon = dt.mon;
    if mon >= 2 {
        mon -= 2;
    } else {
        mon = mon.wrapping_add(10);
        year = year.wrapping_sub(1);
    }

    let mut day = dt
        .mday
        .wrapping_sub(1)
        .wrapping_mul(10)
        .wrapping_add(5)
        .wrapping_add(mon.wrapping_mul(306))
        / 10;

    if day == 365 {
        year = year.wrapping_sub(3);
        day = DAYS4 - 1;
    } else {
        day = day.wrapping_add(365i32.wrapping_mul(year % 4));
    }
    year /= 4;
    day = day.wrapping_add(DAYS4.wrapping_mul(year % 25));
    year /= 25;
    if day == DAYS100 {
        year = year.wrapping_sub(3);
        day = DAYS400 - 1;
    } else {
        day = day.wrapping_add(DAYS100.wrapping_mul(year % 4));
    }
    year /= 4;
    day = day.wrapping_add(DAYS400.wrapping_mul(year.wrapping_sub(5)));
    day = day.wrapping_add(MARCH2000);

    let secs = day
        .wrapping_mul(24)
        .wrapping_add(dt.hour)
        .wrapping_mul(60)
        .wrapping_add(dt.min)
        .wrapping_mul(60)
        .wrapping_add(dt.sec);
    i64::from(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::tsv::{num, rows};

    /// `tests/data/datetime.tsv` was recorded by a probe program linked with
    /// the reference's datetime.a, date822fmt.o and myctime.o: for each
    /// time it printed datetime_tai's fields, datetime_untai of them, and
    /// both formatted strings.
    #[test]
    fn matches_recorded_c_table() {
        let data = include_str!("../../tests/data/datetime.tsv");
        let mut n = 0;
        for f in rows(data) {
            let t: i64 = num(f[0]);
            let want = DateTime {
                hour: num(f[1]),
                min: num(f[2]),
                sec: num(f[3]),
                wday: num(f[4]),
                mday: num(f[5]),
                yday: num(f[6]),
                mon: num(f[7]),
                year: num(f[8]),
            };
            let dt = tai(t);
            assert_eq!(dt, want, "tai({t})");
            assert_eq!(untai(&dt), num::<i64>(f[9]), "untai(tai({t}))");
            n += 1;
        }
        assert!(n > 400);
    }

    /// `tests/data/datetime_untai.tsv`: datetime_untai of unnormalised and
    /// out-of-range fields (month -1..12, day 0..32, years far away),
    /// recorded from the reference's datetime.a.
    #[test]
    fn untai_matches_recorded_c_table() {
        let data = include_str!("../../tests/data/datetime_untai.tsv");
        let mut n = 0;
        for f in rows(data) {
            let dt = DateTime {
                hour: num(f[0]),
                min: num(f[1]),
                sec: num(f[2]),
                mday: num(f[3]),
                mon: num(f[4]),
                year: num(f[5]),
                ..DateTime::default()
            };
            assert_eq!(untai(&dt), num::<i64>(f[6]), "{dt:?}");
            n += 1;
        }
        assert_eq!(n, 300);
    }
}
