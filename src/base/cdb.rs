//! cdb: qmail's constant database, read and written byte for byte like
//! cdb_seek and cdbmake/cdbmss.
//!
//! Layout (all numbers u32 little-endian): a 2048-byte header of 256
//! (table position, slot count) pairs; the records `klen dlen key data` in
//! the order they were added; then 256 hash tables, table b holding twice as
//! many (hash, record position) slots as there are keys whose hash ends in
//! byte b. A key goes into slot (hash >> 8) % slots of its table, or the next
//! free one after it (wrapping).

use crate::base::substdio::{Buf, Out, WriteOp};
use crate::sys::{self, Errno, Fd};

/// The cdb hash (cdb_hash): h = 5381; h = (h * 33) ^ byte, in 32 bits.
pub fn hash(key: &[u8]) -> u32 {
    key.iter()
        .fold(5381u32, |h, &c| h.wrapping_add(h << 5) ^ c as u32)
}

pub fn pack(n: u32) -> [u8; 4] {
    n.to_le_bytes()
}

pub fn unpack(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    for (d, s) in a.iter_mut().zip(b) {
        *d = *s;
    }
    u32::from_le_bytes(a)
}

/// Builds a cdb on a seekable fd (cdbmss): records go out as they are
/// added, tables and header at [`Maker::finish`].
pub struct Maker<W: WriteOp> {
    out: Out<W>,
    /// (hash, record position) of every record, in order.
    hp: Vec<(u32, u32)>,
    pos: u32,
}

/// The fd side of a [`Maker`]: writes, and can go back to the start for
/// the header.
pub trait Seekable: WriteOp {
    fn seek_set(&mut self, pos: u64) -> sys::Result<()>;
}

impl Seekable for crate::base::substdio::FdOp {
    fn seek_set(&mut self, pos: u64) -> sys::Result<()> {
        sys::seek_set(self.0, pos)
    }
}

impl Maker<crate::base::substdio::FdOp> {
    /// cdbmss_start on `fd` (1024-byte buffer, positioned after the header).
    pub fn start(fd: Fd) -> sys::Result<Self> {
        Maker::new(crate::base::substdio::FdOp(fd))
    }
}

impl<W: Seekable> Maker<W> {
    pub fn new(mut op: W) -> sys::Result<Self> {
        op.seek_set(2048)?;
        Ok(Maker {
            out: Out::new(op, 1024),
            hp: Vec::new(),
            pos: 2048,
        })
    }

    /// cdbmss_add.
    pub fn add(&mut self, key: &[u8], data: &[u8]) -> sys::Result<()> {
        add_record(&mut self.out, key, data)?;
        self.hp.try_reserve(1).map_err(|_| Errno(libc::ENOMEM))?;
        self.hp.push((hash(key), self.pos));
        self.pos = next_pos(self.pos, key.len(), data.len());
        Ok(())
    }

    /// cdbmss_finish: writes the tables, then the header at offset 0, and
    /// hands back the writer.
    pub fn finish(mut self) -> sys::Result<W> {
        let header = write_tables(&mut self.out, &self.hp, &mut self.pos)?;
        self.out.flush()?;
        self.out.op().seek_set(0)?;
        self.out.putflush(&header)?;
        Ok(self.out.into_op())
    }
}

/// Writes the 256 hash tables for the records `hp` ((hash, position) in
/// the order they were added) to `out`, starting at file offset `*pos`
/// (advanced past them), and returns the 2048-byte header that points at
/// them.
pub fn write_tables<W: WriteOp, B: Buf>(
    out: &mut Out<W, B>,
    hp: &[(u32, u32)],
    pos: &mut u32,
) -> sys::Result<[u8; 2048]> {
    // the records sorted by table, stably (a counting sort)
    let mut count = [0u32; 256];
    for &(h, _) in hp {
        count[(h & 255) as usize] += 1;
    }
    let mut next = [0usize; 256];
    let mut most = 0;
    let mut sum = 0;
    for b in 0..256 {
        next[b] = sum;
        sum += count[b] as usize;
        most = most.max(count[b] as usize);
    }
    let mut sorted: Vec<(u32, u32)> = Vec::new();
    sorted
        .try_reserve_exact(hp.len())
        .map_err(|_| Errno(libc::ENOMEM))?;
    sorted.resize(hp.len(), (0, 0));
    for &(h, p) in hp {
        let b = (h & 255) as usize;
        sorted[next[b]] = (h, p);
        next[b] += 1;
    }
    let mut header = [0u8; 2048];
    let mut table: Vec<(u32, u32)> = Vec::new();
    let mut bytes: Vec<u8> = Vec::new();
    table
        .try_reserve_exact(most * 2)
        .map_err(|_| Errno(libc::ENOMEM))?;
    bytes
        .try_reserve_exact(most * 16)
        .map_err(|_| Errno(libc::ENOMEM))?;
    let mut first = 0;
    for b in 0..256 {
        let n = count[b] as usize;
        let records = &sorted[first..first + n];
        first += n;
        let len = count[b].wrapping_mul(2);
        header[8 * b..8 * b + 4].copy_from_slice(&pack(*pos));
        header[8 * b + 4..8 * b + 8].copy_from_slice(&pack(len));
        if n == 0 {
            continue;
        }
        table.clear();
        table.resize(2 * n, (0, 0));
        for &(h, p) in records {
            let mut w = ((h >> 8) % len) as usize;
            while table[w].1 != 0 {
                w += 1;
                if w == 2 * n {
                    w = 0;
                }
            }
            table[w] = (h, p);
        }
        bytes.clear();
        for &(h, p) in &table {
            bytes.extend_from_slice(&pack(h));
            bytes.extend_from_slice(&pack(p));
        }
        out.put(&bytes)?;
        *pos = pos.wrapping_add(len.wrapping_mul(8));
    }
    Ok(header)
}

/// Writes one record (`klen dlen key data`), as cdbmss_add does before it
/// remembers the record's hash.
pub fn add_record<W: WriteOp, B: Buf>(
    out: &mut Out<W, B>,
    key: &[u8],
    data: &[u8],
) -> sys::Result<()> {
    out.put(&pack(key.len() as u32))?;
    out.put(&pack(data.len() as u32))?;
    out.put(key)?;
    out.put(data)
}

/// The file offset after a record of `klen` and `dlen` bytes at `pos`
/// (wrapping in 32 bits like stock).
pub fn next_pos(pos: u32, klen: usize, dlen: usize) -> u32 {
    pos.wrapping_add(8)
        .wrapping_add(klen as u32)
        .wrapping_add(dlen as u32)
}

/// Random access to a cdb's bytes.
pub trait Source {
    /// Fills `buf` from offset `pos`; a short file is EIO (as cdb_bread).
    fn read_at(&mut self, pos: u32, buf: &mut [u8]) -> sys::Result<()>;
}

impl Source for &[u8] {
    fn read_at(&mut self, pos: u32, buf: &mut [u8]) -> sys::Result<()> {
        let start = pos as usize;
        let src = self.get(start..start + buf.len()).ok_or(Errno(libc::EIO))?;
        buf.copy_from_slice(src);
        Ok(())
    }
}

/// A cdb open on an fd, read with lseek and read like cdb_seek.
pub struct FdSource(pub Fd);

impl Source for FdSource {
    fn read_at(&mut self, pos: u32, buf: &mut [u8]) -> sys::Result<()> {
        sys::seek_set(self.0, pos as u64)?;
        bread(self.0, buf)
    }
}

/// cdb_bread: fills `buf` from `fd`'s current position, retrying EINTR;
/// end of file first is EIO.
pub fn bread(fd: Fd, buf: &mut [u8]) -> sys::Result<()> {
    let mut got = 0;
    while got < buf.len() {
        match sys::read(fd, &mut buf[got..]) {
            Ok(0) => return Err(Errno(libc::EIO)),
            Ok(n) => got += n,
            Err(Errno(libc::EINTR)) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Compares the `key.len()` bytes at `pos` with `key`, 32 bytes at a time
/// like stock, so a mismatch stops reading.
fn matches<S: Source>(src: &mut S, key: &[u8], mut pos: u32) -> sys::Result<bool> {
    let mut buf = [0u8; 32];
    for chunk in key.chunks(32) {
        let b = &mut buf[..chunk.len()];
        src.read_at(pos, b)?;
        if b != chunk {
            return Ok(false);
        }
        pos = pos.wrapping_add(chunk.len() as u32);
    }
    Ok(true)
}

/// A lookup in progress: the state that lets one walk every record with
/// the same key (the fields of the C `struct cdb` from `loop` to
/// `hslots`). A fresh (default) one starts at the first record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Finder {
    /// Slots of this key's table looked at so far (0: not started).
    pub looped: u32,
    /// The key's hash.
    pub khash: u32,
    /// Offset of the next slot to look at.
    pub kpos: u32,
    /// Offset of the key's table.
    pub hpos: u32,
    /// Slots in the key's table.
    pub hslots: u32,
}

impl Finder {
    /// The next record whose key is `key`: (data position, data length),
    /// or None when there are no more.
    pub fn next<S: Source>(&mut self, src: &mut S, key: &[u8]) -> sys::Result<Option<(u32, u32)>> {
        let mut pk = [0u8; 8];
        if self.looped == 0 {
            let h = hash(key);
            src.read_at(8 * (h & 255), &mut pk)?;
            self.hslots = unpack(&pk[4..]);
            if self.hslots == 0 {
                return Ok(None);
            }
            self.hpos = unpack(&pk[..4]);
            self.khash = h;
            self.kpos = self
                .hpos
                .wrapping_add(((h >> 8) % self.hslots).wrapping_mul(8));
        }
        while self.looped < self.hslots {
            src.read_at(self.kpos, &mut pk)?;
            let poskd = unpack(&pk[4..]);
            if poskd == 0 {
                return Ok(None);
            }
            self.looped += 1;
            self.kpos = self.kpos.wrapping_add(8);
            if self.kpos == self.hpos.wrapping_add(self.hslots.wrapping_mul(8)) {
                self.kpos = self.hpos;
            }
            if unpack(&pk[..4]) == self.khash {
                src.read_at(poskd, &mut pk)?;
                if unpack(&pk[..4]) as usize == key.len()
                    && matches(src, key, poskd.wrapping_add(8))?
                {
                    let dpos = poskd.wrapping_add(8).wrapping_add(key.len() as u32);
                    return Ok(Some((dpos, unpack(&pk[4..]))));
                }
            }
        }
        Ok(None)
    }
}

/// cdb_seek: the data of the first record whose key is `key`, or None.
/// A corrupt or truncated file gives an error, never a panic. The data is
/// read in pieces of at most [`PIECE`] bytes, the buffer growing with what
/// was read, so a record claiming more data than the file holds (up to
/// 4 GiB) fails with EIO, as a short read does in stock, having allocated
/// no more than the file's size and one piece.
pub fn find<S: Source>(src: &mut S, key: &[u8]) -> sys::Result<Option<Vec<u8>>> {
    let Some((dpos, dlen)) = Finder::default().next(src, key)? else {
        return Ok(None);
    };
    let mut d = Vec::new();
    let mut got = 0u32;
    while got < dlen {
        let n = (dlen - got).min(PIECE) as usize;
        d.try_reserve(n).map_err(|_| Errno(libc::ENOMEM))?;
        d.resize(got as usize + n, 0);
        src.read_at(dpos.wrapping_add(got), &mut d[got as usize..])?;
        got += n as u32;
    }
    Ok(Some(d))
}

/// How much of a record's data [`find`] reads at a time.
pub const PIECE: u32 = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Mem {
        data: Vec<u8>,
        pos: usize,
    }
    impl WriteOp for Mem {
        fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
            if self.data.len() < self.pos + buf.len() {
                self.data.resize(self.pos + buf.len(), 0);
            }
            self.data[self.pos..self.pos + buf.len()].copy_from_slice(buf);
            self.pos += buf.len();
            Ok(buf.len())
        }
    }
    impl Seekable for Mem {
        fn seek_set(&mut self, pos: u64) -> sys::Result<()> {
            self.pos = pos as usize;
            Ok(())
        }
    }

    fn make(pairs: &[(&[u8], &[u8])]) -> Vec<u8> {
        let mut m = Maker::new(Mem::default()).unwrap();
        for (k, d) in pairs {
            m.add(k, d).unwrap();
        }
        m.finish().unwrap().data
    }

    #[test]
    fn hash_known_answers() {
        // cdb_hash("") is the start value; others computed by the C formula.
        assert_eq!(hash(b""), 5381);
        assert_eq!(hash(b"a"), (5381u32 * 33) ^ 97);
        assert_eq!(hash(b"!joe\0"), {
            let mut h = 5381u32;
            for &c in b"!joe\0" {
                h = h.wrapping_mul(33) ^ c as u32;
            }
            h
        });
    }

    #[test]
    fn empty_cdb_is_a_bare_header() {
        let c = make(&[]);
        assert_eq!(c.len(), 2048);
        for b in 0..256 {
            assert_eq!(unpack(&c[8 * b..]), 2048);
            assert_eq!(unpack(&c[8 * b + 4..]), 0);
        }
        assert_eq!(find(&mut &c[..], b"x").unwrap(), None);
    }

    #[test]
    fn finds_first_of_duplicates_and_every_key() {
        let keys: Vec<Vec<u8>> = (0..3000).map(|i| format!("key{i}").into_bytes()).collect();
        let mut pairs: Vec<(&[u8], &[u8])> = keys.iter().map(|k| (&k[..], &k[1..])).collect();
        pairs.push((b"key7", b"second"));
        let c = make(&pairs);
        for k in &keys {
            assert_eq!(find(&mut &c[..], k).unwrap().as_deref(), Some(&k[1..]));
        }
        assert_eq!(find(&mut &c[..], b"nokey").unwrap(), None);
        // record area starts right after the header, in insertion order
        assert_eq!(&c[2048..2048 + 8], &[4, 0, 0, 0, 3, 0, 0, 0]);
        assert_eq!(&c[2056..2063], b"key0ey0");
    }

    #[test]
    fn finder_walks_every_record_of_a_key_in_order() {
        let c = make(&[(b"k", b"1"), (b"x", b"-"), (b"k", b"22"), (b"k", b"333")]);
        let mut f = Finder::default();
        let mut got = Vec::new();
        while let Some((pos, len)) = f.next(&mut &c[..], b"k").unwrap() {
            got.push(c[pos as usize..(pos + len) as usize].to_vec());
        }
        assert_eq!(got, vec![b"1".to_vec(), b"22".to_vec(), b"333".to_vec()]);
        assert_eq!(f.next(&mut &c[..], b"k").unwrap(), None);
        assert_eq!(Finder::default().next(&mut &c[..], b"y").unwrap(), None);
    }

    #[test]
    fn corrupt_files_give_errors_not_panics() {
        let c = make(&[(b"a", b"1"), (b"b", b"2")]);
        for cut in [0, 7, 100, 2048, 2055, c.len() - 1] {
            let short = &c[..cut];
            let _ = find(&mut &short[..], b"a");
            let _ = find(&mut &short[..], b"b");
        }
        let mut bad = c.clone();
        for b in bad.iter_mut().take(2048) {
            *b = 0xff;
        }
        assert!(find(&mut &bad[..], b"a").is_err());
    }
}
