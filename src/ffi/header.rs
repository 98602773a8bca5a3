//! Header fields (stock's hfield.c and newfield.c) over `inject::hfield`
//! and `inject::newfield`: recognising and checking header lines, and
//! making the `Date:` and `Message-ID:` fields qmail-inject adds.

use super::stralloc::{stralloc, stralloc_copyb};
use super::unix::datetime_sec;
use super::{bytes, set_errno};
use crate::inject::{hfield, newfield};
use crate::sys::{self, Errno};
use std::os::raw::{c_char, c_int, c_uint};
use std::ptr::{addr_of_mut, null_mut};

/// hfield_known: the number (H_SENDER ... H_MAILFOLLOWUPTO) of the
/// well-known field the `len` bytes at `s` are a line of, else 0.
///
/// # Safety
/// `s` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn hfield_known(s: *const c_char, len: c_int) -> c_int {
    // SAFETY: s readable for len bytes (the caller's promise).
    hfield::known(unsafe { bytes(s, len.max(0) as usize) }) as c_int
}

/// hfield_valid: 1 when the line has a colon after a non-empty name of
/// printable non-blank characters (blanks before the colon allowed).
///
/// # Safety
/// `s` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn hfield_valid(s: *const c_char, len: c_int) -> c_int {
    // SAFETY: s readable for len bytes (the caller's promise).
    hfield::valid(unsafe { bytes(s, len.max(0) as usize) }) as c_int
}

/// hfield_skipname: where the field's value starts: past the first colon
/// and any blanks, CRs and LFs (`len` when there is nothing more).
///
/// # Safety
/// `s` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn hfield_skipname(s: *const c_char, len: c_int) -> c_uint {
    // SAFETY: s readable for len bytes (the caller's promise).
    hfield::skipname(unsafe { bytes(s, len.max(0) as usize) }) as c_uint
}

/// The `Date:` line newfield_datemake made.
#[no_mangle]
pub static mut newfield_date: stralloc = stralloc {
    s: null_mut(),
    len: 0,
    a: 0,
};

/// The `Message-ID:` line newfield_msgidmake made.
#[no_mangle]
pub static mut newfield_msgid: stralloc = stralloc {
    s: null_mut(),
    len: 0,
    a: 0,
};

/// Copies `r` into `sa`: 1, or 0 with errno.
///
/// # Safety
/// `sa` a valid stralloc.
unsafe fn keep(sa: *mut stralloc, r: Result<Vec<u8>, Errno>) -> c_int {
    match r {
        // SAFETY: sa valid; v a separate buffer.
        Ok(v) => unsafe { stralloc_copyb(sa, v.as_ptr().cast(), v.len() as c_uint) },
        Err(e) => {
            set_errno(e.0);
            0
        }
    }
}

/// newfield_datemake: `Date: ...` (UTC) and a newline for `when`, in
/// newfield_date; 1, or 0 when out of memory.
#[no_mangle]
pub extern "C" fn newfield_datemake(when: datetime_sec) -> c_int {
    #[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit targets
    let r = newfield::date(i64::from(when));
    // SAFETY: the library's own stralloc; single-threaded like stock.
    unsafe { keep(addr_of_mut!(newfield_date), r) }
}

/// newfield_msgidmake: `Message-ID: <time.pid.qmail@idhost>` and a
/// newline, in newfield_msgid; 1, or 0 when out of memory.
///
/// # Safety
/// `idhost` readable for `idhostlen` bytes.
#[no_mangle]
pub unsafe extern "C" fn newfield_msgidmake(
    idhost: *const c_char,
    idhostlen: c_int,
    when: datetime_sec,
) -> c_int {
    // SAFETY: idhost readable for idhostlen bytes (the caller's promise).
    let host = unsafe { bytes(idhost, idhostlen.max(0) as usize) };
    #[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit targets
    let r = newfield::msgid(host, i64::from(when), sys::getpid());
    // SAFETY: the library's own stralloc; single-threaded like stock.
    unsafe { keep(addr_of_mut!(newfield_msgid), r) }
}
