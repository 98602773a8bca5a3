//! Option parsing the way qmail's subgetopt/sgetopt do it.
//!
//! [`Getopt::sub`] is the quiet inner parser and [`Getopt::next`] the outer
//! one that also reports problems on fd 2. Rules, step by step:
//! * Parsing ends at the first argument that is not `-` followed by
//!   something; that argument, and a lone `-`, stay for the caller (`ind`
//!   points at them). An argument starting with `--` ends parsing and is
//!   consumed, whatever follows the two dashes.
//! * Several options may share one argument (`-abc`).
//! * A letter followed by `:` in the option string takes a value: the rest
//!   of the current argument when there is any, else the whole next argument
//!   (even an empty one, or one starting with `-`).
//! * An unknown letter, or a value missing at the end of argv, gives `?` and
//!   records the letter in `problem`. Parsing can go on after an unknown
//!   letter, with the rest of its group. `:` is never an option unless the
//!   option string starts with it.
//! * The reporting parser writes `<prog>: illegal option -- <c>` when the
//!   argument it stopped in is still there, else `<prog>: option requires an
//!   argument -- <c>`, with `<prog>` the part of argv[0] after its last `/`
//!   (taken on the first call). It reacts to any `?` it returns, so an option
//!   string holding `?` itself gets a message with a stale problem byte.

use crate::base::strerr::ERRSIZE;
use crate::base::substdio::Out;

/// The parser's state (subgetopt's globals plus sgetopt's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Getopt {
    /// Index of the argument being parsed; after the end, the first operand.
    pub ind: usize,
    /// Position inside `argv[ind]`; 0 when between arguments.
    pub pos: usize,
    /// The letter behind the last `?`.
    pub problem: u8,
    /// Whether [`Getopt::next`] writes messages (opterr).
    pub err: bool,
    progname: Option<Vec<u8>>,
}

impl Default for Getopt {
    fn default() -> Self {
        Self::new()
    }
}

/// One parsed option: its letter (or `?`) and its value, if it takes one.
pub type Opt<'a> = (u8, Option<&'a [u8]>);

fn at(argv: &[Vec<u8>], i: usize, j: usize) -> u8 {
    argv.get(i).and_then(|a| a.get(j)).copied().unwrap_or(0)
}

/// The part of `argv0` after its last `/`.
pub fn progname(argv0: &[u8]) -> &[u8] {
    match argv0.iter().rposition(|&c| c == b'/') {
        Some(i) => &argv0[i + 1..],
        None => argv0,
    }
}

impl Getopt {
    pub fn new() -> Self {
        Getopt {
            ind: 1,
            pos: 0,
            problem: 0,
            err: true,
            progname: None,
        }
    }

    /// subgetopt: the next option, or `None` when the options are over.
    pub fn sub<'a>(&mut self, argv: &'a [Vec<u8>], opts: &[u8]) -> Option<Opt<'a>> {
        if self.ind >= argv.len() {
            return None;
        }
        if self.pos > 0 && at(argv, self.ind, self.pos) == 0 {
            self.ind += 1;
            self.pos = 0;
            if self.ind >= argv.len() {
                return None;
            }
        }
        if self.pos == 0 {
            if at(argv, self.ind, 0) != b'-' {
                return None;
            }
            self.pos = 1;
            let c = at(argv, self.ind, 1);
            if c == b'-' || c == 0 {
                if c != 0 {
                    self.ind += 1;
                }
                self.pos = 0;
                return None;
            }
        }
        let c = at(argv, self.ind, self.pos);
        self.pos += 1;
        let mut s = opts;
        while let Some((&o, rest)) = s.split_first() {
            if o == 0 {
                break;
            }
            if c == o {
                if rest.first() != Some(&b':') {
                    return Some((c, None));
                }
                let cur = argv.get(self.ind).map(|a| a.as_slice()).unwrap_or(&[]);
                let tail = cur.get(self.pos..).unwrap_or(&[]);
                self.ind += 1;
                self.pos = 0;
                if !tail.is_empty() {
                    return Some((c, Some(tail)));
                }
                return match argv.get(self.ind) {
                    Some(next) => {
                        self.ind += 1;
                        Some((c, Some(next.as_slice())))
                    }
                    None => {
                        self.problem = c;
                        Some((b'?', None))
                    }
                };
            }
            s = rest;
            if s.first() == Some(&b':') {
                s = &s[1..];
            }
        }
        self.problem = c;
        Some((b'?', None))
    }

    /// The message [`Getopt::next`] writes after returning `?`.
    pub fn message(&self, argv: &[Vec<u8>]) -> Vec<u8> {
        let mut m = Vec::new();
        m.extend_from_slice(self.progname.as_deref().unwrap_or(&[]));
        m.extend_from_slice(self.middle(argv));
        m.push(self.problem);
        m.push(b'\n');
        m
    }

    fn middle(&self, argv: &[Vec<u8>]) -> &'static [u8] {
        if self.ind < argv.len() {
            b": illegal option -- "
        } else {
            b": option requires an argument -- "
        }
    }

    /// sgetopt: like [`Getopt::sub`], and on `?` (when `err` is set) the
    /// message goes to fd 2 through a 256-byte buffer, flushed at once.
    pub fn next<'a>(&mut self, argv: &'a [Vec<u8>], opts: &[u8]) -> Option<Opt<'a>> {
        if self.progname.is_none() {
            let p = argv.first().map(|a| progname(a)).unwrap_or(&[]);
            self.progname = Some(p.to_vec());
        }
        let r = self.sub(argv, opts);
        if self.err && matches!(r, Some((b'?', _))) {
            let mut e = Out::fd(2, ERRSIZE);
            let _ = e.puts(self.progname.as_deref().unwrap_or(&[]));
            let _ = e.puts(self.middle(argv));
            let _ = e.put(&[self.problem, b'\n']);
            let _ = e.flush();
        }
        r
    }

    /// Sets the program name the way the first [`Getopt::next`] would,
    /// without parsing (for tests and callers that only want messages).
    pub fn set_progname(&mut self, argv: &[Vec<u8>]) {
        let p = argv.first().map(|a| progname(a)).unwrap_or(&[]);
        self.progname = Some(p.to_vec());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undoes the probe's escaping: `\xNN` is a byte, `''` an empty string.
    fn unesc(s: &str) -> Vec<u8> {
        if s == "''" {
            return Vec::new();
        }
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\\' {
                out.push(u8::from_str_radix(&s[i + 2..i + 4], 16).unwrap());
                i += 4;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        out
    }

    /// tests/data/getopt.tsv was recorded by a small C probe linked with
    /// stock qmail 1.06's getopt.a, substdio.a, error.a and str.a: for each row
    /// it ran sgetoptmine over the argv until the end, printing per call the
    /// returned letter (`.` for the end), `=value` when subgetoptarg was set,
    /// and `@ind,pos,problem`; the last column is what reached fd 2.
    /// Columns: option string, argv (space-separated; empty argv when the
    /// column is empty), calls, stderr.
    #[test]
    fn matches_recorded_c() {
        let data = include_str!("../../tests/data/getopt.tsv");
        let mut rows = 0;
        for line in data.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "{line}");
            let opts = unesc(cols[0]);
            let argv: Vec<Vec<u8>> = if cols[1].is_empty() {
                Vec::new()
            } else {
                cols[1].split(' ').map(unesc).collect()
            };
            let mut g = Getopt::new();
            g.set_progname(&argv);
            let mut calls = Vec::new();
            let mut errs = Vec::new();
            loop {
                let r = g.sub(&argv, &opts);
                let mut tok = match r {
                    None => ".".to_string(),
                    Some((c, _)) => esc(&[c]),
                };
                if let Some((_, Some(v))) = r {
                    tok.push('=');
                    tok.push_str(&if v.is_empty() { "''".into() } else { esc(v) });
                }
                if let Some((b'?', _)) = r {
                    errs.extend(g.message(&argv));
                }
                tok.push_str(&format!("@{},{},{}", g.ind, g.pos, g.problem));
                calls.push(tok);
                if r.is_none() {
                    break;
                }
            }
            assert_eq!(calls.join(" "), cols[2], "calls for {line}");
            assert_eq!(errs, unesc(cols[3]), "stderr for {line}");
            rows += 1;
        }
        assert!(rows >= 60);
    }

    fn esc(b: &[u8]) -> String {
        let mut s = String::new();
        for &c in b {
            if c.is_ascii_alphanumeric() || b"-_./:+?".contains(&c) {
                s.push(c as char);
            } else {
                s.push_str(&format!("\\x{c:02x}"));
            }
        }
        s
    }

    #[test]
    fn progname_is_after_last_slash() {
        assert_eq!(progname(b"/var/qmail/bin/qmail-pw2u"), b"qmail-pw2u");
        assert_eq!(progname(b"dir/"), b"");
        assert_eq!(progname(b"plain"), b"plain");
    }
}
