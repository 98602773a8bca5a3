//! qmail-send: the queue manager. Started by qmail-start as qmails in the
//! qmail home; no arguments.
//!
//! Fds: 0 the log (splogger), 1 and 2 to and from qmail-lspawn, 3 and 4
//! to and from qmail-rspawn, 5 and 6 to and from qmail-clean. Reads
//! control/ once at start (locals and virtualdomains again on SIGHUP),
//! then works in queue/ until SIGTERM: see the `send` module. SIGALRM
//! makes every deferred delivery due at once.
//!
//! Memory: every allocation that fails is logged (`alert: out of memory,
//! sleeping...`) and tried again 10 seconds later, as stock's nomem loops
//! do, through the global allocator below; it never aborts the scheduler.
//!
//! Exit codes: 0 after SIGTERM once no delivery runs; 111 when it cannot
//! start (home, controls, queue directory, the sendmutex lock, or a
//! spawner that never said its concurrency), with an alert in the log.
#![cfg_attr(not(test), no_main)]

use qmail::conf::AUTO_QMAIL;
use qmail::send::{log, Channel, Config, Send};
use qmail::sys::{self, proc};

#[global_allocator]
static ALLOC: sys::alloc::Retry<std::alloc::System> =
    sys::alloc::Retry::new(std::alloc::System, sys::alloc::send_nomem);

// Its endings are alerts in its own log and a bare exit code (stock's).
qmail::entry!(run);

fn cannot(why: &[u8]) -> i32 {
    log(&[b"alert: cannot start: ", why, b"\n"]);
    111
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    if sys::chdir(AUTO_QMAIL).is_err() {
        return cannot(b"unable to switch to home directory");
    }
    let Some(cfg) = Config::read() else {
        return cannot(b"unable to read controls");
    };
    if sys::chdir(b"queue").is_err() {
        return cannot(b"unable to switch to queue directory");
    }
    let _ = proc::sig_ignore(libc::SIGPIPE);
    for sig in [libc::SIGTERM, libc::SIGALRM, libc::SIGHUP] {
        let _ = proc::sig_catch_flag(sig);
    }
    let _ = proc::sig_default(libc::SIGCHLD);
    sys::umask(0o077);

    let Ok(mutex) = sys::open_write(b"lock/sendmutex") else {
        return cannot(b"unable to open mutex");
    };
    // Held, and so locked, until the process ends.
    let mutex = sys::OwnedFd(mutex);
    if proc::lock_exnb(mutex.0).is_err() {
        return cannot(b"qmail-send is already running");
    }

    let Some(chans) = Channel::open_both(cfg.concurrency) else {
        return cannot(b"hath the daemon spawn no fire?");
    };
    let mut send = Send::new(cfg, chans);
    send.run();
    drop(mutex);
    0
}
