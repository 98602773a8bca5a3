//! install: creates the qmail tree under conf-qmail (stock's `make setup`).
//!
//! Run from the build directory, which holds the files to copy (boot
//! scripts, docs, man pages, programs). Walks [`qmail::admin::hier::hier`] in order:
//! directories and the fifo are made with mode 0700 then chown/chmod-ed;
//! files are overwritten in place (a running binary gives "text busy"),
//! fsync-ed, chown-ed and chmod-ed; umask is 077 throughout.
//!
//! With DESTDIR set (an addition for packagers), the tree goes under
//! $DESTDIR, missing parents of the home are created, and nothing is
//! chown-ed, so it works without root. A package build that runs under
//! fakeroot sets DESTDIR_CHOWN=1 as well, so the staged tree gets stock's
//! owners and groups (the numbers compiled in) for the archive.
//!
//! Exit codes: 0 done; 111 on the first failure, with
//! `install: fatal: <what>: <error>`. In the users-by-name build the owners
//! are looked up when the tree is chown-ed: a missing user or group is 111
//! with `fatal: unable to find ...` before anything is made.
#![cfg_attr(not(test), no_main)]

use qmail::admin::hier::{self, Item};
use qmail::base::strerr::Die;
use qmail::base::substdio::{self, CopyError, In, Out};
use qmail::sys::{self, Errno, OwnedFd};

qmail::entry!(run);

const FATAL: &[u8] = b"install: fatal: ";

fn die(parts: &[&[u8]], e: Errno) -> Die {
    let mut all: Vec<&[u8]> = vec![FATAL];
    all.extend_from_slice(parts);
    all.push(b": ");
    Die::sys(111, &all, e)
}

struct Installer {
    home: Vec<u8>,
    /// Whether the home is under $DESTDIR (its parents may be missing).
    staged: bool,
    chown: bool,
    /// The directory install was started in, to come back to.
    source: OwnedFd,
}

impl Installer {
    fn own(&self, path: &[u8], uid: u32, gid: u32) -> sys::Result<()> {
        if self.chown {
            sys::chown(path, uid, gid)
        } else {
            Ok(())
        }
    }

    fn to_home(&self) -> Result<(), Die> {
        sys::chdir(&self.home).map_err(|e| die(&[b"unable to switch to ", &self.home], e))
    }

    fn h(&self, uid: u32, gid: u32, mode: u32) -> Result<(), Die> {
        let h = &self.home;
        if self.staged {
            make_parents(h);
        }
        match sys::mkdir(h, 0o700) {
            Ok(()) | Err(Errno(libc::EEXIST)) => {}
            Err(e) => return Err(die(&[b"unable to mkdir ", h], e)),
        }
        self.own(h, uid, gid)
            .map_err(|e| die(&[b"unable to chown ", h], e))?;
        sys::chmod(h, mode).map_err(|e| die(&[b"unable to chmod ", h], e))
    }

    fn d(&self, sub: &[u8], uid: u32, gid: u32, mode: u32, fifo: bool) -> Result<(), Die> {
        let h = &self.home;
        self.to_home()?;
        let (made, verb): (sys::Result<()>, &[u8]) = if fifo {
            (sys::mkfifo(sub, 0o700), b"unable to mkfifo ")
        } else {
            (sys::mkdir(sub, 0o700), b"unable to mkdir ")
        };
        match made {
            Ok(()) | Err(Errno(libc::EEXIST)) => {}
            Err(e) => return Err(die(&[verb, h, b"/", sub], e)),
        }
        self.own(sub, uid, gid)
            .map_err(|e| die(&[b"unable to chown ", h, b"/", sub], e))?;
        sys::chmod(sub, mode).map_err(|e| die(&[b"unable to chmod ", h, b"/", sub], e))
    }

    fn c(&self, sub: &[u8], file: &[u8], uid: u32, gid: u32, mode: u32) -> Result<(), Die> {
        let h = &self.home;
        let werr = |e| die(&[b"unable to write .../", sub, b"/", file], e);
        let rerr = |e| die(&[b"unable to read ", file], e);
        sys::fchdir(self.source.raw())
            .map_err(|e| die(&[b"unable to switch back to source directory"], e))?;
        let fdin = OwnedFd(sys::open_read(file).map_err(rerr)?);
        self.to_home()?;
        sys::chdir(sub).map_err(|e| die(&[b"unable to switch to ", h, b"/", sub], e))?;
        let fdout = OwnedFd(sys::open_trunc(file).map_err(werr)?);
        let mut ssin = In::new(fdin, substdio::INSIZE);
        let mut ssout = Out::new(fdout, substdio::OUTSIZE);
        match substdio::copy(&mut ssout, &mut ssin) {
            Ok(()) => {}
            Err(CopyError::Read(e)) => return Err(rerr(e)),
            Err(CopyError::Write(e)) => return Err(werr(e)),
        }
        drop(ssin);
        ssout.flush().map_err(werr)?;
        let fdout = ssout.into_op();
        sys::fsync(fdout.raw()).map_err(werr)?;
        fdout.close().map_err(werr)?;
        self.own(file, uid, gid)
            .map_err(|e| die(&[b"unable to chown .../", sub, b"/", file], e))?;
        sys::chmod(file, mode).map_err(|e| die(&[b"unable to chmod .../", sub, b"/", file], e))
    }

    fn z(&self, name: &[u8], len: usize, uid: u32, gid: u32, mode: u32) -> Result<(), Die> {
        let h = &self.home;
        let werr = |e| die(&[b"unable to write ", h, b"/", name], e);
        self.to_home()?;
        let fdout = OwnedFd(sys::open_trunc(name).map_err(werr)?);
        let mut ssout = Out::new(fdout, substdio::OUTSIZE);
        for _ in 0..len {
            ssout.put(&[0]).map_err(werr)?;
        }
        ssout.flush().map_err(werr)?;
        let fdout = ssout.into_op();
        sys::fsync(fdout.raw()).map_err(werr)?;
        fdout.close().map_err(werr)?;
        self.own(name, uid, gid)
            .map_err(|e| die(&[b"unable to chown ", h, b"/", name], e))?;
        sys::chmod(name, mode).map_err(|e| die(&[b"unable to chmod ", h, b"/", name], e))
    }
}

/// mkdir -p of the parents of `path` (DESTDIR installs only); errors are
/// left for the home's own mkdir to report.
fn make_parents(path: &[u8]) {
    for (i, &c) in path.iter().enumerate() {
        if c == b'/' && i > 0 {
            let _ = sys::mkdir(&path[..i], 0o755);
        }
    }
}

fn run(_args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let source =
        OwnedFd(sys::open_read(b".").map_err(|e| die(&[b"unable to open current directory"], e))?);
    let destdir = sys::env_get(b"DESTDIR").filter(|d| !d.is_empty());
    let ins = Installer {
        home: hier::home(destdir.as_deref()),
        staged: destdir.is_some(),
        chown: destdir.is_none()
            || sys::env_get(b"DESTDIR_CHOWN").is_some_and(|v| v.as_slice() == b"1"),
        source,
    };
    // the owners are needed (and, in the users-by-name build, looked up)
    // only when the tree is chowned
    let owners = if ins.chown {
        hier::Owners::get()?
    } else {
        hier::Owners::unused()
    };
    sys::umask(0o077);
    for item in hier::hier(&owners) {
        match item {
            Item::Home { uid, gid, mode } => ins.h(uid, gid, mode)?,
            Item::Dir {
                sub,
                uid,
                gid,
                mode,
            } => ins.d(&sub, uid, gid, mode, false)?,
            Item::Fifo {
                name,
                uid,
                gid,
                mode,
            } => ins.d(&name, uid, gid, mode, true)?,
            Item::Copy {
                sub,
                file,
                uid,
                gid,
                mode,
            } => ins.c(sub.as_bytes(), &file, uid, gid, mode)?,
            Item::Zero {
                name,
                len,
                uid,
                gid,
                mode,
            } => ins.z(&name, len, uid, gid, mode)?,
        }
    }
    Ok(0)
}
