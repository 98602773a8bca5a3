//! constmap (stock's constmap.c): a case-insensitive lookup table over a
//! packed list (`a\0b:v\0`) that stays the caller's. Stock's struct is
//! part of the interface (C embeds it and its size), so the table is kept
//! in its fields as stock keeps it: chains of entry numbers per hash
//! bucket, newest first, each entry a pointer into the list and a length.
//! `base::constmap` is the crate's own table for Rust callers; this one
//! answers the same lookups.

use super::alloc::{alloc_free, malloc};
use super::{bytes, set_errno};
use std::os::raw::{c_char, c_int, c_ulong, c_void};
use std::ptr::null_mut;

/// `constmap_hash`.
pub type constmap_hash = c_ulong;

/// `struct constmap`, field for field as stock's constmap.h.
#[repr(C)]
#[derive(Debug)]
pub struct constmap {
    pub num: c_int,
    pub mask: constmap_hash,
    pub hash: *mut constmap_hash,
    pub first: *mut c_int,
    pub next: *mut c_int,
    pub input: *mut *mut c_char,
    pub inputlen: *mut c_int,
}

/// The table's hash of a key: 5381, then times 33 xor each byte, the
/// byte taken relative to 'A' with A-Z folded to lower case first.
fn hash(s: &[u8]) -> constmap_hash {
    let mut h: constmap_hash = 5381;
    for &c in s {
        let mut ch = c.wrapping_sub(b'A');
        if ch <= b'Z' - b'A' {
            ch += b'a' - b'A';
        }
        h = (h << 5).wrapping_add(h) ^ constmap_hash::from(ch);
    }
    h
}

/// A zeroed array of `n` `T`s from the library's allocator, or null.
fn array<T>(n: usize) -> *mut T {
    match n.checked_mul(std::mem::size_of::<T>()) {
        Some(b) => malloc(b.max(1)).cast(),
        None => {
            set_errno(libc::ENOMEM);
            null_mut()
        }
    }
}

/// constmap_init: builds the table over the `len` bytes at `s`, each
/// NUL-terminated entry a key, or with `flagcolon` a `key:value` (entries
/// without a colon left out). `s` must stay in place while the table is
/// used. 1, or 0 when out of memory.
///
/// # Safety
/// `cm` writable; `s` readable for `len` bytes for the table's life.
#[no_mangle]
pub unsafe extern "C" fn constmap_init(
    cm: *mut constmap,
    s: *mut c_char,
    len: c_int,
    flagcolon: c_int,
) -> c_int {
    // SAFETY: writable (the caller's promise).
    let Some(cm) = (unsafe { cm.as_mut() }) else {
        set_errno(libc::EINVAL);
        return 0;
    };
    // SAFETY: s readable for len bytes.
    let list = unsafe { bytes(s, len.max(0) as usize) };
    let num = list.iter().filter(|&&c| c == 0).count();
    let mut buckets: constmap_hash = 64;
    while buckets != 0 && (buckets as usize) < num {
        buckets = buckets.wrapping_add(buckets);
    }
    if buckets == 0 || num > c_int::MAX as usize {
        set_errno(libc::ENOMEM);
        return 0;
    }
    cm.num = num as c_int;
    cm.mask = buckets - 1;
    let first = array::<c_int>(buckets as usize);
    let input = array::<*mut c_char>(num);
    let inputlen = array::<c_int>(num);
    let hashes = array::<constmap_hash>(num);
    let next = array::<c_int>(num);
    if first.is_null()
        || input.is_null()
        || inputlen.is_null()
        || hashes.is_null()
        || next.is_null()
    {
        for p in [
            first.cast::<c_void>(),
            input.cast(),
            inputlen.cast(),
            hashes.cast(),
            next.cast(),
        ] {
            // SAFETY: null or a block just allocated here.
            unsafe { alloc_free(p) };
        }
        return 0;
    }
    // SAFETY: each block was just allocated for its count of elements and
    // nothing else refers to them yet.
    let (first_s, input_s, len_s, hash_s, next_s) = unsafe {
        (
            std::slice::from_raw_parts_mut(first, buckets as usize),
            std::slice::from_raw_parts_mut(input, num),
            std::slice::from_raw_parts_mut(inputlen, num),
            std::slice::from_raw_parts_mut(hashes, num),
            std::slice::from_raw_parts_mut(next, num),
        )
    };
    first_s.fill(-1);
    let mut pos = 0;
    let mut start = 0;
    for (j, &c) in list.iter().enumerate() {
        if c != 0 {
            continue;
        }
        let entry = &list[start..j];
        let key_len = if flagcolon != 0 {
            match entry.iter().position(|&c| c == b':') {
                Some(k) => k,
                None => {
                    start = j + 1;
                    continue;
                }
            }
        } else {
            entry.len()
        };
        let h = hash(&entry[..key_len]);
        input_s[pos] = s.wrapping_add(start);
        len_s[pos] = key_len as c_int;
        hash_s[pos] = h;
        let b = (h & cm.mask) as usize;
        next_s[pos] = first_s[b];
        first_s[b] = pos as c_int;
        pos += 1;
        start = j + 1;
    }
    cm.first = first;
    cm.input = input;
    cm.inputlen = inputlen;
    cm.hash = hashes;
    cm.next = next;
    1
}

/// constmap: the value of the key given by the `len` bytes at `s` (case
/// of A-Z ignored): a pointer just past the key in the list (the value
/// after the colon, or the end of an entry without one), or 0.
///
/// # Safety
/// `cm` a table from constmap_init (list still in place); `s` readable
/// for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn constmap(
    cm: *const constmap,
    s: *const c_char,
    len: c_int,
) -> *mut c_char {
    // SAFETY: a live table (the caller's promise).
    let Some(cm) = (unsafe { cm.as_ref() }) else {
        return null_mut();
    };
    if cm.first.is_null() {
        return null_mut();
    }
    // SAFETY: s readable for len bytes.
    let key = unsafe { bytes(s, len.max(0) as usize) };
    let h = hash(key);
    // SAFETY: first has mask + 1 entries.
    let mut pos = unsafe { *cm.first.add((h & cm.mask) as usize) };
    while pos >= 0 && pos < cm.num {
        let p = pos as usize;
        // SAFETY: p < num, the length of every per-entry array; each
        // input entry points at inputlen bytes of the caller's list.
        unsafe {
            let n = *cm.inputlen.add(p);
            let at = *cm.input.add(p);
            if *cm.hash.add(p) == h
                && n == len
                && crate::base::case::diffb(bytes(at, n as usize), key, n as usize) == 0
            {
                return at.add(n as usize + 1);
            }
            pos = *cm.next.add(p);
        }
    }
    null_mut()
}

/// constmap_free: releases the table's arrays (not the list).
///
/// # Safety
/// `cm` a table from constmap_init, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn constmap_free(cm: *mut constmap) {
    // SAFETY: a live table (the caller's promise).
    let Some(cm) = (unsafe { cm.as_mut() }) else {
        return;
    };
    for p in [
        cm.next.cast::<c_void>(),
        cm.hash.cast(),
        cm.inputlen.cast(),
        cm.input.cast(),
        cm.first.cast(),
    ] {
        // SAFETY: null or arrays constmap_init allocated.
        unsafe { alloc_free(p) };
    }
    cm.first = null_mut();
    cm.next = null_mut();
    cm.hash = null_mut();
    cm.input = null_mut();
    cm.inputlen = null_mut();
}
