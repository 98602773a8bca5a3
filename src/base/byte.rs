//! Byte-array searching and comparison with qmail's answers (byte_chr,
//! byte_rchr, byte_diff, str_start): "not found" is the length, and a
//! difference is that of the first differing bytes taken as unsigned.

/// Index of the first `c` in `s`, or `s.len()` when there is none.
pub fn chr(s: &[u8], c: u8) -> usize {
    s.iter().position(|&x| x == c).unwrap_or(s.len())
}

/// Index of the last `c` in `s`, or `s.len()` when there is none.
pub fn rchr(s: &[u8], c: u8) -> usize {
    s.iter().rposition(|&x| x == c).unwrap_or(s.len())
}

/// 0 when `s` and `t` hold the same bytes, else the first differing byte
/// of `s` minus that of `t` (both unsigned). Compares the common length.
pub fn diff(s: &[u8], t: &[u8]) -> i32 {
    s.iter()
        .zip(t)
        .find(|(a, b)| a != b)
        .map_or(0, |(&a, &b)| a as i32 - b as i32)
}

/// True when `s` begins with `prefix`.
pub fn starts(s: &[u8], prefix: &[u8]) -> bool {
    s.starts_with(prefix)
}

/// The bytes before the first NUL (all of `s` when it has none): how C
/// code sees a buffer it treats as a string.
pub fn cstr(s: &[u8]) -> &[u8] {
    &s[..chr(s, 0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_like_c() {
        assert_eq!(chr(b"abcabc", b'c'), 2);
        assert_eq!(chr(b"abc", b'x'), 3);
        assert_eq!(rchr(b"abcabc", b'a'), 3);
        assert_eq!(rchr(b"abc", b'x'), 3);
        assert_eq!(diff(b"abc", b"abc"), 0);
        assert_eq!(diff(b"abd", b"abc"), 1);
        assert_eq!(diff(b"\xff", b"\x01"), 254);
        assert_eq!(diff(b"\x01", b"\xff"), -254);
        assert!(starts(b"hello", b"he"));
        assert!(!starts(b"h", b"he"));
    }

    #[test]
    fn cstr_stops_at_the_first_nul() {
        assert_eq!(cstr(b"a\0b"), b"a");
        assert_eq!(cstr(b"ab"), b"ab");
        assert_eq!(cstr(b""), b"");
    }
}
