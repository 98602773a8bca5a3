//! Header fields (stock's hfield.c and newfield.c) over `inject::hfield`
//! and `inject::newfield`: recognising and checking header lines, and
//! making the `Date:` and `Message-ID:` fields qmail-inject adds.

use super::stralloc::{stralloc, stralloc_copyb};
use super::substdio::{getln, substdio};
use super::unix::datetime_sec;
use super::{bytes, set_errno};
use crate::inject::{headerbody, hfield, newfield};
use crate::sys::{self, Errno};
use std::os::raw::{c_char, c_int, c_uint};
use std::ptr::{addr_of_mut, null_mut};

/// hfield_known: the number (H_SENDER ... H_MAILFOLLOWUPTO) of the
/// well-known field the `len` bytes at `s` are a line of, else 0.
///
/// # Safety
/// `s` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn hfield_known(s: *const c_char, len: c_int) -> c_int {
    // SAFETY: s readable for len bytes (the caller's promise).
    hfield::known(unsafe { bytes(s, len.max(0) as usize) }) as c_int
}

/// hfield_valid: 1 when the line has a colon after a non-empty name of
/// printable non-blank characters (blanks before the colon allowed).
///
/// # Safety
/// `s` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn hfield_valid(s: *const c_char, len: c_int) -> c_int {
    // SAFETY: s readable for len bytes (the caller's promise).
    hfield::valid(unsafe { bytes(s, len.max(0) as usize) }) as c_int
}

/// hfield_skipname: where the field's value starts: past the first colon
/// and any blanks, CRs and LFs (`len` when there is nothing more).
///
/// # Safety
/// `s` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn hfield_skipname(s: *const c_char, len: c_int) -> c_uint {
    // SAFETY: s readable for len bytes (the caller's promise).
    hfield::skipname(unsafe { bytes(s, len.max(0) as usize) }) as c_uint
}

/// The `Date:` line newfield_datemake made.
#[no_mangle]
pub static mut newfield_date: stralloc = stralloc {
    s: null_mut(),
    len: 0,
    a: 0,
};

/// The `Message-ID:` line newfield_msgidmake made.
#[no_mangle]
pub static mut newfield_msgid: stralloc = stralloc {
    s: null_mut(),
    len: 0,
    a: 0,
};

/// Copies `r` into `sa`: 1, or 0 with errno.
///
/// # Safety
/// `sa` a valid stralloc.
unsafe fn keep(sa: *mut stralloc, r: Result<Vec<u8>, Errno>) -> c_int {
    match r {
        // SAFETY: sa valid; v a separate buffer.
        Ok(v) => unsafe { stralloc_copyb(sa, v.as_ptr().cast(), v.len() as c_uint) },
        Err(e) => {
            set_errno(e.0);
            0
        }
    }
}

/// newfield_datemake: `Date: ...` (UTC) and a newline for `when`, in
/// newfield_date; 1, or 0 when out of memory.
#[no_mangle]
pub extern "C" fn newfield_datemake(when: datetime_sec) -> c_int {
    #[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit targets
    let r = newfield::date(i64::from(when));
    // SAFETY: the library's own stralloc; single-threaded like stock.
    unsafe { keep(addr_of_mut!(newfield_date), r) }
}

/// newfield_msgidmake: `Message-ID: <time.pid.qmail@idhost>` and a
/// newline, in newfield_msgid; 1, or 0 when out of memory.
///
/// # Safety
/// `idhost` readable for `idhostlen` bytes.
#[no_mangle]
pub unsafe extern "C" fn newfield_msgidmake(
    idhost: *const c_char,
    idhostlen: c_int,
    when: datetime_sec,
) -> c_int {
    // SAFETY: idhost readable for idhostlen bytes (the caller's promise).
    let host = unsafe { bytes(idhost, idhostlen.max(0) as usize) };
    #[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit targets
    let r = newfield::msgid(host, i64::from(when), sys::getpid());
    // SAFETY: the library's own stralloc; single-threaded like stock.
    unsafe { keep(addr_of_mut!(newfield_msgid), r) }
}

/// headerbody's per-line callbacks (`void (*)(stralloc *)` in C).
pub type headerbody_line = unsafe extern "C" fn(*mut stralloc);
/// headerbody's end-of-header callback (`void (*)()` in C).
pub type headerbody_done = unsafe extern "C" fn();

/// The C side of `inject::headerbody`: lines from a substdio, fields and
/// body lines handed to C callbacks in a stralloc.
struct CHandler {
    ss: *mut substdio,
    dohf: headerbody_line,
    hdone: headerbody_done,
    dobl: headerbody_line,
    /// The stralloc the callbacks see (and may change).
    sa: stralloc,
}

impl CHandler {
    /// Calls `f` with `bytes` in the stralloc; what it leaves there comes
    /// back.
    fn call(&mut self, f: headerbody_line, bytes: &mut Vec<u8>) -> Result<(), Errno> {
        // SAFETY: sa is this handler's; bytes a separate buffer.
        if unsafe { stralloc_copyb(&mut self.sa, bytes.as_ptr().cast(), bytes.len() as c_uint) }
            != 1
        {
            return Err(Errno(libc::ENOMEM));
        }
        // SAFETY: the caller's callback, given a valid stralloc.
        unsafe { f(&mut self.sa) };
        // SAFETY: the stralloc holds len bytes at s.
        let now = unsafe { bytes_of(&self.sa) };
        bytes.clear();
        bytes
            .try_reserve(now.len())
            .map_err(|_| Errno(libc::ENOMEM))?;
        bytes.extend_from_slice(now);
        Ok(())
    }
}

/// The contents of a stralloc.
///
/// # Safety
/// `sa.s` holds `sa.len` bytes (or is null).
unsafe fn bytes_of(sa: &stralloc) -> &[u8] {
    // SAFETY: the caller's promise.
    unsafe { bytes(sa.s, sa.len as usize) }
}

impl headerbody::Handler for CHandler {
    type Error = Errno;
    fn getln(&mut self, line: &mut Vec<u8>) -> Result<bool, Errno> {
        let mut m: c_int = 0;
        // SAFETY: ss is the caller's substdio; sa this handler's.
        if unsafe { getln(self.ss, &mut self.sa, &mut m, b'\n' as c_int) } == -1 {
            return Err(Errno::last());
        }
        // SAFETY: getln left len bytes at s.
        let got = unsafe { bytes_of(&self.sa) };
        line.clear();
        line.try_reserve(got.len())
            .map_err(|_| Errno(libc::ENOMEM))?;
        line.extend_from_slice(got);
        Ok(m != 0)
    }
    fn field(&mut self, h: &mut Vec<u8>) -> Result<(), Errno> {
        self.call(self.dohf, h)
    }
    fn done(&mut self) -> Result<(), Errno> {
        // SAFETY: the caller's callback.
        unsafe { (self.hdone)() };
        Ok(())
    }
    fn body(&mut self, b: &[u8]) -> Result<(), Errno> {
        let mut v = Vec::new();
        v.try_reserve(b.len()).map_err(|_| Errno(libc::ENOMEM))?;
        v.extend_from_slice(b);
        self.call(self.dobl, &mut v)
    }
}

/// headerbody: reads a message from `ss` and hands each complete header
/// field (continuation lines included) to `dohf`, calls `hdone` once
/// when the header is over, then each body line to `dobl`; a `From `
/// line in the header becomes `MBOX-Line: From ...`, a line that is not
/// a field ends the header (the body then starts with an empty line).
/// 0 at the end of the input, -1 with errno on a read error or when out
/// of memory.
///
/// # Safety
/// `ss` a valid input substdio; the callbacks callable.
#[no_mangle]
pub unsafe extern "C" fn headerbody(
    ss: *mut substdio,
    dohf: Option<headerbody_line>,
    hdone: Option<headerbody_done>,
    dobl: Option<headerbody_line>,
) -> c_int {
    let (Some(dohf), Some(hdone), Some(dobl)) = (dohf, hdone, dobl) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    let mut h = CHandler {
        ss,
        dohf,
        hdone,
        dobl,
        sa: stralloc {
            s: null_mut(),
            len: 0,
            a: 0,
        },
    };
    let r = headerbody::headerbody(&mut h);
    // SAFETY: the handler's own block (or null).
    unsafe { super::alloc::alloc_free(h.sa.s.cast()) };
    match r {
        Ok(()) => 0,
        Err(headerbody::Error::Read(e)) | Err(headerbody::Error::Handler(e)) => {
            set_errno(e.0);
            -1
        }
    }
}
