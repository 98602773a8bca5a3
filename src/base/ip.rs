//! IPv4 addresses as qmail writes and reads them (ip_fmt, ip_scan,
//! ip_scanbracket).

use crate::base::fmt;

/// An IPv4 address (struct ip_address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct IpAddress(pub [u8; 4]);

/// ip_fmt: dotted decimal.
pub fn fmt(ip: &IpAddress) -> Vec<u8> {
    let mut v = Vec::with_capacity(15);
    for (i, d) in ip.0.iter().enumerate() {
        if i > 0 {
            v.push(b'.');
        }
        v.extend_from_slice(&fmt::ulong(*d as u64));
    }
    v
}

/// ip_scan: four decimal numbers separated by dots at the start of `s`,
/// each cut to its low 8 bits; text may follow. Returns the address and
/// the bytes used, or None.
pub fn scan(s: &[u8]) -> Option<(IpAddress, usize)> {
    let mut ip = IpAddress::default();
    let mut used = 0;
    for k in 0..4 {
        if k > 0 {
            if s.get(used) != Some(&b'.') {
                return None;
            }
            used += 1;
        }
        let (u, n) = fmt::scan_ulong(&s[used..]);
        if n == 0 {
            return None;
        }
        ip.0[k] = u as u8;
        used += n;
    }
    Some((ip, used))
}

/// ip_scanbracket: `[a.b.c.d]`; the length includes the brackets.
pub fn scan_bracket(s: &[u8]) -> Option<(IpAddress, usize)> {
    if s.first() != Some(&b'[') {
        return None;
    }
    let (ip, len) = scan(&s[1..])?;
    if s.get(len + 1) != Some(&b']') {
        return None;
    }
    Some((ip, len + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_scans_like_stock() {
        assert_eq!(fmt(&IpAddress([127, 0, 0, 1])), b"127.0.0.1");
        assert_eq!(fmt(&IpAddress([0, 0, 0, 0])), b"0.0.0.0");
        assert_eq!(scan(b"1.2.3.4"), Some((IpAddress([1, 2, 3, 4]), 7)));
        assert_eq!(scan(b"300.2.3.4xyz"), Some((IpAddress([44, 2, 3, 4]), 9)));
        assert_eq!(scan(b"1.2.3"), None);
        assert_eq!(scan(b"1..2.3"), None);
        assert_eq!(scan(b""), None);
        assert_eq!(
            scan_bracket(b"[10.0.0.1]>"),
            Some((IpAddress([10, 0, 0, 1]), 10))
        );
        assert_eq!(scan_bracket(b"[10.0.0.1"), None);
        assert_eq!(scan_bracket(b"10.0.0.1]"), None);
    }
}
