//! Paths and directories: chdir, mkdir, chown, chmod, rename, stat.

use super::{cerr, cpath_small, Fd, Result};

/// chdir(2).
pub fn chdir(path: &[u8]) -> Result<()> {
    let c = cpath_small(path)?;
    // SAFETY: c is a valid C string.
    cerr(unsafe { libc::chdir(c.as_ptr()) }).map(|_| ())
}

/// fchdir(2).
pub fn fchdir(fd: Fd) -> Result<()> {
    // SAFETY: no memory effects.
    cerr(unsafe { libc::fchdir(fd) }).map(|_| ())
}

/// mkdir(2).
pub fn mkdir(path: &[u8], mode: u32) -> Result<()> {
    let c = cpath_small(path)?;
    // SAFETY: c is a valid C string.
    cerr(unsafe { libc::mkdir(c.as_ptr(), mode as libc::mode_t) }).map(|_| ())
}

/// mkfifo(3) (fifo_make).
pub fn mkfifo(path: &[u8], mode: u32) -> Result<()> {
    let c = cpath_small(path)?;
    // SAFETY: c is a valid C string.
    cerr(unsafe { libc::mkfifo(c.as_ptr(), mode as libc::mode_t) }).map(|_| ())
}

/// chown(2), following symlinks.
pub fn chown(path: &[u8], uid: u32, gid: u32) -> Result<()> {
    let c = cpath_small(path)?;
    // SAFETY: c is a valid C string.
    cerr(unsafe { libc::chown(c.as_ptr(), uid, gid) }).map(|_| ())
}

/// chmod(2).
pub fn chmod(path: &[u8], mode: u32) -> Result<()> {
    let c = cpath_small(path)?;
    // SAFETY: c is a valid C string.
    cerr(unsafe { libc::chmod(c.as_ptr(), mode as libc::mode_t) }).map(|_| ())
}

/// rename(2).
pub fn rename(from: &[u8], to: &[u8]) -> Result<()> {
    let a = cpath_small(from)?;
    let b = cpath_small(to)?;
    // SAFETY: both are valid C strings.
    cerr(unsafe { libc::rename(a.as_ptr(), b.as_ptr()) }).map(|_| ())
}

/// unlink(2).
pub fn unlink(path: &[u8]) -> Result<()> {
    let c = cpath_small(path)?;
    // SAFETY: c is a valid C string.
    cerr(unsafe { libc::unlink(c.as_ptr()) }).map(|_| ())
}

/// link(2).
pub fn link(from: &[u8], to: &[u8]) -> Result<()> {
    let a = cpath_small(from)?;
    let b = cpath_small(to)?;
    // SAFETY: both are valid C strings.
    cerr(unsafe { libc::link(a.as_ptr(), b.as_ptr()) }).map(|_| ())
}

/// The fields of stat(2) qmail looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stat {
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    pub ino: u64,
    pub dev: u64,
    pub nlink: u64,
    pub mtime: i64,
    pub atime: i64,
}

fn conv(st: &libc::stat) -> Stat {
    Stat {
        mode: st.st_mode,
        uid: st.st_uid,
        gid: st.st_gid,
        size: st.st_size as u64,
        ino: st.st_ino,
        dev: st.st_dev,
        nlink: st.st_nlink,
        mtime: st.st_mtime,
        atime: st.st_atime,
    }
}

/// stat(2), following symlinks.
pub fn stat(path: &[u8]) -> Result<Stat> {
    let c = cpath_small(path)?;
    // SAFETY: an all-zero stat is a valid value to be overwritten.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: c is valid; st is a valid out-pointer.
    cerr(unsafe { libc::stat(c.as_ptr(), &mut st) })?;
    Ok(conv(&st))
}

/// lstat(2).
pub fn lstat(path: &[u8]) -> Result<Stat> {
    let c = cpath_small(path)?;
    // SAFETY: as for stat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: c is valid; st is a valid out-pointer.
    cerr(unsafe { libc::lstat(c.as_ptr(), &mut st) })?;
    Ok(conv(&st))
}

/// fstat(2).
pub fn fstat(fd: Fd) -> Result<Stat> {
    // SAFETY: as for stat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: st is a valid out-pointer.
    cerr(unsafe { libc::fstat(fd, &mut st) })?;
    Ok(conv(&st))
}

/// File-type bits of a mode.
pub const S_IFMT: u32 = libc::S_IFMT;
pub const S_IFDIR: u32 = libc::S_IFDIR;
pub const S_IFREG: u32 = libc::S_IFREG;
pub const S_IFIFO: u32 = libc::S_IFIFO;

/// Lists a directory's entry names (without `.` and `..`), in readdir order.
pub fn read_dir_names(path: &[u8]) -> Result<Vec<Vec<u8>>> {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let p = std::path::Path::new(std::ffi::OsStr::from_bytes(path));
    let rd =
        std::fs::read_dir(p).map_err(|e| super::Errno(e.raw_os_error().unwrap_or(libc::EIO)))?;
    let mut out = Vec::new();
    for ent in rd {
        let ent = ent.map_err(|e| super::Errno(e.raw_os_error().unwrap_or(libc::EIO)))?;
        out.push(ent.file_name().into_vec());
    }
    Ok(out)
}

/// access(path, X_OK): may the real uid execute it.
pub fn access_x(path: &[u8]) -> bool {
    let Ok(c) = cpath_small(path) else {
        return false;
    };
    // SAFETY: c is a valid C string.
    unsafe { libc::access(c.as_ptr(), libc::X_OK) == 0 }
}

/// utime(2): sets both the access and the modification time of `path`.
pub fn utime(path: &[u8], t: i64) -> Result<()> {
    let c = cpath_small(path)?;
    let ut = libc::utimbuf {
        actime: t as libc::time_t,
        modtime: t as libc::time_t,
    };
    // SAFETY: c is NUL-terminated and ut lives across the call.
    cerr(unsafe { libc::utime(c.as_ptr(), &ut) }).map(|_| ())
}
