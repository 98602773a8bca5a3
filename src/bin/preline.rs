//! preline: feeds a program the message with qmail-local's From,
//! Return-Path and Delivered-To lines in front (for programs that expect
//! an mbox-style message).
//!
//! argv: [-frdFRD] PROGRAM [ARG...]; -f/-r/-d leave out the UFLINE, RPLINE
//! or DTLINE (-F/-R/-D put them back). Environment: UFLINE, RPLINE, DTLINE
//! (all three must be set). Exit code: the program's; 100 usage or a
//! permanent exec failure; 111 temporary trouble (pipe, fork, copy, wait,
//! crash).
#![no_main]

use qmail::base::getopt::Getopt;
use qmail::base::strerr::Die;
use qmail::base::substdio::{self, In, Out};
use qmail::sys::{self, proc};

qmail::qmain!(run);

const FATAL: &[u8] = b"preline: fatal: ";

fn usage() -> ! {
    Die::x(100, &[b"preline: usage: preline cmd [ arg ... ]"]).exit()
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let (Some(uf), Some(rp), Some(dt)) = (
        sys::env_get(b"UFLINE"),
        sys::env_get(b"RPLINE"),
        sys::env_get(b"DTLINE"),
    ) else {
        usage()
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
            _ => usage(),
        }
    }
    let prog = args.get(g.ind..).unwrap_or(&[]);
    if prog.is_empty() {
        usage();
    }
    let (pin, pout) = match sys::pipe() {
        Ok(p) => p,
        Err(e) => Die::sys(111, &[FATAL, b"unable to create pipe: "], e).exit(),
    };
    let pid = match proc::fork() {
        Err(e) => Die::sys(111, &[FATAL, b"unable to fork: "], e).exit(),
        Ok(proc::Fork::Child) => {
            let _ = sys::close(pout);
            if let Err(e) = sys::fd_move(0, pin) {
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
    let _ = sys::close(pin);
    if let Err(e) = sys::fd_move(1, pout) {
        Die::sys(111, &[FATAL, b"unable to set up fds: "], e).exit();
    }
    let mut out = Out::fd(1, substdio::OUTSIZE);
    let mut inp = In::fd(0, substdio::INSIZE);
    for (on, line) in [(fu, &uf), (fr, &rp), (fd, &dt)] {
        if on {
            let _ = out.bput(qmail::queue::qmail::cstr(line));
        }
    }
    if let Err(e) = substdio::copy(&mut out, &mut inp) {
        let (substdio::CopyError::Read(e) | substdio::CopyError::Write(e)) = e;
        Die::sys(111, &[FATAL, b"unable to copy input: "], e).exit();
    }
    let _ = out.flush();
    let _ = sys::close(1);
    let w = match proc::wait_pid(pid) {
        Ok((_, w)) => w,
        Err(e) => Die::sys(111, &[FATAL, b"wait failed: "], e).exit(),
    };
    if w.crashed() != 0 {
        Die::x(111, &[FATAL, b"child crashed"]).exit();
    }
    w.exitcode()
}
