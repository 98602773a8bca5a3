//! The system edge: every libc call the library and the programs make.
//!
//! Each wrapper is a safe function returning `Result<_, Errno>`; the unsafe
//! blocks live here (and in `ffi`) only. Errors keep the raw errno; qmail's
//! own texts for it (`Errno::text`, `Errno::is_temp`) are in
//! [`crate::base::error`], so this ground floor depends on nothing above it.

use std::ffi::CString;
use std::os::raw::c_int;

pub mod alarm;
pub mod alloc;
pub mod dirent;
pub mod fd;
pub mod fs;
pub mod net;
pub mod poll;
pub mod proc;
pub mod pw;
pub mod resolv;
pub mod sock;
pub mod syslog;

pub use fd::*;
pub use fs::*;

/// A raw errno value, as qmail's `errno` global holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Errno(pub i32);

impl Errno {
    /// The errno left by the last failing libc call.
    pub fn last() -> Errno {
        Errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
    }
}

pub type Result<T> = std::result::Result<T, Errno>;

/// Turns a C-style "-1 means failure" return into a Result.
pub(crate) fn cerr<T: Copy + PartialEq + From<i8>>(r: T) -> Result<T> {
    if r == T::from(-1) {
        Err(Errno::last())
    } else {
        Ok(r)
    }
}

/// Makes a NUL-terminated copy of a path; a path with an embedded NUL gets
/// ENOENT, which is what the C code would see for the truncated name in most
/// cases and never opens something unintended.
pub(crate) fn cpath(p: &[u8]) -> Result<CString> {
    // room for the NUL from the start: one allocation, no realloc
    let mut v = Vec::new();
    v.try_reserve_exact(p.len() + 1)
        .map_err(|_| Errno(libc::ENOMEM))?;
    v.extend_from_slice(p);
    CString::new(v).map_err(|_| Errno(libc::ENOENT))
}

/// A path as C wants it, NUL-terminated. Paths that fit stay on the stack
/// (no allocation for the common case), longer ones go to a CString.
/// Large on purpose: it lives for one system call on the stack.
#[allow(clippy::large_enum_variant)]
pub(crate) enum CPath {
    Short([u8; CPATH_SHORT]),
    Long(CString),
}

const CPATH_SHORT: usize = 256;

impl CPath {
    pub(crate) fn as_ptr(&self) -> *const libc::c_char {
        match self {
            CPath::Short(b) => b.as_ptr().cast(),
            CPath::Long(c) => c.as_ptr(),
        }
    }
}

/// [`cpath`] without the allocation for paths shorter than 256 bytes.
pub(crate) fn cpath_small(p: &[u8]) -> Result<CPath> {
    if p.len() >= CPATH_SHORT {
        return cpath(p).map(CPath::Long);
    }
    if p.contains(&0) {
        return Err(Errno(libc::ENOENT));
    }
    let mut b = [0u8; CPATH_SHORT];
    b[..p.len()].copy_from_slice(p);
    Ok(CPath::Short(b))
}

/// Ends the process at once, like C's `_exit`: nothing buffered is flushed.
pub fn exit(code: i32) -> ! {
    // SAFETY: _exit never returns and touches no Rust state.
    unsafe { libc::_exit(code) }
}

/// Runs a program's main function with its argv as bytes and `_exit`s with
/// the code it returns. Used by [`crate::entry!`].
/// Because the binaries are `#![no_main]`, the Rust runtime's start-up
/// never ran: SIGPIPE keeps the disposition the parent gave it and closed
/// fds 0-2 stay closed, as in C.
pub fn start(main: impl FnOnce(Vec<Vec<u8>>) -> i32) -> ! {
    use std::os::unix::ffi::OsStringExt;
    // A panic must look like a crash (SIGABRT), never like Rust's exit code
    // 101, which qmail-lspawn would report as a permanent failure. Release
    // builds already use panic = "abort"; this covers every profile.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        // SAFETY: abort never returns and touches no Rust state.
        unsafe { libc::abort() }
    }));
    let args: Vec<Vec<u8>> = std::env::args_os().map(|a| a.into_vec()).collect();
    exit(main(args))
}

/// `getenv` by bytes: the first `NAME=` entry of environ wins (env_get).
pub fn env_get(name: &[u8]) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    std::env::var_os(std::ffi::OsStr::from_bytes(name)).map(|v| v.as_bytes().to_vec())
}

/// The raw entries of `environ`, in order (entries without `=` too).
pub fn environ() -> Vec<Vec<u8>> {
    extern "C" {
        static environ: *const *const libc::c_char;
    }
    let mut out = Vec::new();
    // SAFETY: environ is libc's NULL-terminated array of C strings; this
    // process changes it only through std::env and these wrappers, never
    // while this copy is made (the programs are single-threaded).
    unsafe {
        let mut p = environ;
        if p.is_null() {
            return out;
        }
        while !(*p).is_null() {
            out.push(std::ffi::CStr::from_ptr(*p).to_bytes().to_vec());
            p = p.add(1);
        }
    }
    out
}

/// env_put2: sets `name` to `value` in this process's environment, which
/// exec'd programs inherit. Names with `=` or NUL, and values with NUL,
/// are refused (EINVAL) instead of being passed on mangled.
pub fn env_put(name: &[u8], value: &[u8]) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    if name.is_empty() || name.contains(&b'=') || name.contains(&0) || value.contains(&0) {
        return Err(Errno(libc::EINVAL));
    }
    std::env::set_var(
        std::ffi::OsStr::from_bytes(name),
        std::ffi::OsStr::from_bytes(value),
    );
    Ok(())
}

/// env_unset: removes every `name=` entry from the environment.
pub fn env_unset(name: &[u8]) {
    use std::os::unix::ffi::OsStrExt;
    if name.is_empty() || name.contains(&b'=') || name.contains(&0) {
        return;
    }
    std::env::remove_var(std::ffi::OsStr::from_bytes(name));
}

/// env_clear: removes every variable from the environment.
pub fn env_clear() {
    // SAFETY: clearenv only empties libc's environment; nothing else here
    // holds pointers into it.
    unsafe { libc::clearenv() };
}

/// gethostname into a buffer of `len` bytes, as the C callers size it.
pub fn gethostname(len: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    // SAFETY: buf is valid for len bytes.
    cerr(unsafe { libc::gethostname(buf.as_mut_ptr().cast(), len) })?;
    Ok(buf)
}

/// umask(2).
pub fn umask(mask: u32) -> u32 {
    // SAFETY: umask has no memory effects.
    unsafe { libc::umask(mask as libc::mode_t) as u32 }
}

/// getuid(2).
pub fn getuid() -> u32 {
    // SAFETY: no memory effects.
    unsafe { libc::getuid() }
}

/// getpid(2).
pub fn getpid() -> i32 {
    // SAFETY: no memory effects.
    unsafe { libc::getpid() }
}

/// Current time in seconds (qmail's `now()`).
pub fn now() -> i64 {
    // SAFETY: time(NULL) writes nothing.
    unsafe { libc::time(std::ptr::null_mut()) as i64 }
}

/// The fields of a `struct tm` that qmail copies into its own datetime.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tm {
    pub year: i32,
    pub mon: i32,
    pub mday: i32,
    pub hour: i32,
    pub min: i32,
    pub sec: i32,
}

fn tm_of(t: i64, local: bool) -> Option<Tm> {
    let tt = t as libc::time_t;
    // SAFETY: an all-zero tm is valid storage to be overwritten.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call; the _r variants keep
    // no reference to them.
    let r = unsafe {
        if local {
            libc::localtime_r(&tt, &mut tm)
        } else {
            libc::gmtime_r(&tt, &mut tm)
        }
    };
    if r.is_null() {
        return None;
    }
    Some(Tm {
        year: tm.tm_year,
        mon: tm.tm_mon,
        mday: tm.tm_mday,
        hour: tm.tm_hour,
        min: tm.tm_min,
        sec: tm.tm_sec,
    })
}

/// gmtime(3): UTC calendar fields of `t`.
pub fn gmtime(t: i64) -> Option<Tm> {
    tm_of(t, false)
}

/// localtime(3): calendar fields of `t` in the local time zone (TZ or
/// /etc/localtime).
pub fn localtime(t: i64) -> Option<Tm> {
    tm_of(t, true)
}

/// The C library's own text for an errno (strerror), as programs like
/// find and mv print it.
pub fn strerror(e: i32) -> Vec<u8> {
    // SAFETY: strerror returns a pointer to a NUL-terminated string that
    // stays valid until the next call; it is copied at once.
    let p = unsafe { libc::strerror(e) };
    if p.is_null() {
        return Vec::new();
    }
    // SAFETY: p is a valid NUL-terminated string (see above).
    unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes().to_vec()
}

#[allow(dead_code)]
pub(crate) fn c_int_of(x: i32) -> c_int {
    x as c_int
}

/// The C library's name for a signal (strsignal), e.g. `Killed`.
pub fn strsignal(sig: i32) -> Vec<u8> {
    // SAFETY: strsignal returns a NUL-terminated string valid until the
    // next call; it is copied at once.
    let p = unsafe { libc::strsignal(sig) };
    if p.is_null() {
        return Vec::new();
    }
    // SAFETY: p is a valid NUL-terminated string (see above).
    unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes().to_vec()
}

/// sleep(3), in whole seconds.
pub fn sleep(secs: u32) {
    // SAFETY: no memory effects.
    unsafe { libc::sleep(secs) };
}
