//! splogger: copies a log stream (qmail-send's) into syslog.
//!
//! argv: `splogger [IDENT [FACILITY]]`: the syslog identity (default
//! `splogger`) and facility number (default mail). fd 0: the log, one
//! message per line, folded as the `splog` module says.
//!
//! Exit code: 0 at the end of the input or on a read error.
#![cfg_attr(not(test), no_main)]

mod splog;

use qmail::base::fmt::scan_ulong;
use qmail::base::substdio::In;
use qmail::sys::syslog;
use splog::{stamp, Folder};

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    match (args.get(1), args.get(2)) {
        (Some(ident), Some(fac)) => {
            let facility = scan_ulong(fac).0 as i32;
            syslog::openlog(ident, facility.wrapping_shl(3));
        }
        (Some(ident), None) => syslog::openlog(ident, libc::LOG_MAIL),
        _ => syslog::openlog(b"splogger", libc::LOG_MAIL),
    }
    let mut input = In::fd(0, 1024);
    let mut folder = Folder::default();
    let mut ch = [0u8; 1];
    loop {
        match input.get(&mut ch) {
            Ok(1) => {}
            _ => return 0,
        }
        let now = || {
            let (sec, usec) = syslog::timeofday();
            stamp(sec, usec)
        };
        if let Some((priority, text)) = folder.byte(ch[0], now) {
            syslog::syslog(priority, &text);
        }
    }
}
