//! Streaming directory reads: opendir, readdir, closedir.
//!
//! Unlike [`super::read_dir_names`] this hands out one entry per call,
//! `.` and `..` included, in the order the kernel gives them, so code
//! that does one step of a directory walk per pass of a loop (qmail-send's
//! queue cleanup) keeps the C's pacing.

use super::{cpath_small, Errno, Result};
use std::ffi::CStr;

/// An open directory stream; closed when dropped (closedir).
#[derive(Debug)]
pub struct Dir {
    d: *mut libc::DIR,
}

/// opendir(3).
pub fn opendir(path: &[u8]) -> Result<Dir> {
    let c = cpath_small(path)?;
    // SAFETY: c is a valid C string.
    let d = unsafe { libc::opendir(c.as_ptr()) };
    if d.is_null() {
        Err(Errno::last())
    } else {
        Ok(Dir { d })
    }
}

impl Dir {
    /// The next entry's name (readdir), or `None` at the end. Like the C
    /// callers, a read error also ends the stream.
    pub fn read(&mut self) -> Option<Vec<u8>> {
        // SAFETY: self.d is an open stream, owned by self and not closed.
        let ent = unsafe { libc::readdir(self.d) };
        if ent.is_null() {
            return None;
        }
        // SAFETY: a non-null entry from readdir is valid until the next
        // readdir or closedir on this stream, and d_name is NUL-terminated;
        // the name is copied out before either can happen.
        let name = unsafe { CStr::from_ptr((*ent).d_name.as_ptr()) };
        Some(name.to_bytes().to_vec())
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        // SAFETY: self.d is open and is never used again after this.
        unsafe { libc::closedir(self.d) };
    }
}
