//! What a substdio buffer reads from and writes to: one read(2) or write(2)
//! at a time on an fd (borrowed or owned), or on a network peer whose
//! going away ends the program quietly, and the write-it-all loop.

use crate::sys::{self, Errno, Fd};

/// The write side of an fd-like object.
pub trait WriteOp {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize>;
}

/// The read side of an fd-like object.
pub trait ReadOp {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize>;
}

/// Plain read(2)/write(2) on an fd.
#[derive(Clone, Copy, Debug)]
pub struct FdOp(pub Fd);

impl WriteOp for FdOp {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        sys::write(self.0, buf)
    }
}

impl ReadOp for FdOp {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        sys::read(self.0, buf)
    }
}

/// An owned fd reads and writes like [`FdOp`], closed with its buffer.
impl WriteOp for sys::OwnedFd {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        sys::write(self.0, buf)
    }
}

impl ReadOp for sys::OwnedFd {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        sys::read(self.0, buf)
    }
}

/// An fd on which a failed or empty read or write ends the process at once
/// with exit code 0 (the network front ends' saferead/safewrite: the
/// client has gone, nothing more to do).
#[derive(Clone, Copy, Debug)]
pub struct GoneOnFail(pub Fd);

impl WriteOp for GoneOnFail {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        match sys::write(self.0, buf) {
            Ok(n) if n > 0 => Ok(n),
            _ => sys::exit(0),
        }
    }
}

impl ReadOp for GoneOnFail {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        match sys::read(self.0, buf) {
            Ok(n) if n > 0 => Ok(n),
            _ => sys::exit(0),
        }
    }
}

/// Writes all of `buf`, retrying on EINTR (allwrite). A write of 0 bytes just
/// loops again, as in C.
pub fn allwrite<W: WriteOp>(op: &mut W, mut buf: &[u8]) -> sys::Result<()> {
    while !buf.is_empty() {
        match op.write(buf) {
            Ok(w) => buf = &buf[w.min(buf.len())..],
            Err(Errno(libc::EINTR)) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
