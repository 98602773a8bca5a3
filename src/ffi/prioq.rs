//! prioq (stock's prioq.c): the min-heap of (time, id) qmail-send
//! schedules with, in C's own growing array, ordered by
//! `base::prioq::sift_up`/`sift_down` so that ties come out exactly as
//! in stock.

use super::alloc::alloc_re;
use super::alloc::malloc;
use super::set_errno;
use super::unix::datetime_sec;
use crate::base::prioq::{sift_down, sift_up};
use std::os::raw::{c_int, c_uint, c_ulong, c_void};

/// `struct prioq_elt`: when, and which message.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct prioq_elt {
    pub dt: datetime_sec,
    pub id: c_ulong,
}

/// `prioq`: `len` entries of `p` in use, room for `a`.
#[repr(C)]
#[derive(Debug)]
pub struct prioq {
    pub p: *mut prioq_elt,
    pub len: c_uint,
    pub a: c_uint,
}

/// GEN_ALLOC's readyplus for an array `p` of `T` with `len` in use and
/// room for `a`: room for `n` more, grown to `base` + needed + needed/8
/// (a null array gets exactly `n` and `len` 0). True, or false with
/// ENOMEM (then unchanged). Shared by prioq and ipalloc.
pub(crate) fn gen_readyplus<T>(
    p: &mut *mut T,
    len: &mut c_uint,
    a: &mut c_uint,
    n: c_uint,
    base: c_uint,
) -> bool {
    let size = std::mem::size_of::<T>();
    if p.is_null() {
        *len = 0;
        let Some(bytes) = (n as usize).checked_mul(size) else {
            set_errno(libc::ENOMEM);
            return false;
        };
        *p = malloc(bytes.max(1)).cast();
        if p.is_null() {
            return false;
        }
        *a = n;
        return true;
    }
    let Some(need) = len.checked_add(n) else {
        set_errno(libc::ENOMEM);
        return false;
    };
    if need <= *a {
        return true;
    }
    let Some(grown) = need
        .checked_add(base)
        .and_then(|v| v.checked_add(need >> 3))
    else {
        set_errno(libc::ENOMEM);
        return false;
    };
    let (Ok(old), Ok(new)) = (
        c_uint::try_from(*a as usize * size),
        c_uint::try_from(grown as usize * size),
    ) else {
        set_errno(libc::ENOMEM);
        return false;
    };
    // SAFETY: *p is a block of the library's allocator holding a entries.
    if unsafe { alloc_re((p as *mut *mut T).cast::<c_void>(), old, new) } == 1 {
        *a = grown;
        true
    } else {
        false
    }
}

/// prioq_readyplus: room for `n` more entries, grown like stock's
/// (to 100 + needed + needed/8); 1, or 0 with ENOMEM (then unchanged).
///
/// # Safety
/// `x` a valid prioq whose `p` is null or from this library's allocator.
#[no_mangle]
pub unsafe extern "C" fn prioq_readyplus(x: *mut prioq, n: c_uint) -> c_int {
    // SAFETY: a valid prioq (the caller's promise).
    let Some(x) = (unsafe { x.as_mut() }) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    gen_readyplus(&mut x.p, &mut x.len, &mut x.a, n, 100) as c_int
}

/// The entries in use.
///
/// # Safety
/// `x.p` holds at least `x.len` entries.
unsafe fn heap(x: &mut prioq) -> &mut [prioq_elt] {
    if x.p.is_null() || x.len == 0 {
        return &mut [];
    }
    // SAFETY: p holds len entries (the caller's promise).
    unsafe { std::slice::from_raw_parts_mut(x.p, x.len as usize) }
}

#[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit targets
fn key(e: &prioq_elt) -> i64 {
    i64::from(e.dt)
}

/// prioq_insert: adds `*pe`; 1, or 0 when out of memory.
///
/// # Safety
/// `pq` a valid prioq; `pe` readable.
#[no_mangle]
pub unsafe extern "C" fn prioq_insert(pq: *mut prioq, pe: *const prioq_elt) -> c_int {
    // SAFETY: readable (the caller's promise).
    let Some(&e) = (unsafe { pe.as_ref() }) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    // SAFETY: pq valid.
    if unsafe { prioq_readyplus(pq, 1) } == 0 {
        return 0;
    }
    // SAFETY: pq valid (checked non-null by readyplus).
    let Some(x) = (unsafe { pq.as_mut() }) else {
        return 0;
    };
    x.len += 1;
    // SAFETY: readyplus made room for len entries.
    sift_up(unsafe { heap(x) }, e, key);
    1
}

/// prioq_min: the earliest entry into `*pe`; 1, or 0 when empty.
///
/// # Safety
/// `pq` a valid prioq; `pe` writable.
#[no_mangle]
pub unsafe extern "C" fn prioq_min(pq: *mut prioq, pe: *mut prioq_elt) -> c_int {
    // SAFETY: valid pointers (the caller's promise).
    let (Some(x), Some(out)) = (unsafe { pq.as_mut() }, unsafe { pe.as_mut() }) else {
        return 0;
    };
    // SAFETY: p holds len entries.
    match unsafe { heap(x) }.first() {
        Some(e) => {
            *out = *e;
            1
        }
        None => 0,
    }
}

/// prioq_delmin: removes the earliest entry (nothing when empty).
///
/// # Safety
/// `pq` a valid prioq.
#[no_mangle]
pub unsafe extern "C" fn prioq_delmin(pq: *mut prioq) {
    // SAFETY: valid (the caller's promise).
    let Some(x) = (unsafe { pq.as_mut() }) else {
        return;
    };
    // SAFETY: p holds len entries.
    let h = unsafe { heap(x) };
    let Some((&mut last, rest)) = h.split_last_mut() else {
        return;
    };
    sift_down(rest, last, key);
    x.len -= 1;
}
