//! ASCII case-insensitive comparison (case_diffb, case_diffs, case_lowerb,
//! case_starts). Only A-Z/a-z fold; other bytes compare as they are.

fn low(c: u8) -> u8 {
    c.to_ascii_lowercase()
}

/// case_diffb: compares `len` bytes case-insensitively; the sign of the
/// first difference (of the lowercased bytes), or 0.
pub fn diffb(s: &[u8], t: &[u8], len: usize) -> i32 {
    for i in 0..len {
        let x = low(*s.get(i).unwrap_or(&0));
        let y = low(*t.get(i).unwrap_or(&0));
        if x != y {
            return x as i32 - y as i32;
        }
    }
    0
}

/// case_diffs: compares two C strings (the bytes up to the end of the slice
/// or a NUL) case-insensitively.
pub fn diffs(s: &[u8], t: &[u8]) -> i32 {
    let mut i = 0;
    loop {
        let x = low(*s.get(i).unwrap_or(&0));
        let y = low(*t.get(i).unwrap_or(&0));
        if x != y {
            return x as i32 - y as i32;
        }
        if x == 0 {
            return 0;
        }
        i += 1;
    }
}

/// True when the two byte strings are equal ignoring ASCII case.
pub fn equal(s: &[u8], t: &[u8]) -> bool {
    s.eq_ignore_ascii_case(t)
}

/// case_lowerb: lowercases in place.
pub fn lowerb(s: &mut [u8]) {
    s.make_ascii_lowercase()
}

/// case_starts: `s` begins with `prefix`, ignoring case.
pub fn starts(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && equal(&s[..prefix.len()], prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_ascii_only() {
        assert_eq!(diffs(b"Example.COM", b"example.com"), 0);
        assert!(diffs(b"a", b"b") < 0);
        assert!(diffs(b"ab", b"a") > 0);
        assert_eq!(diffb(b"ABC", b"abd", 2), 0);
        assert!(!equal("\u{e9}".as_bytes(), "\u{c9}".as_bytes()));
        assert!(starts(b"Received: x", b"received:"));
        let mut v = b"MiXeD".to_vec();
        lowerb(&mut v);
        assert_eq!(v, b"mixed");
    }
}
