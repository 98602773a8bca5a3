//! Test-only reader for the recorded tables under `tests/data/`.
//!
//! Rows are tab-separated; lines starting with `#` are comments. Byte
//! fields use a small escape scheme chosen by the recording probes:
//! `\\` is a backslash and `\xHH` is any byte; every other character
//! stands for itself.

/// The rows of a table, each split at tabs, comments skipped.
pub fn rows(data: &str) -> Vec<Vec<&str>> {
    data.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect()
}

/// Decodes one escaped byte field.
pub fn unesc(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'\\') {
            out.push(b'\\');
            i += 2;
        } else if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') && i + 4 <= b.len() {
            let hex = std::str::from_utf8(&b[i + 2..i + 4]).unwrap_or("");
            out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// A decimal field.
pub fn num<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().unwrap()
}
