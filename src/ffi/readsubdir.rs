//! readsubdir (stock's readsubdir.c): one step at a time over the ids in
//! `name/0` .. `name/(conf-split - 1)`. Paths and the meaning of each
//! entry come from `base::readsubdir`; the open directory is a libc `DIR`
//! in the caller's struct, as stock's.

use super::cstr;
use crate::base::readsubdir::{classify, subdir_path, Next, NAMELEN};
use crate::conf::AUTO_SPLIT;
use std::os::raw::{c_char, c_int, c_ulong};
use std::ptr::null_mut;

/// What readsubdir calls, with the directory's path, each time that
/// directory will not open (then it tries again).
pub type readsubdir_pause = unsafe extern "C" fn(*mut c_char);

/// `readsubdir`, field for field as stock's readsubdir.h.
#[repr(C)]
#[derive(Debug)]
pub struct readsubdir {
    pub dir: *mut libc::DIR,
    pub pos: c_int,
    pub name: *mut c_char,
    pub pause: Option<readsubdir_pause>,
}

/// readsubdir_init: a walk over the subdirectories of `name` (which must
/// stay in place), calling `pause` while one cannot be opened.
///
/// # Safety
/// `rs` writable.
#[no_mangle]
pub unsafe extern "C" fn readsubdir_init(
    rs: *mut readsubdir,
    name: *mut c_char,
    pause: Option<readsubdir_pause>,
) {
    // SAFETY: writable (the caller's promise).
    if let Some(rs) = unsafe { rs.as_mut() } {
        *rs = readsubdir {
            dir: null_mut(),
            pos: 0,
            name,
            pause,
        };
    }
}

/// readsubdir_next: one step. 1 with a message id in `*id`; -1 when the
/// step found nothing (a directory opened or ended, `.` or `..`); -2 for
/// an entry that is not a number; 0 when every subdirectory is done.
///
/// # Safety
/// `rs` from readsubdir_init; `id` writable.
#[no_mangle]
pub unsafe extern "C" fn readsubdir_next(rs: *mut readsubdir, id: *mut c_ulong) -> c_int {
    // SAFETY: a live struct (the caller's promise).
    let Some(rs) = (unsafe { rs.as_mut() }) else {
        return 0;
    };
    if rs.dir.is_null() {
        if rs.pos as i64 >= AUTO_SPLIT as i64 {
            return 0;
        }
        // SAFETY: name is a C string (readsubdir_init's contract).
        let name = unsafe { cstr(rs.name) };
        if name.len() > NAMELEN {
            rs.pos += 1;
            return -1;
        }
        let mut path = subdir_path(name, rs.pos);
        path.push(0);
        loop {
            // SAFETY: path is NUL-terminated.
            rs.dir = unsafe { libc::opendir(path.as_ptr().cast()) };
            if !rs.dir.is_null() {
                break;
            }
            match rs.pause {
                // SAFETY: the caller's hook, given the NUL-terminated path.
                Some(p) => unsafe { p(path.as_mut_ptr().cast()) },
                None => break,
            }
        }
        // without a hook to wait with, a subdirectory that will not open
        // is skipped (stock would call a null pointer)
        rs.pos += 1;
        return -1;
    }
    // SAFETY: dir is an open DIR from opendir.
    let d = unsafe { libc::readdir(rs.dir) };
    if d.is_null() {
        // SAFETY: dir is open and closed once.
        unsafe { libc::closedir(rs.dir) };
        rs.dir = null_mut();
        return -1;
    }
    // SAFETY: d_name of a live dirent is a NUL-terminated name.
    let entry = unsafe { cstr((*d).d_name.as_ptr()) };
    match classify(entry) {
        Next::Id(n) => {
            // SAFETY: null or writable (the caller's promise).
            if let Some(out) = unsafe { id.as_mut() } {
                *out = n as c_ulong;
            }
            1
        }
        Next::Bad => -2,
        Next::Again | Next::Done => -1,
    }
}
