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

/// The addresses of this host, as ipme_init found them (0.0.0.0 first).
#[no_mangle]
pub static mut ipme: ipalloc = ipalloc {
    ix: std::ptr::null_mut(),
    len: 0,
    a: 0,
};

/// Whether ipme holds the list already (ipme_init looks only once).
static IPME_OK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// ipme_init: fills `ipme` with 0.0.0.0 and the address of every
/// interface that is up, once per process; 1, 0 when out of memory, -1
/// with errno when the interfaces cannot be listed.
#[no_mangle]
pub extern "C" fn ipme_init() -> c_int {
    use std::sync::atomic::Ordering;
    if IPME_OK.load(Ordering::SeqCst) {
        return 1;
    }
    let list = match crate::base::ipme::ipme() {
        Ok(l) => l,
        Err(crate::base::ipme::IfError::NoMem) => {
            set_errno(libc::ENOMEM);
            return 0;
        }
        Err(crate::base::ipme::IfError::Hard(e)) => {
            set_errno(e.0);
            return -1;
        }
    };
    let me = std::ptr::addr_of_mut!(ipme);
    // SAFETY: the library's own global; single-threaded like stock.
    unsafe {
        if ipalloc_readyplus(me, 0) == 0 {
            return 0;
        }
        (*me).len = 0;
        for a in list {
            let mx = ip_mx {
                ip: ip_address { d: a.0 },
                pref: 0,
            };
            if ipalloc_append(me, &mx) == 0 {
                return 0;
            }
        }
    }
    IPME_OK.store(true, Ordering::SeqCst);
    1
}

/// ipme_is: 1 when `*ip` is one of this host's addresses, 0 when not,
/// -1 when ipme_init fails.
///
/// # Safety
/// `ip` readable.
#[no_mangle]
pub unsafe extern "C" fn ipme_is(ip: *const ip_address) -> c_int {
    if ipme_init() != 1 {
        return -1;
    }
    // SAFETY: readable (the caller's promise).
    let Some(want) = (unsafe { ip.as_ref() }) else {
        return 0;
    };
    // SAFETY: ipme_init filled the global with len entries.
    let list = unsafe {
        let me = &*std::ptr::addr_of!(ipme);
        if me.ix.is_null() {
            &[][..]
        } else {
            std::slice::from_raw_parts(me.ix, me.len as usize)
        }
    };
    list.iter().any(|mx| mx.ip.d == want.d) as c_int
}

/// The state stock's tcpto keeps between tcpto and tcpto_err.
static TCPTO: std::sync::Mutex<Option<crate::net::tcpto::Tcpto>> = std::sync::Mutex::new(None);

/// tcpto: 1 when connections to `*ip` timed out recently enough that it
/// should be left alone for now (queue/lock/tcpto, relative to the qmail
/// home), else 0.
///
/// # Safety
/// `ip` readable.
#[no_mangle]
pub unsafe extern "C" fn tcpto(ip: *const ip_address) -> c_int {
    // SAFETY: readable (the caller's promise).
    let Some(a) = (unsafe { ip.as_ref() }) else {
        return 0;
    };
    let Ok(mut t) = TCPTO.lock() else {
        return 0;
    };
    let t = t.get_or_insert_with(crate::net::tcpto::Tcpto::new);
    t.skip(&crate::base::ip::IpAddress(a.d)) as c_int
}

/// tcpto_err: records the outcome of a connection to `*ip`: `flagerr`
/// set for a timeout, clear for a success (which wipes its record).
///
/// # Safety
/// `ip` readable.
#[no_mangle]
pub unsafe extern "C" fn tcpto_err(ip: *const ip_address, flagerr: c_int) {
    // SAFETY: readable (the caller's promise).
    let Some(a) = (unsafe { ip.as_ref() }) else {
        return;
    };
    if let Ok(mut t) = TCPTO.lock() {
        let t = t.get_or_insert_with(crate::net::tcpto::Tcpto::new);
        t.err(&crate::base::ip::IpAddress(a.d), flagerr != 0);
    }
}

/// tcpto_clean: empties the table (run from queue/mess, as
/// qmail-rspawn is).
#[no_mangle]
pub extern "C" fn tcpto_clean() {
    crate::net::tcpto::clean();
}
