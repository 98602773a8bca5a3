//! qmail-tcpto: lists the remote hosts qmail-remote recently found
//! unreachable (queue/lock/tcpto, laid out as `qmail::net::tcpto` says). No arguments.
//!
//! fd 1: one line per host; errors also go to fd 1, as
//! `fatal: unable to ...: REASON`.
//!
//! Exit codes: 0 listed; 111 when the queue cannot be entered or the
//! table opened, locked or read.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::Die;
use qmail::base::substdio::Out;
use qmail::conf::AUTO_QMAIL;
use qmail::net::tcpto;
use qmail::queue::TCPTO_SIZE;
use qmail::sys::{self, proc, Errno, OwnedFd};

qmail::entry!(run);

/// Its fatal line is part of the listing on fd 1, as in stock: the listing
/// is flushed, and the Die has nothing for fd 2.
fn run(_args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let mut out = Out::fd(1, 1024);
    let listed = list(&mut out);
    if let Err((what, e)) = listed {
        let _ = out.put(what);
        let _ = out.put(b": ");
        let _ = out.put(e.text());
        let _ = out.put(b"\n");
    }
    let _ = out.flush();
    listed.map(|()| 0).map_err(|_| Die::quiet(111))
}

type Fail = (&'static [u8], Errno);

fn list(out: &mut Out) -> Result<(), Fail> {
    let chdir: &[u8] = b"fatal: unable to chdir";
    let open: &[u8] = b"fatal: unable to open tcpto";
    sys::chdir(AUTO_QMAIL).map_err(|e| (chdir, e))?;
    sys::chdir(b"queue/lock").map_err(|e| (chdir, e))?;
    let fdlock = sys::open_write(b"tcpto")
        .map(OwnedFd)
        .map_err(|e| (open, e))?;
    let fd = sys::open_read(b"tcpto")
        .map(OwnedFd)
        .map_err(|e| (open, e))?;
    proc::lock_ex(fdlock.raw()).map_err(|e| (&b"fatal: unable to lock tcpto"[..], e))?;
    let mut buf = [0u8; TCPTO_SIZE];
    let r = sys::read(fd.raw(), &mut buf);
    drop((fd, fdlock)); // the table first, then the lock, as stock
    let n = r.map_err(|e| (&b"fatal: unable to read tcpto"[..], e))?;
    let _ = out.put(&tcpto::listing(&buf[..n], sys::now()));
    Ok(())
}
