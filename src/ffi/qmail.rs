//! The queue client (stock's qmail.c) over `queue::qmail`: `spawn`
//! starts the queue program, `judge` reads its end. What lies between
//! (the pipes and their buffer) lives in the caller's `struct qmail`,
//! field for field as stock's qmail.h, and is written through this
//! library's substdio.

use super::substdio::{
    fd_write, substdio, substdio_fdbuf, substdio_flush, substdio_put, substdio_puts,
};
use super::{cstr, set_errno};
use crate::queue::qmail::{judge, spawn};
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_ulong};
use std::sync::Mutex;

/// `struct qmail`: the state of one message being given to the queue.
#[repr(C)]
pub struct qmail {
    pub flagerr: c_int,
    pub pid: c_ulong,
    pub fdm: c_int,
    pub fde: c_int,
    pub ss: substdio,
    pub buf: [c_char; 1024],
}

/// Points `qq->ss` at `fd` through `qq->buf`.
fn buffer_on(qq: &mut qmail, fd: c_int) {
    let buf = qq.buf.as_mut_ptr();
    let len = qq.buf.len() as c_int;
    // SAFETY: ss is a live struct; buf lives as long as it (both in *qq).
    unsafe { substdio_fdbuf(&mut qq.ss, Some(fd_write), fd, buf, len) };
}

/// qmail_open: starts the queue program ($QMAILQUEUE, else
/// bin/qmail-queue run in the qmail home) with a pipe for the message and
/// one for the envelope. 0, or -1 with errno if no pipe or process could
/// be made (a program that cannot run is reported by qmail_close).
///
/// # Safety
/// `qq` null (EINVAL) or a writable `struct qmail` that does not move
/// until qmail_close.
#[no_mangle]
pub unsafe extern "C" fn qmail_open(qq: *mut qmail) -> c_int {
    // SAFETY: null or writable (the caller's promise).
    let Some(qq) = (unsafe { qq.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    match spawn() {
        Ok((pid, m, e)) => {
            qq.pid = pid as c_ulong;
            qq.fdm = m.into_raw();
            qq.fde = e.into_raw();
            buffer_on(qq, qq.fdm);
            qq.flagerr = 0;
            0
        }
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// qmail_qp: the queue program's pid.
///
/// # Safety
/// `qq` null (0) or an opened `struct qmail`.
#[no_mangle]
pub unsafe extern "C" fn qmail_qp(qq: *const qmail) -> c_ulong {
    // SAFETY: null or readable (the caller's promise).
    unsafe { qq.as_ref() }.map_or(0, |q| q.pid)
}

/// qmail_fail: the message is not to be queued; qmail_close will say so
/// (unless the queue program fails in its own way first).
///
/// # Safety
/// `qq` null (nothing) or an opened `struct qmail`.
#[no_mangle]
pub unsafe extern "C" fn qmail_fail(qq: *mut qmail) {
    // SAFETY: null or writable (the caller's promise).
    if let Some(q) = unsafe { qq.as_mut() } {
        q.flagerr = 1;
    }
}

/// qmail_put: message (or, after qmail_from, envelope) bytes. Nothing
/// once an error happened; a write error is remembered for qmail_close.
///
/// # Safety
/// `qq` null (nothing) or an opened `struct qmail`; `s` readable for
/// `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn qmail_put(qq: *mut qmail, s: *const c_char, len: c_int) {
    // SAFETY: null or writable (the caller's promise).
    let Some(q) = (unsafe { qq.as_mut() }) else {
        return;
    };
    // SAFETY: ss is this struct's, s readable for len (the caller's).
    if q.flagerr == 0 && unsafe { substdio_put(&mut q.ss, s, len) } == -1 {
        q.flagerr = 1;
    }
}

/// qmail_puts: qmail_put of a C string.
///
/// # Safety
/// As qmail_put, `s` a C string.
#[no_mangle]
pub unsafe extern "C" fn qmail_puts(qq: *mut qmail, s: *const c_char) {
    // SAFETY: null or writable (the caller's promise).
    let Some(q) = (unsafe { qq.as_mut() }) else {
        return;
    };
    // SAFETY: ss is this struct's, s a C string (the caller's).
    if q.flagerr == 0 && unsafe { substdio_puts(&mut q.ss, s) } == -1 {
        q.flagerr = 1;
    }
}

/// Puts `tag`, the C string `s` and a NUL: one envelope line.
///
/// # Safety
/// `q` opened; `s` null (an empty address) or a C string.
unsafe fn envelope_line(q: &mut qmail, tag: &[u8], s: *const c_char) {
    // SAFETY: s is null or a C string (the caller's promise).
    let addr = unsafe { cstr(s) };
    for piece in [tag, addr, b"\0"] {
        // SAFETY: piece is a live slice of its length.
        unsafe { qmail_put(q, piece.as_ptr().cast(), piece.len() as c_int) };
    }
}

/// qmail_from: ends the message and starts the envelope with the sender.
///
/// # Safety
/// `qq` null (nothing) or an opened `struct qmail`; `s` a C string.
#[no_mangle]
pub unsafe extern "C" fn qmail_from(qq: *mut qmail, s: *const c_char) {
    // SAFETY: null or writable (the caller's promise).
    let Some(q) = (unsafe { qq.as_mut() }) else {
        return;
    };
    // SAFETY: ss is this struct's.
    if unsafe { substdio_flush(&mut q.ss) } == -1 {
        q.flagerr = 1;
    }
    let _ = crate::sys::close(q.fdm);
    buffer_on(q, q.fde);
    // SAFETY: s is a C string (the caller's promise).
    unsafe { envelope_line(q, b"F", s) };
}

/// qmail_to: one recipient.
///
/// # Safety
/// `qq` null (nothing) or a `struct qmail` after qmail_from; `s` a C
/// string.
#[no_mangle]
pub unsafe extern "C" fn qmail_to(qq: *mut qmail, s: *const c_char) {
    // SAFETY: null or writable (the caller's promise).
    if let Some(q) = unsafe { qq.as_mut() } {
        // SAFETY: s is a C string (the caller's promise).
        unsafe { envelope_line(q, b"T", s) };
    }
}

/// The verdicts handed to C, each made a C string once: there are about
/// twenty, so this never grows past them.
static TEXTS: Mutex<Vec<(&'static [u8], &'static CStr)>> = Mutex::new(Vec::new());

/// `text` as a C string that lives for the rest of the process.
fn c_text(text: &'static [u8]) -> *const c_char {
    let Ok(mut texts) = TEXTS.lock() else {
        return c"Zqq temporary problem (#4.3.0)".as_ptr();
    };
    if let Some((_, c)) = texts.iter().find(|(t, _)| *t == text) {
        return c.as_ptr();
    }
    let Ok(owned) = std::ffi::CString::new(text) else {
        return c"Zqq temporary problem (#4.3.0)".as_ptr();
    };
    let c: &'static CStr = Box::leak(owned.into_boxed_c_str());
    texts.push((text, c));
    c.as_ptr()
}

/// qmail_close: ends the envelope, waits for the queue program and gives
/// its verdict: "" when the message is queued, else a letter (D
/// permanent, Z temporary) and the reason, as stock's texts.
///
/// # Safety
/// `qq` null (a temporary failure) or an opened `struct qmail`.
#[no_mangle]
pub unsafe extern "C" fn qmail_close(qq: *mut qmail) -> *mut c_char {
    // Stock declares the answer `char *`; C must not write to it.
    // SAFETY: the caller keeps close_text's contract, which is this one.
    unsafe { close_text(qq) }.cast_mut()
}

/// qmail_close's work.
///
/// # Safety
/// As qmail_close.
unsafe fn close_text(qq: *mut qmail) -> *const c_char {
    // SAFETY: null or writable (the caller's promise).
    let Some(q) = (unsafe { qq.as_mut() }) else {
        return c"Zqq waitpid surprise (#4.3.0)".as_ptr();
    };
    // SAFETY: a one-byte slice.
    unsafe { qmail_put(q, c"".as_ptr(), 1) };
    // SAFETY: ss is this struct's.
    if q.flagerr == 0 && unsafe { substdio_flush(&mut q.ss) } == -1 {
        q.flagerr = 1;
    }
    let _ = crate::sys::close(q.fde);
    let Ok(pid) = i32::try_from(q.pid) else {
        return c"Zqq waitpid surprise (#4.3.0)".as_ptr();
    };
    match judge(pid, q.flagerr != 0) {
        Ok(()) => c"".as_ptr(),
        Err(r) => c_text(r.0),
    }
}
