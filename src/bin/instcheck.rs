//! instcheck: verifies the installed qmail tree (stock's `make check`).
//!
//! Walks [`qmail::admin::hier::walk`] and stats every object (following symlinks),
//! warning on fd 2 with `instcheck: warning: ` when it does not exist, cannot
//! be stat-ed, or has the wrong owner, group, permissions or type (in that
//! order). With DESTDIR set (a packaging addition) the tree under $DESTDIR
//! is checked and owners and groups are not.
//!
//! Exit codes: 0 after checking everything (warnings do not change it);
//! 111 when it cannot change into a directory it must look in, or (in the
//! users-by-name build, when owners are checked) a qmail user or group is
//! missing: `fatal: unable to find ...`.
#![cfg_attr(not(test), no_main)]

use qmail::admin::hier::{self, Item};
use qmail::base::strerr::{self, Die};
use qmail::sys::{self, Errno};

qmail::entry!(run);

const FATAL: &[u8] = b"instcheck: fatal: ";
const WARNING: &[u8] = b"instcheck: warning: ";

struct Checker {
    home: Vec<u8>,
    owners: bool,
}

impl Checker {
    fn to(&self, sub: Option<&[u8]>) -> Result<(), Die> {
        let h = &self.home;
        sys::chdir(h).map_err(|e| Die::sys(111, &[FATAL, b"unable to switch to ", h, b": "], e))?;
        if let Some(s) = sub {
            sys::chdir(s).map_err(|e| {
                Die::sys(111, &[FATAL, b"unable to switch to ", h, b"/", s, b": "], e)
            })?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn perm(&self, p: [&[u8]; 3], file: &[u8], kind: u32, uid: u32, gid: u32, mode: u32) {
        let st = match sys::stat(file) {
            Ok(st) => st,
            Err(Errno(libc::ENOENT)) => {
                strerr::warn(&[WARNING, p[0], p[1], p[2], file, b" does not exist"]);
                return;
            }
            Err(e) => {
                strerr::warn_sys(&[WARNING, b"unable to stat .../", file, b": "], e);
                return;
            }
        };
        let w = |what: &[u8]| strerr::warn(&[WARNING, p[0], p[1], p[2], file, what]);
        if self.owners && st.uid != uid {
            w(b" has wrong owner");
        }
        if self.owners && st.gid != gid {
            w(b" has wrong group");
        }
        if st.mode & 0o7777 != mode {
            w(b" has wrong permissions");
        }
        if st.mode & sys::S_IFMT != kind {
            w(b" has wrong type");
        }
    }
}

fn run(_args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let destdir = sys::env_get(b"DESTDIR").filter(|d| !d.is_empty());
    let c = Checker {
        home: hier::home(destdir.as_deref()),
        owners: destdir.is_none(),
    };
    let h = c.home.clone();
    // looked up (users-by-name build) only when owners are checked
    let owners = if c.owners {
        hier::Owners::get()?
    } else {
        hier::Owners::unused()
    };
    hier::walk(&owners, |item| {
        match item {
            Item::Home { uid, gid, mode } => {
                c.perm([b"", b"", b""], &h, sys::S_IFDIR, uid, gid, mode)
            }
            Item::Dir {
                sub,
                uid,
                gid,
                mode,
            } => {
                c.to(None)?;
                c.perm([b"", &h, b"/"], sub, sys::S_IFDIR, uid, gid, mode)
            }
            Item::Fifo {
                name,
                uid,
                gid,
                mode,
            } => {
                c.to(None)?;
                c.perm([b"", &h, b"/"], name, sys::S_IFIFO, uid, gid, mode)
            }
            Item::Copy {
                sub,
                file,
                uid,
                gid,
                mode,
            } => {
                c.to(Some(sub.as_bytes()))?;
                c.perm(
                    [b".../", sub.as_bytes(), b"/"],
                    file,
                    sys::S_IFREG,
                    uid,
                    gid,
                    mode,
                )
            }
            Item::Zero {
                name,
                uid,
                gid,
                mode,
                ..
            } => {
                c.to(None)?;
                c.perm([b"", &h, b"/"], name, sys::S_IFREG, uid, gid, mode)
            }
        }
        Ok(())
    })?;
    Ok(0)
}
