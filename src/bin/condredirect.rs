//! condredirect: in a .qmail file, sends the message to NEWADDRESS instead
//! when PROGRAM exits 0, and stops the .qmail file there.
//!
//! argv: NEWADDRESS PROGRAM [ARG...]. Environment: SENDER, DTLINE (from
//! qmail-local). Exit codes: 99 redirected (`condredirect: qp N` on fd 2);
//! 0 the program exited neither 0 nor 111 (go on with the .qmail file);
//! 111 temporary trouble; 100 usage, missing environment or a permanent
//! queue refusal.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::Die;
use qmail::sys::{self, proc};

qmail::entry!(run);

const FATAL: &[u8] = b"condredirect: fatal: ";

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    if args.len() < 3 {
        return Err(Die::x(
            100,
            &[b"condredirect: usage: condredirect newaddress program [ arg ... ]"],
        ));
    }
    match qmail::local::child::run(FATAL, &args[2..])? {
        0 => {}
        111 => return Err(Die::x(111, &[FATAL, b"temporary child error"])),
        _ => return Ok(0),
    }
    sys::seek_begin(0).map_err(|e| Die::sys(111, &[FATAL, b"unable to rewind: "], e))?;
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let sender = sys::env_get(b"SENDER").ok_or_else(|| Die::x(100, &[FATAL, b"SENDER not set"]))?;
    let dtline = sys::env_get(b"DTLINE").ok_or_else(|| Die::x(100, &[FATAL, b"DTLINE not set"]))?;
    let qp = qmail::local::child::requeue(FATAL, &dtline, &sender, &args[1..2])?;
    // Stock ends through strerr here too: the qp line on fd 2, exit 99
    // (stop the .qmail file).
    Err(Die::x(
        99,
        &[b"condredirect: qp ", &qmail::base::fmt::ulong(qp as u64)],
    ))
}
