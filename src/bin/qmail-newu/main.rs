//! qmail-newu: compiles users/assign into users/cdb for qmail-lspawn.
//!
//! Runs in the qmail home with umask 033. Reads users/assign up to its `.`
//! line, writes users/cdb.tmp (one record per line, then the wildcard
//! characters under the empty key), fsyncs it and renames it over users/cdb,
//! so readers see either the old or the new database.
//!
//! Exit codes: 0 done; 111 on every failure, with one
//! `qmail-newu: fatal: ...` line on fd 2 (users/cdb is then untouched).
#![cfg_attr(not(test), no_main)]

mod users;

use qmail::base::cdb::Maker;
use qmail::base::strerr::Die;
use qmail::base::substdio::In;
use qmail::conf::AUTO_QMAIL;
use qmail::sys::{self, OwnedFd};
use users::LineError;

qmail::entry!(run);

const FATAL: &[u8] = b"qmail-newu: fatal: ";

/// Stock's qmail-newu names the file only, never the errno.
fn die(what: &[u8]) -> Die {
    Die::x(111, &[FATAL, what])
}
fn die_nomem() -> Die {
    die(b"out of memory")
}
fn die_read() -> Die {
    die(b"unable to read users/assign")
}
fn die_format() -> Die {
    die(b"bad format in users/assign")
}
fn die_write() -> Die {
    die(b"unable to write users/cdb.tmp")
}

fn run(_args: Vec<Vec<u8>>) -> Result<i32, Die> {
    sys::umask(0o033);
    sys::chdir(AUTO_QMAIL).map_err(|_| die(b"unable to chdir"))?;
    let fd = sys::open_read(b"users/assign").map_err(|_| die(b"unable to open users/assign"))?;
    let mut ssin = In::new(OwnedFd(fd), 1024);
    let fdtemp = sys::open_trunc(b"users/cdb.tmp")
        .map(OwnedFd)
        .map_err(|_| die(b"unable to open users/cdb.tmp"))?;
    let mut cdb = Maker::start(fdtemp.raw()).map_err(|_| die_write())?;
    let mut wildchars: Vec<u8> = Vec::new();
    let mut line = Vec::new();
    loop {
        let matched = ssin.getln(&mut line, b'\n').map_err(|_| die_read())?;
        if line.first() == Some(&b'.') {
            break;
        }
        if !matched {
            return Err(die_format());
        }
        line.pop();
        let rec = users::assign_line(&line).map_err(|e| match e {
            LineError::Format => die_format(),
            LineError::NoMem => die_nomem(),
        })?;
        if let Some(c) = rec.wildchar {
            if !wildchars.contains(&c) {
                qmail::base::stralloc::append(&mut wildchars, c).map_err(|_| die_nomem())?;
            }
        }
        cdb.add(&rec.key, &rec.data).map_err(|_| die_write())?;
    }
    cdb.add(b"", &wildchars).map_err(|_| die_write())?;
    cdb.finish().map_err(|_| die_write())?;
    sys::fsync(fdtemp.raw()).map_err(|_| die_write())?;
    fdtemp.close().map_err(|_| die_write())?;
    sys::rename(b"users/cdb.tmp", b"users/cdb")
        .map_err(|_| die(b"unable to move users/cdb.tmp to users/cdb"))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_is_temporary_and_names_no_errno() {
        for (d, text) in [
            (die_nomem(), &b"out of memory"[..]),
            (die_read(), b"unable to read users/assign"),
            (die_format(), b"bad format in users/assign"),
            (die_write(), b"unable to write users/cdb.tmp"),
        ] {
            assert_eq!(d.code, 111);
            assert_eq!(d.msg, [FATAL, text, b"\n"].concat());
        }
    }
}
