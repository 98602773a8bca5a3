//! Stock's small formatting and text modules over their `base` (and
//! `local`) twins: date822fmt, myctime, fmtqfn, ip, quote, gfrom, and
//! the file helpers slurpclose and triggerpull. The fmt-style functions
//! write into `s` unless it is null and return the length either way, as
//! stock's do.

use super::stralloc::{cat_piece, stralloc, stralloc_copyb};
use super::unix::{datetime, datetime_sec};
use super::{bytes, cstr, set_errno};
use crate::base::datetime::DateTime;
use crate::base::ip::IpAddress;
use crate::base::{date822fmt as d822, fmtqfn as qfn, ip, quote as q, trigger};
use std::os::raw::{c_char, c_int, c_uchar, c_uint, c_ulong};
use std::ptr::addr_of_mut;

/// `struct ip_address`: four bytes, most significant first.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct ip_address {
    pub d: [c_uchar; 4],
}

/// Copies `v` to `s` unless `s` is null; the length of `v`.
///
/// # Safety
/// `s` null or writable for `v.len()` bytes.
unsafe fn out(s: *mut c_char, v: &[u8]) -> c_uint {
    if !s.is_null() {
        // SAFETY: s writable for v.len() bytes (the caller's promise).
        unsafe { std::ptr::copy_nonoverlapping(v.as_ptr().cast(), s, v.len()) };
    }
    v.len() as c_uint
}

/// date822fmt: `*dt` as an RFC 822 date in UTC with a newline
/// (`7 Dec 2026 15:57:26 -0000\n`), at most DATE822FMT bytes, no NUL.
///
/// # Safety
/// `s` null or writable for DATE822FMT bytes; `dt` a readable struct
/// (null gives 0).
#[no_mangle]
pub unsafe extern "C" fn date822fmt(s: *mut c_char, dt: *const datetime) -> c_uint {
    // SAFETY: null or readable (the caller's promise).
    let Some(d) = (unsafe { dt.as_ref() }) else {
        return 0;
    };
    // SAFETY: s as the contract says.
    unsafe { out(s, &d822::date822fmt(&DateTime::from(d))) }
}

/// myctime's buffer: the answer stays there until the next call.
static mut MYCTIME: [c_char; 64] = [0; 64];

/// myctime: `t` as `Mon Dec 07 15:57:26 2026\n` in UTC, in a static
/// buffer (overwritten by the next call).
#[no_mangle]
pub extern "C" fn myctime(t: datetime_sec) -> *mut c_char {
    #[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit targets
    let text = d822::myctime(i64::from(t));
    let buf = addr_of_mut!(MYCTIME).cast::<c_char>();
    let n = text.len().min(63);
    // SAFETY: the buffer has 64 bytes, n + 1 <= 64 are written; like
    // stock, the library is single-threaded.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr().cast(), buf, n);
        *buf.add(n) = 0;
    }
    buf
}

/// fmtqfn: the queue file name `dirslash` then (with `flagsplit`) the
/// split subdirectory and a slash, then `id`, and a NUL; the length with
/// the NUL.
///
/// # Safety
/// `s` null or writable for the length; `dirslash` a C string.
#[no_mangle]
pub unsafe extern "C" fn fmtqfn(
    s: *mut c_char,
    dirslash: *const c_char,
    id: c_ulong,
    flagsplit: c_int,
) -> c_uint {
    // SAFETY: a C string (the caller's promise).
    let dir = unsafe { cstr(dirslash) };
    #[allow(clippy::useless_conversion)] // c_ulong is u32 on 32-bit targets
    let mut v = qfn::fmtqfn(dir, u64::from(id), flagsplit != 0);
    v.push(0);
    // SAFETY: s as the contract says.
    unsafe { out(s, &v) }
}

/// ip_fmt: dotted decimal, at most IPFMT bytes, no NUL.
///
/// # Safety
/// `s` null or writable for IPFMT bytes; `ip` readable (null gives 0).
#[no_mangle]
pub unsafe extern "C" fn ip_fmt(s: *mut c_char, ip: *const ip_address) -> c_uint {
    // SAFETY: null or readable.
    let Some(a) = (unsafe { ip.as_ref() }) else {
        return 0;
    };
    // SAFETY: s as the contract says.
    unsafe { out(s, &ip::fmt(&IpAddress(a.d))) }
}

/// Stores a scanned address; the bytes used, 0 when there was none.
///
/// # Safety
/// `ip` null or writable.
unsafe fn scanned(r: Option<(IpAddress, usize)>, ip: *mut ip_address) -> c_uint {
    match r {
        Some((a, n)) => {
            // SAFETY: null or writable (the caller's promise).
            if let Some(p) = unsafe { ip.as_mut() } {
                p.d = a.0;
            }
            n as c_uint
        }
        None => 0,
    }
}

/// ip_scan: `a.b.c.d` at the start of `s`; the bytes used, or 0.
///
/// # Safety
/// `s` a C string; `ip` writable.
#[no_mangle]
pub unsafe extern "C" fn ip_scan(s: *const c_char, ip: *mut ip_address) -> c_uint {
    // SAFETY: a C string; ip writable (the caller's promise).
    unsafe { scanned(ip::scan(cstr(s)), ip) }
}

/// ip_scanbracket: `[a.b.c.d]`; the bytes used, brackets included, or 0.
///
/// # Safety
/// As ip_scan.
#[no_mangle]
pub unsafe extern "C" fn ip_scanbracket(s: *const c_char, ip: *mut ip_address) -> c_uint {
    // SAFETY: a C string; ip writable (the caller's promise).
    unsafe { scanned(ip::scan_bracket(cstr(s)), ip) }
}

/// quote_need: 1 when the `n` bytes at `s` must be quoted as the local
/// part of an address, else 0.
///
/// # Safety
/// `s` readable for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn quote_need(s: *const c_char, n: c_uint) -> c_int {
    // SAFETY: s readable for n bytes (the caller's promise).
    q::quote_need(unsafe { bytes(s, n as usize) }) as c_int
}

/// Copies a result into `sa`: 1, or 0 with errno.
///
/// # Safety
/// `sa` a valid stralloc.
unsafe fn answer(sa: *mut stralloc, r: Result<Vec<u8>, crate::sys::Errno>) -> c_int {
    match r {
        // SAFETY: sa valid; v is a separate buffer.
        Ok(v) => unsafe { stralloc_copyb(sa, v.as_ptr().cast(), v.len() as c_uint) },
        Err(e) => {
            set_errno(e.0);
            0
        }
    }
}

/// quote: `sain` as a local part, in double quotes (with backslashes)
/// when it needs them, into `saout`; 1, or 0 when out of memory.
///
/// # Safety
/// Both valid strallocs.
#[no_mangle]
pub unsafe extern "C" fn quote(saout: *mut stralloc, sain: *const stralloc) -> c_int {
    // SAFETY: a valid stralloc (the caller's promise).
    let Some(i) = (unsafe { sain.as_ref() }) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    // SAFETY: i.s holds i.len bytes.
    let r = q::quote(unsafe { bytes(i.s, i.len as usize) });
    // SAFETY: saout valid.
    unsafe { answer(saout, r) }
}

/// quote2: the address `s` with its local part (before the last `@`)
/// quoted as needed, into `sa`; 1, or 0 when out of memory.
///
/// # Safety
/// `sa` a valid stralloc; `s` a C string.
#[no_mangle]
pub unsafe extern "C" fn quote2(sa: *mut stralloc, s: *const c_char) -> c_int {
    // SAFETY: a C string; sa valid (the caller's promise).
    unsafe { answer(sa, q::quote2(cstr(s))) }
}

/// gfrom: 1 when the `len` bytes at `s` are a line that an mbox needs to
/// escape (`From ` after any number of `>`), else 0.
///
/// # Safety
/// `s` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn gfrom(s: *const c_char, len: c_int) -> c_int {
    // SAFETY: s readable for len bytes (the caller's promise).
    crate::local::gfrom(unsafe { bytes(s, len.max(0) as usize) }) as c_int
}

/// slurpclose: appends everything `fd` gives to `sa`, reading
/// `bufsize` bytes at a time, and closes `fd`; 0, or -1 with errno.
///
/// # Safety
/// `sa` a valid stralloc.
#[no_mangle]
pub unsafe extern "C" fn slurpclose(fd: c_int, sa: *mut stralloc, bufsize: c_int) -> c_int {
    // SAFETY: a valid stralloc (the caller's promise).
    let Some(sa) = (unsafe { sa.as_mut() }) else {
        let _ = crate::sys::close(fd);
        set_errno(libc::EINVAL);
        return -1;
    };
    let mut buf = Vec::new();
    if buf.try_reserve_exact(bufsize.max(1) as usize).is_err() {
        let _ = crate::sys::close(fd);
        set_errno(libc::ENOMEM);
        return -1;
    }
    buf.resize(bufsize.max(1) as usize, 0);
    let r = loop {
        match crate::sys::read(fd, &mut buf) {
            Ok(0) => break 0,
            Ok(n) => {
                if !cat_piece(sa, &buf[..n]) {
                    break -1;
                }
            }
            Err(e) if e.0 == libc::EINTR => {}
            Err(e) => {
                set_errno(e.0);
                break -1;
            }
        }
    };
    let _ = crate::sys::close(fd);
    r
}

/// triggerpull: one byte into `lock/trigger` (relative to the current
/// directory, the queue), without waiting; every error is ignored.
#[no_mangle]
pub extern "C" fn triggerpull() {
    trigger::pull();
}

/// The listening side of lock/trigger (trigger_set and the two select
/// helpers), one per process as stock's.
static TRIGGER: std::sync::Mutex<Option<trigger::Trigger>> = std::sync::Mutex::new(None);

/// The fd trigger_set opened, if any.
fn trigger_fd() -> Option<c_int> {
    TRIGGER
        .lock()
        .ok()
        .and_then(|t| t.as_ref().and_then(|t| t.fd()))
}

/// trigger_set: (re)opens lock/trigger (relative to the current
/// directory, the queue) for reading without waiting; a failure leaves
/// nothing open.
#[no_mangle]
pub extern "C" fn trigger_set() {
    if let Ok(mut t) = TRIGGER.lock() {
        t.get_or_insert_with(trigger::Trigger::new).set();
    }
}

/// trigger_selprep: adds the trigger's fd to `rfds` and raises `*nfds`
/// past it (nothing when trigger_set opened nothing).
///
/// # Safety
/// `nfds` and `rfds` writable.
#[no_mangle]
pub unsafe extern "C" fn trigger_selprep(nfds: *mut c_int, rfds: *mut libc::fd_set) {
    let Some(fd) = trigger_fd() else {
        return;
    };
    if rfds.is_null() || !(0..libc::FD_SETSIZE as c_int).contains(&fd) {
        return;
    }
    // SAFETY: rfds is a writable fd_set and fd is within its size.
    unsafe { libc::FD_SET(fd, rfds) };
    // SAFETY: null or writable (the caller's promise).
    if let Some(n) = unsafe { nfds.as_mut() } {
        if *n < fd + 1 {
            *n = fd + 1;
        }
    }
}

/// trigger_pulled: 1 when select marked the trigger's fd readable in
/// `rfds`, else 0.
///
/// # Safety
/// `rfds` readable.
#[no_mangle]
pub unsafe extern "C" fn trigger_pulled(rfds: *const libc::fd_set) -> c_int {
    let Some(fd) = trigger_fd() else {
        return 0;
    };
    if rfds.is_null() || !(0..libc::FD_SETSIZE as c_int).contains(&fd) {
        return 0;
    }
    // SAFETY: rfds is a readable fd_set and fd is within its size.
    unsafe { libc::FD_ISSET(fd, rfds) as c_int }
}
