//! Control files (`control/*`), read with qmail's exact rules.
//!
//! * A file is opened read-only and non-blocking and read through a 64-byte
//!   buffer. ENOENT means "absent"; any other open or read error is an error.
//! * Trailing `\n`, space and tab are trimmed from a line; `\r` and leading
//!   whitespace are kept.
//! * One-line files: only the first line counts; an existing empty file is
//!   an empty value, not "absent" (so defaults do not apply to it).
//! * List files: every trimmed line that is non-empty and does not start with
//!   `#` becomes an entry; the result is the entries packed with a NUL after
//!   each (`a\0b\0`), exactly as qmail hands them to constmap.
//! * `me`: [`Control::init`] reads control/me once; files that "default to
//!   me" fall back to it only when they are absent.
//!
//! C's 1 / 0 / -1 results are `Ok(Some(_))` / `Ok(None)` / `Err(errno)`.

use crate::base::substdio::In;
use crate::sys::{self, Errno};

/// Size of the control library's read buffer.
const INBUF: usize = 64;

fn strip_trailing_whitespace(v: &mut Vec<u8>) {
    while let Some(&c) = v.last() {
        if c == b'\n' || c == b' ' || c == b'\t' {
            v.pop();
        } else {
            return;
        }
    }
}

fn open(path: &[u8]) -> Result<Option<sys::OwnedFd>, Errno> {
    match sys::open_read(path) {
        Ok(fd) => Ok(Some(sys::OwnedFd(fd))),
        Err(Errno(libc::ENOENT)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// control_readline: the first line of `path`, trimmed.
pub fn readline(path: &[u8]) -> Result<Option<Vec<u8>>, Errno> {
    let Some(fd) = open(path)? else {
        return Ok(None);
    };
    let mut ss = In::fd(fd.0, INBUF);
    let mut line = Vec::new();
    ss.getln(&mut line, b'\n')?;
    strip_trailing_whitespace(&mut line);
    Ok(Some(line))
}

/// control_readint: the number at the start of the first line. `None` when
/// the file is absent or its line does not start with a digit (the caller
/// keeps its default). The value wraps to 32 bits like the C assignment
/// from unsigned long to int.
pub fn readint(path: &[u8]) -> Result<Option<i32>, Errno> {
    let Some(line) = readline(path)? else {
        return Ok(None);
    };
    // C scans the NUL-terminated copy: an embedded NUL ends the number too.
    let (u, used) = crate::base::fmt::scan_ulong(&line);
    if used == 0 {
        return Ok(None);
    }
    Ok(Some(u as u32 as i32))
}

/// Splits a packed list (`a\0b\0`) into its entries.
pub fn entries(list: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = list.strip_suffix(&[0]).unwrap_or(list);
    let empty = list.is_empty();
    body.split(|&c| c == 0).filter(move |_| !empty)
}

/// The `me` state shared by the control readers of one program.
#[derive(Debug, Default, Clone)]
pub struct Control {
    me: Option<Vec<u8>>,
}

impl Control {
    pub fn new() -> Self {
        Control { me: None }
    }

    /// control_init: reads control/me. `Ok(true)` when it exists (then
    /// "defaults to me" files can use it), `Ok(false)` when absent.
    pub fn init(&mut self) -> Result<bool, Errno> {
        match readline(b"control/me")? {
            Some(me) => {
                self.me = Some(me);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The value of control/me, once [`Control::init`] found it.
    pub fn me(&self) -> Option<&[u8]> {
        self.me.as_deref()
    }

    /// control_rldef: the first line of `path`; when absent, `me` (if
    /// `flagme` and me is known), else `def`, else `None`.
    pub fn rldef(
        &self,
        path: &[u8],
        flagme: bool,
        def: Option<&[u8]>,
    ) -> Result<Option<Vec<u8>>, Errno> {
        if let Some(v) = readline(path)? {
            return Ok(Some(v));
        }
        if flagme {
            if let Some(me) = &self.me {
                return Ok(Some(crate::base::stralloc::of(me)?));
            }
        }
        match def {
            Some(d) => Ok(Some(crate::base::stralloc::of(d)?)),
            None => Ok(None),
        }
    }

    /// control_readfile: the packed entry list of `path`. When absent: `me`
    /// as the single entry if `flagme` and me is known, else `None`.
    pub fn readfile(&self, path: &[u8], flagme: bool) -> Result<Option<Vec<u8>>, Errno> {
        let Some(fd) = open(path)? else {
            if flagme {
                if let Some(me) = &self.me {
                    let mut v = crate::base::stralloc::of(me)?;
                    crate::base::stralloc::nul(&mut v)?;
                    return Ok(Some(v));
                }
            }
            return Ok(None);
        };
        let mut ss = In::fd(fd.0, INBUF);
        let mut out = Vec::new();
        let mut line = Vec::new();
        loop {
            let matched = ss.getln(&mut line, b'\n')?;
            if !matched && line.is_empty() {
                return Ok(Some(out));
            }
            strip_trailing_whitespace(&mut line);
            if let Some(&first) = line.first() {
                if first != 0 && first != b'#' {
                    crate::base::stralloc::cat(&mut out, &line)?;
                    crate::base::stralloc::nul(&mut out)?;
                }
            }
            if !matched {
                return Ok(Some(out));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    fn tmpfile(name: &str, body: &[u8]) -> Vec<u8> {
        let dir = std::env::temp_dir().join(format!("qmail-control-test-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p.as_os_str().as_bytes().to_vec()
    }

    #[test]
    fn readline_trims_only_trailing_space_tab_newline() {
        assert_eq!(
            readline(&tmpfile("a", b"foo \t\r\n")).unwrap(),
            Some(b"foo \t\r".to_vec())
        );
        assert_eq!(
            readline(&tmpfile("b", b"  lead\nsecond\n")).unwrap(),
            Some(b"  lead".to_vec())
        );
        assert_eq!(readline(&tmpfile("c", b"")).unwrap(), Some(Vec::new()));
        assert_eq!(
            readline(&tmpfile("d", b"no newline")).unwrap(),
            Some(b"no newline".to_vec())
        );
        let long = vec![b'x'; 1000];
        assert_eq!(readline(&tmpfile("e", &long)).unwrap(), Some(long));
        assert_eq!(readline(b"/nonexistent/qmail/control").unwrap(), None);
        assert_eq!(readline(b"/").unwrap_err(), Errno(libc::EISDIR));
    }

    #[test]
    fn readint_rules() {
        assert_eq!(readint(&tmpfile("i1", b"10abc\n")).unwrap(), Some(10));
        assert_eq!(readint(&tmpfile("i2", b" 10\n")).unwrap(), None);
        assert_eq!(readint(&tmpfile("i3", b"-5\n")).unwrap(), None);
        assert_eq!(readint(&tmpfile("i4", b"\n")).unwrap(), None);
        assert_eq!(readint(&tmpfile("i5", b"4294967297\n")).unwrap(), Some(1));
        assert_eq!(readint(&tmpfile("i6", b"4294967295\n")).unwrap(), Some(-1));
        assert_eq!(readint(b"/nonexistent/x").unwrap(), None);
    }

    #[test]
    fn readfile_skips_blank_and_comment_lines() {
        let c = Control::new();
        let f = tmpfile("f1", b"a.com\n\n#c\n #kept \nb.org\t\nlast");
        assert_eq!(
            c.readfile(&f, false).unwrap(),
            Some(b"a.com\0 #kept\0b.org\0last\0".to_vec())
        );
        let e = tmpfile("f2", b"# only\n\n");
        assert_eq!(c.readfile(&e, true).unwrap(), Some(Vec::new()));
        assert_eq!(c.readfile(b"/nonexistent/x", true).unwrap(), None);
        let v = c.readfile(&f, false).unwrap().unwrap();
        let got: Vec<&[u8]> = entries(&v).collect();
        assert_eq!(got, vec![&b"a.com"[..], b" #kept", b"b.org", b"last"]);
        assert_eq!(entries(b"").count(), 0);
    }

    #[test]
    fn me_defaults_apply_only_when_absent() {
        let mut c = Control::new();
        c.me = Some(b"host.example".to_vec());
        assert_eq!(
            c.rldef(b"/nonexistent/x", true, Some(b"def")).unwrap(),
            Some(b"host.example".to_vec())
        );
        assert_eq!(
            c.rldef(b"/nonexistent/x", false, Some(b"def")).unwrap(),
            Some(b"def".to_vec())
        );
        assert_eq!(c.rldef(b"/nonexistent/x", false, None).unwrap(), None);
        let empty = tmpfile("m1", b"\n");
        assert_eq!(
            c.rldef(&empty, true, Some(b"def")).unwrap(),
            Some(Vec::new())
        );
        assert_eq!(
            c.readfile(b"/nonexistent/x", true).unwrap(),
            Some(b"host.example\0".to_vec())
        );
        assert_eq!(c.readfile(b"/nonexistent/x", false).unwrap(), None);
    }
}
