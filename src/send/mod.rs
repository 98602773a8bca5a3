//! qmail-send's scheduler (stock's qmail-send.c), run by the
//! `qmail-send` binary.
//!
//! Fds as qmail-start sets them: 0 the log, 1/2 to and from
//! qmail-lspawn, 3/4 to and from qmail-rspawn, 5/6 to and from
//! qmail-clean. The process runs in queue/ and loops: new messages in
//! todo/ are split into info/, local/ and remote/ and handed to
//! qmail-clean; each channel's pass reads a message's recipient list and
//! starts deliveries; reports mark recipients done or bounce them; a
//! message with no channel file left gets its bounce injected and is
//! removed. Every log line is written whole to fd 0.
//!
//! Where each part lives:
//! * `scheduler`: the [`Send`] state and its main loop (start here);
//! * `channel`: a [`Channel`] (local or remote), its spawner's fds and the
//!   commands written to it;
//! * `todo`: new messages from todo/ split by channel;
//! * `pqueue`: which message is due when (the channel, done and retry
//!   queues);
//! * `pass` and `job`: reading a due message's recipient list and the job
//!   that holds the message while its deliveries run;
//! * `deliver`: starting deliveries and acting on the spawners' reports;
//! * `bounce` and `done`: bounce/N, the bounce message, and the end of a
//!   message;
//! * `cleanup`: the talk with qmail-clean and the sweep of stale mess/
//!   files;
//! * `config`: the control files.

pub mod addr;
mod bounce;
mod channel;
mod cleanup;
mod config;
mod deliver;
mod done;
mod job;
mod pass;
mod pqueue;
mod scheduler;
pub mod spawn;
mod todo;

pub use channel::Channel;
pub use config::Config;
pub use scheduler::Send;

use crate::base::prioq::{Elt, Prioq};
use crate::base::substdio::{allwrite, FdOp};
use crate::sys::{self, Errno};

/// Retry delay after a system call failed.
const SLEEP_SYSFAIL: i64 = 123;

/// Writes one log line (the pieces together) to fd 0, errors ignored.
pub fn log(parts: &[&[u8]]) {
    let line = parts.concat();
    let _ = allwrite(&mut FdOp(0), &line);
}

fn num(n: u64) -> Vec<u8> {
    crate::base::fmt::ulong(n)
}

/// The "opendir failed" hook: log, sleep, try again.
fn pausedir(dir: &[u8]) {
    log(&[b"alert: unable to opendir ", dir, b", sleeping...\n"]);
    sys::sleep(10);
}

fn nomem() {
    log(&[b"alert: out of memory, sleeping...\n"]);
    sys::sleep(10);
}

fn is_noent(r: &Result<sys::Stat, Errno>) -> bool {
    matches!(r, Err(Errno(libc::ENOENT)))
}

/// Schedules message `id` at time `dt`, waiting out memory shortage.
fn insert(pq: &mut Prioq, id: u64, dt: i64) {
    while pq.insert(Elt { dt, id }).is_err() {
        nomem();
    }
}
