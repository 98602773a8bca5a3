//! syslog(3) and the time of day with microseconds (for splogger).

use super::cpath;

/// openlog(ident, 0, facility). The identity string must outlive every
/// later syslog call, so it is kept for the life of the process.
pub fn openlog(ident: &[u8], facility: i32) {
    let Ok(c) = cpath(ident) else {
        return;
    };
    let c: &'static std::ffi::CStr = Box::leak(c.into_boxed_c_str());
    // SAFETY: c is a valid C string that is never freed.
    unsafe { libc::openlog(c.as_ptr(), 0, facility) };
}

/// syslog(priority, "%s", msg); a message with a NUL is cut there.
pub fn syslog(priority: i32, msg: &[u8]) {
    let end = msg.iter().position(|&c| c == 0).unwrap_or(msg.len());
    let Ok(c) = cpath(&msg[..end]) else {
        return;
    };
    // SAFETY: a constant format with one string argument, both valid C
    // strings.
    unsafe { libc::syslog(priority, c"%s".as_ptr(), c.as_ptr()) };
}

/// gettimeofday: seconds and microseconds.
pub fn timeofday() -> (i64, i64) {
    let mut tv = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    // SAFETY: tv is a valid timeval to be written; no timezone.
    unsafe { libc::gettimeofday(&mut tv, std::ptr::null_mut()) };
    (tv.tv_sec, tv.tv_usec)
}
