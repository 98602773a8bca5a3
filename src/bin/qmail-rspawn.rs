//! qmail-rspawn: runs remote deliveries for qmail-send.
//!
//! argv: none used. Speaks the spawn protocol on fd 0/fd 1 (qmail::send::spawn);
//! for each command runs `qmail-remote HOST SENDER RECIPIENT` (found on
//! PATH) with the message on fd 0 and its report pipe on fds 1 and 2, and
//! turns qmail-remote's output into one report. On start it empties
//! queue/lock/tcpto (the table of hosts that timed out).
//!
//! Exit codes: 0 once fd 0 has ended and every delivery has been reported;
//! 111 the queue cannot be entered (or, in the users-by-name build, qmailq
//! does not exist: a `fatal: unable to find user` line on fd 2).
#![cfg_attr(not(test), no_main)]

use qmail::base::users::{self, User};
use qmail::send::spawn::{self, Command, Spawner};
use qmail::sys::{self, proc, OwnedFd};

qmail::entry!(run);

struct Remote {
    /// qmailq's uid.
    uidq: u32,
}

impl Spawner for Remote {
    fn truncreport(&self) -> usize {
        0
    }
    /// Becomes qmail-remote; when it cannot, the bare exit code (111
    /// temporary, 100 permanent) is the report spawn::remote_report reads.
    fn child(&self, fdmess: OwnedFd, fdout: OwnedFd, c: &Command) -> ! {
        let recip = qmail::queue::qmail::cstr(&c.recip);
        let at = recip
            .iter()
            .rposition(|&b| b == b'@')
            .unwrap_or(recip.len());
        let host = recip.get(at + 1..).unwrap_or(&[]);
        let sender = qmail::queue::qmail::cstr(&c.sender);
        if sys::fd_move(0, fdmess.into_raw()).is_err()
            || sys::fd_move(1, fdout.into_raw()).is_err()
            || sys::fd_copy(2, 1).is_err()
        {
            sys::exit(111);
        }
        let argv: [&[u8]; 4] = [b"qmail-remote", host, sender, recip];
        let e = proc::exec(argv[0], &argv, true);
        sys::exit(if e.is_temp() { 111 } else { 100 })
    }
    fn report(&self, wstat: proc::WaitStatus, output: &[u8]) -> Vec<u8> {
        spawn::remote_report(wstat.crashed(), wstat.exitcode(), output)
    }
    fn queue_uid(&self) -> u32 {
        self.uidq
    }
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    spawn::drive(|| {
        let uidq = users::uid(User::Queue).map_err(|missing| missing.report())?;
        qmail::net::tcpto::clean();
        Ok(Remote { uidq })
    })
}
