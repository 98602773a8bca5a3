//! The queue listing qmail-qread prints: one stats line per message, then
//! one line per recipient still in local/ or remote/. Every byte outside
//! 32..126 of a listed line is shown as `_`.

use qmail::base::byte::cstr;
use qmail::base::date822fmt::date822fmt;
use qmail::base::datetime;
use qmail::base::fmt;

/// Appends `s` with every byte outside 32..126 shown as `_`.
pub fn push_printable(out: &mut Vec<u8>, s: &[u8]) {
    out.extend(
        s.iter()
            .map(|&c| if (32..=126).contains(&c) { c } else { b'_' }),
    );
}

/// `9 Sep 2001 01:46:40 GMT  #ID  SIZE  <SENDER> ` and, for a message
/// being bounced, ` bouncing` (two spaces before it in all), all printable.
/// `sender` is the info file's first record without its leading `F`.
pub fn stats(qtime: i64, id: u64, size: u64, sender: &[u8], bouncing: bool) -> Vec<u8> {
    let mut s = date822fmt(&datetime::tai(qtime));
    // drop " -0000\n"
    s.truncate(s.len().saturating_sub(7));
    s.extend_from_slice(b" GMT  #");
    s.extend_from_slice(&fmt::ulong(id));
    s.extend_from_slice(b"  ");
    s.extend_from_slice(&fmt::ulong(size));
    s.extend_from_slice(b"  <");
    s.extend_from_slice(cstr(sender));
    s.extend_from_slice(b"> ");
    if bouncing {
        s.extend_from_slice(b" bouncing");
    }
    let mut out = Vec::with_capacity(s.len() + 1);
    push_printable(&mut out, &s);
    out.push(b'\n');
    out
}

/// The listing line for one record of local/S/N or remote/S/N (a line
/// ending in NUL): `\tlocal\tADDR` for a pending recipient (`T`), the
/// same after `  done` for a delivered one (`D`), nothing for other
/// records.
pub fn recipient(record: &[u8], remote: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let done = match record.first() {
        Some(b'D') => true,
        Some(b'T') => false,
        _ => return out,
    };
    if done {
        out.extend_from_slice(b"  done");
    }
    out.extend_from_slice(if remote { b"\tremote\t" } else { b"\tlocal\t" });
    push_printable(&mut out, cstr(&record[1..]));
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_lines() {
        assert_eq!(
            stats(1_000_000_000, 47, 1234, b"a@b\0", false),
            b"9 Sep 2001 01:46:40 GMT  #47  1234  <a@b> \n"
        );
        assert_eq!(
            stats(1_000_000_000, 47, 0, b"\0", true),
            b"9 Sep 2001 01:46:40 GMT  #47  0  <>  bouncing\n"
        );
        assert_eq!(
            stats(0, 1, 2, b"x\x01\xffy\0junk", false),
            b"1 Jan 1970 00:00:00 GMT  #1  2  <x__y> \n"
        );
    }

    #[test]
    fn recipient_lines() {
        assert_eq!(recipient(b"Tc@d\0", false), b"\tlocal\tc@d\n");
        assert_eq!(recipient(b"Dc@d\0", true), b"  done\tremote\tc@d\n");
        assert_eq!(recipient(b"T\t\x7f\0", true), b"\tremote\t__\n");
        assert_eq!(recipient(b"Xc@d\0", true), b"");
        assert_eq!(recipient(b"\0", true), b"");
    }
}
