//! except: runs a program and turns its exit around for qmail-local:
//! success becomes a bounce, failure success.
//!
//! argv: PROGRAM [ARG...]. Exit codes: 100 the program exited 0; 0 it
//! exited with anything but 0 and 111; 111 it exited 111, crashed, or
//! could not be forked; 100 usage.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::Die;

qmail::entry!(run);

const FATAL: &[u8] = b"except: fatal: ";

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    if args.len() < 2 {
        return Err(Die::x(100, &[b"except: usage: except program [ arg ... ]"]));
    }
    match qmail::local::child::run(FATAL, &args[1..])? {
        0 => Ok(100),
        111 => Err(Die::x(111, &[FATAL, b"temporary child error"])),
        _ => Ok(0),
    }
}
