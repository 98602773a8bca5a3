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
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::{self, Die};
use qmail::base::substdio::{self, In, Out};
use qmail::local::maildir;
use qmail::sys::{self, proc, Errno, OwnedFd};

qmail::entry!(run);

const FATAL: &[u8] = b"maildir2mbox: fatal: ";
const WARNING: &[u8] = b"maildir2mbox: warning: ";

fn die_sys(parts: &[&[u8]], e: Errno) -> Die {
    let mut v: Vec<&[u8]> = vec![FATAL];
    v.extend_from_slice(parts);
    Die::sys(111, &v, e)
}

fn run(_args: Vec<Vec<u8>>) -> Result<i32, Die> {
    sys::umask(0o077);
    let unset = |name: &[u8]| Die::x(111, &[FATAL, name, b" not set"]);
    let mbox = sys::env_get(b"MAIL").ok_or_else(|| unset(b"MAIL"))?;
    let mboxtmp = sys::env_get(b"MAILTMP").ok_or_else(|| unset(b"MAILTMP"))?;
    let dir = sys::env_get(b"MAILDIR").ok_or_else(|| unset(b"MAILDIR"))?;
    sys::chdir(&dir).map_err(|e| die_sys(&[b"unable to chdir to ", &dir, b": "], e))?;
    let now = sys::now();
    maildir::clean(now);
    let mut names = Vec::new();
    let mut pq = maildir::scan(now, true, true, &mut names)
        .map_err(|e| die_sys(&[e.what, e.subdir, b": "], e.errno))?;
    if pq.min().is_none() {
        return Ok(0);
    }
    let lockerr = |e| die_sys(&[b"unable to lock ", &mbox, b": "], e);
    // the lock and the old mbox stay open to the end, as in stock
    let fdlock = OwnedFd(sys::open_append(&mbox).map_err(lockerr)?);
    proc::lock_ex(fdlock.raw()).map_err(lockerr)?;
    let fdold = OwnedFd(
        sys::open_read(&mbox).map_err(|e| die_sys(&[b"unable to read ", &mbox, b": "], e))?,
    );
    let fdnew = sys::open_trunc(&mboxtmp)
        .map_err(|e| die_sys(&[b"unable to create ", &mboxtmp, b": "], e))?;
    let werr = |e| die_sys(&[b"unable to write to ", &mboxtmp, b": "], e);
    let mut out = Out::new(OwnedFd(fdnew), substdio::OUTSIZE);
    match substdio::copy(&mut out, &mut In::fd(fdold.raw(), substdio::INSIZE)) {
        Ok(()) => {}
        Err(substdio::CopyError::Read(e)) => {
            return Err(die_sys(&[b"unable to read ", &mbox, b": "], e))
        }
        Err(substdio::CopyError::Write(e)) => return Err(werr(e)),
    }
    let mut done = Vec::new();
    while let Some(pe) = pq.min() {
        pq.delmin();
        done.push(pe.id as usize);
        let name = &names[pe.id as usize];
        let rerr = |e| die_sys(&[b"unable to read $MAILDIR/", name, b": "], e);
        let fd = sys::open_read(name).map_err(rerr)?;
        // closed at the end of each message
        let mut ss = In::new(OwnedFd(fd), substdio::INSIZE);
        let mut line = Vec::new();
        let mut complete = ss.getln(&mut line, b'\n').map_err(rerr)?;
        let from = maildir::ufline(&line, complete, &qmail::base::date822fmt::myctime(pe.dt));
        out.put(&from).map_err(werr)?;
        while complete && !line.is_empty() {
            if qmail::local::gfrom(&line) {
                out.puts(b">").map_err(werr)?;
            }
            out.put(&line).map_err(werr)?;
            complete = ss.getln(&mut line, b'\n').map_err(rerr)?;
        }
        out.puts(b"\n").map_err(werr)?;
    }
    out.flush().map_err(werr)?;
    let fdnew = out.into_op();
    sys::fsync(fdnew.raw()).map_err(werr)?;
    fdnew.close().map_err(werr)?;
    sys::rename(&mboxtmp, &mbox)
        .map_err(|e| die_sys(&[b"unable to move ", &mboxtmp, b" to ", &mbox, b": "], e))?;
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
    drop((fdold, fdlock));
    Ok(0)
}
