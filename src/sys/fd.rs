//! File descriptors: open in qmail's modes, read, write, close, move.

use super::{cerr, cpath, Errno, Result};

pub type Fd = i32;

fn open_with(path: &[u8], flags: i32, mode: u32) -> Result<Fd> {
    let c = cpath(path)?;
    // SAFETY: c is a valid NUL-terminated path.
    cerr(unsafe { libc::open(c.as_ptr(), flags, mode as libc::c_uint) })
}

/// open_read: O_RDONLY|O_NDELAY.
pub fn open_read(path: &[u8]) -> Result<Fd> {
    open_with(path, libc::O_RDONLY | libc::O_NDELAY, 0)
}
/// open_write: O_WRONLY|O_NDELAY.
pub fn open_write(path: &[u8]) -> Result<Fd> {
    open_with(path, libc::O_WRONLY | libc::O_NDELAY, 0)
}
/// open_trunc: O_WRONLY|O_NDELAY|O_TRUNC|O_CREAT, mode 0644.
pub fn open_trunc(path: &[u8]) -> Result<Fd> {
    open_with(
        path,
        libc::O_WRONLY | libc::O_NDELAY | libc::O_TRUNC | libc::O_CREAT,
        0o644,
    )
}
/// open_excl: O_WRONLY|O_EXCL|O_CREAT, mode 0644.
pub fn open_excl(path: &[u8]) -> Result<Fd> {
    open_with(path, libc::O_WRONLY | libc::O_EXCL | libc::O_CREAT, 0o644)
}
/// What a shell's `> FILE` (or, with `append`, `>> FILE`) opens:
/// O_WRONLY|O_CREAT and O_TRUNC or O_APPEND, mode 0666 (less the umask).
pub fn open_shell(path: &[u8], append: bool) -> Result<Fd> {
    let how = if append {
        libc::O_APPEND
    } else {
        libc::O_TRUNC
    };
    open_with(path, libc::O_WRONLY | libc::O_CREAT | how, 0o666)
}
/// open_trunc with a mode of the caller's: O_WRONLY|O_TRUNC|O_CREAT.
pub fn open_trunc_mode(path: &[u8], mode: u32) -> Result<Fd> {
    open_with(path, libc::O_WRONLY | libc::O_TRUNC | libc::O_CREAT, mode)
}
/// open_append: O_WRONLY|O_NDELAY|O_APPEND|O_CREAT, mode 0600.
pub fn open_append(path: &[u8]) -> Result<Fd> {
    open_with(
        path,
        libc::O_WRONLY | libc::O_NDELAY | libc::O_APPEND | libc::O_CREAT,
        0o600,
    )
}

/// One read(2); EINTR is returned as an error like any other.
pub fn read(fd: Fd, buf: &mut [u8]) -> Result<usize> {
    // SAFETY: buf is valid for buf.len() bytes.
    let r = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(r as usize)
    }
}

/// One write(2); EINTR is returned as an error like any other.
pub fn write(fd: Fd, buf: &[u8]) -> Result<usize> {
    // SAFETY: buf is valid for buf.len() bytes.
    let r = unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) };
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(r as usize)
    }
}

/// close(2).
pub fn close(fd: Fd) -> Result<()> {
    // SAFETY: closing an integer fd has no memory effects.
    cerr(unsafe { libc::close(fd) }).map(|_| ())
}

/// fsync(2).
pub fn fsync(fd: Fd) -> Result<()> {
    // SAFETY: no memory effects.
    cerr(unsafe { libc::fsync(fd) }).map(|_| ())
}

/// fd_copy: make `to` a copy of `from` (dup2), leaving `from` open.
pub fn fd_copy(to: Fd, from: Fd) -> Result<()> {
    if to == from {
        return Ok(());
    }
    // SAFETY: no memory effects.
    cerr(unsafe { libc::fcntl(from, libc::F_GETFL, 0) })?;
    // SAFETY: no memory effects.
    cerr(unsafe { libc::dup2(from, to) }).map(|_| ())
}

/// fd_move: fd_copy then close `from`.
pub fn fd_move(to: Fd, from: Fd) -> Result<()> {
    if to == from {
        return Ok(());
    }
    fd_copy(to, from)?;
    let _ = close(from);
    Ok(())
}

/// pipe(2): (read end, write end).
pub fn pipe() -> Result<(Fd, Fd)> {
    let mut p = [0 as libc::c_int; 2];
    // SAFETY: p has room for two fds.
    cerr(unsafe { libc::pipe(p.as_mut_ptr()) })?;
    Ok((p[0], p[1]))
}

/// Sets or clears O_NONBLOCK (ndelay_on / ndelay_off).
pub fn ndelay(fd: Fd, on: bool) -> Result<()> {
    // SAFETY: no memory effects.
    let fl = cerr(unsafe { libc::fcntl(fd, libc::F_GETFL, 0) })?;
    let fl = if on {
        fl | libc::O_NONBLOCK
    } else {
        fl & !libc::O_NONBLOCK
    };
    // SAFETY: no memory effects.
    cerr(unsafe { libc::fcntl(fd, libc::F_SETFL, fl) }).map(|_| ())
}

/// Sets close-on-exec (coe).
pub fn coe(fd: Fd) -> Result<()> {
    // SAFETY: no memory effects.
    cerr(unsafe { libc::fcntl(fd, libc::F_SETFD, 1) }).map(|_| ())
}

/// ftruncate(2) (seek_trunc).
pub fn ftruncate(fd: Fd, len: u64) -> Result<()> {
    // SAFETY: no memory effects.
    cerr(unsafe { libc::ftruncate(fd, len as libc::off_t) }).map(|_| ())
}

/// lseek to the start (seek_begin).
pub fn seek_begin(fd: Fd) -> Result<()> {
    // SAFETY: no memory effects.
    let r = unsafe { libc::lseek(fd, 0, libc::SEEK_SET) };
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(())
    }
}

/// lseek to an absolute offset (seek_set).
pub fn seek_set(fd: Fd, pos: u64) -> Result<()> {
    // SAFETY: no memory effects.
    let r = unsafe { libc::lseek(fd, pos as libc::off_t, libc::SEEK_SET) };
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(())
    }
}

/// lseek by `offset` from `whence` (SEEK_CUR, SEEK_END, ...): the new
/// offset (seek_cur, seek_end).
pub fn seek_from(fd: Fd, offset: i64, whence: i32) -> Result<u64> {
    // SAFETY: no memory effects.
    let r = unsafe { libc::lseek(fd, offset as libc::off_t, whence) };
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(r as u64)
    }
}

/// Owns an fd and closes it when dropped (for error paths; the success path
/// of a writer closes explicitly to see close's error).
#[derive(Debug)]
pub struct OwnedFd(pub Fd);

impl OwnedFd {
    /// Gives up ownership without closing.
    pub fn into_raw(self) -> Fd {
        let fd = self.0;
        std::mem::forget(self);
        fd
    }
    /// The fd, still owned.
    pub fn raw(&self) -> Fd {
        self.0
    }
    /// Closes now and reports close's error (a writer that must know its
    /// data reached the file, as stock checks close after fsync).
    pub fn close(self) -> Result<()> {
        close(self.into_raw())
    }
}

/// [`pipe`] with both ends owned: (read end, write end).
pub fn pipe_owned() -> Result<(OwnedFd, OwnedFd)> {
    pipe().map(|(r, w)| (OwnedFd(r), OwnedFd(w)))
}

impl Drop for OwnedFd {
    fn drop(&mut self) {
        let _ = close(self.0);
    }
}

/// Waits until `fd` is readable (`out` false) or writable (`out` true), at
/// most `secs` seconds, like the select in stock's timeoutread and
/// timeoutwrite: Ok(true) ready (an invalid fd counts as ready, so the
/// following read or write reports its error), Ok(false) timed out.
pub fn wait_ready(fd: Fd, out: bool, secs: i32) -> Result<bool> {
    let mut p = libc::pollfd {
        fd,
        events: if out { libc::POLLOUT } else { libc::POLLIN },
        revents: 0,
    };
    let ms = secs.saturating_mul(1000);
    // SAFETY: p is one valid pollfd for the duration of the call.
    let r = unsafe { libc::poll(&mut p, 1, ms) };
    match r {
        r if r < 0 => Err(Errno::last()),
        0 => Ok(false),
        _ => Ok(true),
    }
}
