//! preline: feeds a program the message with qmail-local's From,
//! Return-Path and Delivered-To lines in front (for programs that expect
//! an mbox-style message).
//!
//! argv: [-frdFRD] PROGRAM [ARG...]; -f/-r/-d leave out the UFLINE, RPLINE
//! or DTLINE (-F/-R/-D put them back). Environment: UFLINE, RPLINE, DTLINE
//! (all three must be set). Exit code: the program's; 100 usage or a
//! permanent exec failure; 111 temporary trouble (pipe, fork, copy, wait,
//! crash).
#![cfg_attr(not(test), no_main)]

use qmail::base::getopt::Getopt;
use qmail::base::strerr::Die;
use qmail::base::substdio::{self, In, Out};
use qmail::sys::{self, proc, OwnedFd};

qmail::entry!(run);

const FATAL: &[u8] = b"preline: fatal: ";

fn usage() -> Die {
    Die::x(100, &[b"preline: usage: preline cmd [ arg ... ]"])
}

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let (Some(uf), Some(rp), Some(dt)) = (
        sys::env_get(b"UFLINE"),
        sys::env_get(b"RPLINE"),
        sys::env_get(b"DTLINE"),
    ) else {
        return Err(usage());
    };
    let (mut fu, mut fr, mut fd) = (true, true, true);
    let mut g = Getopt::new();
    while let Some((opt, _)) = g.next(&args, b"frdFRD") {
        match opt {
            b'f' => fu = false,
            b'r' => fr = false,
            b'd' => fd = false,
            b'F' => fu = true,
            b'R' => fr = true,
            b'D' => fd = true,
            _ => return Err(usage()),
        }
    }
    let prog = args.get(g.ind..).unwrap_or(&[]);
    if prog.is_empty() {
        return Err(usage());
    }
    let (pin, pout) =
        sys::pipe_owned().map_err(|e| Die::sys(111, &[FATAL, b"unable to create pipe: "], e))?;
    let pid = match proc::fork() {
        Err(e) => return Err(Die::sys(111, &[FATAL, b"unable to fork: "], e)),
        // The child ends here: it runs the program or dies saying why not.
        Ok(proc::Fork::Child) => {
            drop(pout);
            if let Err(e) = sys::fd_move(0, pin.into_raw()) {
                Die::sys(111, &[FATAL, b"unable to set up fds: "], e).exit();
            }
            let _ = proc::sig_default(libc::SIGPIPE);
            let argv: Vec<&[u8]> = prog.iter().map(|a| &a[..]).collect();
            let e = proc::exec(argv[0], &argv, true);
            let code = if e.is_temp() { 111 } else { 100 };
            Die::sys(code, &[FATAL, b"unable to run ", argv[0], b": "], e).exit()
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    drop(pin);
    sys::fd_move(1, pout.into_raw())
        .map_err(|e| Die::sys(111, &[FATAL, b"unable to set up fds: "], e))?;
    // fd 1 is now the pipe, owned by the writer
    let mut out = Out::new(OwnedFd(1), substdio::OUTSIZE);
    let mut inp = In::fd(0, substdio::INSIZE);
    for (on, line) in [(fu, &uf), (fr, &rp), (fd, &dt)] {
        if on {
            let _ = out.bput(qmail::queue::qmail::cstr(line));
        }
    }
    if let Err(e) = substdio::copy(&mut out, &mut inp) {
        let (substdio::CopyError::Read(e) | substdio::CopyError::Write(e)) = e;
        return Err(Die::sys(111, &[FATAL, b"unable to copy input: "], e));
    }
    let _ = out.flush();
    // closes fd 1: the program sees the end of its input
    drop(out);
    let (_, w) = proc::wait_pid(pid).map_err(|e| Die::sys(111, &[FATAL, b"wait failed: "], e))?;
    if w.crashed() != 0 {
        return Err(Die::x(111, &[FATAL, b"child crashed"]));
    }
    Ok(w.exitcode())
}
