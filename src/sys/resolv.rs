//! The system resolver (glibc's res_* interface), as qmail's dns.c calls
//! it: res_init once, then res_query or res_search per question, with the
//! outcome read from errno and h_errno. Packet parsing is not here: it is
//! safe code in `net::dns`.

use std::os::raw::{c_char, c_int, c_uchar, c_ulong};

/// The head of glibc's `struct __res_state` (`_res`): only `options` is
/// touched, and these three fields open the struct on every glibc ABI.
#[repr(C)]
struct ResStateHead {
    retrans: c_int,
    retry: c_int,
    options: c_ulong,
}

/// RES_USEVC: ask over TCP (a virtual circuit) instead of UDP.
const RES_USEVC: c_ulong = 0x0000_0008;

// The names a C program compiled against <resolv.h> links to: res_init
// is mapped to __res_init by the header; res_query and res_search are in
// libc since glibc 2.34 and in libresolv before.
#[link(name = "resolv")]
extern "C" {
    fn __res_init() -> c_int;
    fn res_query(
        dname: *const c_char,
        class: c_int,
        typ: c_int,
        answer: *mut c_uchar,
        anslen: c_int,
    ) -> c_int;
    fn res_search(
        dname: *const c_char,
        class: c_int,
        typ: c_int,
        answer: *mut c_uchar,
        anslen: c_int,
    ) -> c_int;
    fn __res_state() -> *mut ResStateHead;
    fn __h_errno_location() -> *mut c_int;
    #[cfg(test)]
    #[link_name = "dn_expand"]
    fn libc_dn_expand(
        msg: *const c_uchar,
        eom: *const c_uchar,
        src: *const c_uchar,
        dst: *mut c_char,
        dstsiz: c_int,
    ) -> c_int;
}

/// h_errno's TRY_AGAIN (a temporary failure: SERVFAIL, no server answered).
pub const TRY_AGAIN: i32 = 2;
/// Class IN.
pub const C_IN: i32 = 1;

/// res_init(3): reads resolv.conf into this thread's resolver state.
pub fn res_init() {
    // SAFETY: res_init only fills glibc's own per-thread state.
    unsafe { __res_init() };
}

/// Sets errno to 0, as dns.c does once before a lookup (not again before
/// its TCP retry).
pub fn clear_errno() {
    // SAFETY: __errno_location returns this thread's errno slot.
    unsafe { *libc::__errno_location() = 0 };
}

/// What one question left behind: res_query's return value, errno and
/// h_errno right after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The length of the whole answer (it may exceed the buffer), or -1.
    pub len: i32,
    pub errno: i32,
    pub h_errno: i32,
}

/// Asks the resolver for `name` (cut at its first NUL, as the C string it
/// becomes), class IN, type `qtype`, writing the answer into `buf`.
/// `search` picks res_search (the resolv.conf search list) over res_query;
/// `tcp` sets RES_USEVC for this one question and restores the options
/// after it. errno is left as it is: see [`clear_errno`].
pub fn query(name: &[u8], qtype: u16, search: bool, tcp: bool, buf: &mut [u8]) -> Outcome {
    let cut = name.iter().position(|&c| c == 0).unwrap_or(name.len());
    let mut cname: Vec<u8> = Vec::with_capacity(cut + 1);
    cname.extend_from_slice(&name[..cut]);
    cname.push(0);
    let anslen = c_int::try_from(buf.len()).unwrap_or(c_int::MAX);
    // SAFETY: __res_state returns this thread's resolver state, which
    // stays valid for the thread's life.
    let state = unsafe { __res_state() };
    let saved = if tcp {
        // SAFETY: state points at a live __res_state whose head has the
        // layout of ResStateHead.
        unsafe {
            let old = (*state).options;
            (*state).options = old | RES_USEVC;
            Some(old)
        }
    } else {
        None
    };
    // SAFETY: cname is NUL-terminated; buf is valid for anslen bytes and
    // the resolver writes no more than that.
    let len = unsafe {
        if search {
            res_search(
                cname.as_ptr().cast(),
                C_IN,
                c_int::from(qtype),
                buf.as_mut_ptr(),
                anslen,
            )
        } else {
            res_query(
                cname.as_ptr().cast(),
                C_IN,
                c_int::from(qtype),
                buf.as_mut_ptr(),
                anslen,
            )
        }
    };
    // SAFETY: both locations are this thread's own.
    let (errno, h_errno) = unsafe { (*libc::__errno_location(), *__h_errno_location()) };
    if let Some(old) = saved {
        // SAFETY: as above.
        unsafe { (*state).options = old };
    }
    Outcome {
        len,
        errno,
        h_errno,
    }
}

/// libc's own dn_expand, for the tests that hold the safe parser in
/// `net::dns` to it: the expanded name and the bytes used, or None.
#[cfg(test)]
pub fn dn_expand(msg: &[u8], eom: usize, pos: usize) -> Option<(Vec<u8>, i32)> {
    let eom = eom.min(msg.len());
    if pos > eom {
        return None;
    }
    let mut dst = [0u8; 1025];
    // SAFETY: msg is valid up to eom, src lies within it and dst is valid
    // for its size; dn_expand reads only between msg and eom.
    let n = unsafe {
        libc_dn_expand(
            msg.as_ptr(),
            msg.as_ptr().add(eom),
            msg.as_ptr().add(pos),
            dst.as_mut_ptr().cast(),
            dst.len() as c_int,
        )
    };
    if n < 0 {
        return None;
    }
    let end = dst.iter().position(|&c| c == 0).unwrap_or(dst.len());
    Some((dst[..end].to_vec(), n))
}
