//! substdio.h, subfd.h, getln.h: buffered I/O on C-owned structs. Each
//! call lends the struct's buffer to [`crate::base::substdio::Out`] or
//! [`crate::base::substdio::In`] and stores the new positions back, so the
//! buffering is the library's own, step for step.

use super::stralloc::{append_piece, cat_piece, start_line, stralloc};
use super::{bytes, bytes_mut, cstr, set_errno};
use crate::base::substdio::{self as sd, In, Out, ReadOp, WriteOp};
use crate::sys::{self, Errno};
use std::os::raw::{c_char, c_int, c_uint, c_void};
use std::ptr::{addr_of_mut, null_mut};

/// The I/O function of a substdio, called as `op(fd, buf, len)`: the
/// count read or written, or -1 with errno. The headers declare it
/// without a prototype, as stock does, so that `read` and `write`
/// themselves can be given.
pub type substdio_op = unsafe extern "C" fn(c_int, *mut c_char, c_int) -> c_int;

/// `substdio`: `x` the buffer. Output: `n` its size, `p` bytes waiting.
/// Input: the `p` unread bytes are at `x + n`, and `n + p` is the size.
#[repr(C)]
#[derive(Debug)]
pub struct substdio {
    pub x: *mut c_char,
    pub p: c_int,
    pub n: c_int,
    pub fd: c_int,
    pub op: Option<substdio_op>,
}

/// A substdio's op and fd as the safe reader/writer see them.
pub(crate) struct COp {
    op: Option<substdio_op>,
    fd: c_int,
}

impl COp {
    fn call(&mut self, buf: *mut c_char, len: usize) -> sys::Result<usize> {
        let Some(f) = self.op else {
            return Err(Errno(libc::EBADF));
        };
        let len = len.min(c_int::MAX as usize) as c_int;
        // SAFETY: buf is valid for len bytes (it comes from a slice); the
        // op is the C function the struct was set up with.
        let r = unsafe { f(self.fd, buf, len) };
        if r < 0 {
            Err(Errno::last())
        } else {
            Ok(r as usize)
        }
    }
}

impl WriteOp for COp {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        // The op takes a non-const pointer but only reads through it.
        self.call(buf.as_ptr() as *mut c_char, buf.len())
    }
}

impl ReadOp for COp {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        self.call(buf.as_mut_ptr().cast(), buf.len())
    }
}

/// Runs `f` on an output view of `s`, then stores `p` back. -1 (EINVAL)
/// for a null or inconsistent struct.
pub(crate) fn with_out(
    s: *mut substdio,
    f: impl FnOnce(&mut Out<COp, &mut [u8]>) -> sys::Result<()>,
) -> c_int {
    // SAFETY: a non-null substdio pointer from C points at a live struct.
    let Some(s) = (unsafe { s.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    if s.n < 0 || s.p < 0 || s.p > s.n {
        set_errno(libc::EINVAL);
        return -1;
    }
    // SAFETY: the struct's buffer holds n bytes, used only through this
    // view until it is dropped.
    let x = unsafe { bytes_mut(s.x, s.n as usize) };
    let mut o = Out::from_parts(COp { op: s.op, fd: s.fd }, x, s.p as usize);
    let r = f(&mut o);
    s.p = o.used() as c_int;
    super::zero_or_minus1(r)
}

/// Runs `f` on an input view of `s`, then stores `n` and `p` back. None
/// (errno EINVAL) for a null or inconsistent struct.
fn with_in<T>(s: *mut substdio, f: impl FnOnce(&mut In<COp, &mut [u8]>) -> T) -> Option<T> {
    // SAFETY: a non-null substdio pointer from C points at a live struct.
    let Some(s) = (unsafe { s.as_mut() }) else {
        set_errno(libc::EINVAL);
        return None;
    };
    if s.n < 0 || s.p < 0 || s.n.checked_add(s.p).is_none() {
        set_errno(libc::EINVAL);
        return None;
    }
    // SAFETY: the struct's buffer holds n + p bytes, used only through
    // this view until it is dropped.
    let x = unsafe { bytes_mut(s.x, (s.n + s.p) as usize) };
    let mut i = In::from_parts(COp { op: s.op, fd: s.fd }, x, s.n as usize, s.p as usize);
    let r = f(&mut i);
    let (n, p) = i.parts();
    s.n = n as c_int;
    s.p = p as c_int;
    Some(r)
}

/// A count or -1 with errno.
fn count(r: Option<sys::Result<usize>>) -> c_int {
    match r {
        Some(Ok(n)) => n as c_int,
        Some(Err(e)) => {
            set_errno(e.0);
            -1
        }
        None => -1,
    }
}

/// The `len` bytes at `buf`, or None (EINVAL) for a negative length.
///
/// # Safety
/// `buf` readable for `len` bytes.
unsafe fn arg<'a>(buf: *const c_char, len: c_int) -> Option<&'a [u8]> {
    if len < 0 {
        set_errno(libc::EINVAL);
        return None;
    }
    // SAFETY: readable for len bytes (the caller's promise).
    Some(unsafe { bytes(buf, len as usize) })
}

/// substdio_fdbuf: sets up `s` on `fd` with the buffer `buf` of `len`
/// bytes and the I/O function `op`.
///
/// # Safety
/// `s` writable; `buf` valid for `len` bytes for as long as `s` is used.
#[no_mangle]
pub unsafe extern "C" fn substdio_fdbuf(
    s: *mut substdio,
    op: Option<substdio_op>,
    fd: c_int,
    buf: *mut c_char,
    len: c_int,
) {
    // SAFETY: s is writable (the caller's promise).
    if let Some(s) = unsafe { s.as_mut() } {
        *s = substdio {
            x: buf,
            p: 0,
            n: len,
            fd,
            op,
        };
    }
}

/// substdio_flush: writes out what is buffered. 0, or -1 with errno.
///
/// # Safety
/// `s` a valid output substdio.
#[no_mangle]
pub unsafe extern "C" fn substdio_flush(s: *mut substdio) -> c_int {
    with_out(s, |o| o.flush())
}

/// substdio_put: buffers or writes `len` bytes. 0, or -1 with errno.
///
/// # Safety
/// `s` a valid output substdio; `buf` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn substdio_put(s: *mut substdio, buf: *const c_char, len: c_int) -> c_int {
    // SAFETY: as documented.
    let Some(b) = (unsafe { arg(buf, len) }) else {
        return -1;
    };
    with_out(s, |o| o.put(b))
}

/// substdio_bput: like put, always through the buffer.
///
/// # Safety
/// As substdio_put.
#[no_mangle]
pub unsafe extern "C" fn substdio_bput(s: *mut substdio, buf: *const c_char, len: c_int) -> c_int {
    // SAFETY: as documented.
    let Some(b) = (unsafe { arg(buf, len) }) else {
        return -1;
    };
    // A zero-size buffer could never make progress.
    // SAFETY: a non-null substdio pointer from C points at a live struct.
    if !b.is_empty() && unsafe { s.as_ref() }.is_some_and(|s| s.n == 0) {
        set_errno(libc::EINVAL);
        return -1;
    }
    with_out(s, |o| o.bput(b))
}

/// substdio_putflush: flushes, then writes `len` bytes directly.
///
/// # Safety
/// As substdio_put.
#[no_mangle]
pub unsafe extern "C" fn substdio_putflush(
    s: *mut substdio,
    buf: *const c_char,
    len: c_int,
) -> c_int {
    // SAFETY: as documented.
    let Some(b) = (unsafe { arg(buf, len) }) else {
        return -1;
    };
    with_out(s, |o| o.putflush(b))
}

/// substdio_puts: substdio_put of a C string.
///
/// # Safety
/// `s` a valid output substdio; `buf` a C string.
#[no_mangle]
pub unsafe extern "C" fn substdio_puts(s: *mut substdio, buf: *const c_char) -> c_int {
    // SAFETY: buf is a C string.
    let b = unsafe { cstr(buf) };
    with_out(s, |o| o.put(b))
}

/// substdio_bputs: substdio_bput of a C string.
///
/// # Safety
/// As substdio_puts.
#[no_mangle]
pub unsafe extern "C" fn substdio_bputs(s: *mut substdio, buf: *const c_char) -> c_int {
    // SAFETY: buf is a C string.
    let b = unsafe { cstr(buf) };
    // SAFETY: passed on.
    unsafe { substdio_bput(s, b.as_ptr().cast(), b.len() as c_int) }
}

/// substdio_putsflush: substdio_putflush of a C string.
///
/// # Safety
/// As substdio_puts.
#[no_mangle]
pub unsafe extern "C" fn substdio_putsflush(s: *mut substdio, buf: *const c_char) -> c_int {
    // SAFETY: buf is a C string.
    let b = unsafe { cstr(buf) };
    with_out(s, |o| o.putflush(b))
}

/// substdio_feed: fills the buffer if it is empty; the number of unread
/// bytes (0 at end of input), or -1 with errno.
///
/// # Safety
/// `s` a valid input substdio.
#[no_mangle]
pub unsafe extern "C" fn substdio_feed(s: *mut substdio) -> c_int {
    count(with_in(s, |i| i.feed()))
}

/// substdio_get: up to `len` bytes into `buf`; how many (0 at end of
/// input), or -1 with errno.
///
/// # Safety
/// `s` a valid input substdio; `buf` writable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn substdio_get(s: *mut substdio, buf: *mut c_void, len: c_int) -> c_int {
    if len < 0 {
        set_errno(libc::EINVAL);
        return -1;
    }
    // SAFETY: buf writable for len bytes, not part of s's buffer.
    let b = unsafe { bytes_mut(buf.cast(), len as usize) };
    count(with_in(s, |i| i.get(b)))
}

/// substdio_bget: like get, but a direct read asks for one buffer's
/// worth only.
///
/// # Safety
/// As substdio_get.
#[no_mangle]
pub unsafe extern "C" fn substdio_bget(s: *mut substdio, buf: *mut c_void, len: c_int) -> c_int {
    if len < 0 {
        set_errno(libc::EINVAL);
        return -1;
    }
    // SAFETY: buf writable for len bytes, not part of s's buffer.
    let b = unsafe { bytes_mut(buf.cast(), len as usize) };
    count(with_in(s, |i| i.bget(b)))
}

/// substdio_peek: where the unread bytes start.
///
/// # Safety
/// `s` a valid substdio.
#[no_mangle]
pub unsafe extern "C" fn substdio_peek(s: *mut substdio) -> *mut c_char {
    // SAFETY: s points at a live struct.
    match unsafe { s.as_ref() } {
        Some(s) if !s.x.is_null() => s.x.wrapping_add(s.n.max(0) as usize),
        _ => null_mut(),
    }
}

/// substdio_seek: consumes `len` unread bytes (no more than there are).
///
/// # Safety
/// `s` a valid input substdio.
#[no_mangle]
pub unsafe extern "C" fn substdio_seek(s: *mut substdio, len: c_int) {
    let _ = with_in(s, |i| i.seek(len.max(0) as usize));
}

/// substdio_copy: everything from `ssin` to `ssout` until end of input.
/// 0; -2 when reading failed; -3 when writing failed (errno set). Made of
/// the calls above, each lending its struct only for its own duration,
/// because reading may flush the output (subfdin's op flushes subfdout).
///
/// # Safety
/// Valid, distinct input and output substdios.
#[no_mangle]
pub unsafe extern "C" fn substdio_copy(ssout: *mut substdio, ssin: *mut substdio) -> c_int {
    loop {
        // SAFETY: the caller's promises, passed on.
        unsafe {
            let n = substdio_feed(ssin);
            if n < 0 {
                return -2;
            }
            if n == 0 {
                return 0;
            }
            if substdio_put(ssout, substdio_peek(ssin), n) == -1 {
                return -3;
            }
            substdio_seek(ssin, n);
        }
    }
}

/// getln: reads up to and including `sep` into `sa` (replacing its
/// contents); `*match_` is 1 when `sep` was seen, 0 at end of input (`sa`
/// then holds any partial line). 0, or -1 with errno (ENOMEM, read
/// errors).
///
/// # Safety
/// `ss` a valid input substdio, `sa` a valid stralloc, `match_` writable.
#[no_mangle]
pub unsafe extern "C" fn getln(
    ss: *mut substdio,
    sa: *mut stralloc,
    match_: *mut c_int,
    sep: c_int,
) -> c_int {
    let mut cont: *mut c_char = null_mut();
    let mut clen: c_uint = 0;
    // SAFETY: passed on.
    if unsafe { getln2(ss, sa, &mut cont, &mut clen, sep) } == -1 {
        return -1;
    }
    let matched = clen > 0;
    if matched {
        // SAFETY: sa is valid (getln2 checked it); cont points at clen bytes
        // inside ss's buffer, untouched since.
        let ok = unsafe { sa.as_mut() }
            .is_some_and(|sa| cat_piece(sa, unsafe { bytes(cont, clen as usize) }));
        if !ok {
            return -1;
        }
    }
    // SAFETY: match_ is writable (the caller's promise).
    if let Some(m) = unsafe { match_.as_mut() } {
        *m = matched as c_int;
    }
    0
}

/// getln2: like getln, but the last piece of the line (ending in `sep`)
/// is left in the substdio's buffer: `*cont` points at it and `*clen` is
/// its length; `sa` holds what came before. At end of input `*clen` is 0
/// and `sa` holds the partial line. 0, or -1 with errno.
///
/// # Safety
/// `ss` a valid input substdio, `sa` a valid stralloc, `cont` and `clen`
/// writable.
#[no_mangle]
pub unsafe extern "C" fn getln2(
    ss: *mut substdio,
    sa: *mut stralloc,
    cont: *mut *mut c_char,
    clen: *mut c_uint,
    sep: c_int,
) -> c_int {
    // SAFETY: sa points at a live stralloc (the caller's promise).
    let Some(sa) = (unsafe { sa.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    if !start_line(sa) {
        return -1;
    }
    let r = with_in(ss, |i| {
        i.getln2(sep as u8, |piece| {
            if append_piece(sa, piece) {
                Ok(())
            } else {
                Err(Errno(libc::ENOMEM))
            }
        })
        .map(|last| (last.as_ptr() as *mut c_char, last.len()))
    });
    match r {
        Some(Ok((p, n))) => {
            // SAFETY: clen and cont are writable (the caller's promise).
            unsafe {
                if let Some(c) = clen.as_mut() {
                    *c = n as c_uint;
                }
                if n > 0 {
                    if let Some(c) = cont.as_mut() {
                        *c = p;
                    }
                }
            }
            0
        }
        Some(Err(e)) => {
            set_errno(e.0);
            -1
        }
        None => -1,
    }
}

/// write(2) as a substdio op.
pub(crate) unsafe extern "C" fn fd_write(fd: c_int, buf: *mut c_char, len: c_int) -> c_int {
    // SAFETY: buf is valid for len bytes (substdio's contract).
    let b = unsafe { bytes(buf, len.max(0) as usize) };
    match sys::write(fd, b) {
        Ok(n) => n as c_int,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// Reads after flushing `out`, as subfd_read and subfd_readsmall do.
///
/// # Safety
/// `buf` writable for `len` bytes.
unsafe fn read_after_flush(out: *mut substdio, fd: c_int, buf: *mut c_char, len: c_int) -> c_int {
    // SAFETY: out is one of this module's static substdios.
    if unsafe { substdio_flush(out) } == -1 {
        return -1;
    }
    // SAFETY: buf is writable for len bytes.
    let b = unsafe { bytes_mut(buf, len.max(0) as usize) };
    match sys::read(fd, b) {
        Ok(n) => n as c_int,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// subfd_read: flushes `subfdout`, then reads.
///
/// # Safety
/// `buf` writable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn subfd_read(fd: c_int, buf: *mut c_char, len: c_int) -> c_int {
    // SAFETY: subfdout is only read here; it points at a static struct.
    unsafe { read_after_flush(subfdout, fd, buf, len) }
}

/// subfd_readsmall: flushes `subfdoutsmall`, then reads.
///
/// # Safety
/// `buf` writable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn subfd_readsmall(fd: c_int, buf: *mut c_char, len: c_int) -> c_int {
    // SAFETY: subfdoutsmall is only read here; it points at a static struct.
    unsafe { read_after_flush(subfdoutsmall, fd, buf, len) }
}

const SMALL: usize = 256;

// The buffers behind the subfd substdios, exported under stock's names
// (C may read them, as it may any substdio's buffer).
/// subfdin's buffer.
#[no_mangle]
pub static mut subfd_inbuf: [c_char; 8192] = [0; 8192];
/// subfdinsmall's buffer.
#[no_mangle]
pub static mut subfd_inbufsmall: [c_char; 256] = [0; 256];
/// subfdout's buffer.
#[no_mangle]
pub static mut subfd_outbuf: [c_char; 8192] = [0; 8192];
/// subfdoutsmall's buffer.
#[no_mangle]
pub static mut subfd_outbufsmall: [c_char; 256] = [0; 256];
/// subfderr's buffer.
#[no_mangle]
pub static mut subfd_errbuf: [c_char; 256] = [0; 256];
const _: () = assert!(sd::INSIZE == 8192 && sd::OUTSIZE == 8192 && SMALL == 256);

static mut IN: substdio = substdio {
    x: addr_of_mut!(subfd_inbuf).cast(),
    p: 0,
    n: sd::INSIZE as c_int,
    fd: 0,
    op: Some(subfd_read),
};
static mut IN_SMALL: substdio = substdio {
    x: addr_of_mut!(subfd_inbufsmall).cast(),
    p: 0,
    n: SMALL as c_int,
    fd: 0,
    op: Some(subfd_readsmall),
};
static mut OUT: substdio = substdio {
    x: addr_of_mut!(subfd_outbuf).cast(),
    p: 0,
    n: sd::OUTSIZE as c_int,
    fd: 1,
    op: Some(fd_write),
};
static mut OUT_SMALL: substdio = substdio {
    x: addr_of_mut!(subfd_outbufsmall).cast(),
    p: 0,
    n: SMALL as c_int,
    fd: 1,
    op: Some(fd_write),
};
static mut ERR: substdio = substdio {
    x: addr_of_mut!(subfd_errbuf).cast(),
    p: 0,
    n: SMALL as c_int,
    fd: 2,
    op: Some(fd_write),
};

/// subfdin: fd 0, 8192-byte buffer, flushes subfdout before each read.
#[no_mangle]
pub static mut subfdin: *mut substdio = addr_of_mut!(IN);
/// subfdinsmall: fd 0, 256 bytes, flushes subfdoutsmall before each read.
#[no_mangle]
pub static mut subfdinsmall: *mut substdio = addr_of_mut!(IN_SMALL);
/// subfdout: fd 1, 8192 bytes.
#[no_mangle]
pub static mut subfdout: *mut substdio = addr_of_mut!(OUT);
/// subfdoutsmall: fd 1, 256 bytes.
#[no_mangle]
pub static mut subfdoutsmall: *mut substdio = addr_of_mut!(OUT_SMALL);
/// subfderr: fd 2, 256 bytes.
#[no_mangle]
pub static mut subfderr: *mut substdio = addr_of_mut!(ERR);
