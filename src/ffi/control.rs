//! Control files (stock's control.c) over `base::control`. The value of
//! control/me read by control_init is this module's state, as it is
//! stock's. Answers: 1 read, 0 absent (nothing changed, except that
//! control_readfile empties `sa` first), -1 with errno.

use super::stralloc::{stralloc, stralloc_copyb};
use super::{cstr, set_errno};
use crate::base::control::{self, Control};
use crate::sys::Errno;
use std::os::raw::{c_char, c_int, c_uint};
use std::sync::Mutex;

/// control/me once control_init has read it.
static ME: Mutex<Option<Control>> = Mutex::new(None);

/// A copy of the control state (an empty one before control_init).
fn state() -> Control {
    ME.lock().ok().and_then(|g| g.clone()).unwrap_or_default()
}

/// Puts `r` into `sa`: 1, 0 when absent, -1 with errno.
///
/// # Safety
/// `sa` a valid stralloc.
unsafe fn answer(sa: *mut stralloc, r: Result<Option<Vec<u8>>, Errno>) -> c_int {
    match r {
        Ok(Some(v)) => {
            // SAFETY: sa valid (the caller's promise); v a separate buffer.
            if unsafe { stralloc_copyb(sa, v.as_ptr().cast(), v.len() as c_uint) } == 1 {
                1
            } else {
                -1
            }
        }
        Ok(None) => 0,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// control_init: reads control/me for control_rldef and
/// control_readfile; 1 found, 0 absent, -1 with errno.
#[no_mangle]
pub extern "C" fn control_init() -> c_int {
    let mut c = Control::new();
    let r = c.init();
    if let Ok(mut g) = ME.lock() {
        *g = Some(c);
    }
    match r {
        Ok(true) => 1,
        Ok(false) => 0,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// control_readline: the first line of `fn_`, trailing blanks removed.
///
/// # Safety
/// `sa` a valid stralloc; `fn_` a C string.
#[no_mangle]
pub unsafe extern "C" fn control_readline(sa: *mut stralloc, fn_: *const c_char) -> c_int {
    // SAFETY: a C string; sa valid (the caller's promise).
    unsafe { answer(sa, control::readline(cstr(fn_))) }
}

/// control_rldef: control_readline; when the file is absent, control/me
/// (if `flagme` and control_init found it), else `def` (unless null).
///
/// # Safety
/// `sa` a valid stralloc; `fn_` a C string; `def` null or a C string.
#[no_mangle]
pub unsafe extern "C" fn control_rldef(
    sa: *mut stralloc,
    fn_: *const c_char,
    flagme: c_int,
    def: *const c_char,
) -> c_int {
    // SAFETY: C strings (the caller's promise).
    let (path, def) = unsafe { (cstr(fn_), (!def.is_null()).then(|| cstr(def))) };
    // SAFETY: sa valid.
    unsafe { answer(sa, state().rldef(path, flagme != 0, def)) }
}

/// control_readint: the number at the start of the first line into `*i`;
/// 0 (and `*i` unchanged) when the file is absent or has no number.
///
/// # Safety
/// `i` writable; `fn_` a C string.
#[no_mangle]
pub unsafe extern "C" fn control_readint(i: *mut c_int, fn_: *const c_char) -> c_int {
    // SAFETY: a C string (the caller's promise).
    match control::readint(unsafe { cstr(fn_) }) {
        Ok(Some(v)) => {
            // SAFETY: null or writable (the caller's promise).
            if let Some(p) = unsafe { i.as_mut() } {
                *p = v;
            }
            1
        }
        Ok(None) => 0,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// control_readfile: the lines of `fn_` that are neither empty nor
/// comments, trailing blanks removed, each followed by a NUL; when the
/// file is absent, control/me and a NUL (if `flagme` and control_init
/// found it). `sa` is emptied first.
///
/// # Safety
/// `sa` a valid stralloc; `fn_` a C string.
#[no_mangle]
pub unsafe extern "C" fn control_readfile(
    sa: *mut stralloc,
    fn_: *const c_char,
    flagme: c_int,
) -> c_int {
    // SAFETY: sa valid (the caller's promise).
    if unsafe { stralloc_copyb(sa, c"".as_ptr(), 0) } != 1 {
        return -1;
    }
    // SAFETY: a C string; sa valid.
    unsafe { answer(sa, state().readfile(cstr(fn_), flagme != 0)) }
}
