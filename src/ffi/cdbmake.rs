//! cdbmake.h, cdbmss.h and cdb_make.h: writing a constant database. The
//! records and tables are written by [`crate::base::cdb`]; what C can see of the
//! work in progress (the list of (hash, position) pairs, the header in
//! `final`) is kept in the C structs as stock keeps it.

use super::alloc::malloc;
use super::cdb::uint32;
use super::substdio::{fd_write, substdio, substdio_fdbuf, with_out};
use super::{bytes, set_errno};
use crate::base::cdb;
use crate::sys::{self, Errno};
use std::os::raw::{c_char, c_int, c_uint};
use std::ptr::{addr_of_mut, null_mut};

/// Pairs per list node (CDBMAKE_HPLIST).
pub const CDBMAKE_HPLIST: usize = 1000;

/// One record's hash and position.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cdbmake_hp {
    pub h: uint32,
    pub p: uint32,
}

/// A node of the list of pairs, newest node first; `num` pairs in use.
#[repr(C)]
pub struct cdbmake_hplist {
    pub hp: [cdbmake_hp; CDBMAKE_HPLIST],
    pub next: *mut cdbmake_hplist,
    pub num: c_int,
}

/// The table builder's state: the header being made, counts per table,
/// the list of pairs, the number of records.
#[repr(C)]
pub struct cdbmake {
    pub final_: [c_char; 2048],
    pub count: [uint32; 256],
    pub start: [uint32; 256],
    pub head: *mut cdbmake_hplist,
    pub split: *mut cdbmake_hp,
    pub hash: *mut cdbmake_hp,
    pub numentries: uint32,
}

/// A database being written to a seekable fd (stock's cdbmss).
#[repr(C)]
pub struct cdbmss {
    pub ssbuf: [c_char; 1024],
    pub cdbm: cdbmake,
    pub ss: substdio,
    pub packbuf: [c_char; 8],
    pub pos: uint32,
    pub fd: c_int,
}

/// The `struct cdb` family's writer: same pieces, an 8192-byte buffer
/// (`b` its substdio).
#[repr(C)]
pub struct cdb_make {
    pub bspace: [c_char; 8192],
    pub final_: [c_char; 2048],
    pub count: [uint32; 256],
    pub start: [uint32; 256],
    pub head: *mut cdbmake_hplist,
    pub split: *mut cdbmake_hp,
    pub hash: *mut cdbmake_hp,
    pub numentries: uint32,
    pub b: substdio,
    pub pos: uint32,
    pub fd: c_int,
}

/// The allocator cdbmake_add is given (stock passes `alloc`).
pub type cdbmake_alloc = unsafe extern "C" fn(c_uint) -> *mut c_char;

/// Records (h, p) in the list at `*head`, getting a new node from `alloc`
/// when the first is full. False (errno from `alloc`) when it cannot.
fn list_add(
    head: &mut *mut cdbmake_hplist,
    numentries: &mut uint32,
    h: uint32,
    p: uint32,
    alloc: &mut dyn FnMut(usize) -> *mut c_char,
) -> bool {
    // SAFETY: *head is null or a node this list made.
    let full = unsafe { head.as_ref() }.map_or(true, |n| n.num as usize >= CDBMAKE_HPLIST);
    if full {
        let node = alloc(std::mem::size_of::<cdbmake_hplist>()) as *mut cdbmake_hplist;
        if node.is_null() {
            return false;
        }
        // SAFETY: node is a fresh block big enough for a node; the two
        // fields are written without reading the rest.
        unsafe {
            addr_of_mut!((*node).num).write(0);
            addr_of_mut!((*node).next).write(*head);
        }
        *head = node;
    }
    // SAFETY: *head is a node with room for one more pair.
    let n = unsafe { &mut **head };
    n.hp[n.num as usize] = cdbmake_hp { h, p };
    n.num += 1;
    *numentries = numentries.wrapping_add(1);
    true
}

/// Every pair of the list, oldest first.
fn list_pairs(head: *mut cdbmake_hplist) -> sys::Result<Vec<(u32, u32)>> {
    let mut nodes = Vec::new();
    let mut x = head;
    // SAFETY: the list's nodes are live and end in null.
    while let Some(n) = unsafe { x.as_ref() } {
        nodes.try_reserve(1).map_err(|_| Errno(libc::ENOMEM))?;
        nodes.push(n);
        x = n.next;
    }
    let mut all = Vec::new();
    for n in nodes.iter().rev() {
        let used = &n.hp[..(n.num.max(0) as usize).min(CDBMAKE_HPLIST)];
        all.try_reserve(used.len())
            .map_err(|_| Errno(libc::ENOMEM))?;
        all.extend(used.iter().map(|hp| (hp.h, hp.p)));
    }
    Ok(all)
}

/// Frees the nodes of a list made with this library's allocator.
fn list_free(head: &mut *mut cdbmake_hplist) {
    while !head.is_null() {
        let n = *head;
        // SAFETY: n is a live node from malloc; read its link, then free it.
        unsafe {
            *head = (*n).next;
            libc::free(n.cast());
        }
    }
}

/// cdbmake_pack: `num` as 4 little-endian bytes at `buf`.
///
/// # Safety
/// `buf` writable for 4 bytes.
#[no_mangle]
pub unsafe extern "C" fn cdbmake_pack(buf: *mut c_char, num: uint32) {
    if !buf.is_null() {
        // SAFETY: buf is writable for 4 bytes.
        unsafe { std::ptr::copy_nonoverlapping(cdb::pack(num).as_ptr().cast(), buf, 4) }
    }
}

/// cdbmake_hashadd: the cdb hash `h` extended by the byte `c`
/// (start from CDBMAKE_HASHSTART).
#[no_mangle]
pub extern "C" fn cdbmake_hashadd(h: uint32, c: c_uint) -> uint32 {
    h.wrapping_add(h << 5) ^ (c & 255)
}

/// cdbmake_init: an empty list.
///
/// # Safety
/// `cdbm` writable.
#[no_mangle]
pub unsafe extern "C" fn cdbmake_init(cdbm: *mut cdbmake) {
    // SAFETY: cdbm is writable (the caller's promise).
    if let Some(m) = unsafe { cdbm.as_mut() } {
        m.head = null_mut();
        m.split = null_mut();
        m.hash = null_mut();
        m.numentries = 0;
    }
}

/// cdbmake_add: records the pair (h, p), getting list nodes from
/// `alloc`. 1, or 0 when `alloc` fails.
///
/// # Safety
/// `cdbm` a valid cdbmake; `alloc` returns null or a block of the size
/// asked for.
#[no_mangle]
pub unsafe extern "C" fn cdbmake_add(
    cdbm: *mut cdbmake,
    h: uint32,
    p: uint32,
    alloc: Option<cdbmake_alloc>,
) -> c_int {
    // SAFETY: cdbm points at a live struct (the caller's promise).
    let (Some(m), Some(alloc)) = (unsafe { cdbm.as_mut() }, alloc) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    // SAFETY: alloc is the caller's allocator.
    let mut get = |n: usize| unsafe { alloc(n as c_uint) };
    list_add(&mut m.head, &mut m.numentries, h, p, &mut get) as c_int
}

/// cdbmake_split: counts the pairs of each of the 256 tables into
/// `count`, gets from `alloc` one block for `split` (every pair, sorted
/// by table, table `i` starting at `start[i]`) followed by `hash` (room
/// for the largest table at twice its count), and fills `split` and
/// `start`. 1, or 0 when the block would be too large for 32 bits or
/// `alloc` fails.
///
/// # Safety
/// `cdbm` a valid cdbmake whose list holds `numentries` pairs; `alloc`
/// returns null or a block of the size asked for.
#[no_mangle]
pub unsafe extern "C" fn cdbmake_split(cdbm: *mut cdbmake, alloc: Option<cdbmake_alloc>) -> c_int {
    // SAFETY: a live struct (the caller's promise).
    let (Some(m), Some(alloc)) = (unsafe { cdbm.as_mut() }, alloc) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    // Oldest node last, as the list is kept; the pairs as C left them.
    let mut nodes: Vec<&cdbmake_hplist> = Vec::new();
    let mut x = m.head;
    // SAFETY: the list's nodes are live and end in null.
    while let Some(n) = unsafe { x.as_ref() } {
        if nodes.try_reserve(1).is_err() {
            set_errno(libc::ENOMEM);
            return 0;
        }
        nodes.push(n);
        x = n.next;
    }
    let used = |n: &cdbmake_hplist| (n.num.max(0) as usize).min(CDBMAKE_HPLIST);
    m.count = [0; 256];
    let mut total: u64 = 0;
    for n in &nodes {
        for hp in &n.hp[..used(n)] {
            let b = (hp.h & 255) as usize;
            m.count[b] = m.count[b].wrapping_add(1);
            total += 1;
        }
    }
    if total != u64::from(m.numentries) {
        // split must hold exactly numentries pairs before hash
        set_errno(libc::EINVAL);
        return 0;
    }
    let widest = m.count.iter().map(|&c| u64::from(c) * 2).max().unwrap_or(0);
    let memsize = widest.max(1) + total;
    let unit = std::mem::size_of::<cdbmake_hp>() as u64;
    if memsize > u64::from(u32::MAX) / unit {
        return 0;
    }
    // SAFETY: the caller's allocator, asked for memsize pairs.
    let block = unsafe { alloc((memsize * unit) as c_uint) } as *mut cdbmake_hp;
    if block.is_null() {
        return 0;
    }
    // SAFETY: a fresh block of memsize pairs, all of it ours to fill; no
    // other reference to it exists.
    let all = unsafe { std::slice::from_raw_parts_mut(block, memsize as usize) };
    let mut u: uint32 = 0;
    for i in 0..256 {
        u = u.wrapping_add(m.count[i]);
        m.start[i] = u;
    }
    for n in &nodes {
        for hp in n.hp[..used(n)].iter().rev() {
            let b = (hp.h & 255) as usize;
            m.start[b] -= 1;
            all[m.start[b] as usize] = *hp;
        }
    }
    m.split = block;
    // SAFETY: total <= memsize: the hash area starts inside the block.
    m.hash = unsafe { block.add(total as usize) };
    1
}

/// cdbmake_throw: builds table `b` in `hash` (count[b] pairs spread over
/// twice as many slots, each at its hash's upper bits modulo the size,
/// moving on to the next free slot), records its position `pos` and its
/// number of slots in `final`, and returns that number (0 for an empty
/// table or a `b` outside 0..255).
///
/// # Safety
/// `cdbm` a valid cdbmake after a successful cdbmake_split.
#[no_mangle]
pub unsafe extern "C" fn cdbmake_throw(cdbm: *mut cdbmake, pos: uint32, b: c_int) -> uint32 {
    // SAFETY: a live struct (the caller's promise).
    let Some(m) = (unsafe { cdbm.as_mut() }) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    let Ok(b) = usize::try_from(b) else {
        return 0;
    };
    if b >= 256 {
        return 0;
    }
    let count = m.count[b] as usize;
    let len = count * 2;
    m.final_[8 * b..8 * b + 4].copy_from_slice(&cdb::pack(pos).map(|c| c as c_char));
    m.final_[8 * b + 4..8 * b + 8].copy_from_slice(&cdb::pack(len as u32).map(|c| c as c_char));
    if len == 0 || m.split.is_null() || m.hash.is_null() {
        return len as uint32;
    }
    if m.start[b] as usize + count > m.numentries as usize {
        // not the state cdbmake_split left: refuse rather than overrun
        set_errno(libc::EINVAL);
        return 0;
    }
    // SAFETY: cdbmake_split made split hold every pair (table b's count
    // of them from start[b]) and hash room for twice the largest count;
    // the two areas do not overlap.
    let (pairs, hash) = unsafe {
        (
            std::slice::from_raw_parts(m.split.add(m.start[b] as usize), count),
            std::slice::from_raw_parts_mut(m.hash, len),
        )
    };
    hash.fill(cdbmake_hp { h: 0, p: 0 });
    for hp in pairs {
        let mut at = (hp.h >> 8) as usize % len;
        while hash[at].p != 0 {
            at = (at + 1) % len;
        }
        hash[at] = *hp;
    }
    len as uint32
}

/// The writer's pieces that cdbmss and cdb_make share.
struct Parts<'a> {
    ss: *mut substdio,
    head: &'a mut *mut cdbmake_hplist,
    numentries: &'a mut uint32,
    count: &'a mut [uint32; 256],
    final_: &'a mut [c_char; 2048],
    pos: &'a mut uint32,
    fd: c_int,
}

fn start(ss: *mut substdio, buf: *mut c_char, len: usize, fd: c_int) -> c_int {
    // SAFETY: ss and buf belong to the same live struct; buf holds len bytes.
    unsafe { substdio_fdbuf(ss, Some(fd_write), fd, buf, len as c_int) };
    super::zero_or_minus1(sys::seek_set(fd, 2048))
}

/// Writes one record and remembers it.
fn add(w: Parts, key: &[u8], data: &[u8]) -> c_int {
    if with_out(w.ss, |o| cdb::add_record(o, key, data)) == -1 {
        return -1;
    }
    if !list_add(w.head, w.numentries, cdb::hash(key), *w.pos, &mut malloc) {
        return -1;
    }
    *w.pos = cdb::next_pos(*w.pos, key.len(), data.len());
    0
}

/// Writes the tables and the header, and frees the list.
fn finish(w: Parts) -> c_int {
    let hp = match list_pairs(*w.head) {
        Ok(hp) => hp,
        Err(e) => {
            set_errno(e.0);
            return -1;
        }
    };
    for c in w.count.iter_mut() {
        *c = 0;
    }
    for &(h, _) in &hp {
        w.count[(h & 255) as usize] += 1;
    }
    let mut header = [0u8; 2048];
    let pos = w.pos;
    if with_out(w.ss, |o| {
        header = cdb::write_tables(o, &hp, pos)?;
        o.flush()
    }) == -1
    {
        return -1;
    }
    list_free(w.head);
    for (d, s) in w.final_.iter_mut().zip(header) {
        *d = s as c_char;
    }
    if let Err(e) = sys::seek_set(w.fd, 0) {
        set_errno(e.0);
        return -1;
    }
    with_out(w.ss, |o| o.putflush(&header))
}

macro_rules! parts {
    ($c:expr, $ss:ident, $m:expr) => {
        Parts {
            ss: addr_of_mut!($c.$ss),
            head: &mut $m.head,
            numentries: &mut $m.numentries,
            count: &mut $m.count,
            final_: &mut $m.final_,
            pos: &mut $c.pos,
            fd: $c.fd,
        }
    };
}

/// The key and data of an add call.
///
/// # Safety
/// Both readable for their lengths.
unsafe fn kd<'a>(
    key: *const c_char,
    klen: c_uint,
    data: *const c_char,
    dlen: c_uint,
) -> (&'a [u8], &'a [u8]) {
    // SAFETY: as documented.
    unsafe { (bytes(key, klen as usize), bytes(data, dlen as usize)) }
}

/// cdbmss_start: `c` writes a database to the seekable `fd`, records
/// first (the fd is moved past the header). 0, or -1 with errno.
///
/// # Safety
/// `c` writable.
#[no_mangle]
pub unsafe extern "C" fn cdbmss_start(c: *mut cdbmss, fd: c_int) -> c_int {
    // SAFETY: c points at a live struct (the caller's promise).
    let Some(c) = (unsafe { c.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: c.cdbm is part of the live struct.
    unsafe { cdbmake_init(&mut c.cdbm) };
    c.fd = fd;
    c.pos = 2048;
    let buf = c.ssbuf.as_mut_ptr();
    start(&mut c.ss, buf, c.ssbuf.len(), fd)
}

/// cdbmss_add: adds the record (key, data). 0, or -1 with errno.
///
/// # Safety
/// `c` started with cdbmss_start; `key` and `data` readable for their
/// lengths.
#[no_mangle]
pub unsafe extern "C" fn cdbmss_add(
    c: *mut cdbmss,
    key: *const c_char,
    keylen: c_uint,
    data: *const c_char,
    datalen: c_uint,
) -> c_int {
    // SAFETY: c points at a live struct (the caller's promise).
    let Some(c) = (unsafe { c.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: as documented.
    let (k, d) = unsafe { kd(key, keylen, data, datalen) };
    add(parts!(c, ss, c.cdbm), k, d)
}

/// cdbmss_finish: writes the hash tables, then the header at the start
/// of the file. 0, or -1 with errno. The fd stays open.
///
/// # Safety
/// `c` started with cdbmss_start.
#[no_mangle]
pub unsafe extern "C" fn cdbmss_finish(c: *mut cdbmss) -> c_int {
    // SAFETY: c points at a live struct (the caller's promise).
    let Some(c) = (unsafe { c.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    finish(parts!(c, ss, c.cdbm))
}

/// cdb_make_start: `c` writes a database to the seekable `fd`. 0, or -1
/// with errno.
///
/// # Safety
/// `c` writable.
#[no_mangle]
pub unsafe extern "C" fn cdb_make_start(c: *mut cdb_make, fd: c_int) -> c_int {
    // SAFETY: c points at a live struct (the caller's promise).
    let Some(c) = (unsafe { c.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    c.head = null_mut();
    c.split = null_mut();
    c.hash = null_mut();
    c.numentries = 0;
    c.fd = fd;
    c.pos = 2048;
    let buf = c.bspace.as_mut_ptr();
    start(&mut c.b, buf, c.bspace.len(), fd)
}

/// cdb_make_addbegin: writes a record's lengths; the caller then writes
/// its key and data through `c->b` and calls cdb_make_addend. 0, or -1
/// with errno.
///
/// # Safety
/// `c` started with cdb_make_start.
#[no_mangle]
pub unsafe extern "C" fn cdb_make_addbegin(
    c: *mut cdb_make,
    keylen: c_uint,
    datalen: c_uint,
) -> c_int {
    // SAFETY: c points at a live struct (the caller's promise).
    let Some(c) = (unsafe { c.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    with_out(&mut c.b, |o| {
        o.put(&cdb::pack(keylen))?;
        o.put(&cdb::pack(datalen))
    })
}

/// cdb_make_addend: remembers the record just written (key hash `h`).
/// 0, or -1 with errno ENOMEM (also when the file would pass 4 GiB).
///
/// # Safety
/// `c` started with cdb_make_start.
#[no_mangle]
pub unsafe extern "C" fn cdb_make_addend(
    c: *mut cdb_make,
    keylen: c_uint,
    datalen: c_uint,
    h: uint32,
) -> c_int {
    // SAFETY: c points at a live struct (the caller's promise).
    let Some(c) = (unsafe { c.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    let next = c
        .pos
        .checked_add(8)
        .and_then(|p| p.checked_add(keylen))
        .and_then(|p| p.checked_add(datalen));
    let Some(next) = next else {
        set_errno(libc::ENOMEM);
        return -1;
    };
    if !list_add(&mut c.head, &mut c.numentries, h, c.pos, &mut malloc) {
        return -1;
    }
    c.pos = next;
    0
}

/// cdb_make_add: adds the record (key, data). 0, or -1 with errno.
///
/// # Safety
/// `c` started with cdb_make_start; `key` and `data` readable for their
/// lengths.
#[no_mangle]
pub unsafe extern "C" fn cdb_make_add(
    c: *mut cdb_make,
    key: *const c_char,
    keylen: c_uint,
    data: *const c_char,
    datalen: c_uint,
) -> c_int {
    // SAFETY: c points at a live struct (the caller's promise).
    let Some(c) = (unsafe { c.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: as documented.
    let (k, d) = unsafe { kd(key, keylen, data, datalen) };
    add(parts!(c, b, c), k, d)
}

/// cdb_make_finish: writes the hash tables, then the header. 0, or -1
/// with errno. The fd stays open.
///
/// # Safety
/// `c` started with cdb_make_start.
#[no_mangle]
pub unsafe extern "C" fn cdb_make_finish(c: *mut cdb_make) -> c_int {
    // SAFETY: c points at a live struct (the caller's promise).
    let Some(c) = (unsafe { c.as_mut() }) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    finish(parts!(c, b, c))
}
