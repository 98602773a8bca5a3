//! alloc.h: memory from malloc, so that C may free what the library
//! hands it, and the library may grow what C allocated with `alloc`.

use super::set_errno;
use std::os::raw::{c_char, c_int, c_uint, c_void};

/// Allocates `n` bytes (at least one), or returns null with errno ENOMEM.
pub(crate) fn malloc(n: usize) -> *mut c_char {
    // SAFETY: malloc has no preconditions.
    let p = unsafe { libc::malloc(n.max(1)) };
    if p.is_null() {
        set_errno(libc::ENOMEM);
    }
    p.cast()
}

/// Grows (or shrinks) `p` to `n` bytes keeping its contents; null with
/// errno ENOMEM on failure, `p` then being untouched.
///
/// # Safety
/// `p` must be null or come from malloc/realloc and not be freed.
pub(crate) unsafe fn realloc(p: *mut c_char, n: usize) -> *mut c_char {
    // SAFETY: p is null or a live malloc block (the caller's promise).
    let q = unsafe { libc::realloc(p.cast(), n.max(1)) };
    if q.is_null() {
        set_errno(libc::ENOMEM);
    }
    q.cast()
}

/// alloc: `n` bytes, or null with errno ENOMEM.
#[no_mangle]
pub extern "C" fn alloc(n: c_uint) -> *mut c_char {
    malloc(n as usize)
}

/// alloc_free: frees what alloc (or any function of this library that
/// allocates) returned; null is ignored.
///
/// # Safety
/// `x` must be null or a live block from this library or malloc.
#[no_mangle]
pub unsafe extern "C" fn alloc_free(x: *mut c_void) {
    // SAFETY: x is null or a live malloc block (the caller's promise).
    unsafe { libc::free(x) }
}

/// alloc_re: replaces `*x` (holding `m` meaningful bytes) with a block of
/// `n` bytes holding the same first bytes. 1 on success; 0 with errno
/// ENOMEM, `*x` untouched.
///
/// # Safety
/// `x` must point at a pointer that is null or a live malloc block of at
/// least `m` bytes.
#[no_mangle]
pub unsafe extern "C" fn alloc_re(x: *mut c_void, m: c_uint, n: c_uint) -> c_int {
    let x = x.cast::<*mut c_char>();
    if x.is_null() {
        set_errno(libc::EINVAL);
        return 0;
    }
    let _ = m;
    // SAFETY: x is valid and *x a live malloc block (the caller's promise);
    // realloc keeps min(old, n) >= min(m, n) bytes.
    let y = unsafe { realloc(*x, n as usize) };
    if y.is_null() {
        return 0;
    }
    // SAFETY: x is valid for writing.
    unsafe { *x = y };
    1
}
