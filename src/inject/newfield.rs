//! The header fields qmail makes up for a message that lacks them
//! (newfield): `Date:` and `Message-ID:`, both from the same start time,
//! both in UTC, each ending in a newline.

use crate::base::date822fmt::date822fmt;
use crate::base::datetime;
use crate::base::fmt;
use crate::base::stralloc;
use crate::sys::Errno;

/// A C int printed with fmt_uint / fmt_uint0 (as unsigned int).
fn uint(v: i32) -> Vec<u8> {
    fmt::ulong(u64::from(v as u32))
}

fn uint0(v: i32, n: usize) -> Vec<u8> {
    fmt::uint0(u64::from(v as u32), n)
}

/// `Date: 26 Sep 1995 04:46:53 -0000` and a newline, for `when`.
pub fn date(when: i64) -> Result<Vec<u8>, Errno> {
    let mut s = stralloc::of(b"Date: ")?;
    stralloc::cat(&mut s, &date822fmt(&datetime::tai(when)))?;
    Ok(s)
}

/// `Message-ID: <19950926044653.12345.qmail@idhost>` and a newline: the
/// time as YYYYMMDDHHMMSS, the process id `pid`, and `idhost` as it is.
pub fn msgid(idhost: &[u8], when: i64, pid: i32) -> Result<Vec<u8>, Errno> {
    let dt = datetime::tai(when);
    let mut s = stralloc::of(b"Message-ID: <")?;
    stralloc::cat(&mut s, &uint(dt.year.wrapping_add(1900)))?;
    for (v, n) in [
        (dt.mon.wrapping_add(1), 2),
        (dt.mday, 2),
        (dt.hour, 2),
        (dt.min, 2),
        (dt.sec, 2),
    ] {
        stralloc::cat(&mut s, &uint0(v, n))?;
    }
    stralloc::append(&mut s, b'.')?;
    stralloc::cat(&mut s, &uint(pid))?;
    stralloc::cat(&mut s, b".qmail@")?;
    stralloc::cat(&mut s, idhost)?;
    stralloc::cat(&mut s, b">\n")?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_and_message_id_fields_are_formatted_like_stock() {
        // 26 Sep 1995 04:46:53 UTC.
        let t = 812_090_813;
        assert_eq!(date(t).unwrap(), b"Date: 26 Sep 1995 04:46:53 -0000\n");
        assert_eq!(
            msgid(b"silverton.berkeley.edu", t, 12345).unwrap(),
            b"Message-ID: <19950926044653.12345.qmail@silverton.berkeley.edu>\n"
        );
        assert_eq!(
            msgid(b"", 0, 1).unwrap(),
            b"Message-ID: <19700101000000.1.qmail@>\n"
        );
        assert_eq!(date(0).unwrap(), b"Date: 1 Jan 1970 00:00:00 -0000\n");
    }
}
