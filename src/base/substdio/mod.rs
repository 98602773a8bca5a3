//! Buffered fd I/O with qmail's exact buffering (substdio).
//!
//! Where a program flushes decides how its output interleaves with other
//! writers of the same fd and how many write(2) calls it makes, so [`Out`]
//! and [`In`] follow substdio's rules step by step:
//! * `put` only copies when the bytes fit in the free space (a buffer that
//!   becomes exactly full is not flushed); otherwise it flushes, writes large
//!   data straight from the caller in chunks of max(size, 8192), and buffers
//!   the remainder.
//! * `flush` empties the buffer first, then writes it all, retrying EINTR;
//!   buffered data is lost on error.
//! * Input keeps unread bytes at the end of the buffer; `get` reads straight
//!   into the caller's buffer when that is at least as large as ours.

mod op;
pub use op::{allwrite, FdOp, GoneOnFail, ReadOp, WriteOp};

use crate::sys::{self, Errno, Fd};

/// Default sizes (SUBSTDIO_INSIZE, SUBSTDIO_OUTSIZE).
pub const INSIZE: usize = 8192;
pub const OUTSIZE: usize = 8192;

/// Storage for a substdio buffer: owned (`Box<[u8]>`, the default) or
/// borrowed (`&mut [u8]`, as the C ABI layer lends a C struct's buffer).
pub trait Buf: AsRef<[u8]> + AsMut<[u8]> {}
impl<T: AsRef<[u8]> + AsMut<[u8]>> Buf for T {}

/// A buffered writer (output substdio).
pub struct Out<W: WriteOp = FdOp, B: Buf = Box<[u8]>> {
    op: W,
    x: B,
    p: usize,
}

impl Out<FdOp> {
    /// A writer on `fd` with a buffer of `size` bytes.
    pub fn fd(fd: Fd, size: usize) -> Self {
        Out::new(FdOp(fd), size)
    }
}

impl<W: WriteOp> Out<W> {
    pub fn new(op: W, size: usize) -> Self {
        Out {
            op,
            x: vec![0u8; size.max(1)].into_boxed_slice(),
            p: 0,
        }
    }

    /// Gives back the op; anything still buffered is dropped, as at `_exit`.
    pub fn into_op(self) -> W {
        self.op
    }
}

impl<W: WriteOp, B: Buf> Out<W, B> {
    /// A writer over the buffer `x` of which the first `p` bytes are
    /// waiting to be written (`p` is clamped to the buffer's size).
    pub fn from_parts(op: W, x: B, p: usize) -> Self {
        let p = p.min(x.as_ref().len());
        Out { op, x, p }
    }

    /// How many bytes wait in the buffer (the C struct's `p`).
    pub fn used(&self) -> usize {
        self.p
    }

    /// The underlying op (to reach the fd).
    pub fn op(&mut self) -> &mut W {
        &mut self.op
    }

    /// Bytes waiting in the buffer.
    pub fn buffered(&self) -> &[u8] {
        &self.x.as_ref()[..self.p]
    }

    /// substdio_flush.
    pub fn flush(&mut self) -> sys::Result<()> {
        let p = self.p;
        if p == 0 {
            return Ok(());
        }
        self.p = 0;
        allwrite(&mut self.op, &self.x.as_ref()[..p])
    }

    /// substdio_put.
    pub fn put(&mut self, mut buf: &[u8]) -> sys::Result<()> {
        let size = self.x.as_ref().len();
        if buf.len() > size - self.p {
            self.flush()?;
            let mut n = size.max(OUTSIZE);
            while buf.len() > size {
                if n > buf.len() {
                    n = buf.len();
                }
                allwrite(&mut self.op, &buf[..n])?;
                buf = &buf[n..];
            }
        }
        self.x.as_mut()[self.p..self.p + buf.len()].copy_from_slice(buf);
        self.p += buf.len();
        Ok(())
    }

    /// substdio_puts (same as put for byte strings).
    pub fn puts(&mut self, s: &[u8]) -> sys::Result<()> {
        self.put(s)
    }

    /// substdio_bput: everything passes through the buffer.
    pub fn bput(&mut self, mut buf: &[u8]) -> sys::Result<()> {
        loop {
            let n = self.x.as_ref().len() - self.p;
            if buf.len() <= n {
                break;
            }
            self.x.as_mut()[self.p..].copy_from_slice(&buf[..n]);
            self.p += n;
            buf = &buf[n..];
            self.flush()?;
        }
        self.x.as_mut()[self.p..self.p + buf.len()].copy_from_slice(buf);
        self.p += buf.len();
        Ok(())
    }

    /// substdio_putflush: flush, then write `buf` directly.
    pub fn putflush(&mut self, buf: &[u8]) -> sys::Result<()> {
        self.flush()?;
        allwrite(&mut self.op, buf)
    }
}

/// A buffered reader (input substdio).
pub struct In<R: ReadOp = FdOp, B: Buf = Box<[u8]>> {
    op: R,
    x: B,
    /// Offset of the unread bytes; they always end at the buffer's end.
    n: usize,
    /// Number of unread bytes.
    p: usize,
}

impl In<FdOp> {
    /// A reader on `fd` with a buffer of `size` bytes.
    pub fn fd(fd: Fd, size: usize) -> Self {
        In::new(FdOp(fd), size)
    }
}

fn oneread<R: ReadOp>(op: &mut R, buf: &mut [u8]) -> sys::Result<usize> {
    loop {
        match op.read(buf) {
            Err(Errno(libc::EINTR)) => continue,
            r => return r,
        }
    }
}

impl<R: ReadOp> In<R> {
    pub fn new(op: R, size: usize) -> Self {
        let size = size.max(1);
        In {
            op,
            x: vec![0u8; size].into_boxed_slice(),
            n: size,
            p: 0,
        }
    }
}

impl<R: ReadOp, B: Buf> In<R, B> {
    /// A reader over the buffer `x` whose unread bytes are the `p` bytes
    /// at offset `n` (the C struct's fields; `n + p` is the buffer size).
    /// Inconsistent values are clamped into the buffer.
    pub fn from_parts(op: R, x: B, n: usize, p: usize) -> Self {
        let size = x.as_ref().len();
        let n = n.min(size);
        let p = p.min(size - n);
        In { op, x, n, p }
    }

    /// The C struct's (n, p): offset and count of the unread bytes.
    pub fn parts(&self) -> (usize, usize) {
        (self.n, self.p)
    }

    pub fn op(&mut self) -> &mut R {
        &mut self.op
    }

    fn getthis(&mut self, buf: &mut [u8]) -> usize {
        let r = self.p.min(buf.len());
        self.p -= r;
        buf[..r].copy_from_slice(&self.x.as_ref()[self.n..self.n + r]);
        self.n += r;
        r
    }

    /// substdio_feed: bytes available (0 at EOF).
    pub fn feed(&mut self) -> sys::Result<usize> {
        if self.p > 0 {
            return Ok(self.p);
        }
        let size = self.x.as_ref().len();
        let r = oneread(&mut self.op, self.x.as_mut())?;
        if r == 0 {
            return Ok(0);
        }
        self.p = r;
        self.n = size - r;
        if self.n > 0 {
            self.x.as_mut().copy_within(0..r, self.n);
        }
        Ok(r)
    }

    /// substdio_get.
    pub fn get(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        if self.p > 0 {
            return Ok(self.getthis(buf));
        }
        if self.x.as_ref().len() <= buf.len() {
            return oneread(&mut self.op, buf);
        }
        if self.feed()? == 0 {
            return Ok(0);
        }
        Ok(self.getthis(buf))
    }

    /// substdio_bget: like get, but a direct read asks for one buffer's worth.
    pub fn bget(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        if self.p > 0 {
            return Ok(self.getthis(buf));
        }
        let size = self.x.as_ref().len();
        if size <= buf.len() {
            return oneread(&mut self.op, &mut buf[..size]);
        }
        if self.feed()? == 0 {
            return Ok(0);
        }
        Ok(self.getthis(buf))
    }

    /// substdio_peek: the unread bytes.
    pub fn peek(&self) -> &[u8] {
        &self.x.as_ref()[self.n..self.n + self.p]
    }

    /// substdio_seek: consume `len` unread bytes.
    pub fn seek(&mut self, len: usize) {
        let len = len.min(self.p);
        self.n += len;
        self.p -= len;
    }

    /// getln2: reads up to and including the next `sep`. Every piece
    /// before the line's last buffer-full goes to `cat`; the returned
    /// slice (still inside the buffer, already consumed) is the final
    /// piece ending in `sep`, or empty at end of input.
    pub fn getln2<F>(&mut self, sep: u8, mut cat: F) -> sys::Result<&[u8]>
    where
        F: FnMut(&[u8]) -> sys::Result<()>,
    {
        loop {
            let n = self.feed()?;
            if n == 0 {
                return Ok(&[]);
            }
            let start = self.n;
            let x = self.peek();
            if let Some(i) = x.iter().position(|&c| c == sep) {
                self.seek(i + 1);
                return Ok(&self.x.as_ref()[start..start + i + 1]);
            }
            cat(x)?;
            self.seek(n);
        }
    }

    /// getln: reads one line ending in `sep` into `line` (replacing it). Returns
    /// true when the separator was seen (it is included). At EOF returns false;
    /// `line` then holds any partial last line.
    pub fn getln(&mut self, line: &mut Vec<u8>, sep: u8) -> sys::Result<bool> {
        line.clear();
        let last = self.getln2(sep, |b| crate::base::stralloc::cat(line, b))?;
        if last.is_empty() {
            return Ok(false);
        }
        crate::base::stralloc::cat(line, last)?;
        Ok(true)
    }
}

/// The read side of stdin as stock's subfdin has it: every read first
/// flushes the standard output writer `out` (so a prompt or a partial
/// answer is out before the program waits), and a failing flush fails the
/// read.
pub struct FlushThenRead {
    pub out: Out<FdOp>,
    pub fd: Fd,
}

impl ReadOp for FlushThenRead {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        self.out.flush()?;
        sys::read(self.fd, buf)
    }
}

/// Why substdio_copy stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum CopyError {
    /// Reading failed (C returns -2).
    Read(Errno),
    /// Writing failed (C returns -3).
    Write(Errno),
}

/// substdio_copy: everything from `from` to `to` until EOF.
pub fn copy<R: ReadOp, W: WriteOp, B: Buf, C: Buf>(
    to: &mut Out<W, B>,
    from: &mut In<R, C>,
) -> Result<(), CopyError> {
    loop {
        let n = from.feed().map_err(CopyError::Read)?;
        if n == 0 {
            return Ok(());
        }
        to.put(from.peek()).map_err(CopyError::Write)?;
        from.seek(n);
    }
}

/// Reads `from` to its end, handing `sink` each buffer's worth as it
/// comes (one read of the buffer's size at a time, EINTR retried), so a
/// file of any size passes through without being held whole. Err on a
/// read error, after the bytes before it went to `sink`.
pub fn slurp<R: ReadOp, B: Buf>(
    from: &mut In<R, B>,
    mut sink: impl FnMut(&[u8]),
) -> sys::Result<()> {
    loop {
        let n = from.feed()?;
        if n == 0 {
            return Ok(());
        }
        sink(from.peek());
        from.seek(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records every write call's size.
    #[derive(Default)]
    struct Rec {
        calls: Vec<Vec<u8>>,
    }
    impl WriteOp for Rec {
        fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
            self.calls.push(buf.to_vec());
            Ok(buf.len())
        }
    }
    struct Src {
        data: Vec<u8>,
        pos: usize,
        chunk: usize,
    }
    impl ReadOp for Src {
        fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
            let n = buf.len().min(self.chunk).min(self.data.len() - self.pos);
            buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }

    fn sizes(o: &Out<Rec>) -> Vec<usize> {
        o.op.calls.iter().map(|c| c.len()).collect()
    }

    #[test]
    fn put_that_fills_exactly_does_not_flush() {
        let mut o = Out::new(Rec::default(), 4);
        o.put(b"abcd").unwrap();
        assert!(o.op.calls.is_empty());
        o.put(b"e").unwrap();
        assert_eq!(sizes(&o), vec![4]);
        assert_eq!(o.buffered(), b"e");
    }

    #[test]
    fn large_put_on_small_buffer_writes_directly_in_one_chunk() {
        // 256-byte buffer, 1000 bytes: flush (nothing), then one direct
        // write of 1000 (chunk is max(256, 8192) shrunk to what remains)...
        // but only while more than 256 remain, so it is one write of 1000.
        let mut o = Out::new(Rec::default(), 256);
        o.put(b"x").unwrap();
        o.put(&[b'y'; 1000]).unwrap();
        assert_eq!(sizes(&o), vec![1, 1000]);
        assert!(o.buffered().is_empty());
    }

    #[test]
    fn large_put_on_default_buffer_keeps_remainder() {
        let mut o = Out::new(Rec::default(), 8192);
        o.put(&[b'a'; 20000]).unwrap();
        assert_eq!(sizes(&o), vec![8192, 8192]);
        assert_eq!(o.buffered().len(), 20000 - 16384);
    }

    #[test]
    fn bput_writes_buffer_sized_chunks() {
        let mut o = Out::new(Rec::default(), 4);
        o.bput(b"abcdefghij").unwrap();
        assert_eq!(sizes(&o), vec![4, 4]);
        assert_eq!(o.buffered(), b"ij");
        o.putflush(b"Z").unwrap();
        assert_eq!(sizes(&o), vec![4, 4, 2, 1]);
    }

    #[test]
    fn slurp_hands_over_each_buffer_sized_read_and_reports_an_error() {
        let src = Src {
            data: vec![b'x'; 300],
            pos: 0,
            chunk: 1000,
        };
        let mut sizes = Vec::new();
        slurp(&mut In::new(src, 128), |p| sizes.push(p.len())).unwrap();
        assert_eq!(sizes, vec![128, 128, 44]);
        assert!(slurp(&mut In::new(FdOp(-1), 8), |_| {}).is_err());
    }

    #[test]
    fn owned_fd_is_an_op_both_ways_and_closes_when_dropped() {
        let (r, w) = sys::pipe().unwrap();
        let mut out = Out::new(sys::OwnedFd(w), 8);
        out.putflush(b"through a pipe").unwrap();
        drop(out); // the reader below sees end of file
        let mut got = Vec::new();
        slurp(&mut In::new(sys::OwnedFd(r), 8), |p| {
            got.extend_from_slice(p)
        })
        .unwrap();
        assert_eq!(got, b"through a pipe");
    }

    #[test]
    fn getln_splits_lines_across_reads() {
        let src = Src {
            data: b"one\ntwo\nthree".to_vec(),
            pos: 0,
            chunk: 3,
        };
        let mut i = In::new(src, 5);
        let mut l = Vec::new();
        assert!(i.getln(&mut l, b'\n').unwrap());
        assert_eq!(l, b"one\n");
        assert!(i.getln(&mut l, b'\n').unwrap());
        assert_eq!(l, b"two\n");
        assert!(!i.getln(&mut l, b'\n').unwrap());
        assert_eq!(l, b"three");
        assert!(!i.getln(&mut l, b'\n').unwrap());
        assert!(l.is_empty());
    }

    #[test]
    fn getln2_leaves_the_last_piece_in_a_borrowed_buffer() {
        let src = Src {
            data: b"abcdefg\nrest".to_vec(),
            pos: 0,
            chunk: 100,
        };
        let mut buf = [0u8; 4];
        let mut i = In::from_parts(src, &mut buf[..], 4, 0);
        let mut before = Vec::new();
        let last = i
            .getln2(b'\n', |b| {
                before.extend_from_slice(b);
                Ok(())
            })
            .unwrap()
            .to_vec();
        assert_eq!(before, b"abcd");
        assert_eq!(last, b"efg\n");
        assert_eq!(i.parts(), (4, 0));
        let mut o = Out::from_parts(Rec::default(), [0u8; 3], 2);
        assert_eq!(o.used(), 2);
        o.put(b"x").unwrap();
        assert!(o.op.calls.is_empty());
        o.put(b"y").unwrap();
        assert_eq!(o.op.calls.len(), 1);
        assert_eq!(o.op.calls[0].len(), 3);
    }

    #[test]
    fn get_reads_directly_into_large_buffer() {
        let src = Src {
            data: b"hello world".to_vec(),
            pos: 0,
            chunk: 100,
        };
        let mut i = In::new(src, 4);
        let mut b = [0u8; 8];
        assert_eq!(i.get(&mut b).unwrap(), 8);
        assert_eq!(&b, b"hello wo");
        let mut s = [0u8; 2];
        assert_eq!(i.get(&mut s).unwrap(), 2);
        assert_eq!(&s, b"rl");
        assert_eq!(i.get(&mut s).unwrap(), 1);
        assert_eq!(i.get(&mut s).unwrap(), 0);
    }

    #[test]
    fn copy_moves_everything() {
        let src = Src {
            data: (0..=255u8).cycle().take(5000).collect(),
            pos: 0,
            chunk: 700,
        };
        let mut i = In::new(src, 1024);
        let mut o = Out::new(Rec::default(), 1024);
        copy(&mut o, &mut i).unwrap();
        o.flush().unwrap();
        let all: Vec<u8> = o.op.calls.concat();
        assert_eq!(all.len(), 5000);
        assert_eq!(all[4999], (4999 % 256) as u8);
    }
}
