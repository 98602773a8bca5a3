//! qmail-start: starts the daemon set, each part under its own uid, tied
//! together by pipes. Run as root (by the rc script).
//!
//! argv: `qmail-start [DELIVERY [LOGGER ARG...]]`. DELIVERY (default
//! `./Mailbox`) becomes qmail-lspawn's argument. With a LOGGER, it runs
//! (found on $PATH) as qmaill in group nofiles, reading the set's log on
//! fd 0; without one, qmail-start's own fd 1 is the log.
//!
//! The set, found on $PATH, all in group qmail except the logger:
//! qmail-lspawn DELIVERY as root, qmail-rspawn as qmailr, qmail-clean as
//! qmailq, each reading requests on fd 0 and answering on fd 1; then this
//! process becomes qmail-send as qmails, with fd 0 the log, fd 1/2 the
//! lspawn request/answer pipes, 3/4 rspawn's, 5/6 clean's.
//!
//! Exit code: 111, silently, when any step fails (fd 0 must be open);
//! otherwise the exec'd qmail-send's.
#![cfg_attr(not(test), no_main)]

use qmail::conf::{AUTO_GIDN, AUTO_GIDQ, AUTO_UIDL, AUTO_UIDQ, AUTO_UIDR, AUTO_UIDS};
use qmail::sys::{self, proc, Fd};

qmail::entry!(run);

/// Stock's qmail-start fails silently with 111: it has no log yet and its
/// fd 2 belongs to qmail-send. A bare ending, not a strerr Die.
fn die() -> ! {
    sys::exit(111)
}

fn ok<T, E>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|_| die())
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    ok(sys::chdir(b"/"));
    sys::umask(0o077);
    ok(proc::prot_gid(AUTO_GIDQ));
    for fd in 2..=6 {
        ok(sys::fd_copy(fd, 0));
    }

    let mut rest = args.get(1..).unwrap_or(&[]);
    let mut delivery: &[u8] = b"./Mailbox";
    if let Some((d, more)) = rest.split_first() {
        delivery = d;
        rest = more;
    }
    if !rest.is_empty() {
        start_logger(rest);
    }

    let mut pipes = Vec::with_capacity(6);
    for _ in 0..6 {
        pipes.push(ok(sys::pipe()));
    }
    // (read end, write end) of: lspawn in, lspawn out, rspawn in, rspawn
    // out, clean in, clean out
    let p = |i: usize| pipes[i];
    spawn(&pipes, None, p(0).0, p(1).1, &[b"qmail-lspawn", delivery]);
    spawn(&pipes, Some(AUTO_UIDR), p(2).0, p(3).1, &[b"qmail-rspawn"]);
    spawn(&pipes, Some(AUTO_UIDQ), p(4).0, p(5).1, &[b"qmail-clean"]);

    ok(proc::prot_uid(AUTO_UIDS));
    ok(sys::fd_copy(0, 1));
    ok(sys::fd_copy(1, p(0).1));
    ok(sys::fd_copy(2, p(1).0));
    ok(sys::fd_copy(3, p(2).1));
    ok(sys::fd_copy(4, p(3).0));
    ok(sys::fd_copy(5, p(4).1));
    ok(sys::fd_copy(6, p(5).0));
    close_pipes(&pipes);
    proc::exec(b"qmail-send", &[b"qmail-send"], true);
    die()
}

/// Forks the logger (`argv`, searched on $PATH) as qmaill in group
/// nofiles, reading a new pipe whose write end becomes our fd 1.
fn start_logger(argv: &[Vec<u8>]) {
    let (rd, wr) = ok(sys::pipe());
    match ok(proc::fork()) {
        proc::Fork::Child => {
            ok(proc::prot_gid(AUTO_GIDN));
            ok(proc::prot_uid(AUTO_UIDL));
            let _ = sys::close(wr);
            ok(sys::fd_move(0, rd));
            close23456();
            let argv: Vec<&[u8]> = argv.iter().map(|a| a.as_slice()).collect();
            if let Some(prog) = argv.first() {
                proc::exec(prog, &argv, true);
            }
            die()
        }
        proc::Fork::Parent(_) => {
            let _ = sys::close(rd);
            ok(sys::fd_move(1, wr));
        }
    }
}

/// Forks one member of the set: optional uid, fd 0 and 1 from the pipes,
/// everything else closed, then exec (searched on $PATH).
fn spawn(pipes: &[(Fd, Fd)], uid: Option<u32>, fd0: Fd, fd1: Fd, argv: &[&[u8]]) {
    if let proc::Fork::Child = ok(proc::fork()) {
        if let Some(uid) = uid {
            ok(proc::prot_uid(uid));
        }
        ok(sys::fd_copy(0, fd0));
        ok(sys::fd_copy(1, fd1));
        close23456();
        close_pipes(pipes);
        proc::exec(argv[0], argv, true);
        die()
    }
}

fn close23456() {
    for fd in 2..=6 {
        let _ = sys::close(fd);
    }
}

fn close_pipes(pipes: &[(Fd, Fd)]) {
    for &(r, w) in pipes {
        let _ = sys::close(r);
        let _ = sys::close(w);
    }
}
