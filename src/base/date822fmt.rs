//! The two printed date formats: the RFC 822 date qmail puts in Received,
//! Date and queue listings (date822fmt), and the ctime-like stamp on mbox
//! "From " lines (myctime). Both print UTC.

use crate::base::datetime::{self, DateTime};
use crate::base::fmt;

const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];
const DAYS: [&[u8; 3]; 7] = [b"Sun", b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat"];

/// Month abbreviation; fields from [`datetime::tai`] are always in range,
/// anything else prints as `???` instead of reading past the table.
fn month(m: i32) -> &'static [u8] {
    usize::try_from(m)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .map_or(b"???", |s| &s[..])
}

fn weekday(d: i32) -> &'static [u8] {
    usize::try_from(d)
        .ok()
        .and_then(|i| DAYS.get(i))
        .map_or(b"???", |s| &s[..])
}

/// A C int printed the way fmt_uint prints it: as an unsigned int, so a
/// negative value shows as its 32-bit two's complement.
fn uint(v: i32) -> Vec<u8> {
    fmt::ulong(u64::from(v as u32))
}

fn uint0(v: i32, n: usize) -> Vec<u8> {
    fmt::uint0(u64::from(v as u32), n)
}

/// `23 Nov 2026 02:55:37 -0000` and a newline (date822fmt): day of month
/// without padding, four-digit year as is, always "-0000" for the zone.
pub fn date822fmt(dt: &DateTime) -> Vec<u8> {
    let mut s = Vec::with_capacity(32);
    s.extend_from_slice(&uint(dt.mday));
    s.push(b' ');
    s.extend_from_slice(month(dt.mon));
    s.push(b' ');
    s.extend_from_slice(&uint(dt.year.wrapping_add(1900)));
    s.push(b' ');
    push_hms(&mut s, dt);
    s.extend_from_slice(b" -0000\n");
    s
}

/// `HH:MM:SS`, each part zero-padded to two digits.
fn push_hms(s: &mut Vec<u8>, dt: &DateTime) {
    s.extend_from_slice(&uint0(dt.hour, 2));
    s.push(b':');
    s.extend_from_slice(&uint0(dt.min, 2));
    s.push(b':');
    s.extend_from_slice(&uint0(dt.sec, 2));
}

/// `Mon Nov 23 02:55:37 2026` and a newline for `t` seconds since the
/// epoch (myctime): like ctime(3) but in UTC and with the day of month
/// zero-padded instead of space-padded.
pub fn myctime(t: i64) -> Vec<u8> {
    let dt = datetime::tai(t);
    let mut s = Vec::with_capacity(32);
    s.extend_from_slice(weekday(dt.wday));
    s.push(b' ');
    s.extend_from_slice(month(dt.mon));
    s.push(b' ');
    s.extend_from_slice(&uint0(dt.mday, 2));
    s.push(b' ');
    push_hms(&mut s, &dt);
    s.push(b' ');
    s.extend_from_slice(&uint(dt.year.wrapping_add(1900)));
    s.push(b'\n');
    s
}

/// predate's `Date:` header line: the local calendar fields `local`, then
/// the zone offset found by converting both field sets back to seconds
/// (datetime_untai, in the C's unsigned long) and rounding the difference
/// to minutes, `+hhmm` when local is not behind UTC.
pub fn date_header(utc: &DateTime, local: &DateTime) -> Vec<u8> {
    let u = datetime::untai(utc) as u64;
    let l = datetime::untai(local) as u64;
    let mut s = b"Date: ".to_vec();
    s.extend_from_slice(&uint(local.mday));
    s.push(b' ');
    s.extend_from_slice(month(local.mon));
    s.push(b' ');
    s.extend_from_slice(&uint(local.year.wrapping_add(1900)));
    s.push(b' ');
    push_hms(&mut s, local);
    let (sign, diff) = if l < u {
        (b" -", u.wrapping_sub(l))
    } else {
        (b" +", l.wrapping_sub(u))
    };
    // the C keeps the minutes in an int
    let minutes = (diff.wrapping_add(30) / 60) as i32;
    s.extend_from_slice(sign);
    s.extend_from_slice(&uint0(minutes / 60, 2));
    s.extend_from_slice(&uint0(minutes % 60, 2));
    s.push(b'\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::tsv::{num, rows, unesc};

    /// Same table as the datetime tests (`tests/data/datetime.tsv`,
    /// recorded from the reference's date822fmt.o and myctime.o); the last
    /// two columns are date822fmt of datetime_tai(t) and myctime(t).
    #[test]
    fn matches_recorded_c_table() {
        let data = include_str!("../../tests/data/datetime.tsv");
        for f in rows(data) {
            let t: i64 = num(f[0]);
            assert_eq!(
                date822fmt(&datetime::tai(t)),
                unesc(f[10]),
                "date822fmt {t}"
            );
            assert_eq!(myctime(t), unesc(f[11]), "myctime {t}");
        }
    }

    #[test]
    fn date_header_offsets() {
        let utc = datetime::tai(1795402537);
        assert_eq!(
            date_header(&utc, &utc),
            b"Date: 23 Nov 2026 02:55:37 +0000\n"
        );
        let ahead = datetime::tai(1795402537 + 5 * 3600 + 30 * 60);
        assert_eq!(
            date_header(&utc, &ahead),
            b"Date: 23 Nov 2026 08:25:37 +0530\n"
        );
        let behind = datetime::tai(1795402537 - 8 * 3600);
        assert_eq!(
            date_header(&utc, &behind),
            b"Date: 22 Nov 2026 18:55:37 -0800\n"
        );
    }

    #[test]
    fn rfc822_and_ctime_forms_of_one_instant() {
        let dt = datetime::tai(1795402537);
        assert_eq!(date822fmt(&dt), b"23 Nov 2026 02:55:37 -0000\n");
        assert_eq!(myctime(1795402537), b"Mon Nov 23 02:55:37 2026\n");
    }
}
