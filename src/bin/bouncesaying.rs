//! bouncesaying: in a .qmail file, bounces the message with ERROR as the
//! reason; with a PROGRAM, only when that program exits 0.
//!
//! argv: ERROR [PROGRAM [ARG...]]. Exit codes: 100 with ERROR on fd 2
//! (bounce); 0 the program exited neither 0 nor 111 (no bounce); 111 the
//! program exited 111, crashed, or could not be started; 100 usage.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::Die;

qmail::entry!(run);

const FATAL: &[u8] = b"bouncesaying: fatal: ";

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let Some(error) = args.get(1) else {
        return Err(Die::x(
            100,
            &[b"bouncesaying: usage: bouncesaying error [ program [ arg ... ] ]"],
        ));
    };
    if args.len() > 2 {
        match qmail::local::child::run(FATAL, &args[2..])? {
            0 => {}
            111 => return Err(Die::x(111, &[FATAL, b"temporary child error"])),
            _ => return Ok(0),
        }
    }
    // The bounce itself: ERROR alone on fd 2, exit 100.
    Err(Die::x(100, &[error]))
}
