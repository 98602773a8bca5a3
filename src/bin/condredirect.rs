//! condredirect: in a .qmail file, sends the message to NEWADDRESS instead
//! when PROGRAM exits 0, and stops the .qmail file there.
//!
//! argv: NEWADDRESS PROGRAM [ARG...]. Environment: SENDER, DTLINE (from
//! qmail-local). Exit codes: 99 redirected (`condredirect: qp N` on fd 2);
//! 0 the program exited neither 0 nor 111 (go on with the .qmail file);
//! 111 temporary trouble; 100 usage, missing environment or a permanent
//! queue refusal.
#![no_main]

use qmail::base::strerr::Die;
use qmail::sys::{self, proc};

qmail::qmain!(run);

const FATAL: &[u8] = b"condredirect: fatal: ";

fn run(args: Vec<Vec<u8>>) -> i32 {
    if args.len() < 3 {
        Die::x(
            100,
            &[b"condredirect: usage: condredirect newaddress program [ arg ... ]"],
        )
        .exit()
    }
    match qmail::local::child::run(FATAL, &args[2..]) {
        0 => {}
        111 => Die::x(111, &[FATAL, b"temporary child error"]).exit(),
        _ => return 0,
    }
    if let Err(e) = sys::seek_begin(0) {
        Die::sys(111, &[FATAL, b"unable to rewind: "], e).exit();
    }
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let Some(sender) = sys::env_get(b"SENDER") else {
        Die::x(100, &[FATAL, b"SENDER not set"]).exit()
    };
    let Some(dtline) = sys::env_get(b"DTLINE") else {
        Die::x(100, &[FATAL, b"DTLINE not set"]).exit()
    };
    let qp = qmail::local::child::requeue(FATAL, &dtline, &sender, &args[1..2]);
    Die::x(
        99,
        &[b"condredirect: qp ", &qmail::base::fmt::ulong(qp as u64)],
    )
    .exit()
}
