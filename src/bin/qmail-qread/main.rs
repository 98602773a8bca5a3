//! qmail-qread: lists the messages in the queue with their recipients.
//!
//! No arguments. Runs in queue/ (normally as root; qmail's queue is not
//! readable by others). Walks info/0 .. info/22; for each message prints
//! the time of its info file, its number, its size (of mess/S/N), the
//! envelope sender and whether it is bouncing, then each recipient of
//! local/S/N and remote/S/N, delivered ones marked `done`. Everything,
//! warnings and fatal errors included, goes to fd 1.
//!
//! Exit codes: 0 listed (messages in trouble are reported as
//! `warning: trouble with #N: ...` and skipped); 111 when the queue cannot
//! be entered, a subdirectory of info/ cannot be opened, or a file cannot
//! be read (which stock reports as out of memory).
#![cfg_attr(not(test), no_main)]

mod qread;

use qmail::base::readsubdir::{Next, ReadSubdir};
use qmail::base::strerr::Die;
use qmail::base::substdio::{In, Out, OUTSIZE};
use qmail::conf::AUTO_QMAIL;
use qmail::queue;
use qmail::sys::{self, Errno};

qmail::entry!(run);

/// qmail-qread's own buffer for queue files.
const INBUF: usize = 1024;

struct Lister {
    out: Out,
}

impl Lister {
    /// Its fatal lines are part of the listing on fd 1, as in stock: dying
    /// flushes the listing, and there is nothing for fd 2.
    fn die(&mut self) -> Die {
        let _ = self.out.flush();
        Die::quiet(111)
    }
    fn warn(&mut self, s1: &[u8], s2: &[u8], e: Errno) {
        for part in [s1, s2, b": ", e.text(), b"\n"] {
            let _ = self.out.puts(part);
        }
    }
    fn die_nomem(&mut self) -> Die {
        let _ = self.out.puts(b"fatal: out of memory\n");
        self.die()
    }
    fn die_chdir(&mut self) -> Die {
        self.warn(b"fatal: unable to chdir", b"", Errno::last());
        self.die()
    }
    fn err(&mut self, id: u64, e: Errno) {
        self.warn(b"warning: trouble with #", &qmail::base::fmt::ulong(id), e);
    }
    fn put(&mut self, s: &[u8]) {
        let _ = self.out.put(s);
    }
}

fn run(_args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let mut l = Lister {
        out: Out::fd(1, OUTSIZE),
    };
    if sys::chdir(AUTO_QMAIL).is_err() || sys::chdir(b"queue").is_err() {
        return Err(l.die_chdir());
    }
    let mut rs = ReadSubdir::new(b"info");
    // The sender's storage outlives each message, as the C's stralloc does:
    // a shorter record leaves the tail of a longer earlier one behind.
    let mut sender: Vec<u8> = Vec::new();
    loop {
        let next = rs.try_next().map_err(|(path, e)| {
            l.warn(b"fatal: unable to opendir ", &path, e);
            l.die()
        })?;
        match next {
            Next::Done => break,
            Next::Id(id) => list(&mut l, id, &mut sender)?,
            Next::Again | Next::Bad => {}
        }
    }
    let _ = l.out.flush();
    Ok(0)
}

/// Prints one message.
fn list(l: &mut Lister, id: u64, sender: &mut Vec<u8>) -> Result<(), Die> {
    let size = match sys::stat(&queue::mess(id)) {
        Ok(st) => st.size,
        Err(e) => {
            l.err(id, e);
            return Ok(());
        }
    };
    let bouncing = sys::stat(&queue::bounce(id)).is_ok();

    let fd = match sys::open_read(&queue::info(id)) {
        Ok(fd) => fd,
        Err(e) => {
            l.err(id, e);
            return Ok(());
        }
    };
    // One buffer for the info file and then, on the same fd number (the
    // lowest free one again), local/ and remote/: bytes left after the
    // sender record are read as if they began the local file, like stock.
    let mut ss = In::fd(fd, INBUF);
    let mut rec = Vec::new();
    if ss.getln(&mut rec, 0).is_err() {
        return Err(l.die_nomem());
    }
    if sender.len() < rec.len() {
        sender.resize(rec.len(), 0);
    }
    sender[..rec.len()].copy_from_slice(&rec);
    let st = sys::fstat(fd);
    let _ = sys::close(fd);
    let qtime = match st {
        Ok(st) => st.mtime,
        Err(e) => {
            l.err(id, e);
            return Ok(());
        }
    };
    let from = sender.get(1..).unwrap_or(&[]);
    let line = qread::stats(qtime, id, size, from, bouncing);
    l.put(&line);

    for remote in [false, true] {
        let name = if remote {
            queue::remote(id)
        } else {
            queue::local(id)
        };
        match sys::open_read(&name) {
            Err(e) => {
                if e.0 != libc::ENOENT {
                    l.err(id, e);
                }
            }
            Ok(fd) => {
                loop {
                    match ss.getln(&mut rec, 0) {
                        Err(_) => return Err(l.die_nomem()),
                        Ok(false) => break,
                        Ok(true) => {}
                    }
                    let out = qread::recipient(&rec, remote);
                    l.put(&out);
                }
                let _ = sys::close(fd);
            }
        }
    }
    Ok(())
}
