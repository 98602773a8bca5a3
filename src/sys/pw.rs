//! The password database: getpwnam(3), as qmail's programs call it.

use super::Errno;
use std::ffi::{CStr, CString};

/// The fields of a passwd entry qmail uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passwd {
    pub name: Vec<u8>,
    pub uid: u32,
    pub gid: u32,
    pub dir: Vec<u8>,
}

/// getpwnam(3) with errno cleared first, as stock does: the entry (if any)
/// and errno as the lookup left it, so a caller can tell "no such user"
/// from a failing lookup. A name with a NUL byte finds nothing.
pub fn getpwnam(name: &[u8]) -> (Option<Passwd>, Errno) {
    let Ok(c) = CString::new(name.to_vec()) else {
        return (None, Errno(0));
    };
    // SAFETY: __errno_location returns this thread's errno slot.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: c is a valid C string; the result is either null or points to
    // static storage valid until the next getpw* call, and everything is
    // copied out before this function returns.
    let pw = unsafe { libc::getpwnam(c.as_ptr()) };
    let err = Errno::last();
    if pw.is_null() {
        return (None, err);
    }
    // SAFETY: pw is non-null, so its string fields are valid C strings.
    let entry = unsafe {
        Passwd {
            name: CStr::from_ptr((*pw).pw_name).to_bytes().to_vec(),
            uid: (*pw).pw_uid,
            gid: (*pw).pw_gid,
            dir: CStr::from_ptr((*pw).pw_dir).to_bytes().to_vec(),
        }
    };
    (Some(entry), err)
}

/// The gid of group `name` (getgrnam(3)), or None when there is no such
/// group or the lookup fails. A name with a NUL byte finds nothing.
pub fn getgrnam_gid(name: &[u8]) -> Option<u32> {
    let c = CString::new(name.to_vec()).ok()?;
    // SAFETY: c is a valid C string; the result is either null or points to
    // static storage valid until the next getgr* call, read at once.
    let gr = unsafe { libc::getgrnam(c.as_ptr()) };
    if gr.is_null() {
        return None;
    }
    // SAFETY: gr is non-null and points at libc's group record.
    Some(unsafe { (*gr).gr_gid })
}
