//! forward: in a .qmail file, sends the message on to the given addresses
//! (from NEWSENDER, with the DTLINE on top).
//!
//! argv: ADDRESS... Environment: NEWSENDER, DTLINE (from qmail-local).
//! Exit codes: 0 queued (`forward: qp N` on fd 2); 100 missing environment
//! or a permanent queue refusal; 111 temporary trouble.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::Die;
use qmail::sys::{self, proc};

qmail::entry!(run);

const FATAL: &[u8] = b"forward: fatal: ";

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let sender =
        sys::env_get(b"NEWSENDER").ok_or_else(|| Die::x(100, &[FATAL, b"NEWSENDER not set"]))?;
    let dtline = sys::env_get(b"DTLINE").ok_or_else(|| Die::x(100, &[FATAL, b"DTLINE not set"]))?;
    let recips = args.get(1..).unwrap_or(&[]);
    let qp = qmail::local::child::requeue(FATAL, &dtline, &sender, recips)?;
    // Stock ends through strerr here too: the qp line on fd 2, exit 0.
    Err(Die::x(
        0,
        &[b"forward: qp ", &qmail::base::fmt::ulong(qp as u64)],
    ))
}
