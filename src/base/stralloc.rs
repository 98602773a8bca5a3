//! Growing byte strings without unbounded or panicking allocation.
//!
//! qmail's stralloc is a `Vec<u8>` here; the only thing that matters for
//! behaviour is that growth can fail, and that failure becomes the program's
//! "out of memory" answer (ENOMEM) instead of an abort. Every append in the
//! library goes through these helpers.

use crate::sys::Errno;

/// Makes room for `n` more bytes, or fails with ENOMEM.
pub fn readyplus(v: &mut Vec<u8>, n: usize) -> Result<(), Errno> {
    v.try_reserve(n).map_err(|_| Errno(libc::ENOMEM))
}

/// Appends `b` (stralloc_catb).
pub fn cat(v: &mut Vec<u8>, b: &[u8]) -> Result<(), Errno> {
    readyplus(v, b.len())?;
    v.extend_from_slice(b);
    Ok(())
}

/// Replaces the contents with `b` (stralloc_copyb).
pub fn copy(v: &mut Vec<u8>, b: &[u8]) -> Result<(), Errno> {
    v.clear();
    cat(v, b)
}

/// Appends one byte (stralloc_append).
pub fn append(v: &mut Vec<u8>, c: u8) -> Result<(), Errno> {
    readyplus(v, 1)?;
    v.push(c);
    Ok(())
}

/// Appends a NUL that counts in the length (stralloc_0).
pub fn nul(v: &mut Vec<u8>) -> Result<(), Errno> {
    append(v, 0)
}

/// stralloc's growth rule: a string that needs room for `n` bytes and has
/// less gets 30 + n + n/8. None when that does not fit in 32 bits (stock
/// wraps around there; the C ABI reports out of memory instead).
pub fn grown_size(n: u32) -> Option<u32> {
    30u32.checked_add(n)?.checked_add(n >> 3)
}

/// A copy of `b` in a new vector, or ENOMEM.
pub fn of(b: &[u8]) -> Result<Vec<u8>, Errno> {
    let mut v = Vec::new();
    cat(&mut v, b)?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_and_copies() {
        let mut v = Vec::new();
        cat(&mut v, b"ab").unwrap();
        append(&mut v, b'c').unwrap();
        nul(&mut v).unwrap();
        assert_eq!(v, b"abc\0");
        copy(&mut v, b"x").unwrap();
        assert_eq!(v, b"x");
    }

    #[test]
    fn growth_rule() {
        assert_eq!(grown_size(0), Some(30));
        assert_eq!(grown_size(80), Some(120));
        assert_eq!(grown_size(u32::MAX - 100), None);
    }

    #[test]
    fn impossible_growth_is_enomem_not_abort() {
        let mut v = vec![0u8; 1];
        assert_eq!(readyplus(&mut v, usize::MAX), Err(Errno(libc::ENOMEM)));
    }
}
