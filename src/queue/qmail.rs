//! The queue client every injecting program shares (stock's qmail.c):
//! start `bin/qmail-queue` (or the program named by `$QMAILQUEUE`) in the
//! qmail home with the message on its fd 0 and the envelope on its fd 1,
//! feed it, and turn its exit status into a verdict.
//!
//! Write errors do not stop the caller: they are remembered and reported
//! at [`Qmail::close`] as a read error of the queue, the way stock does
//! (SIGPIPE must be ignored by the caller for that to happen).

pub use crate::base::byte::cstr;
use crate::base::substdio::Out;
use crate::conf::AUTO_QMAIL;
use crate::queue::code;
use crate::sys::{self, proc, Errno, OwnedFd};

/// Size of the buffer in front of each pipe.
const BUFSIZE: usize = 1024;

/// A running queue program being fed.
pub struct Qmail {
    pid: i32,
    /// The message pipe until [`Qmail::from`] closes it.
    fdm: Option<OwnedFd>,
    /// The envelope pipe.
    fde: OwnedFd,
    ss: Out,
    flagerr: bool,
}

/// Why the queue program did not take the message: stock's code letter
/// (`D` permanent, `Z` temporary) followed by the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal(pub &'static [u8]);

impl Refusal {
    /// True for a permanent failure (`D`).
    pub fn permanent(self) -> bool {
        self.0.first() == Some(&b'D')
    }
    /// The text without the code letter.
    pub fn text(self) -> &'static [u8] {
        self.0.get(1..).unwrap_or(&[])
    }
}

/// The program to run: `$QMAILQUEUE`, else `bin/qmail-queue` (relative to
/// the qmail home, where the child runs).
fn program() -> Vec<u8> {
    sys::env_get(b"QMAILQUEUE").unwrap_or_else(|| b"bin/qmail-queue".to_vec())
}

/// The child's side: pipes on fds 0 and 1, into the home, exec.
fn child(prog: &[u8], pim: (OwnedFd, OwnedFd), pie: (OwnedFd, OwnedFd)) -> ! {
    drop((pim.1, pie.1));
    if sys::fd_move(0, pim.0.into_raw()).is_err() || sys::fd_move(1, pie.0.into_raw()).is_err() {
        sys::exit(code::EXEC);
    }
    if sys::chdir(AUTO_QMAIL).is_err() {
        sys::exit(code::HOME);
    }
    proc::exec(prog, &[prog], false);
    sys::exit(code::EXEC)
}

/// Starts the queue program: its pid, the write end of its message pipe
/// and that of its envelope pipe. Fails only if a pipe or the fork fails;
/// a program that cannot run shows up in [`judge`]. (The C ABI's
/// qmail_open is this, with the pipes in a `struct qmail`.)
pub fn spawn() -> Result<(i32, OwnedFd, OwnedFd), Errno> {
    let prog = program();
    let pim = sys::pipe_owned()?;
    let pie = sys::pipe_owned()?;
    let pid = match proc::fork()? {
        proc::Fork::Child => child(&prog, pim, pie),
        proc::Fork::Parent(pid) => pid,
    };
    // the child's ends close here
    let ((_, m), (_, e)) = (pim, pie);
    Ok((pid, m, e))
}

/// Waits for the queue program `pid`, both pipes closed, and judges its
/// end; `flagerr` says whether feeding it failed.
pub fn judge(pid: i32, flagerr: bool) -> Result<(), Refusal> {
    let w = match proc::wait_pid(pid) {
        Ok((p, w)) if p == pid => w,
        _ => return Err(Refusal(b"Zqq waitpid surprise (#4.3.0)")),
    };
    if w.crashed() != 0 {
        return Err(Refusal(b"Zqq crashed (#4.3.0)"));
    }
    match verdict(w.exitcode(), flagerr) {
        None => Ok(()),
        Some(r) => Err(r),
    }
}

impl Qmail {
    /// Starts the queue program (qmail_open). Fails only if a pipe or the
    /// fork fails; a program that cannot run shows up at [`Qmail::close`].
    pub fn open() -> Result<Qmail, Errno> {
        let (pid, m, e) = spawn()?;
        Ok(Qmail {
            pid,
            ss: Out::fd(m.raw(), BUFSIZE),
            fdm: Some(m),
            fde: e,
            flagerr: false,
        })
    }

    /// The queue program's process id (qmail_qp).
    pub fn qp(&self) -> i32 {
        self.pid
    }

    /// Marks the message as failed: close will report a read error unless
    /// the program fails otherwise (qmail_fail).
    pub fn fail(&mut self) {
        self.flagerr = true;
    }

    /// Message bytes (qmail_put); ignored after an error.
    pub fn put(&mut self, s: &[u8]) {
        if !self.flagerr && self.ss.put(s).is_err() {
            self.flagerr = true;
        }
    }

    /// Ends the message and starts the envelope with the sender
    /// (qmail_from). Like every address passed here, `s` ends at its
    /// first NUL, if any.
    pub fn from(&mut self, s: &[u8]) {
        if self.ss.flush().is_err() {
            self.flagerr = true;
        }
        self.fdm = None;
        self.ss = Out::fd(self.fde.raw(), BUFSIZE);
        self.put(b"F");
        self.put(cstr(s));
        self.put(b"\0");
    }

    /// One recipient (qmail_to).
    pub fn to(&mut self, s: &[u8]) {
        self.put(b"T");
        self.put(cstr(s));
        self.put(b"\0");
    }

    /// The whole envelope at once, then [`Qmail::close`]: the sender and
    /// each recipient.
    pub fn send<R: AsRef<[u8]>>(mut self, sender: &[u8], recips: &[R]) -> Result<(), Refusal> {
        self.from(sender);
        for r in recips {
            self.to(r.as_ref());
        }
        self.close()
    }

    /// Ends the envelope, waits for the program and judges its exit
    /// (qmail_close).
    pub fn close(mut self) -> Result<(), Refusal> {
        self.put(b"\0");
        if !self.flagerr && self.ss.flush().is_err() {
            self.flagerr = true;
        }
        self.fdm = None;
        drop(self.fde);
        judge(self.pid, self.flagerr)
    }
}

/// The text the network front ends give for a queued message:
/// `ok TIME qp PID` (the unix time now and qmail-queue's pid).
pub fn accepted(qp: i32) -> Vec<u8> {
    let mut v = b"ok ".to_vec();
    v.extend_from_slice(&crate::base::fmt::ulong(sys::now() as u64));
    v.extend_from_slice(b" qp ");
    v.extend_from_slice(&crate::base::fmt::ulong(qp as u64));
    v
}

/// The meaning of the queue program's exit code; `flagerr` says whether
/// feeding it failed. None: the message was taken.
pub fn verdict(exitcode: i32, flagerr: bool) -> Option<Refusal> {
    let s: &'static [u8] = match exitcode {
        0 if !flagerr => return None,
        code::OK | code::READ => b"Zqq read error (#4.3.0)",
        code::ADDR_TOO_LONG | code::REMOTE_ADDR_TOO_LONG => {
            b"Denvelope address too long for qq (#5.1.3)"
        }
        code::REMOTE_REJECT_PERM => b"Dmail server permanently rejected message (#5.3.0)",
        code::NOMEM => b"Zqq out of memory (#4.3.0)",
        code::TIMEOUT => b"Zqq timeout (#4.3.0)",
        code::WRITE => b"Zqq write error or disk full (#4.3.0)",
        code::CONFIG => b"Zqq unable to read configuration (#4.3.0)",
        code::CONNECT => b"Zqq trouble making network connection (#4.3.0)",
        code::HOME => b"Zqq trouble in home directory (#4.3.0)",
        code::QUEUE_DIR..=code::TODO => b"Zqq trouble creating files in queue (#4.3.0)",
        code::REMOTE_REJECT_TEMP => b"Zmail server temporarily rejected message (#4.3.0)",
        code::REMOTE_TIMEOUT => b"Zconnection to mail server timed out (#4.4.1)",
        code::REMOTE_REFUSED => b"Zconnection to mail server rejected (#4.4.1)",
        code::REMOTE_COMM => b"Zcommunication with mail server failed (#4.4.2)",
        code::BUG | code::ENVELOPE => b"Zqq internal bug (#4.3.0)",
        code::EXEC => b"Zunable to exec qq (#4.3.0)",
        11..=40 => b"Dqq permanent problem (#5.3.0)",
        _ => b"Zqq temporary problem (#4.3.0)",
    };
    Some(Refusal(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_exit_codes_become_stock_texts_temporary_or_permanent() {
        assert_eq!(verdict(0, false), None);
        let text = |c, e| verdict(c, e).map(|r| (r.permanent(), r.text()));
        assert_eq!(text(0, true), Some((false, &b"qq read error (#4.3.0)"[..])));
        assert_eq!(
            text(115, false),
            Some((true, &b"envelope address too long for qq (#5.1.3)"[..]))
        );
        assert_eq!(
            text(12, false),
            Some((true, &b"qq permanent problem (#5.3.0)"[..]))
        );
        assert_eq!(
            text(40, false),
            Some((true, &b"qq permanent problem (#5.3.0)"[..]))
        );
        assert_eq!(
            text(41, false),
            Some((false, &b"qq temporary problem (#4.3.0)"[..]))
        );
        assert_eq!(
            text(64, true),
            Some((false, &b"qq trouble creating files in queue (#4.3.0)"[..]))
        );
        assert_eq!(
            text(10, false),
            Some((false, &b"qq temporary problem (#4.3.0)"[..]))
        );
        assert_eq!(
            text(91, false),
            Some((false, &b"qq internal bug (#4.3.0)"[..]))
        );
    }
}
