//! qmail-newu: compiles users/assign into users/cdb for qmail-lspawn.
//!
//! Runs in the qmail home with umask 033. Reads users/assign up to its `.`
//! line, writes users/cdb.tmp (one record per line, then the wildcard
//! characters under the empty key), fsyncs it and renames it over users/cdb,
//! so readers see either the old or the new database.
//!
//! Exit codes: 0 done; 111 on every failure, with one
//! `qmail-newu: fatal: ...` line on fd 2 (users/cdb is then untouched).
#![no_main]

use qmail::base::cdb::Maker;
use qmail::base::strerr::write_err;
use qmail::base::substdio::In;
use qmail::conf::AUTO_QMAIL;
use qmail::local::users::{self, LineError};
use qmail::sys;

qmail::qmain!(run);

fn die(what: &str) -> i32 {
    let mut m = b"qmail-newu: fatal: ".to_vec();
    m.extend_from_slice(what.as_bytes());
    m.push(b'\n');
    write_err(&m);
    111
}
fn die_chdir() -> i32 {
    die("unable to chdir")
}
fn die_nomem() -> i32 {
    die("out of memory")
}
fn die_opena() -> i32 {
    die("unable to open users/assign")
}
fn die_reada() -> i32 {
    die("unable to read users/assign")
}
fn die_format() -> i32 {
    die("bad format in users/assign")
}
fn die_opent() -> i32 {
    die("unable to open users/cdb.tmp")
}
fn die_writet() -> i32 {
    die("unable to write users/cdb.tmp")
}
fn die_rename() -> i32 {
    die("unable to move users/cdb.tmp to users/cdb")
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    sys::umask(0o033);
    if sys::chdir(AUTO_QMAIL).is_err() {
        return die_chdir();
    }
    let Ok(fd) = sys::open_read(b"users/assign") else {
        return die_opena();
    };
    let mut ssin = In::fd(fd, 1024);
    let Ok(fdtemp) = sys::open_trunc(b"users/cdb.tmp") else {
        return die_opent();
    };
    let Ok(mut cdb) = Maker::start(fdtemp) else {
        return die_writet();
    };
    let mut wildchars: Vec<u8> = Vec::new();
    let mut line = Vec::new();
    loop {
        let Ok(matched) = ssin.getln(&mut line, b'\n') else {
            return die_reada();
        };
        if line.first() == Some(&b'.') {
            break;
        }
        if !matched {
            return die_format();
        }
        line.pop();
        let rec = match users::assign_line(&line) {
            Ok(r) => r,
            Err(LineError::Format) => return die_format(),
            Err(LineError::NoMem) => return die_nomem(),
        };
        if let Some(c) = rec.wildchar {
            if !wildchars.contains(&c) && qmail::base::stralloc::append(&mut wildchars, c).is_err()
            {
                return die_nomem();
            }
        }
        if cdb.add(&rec.key, &rec.data).is_err() {
            return die_writet();
        }
    }
    if cdb.add(b"", &wildchars).is_err() || cdb.finish().is_err() {
        return die_writet();
    }
    if sys::fsync(fdtemp).is_err() || sys::close(fdtemp).is_err() {
        return die_writet();
    }
    if sys::rename(b"users/cdb.tmp", b"users/cdb").is_err() {
        return die_rename();
    }
    0
}
