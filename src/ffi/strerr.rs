//! strerr.h and seek.h: fatal and warning messages on `subfderr`, and
//! file offsets.

use super::misc::error_str;
use super::substdio::{subfderr, substdio_flush, substdio_puts};
use super::{set_errno, zero_or_minus1};
use crate::sys;
use std::os::raw::{c_char, c_int, c_ulong};
use std::ptr::{addr_of_mut, null_mut};

/// One link of a message: up to three strings, then the link `who`
/// points at.
#[repr(C)]
#[derive(Debug)]
pub struct strerr {
    pub who: *mut strerr,
    pub x: *mut c_char,
    pub y: *mut c_char,
    pub z: *mut c_char,
}

/// The link that holds the errno text, filled by strerr_sysinit.
#[no_mangle]
pub static mut strerr_sys: strerr = strerr {
    who: null_mut(),
    x: null_mut(),
    y: null_mut(),
    z: null_mut(),
};

static EMPTY: [u8; 1] = [0];

/// strerr_sysinit: `strerr_sys` becomes the text of the current errno.
#[no_mangle]
pub extern "C" fn strerr_sysinit() {
    let e = sys::Errno::last().0;
    // SAFETY: a plain store into the C-visible struct; like stock, not
    // meant for threads.
    unsafe {
        let s = &mut *addr_of_mut!(strerr_sys);
        s.who = null_mut();
        s.x = error_str(e);
        s.y = EMPTY.as_ptr() as *mut c_char;
        s.z = EMPTY.as_ptr() as *mut c_char;
    }
}

/// Puts a C string on subfderr unless it is null.
fn put(s: *const c_char) {
    if !s.is_null() {
        // SAFETY: subfderr points at a static substdio; s is a C string.
        unsafe {
            substdio_puts(subfderr, s);
        }
    }
}

/// strerr_warn: the six strings that are not null, then every link of
/// `se`, then a newline, on subfderr, flushed. The errno text is taken
/// first (strerr_sysinit), so it is the one at the time of the call.
///
/// # Safety
/// The strings are null or C strings; `se` is null or a chain of valid
/// links ending in null.
#[no_mangle]
pub unsafe extern "C" fn strerr_warn(
    x1: *const c_char,
    x2: *const c_char,
    x3: *const c_char,
    x4: *const c_char,
    x5: *const c_char,
    x6: *const c_char,
    se: *const strerr,
) {
    let saved = sys::Errno::last();
    strerr_sysinit();
    for x in [x1, x2, x3, x4, x5, x6] {
        put(x);
    }
    let mut link = se;
    // SAFETY: a chain of valid links (the caller's promise).
    while let Some(l) = unsafe { link.as_ref() } {
        put(l.x);
        put(l.y);
        put(l.z);
        link = l.who;
    }
    put(c"\n".as_ptr());
    // SAFETY: subfderr points at a static substdio.
    unsafe { substdio_flush(subfderr) };
    set_errno(saved.0);
}

/// strerr_die: strerr_warn, then `_exit(e)`.
///
/// # Safety
/// As strerr_warn.
#[no_mangle]
pub unsafe extern "C" fn strerr_die(
    e: c_int,
    x1: *const c_char,
    x2: *const c_char,
    x3: *const c_char,
    x4: *const c_char,
    x5: *const c_char,
    x6: *const c_char,
    se: *const strerr,
) -> ! {
    // SAFETY: passed on.
    unsafe { strerr_warn(x1, x2, x3, x4, x5, x6, se) };
    sys::exit(e)
}

/// seek_pos: a file offset.
pub type seek_pos = c_ulong;

/// seek_cur: the current offset, or (seek_pos) -1 with errno.
#[no_mangle]
pub extern "C" fn seek_cur(fd: c_int) -> seek_pos {
    match sys::seek_from(fd, 0, libc::SEEK_CUR) {
        Ok(p) => p as seek_pos,
        Err(e) => {
            set_errno(e.0);
            seek_pos::MAX
        }
    }
}

/// seek_set: moves to offset `pos`. 0, or -1 with errno.
#[no_mangle]
#[allow(clippy::unnecessary_cast)] // seek_pos is 64 bits here, not on every target
pub extern "C" fn seek_set(fd: c_int, pos: seek_pos) -> c_int {
    zero_or_minus1(sys::seek_set(fd, pos as u64))
}

/// seek_end: moves to the end. 0, or -1 with errno.
#[no_mangle]
pub extern "C" fn seek_end(fd: c_int) -> c_int {
    zero_or_minus1(sys::seek_from(fd, 0, libc::SEEK_END))
}

/// seek_trunc: cuts the file to `pos` bytes. 0, or -1 with errno.
#[no_mangle]
#[allow(clippy::unnecessary_cast)] // seek_pos is 64 bits here, not on every target
pub extern "C" fn seek_trunc(fd: c_int, pos: seek_pos) -> c_int {
    zero_or_minus1(sys::ftruncate(fd, pos as u64))
}
