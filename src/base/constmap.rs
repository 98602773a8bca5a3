//! constmap: a read-only, case-insensitive lookup table built from a packed
//! control list (`a\0b\0`).
//!
//! Keys fold ASCII A-Z only. With `flagcolon`, each entry is split at its
//! first `:` into key and value, and entries without a colon are left out;
//! without it, the whole entry is the key and the value is empty. When a key
//! repeats, the last entry wins (qmail chains later entries in front).

use crate::sys::Errno;
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct Constmap {
    map: HashMap<Vec<u8>, Vec<u8>>,
}

impl Constmap {
    /// constmap_init. Fails only when memory runs out.
    pub fn new(list: &[u8], flagcolon: bool) -> Result<Self, Errno> {
        let nomem = |_| Errno(libc::ENOMEM);
        let mut map = HashMap::new();
        let n = list.iter().filter(|&&c| c == 0).count();
        map.try_reserve(n).map_err(nomem)?;
        // Only NUL-terminated entries count; trailing bytes without a NUL are
        // ignored, as in C.
        let mut rest = list;
        while let Some(end) = rest.iter().position(|&c| c == 0) {
            let entry = &rest[..end];
            rest = &rest[end + 1..];
            let (key, value) = if flagcolon {
                match entry.iter().position(|&c| c == b':') {
                    Some(k) => (&entry[..k], &entry[k + 1..]),
                    None => continue,
                }
            } else {
                (entry, &entry[entry.len()..])
            };
            let mut k = crate::base::stralloc::of(key)?;
            k.make_ascii_lowercase();
            map.insert(k, crate::base::stralloc::of(value)?);
        }
        Ok(Constmap { map })
    }

    /// constmap: the value for `key` (case-insensitive), or None.
    pub fn get(&self, key: &[u8]) -> Option<&[u8]> {
        self.map
            .get(&key.to_ascii_lowercase())
            .map(|v| v.as_slice())
    }

    /// True when `key` is present.
    pub fn contains(&self, key: &[u8]) -> bool {
        self.get(key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_when_asked_and_match_whole_keys() {
        let m = Constmap::new(b"Example.COM\0other\0", false).unwrap();
        assert!(m.contains(b"example.com"));
        assert!(m.contains(b"OTHER"));
        assert_eq!(m.get(b"other"), Some(&b""[..]));
        assert!(!m.contains(b"example"));
    }

    #[test]
    fn colon_split_last_wins_and_colonless_dropped() {
        let m = Constmap::new(b"a.com:one\0nocolon\0A.COM:two\0b:\0:all\0", true).unwrap();
        assert_eq!(m.get(b"a.com"), Some(&b"two"[..]));
        assert_eq!(m.get(b"b"), Some(&b""[..]));
        assert_eq!(m.get(b""), Some(&b"all"[..]));
        assert!(!m.contains(b"nocolon"));
    }

    #[test]
    fn only_ascii_letters_fold() {
        let m = Constmap::new("\u{c9}t\u{e9}\0".as_bytes(), false).unwrap();
        assert!(m.contains("\u{c9}t\u{e9}".as_bytes()));
        assert!(!m.contains("\u{e9}t\u{e9}".as_bytes()));
        assert!(!Constmap::new(b"unterminated", false)
            .unwrap()
            .contains(b"unterminated"));
    }
}
