//! maildirmake: creates an empty Maildir: NAME and its tmp, new and cur,
//! each mode 700 (umask 077).
//!
//! argv: NAME. Exit codes: 0 made; 100 no NAME (usage line); 111 a mkdir
//! or the chdir into NAME failed (`maildirmake: fatal: unable to mkdir
//! NAME/new: file exists`, say). What was made before the failure stays.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::Die;
use qmail::sys::{self, Errno};

qmail::entry!(run);

const FATAL: &[u8] = b"maildirmake: fatal: ";

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    sys::umask(0o077);
    let Some(name) = args.get(1) else {
        return Err(Die::x(100, &[b"maildirmake: usage: maildirmake name"]));
    };
    let fail =
        |what: &[u8], sub: &[u8], e: Errno| Die::sys(111, &[FATAL, what, name, sub, b": "], e);
    sys::mkdir(name, 0o700).map_err(|e| fail(b"unable to mkdir ", b"", e))?;
    sys::chdir(name).map_err(|e| fail(b"unable to chdir to ", b"", e))?;
    for (dir, sub) in [
        (&b"tmp"[..], &b"/tmp"[..]),
        (b"new", b"/new"),
        (b"cur", b"/cur"),
    ] {
        sys::mkdir(dir, 0o700).map_err(|e| fail(b"unable to mkdir ", sub, e))?;
    }
    Ok(0)
}
