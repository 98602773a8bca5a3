//! subgetopt and sgetopt (stock's getopt clone) over `base::getopt`.
//! Their state is C's: the globals below, which C code reads and may set
//! between calls (`optind = 1` to start again), so each call builds a
//! [`Getopt`] from them, runs one step and writes them back. An option's
//! value is a pointer into the caller's argv, as stock's.

use super::cstr;
use super::substdio::{subfderr, substdio_flush, substdio_put, substdio_puts};
use crate::base::getopt::Getopt;
use std::os::raw::{c_char, c_int};
use std::ptr::null_mut;

/// subgetopt's answer when the options are over.
const SUBGETOPTDONE: c_int = -1;

/// The value of the last option that took one (0 otherwise).
#[no_mangle]
pub static mut subgetoptarg: *mut c_char = null_mut();
/// The argument being parsed; after the options, the first operand.
#[no_mangle]
pub static mut subgetoptind: c_int = 1;
/// Position inside `argv[subgetoptind]` (0 between arguments).
#[no_mangle]
pub static mut subgetoptpos: c_int = 0;
/// The letter behind the last `?`.
#[no_mangle]
pub static mut subgetoptproblem: c_int = 0;
/// What subgetopt returns when the options are over (SUBGETOPTDONE).
#[no_mangle]
pub static mut subgetoptdone: c_int = SUBGETOPTDONE;
/// Whether sgetoptmine reports problems on subfderr (1 by default).
#[no_mangle]
pub static mut sgetopterr: c_int = 1;
/// The name in those reports; 0 until the first call sets it from
/// argv[0] (the part after its last `/`), unless C set it first.
#[no_mangle]
pub static mut sgetoptprogname: *mut c_char = null_mut();

/// The C argv as byte strings: `argc` of them, or up to the first null.
///
/// # Safety
/// `argv` null or an array of at least `argc` pointers, each null or a
/// C string.
unsafe fn args(argc: c_int, argv: *mut *mut c_char) -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    if argv.is_null() {
        return v;
    }
    for i in 0..argc.max(0) as usize {
        // SAFETY: i < argc entries (the caller's promise).
        let p = unsafe { *argv.add(i) };
        if p.is_null() {
            break;
        }
        // SAFETY: a C string (the caller's promise).
        v.push(unsafe { cstr(p) }.to_vec());
    }
    v
}

/// The C pointer of `value`, a piece of one of `copies` (made from
/// `argv` by [`args`]): the same offset into the same argument.
///
/// # Safety
/// As [`args`], for the same `argc` and `argv`.
unsafe fn c_pointer(copies: &[Vec<u8>], argv: *mut *mut c_char, value: &[u8]) -> *mut c_char {
    let at = value.as_ptr() as usize;
    for (i, a) in copies.iter().enumerate() {
        let start = a.as_ptr() as usize;
        if at >= start && at <= start + a.len() {
            // SAFETY: i < copies.len() <= argc, so argv[i] is readable.
            let base = unsafe { *argv.add(i) };
            return base.wrapping_add(at - start);
        }
    }
    null_mut()
}

/// subgetopt: the next option letter of `argv` among `opts` (a letter
/// followed by `:` takes a value, left in subgetoptarg); `?` for an
/// unknown letter or a missing value (the letter in subgetoptproblem);
/// subgetoptdone when the options are over, subgetoptind then naming the
/// first operand.
///
/// # Safety
/// `argv` null or `argc` pointers, each null or a C string, which stay
/// in place while subgetoptarg is used; `opts` null or a C string.
#[no_mangle]
pub unsafe extern "C" fn subgetopt(
    argc: c_int,
    argv: *mut *mut c_char,
    opts: *const c_char,
) -> c_int {
    // SAFETY: the globals are only used from one thread, as stock's; each
    // access below is a plain read or write of an integer or pointer.
    unsafe {
        subgetoptarg = null_mut();
        // SAFETY: as this function's contract.
        let copies = args(argc, argv);
        let mut g = Getopt::new();
        g.ind = subgetoptind.max(0) as usize;
        g.pos = subgetoptpos.max(0) as usize;
        g.problem = subgetoptproblem as u8;
        let r = g.sub(&copies, cstr(opts));
        let answer = match r {
            None => subgetoptdone,
            Some((c, value)) => {
                if let Some(v) = value {
                    subgetoptarg = c_pointer(&copies, argv, v);
                }
                c as i8 as c_int
            }
        };
        subgetoptind = g.ind as c_int;
        subgetoptpos = g.pos as c_int;
        if answer == b'?' as c_int && r.is_some() {
            subgetoptproblem = g.problem as i8 as c_int;
        }
        answer
    }
}

/// sgetoptmine (what `getopt` means after `#include "sgetopt.h"`):
/// subgetopt, and after a `?` (unless sgetopterr is 0) the report
/// `PROG: illegal option -- C` (or `option requires an argument -- C`)
/// on subfderr.
///
/// # Safety
/// As subgetopt.
#[no_mangle]
pub unsafe extern "C" fn sgetoptmine(
    argc: c_int,
    argv: *mut *mut c_char,
    opts: *const c_char,
) -> c_int {
    // SAFETY: single-threaded globals as in subgetopt; argv as the
    // contract says.
    unsafe {
        if sgetoptprogname.is_null() {
            let first = if argv.is_null() || argc < 1 {
                null_mut()
            } else {
                *argv
            };
            sgetoptprogname = if first.is_null() {
                c"".as_ptr().cast_mut()
            } else {
                let name = cstr(first);
                let skip = name.iter().rposition(|&c| c == b'/').map_or(0, |i| i + 1);
                first.add(skip)
            };
        }
        let c = subgetopt(argc, argv, opts);
        if sgetopterr != 0 && c == b'?' as c_int {
            let copies = args(argc, argv);
            let still_there = (subgetoptind.max(0) as usize) < copies.len();
            let middle: &[u8] = if still_there {
                b": illegal option -- \0"
            } else {
                b": option requires an argument -- \0"
            };
            let tail = [subgetoptproblem as u8, b'\n'];
            substdio_puts(subfderr, sgetoptprogname);
            substdio_puts(subfderr, middle.as_ptr().cast());
            substdio_put(subfderr, tail.as_ptr().cast(), 2);
            substdio_flush(subfderr);
        }
        c
    }
}
