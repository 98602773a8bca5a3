//! error.h, env.h, open.h over [`crate::base::error`] and [`crate::sys`].

use super::{cstr, set_errno};
use crate::sys::{self, Fd};
use std::os::raw::{c_char, c_int};

/// The errno values qmail programs compare with (Linux's).
#[no_mangle]
pub static error_intr: c_int = libc::EINTR;
#[no_mangle]
pub static error_nomem: c_int = libc::ENOMEM;
#[no_mangle]
pub static error_noent: c_int = libc::ENOENT;
#[no_mangle]
pub static error_txtbsy: c_int = libc::ETXTBSY;
#[no_mangle]
pub static error_io: c_int = libc::EIO;
#[no_mangle]
pub static error_exist: c_int = libc::EEXIST;
#[no_mangle]
pub static error_timeout: c_int = libc::ETIMEDOUT;
#[no_mangle]
pub static error_inprogress: c_int = libc::EINPROGRESS;
#[no_mangle]
pub static error_wouldblock: c_int = libc::EWOULDBLOCK;
#[no_mangle]
pub static error_again: c_int = libc::EAGAIN;
#[no_mangle]
pub static error_pipe: c_int = libc::EPIPE;
#[no_mangle]
pub static error_perm: c_int = libc::EPERM;
#[no_mangle]
pub static error_acces: c_int = libc::EACCES;

/// error_str: qmail's text for errno `e` (a static C string).
#[no_mangle]
pub extern "C" fn error_str(e: c_int) -> *mut c_char {
    // The header says `char *` as stock does; the text is read-only.
    crate::base::error::str_nul(e).as_ptr() as *mut c_char
}

/// error_temp: 1 when errno `e` is a temporary failure, else 0.
#[no_mangle]
pub extern "C" fn error_temp(e: c_int) -> c_int {
    crate::base::error::temp(e) as c_int
}

extern "C" {
    static environ: *const *const c_char;
}

/// env_get: the value of the first `name=` entry of the environment (a
/// pointer into it), or null.
///
/// # Safety
/// `name` a C string; the environment not changed meanwhile by another
/// thread.
#[no_mangle]
pub unsafe extern "C" fn env_get(name: *const c_char) -> *mut c_char {
    // SAFETY: name is a C string.
    let name = unsafe { cstr(name) };
    // SAFETY: environ is the process's environment: null or an array of C
    // strings ending in null.
    let mut e = unsafe { environ };
    if e.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: as above, every entry before the null one is a C string.
    while let Some(entry) = unsafe { e.as_ref() }.copied().filter(|p| !p.is_null()) {
        // SAFETY: entry is a C string.
        let b = unsafe { cstr(entry) };
        if b.len() > name.len() && b.starts_with(name) && b[name.len()] == b'=' {
            // SAFETY: name.len() + 1 <= b.len(), inside the entry.
            return unsafe { entry.add(name.len() + 1) } as *mut c_char;
        }
        // SAFETY: the array goes on until its null entry.
        e = unsafe { e.add(1) };
    }
    std::ptr::null_mut()
}

/// env_put2: sets `name` to `value`. 1, or 0 with errno.
///
/// # Safety
/// Both C strings; no other thread reads the environment meanwhile.
#[no_mangle]
pub unsafe extern "C" fn env_put2(name: *const c_char, value: *const c_char) -> c_int {
    // SAFETY: both are C strings.
    let (n, v) = unsafe { (cstr(name), cstr(value)) };
    ok_or_zero(sys::env_put(n, v))
}

/// env_put: sets a variable from `name=value`. 1, or 0 with errno.
///
/// # Safety
/// `s` a C string; no other thread reads the environment meanwhile.
#[no_mangle]
pub unsafe extern "C" fn env_put(s: *const c_char) -> c_int {
    // SAFETY: s is a C string.
    let s = unsafe { cstr(s) };
    let eq = crate::base::byte::chr(s, b'=');
    let (n, v) = (&s[..eq], s.get(eq + 1..).unwrap_or(&[]));
    ok_or_zero(sys::env_put(n, v))
}

/// env_unset: removes `name` from the environment. 1.
///
/// # Safety
/// `name` a C string; no other thread reads the environment meanwhile.
#[no_mangle]
pub unsafe extern "C" fn env_unset(name: *const c_char) -> c_int {
    // SAFETY: name is a C string.
    sys::env_unset(unsafe { cstr(name) });
    1
}

/// env_isinit: 1 once env_init ran (the library needs no set-up; the
/// flag is kept for code that reads it).
#[no_mangle]
pub static mut env_isinit: c_int = 0;

/// env_init: 1. The environment functions here work on libc's environment
/// directly, so there is nothing to copy first.
#[no_mangle]
pub extern "C" fn env_init() -> c_int {
    // SAFETY: a plain store to a C-visible int; like stock, the library
    // is not meant for threads.
    unsafe { env_isinit = 1 };
    1
}

/// env_pick: the first entry of the environment (`name=value`), or null.
#[no_mangle]
pub extern "C" fn env_pick() -> *mut c_char {
    // SAFETY: environ is null or an array of C strings ending in null.
    unsafe { environ.as_ref() }.map_or(std::ptr::null_mut(), |p| *p as *mut c_char)
}

/// env_findeq: where the first `=` of `s` is, or null.
///
/// # Safety
/// `s` a C string.
#[no_mangle]
pub unsafe extern "C" fn env_findeq(s: *mut c_char) -> *mut c_char {
    // SAFETY: s is a C string.
    let b = unsafe { cstr(s) };
    let i = crate::base::byte::chr(b, b'=');
    if i == b.len() {
        return std::ptr::null_mut();
    }
    // SAFETY: i is inside the string.
    unsafe { s.add(i) }
}

/// env_clear: empties the environment.
#[no_mangle]
pub extern "C" fn env_clear() {
    sys::env_clear();
}

fn ok_or_zero(r: sys::Result<()>) -> c_int {
    match r {
        Ok(()) => 1,
        Err(e) => {
            set_errno(e.0);
            0
        }
    }
}

fn fd_or_minus1(r: sys::Result<Fd>) -> c_int {
    r.unwrap_or_else(|e| {
        set_errno(e.0);
        -1
    })
}

/// open_read: for reading, non-blocking. The fd, or -1 with errno.
///
/// # Safety
/// `path` a C string.
#[no_mangle]
pub unsafe extern "C" fn open_read(path: *const c_char) -> c_int {
    // SAFETY: path is a C string.
    fd_or_minus1(sys::open_read(unsafe { cstr(path) }))
}

/// open_write: for writing, non-blocking, must exist.
///
/// # Safety
/// `path` a C string.
#[no_mangle]
pub unsafe extern "C" fn open_write(path: *const c_char) -> c_int {
    // SAFETY: path is a C string.
    fd_or_minus1(sys::open_write(unsafe { cstr(path) }))
}

/// open_trunc: for writing, created (0644) or emptied, non-blocking.
///
/// # Safety
/// `path` a C string.
#[no_mangle]
pub unsafe extern "C" fn open_trunc(path: *const c_char) -> c_int {
    // SAFETY: path is a C string.
    fd_or_minus1(sys::open_trunc(unsafe { cstr(path) }))
}

/// open_excl: for writing, created (0644), failing if it exists.
///
/// # Safety
/// `path` a C string.
#[no_mangle]
pub unsafe extern "C" fn open_excl(path: *const c_char) -> c_int {
    // SAFETY: path is a C string.
    fd_or_minus1(sys::open_excl(unsafe { cstr(path) }))
}

/// open_append: for appending, created (0600) if missing, non-blocking.
///
/// # Safety
/// `path` a C string.
#[no_mangle]
pub unsafe extern "C" fn open_append(path: *const c_char) -> c_int {
    // SAFETY: path is a C string.
    fd_or_minus1(sys::open_append(unsafe { cstr(path) }))
}
