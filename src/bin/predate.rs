//! predate: runs a program with a `Date:` header line (local time and zone
//! offset) put before its standard input.
//!
//! `predate child [arg ...]`: runs `child` (searched in PATH) with its
//! arguments, feeding it `Date: ...` and then everything predate reads on
//! fd 0. Exits with the child's exit code.
//!
//! Exit codes: the child's; 100 without a child (`predate: usage: predate
//! child`); 111 when the pipe, the fork or the wait fails, when the child
//! cannot be started (its message comes from the child side) or when it
//! crashes.
#![cfg_attr(not(test), no_main)]

use qmail::base::datetime::DateTime;
use qmail::base::strerr::Die;
use qmail::base::substdio::{self, In, Out, INSIZE};
use qmail::sys::{self, proc, Errno, OwnedFd};

qmail::entry!(run);

const FATAL: &[u8] = b"predate: fatal: ";

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let Some(child) = args.get(1) else {
        return Err(Die::x(100, &[b"predate: usage: predate child"]));
    };
    let (rd, wr) =
        sys::pipe_owned().map_err(|e| Die::sys(111, &[FATAL, b"unable to create pipe: "], e))?;
    let pid = match proc::fork() {
        Err(e) => return Err(Die::sys(111, &[FATAL, b"unable to fork: "], e)),
        // The child ends there, with the reason it could not run the program.
        Ok(proc::Fork::Child) => run_child(child, &args[1..], rd, wr).exit(),
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    drop(rd);

    let now = sys::now();
    let utc = fields(sys::gmtime(now));
    let local = fields(sys::localtime(now));
    let mut ss = Out::new(wr, 1024);
    let _ = ss.puts(&qmail::base::date822fmt::date_header(&utc, &local));
    let mut input = In::fd(0, INSIZE);
    let _ = substdio::copy(&mut ss, &mut input);
    let _ = ss.flush();
    // closes the pipe: the child sees the end of its input
    drop(ss);

    let (_, w) = proc::wait_pid(pid).map_err(|e| Die::sys(111, &[FATAL, b"wait failed: "], e))?;
    if w.crashed() != 0 {
        return Err(Die::x(111, &[FATAL, b"child crashed"]));
    }
    Ok(w.exitcode())
}

/// In the forked child: the pipe becomes fd 0, SIGPIPE its default, then
/// the program runs; what comes back is the reason it could not.
fn run_child(child: &[u8], argv: &[Vec<u8>], rd: OwnedFd, wr: OwnedFd) -> Die {
    drop(wr);
    if let Err(e) = sys::fd_move(0, rd.into_raw()) {
        return Die::sys(111, &[FATAL, b"unable to set up fds: "], e);
    }
    let _ = proc::sig_default(libc::SIGPIPE);
    let argv: Vec<&[u8]> = argv.iter().map(|a| a.as_slice()).collect();
    let e: Errno = proc::exec(child, &argv, true);
    Die::sys(111, &[FATAL, b"unable to run ", child, b": "], e)
}

/// The calendar fields predate copies out of a `struct tm` (a failed
/// conversion leaves them zero, where the C would crash).
fn fields(tm: Option<sys::Tm>) -> DateTime {
    let tm = tm.unwrap_or_default();
    DateTime {
        year: tm.year,
        mon: tm.mon,
        mday: tm.mday,
        hour: tm.hour,
        min: tm.min,
        sec: tm.sec,
        ..DateTime::default()
    }
}
