//! qmail-newmrh: compiles control/morercpthosts into
//! control/morercpthosts.cdb for qmail-smtpd and qmail-qmtpd.
//!
//! Runs in the qmail home with umask 033. Each line is lowercased and
//! stripped of trailing spaces, tabs and newline; non-empty lines not
//! starting with `#` become keys with empty data. The result goes to
//! control/morercpthosts.tmp, is fsync-ed, and renamed over the .cdb.
//!
//! Exit codes: 0 done; 111 on every failure, with one
//! `qmail-newmrh: fatal: ...` line on fd 2.
#![cfg_attr(not(test), no_main)]

use qmail::base::cdb::Maker;
use qmail::base::strerr::Die;
use qmail::base::substdio::In;
use qmail::conf::AUTO_QMAIL;
use qmail::sys::{self, Errno, OwnedFd};

qmail::entry!(run);

const FATAL: &[u8] = b"qmail-newmrh: fatal: ";

fn die_read(e: Errno) -> Die {
    Die::sys(111, &[FATAL, b"unable to read control/morercpthosts: "], e)
}
fn die_write(e: Errno) -> Die {
    Die::sys(
        111,
        &[FATAL, b"unable to write to control/morercpthosts.tmp: "],
        e,
    )
}

fn run(_args: Vec<Vec<u8>>) -> Result<i32, Die> {
    sys::umask(0o033);
    sys::chdir(AUTO_QMAIL)
        .map_err(|e| Die::sys(111, &[FATAL, b"unable to chdir to ", AUTO_QMAIL, b": "], e))?;
    let fd = sys::open_read(b"control/morercpthosts").map_err(die_read)?;
    let mut ssin = In::new(OwnedFd(fd), 1024);
    let fdtemp = OwnedFd(sys::open_trunc(b"control/morercpthosts.tmp").map_err(die_write)?);
    let mut cdb = Maker::start(fdtemp.raw()).map_err(die_write)?;
    let mut line = Vec::new();
    loop {
        let matched = ssin.getln(&mut line, b'\n').map_err(die_read)?;
        line.make_ascii_lowercase();
        while let Some(&c) = line.last() {
            if c == b' ' || c == b'\n' || c == b'\t' {
                line.pop();
                continue;
            }
            if line.first() != Some(&b'#') {
                cdb.add(&line, b"").map_err(die_write)?;
            }
            break;
        }
        if !matched {
            break;
        }
    }
    cdb.finish().map_err(die_write)?;
    sys::fsync(fdtemp.raw()).map_err(die_write)?;
    fdtemp.close().map_err(die_write)?;
    sys::rename(b"control/morercpthosts.tmp", b"control/morercpthosts.cdb").map_err(|e| {
        Die::sys(
            111,
            &[
                FATAL,
                b"unable to move control/morercpthosts.tmp to control/morercpthosts.cdb",
            ],
            e,
        )
    })?;
    Ok(0)
}
