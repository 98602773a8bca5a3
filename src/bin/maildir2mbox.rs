//! maildir2mbox: moves the messages of $MAILDIR (new/ and cur/, oldest
//! first) onto the end of the mbox $MAIL, through $MAILTMP.
//!
//! Environment: MAILDIR, MAIL, MAILTMP. The mbox is locked, copied to
//! MAILTMP, the messages are appended there (From line from Return-Path,
//! `>From` quoting, a blank line after each), MAILTMP is renamed over MAIL,
//! and only then are the messages removed. Like stock, a last line
//! without a newline is left out. Messages of the current second
//! wait for the next run. Exit codes: 0 done (or nothing to do); 111 any
//! trouble, with a line on fd 2.
#![no_main]

use qmail::base::strerr::{self, Die};
use qmail::base::substdio::{self, In, Out};
use qmail::local::maildir;
use qmail::sys::{self, proc, Errno};

qmail::qmain!(run);

const FATAL: &[u8] = b"maildir2mbox: fatal: ";
const WARNING: &[u8] = b"maildir2mbox: warning: ";

fn die_sys(parts: &[&[u8]], e: Errno) -> ! {
    let mut v: Vec<&[u8]> = vec![FATAL];
    v.extend_from_slice(parts);
    Die::sys(111, &v, e).exit()
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    sys::umask(0o077);
    let Some(mbox) = sys::env_get(b"MAIL") else {
        Die::x(111, &[FATAL, b"MAIL not set"]).exit()
    };
    let Some(mboxtmp) = sys::env_get(b"MAILTMP") else {
        Die::x(111, &[FATAL, b"MAILTMP not set"]).exit()
    };
    let Some(dir) = sys::env_get(b"MAILDIR") else {
        Die::x(111, &[FATAL, b"MAILDIR not set"]).exit()
    };
    if let Err(e) = sys::chdir(&dir) {
        die_sys(&[b"unable to chdir to ", &dir, b": "], e);
    }
    let now = sys::now();
    maildir::clean(now);
    let mut names = Vec::new();
    let mut pq = match maildir::scan(now, true, true, &mut names) {
        Ok(pq) => pq,
        Err(e) => die_sys(&[e.what, e.subdir, b": "], e.errno),
    };
    if pq.min().is_none() {
        return 0;
    }
    let fdlock = match sys::open_append(&mbox) {
        Ok(fd) => fd,
        Err(e) => die_sys(&[b"unable to lock ", &mbox, b": "], e),
    };
    if let Err(e) = proc::lock_ex(fdlock) {
        die_sys(&[b"unable to lock ", &mbox, b": "], e);
    }
    let fdold = match sys::open_read(&mbox) {
        Ok(fd) => fd,
        Err(e) => die_sys(&[b"unable to read ", &mbox, b": "], e),
    };
    let fdnew = match sys::open_trunc(&mboxtmp) {
        Ok(fd) => fd,
        Err(e) => die_sys(&[b"unable to create ", &mboxtmp, b": "], e),
    };
    let werr = |e: Errno| -> ! { die_sys(&[b"unable to write to ", &mboxtmp, b": "], e) };
    let mut out = Out::fd(fdnew, substdio::OUTSIZE);
    match substdio::copy(&mut out, &mut In::fd(fdold, substdio::INSIZE)) {
        Ok(()) => {}
        Err(substdio::CopyError::Read(e)) => die_sys(&[b"unable to read ", &mbox, b": "], e),
        Err(substdio::CopyError::Write(e)) => werr(e),
    }
    let mut done = Vec::new();
    while let Some(pe) = pq.min() {
        pq.delmin();
        done.push(pe.id as usize);
        let name = &names[pe.id as usize];
        let rerr = |e: Errno| -> ! { die_sys(&[b"unable to read $MAILDIR/", name, b": "], e) };
        let fd = sys::open_read(name).unwrap_or_else(|e| rerr(e));
        let mut ss = In::fd(fd, substdio::INSIZE);
        let mut line = Vec::new();
        let mut complete = ss.getln(&mut line, b'\n').unwrap_or_else(|e| rerr(e));
        let from = maildir::ufline(&line, complete, &qmail::base::date822fmt::myctime(pe.dt));
        out.put(&from).unwrap_or_else(|e| werr(e));
        while complete && !line.is_empty() {
            if qmail::local::gfrom(&line) {
                out.puts(b">").unwrap_or_else(|e| werr(e));
            }
            out.put(&line).unwrap_or_else(|e| werr(e));
            complete = ss.getln(&mut line, b'\n').unwrap_or_else(|e| rerr(e));
        }
        out.puts(b"\n").unwrap_or_else(|e| werr(e));
        let _ = sys::close(fd);
    }
    out.flush().unwrap_or_else(|e| werr(e));
    sys::fsync(fdnew).unwrap_or_else(|e| werr(e));
    sys::close(fdnew).unwrap_or_else(|e| werr(e));
    if let Err(e) = sys::rename(&mboxtmp, &mbox) {
        die_sys(&[b"unable to move ", &mboxtmp, b" to ", &mbox, b": "], e);
    }
    for id in done {
        if let Err(e) = sys::unlink(&names[id]) {
            strerr::warn_sys(
                &[
                    WARNING,
                    b"$MAILDIR/",
                    &names[id],
                    b" will be delivered twice; unable to unlink: ",
                ],
                e,
            );
        }
    }
    0
}
