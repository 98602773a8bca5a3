//! cdb.h: reading a constant database, both stock's interface
//! (cdb_seek on an fd) and the `struct cdb` one (cdb_init, cdb_find,
//! cdb_findnext, cdb_read), over [`crate::base::cdb`].

use super::{bytes, bytes_mut, set_errno, zero_or_minus1};
use crate::base::cdb::{self as db, FdSource, Finder, Source};
use std::os::raw::{c_char, c_int, c_uint};

pub type uint32 = u32;

/// `struct cdb`: a database open on `fd`, and where a lookup stands. This
/// library never maps the file: `map` stays null and `size` 0. After
/// cdb_find/cdb_findnext return 1, `dpos` and `dlen` give the data.
#[repr(C)]
#[derive(Debug)]
pub struct cdb {
    pub map: *mut c_char,
    pub fd: c_int,
    pub size: uint32,
    pub loop_: uint32,
    pub khash: uint32,
    pub kpos: uint32,
    pub hpos: uint32,
    pub hslots: uint32,
    pub dpos: uint32,
    pub dlen: uint32,
}

/// cdb_hash: the hash of the `len` bytes at `buf`.
///
/// # Safety
/// `buf` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn cdb_hash(buf: *const c_char, len: c_uint) -> uint32 {
    // SAFETY: as documented.
    db::hash(unsafe { bytes(buf, len as usize) })
}

/// cdb_unpack: the little-endian number in the 4 bytes at `buf`.
///
/// # Safety
/// `buf` readable for 4 bytes.
#[no_mangle]
pub unsafe extern "C" fn cdb_unpack(buf: *const c_char) -> uint32 {
    // SAFETY: as documented.
    db::unpack(unsafe { bytes(buf, 4) })
}

/// cdb_bread: exactly `len` bytes from `fd` into `buf`. 0, or -1 with
/// errno (EIO at a premature end of file).
///
/// # Safety
/// `buf` writable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn cdb_bread(fd: c_int, buf: *mut c_char, len: c_int) -> c_int {
    // SAFETY: as documented.
    let b = unsafe { bytes_mut(buf, len.max(0) as usize) };
    zero_or_minus1(db::bread(fd, b))
}

/// cdb_seek: looks `key` up in the database on `fd`. 1 when found (`fd`
/// is then at the data, `*dlen` its length); 0 when not; -1 with errno.
///
/// # Safety
/// `key` readable for `len` bytes; `dlen` writable.
#[no_mangle]
pub unsafe extern "C" fn cdb_seek(
    fd: c_int,
    key: *const c_char,
    len: c_uint,
    dlen: *mut uint32,
) -> c_int {
    // SAFETY: as documented.
    let key = unsafe { bytes(key, len as usize) };
    let found = Finder::default()
        .next(&mut FdSource(fd), key)
        .and_then(|f| match f {
            Some((pos, n)) => crate::sys::seek_set(fd, pos as u64).map(|_| Some(n)),
            None => Ok(None),
        });
    match found {
        Ok(Some(n)) => {
            // SAFETY: dlen writable (the caller's promise).
            if let Some(d) = unsafe { dlen.as_mut() } {
                *d = n;
            }
            1
        }
        Ok(None) => 0,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

fn cdb_mut<'a>(c: *mut cdb) -> Option<&'a mut cdb> {
    // SAFETY: a non-null struct cdb pointer from C points at a live struct.
    let r = unsafe { c.as_mut() };
    if r.is_none() {
        set_errno(libc::EINVAL);
    }
    r
}

/// cdb_init: `c` reads the database on `fd`.
///
/// # Safety
/// `c` writable.
#[no_mangle]
pub unsafe extern "C" fn cdb_init(c: *mut cdb, fd: c_int) {
    if let Some(c) = cdb_mut(c) {
        *c = cdb {
            map: std::ptr::null_mut(),
            fd,
            size: 0,
            loop_: 0,
            khash: 0,
            kpos: 0,
            hpos: 0,
            hslots: 0,
            dpos: 0,
            dlen: 0,
        };
    }
}

/// cdb_free: releases what cdb_init took (nothing: the file is not
/// mapped; the fd stays open, it is the caller's).
///
/// # Safety
/// `c` a valid struct cdb.
#[no_mangle]
pub unsafe extern "C" fn cdb_free(c: *mut cdb) {
    if let Some(c) = cdb_mut(c) {
        c.map = std::ptr::null_mut();
        c.size = 0;
    }
}

/// cdb_findstart: the next cdb_findnext starts from the first record.
///
/// # Safety
/// `c` a valid struct cdb.
#[no_mangle]
pub unsafe extern "C" fn cdb_findstart(c: *mut cdb) {
    if let Some(c) = cdb_mut(c) {
        c.loop_ = 0;
    }
}

/// cdb_findnext: the next record whose key is the `len` bytes at `key`.
/// 1 (then `dpos`/`dlen` are set), 0 when there are no more, -1 with errno.
///
/// # Safety
/// `c` a valid struct cdb; `key` readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn cdb_findnext(c: *mut cdb, key: *const c_char, len: c_uint) -> c_int {
    let Some(c) = cdb_mut(c) else { return -1 };
    // SAFETY: as documented.
    let key = unsafe { bytes(key, len as usize) };
    let mut f = Finder {
        looped: c.loop_,
        khash: c.khash,
        kpos: c.kpos,
        hpos: c.hpos,
        hslots: c.hslots,
    };
    let r = f.next(&mut FdSource(c.fd), key);
    c.loop_ = f.looped;
    c.khash = f.khash;
    c.kpos = f.kpos;
    c.hpos = f.hpos;
    c.hslots = f.hslots;
    match r {
        Ok(Some((pos, n))) => {
            c.dpos = pos;
            c.dlen = n;
            1
        }
        Ok(None) => 0,
        Err(e) => {
            set_errno(e.0);
            -1
        }
    }
}

/// cdb_find: cdb_findstart, then cdb_findnext.
///
/// # Safety
/// As cdb_findnext.
#[no_mangle]
pub unsafe extern "C" fn cdb_find(c: *mut cdb, key: *const c_char, len: c_uint) -> c_int {
    // SAFETY: passed on.
    unsafe {
        cdb_findstart(c);
        cdb_findnext(c, key, len)
    }
}

/// cdb_read: the `len` bytes at offset `pos` of the database into `buf`.
/// 0, or -1 with errno (EIO when the file is too short).
///
/// # Safety
/// `c` a valid struct cdb; `buf` writable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn cdb_read(
    c: *mut cdb,
    buf: *mut c_char,
    len: c_uint,
    pos: uint32,
) -> c_int {
    let Some(c) = cdb_mut(c) else { return -1 };
    // SAFETY: as documented.
    let b = unsafe { bytes_mut(buf, len as usize) };
    zero_or_minus1(FdSource(c.fd).read_at(pos, b))
}
