//! Processes, locks and signals: fork, exec, wait with qmail's status
//! decoding, flock locks, and signal dispositions whose handlers only set a
//! flag.

use super::{cerr, cpath, Errno, Fd, Result};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

/// lock_ex: flock(LOCK_EX), waiting.
pub fn lock_ex(fd: Fd) -> Result<()> {
    // SAFETY: no memory effects.
    cerr(unsafe { libc::flock(fd, libc::LOCK_EX) }).map(|_| ())
}

/// lock_exnb: flock(LOCK_EX|LOCK_NB); EWOULDBLOCK when someone holds it.
pub fn lock_exnb(fd: Fd) -> Result<()> {
    // SAFETY: no memory effects.
    cerr(unsafe { libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB) }).map(|_| ())
}

/// lock_un: flock(LOCK_UN).
pub fn lock_un(fd: Fd) -> Result<()> {
    // SAFETY: no memory effects.
    cerr(unsafe { libc::flock(fd, libc::LOCK_UN) }).map(|_| ())
}

/// Result of fork in the calling process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fork {
    Child,
    Parent(i32),
}

/// fork(2). The child must only exec or `_exit` (see [`super::exit`]).
pub fn fork() -> Result<Fork> {
    // SAFETY: the programs are single-threaded where they fork, as in C.
    let pid = cerr(unsafe { libc::fork() })?;
    Ok(if pid == 0 {
        Fork::Child
    } else {
        Fork::Parent(pid)
    })
}

/// execv / execvp with byte arguments; returns only on failure.
pub fn exec(path: &[u8], argv: &[&[u8]], search_path: bool) -> Errno {
    let Ok(p) = cpath(path) else {
        return Errno(libc::ENOENT);
    };
    let mut owned = Vec::with_capacity(argv.len());
    for a in argv {
        match cpath(a) {
            Ok(c) => owned.push(c),
            Err(e) => return e,
        }
    }
    let mut ptrs: Vec<*const libc::c_char> = owned.iter().map(|c| c.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // SAFETY: p and every argv entry are valid C strings kept alive by
    // `owned`; the array is NULL-terminated.
    unsafe {
        if search_path {
            libc::execvp(p.as_ptr(), ptrs.as_ptr());
        } else {
            libc::execv(p.as_ptr(), ptrs.as_ptr());
        }
    }
    Errno::last()
}

/// A raw wait status with qmail's decoding (wait.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitStatus(pub i32);

impl WaitStatus {
    /// wait_crashed: the signal that killed it, or 0.
    pub fn crashed(self) -> i32 {
        self.0 & 127
    }
    /// wait_exitcode.
    pub fn exitcode(self) -> i32 {
        self.0 >> 8
    }
    /// wait_stopped.
    pub fn stopped(self) -> bool {
        self.0 & 127 == 127
    }
}

/// wait_pid: waitpid(pid, 0), retried on EINTR.
pub fn wait_pid(pid: i32) -> Result<(i32, WaitStatus)> {
    let mut w: libc::c_int = 0;
    loop {
        // SAFETY: w is a valid out-pointer.
        let r = unsafe { libc::waitpid(pid, &mut w, 0) };
        if r == -1 {
            let e = Errno::last();
            if e.0 == libc::EINTR {
                continue;
            }
            return Err(e);
        }
        return Ok((r, WaitStatus(w)));
    }
}

/// wait_nohang: waitpid(-1, WNOHANG); Ok(None) when no child has ended.
pub fn wait_nohang() -> Result<Option<(i32, WaitStatus)>> {
    let mut w: libc::c_int = 0;
    // SAFETY: w is a valid out-pointer.
    let r = cerr(unsafe { libc::waitpid(-1, &mut w, libc::WNOHANG) })?;
    Ok(if r == 0 {
        None
    } else {
        Some((r, WaitStatus(w)))
    })
}

const NSIG: usize = 65;
static CAUGHT: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];

extern "C" fn set_flag(sig: libc::c_int) {
    if let Some(f) = CAUGHT.get(sig as usize) {
        f.store(true, Ordering::SeqCst);
    }
}

fn sigaction(sig: i32, handler: libc::sighandler_t) -> Result<()> {
    // SAFETY: an all-zero sigaction is valid (empty mask, flags 0, as
    // stock's sig_catch uses).
    let mut sa: libc::sigaction = unsafe { std::mem::zeroed() };
    sa.sa_sigaction = handler;
    // SAFETY: sa is fully initialised; the old action is not wanted.
    cerr(unsafe { libc::sigaction(sig, &sa, std::ptr::null_mut()) }).map(|_| ())
}

/// sig_catch with a handler that only records the signal (see [`caught`]).
pub fn sig_catch_flag(sig: i32) -> Result<()> {
    sigaction(
        sig,
        set_flag as extern "C" fn(libc::c_int) as libc::sighandler_t,
    )
}

/// Exit codes for [`sig_catch_exit`], by signal number (0: none set).
static EXIT_CODE: [AtomicI32; NSIG] = [const { AtomicI32::new(0) }; NSIG];

extern "C" fn exit_with_code(sig: libc::c_int) {
    let code = EXIT_CODE
        .get(sig as usize)
        .map_or(111, |c| c.load(Ordering::SeqCst));
    // SAFETY: _exit is async-signal-safe and never returns.
    unsafe { libc::_exit(code) }
}

/// sig_catch with a handler that ends the process at once with `code`
/// (`_exit`, no cleanup), like qmail-queue's alarm and crash handlers.
pub fn sig_catch_exit(sig: i32, code: i32) -> Result<()> {
    if let Some(c) = EXIT_CODE.get(sig as usize) {
        c.store(code, Ordering::SeqCst);
    }
    sigaction(
        sig,
        exit_with_code as extern "C" fn(libc::c_int) as libc::sighandler_t,
    )
}

/// sig_blocknone: an empty signal mask.
pub fn sig_blocknone() -> Result<()> {
    // SAFETY: an all-zero sigset is valid storage; sigemptyset sets it.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: set is valid storage.
    unsafe { libc::sigemptyset(&mut set) };
    // SAFETY: set is initialised; the old mask is not wanted.
    cerr(unsafe { libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut()) }).map(|_| ())
}

/// alarm(2): SIGALRM after `secs` seconds (0 cancels).
pub fn alarm(secs: u32) {
    // SAFETY: no memory effects.
    unsafe { libc::alarm(secs) };
}

/// sig_catch with any handler, as a raw `sighandler_t` (a C function's
/// address, SIG_IGN or SIG_DFL): empty mask, no flags, as stock's.
pub fn sig_catch_raw(sig: i32, handler: libc::sighandler_t) -> Result<()> {
    sigaction(sig, handler)
}

/// sig_pause: waits for any signal with nothing blocked (sigsuspend).
pub fn sig_pause() {
    // SAFETY: an all-zero sigset is valid storage; sigemptyset sets it.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: set is initialised storage for both calls; sigsuspend only
    // returns after a handler ran (EINTR), which is its purpose.
    unsafe {
        libc::sigemptyset(&mut set);
        libc::sigsuspend(&set);
    }
}

/// The signals stock's sig_miscignore ignores: SIGVTALRM, SIGPROF,
/// SIGQUIT, SIGINT, SIGHUP, SIGXCPU and SIGXFSZ.
pub const MISC_SIGNALS: [i32; 7] = [
    libc::SIGVTALRM,
    libc::SIGPROF,
    libc::SIGQUIT,
    libc::SIGINT,
    libc::SIGHUP,
    libc::SIGXCPU,
    libc::SIGXFSZ,
];

/// sig_ignore.
pub fn sig_ignore(sig: i32) -> Result<()> {
    sigaction(sig, libc::SIG_IGN)
}

/// sig_uncatch: back to the default action.
pub fn sig_default(sig: i32) -> Result<()> {
    sigaction(sig, libc::SIG_DFL)
}

/// True (once) if `sig` arrived since the last call.
pub fn caught(sig: i32) -> bool {
    CAUGHT
        .get(sig as usize)
        .is_some_and(|f| f.swap(false, Ordering::SeqCst))
}

fn mask(sig: i32, how: libc::c_int) -> Result<()> {
    // SAFETY: an all-zero sigset is valid storage; sigemptyset sets it.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: set is valid storage for these calls.
    unsafe {
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, sig);
    }
    // SAFETY: set is initialised; the old mask is not wanted.
    cerr(unsafe { libc::sigprocmask(how, &set, std::ptr::null_mut()) }).map(|_| ())
}

/// sig_block.
pub fn sig_block(sig: i32) -> Result<()> {
    mask(sig, libc::SIG_BLOCK)
}

/// sig_unblock.
pub fn sig_unblock(sig: i32) -> Result<()> {
    mask(sig, libc::SIG_UNBLOCK)
}

/// prot_gid: makes `gid` the only group, supplementary list included
/// (setgroups, then setgid).
pub fn prot_gid(gid: u32) -> Result<()> {
    let g: libc::gid_t = gid;
    // SAFETY: a one-element array that lives across the call.
    cerr(unsafe { libc::setgroups(1, &g) })?;
    // SAFETY: plain syscall.
    cerr(unsafe { libc::setgid(gid) }).map(|_| ())
}

/// prot_uid: setuid.
pub fn prot_uid(uid: u32) -> Result<()> {
    // SAFETY: plain syscall.
    cerr(unsafe { libc::setuid(uid) }).map(|_| ())
}

/// execvpe: like [`exec`] with the path search, giving the program the
/// environment `env` (entries as `NAME=value` bytes) instead of this
/// process's. Returns only on failure.
pub fn exec_env(path: &[u8], argv: &[&[u8]], env: &[Vec<u8>]) -> Errno {
    let Ok(p) = cpath(path) else {
        return Errno(libc::ENOENT);
    };
    let mut owned = Vec::with_capacity(argv.len());
    for a in argv {
        match cpath(a) {
            Ok(c) => owned.push(c),
            Err(e) => return e,
        }
    }
    let mut envs = Vec::with_capacity(env.len());
    for e in env {
        match std::ffi::CString::new(e.clone()) {
            Ok(c) => envs.push(c),
            Err(_) => return Errno(libc::EINVAL),
        }
    }
    let mut ptrs: Vec<*const libc::c_char> = owned.iter().map(|c| c.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    let mut eptrs: Vec<*const libc::c_char> = envs.iter().map(|c| c.as_ptr()).collect();
    eptrs.push(std::ptr::null());
    // SAFETY: p, every argv and env entry are valid C strings kept alive by
    // `owned` and `envs`; both arrays are NULL-terminated.
    unsafe { libc::execvpe(p.as_ptr(), ptrs.as_ptr(), eptrs.as_ptr()) };
    Errno::last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_decodes_exit_code_and_signal() {
        match fork().unwrap() {
            Fork::Child => super::super::exit(3),
            Fork::Parent(pid) => {
                let (p, w) = wait_pid(pid).unwrap();
                assert_eq!(p, pid);
                assert_eq!((w.crashed(), w.exitcode()), (0, 3));
            }
        }
        match fork().unwrap() {
            Fork::Child => {
                // SAFETY: the child kills itself at once.
                unsafe { libc::raise(libc::SIGKILL) };
                super::super::exit(0)
            }
            Fork::Parent(pid) => {
                let (_, w) = wait_pid(pid).unwrap();
                assert_eq!(w.crashed(), libc::SIGKILL);
                assert!(!w.stopped());
            }
        }
    }

    #[test]
    fn exec_failure_returns_errno() {
        assert_eq!(
            exec(b"/nonexistent/prog", &[b"prog"], false),
            Errno(libc::ENOENT)
        );
    }

    #[test]
    fn flock_excludes_a_second_open_file() {
        let p = std::env::temp_dir().join(format!("qmail-lock-{}", std::process::id()));
        std::fs::write(&p, b"").unwrap();
        let path = p.to_str().unwrap().as_bytes();
        let a = super::super::open_read(path).unwrap();
        let b = super::super::open_read(path).unwrap();
        lock_exnb(a).unwrap();
        assert_eq!(lock_exnb(b), Err(Errno(libc::EWOULDBLOCK)));
        lock_un(a).unwrap();
        lock_ex(b).unwrap();
        let _ = std::fs::remove_file(&p);
    }

    #[test]
    fn exit_handler_exits_with_its_code() {
        match fork().unwrap() {
            Fork::Child => {
                sig_catch_exit(libc::SIGALRM, 52).unwrap();
                // SAFETY: the handler _exits the child.
                unsafe { libc::raise(libc::SIGALRM) };
                super::super::exit(0)
            }
            Fork::Parent(pid) => {
                let (_, w) = wait_pid(pid).unwrap();
                assert_eq!((w.crashed(), w.exitcode()), (0, 52));
            }
        }
    }

    #[test]
    fn caught_signal_sets_flag_once() {
        sig_catch_flag(libc::SIGUSR2).unwrap();
        // SAFETY: delivers a signal to this process, whose handler only
        // sets a flag.
        unsafe { libc::raise(libc::SIGUSR2) };
        assert!(caught(libc::SIGUSR2));
        assert!(!caught(libc::SIGUSR2));
        sig_default(libc::SIGUSR2).unwrap();
    }
}
