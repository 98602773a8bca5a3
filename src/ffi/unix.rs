//! The small Unix modules of stock's library: fd (fd_copy, fd_move),
//! lock, ndelay, coe, now, datetime, wait, sig and timeoutread /
//! timeoutwrite. Each is a call into `sys` (or `base::datetime`) with
//! qmail's 0/-1 answer; `compat/fd.h`, `lock.h`, `ndelay.h`, `coe.h`,
//! `now.h`, `datetime.h`, `wait.h`, `sig.h`, `timeoutread.h` and
//! `timeoutwrite.h` declare them.

use super::{set_errno, zero_or_minus1};
use crate::base::datetime::{self as dt_base, DateTime};
use crate::sys;
use std::os::raw::{c_char, c_int, c_long};

/// A signal handler as stock passes it: a function of the signal number,
/// or SIG_IGN / SIG_DFL (small integers cast to the pointer type, never
/// called from here).
pub type sig_handler = unsafe extern "C" fn(c_int);

/// qmail's `datetime_sec`: seconds since the epoch.
pub type datetime_sec = c_long;

/// `struct datetime`, field for field as stock's datetime.h.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct datetime {
    pub hour: c_int,
    pub min: c_int,
    pub sec: c_int,
    pub wday: c_int,
    pub mday: c_int,
    pub yday: c_int,
    pub mon: c_int,
    pub year: c_int,
}

impl From<&datetime> for DateTime {
    fn from(d: &datetime) -> Self {
        DateTime {
            hour: d.hour,
            min: d.min,
            sec: d.sec,
            wday: d.wday,
            mday: d.mday,
            yday: d.yday,
            mon: d.mon,
            year: d.year,
        }
    }
}

impl From<DateTime> for datetime {
    fn from(d: DateTime) -> Self {
        datetime {
            hour: d.hour,
            min: d.min,
            sec: d.sec,
            wday: d.wday,
            mday: d.mday,
            yday: d.yday,
            mon: d.mon,
            year: d.year,
        }
    }
}

/// fd_copy: makes `to` a duplicate of `from` (closing what `to` was);
/// 0, or -1 with errno (EBADF when `from` is not open).
#[no_mangle]
pub extern "C" fn fd_copy(to: c_int, from: c_int) -> c_int {
    zero_or_minus1(sys::fd::fd_copy(to, from))
}

/// fd_move: fd_copy, then closes `from`.
#[no_mangle]
pub extern "C" fn fd_move(to: c_int, from: c_int) -> c_int {
    zero_or_minus1(sys::fd::fd_move(to, from))
}

/// lock_ex: an exclusive flock, waiting for it.
#[no_mangle]
pub extern "C" fn lock_ex(fd: c_int) -> c_int {
    zero_or_minus1(sys::proc::lock_ex(fd))
}

/// lock_exnb: an exclusive flock, or -1 with EWOULDBLOCK when taken.
#[no_mangle]
pub extern "C" fn lock_exnb(fd: c_int) -> c_int {
    zero_or_minus1(sys::proc::lock_exnb(fd))
}

/// lock_un: releases the flock.
#[no_mangle]
pub extern "C" fn lock_un(fd: c_int) -> c_int {
    zero_or_minus1(sys::proc::lock_un(fd))
}

/// ndelay_on: sets O_NONBLOCK.
#[no_mangle]
pub extern "C" fn ndelay_on(fd: c_int) -> c_int {
    zero_or_minus1(sys::fd::ndelay(fd, true))
}

/// ndelay_off: clears O_NONBLOCK.
#[no_mangle]
pub extern "C" fn ndelay_off(fd: c_int) -> c_int {
    zero_or_minus1(sys::fd::ndelay(fd, false))
}

/// coe: close-on-exec.
#[no_mangle]
pub extern "C" fn coe(fd: c_int) -> c_int {
    zero_or_minus1(sys::fd::coe(fd))
}

/// now: the time in seconds since the epoch.
#[no_mangle]
pub extern "C" fn now() -> datetime_sec {
    sys::now() as datetime_sec
}

/// datetime_tai: splits `t` into `*dt` (UTC).
///
/// # Safety
/// `dt` null (nothing happens) or a writable `struct datetime`.
#[no_mangle]
pub unsafe extern "C" fn datetime_tai(dt: *mut datetime, t: datetime_sec) {
    // SAFETY: dt is null or writable (the caller's promise).
    let Some(out) = (unsafe { dt.as_mut() }) else {
        return;
    };
    #[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit targets
    let t = i64::from(t);
    *out = dt_base::tai(t).into();
}

/// datetime_untai: the seconds of `*dt` (hour, min, sec, mday, mon and
/// year count; wday and yday are ignored); 0 for a null pointer.
///
/// # Safety
/// `dt` null or a readable `struct datetime`.
#[no_mangle]
pub unsafe extern "C" fn datetime_untai(dt: *const datetime) -> datetime_sec {
    // SAFETY: dt is null or readable (the caller's promise).
    let Some(d) = (unsafe { dt.as_ref() }) else {
        return 0;
    };
    dt_base::untai(&DateTime::from(d)) as datetime_sec
}

/// Stores a wait status through `wstat` (ignored when null).
///
/// # Safety
/// `wstat` null or writable.
unsafe fn store(wstat: *mut c_int, w: i32) {
    // SAFETY: null or writable (the caller's promise).
    if let Some(p) = unsafe { wstat.as_mut() } {
        *p = w;
    }
}

/// wait_pid: waits for child `pid` (retrying when a signal interrupts);
/// its pid with the status in `*wstat`, or -1 with errno.
///
/// # Safety
/// `wstat` null or writable.
#[no_mangle]
pub unsafe extern "C" fn wait_pid(wstat: *mut c_int, pid: c_int) -> c_int {
    match sys::proc::wait_pid(pid) {
        Ok((r, w)) => {
            // SAFETY: as the function's contract.
            unsafe { store(wstat, w.0) };
            r
        }
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// wait_nohang: any ended child without waiting: its pid and status, 0
/// when none has ended, -1 with errno (ECHILD when there are none).
///
/// # Safety
/// `wstat` null or writable.
#[no_mangle]
pub unsafe extern "C" fn wait_nohang(wstat: *mut c_int) -> c_int {
    match sys::proc::wait_nohang() {
        Ok(Some((r, w))) => {
            // SAFETY: as the function's contract.
            unsafe { store(wstat, w.0) };
            r
        }
        Ok(None) => 0,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

fn raw(f: Option<sig_handler>) -> libc::sighandler_t {
    f.map_or(libc::SIG_DFL, |f| f as libc::sighandler_t)
}

/// sig_catch: `f` (a handler, SIG_IGN or SIG_DFL) for `sig`, with an
/// empty mask and no flags. Errors are ignored, as stock's.
#[no_mangle]
pub extern "C" fn sig_catch(sig: c_int, f: Option<sig_handler>) {
    let _ = sys::proc::sig_catch_raw(sig, raw(f));
}

/// sig_block: adds `sig` to the blocked set.
#[no_mangle]
pub extern "C" fn sig_block(sig: c_int) {
    let _ = sys::proc::sig_block(sig);
}

/// sig_unblock: removes `sig` from the blocked set.
#[no_mangle]
pub extern "C" fn sig_unblock(sig: c_int) {
    let _ = sys::proc::sig_unblock(sig);
}

/// sig_blocknone: blocks nothing.
#[no_mangle]
pub extern "C" fn sig_blocknone() {
    let _ = sys::proc::sig_blocknone();
}

/// sig_pause: sleeps until a signal is handled, with nothing blocked.
#[no_mangle]
pub extern "C" fn sig_pause() {
    sys::proc::sig_pause();
}

/// sig_bugcatch: `f` for the signals of a program error (SIGILL,
/// SIGABRT, SIGFPE, SIGBUS, SIGSEGV, SIGSYS).
#[no_mangle]
pub extern "C" fn sig_bugcatch(f: Option<sig_handler>) {
    for s in [
        libc::SIGILL,
        libc::SIGABRT,
        libc::SIGFPE,
        libc::SIGBUS,
        libc::SIGSEGV,
        libc::SIGSYS,
    ] {
        let _ = sys::proc::sig_catch_raw(s, raw(f));
    }
}

/// sig_miscignore: ignores SIGVTALRM, SIGPROF, SIGQUIT, SIGINT, SIGHUP,
/// SIGXCPU and SIGXFSZ.
#[no_mangle]
pub extern "C" fn sig_miscignore() {
    for s in sys::proc::MISC_SIGNALS {
        let _ = sys::proc::sig_ignore(s);
    }
}

/// sig_pipeignore: ignores SIGPIPE (a write to a closed pipe then fails
/// with EPIPE).
#[no_mangle]
pub extern "C" fn sig_pipeignore() {
    let _ = sys::proc::sig_ignore(libc::SIGPIPE);
}

/// sig_pipedefault: the default action for SIGPIPE.
#[no_mangle]
pub extern "C" fn sig_pipedefault() {
    let _ = sys::proc::sig_default(libc::SIGPIPE);
}

// The block / unblock / catch / default quartets of SIGALRM, SIGCHLD,
// SIGHUP and SIGTERM, written out so that tests/abi_headers.rs sees them.

/// sig_alarmblock: blocks SIGALRM.
#[no_mangle]
pub extern "C" fn sig_alarmblock() {
    let _ = sys::proc::sig_block(libc::SIGALRM);
}

/// sig_alarmunblock: unblocks SIGALRM.
#[no_mangle]
pub extern "C" fn sig_alarmunblock() {
    let _ = sys::proc::sig_unblock(libc::SIGALRM);
}

/// sig_alarmcatch: `f` for SIGALRM.
#[no_mangle]
pub extern "C" fn sig_alarmcatch(f: Option<sig_handler>) {
    let _ = sys::proc::sig_catch_raw(libc::SIGALRM, raw(f));
}

/// sig_alarmdefault: the default action for SIGALRM.
#[no_mangle]
pub extern "C" fn sig_alarmdefault() {
    let _ = sys::proc::sig_default(libc::SIGALRM);
}

/// sig_childblock: blocks SIGCHLD.
#[no_mangle]
pub extern "C" fn sig_childblock() {
    let _ = sys::proc::sig_block(libc::SIGCHLD);
}

/// sig_childunblock: unblocks SIGCHLD.
#[no_mangle]
pub extern "C" fn sig_childunblock() {
    let _ = sys::proc::sig_unblock(libc::SIGCHLD);
}

/// sig_childcatch: `f` for SIGCHLD.
#[no_mangle]
pub extern "C" fn sig_childcatch(f: Option<sig_handler>) {
    let _ = sys::proc::sig_catch_raw(libc::SIGCHLD, raw(f));
}

/// sig_childdefault: the default action for SIGCHLD.
#[no_mangle]
pub extern "C" fn sig_childdefault() {
    let _ = sys::proc::sig_default(libc::SIGCHLD);
}

/// sig_hangupblock: blocks SIGHUP.
#[no_mangle]
pub extern "C" fn sig_hangupblock() {
    let _ = sys::proc::sig_block(libc::SIGHUP);
}

/// sig_hangupunblock: unblocks SIGHUP.
#[no_mangle]
pub extern "C" fn sig_hangupunblock() {
    let _ = sys::proc::sig_unblock(libc::SIGHUP);
}

/// sig_hangupcatch: `f` for SIGHUP.
#[no_mangle]
pub extern "C" fn sig_hangupcatch(f: Option<sig_handler>) {
    let _ = sys::proc::sig_catch_raw(libc::SIGHUP, raw(f));
}

/// sig_hangupdefault: the default action for SIGHUP.
#[no_mangle]
pub extern "C" fn sig_hangupdefault() {
    let _ = sys::proc::sig_default(libc::SIGHUP);
}

/// sig_termblock: blocks SIGTERM.
#[no_mangle]
pub extern "C" fn sig_termblock() {
    let _ = sys::proc::sig_block(libc::SIGTERM);
}

/// sig_termunblock: unblocks SIGTERM.
#[no_mangle]
pub extern "C" fn sig_termunblock() {
    let _ = sys::proc::sig_unblock(libc::SIGTERM);
}

/// sig_termcatch: `f` for SIGTERM.
#[no_mangle]
pub extern "C" fn sig_termcatch(f: Option<sig_handler>) {
    let _ = sys::proc::sig_catch_raw(libc::SIGTERM, raw(f));
}

/// sig_termdefault: the default action for SIGTERM.
#[no_mangle]
pub extern "C" fn sig_termdefault() {
    let _ = sys::proc::sig_default(libc::SIGTERM);
}

/// Waits up to `t` seconds for `fd` to be ready; ETIMEDOUT when it is
/// not. A negative `t` is EINVAL, as stock's select gives.
fn ready(t: c_int, fd: c_int, out: bool) -> Result<(), c_int> {
    if t < 0 {
        return Err(libc::EINVAL);
    }
    match sys::fd::wait_ready(fd, out, t) {
        Ok(true) => Ok(()),
        Ok(false) => Err(libc::ETIMEDOUT),
        Err(e) => Err(e.0),
    }
}

/// timeoutread: read(2) once `fd` is readable within `t` seconds; the
/// count, or -1 with errno (ETIMEDOUT when nothing came).
///
/// # Safety
/// `buf` writable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn timeoutread(t: c_int, fd: c_int, buf: *mut c_char, len: c_int) -> c_int {
    if let Err(e) = ready(t, fd, false) {
        set_errno(e);
        return -1;
    }
    if len < 0 {
        set_errno(libc::EINVAL);
        return -1;
    }
    // SAFETY: buf writable for len bytes (the caller's promise).
    let b = unsafe { super::bytes_mut(buf, len as usize) };
    match sys::fd::read(fd, b) {
        Ok(n) => n as c_int,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// timeoutwrite: write(2) once `fd` is writable within `t` seconds.
///
/// # Safety
/// `buf` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn timeoutwrite(
    t: c_int,
    fd: c_int,
    buf: *const c_char,
    len: c_int,
) -> c_int {
    if let Err(e) = ready(t, fd, true) {
        set_errno(e);
        return -1;
    }
    if len < 0 {
        set_errno(libc::EINVAL);
        return -1;
    }
    // SAFETY: buf readable for len bytes (the caller's promise).
    let b = unsafe { super::bytes(buf, len as usize) };
    match sys::fd::write(fd, b) {
        Ok(n) => n as c_int,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}
