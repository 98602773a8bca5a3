//! qmail-clean: removes a message's queue files on qmail-send's request.
//! Runs as qmailq, started by qmail-start; no arguments.
//!
//! fd 0: requests from qmail-send, each `foop/N` or `todo/N` and a NUL
//! (see the `clean` module); fd 1: one answer byte per request, flushed
//! at once. Every 31st request, the first included, also removes files in
//! queue/pid that were last read more than 36 hours ago (left behind by a
//! qmail-queue that died).
//!
//! Exit codes: 0 at the end of the requests (or a read error, or no
//! memory for a request); 111 when the qmail home or its queue cannot be
//! entered; 100 when an answer cannot be written.
#![cfg_attr(not(test), no_main)]

use qmail::base::substdio::In;
use qmail::conf::AUTO_QMAIL;
use qmail::queue;
use qmail::queue::clean::{self, Request};
use qmail::sys::{self, proc, Errno, OwnedFd};

qmail::entry!(run);

/// A pid file this old (seconds since its last access) is abandoned; the
/// same value as qmail-send's OSSIFIED.
const OSSIFIED: i64 = 129600;

/// Protocol endings: qmail-clean talks to qmail-send in single bytes on
/// fd 1 and never writes to fd 2; it ends with bare codes (111 no queue,
/// 100 when an answer cannot be written, 0 when qmail-send hangs up).
fn run(_args: Vec<Vec<u8>>) -> i32 {
    if sys::chdir(AUTO_QMAIL).is_err() || sys::chdir(b"queue").is_err() {
        return 111;
    }
    let _ = proc::sig_ignore(libc::SIGPIPE);

    // fd 0 and fd 1 are this end of qmail-send's pipes, held to the end.
    let mut input = In::new(OwnedFd(0), 256);
    let answers = OwnedFd(1);
    let mut line = Vec::new();
    let mut cleanuploop = 0;
    loop {
        if cleanuploop > 0 {
            cleanuploop -= 1;
        } else {
            cleanup_pid();
            cleanuploop = 30;
        }
        match input.getln(&mut line, 0) {
            Ok(true) => {}
            _ => return 0,
        }
        let (strays, req) = clean::parse(&line);
        for _ in 0..strays {
            respond(&answers, b'x');
        }
        match req {
            Request::Bad => respond(&answers, b'x'),
            Request::Foop(id) => {
                let ok = remove(&queue::intd(id)) && remove(&queue::mess(id));
                respond(&answers, if ok { b'+' } else { b'!' });
            }
            Request::Todo(id) => {
                let ok = remove(&queue::intd(id)) && remove(&queue::todo(id));
                respond(&answers, if ok { b'+' } else { b'!' });
            }
        }
    }
}

/// Removes `path`; true when it is gone (or was never there).
fn remove(path: &[u8]) -> bool {
    match sys::unlink(path) {
        Ok(()) => true,
        Err(e) => e == Errno(libc::ENOENT),
    }
}

/// Writes one answer byte; the C exits 100 when it cannot.
fn respond(to: &OwnedFd, c: u8) {
    if sys::write(to.raw(), &[c]).is_err() {
        sys::exit(100);
    }
}

/// Removes pid files nobody has read for OSSIFIED seconds.
fn cleanup_pid() {
    let now = sys::now();
    let Ok(mut dir) = sys::dirent::opendir(b"pid") else {
        return;
    };
    while let Some(name) = dir.read() {
        if name == b"." || name == b".." {
            continue;
        }
        let mut path = b"pid/".to_vec();
        path.extend_from_slice(&name);
        let Ok(st) = sys::stat(&path) else {
            continue;
        };
        if now < st.atime + OSSIFIED {
            continue;
        }
        let _ = sys::unlink(&path);
    }
}
