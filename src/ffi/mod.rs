//! The C ABI: qmail's internal library (stralloc, substdio, getln, cdb,
//! byte/str/case, fmt/scan, error, strerr, seek, env, open, alloc) as `extern "C"`
//! functions over the safe modules of this crate. `compat/*.h` declares
//! them; docs/ABI.md describes the contract; `ctest/` calls them from C.
//!
//! Rules of this layer: structs are `#[repr(C)]` field for field like the
//! headers; pointers become slices at the edge and the work is done by safe
//! code; answers are qmail's (1/0, 0/-1, lengths) with `errno` set; memory
//! that C may free or grow (stralloc's `s`) comes from malloc/realloc.
//! Nothing here may panic: a panic must not unwind into C.

#![allow(non_camel_case_types, non_upper_case_globals)]

use std::os::raw::{c_char, c_int};

pub mod alloc;
pub mod bytes;
pub mod cdb;
pub mod cdbmake;
pub mod constmap;
pub mod control;
pub mod getopt;
pub mod header;
pub mod ipalloc;
pub mod misc;
pub mod prioq;
pub mod qmail;
pub mod readsubdir;
pub mod stralloc;
pub mod strerr;
pub mod substdio;
pub mod text;
pub mod unix;

/// Sets the C `errno`.
pub(crate) fn set_errno(e: i32) {
    // SAFETY: __errno_location returns this thread's errno slot, always
    // valid for writing.
    unsafe { *libc::__errno_location() = e }
}

/// The `n` bytes at `p` (nothing when `p` is null or `n` is 0).
///
/// # Safety
/// Unless null, `p` must point at `n` readable bytes that stay unchanged
/// for the lifetime `'a`.
pub(crate) unsafe fn bytes<'a>(p: *const c_char, n: usize) -> &'a [u8] {
    if p.is_null() || n == 0 {
        return &[];
    }
    // SAFETY: non-null and valid for n bytes (the caller's promise).
    unsafe { std::slice::from_raw_parts(p.cast(), n) }
}

/// The `n` writable bytes at `p` (nothing when `p` is null or `n` is 0).
///
/// # Safety
/// Unless null, `p` must point at `n` writable bytes not otherwise
/// referenced during `'a`.
pub(crate) unsafe fn bytes_mut<'a>(p: *mut c_char, n: usize) -> &'a mut [u8] {
    if p.is_null() || n == 0 {
        return &mut [];
    }
    // SAFETY: non-null and valid for n bytes (the caller's promise).
    unsafe { std::slice::from_raw_parts_mut(p.cast(), n) }
}

/// The bytes of the NUL-terminated string at `p`, without the NUL
/// (nothing when `p` is null).
///
/// # Safety
/// Unless null, `p` must point at a NUL-terminated string.
pub(crate) unsafe fn cstr<'a>(p: *const c_char) -> &'a [u8] {
    if p.is_null() {
        return &[];
    }
    // SAFETY: p is a NUL-terminated string (the caller's promise).
    unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes()
}

/// qmail's 0/-1 answer for a result, with errno set on failure.
pub(crate) fn zero_or_minus1<T>(r: crate::sys::Result<T>) -> c_int {
    match r {
        Ok(_) => 0,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}
