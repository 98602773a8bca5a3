//! Number formatting and scanning (fmt_ulong, fmt_uint0, scan_ulong, ...).

/// Decimal digits of `u` (fmt_ulong).
pub fn ulong(u: u64) -> Vec<u8> {
    u.to_string().into_bytes()
}

/// Decimal digits of `u` without allocating: the digits are `buf[..len]`
/// of the returned (buf, len).
pub fn ulong_digits(mut u: u64) -> ([u8; 20], usize) {
    let mut rev = [0u8; 20];
    let mut len = 0;
    loop {
        rev[len] = b'0' + (u % 10) as u8;
        len += 1;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    let mut buf = [0u8; 20];
    for (d, s) in buf.iter_mut().zip(rev[..len].iter().rev()) {
        *d = *s;
    }
    (buf, len)
}

/// Decimal digits of `u`, left-padded with '0' to at least `n` (fmt_uint0).
pub fn uint0(u: u64, n: usize) -> Vec<u8> {
    let mut s = ulong(u);
    while s.len() < n {
        s.insert(0, b'0');
    }
    s
}

/// Scans digits of `base` at the start of `s`: the value (wrapping at 2^64
/// like C's unsigned long) and how many bytes were used; 0 used means no
/// digit.
fn scan_base(s: &[u8], base: u8) -> (u64, usize) {
    let mut v: u64 = 0;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        let d = c.wrapping_sub(b'0');
        if d >= base {
            break;
        }
        v = v.wrapping_mul(base as u64).wrapping_add(d as u64);
        i += 1;
    }
    (v, i)
}

/// scan_ulong: decimal, see [`scan_base`].
pub fn scan_ulong(s: &[u8]) -> (u64, usize) {
    scan_base(s, 10)
}

/// scan_8long: octal, see [`scan_base`].
pub fn scan_8long(s: &[u8]) -> (u64, usize) {
    scan_base(s, 8)
}

/// `s` as a netstring: its length, `:`, the bytes, `,`.
pub fn netstring(s: &[u8]) -> Vec<u8> {
    let mut v = ulong(s.len() as u64);
    v.push(b':');
    v.extend_from_slice(s);
    v.push(b',');
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_scans() {
        assert_eq!(ulong(0), b"0");
        assert_eq!(ulong(4294967297), b"4294967297");
        assert_eq!(uint0(7, 3), b"007");
        for u in [0, 9, 10, 4294967297, u64::MAX] {
            let (b, n) = ulong_digits(u);
            assert_eq!(&b[..n], &ulong(u)[..]);
        }
        assert_eq!(uint0(1234, 2), b"1234");
        assert_eq!(scan_ulong(b"10abc"), (10, 2));
        assert_eq!(scan_ulong(b"x"), (0, 0));
        assert_eq!(scan_ulong(b"18446744073709551617"), (1, 20));
        assert_eq!(scan_8long(b"0755 "), (0o755, 4));
        assert_eq!(scan_8long(b"8"), (0, 0));
    }
}
