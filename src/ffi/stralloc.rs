//! stralloc.h: growing strings in C-owned structs. The growth of `a`
//! follows [`crate::base::stralloc::grown_size`] exactly; the memory is malloc'd.

use super::alloc::{malloc, realloc};
use super::{bytes, cstr, set_errno};
use crate::base::stralloc::grown_size;
use std::os::raw::{c_char, c_int, c_uint};

/// `struct stralloc` / `stralloc`: `s` the bytes (null: unallocated),
/// `len` bytes in use, `a` bytes allocated.
#[repr(C)]
#[derive(Debug)]
pub struct stralloc {
    pub s: *mut c_char,
    pub len: c_uint,
    pub a: c_uint,
}

/// Makes `sa` hold room for `n` bytes in all.
fn ready(sa: &mut stralloc, n: c_uint) -> bool {
    if sa.s.is_null() {
        sa.len = 0;
        sa.s = malloc(n as usize);
        if sa.s.is_null() {
            return false;
        }
        sa.a = n;
        return true;
    }
    if n <= sa.a {
        return true;
    }
    let Some(a) = grown_size(n) else {
        set_errno(libc::ENOMEM);
        return false;
    };
    // SAFETY: sa.s is non-null and came from this library's malloc/realloc
    // (the struct's contract).
    let p = unsafe { realloc(sa.s, a as usize) };
    if p.is_null() {
        return false;
    }
    sa.s = p;
    sa.a = a;
    true
}

/// Makes `sa` hold room for `n` bytes after its current length.
fn readyplus(sa: &mut stralloc, n: c_uint) -> bool {
    if sa.s.is_null() {
        return ready(sa, n);
    }
    match sa.len.checked_add(n) {
        Some(total) => ready(sa, total),
        None => {
            set_errno(libc::ENOMEM);
            false
        }
    }
}

/// Puts `n` bytes from `src` at offset `at` of `sa.s` and a 'Z' after them
/// (a stray byte that shows up code wrongly reading past `len`), after
/// making room with `grow`. `src` may point into `sa.s` itself.
///
/// # Safety
/// `src` must be valid for `n` bytes (or null with `n` 0).
unsafe fn put_at(
    sa: &mut stralloc,
    at: c_uint,
    src: *const c_char,
    n: c_uint,
    grow: fn(&mut stralloc, c_uint) -> bool,
    want: c_uint,
) -> bool {
    let base = sa.s as usize;
    let inside = !sa.s.is_null() && (src as usize) >= base && (src as usize) < base + sa.a as usize;
    let offset = (src as usize).wrapping_sub(base);
    if !grow(sa, want) {
        return false;
    }
    let from = if inside {
        // SAFETY: the source was inside the old block at `offset`; realloc
        // kept those bytes at the same offset of the new one.
        unsafe { sa.s.add(offset) as *const c_char }
    } else {
        src
    };
    if n > 0 {
        // SAFETY: sa.s has room for at + n + 1 bytes (grow made sure);
        // `from` is valid for n bytes; copy allows overlap.
        unsafe { std::ptr::copy(from, sa.s.add(at as usize), n as usize) };
    }
    // SAFETY: as above, at + n < a.
    unsafe { *sa.s.add((at + n) as usize) = b'Z' as c_char };
    true
}

/// Shared body of copyb: `n` bytes from `s` replace the contents.
///
/// # Safety
/// `s` valid for `n` bytes.
unsafe fn copyb(sa: &mut stralloc, s: *const c_char, n: c_uint) -> c_int {
    let Some(want) = n.checked_add(1) else {
        set_errno(libc::ENOMEM);
        return 0;
    };
    // SAFETY: passed on from the caller.
    if !unsafe { put_at(sa, 0, s, n, ready, want) } {
        return 0;
    }
    sa.len = n;
    1
}

/// Shared body of catb: `n` bytes from `s` go after the contents.
///
/// # Safety
/// `s` valid for `n` bytes.
unsafe fn catb(sa: &mut stralloc, s: *const c_char, n: c_uint) -> c_int {
    if sa.s.is_null() {
        // SAFETY: passed on.
        return unsafe { copyb(sa, s, n) };
    }
    let Some(want) = n.checked_add(1) else {
        set_errno(libc::ENOMEM);
        return 0;
    };
    let at = sa.len;
    // SAFETY: passed on.
    if !unsafe { put_at(sa, at, s, n, readyplus, want) } {
        return 0;
    }
    sa.len += n;
    1
}

/// Turns the C pointer into a reference, or fails with EINVAL.
fn sa_mut<'a>(sa: *mut stralloc) -> Option<&'a mut stralloc> {
    // SAFETY: a non-null stralloc pointer from C points at a live struct
    // (the ABI's contract).
    let r = unsafe { sa.as_mut() };
    if r.is_none() {
        set_errno(libc::EINVAL);
    }
    r
}

/// stralloc_ready: room for `n` bytes. 1, or 0 (ENOMEM).
///
/// # Safety
/// `sa` must point at a valid stralloc.
#[no_mangle]
pub unsafe extern "C" fn stralloc_ready(sa: *mut stralloc, n: c_uint) -> c_int {
    sa_mut(sa).map_or(0, |sa| ready(sa, n) as c_int)
}

/// stralloc_readyplus: room for `n` more bytes. 1, or 0 (ENOMEM).
///
/// # Safety
/// `sa` must point at a valid stralloc.
#[no_mangle]
pub unsafe extern "C" fn stralloc_readyplus(sa: *mut stralloc, n: c_uint) -> c_int {
    sa_mut(sa).map_or(0, |sa| readyplus(sa, n) as c_int)
}

/// stralloc_copyb: the contents become the `n` bytes at `s`.
///
/// # Safety
/// `sa` valid; `s` valid for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn stralloc_copyb(sa: *mut stralloc, s: *const c_char, n: c_uint) -> c_int {
    // SAFETY: passed on from the caller.
    sa_mut(sa).map_or(0, |sa| unsafe { copyb(sa, s, n) })
}

/// stralloc_copys: the contents become the C string `s` (without NUL).
///
/// # Safety
/// `sa` valid; `s` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn stralloc_copys(sa: *mut stralloc, s: *const c_char) -> c_int {
    // SAFETY: s is a C string.
    let n = unsafe { cstr(s) }.len() as c_uint;
    // SAFETY: s is valid for its length.
    sa_mut(sa).map_or(0, |sa| unsafe { copyb(sa, s, n) })
}

/// stralloc_copy: the contents become those of `sa2`.
///
/// # Safety
/// Both must point at valid strallocs (they may be the same).
#[no_mangle]
pub unsafe extern "C" fn stralloc_copy(sa: *mut stralloc, sa2: *const stralloc) -> c_int {
    // SAFETY: sa2 points at a valid stralloc (the caller's promise).
    let Some((s, n)) = (unsafe { sa2.as_ref() }).map(|t| (t.s as *const c_char, t.len)) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    // SAFETY: sa2.s is valid for sa2.len bytes.
    sa_mut(sa).map_or(0, |sa| unsafe { copyb(sa, s, n) })
}

/// stralloc_catb: appends the `n` bytes at `s`.
///
/// # Safety
/// `sa` valid; `s` valid for `n` bytes (it may point into `sa` itself).
#[no_mangle]
pub unsafe extern "C" fn stralloc_catb(sa: *mut stralloc, s: *const c_char, n: c_uint) -> c_int {
    // SAFETY: passed on from the caller.
    sa_mut(sa).map_or(0, |sa| unsafe { catb(sa, s, n) })
}

/// stralloc_cats: appends the C string `s`.
///
/// # Safety
/// `sa` valid; `s` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn stralloc_cats(sa: *mut stralloc, s: *const c_char) -> c_int {
    // SAFETY: s is a C string.
    let n = unsafe { cstr(s) }.len() as c_uint;
    // SAFETY: s is valid for its length.
    sa_mut(sa).map_or(0, |sa| unsafe { catb(sa, s, n) })
}

/// stralloc_cat: appends the contents of `sa2` (which may be `sa`).
///
/// # Safety
/// Both must point at valid strallocs.
#[no_mangle]
pub unsafe extern "C" fn stralloc_cat(sa: *mut stralloc, sa2: *const stralloc) -> c_int {
    // SAFETY: sa2 points at a valid stralloc (the caller's promise).
    let Some((s, n)) = (unsafe { sa2.as_ref() }).map(|t| (t.s as *const c_char, t.len)) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    // SAFETY: sa2.s is valid for sa2.len bytes.
    sa_mut(sa).map_or(0, |sa| unsafe { catb(sa, s, n) })
}

/// stralloc_append: appends the one byte at `c` (stralloc_0 appends a
/// NUL through it).
///
/// # Safety
/// `sa` valid; `c` points at one readable byte.
#[no_mangle]
pub unsafe extern "C" fn stralloc_append(sa: *mut stralloc, c: *const c_char) -> c_int {
    if c.is_null() {
        set_errno(libc::EINVAL);
        return 0;
    }
    // SAFETY: c points at one byte.
    let ch = unsafe { *c };
    let Some(sa) = sa_mut(sa) else { return 0 };
    if !readyplus(sa, 1) {
        return 0;
    }
    // SAFETY: readyplus made room for len + 1 bytes.
    unsafe { *sa.s.add(sa.len as usize) = ch };
    sa.len += 1;
    1
}

/// stralloc_starts: 1 when the contents begin with the C string `s`.
///
/// # Safety
/// `sa` valid; `s` a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn stralloc_starts(sa: *const stralloc, s: *const c_char) -> c_int {
    // SAFETY: sa points at a valid stralloc (the caller's promise).
    let Some(sa) = (unsafe { sa.as_ref() }) else {
        return 0;
    };
    // SAFETY: sa.s holds len bytes; s is a C string.
    let (have, prefix) = unsafe { (bytes(sa.s, sa.len as usize), cstr(s)) };
    crate::base::byte::starts(have, prefix) as c_int
}

/// Appends bytes to a stralloc the way getln2 does for the pieces of a
/// line: readyplus(n), then the bytes, no trailing 'Z'.
pub(crate) fn append_piece(sa: &mut stralloc, piece: &[u8]) -> bool {
    if !readyplus(sa, piece.len() as c_uint) {
        return false;
    }
    if !piece.is_empty() {
        // SAFETY: readyplus made room for len + piece.len() bytes; the
        // piece is not inside sa (it comes from a substdio buffer).
        unsafe {
            std::ptr::copy(
                piece.as_ptr().cast(),
                sa.s.add(sa.len as usize),
                piece.len(),
            )
        };
    }
    sa.len += piece.len() as c_uint;
    true
}

/// The getln entry: makes sure `sa` is allocated and empties it.
pub(crate) fn start_line(sa: &mut stralloc) -> bool {
    if !ready(sa, 0) {
        return false;
    }
    sa.len = 0;
    true
}

/// catb for the library's own callers (getln's final piece).
pub(crate) fn cat_piece(sa: &mut stralloc, piece: &[u8]) -> bool {
    // SAFETY: piece is a valid slice, outside sa.
    unsafe { catb(sa, piece.as_ptr().cast(), piece.len() as c_uint) == 1 }
}
