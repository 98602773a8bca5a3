//! qmail-local's maildir timeout: at SIGALRM, remove the half-written
//! file and end with a given code, as stock's handler does (unlink and
//! _exit are async-signal-safe).

use super::{cerr, Result};
use std::ffi::CString;
use std::sync::atomic::{AtomicI32, AtomicPtr, Ordering};

static PATH: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
static CODE: AtomicI32 = AtomicI32::new(111);

extern "C" fn unlink_and_exit(_sig: libc::c_int) {
    let p = PATH.load(Ordering::SeqCst);
    if !p.is_null() {
        // SAFETY: p points to a NUL-terminated string leaked by
        // `on_alarm_unlink_exit` and never freed.
        unsafe { libc::unlink(p) };
    }
    // SAFETY: _exit never returns.
    unsafe { libc::_exit(CODE.load(Ordering::SeqCst)) }
}

/// From now on SIGALRM unlinks `path` and exits with `code`. A path with a
/// NUL byte is refused.
pub fn on_alarm_unlink_exit(path: &[u8], code: i32) -> Result<()> {
    let c = CString::new(path.to_vec()).map_err(|_| super::Errno(libc::EINVAL))?;
    // leaked on purpose: the handler may need it until the process ends
    let old = PATH.swap(c.into_raw(), Ordering::SeqCst);
    if !old.is_null() {
        // SAFETY: old came from CString::into_raw above in an earlier call.
        drop(unsafe { CString::from_raw(old) });
    }
    CODE.store(code, Ordering::SeqCst);
    // SAFETY: an all-zero sigaction is valid (empty mask, no flags).
    let mut sa: libc::sigaction = unsafe { std::mem::zeroed() };
    sa.sa_sigaction = unlink_and_exit as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: sa is initialised; the old action is not wanted.
    cerr(unsafe { libc::sigaction(libc::SIGALRM, &sa, std::ptr::null_mut()) }).map(|_| ())
}
