//! qmail-queue: puts one message into the queue for qmail-send.
//!
//! Installed setuid qmailq (mode 4711); anyone may run it, the caller's real
//! uid is recorded. No arguments. Reads the message from fd 0 up to end of
//! file and then the envelope from fd 1 (`F` sender NUL, `T` recipient NUL
//! each, one more NUL). Prints nothing (but in the users-by-name build, the
//! missing user's line before exit 111): the exit code is the answer.
//!
//! Exit codes: 0 queued; 11 address too long; 51 out of memory; 52 timeout
//! (24 hours); 53 write or fsync error; 54 read error or input ended early;
//! 61 cannot chdir to the qmail home; 62 cannot chdir to queue; 63 trouble
//! with queue/pid; 64 with queue/mess; 65 with queue/intd; 66 with
//! queue/todo; 81 crash signal; 91 envelope format error; 111 (by-name
//! build only) a qmail user is missing. Only 53 and 54
//! remove the partial files; the others leave them for qmail-send's cleanup.
//! Nothing reaches todo/ before the envelope is complete and fsynced; with
//! conf-syncdir on (not in stock) the mess/ and todo/ directories are
//! fsynced too, each after its link and before the step that relies on it.
#![cfg_attr(not(test), no_main)]

use qmail::base::substdio::{self, In, Out};
use qmail::base::syncdir;
use qmail::conf::AUTO_QMAIL;
use qmail::queue::{self, code, EnvError};
use qmail::sys::{self, proc, Fd};

qmail::entry!(run);

// Protocol endings: qmail-queue's exit code is its whole answer (see the
// codes above and queue::code), so run returns a bare code and nothing is
// written to fd 2 but base::users' missing-user line in the by-name build.

/// What has been created so far, for the cleanup on exits 53 and 54.
struct Made {
    mess: Option<(Fd, Vec<u8>)>,
    intd: Option<(Fd, Vec<u8>)>,
}

impl Made {
    /// Truncates and unlinks intd/N, then mess/S/N; stops at a failed
    /// unlink, as stock does.
    fn cleanup(&self) {
        if let Some((fd, name)) = &self.intd {
            let _ = sys::ftruncate(*fd, 0);
            if sys::unlink(name).is_err() {
                return;
            }
        }
        if let Some((fd, name)) = &self.mess {
            let _ = sys::ftruncate(*fd, 0);
            let _ = sys::unlink(name);
        }
    }
    fn die_write(&self) -> i32 {
        self.cleanup();
        code::WRITE
    }
    fn die_read(&self) -> i32 {
        self.cleanup();
        code::READ
    }
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_blocknone();
    sys::umask(0o033);
    if sys::chdir(AUTO_QMAIL).is_err() {
        return code::HOME;
    }
    if sys::chdir(b"queue").is_err() {
        return code::QUEUE_DIR;
    }

    let pid = sys::getpid() as u64;
    let uid = sys::getuid();
    let start = sys::now();
    let dt = qmail::base::datetime::tai(start);
    // the by-name build's one message on fd 2: a user that does not exist
    let ids = match queue::Ids::get() {
        Ok(ids) => ids,
        Err(missing) => return missing.report(),
    };
    let received = queue::received(pid, uid, ids, &dt);

    setup_signals();
    proc::alarm(queue::DEATH);

    let Some((messfd, pidfn)) = pidopen(pid, start as u64) else {
        return code::PID;
    };
    let Ok(st) = sys::fstat(messfd) else {
        return code::PID;
    };
    let id = st.ino;
    let messfn = queue::mess(id);
    let todofn = queue::todo(id);
    let intdfn = queue::intd(id);
    let messdir = syncdir::dir_of(&messfn).to_vec();

    if sys::link(&pidfn, &messfn).is_err() {
        return code::MESS;
    }
    if sys::unlink(&pidfn).is_err() {
        return code::PID;
    }
    let mut made = Made {
        mess: Some((messfd, messfn)),
        intd: None,
    };

    let mut ssout = Out::fd(messfd, queue::OUTSIZE);
    let mut ssin = In::fd(0, queue::INSIZE);
    if ssout.bput(&received).is_err() {
        return made.die_write();
    }
    match substdio::copy(&mut ssout, &mut ssin) {
        Ok(()) => {}
        Err(substdio::CopyError::Read(_)) => return made.die_read(),
        Err(substdio::CopyError::Write(_)) => return made.die_write(),
    }
    if ssout.flush().is_err() || sys::fsync(messfd).is_err() {
        return made.die_write();
    }
    // Ours (conf-syncdir): mess/S/N's name on disk before todo/N can be.
    if syncdir::dir(&messdir).is_err() {
        return made.die_write();
    }

    let Ok(intdfd) = sys::open_excl(&intdfn) else {
        return code::INTD;
    };
    made.intd = Some((intdfd, intdfn.clone()));

    let mut ssout = Out::fd(intdfd, queue::OUTSIZE);
    let mut ssin = In::fd(1, queue::INSIZE);
    if ssout.bput(&queue::intd_head(uid, pid)).is_err() {
        return made.die_write();
    }
    match queue::copy_envelope(&mut ssin, &mut ssout) {
        Ok(()) => {}
        Err(EnvError::Read) => return made.die_read(),
        Err(EnvError::Write) => return made.die_write(),
        Err(e) => return e.code(),
    }
    if ssout.flush().is_err() || sys::fsync(intdfd).is_err() {
        return made.die_write();
    }

    if sys::link(&intdfn, &todofn).is_err() {
        return code::TODO;
    }
    // Ours (conf-syncdir): the todo/N name on disk before exit 0 says so.
    // The message is complete, so a failure here leaves it for qmail-send
    // and answers 53: at worst the sender retries and it comes twice.
    if syncdir::parent(&todofn).is_err() {
        return code::WRITE;
    }
    qmail::base::trigger::pull();
    code::OK
}

/// SIGPIPE and the "misc" signals ignored; the alarm ends the process with
/// 52 and no cleanup (a stale file is safer than racing the main flow);
/// crash signals end it with 81.
fn setup_signals() {
    for sig in std::iter::once(libc::SIGPIPE).chain(proc::MISC_SIGNALS) {
        let _ = proc::sig_ignore(sig);
    }
    let _ = proc::sig_catch_exit(libc::SIGALRM, code::TIMEOUT);
    for sig in [
        libc::SIGILL,
        libc::SIGABRT,
        libc::SIGFPE,
        libc::SIGBUS,
        libc::SIGSEGV,
        libc::SIGSYS,
    ] {
        let _ = proc::sig_catch_exit(sig, code::BUG);
    }
}

/// Creates `pid/PID.TIME.SEQ` exclusively, trying sequence numbers 1 to 9.
fn pidopen(pid: u64, start: u64) -> Option<(Fd, Vec<u8>)> {
    (1..10).find_map(|seq| {
        let name = queue::pid_name(pid, start, seq);
        sys::open_excl(&name).ok().map(|fd| (fd, name))
    })
}
