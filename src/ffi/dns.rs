//! dns (stock's dns.c) over `net::dns`: the resolver questions
//! qmail-remote and the build tree's dns* tools ask, answered into C's
//! stralloc and ipalloc (the `fqdn` that net::dns keeps for TLS has no
//! place in stock's `struct ip_mx` and is left out).

use super::ipalloc::{ip_mx, ipalloc, ipalloc_append, ipalloc_readyplus};
use super::stralloc::{stralloc, stralloc_copyb};
use super::text::ip_address;
use super::{bytes, set_errno};
use crate::base::ip::IpAddress;
use crate::net::dns::{self, DnsError, IpMx};
use std::os::raw::{c_int, c_uint, c_ulong};

/// DNS_SOFT, DNS_HARD, DNS_MEM.
fn code(e: DnsError) -> c_int {
    match e {
        DnsError::Soft => -1,
        DnsError::Hard => -2,
        DnsError::Mem => -3,
    }
}

/// The bytes of `sa`, copied.
///
/// # Safety
/// `sa` a valid stralloc.
unsafe fn name_of(sa: *const stralloc) -> Option<Vec<u8>> {
    // SAFETY: valid (the caller's promise).
    let sa = unsafe { sa.as_ref() }?;
    // SAFETY: s holds len bytes.
    Some(unsafe { bytes(sa.s, sa.len as usize) }.to_vec())
}

/// Puts `v` into `sa`; false when out of memory.
///
/// # Safety
/// `sa` valid.
unsafe fn give(sa: *mut stralloc, v: &[u8]) -> bool {
    let Ok(n) = c_uint::try_from(v.len()) else {
        set_errno(libc::ENOMEM);
        return false;
    };
    // SAFETY: sa valid; v readable.
    unsafe { stralloc_copyb(sa, v.as_ptr().cast(), n) == 1 }
}

/// dns_init: reads the resolver configuration; with `flagsearch` set
/// every later question goes through the search list.
#[no_mangle]
pub extern "C" fn dns_init(flagsearch: c_int) {
    dns::init(flagsearch != 0);
}

/// dns_cname: follows CNAMEs from the name in `sa` (at most ten steps),
/// leaving the last name there; the number of steps, or DNS_SOFT,
/// DNS_HARD (a loop), DNS_MEM.
///
/// # Safety
/// `sa` a valid stralloc.
#[no_mangle]
pub unsafe extern "C" fn dns_cname(sa: *mut stralloc) -> c_int {
    // SAFETY: valid (the caller's promise).
    let Some(mut name) = (unsafe { name_of(sa) }) else {
        set_errno(libc::EINVAL);
        return -3;
    };
    let r = dns::cname(&mut name);
    // SAFETY: sa valid.
    if !unsafe { give(sa, &name) } {
        return -3;
    }
    r.unwrap_or_else(code)
}

/// dns_ptr: the name of `*ip` into `sa`; 0, or DNS_SOFT, DNS_HARD (no
/// PTR record; `sa` then holds the in-addr.arpa name asked for),
/// DNS_MEM.
///
/// # Safety
/// `sa` a valid stralloc, `ip` readable.
#[no_mangle]
pub unsafe extern "C" fn dns_ptr(sa: *mut stralloc, ip: *mut ip_address) -> c_int {
    // SAFETY: readable (the caller's promise).
    let Some(a) = (unsafe { ip.as_ref() }) else {
        set_errno(libc::EINVAL);
        return -3;
    };
    let mut out = Vec::new();
    let r = dns::ptr(&mut out, &IpAddress(a.d));
    // SAFETY: sa valid.
    if !unsafe { give(sa, &out) } {
        return -3;
    }
    match r {
        Ok(()) => 0,
        Err(e) => code(e),
    }
}

/// Empties `ia` and appends `found` to it; false when out of memory.
///
/// # Safety
/// `ia` a valid ipalloc.
unsafe fn fill(ia: *mut ipalloc, found: &[IpMx]) -> bool {
    // SAFETY: valid (the caller's promise).
    if unsafe { ipalloc_readyplus(ia, 0) } == 0 {
        return false;
    }
    // SAFETY: non-null (readyplus checked it).
    unsafe { (*ia).len = 0 };
    for f in found {
        let ix = ip_mx {
            ip: ip_address { d: f.ip.0 },
            pref: f.pref,
        };
        // SAFETY: ia valid, ix readable.
        if unsafe { ipalloc_append(ia, &ix) } == 0 {
            return false;
        }
    }
    true
}

/// dns_ip: the addresses of the name in `sa` (or of the dotted quad it
/// is, bare or in brackets) into `ia`, preference 0; 0, or DNS_SOFT,
/// DNS_HARD, DNS_MEM (`ia` holding what was found before).
///
/// # Safety
/// `ia` a valid ipalloc, `sa` a valid stralloc.
#[no_mangle]
pub unsafe extern "C" fn dns_ip(ia: *mut ipalloc, sa: *mut stralloc) -> c_int {
    // SAFETY: valid (the caller's promise).
    let Some(name) = (unsafe { name_of(sa) }) else {
        set_errno(libc::EINVAL);
        return -3;
    };
    let mut out = Vec::new();
    let r = dns::ip(&mut out, &name);
    // SAFETY: ia valid.
    if !unsafe { fill(ia, &out) } {
        return -3;
    }
    match r {
        Ok(()) => 0,
        Err(e) => code(e),
    }
}

/// dns_mxip: the addresses of the mail exchangers of the name in `sa`,
/// best first, ties ordered by `random` as stock orders them; a dotted
/// quad stands for itself, a name without MX for its own addresses. 0;
/// 1 when some exchanger's lookup failed temporarily; DNS_SOFT,
/// DNS_HARD, DNS_MEM.
///
/// # Safety
/// `ia` a valid ipalloc, `sa` a valid stralloc.
#[no_mangle]
pub unsafe extern "C" fn dns_mxip(ia: *mut ipalloc, sa: *mut stralloc, random: c_ulong) -> c_int {
    // SAFETY: valid (the caller's promise).
    let Some(name) = (unsafe { name_of(sa) }) else {
        set_errno(libc::EINVAL);
        return -3;
    };
    let mut out = Vec::new();
    #[allow(clippy::useless_conversion)] // c_ulong is u32 on 32-bit targets
    let r = dns::mxip(&mut out, &name, u64::from(random));
    // SAFETY: ia valid.
    if !unsafe { fill(ia, &out) } {
        return -3;
    }
    r.unwrap_or_else(code)
}
