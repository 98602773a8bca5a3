//! Walking the hashed queue directories (readsubdir): every id in
//! `name/0` .. `name/(conf-split - 1)`, one step per call.
//!
//! A step either opens the next subdirectory, reads one entry, or notices
//! the end of the current subdirectory; each of those that yields no id
//! says [`Next::Again`], so a caller that takes one step per pass of its
//! main loop paces itself like qmail-send. Entries that are not all
//! digits give [`Next::Bad`]; `.` and `..` give `Again`. A subdirectory
//! that cannot be opened is retried after calling the caller's pause hook
//! until it opens. Names longer than [`NAMELEN`] are never opened: each
//! subdirectory is skipped with `Again`, as the C does to protect its
//! fixed buffer.

use crate::base::fmt;
use crate::conf::AUTO_SPLIT;
use crate::sys::dirent::{self, Dir};
use crate::sys::Errno;

/// Longest directory name the C accepts (READSUBDIR_NAMELEN).
pub const NAMELEN: usize = 10;

/// What one step found (the C's 1, -1, -2 and 0 returns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// A message id (1).
    Id(u64),
    /// Nothing this time; call again (-1).
    Again,
    /// An entry whose name is not a decimal number (-2).
    Bad,
    /// Every subdirectory has been read (0).
    Done,
}

/// A walk in progress over `name/0` .. `name/(conf-split - 1)`.
#[derive(Debug)]
pub struct ReadSubdir {
    name: Vec<u8>,
    pos: i32,
    dir: Option<Dir>,
}

/// The path of subdirectory `pos` of `name`: `name/pos`.
pub fn subdir_path(name: &[u8], pos: i32) -> Vec<u8> {
    let mut p = Vec::with_capacity(name.len() + 12);
    p.extend_from_slice(name);
    p.push(b'/');
    // The C formats the position as an unsigned long.
    p.extend_from_slice(&fmt::ulong(pos as u64));
    p
}

/// What a directory entry called `entry` yields: `Again` for `.` and `..`,
/// the id for a name that is all decimal digits (wrapping at 2^64 like
/// scan_ulong), `Bad` for anything else, the empty name included.
pub fn classify(entry: &[u8]) -> Next {
    if entry == b"." || entry == b".." {
        return Next::Again;
    }
    let (id, used) = fmt::scan_ulong(entry);
    if used == 0 || used != entry.len() {
        return Next::Bad;
    }
    Next::Id(id)
}

impl ReadSubdir {
    /// Starts a walk over the subdirectories of `name` (readsubdir_init),
    /// a path relative to the current directory in qmail's callers.
    pub fn new(name: &[u8]) -> ReadSubdir {
        ReadSubdir {
            name: name.to_vec(),
            pos: 0,
            dir: None,
        }
    }

    /// Takes one step (readsubdir_next). When a subdirectory will not open,
    /// `pause` is called with its path and the error, and the open is tried
    /// again; qmail-send's hook logs and sleeps.
    pub fn next(&mut self, pause: &mut dyn FnMut(&[u8], Errno)) -> Next {
        loop {
            match self.try_next() {
                Ok(n) => return n,
                Err((path, e)) => pause(&path, e),
            }
        }
    }

    /// One step like [`ReadSubdir::next`], but a subdirectory that will not
    /// open is handed back with its error (qmail-qread gives up there);
    /// the next call tries the same one again.
    pub fn try_next(&mut self) -> Result<Next, (Vec<u8>, Errno)> {
        let Some(dir) = self.dir.as_mut() else {
            if self.pos >= AUTO_SPLIT {
                return Ok(Next::Done);
            }
            if self.name.len() > NAMELEN {
                self.pos += 1;
                return Ok(Next::Again);
            }
            let path = subdir_path(&self.name, self.pos);
            match dirent::opendir(&path) {
                Ok(d) => self.dir = Some(d),
                Err(e) => return Err((path, e)),
            }
            self.pos += 1;
            return Ok(Next::Again);
        };
        Ok(match dir.read() {
            None => {
                self.dir = None;
                Next::Again
            }
            Some(entry) => classify(&entry),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::tsv::rows;

    #[test]
    fn try_next_hands_back_an_unopenable_subdirectory_and_retries_it() {
        let mut rs = ReadSubdir::new(b"/nonexist");
        for _ in 0..2 {
            let Err((path, e)) = rs.try_next() else {
                panic!("a missing directory opened");
            };
            assert_eq!(path, b"/nonexist/0");
            assert_eq!(e, Errno(libc::ENOENT));
        }
    }

    #[test]
    fn classifies_entry_names() {
        let cases: &[(&[u8], Next)] = &[
            (b".", Next::Again),
            (b"..", Next::Again),
            (b"", Next::Bad),
            (b"123", Next::Id(123)),
            (b"007", Next::Id(7)),
            (b"12x", Next::Bad),
            (b"-1", Next::Bad),
            (b"+1", Next::Bad),
            (b" 5", Next::Bad),
            (b".x", Next::Bad),
            (b"...", Next::Bad),
            (b"18446744073709551616", Next::Id(0)),
            (b"99999999999999999999", Next::Id(7766279631452241919)),
        ];
        for (name, want) in cases {
            assert_eq!(classify(name), *want, "{name:?}");
        }
        assert_eq!(subdir_path(b"info", 22), b"info/22");
    }

    fn mkdir(p: &str) {
        std::fs::create_dir(p).unwrap();
    }
    fn touch(p: &str) {
        std::fs::write(p, b"").unwrap();
    }

    /// A fresh directory whose path is exactly ten bytes, so it fits the
    /// name limit without changing the test process's working directory.
    fn tendir() -> String {
        for i in 0..1000u32 {
            let d = format!("/tmp/rs{:03}", (std::process::id() + i) % 1000);
            if std::fs::create_dir(&d).is_ok() {
                return d;
            }
        }
        panic!("no free /tmp/rsNNN");
    }

    /// Walks `name` to the end the way the probe did, grouping rows by the
    /// position and sorting inside each group (readdir order is the file
    /// system's); a pause makes the missing subdirectory.
    fn walk(name: &str) -> Vec<String> {
        let mut rs = ReadSubdir::new(name.as_bytes());
        let mut out: Vec<String> = Vec::new();
        let mut group: Vec<String> = Vec::new();
        let mut pauses: Vec<String> = Vec::new();
        let mut gpos = -1;
        loop {
            let mut pause = |p: &[u8], _e: Errno| {
                let p = String::from_utf8_lossy(p).into_owned();
                std::fs::create_dir(&p).unwrap();
                pauses.push(format!("pause\t{}", p.replacen(name, "info", 1)));
            };
            let x = rs.next(&mut pause);
            if rs.pos != gpos {
                group.sort();
                out.append(&mut group);
                gpos = rs.pos;
                out.append(&mut pauses);
            }
            let row = match x {
                Next::Id(id) => format!("{}\t1\t{}", rs.pos, id),
                Next::Again => format!("{}\t-1\t0", rs.pos),
                Next::Bad => format!("{}\t-2\t0", rs.pos),
                Next::Done => format!("{}\t0\t0", rs.pos),
            };
            group.push(row);
            if x == Next::Done {
                break;
            }
        }
        group.sort();
        out.append(&mut group);
        out
    }

    /// `tests/data/readsubdir.tsv` holds the walks the reference's
    /// readsubdir.o made over the same trees (conf-split 23): a tree with
    /// good, bad, wrapping and dot names and two missing subdirectories;
    /// a ten-byte name; an eleven-byte name that is never opened.
    #[test]
    fn walks_like_recorded_c() {
        assert_eq!(AUTO_SPLIT, 23, "table recorded with conf-split 23");
        let data = include_str!("../../tests/data/readsubdir.tsv");
        let mut want: Vec<Vec<String>> = Vec::new();
        for f in rows(data) {
            if f[0].starts_with('!') {
                want.push(Vec::new());
            } else if let Some(w) = want.last_mut() {
                w.push(f.join("\t"));
            }
        }
        assert_eq!(want.len(), 3);

        let a = tendir();
        for i in 0..23 {
            if i != 9 && i != 22 {
                mkdir(&format!("{a}/{i}"));
            }
        }
        for f in ["0/123", "0/45", "1/abc", "1/12x", "1/0", "5/007"] {
            touch(&format!("{a}/{f}"));
        }
        for f in ["18446744073709551616", "99999999999999999999", "-1", "+1"] {
            touch(&format!("{a}/5/{f}"));
        }
        mkdir(&format!("{a}/7/456"));
        for f in ["1000021", ".x", " 5"] {
            touch(&format!("{a}/21/{f}"));
        }
        let got_a = walk(&a);

        let b = tendir();
        for i in 0..23 {
            mkdir(&format!("{b}/{i}"));
        }
        touch(&format!("{b}/3/33"));
        let got_b = walk(&b);
        let got_c = walk(&format!("{b}x"));

        std::fs::remove_dir_all(&a).unwrap();
        std::fs::remove_dir_all(&b).unwrap();
        assert_eq!(got_a, want[0]);
        assert_eq!(got_b, want[1]);
        assert_eq!(got_c, want[2]);
    }
}
