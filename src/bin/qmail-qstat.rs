//! qmail-qstat: counts the messages in the queue and those not yet
//! preprocessed by qmail-send (stock ships this as a shell script; this
//! program prints what the script prints).
//!
//! No arguments. In the qmail home, counts the paths `find` prints below
//! queue/mess/* minus the subdirectories themselves, and below queue/todo
//! minus todo itself. Unreadable paths are reported on fd 2 as find
//! reports them and count as nothing, so a user who cannot read the queue
//! sees -1 twice, as with the script.
//!
//! Exit code: 0.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::write_err;
use qmail::base::substdio::Out;
use qmail::conf::AUTO_QMAIL;
use qmail::local::script::{self, dash_error, find, glob_all, words};
use qmail::sys;

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    let name = script::script_name(args.first().map_or(&b"qmail-qstat"[..], |a| a));
    if sys::chdir(AUTO_QMAIL).is_err() {
        // the script carries on where it is
        write_err(&dash_error(&name, 3, &[b"cd: can't cd to ", AUTO_QMAIL]));
    }
    let (messdirs, messfiles) = match glob_all(b"queue/mess") {
        Some(dirs) => {
            let n: usize = dirs.iter().map(|d| words(d)).sum();
            (n, count(&dirs))
        }
        None => (1, count(&[b"queue/mess/*".to_vec()])),
    };
    let todofiles = count(&[b"queue/todo".to_vec()]);
    let mut out = Out::fd(1, 64);
    let mut line = b"messages in queue: ".to_vec();
    line.extend_from_slice((messfiles as i64 - messdirs as i64).to_string().as_bytes());
    line.extend_from_slice(b"\nmessages in queue but not yet preprocessed: ");
    line.extend_from_slice((todofiles as i64 - 1).to_string().as_bytes());
    line.push(b'\n');
    let _ = out.put(&line);
    let _ = out.flush();
    0
}

/// `find PATHS -print | wc -w`, with find's complaints on fd 2.
fn count(paths: &[Vec<u8>]) -> usize {
    let mut found = Vec::new();
    let mut err = Vec::new();
    for p in paths {
        find(p, &mut found, &mut err);
    }
    if !err.is_empty() {
        write_err(&err);
    }
    found.iter().map(|p| words(p)).sum()
}
