//! ipalloc (stock's ipalloc.c): the growing array of (address,
//! preference) pairs qmail-remote's DNS lookups fill.

use super::prioq::gen_readyplus;
use super::set_errno;
use super::text::ip_address;
use std::os::raw::{c_int, c_uint};

/// `struct ip_mx`: an address and its MX preference.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct ip_mx {
    pub ip: ip_address,
    pub pref: c_int,
}

/// `ipalloc`: `len` entries of `ix` in use, room for `a`.
#[repr(C)]
#[derive(Debug)]
pub struct ipalloc {
    pub ix: *mut ip_mx,
    pub len: c_uint,
    pub a: c_uint,
}

/// ipalloc_readyplus: room for `n` more entries (grown to 10 + needed +
/// needed/8, as stock's); 1, or 0 with ENOMEM.
///
/// # Safety
/// `x` a valid ipalloc whose `ix` is null or from this library's
/// allocator.
#[no_mangle]
pub unsafe extern "C" fn ipalloc_readyplus(x: *mut ipalloc, n: c_uint) -> c_int {
    // SAFETY: valid (the caller's promise).
    let Some(x) = (unsafe { x.as_mut() }) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    gen_readyplus(&mut x.ix, &mut x.len, &mut x.a, n, 10) as c_int
}

/// ipalloc_append: adds `*ix` at the end; 1, or 0 with ENOMEM.
///
/// # Safety
/// As ipalloc_readyplus; `ix` readable.
#[no_mangle]
pub unsafe extern "C" fn ipalloc_append(x: *mut ipalloc, ix: *const ip_mx) -> c_int {
    // SAFETY: readable (the caller's promise).
    let Some(&e) = (unsafe { ix.as_ref() }) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    // SAFETY: x valid.
    if unsafe { ipalloc_readyplus(x, 1) } == 0 {
        return 0;
    }
    // SAFETY: checked non-null by readyplus, which made room for one more.
    unsafe {
        let x = &mut *x;
        x.ix.add(x.len as usize).write(e);
        x.len += 1;
    }
    1
}
