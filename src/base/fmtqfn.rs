//! Queue file names (fmtqfn): `dir/` then, for the hashed directories
//! (mess, info, local, remote), the subdirectory `id % conf-split` and a
//! slash, then the id (the message's inode number) in decimal.

use crate::base::fmt;
use crate::conf::AUTO_SPLIT;

/// The name of message `id` under `dirslash` (which ends in `/`), with the
/// split subdirectory when `flagsplit` is set. The C also writes a
/// terminating NUL; the path wrappers in `sys` add their own.
pub fn fmtqfn(dirslash: &[u8], id: u64, flagsplit: bool) -> Vec<u8> {
    let mut s = Vec::with_capacity(dirslash.len() + 2 * 20 + 1);
    s.extend_from_slice(dirslash);
    if flagsplit {
        s.extend_from_slice(&fmt::ulong(id % split()));
        s.push(b'/');
    }
    s.extend_from_slice(&fmt::ulong(id));
    s
}

/// conf-split as the unsigned long the C divides by. A conf-split below 1
/// would make the C divide by zero; here it counts as 1 instead.
fn split() -> u64 {
    u64::try_from(AUTO_SPLIT).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::tsv::{num, rows, unesc};

    /// `tests/data/fmtqfn.tsv` was recorded by a probe linked with the
    /// reference's fmtqfn.o and auto_split.o (conf-split 23). Columns:
    /// dirslash, id, flagsplit, the length the C reports (NUL included),
    /// the name.
    #[test]
    fn matches_recorded_c_table() {
        assert_eq!(AUTO_SPLIT, 23, "table recorded with conf-split 23");
        let data = include_str!("../../tests/data/fmtqfn.tsv");
        let mut n = 0;
        for f in rows(data) {
            let name = fmtqfn(&unesc(f[0]), num(f[1]), f[2] == "1");
            assert_eq!(name, unesc(f[4]), "{f:?}");
            assert_eq!(name.len() + 1, num::<usize>(f[3]), "{f:?}");
            n += 1;
        }
        assert!(n > 300);
    }
}
