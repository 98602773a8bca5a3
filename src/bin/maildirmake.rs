//! maildirmake: creates an empty Maildir: NAME and its tmp, new and cur,
//! each mode 700 (umask 077).
//!
//! argv: NAME. Exit codes: 0 made; 100 no NAME (usage line); 111 a mkdir
//! or the chdir into NAME failed (`maildirmake: fatal: unable to mkdir
//! NAME/new: file exists`, say). What was made before the failure stays.
#![no_main]

use qmail::base::strerr::Die;
use qmail::sys::{self, Errno};

qmail::qmain!(run);

const FATAL: &[u8] = b"maildirmake: fatal: ";

fn run(args: Vec<Vec<u8>>) -> i32 {
    sys::umask(0o077);
    let Some(name) = args.get(1) else {
        Die::x(100, &[b"maildirmake: usage: maildirmake name"]).exit()
    };
    let fail = |what: &[u8], sub: &[u8], e: Errno| -> ! {
        Die::sys(111, &[FATAL, what, name, sub, b": "], e).exit()
    };
    if let Err(e) = sys::mkdir(name, 0o700) {
        fail(b"unable to mkdir ", b"", e);
    }
    if let Err(e) = sys::chdir(name) {
        fail(b"unable to chdir to ", b"", e);
    }
    for (dir, sub) in [
        (&b"tmp"[..], &b"/tmp"[..]),
        (b"new", b"/new"),
        (b"cur", b"/cur"),
    ] {
        if let Err(e) = sys::mkdir(dir, 0o700) {
            fail(b"unable to mkdir ", sub, e);
        }
    }
    0
}
