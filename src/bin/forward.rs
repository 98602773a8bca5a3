//! forward: in a .qmail file, sends the message on to the given addresses
//! (from NEWSENDER, with the DTLINE on top).
//!
//! argv: ADDRESS... Environment: NEWSENDER, DTLINE (from qmail-local).
//! Exit codes: 0 queued (`forward: qp N` on fd 2); 100 missing environment
//! or a permanent queue refusal; 111 temporary trouble.
#![no_main]

use qmail::base::strerr::Die;
use qmail::sys::{self, proc};

qmail::qmain!(run);

const FATAL: &[u8] = b"forward: fatal: ";

fn run(args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let Some(sender) = sys::env_get(b"NEWSENDER") else {
        Die::x(100, &[FATAL, b"NEWSENDER not set"]).exit()
    };
    let Some(dtline) = sys::env_get(b"DTLINE") else {
        Die::x(100, &[FATAL, b"DTLINE not set"]).exit()
    };
    let qp = qmail::local::child::requeue(FATAL, &dtline, &sender, args.get(1..).unwrap_or(&[]));
    Die::x(0, &[b"forward: qp ", &qmail::base::fmt::ulong(qp as u64)]).exit()
}
