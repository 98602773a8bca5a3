//! Reading a Maildir the way stock's maildir.c does (for maildir2mbox and,
//! later, qmail-pop3d): old files in tmp/ removed, and the messages of
//! new/ and cur/ listed oldest first; and the name qmail-local gives a
//! message it writes into one.

use crate::base::fmt;
use crate::base::prioq::{Elt, Prioq};
use crate::sys::{self, dirent, Errno};

/// Why a scan failed: stock's message parts (the errno text follows).
#[derive(Debug)]
pub struct ScanError {
    pub what: &'static [u8],
    pub subdir: &'static [u8],
    pub errno: Errno,
}

/// maildir_clean: removes files in tmp/ not accessed for 36 hours.
pub fn clean(now: i64) {
    let Ok(mut dir) = dirent::opendir(b"tmp") else {
        return;
    };
    while let Some(name) = dir.read() {
        if name.first() == Some(&b'.') {
            continue;
        }
        let mut p = b"tmp/".to_vec();
        p.extend_from_slice(&name);
        if let Ok(st) = sys::stat(&p) {
            if now > st.atime + 129_600 {
                let _ = sys::unlink(&p);
            }
        }
    }
}

/// maildir_scan: the messages of new/ and/or cur/ last modified before
/// `now` (files of this very second are left for next time, so the order
/// stays right), as (path, mtime) in a queue by mtime. `names` holds the
/// paths; each queue entry's id is an index into it.
pub fn scan(
    now: i64,
    flagnew: bool,
    flagcur: bool,
    names: &mut Vec<Vec<u8>>,
) -> Result<Prioq, ScanError> {
    names.clear();
    let mut pq = Prioq::new();
    for (on, sub) in [(flagnew, &b"new"[..]), (flagcur, &b"cur"[..])] {
        if !on {
            continue;
        }
        let sub: &'static [u8] = if sub == b"new" { b"new" } else { b"cur" };
        let mut dir = dirent::opendir(sub).map_err(|errno| ScanError {
            what: b"unable to scan $MAILDIR/",
            subdir: sub,
            errno,
        })?;
        while let Some(name) = dir.read() {
            if name.first() == Some(&b'.') {
                continue;
            }
            let mut p = sub.to_vec();
            p.push(b'/');
            p.extend_from_slice(&name);
            if let Ok(st) = sys::stat(&p) {
                if st.mtime < now {
                    names.push(p);
                    let id = (names.len() - 1) as u64;
                    if pq.insert(Elt { dt: st.mtime, id }).is_err() {
                        break;
                    }
                }
            }
        }
    }
    Ok(pq)
}

/// The mbox From line of a Maildir message, from its first line: the
/// Return-Path address (blanks made `-`), MAILER-DAEMON for `<>`, or XXX.
/// `ctime` ends in a newline.
pub fn ufline(first: &[u8], complete: bool, ctime: &[u8]) -> Vec<u8> {
    let mut v = b"From XXX ".to_vec();
    if complete && first.starts_with(b"Return-Path: <") {
        if first.get(14) == Some(&b'>') {
            v = b"From MAILER-DAEMON ".to_vec();
        } else {
            v = b"From ".to_vec();
            let end = first.len().saturating_sub(2);
            for &c in first.get(14..end.max(14)).unwrap_or(&[]) {
                v.push(if c == b' ' || c == b'\t' { b'-' } else { c });
            }
            v.push(b' ');
        }
    }
    v.extend_from_slice(ctime);
    v
}

/// The file qmail-local writes a delivery to before linking it into new/:
/// `tmp/TIME.PID.HOST`.
pub fn tmp_name(time: u64, pid: u64, host: &[u8]) -> Vec<u8> {
    let mut v = b"tmp/".to_vec();
    v.extend_from_slice(&fmt::ulong(time));
    v.push(b'.');
    v.extend_from_slice(&fmt::ulong(pid));
    v.push(b'.');
    v.extend_from_slice(host);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_line_takes_the_return_path_else_mailer_daemon_or_xxx() {
        let t = b"Mon Nov 23 06:54:51 2026\n";
        assert_eq!(
            ufline(b"Return-Path: <a b@c>\n", true, t),
            b"From a-b@c Mon Nov 23 06:54:51 2026\n"
        );
        assert_eq!(
            ufline(b"Return-Path: <>\n", true, t),
            b"From MAILER-DAEMON Mon Nov 23 06:54:51 2026\n"
        );
        assert_eq!(
            ufline(b"Subject: x\n", true, t),
            b"From XXX Mon Nov 23 06:54:51 2026\n"
        );
        assert_eq!(
            ufline(b"Return-Path: <a@b>", false, t),
            b"From XXX Mon Nov 23 06:54:51 2026\n"
        );
        // stock copies up to two bytes before the end (for ">\n"), whatever they are
        assert_eq!(
            ufline(b"Return-Path: <ab\n", true, t),
            b"From a Mon Nov 23 06:54:51 2026\n"
        );
    }

    #[test]
    fn delivery_file_is_named_by_time_pid_and_host_in_tmp() {
        assert_eq!(
            tmp_name(1795402537, 10023, b"golden.example"),
            b"tmp/1795402537.10023.golden.example"
        );
    }
}
