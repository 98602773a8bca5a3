//! bouncesaying: in a .qmail file, bounces the message with ERROR as the
//! reason; with a PROGRAM, only when that program exits 0.
//!
//! argv: ERROR [PROGRAM [ARG...]]. Exit codes: 100 with ERROR on fd 2
//! (bounce); 0 the program exited neither 0 nor 111 (no bounce); 111 the
//! program exited 111, crashed, or could not be started; 100 usage.
#![no_main]

use qmail::base::strerr::Die;

qmail::qmain!(run);

const FATAL: &[u8] = b"bouncesaying: fatal: ";

fn run(args: Vec<Vec<u8>>) -> i32 {
    let Some(error) = args.get(1) else {
        Die::x(
            100,
            &[b"bouncesaying: usage: bouncesaying error [ program [ arg ... ] ]"],
        )
        .exit()
    };
    if args.len() > 2 {
        match qmail::local::child::run(FATAL, &args[2..]) {
            0 => {}
            111 => Die::x(111, &[FATAL, b"temporary child error"]).exit(),
            _ => return 0,
        }
    }
    Die::x(100, &[error]).exit()
}
