//! The queue directory as qmail-queue writes it and qmail-send, qmail-qread
//! and qmail-qstat read it: file names, the Received line, the pid file
//! name, the envelope records of `intd/N` and `todo/N`, and the exit codes
//! every `$QMAILQUEUE` program shares.
//!
//! A message is queued in this order: `pid/P.T.S` is created, hard-linked
//! as `mess/S/N` (N = its inode) and unlinked; the message goes into
//! `mess/S/N` and is fsynced; then `intd/N` receives the envelope, is
//! fsynced and hard-linked as `todo/N`. qmail-send only looks at todo/, so
//! a message is either fully there or not at all.

pub mod clean;
pub mod qlx;
pub mod qmail;

use crate::base::date822fmt::date822fmt;
use crate::base::datetime::DateTime;
use crate::base::fmt;
use crate::base::fmtqfn::fmtqfn;
use crate::base::substdio::{In, Out, ReadOp, WriteOp};

/// Exit codes of qmail-queue (see qmail-queue(8)); 11..40 are permanent.
pub mod code {
    pub const OK: i32 = 0;
    /// An envelope address without a NUL within [`super::ADDR`] bytes.
    pub const ADDR_TOO_LONG: i32 = 11;
    pub const NOMEM: i32 = 51;
    /// The 24-hour alarm went off.
    pub const TIMEOUT: i32 = 52;
    /// Writing or fsyncing a queue file failed.
    pub const WRITE: i32 = 53;
    /// Reading the message or the envelope failed, or it ended early.
    pub const READ: i32 = 54;
    pub const HOME: i32 = 61;
    pub const QUEUE_DIR: i32 = 62;
    pub const PID: i32 = 63;
    pub const MESS: i32 = 64;
    pub const INTD: i32 = 65;
    pub const TODO: i32 = 66;
    /// A crash signal (SIGSEGV and friends).
    pub const BUG: i32 = 81;
    /// The envelope does not start with F or a record not with T.
    pub const ENVELOPE: i32 = 91;

    // Codes a `$QMAILQUEUE` replacement may give (qmail-qmqpc forwards
    // the message to a QMQP server), and the client's own.
    /// The server refused the message for good.
    pub const REMOTE_REJECT_PERM: i32 = 31;
    /// The replacement could not read its configuration.
    pub const CONFIG: i32 = 55;
    /// The replacement could not connect.
    pub const CONNECT: i32 = 56;
    /// The server refused the message for now.
    pub const REMOTE_REJECT_TEMP: i32 = 71;
    /// The connection timed out.
    pub const REMOTE_TIMEOUT: i32 = 72;
    /// The connection was refused.
    pub const REMOTE_REFUSED: i32 = 73;
    /// The conversation with the server broke off.
    pub const REMOTE_COMM: i32 = 74;
    /// An envelope address too long, as a QMQP server says it.
    pub const REMOTE_ADDR_TOO_LONG: i32 = 115;
    /// The client's child could not exec the queue program (or set up
    /// its fds for it).
    pub const EXEC: i32 = 120;
}

/// The size of queue/lock/tcpto, the table of unreachable remote hosts
/// (qmail-rspawn's children write it, qmail-tcpok zeroes it, qmail-tcpto
/// lists it).
pub const TCPTO_SIZE: usize = 1024;

/// The longest envelope address plus its NUL.
pub const ADDR: usize = 1003;

/// Seconds before qmail-queue gives up; must stay below qmail-send's
/// 36-hour limit for stale files.
pub const DEATH: u32 = 86400;

/// Buffer sizes of qmail-queue's input and output.
pub const INSIZE: usize = 2048;
pub const OUTSIZE: usize = 256;

/// The ids that change the wording of the Received line.
#[derive(Clone, Copy, Debug)]
pub struct Ids {
    pub alias: u32,
    pub daemon: u32,
    pub send: u32,
}

impl Ids {
    /// The ids of alias, qmaild and qmails (compiled in, or looked up in
    /// the by-name build, where a missing user is the error).
    pub fn get() -> Result<Ids, crate::base::strerr::Die> {
        use crate::base::users::{uids, User};
        let [alias, daemon, send] = uids([User::Alias, User::Daemon, User::Send])?;
        Ok(Ids {
            alias,
            daemon,
            send,
        })
    }
}

/// `Received: (qmail PID invoked WHO); DATE\n`, where WHO depends on the
/// caller's real uid: the alias user, the SMTP daemon's user, qmail-send's
/// user (bounces) or anyone else by number.
pub fn received(pid: u64, uid: u32, ids: Ids, dt: &DateTime) -> Vec<u8> {
    let mut s = b"Received: (qmail ".to_vec();
    s.extend_from_slice(&fmt::ulong(pid));
    s.extend_from_slice(b" invoked ");
    if uid == ids.alias {
        s.extend_from_slice(b"by alias");
    } else if uid == ids.daemon {
        s.extend_from_slice(b"from network");
    } else if uid == ids.send {
        s.extend_from_slice(b"for bounce");
    } else {
        s.extend_from_slice(b"by uid ");
        s.extend_from_slice(&fmt::ulong(u64::from(uid)));
    }
    s.extend_from_slice(b"); ");
    s.extend_from_slice(&date822fmt(dt));
    s
}

/// The temporary name `pid/PID.TIME.SEQ` qmail-queue creates first.
pub fn pid_name(pid: u64, start: u64, seq: u64) -> Vec<u8> {
    let mut s = b"pid/".to_vec();
    s.extend_from_slice(&fmt::ulong(pid));
    s.push(b'.');
    s.extend_from_slice(&fmt::ulong(start));
    s.push(b'.');
    s.extend_from_slice(&fmt::ulong(seq));
    s
}

/// Message `id`'s name below a hashed directory, `S/N` (how qmail-send
/// names a message to the spawners).
pub fn split_name(id: u64) -> Vec<u8> {
    fmtqfn(b"", id, true)
}

/// The names of message `id` in each queue directory.
pub fn mess(id: u64) -> Vec<u8> {
    fmtqfn(b"mess/", id, true)
}
pub fn info(id: u64) -> Vec<u8> {
    fmtqfn(b"info/", id, true)
}
pub fn local(id: u64) -> Vec<u8> {
    fmtqfn(b"local/", id, true)
}
pub fn remote(id: u64) -> Vec<u8> {
    fmtqfn(b"remote/", id, true)
}
pub fn todo(id: u64) -> Vec<u8> {
    fmtqfn(b"todo/", id, false)
}
pub fn intd(id: u64) -> Vec<u8> {
    fmtqfn(b"intd/", id, false)
}
pub fn bounce(id: u64) -> Vec<u8> {
    fmtqfn(b"bounce/", id, false)
}

/// The first records of `intd/N`: `u` + real uid and `p` + pid, each
/// NUL-terminated.
pub fn intd_head(uid: u32, pid: u64) -> Vec<u8> {
    let mut s = vec![b'u'];
    s.extend_from_slice(&fmt::ulong(u64::from(uid)));
    s.push(0);
    s.push(b'p');
    s.extend_from_slice(&fmt::ulong(pid));
    s.push(0);
    s
}

/// Why copying the envelope stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvError {
    /// Read error or end of input before the final NUL.
    Read,
    Write,
    /// An address of [`ADDR`] bytes without its NUL.
    TooLong,
    /// Not `F` first, or a record not starting with `T`.
    Format,
}

impl EnvError {
    /// qmail-queue's exit code for it.
    pub fn code(self) -> i32 {
        match self {
            EnvError::Read => code::READ,
            EnvError::Write => code::WRITE,
            EnvError::TooLong => code::ADDR_TOO_LONG,
            EnvError::Format => code::ENVELOPE,
        }
    }
}

fn get1<R: ReadOp>(ssin: &mut In<R>) -> Result<u8, EnvError> {
    let mut ch = [0u8];
    match ssin.get(&mut ch) {
        Ok(1) => Ok(ch[0]),
        _ => Err(EnvError::Read),
    }
}

/// Copies the caller's envelope (`F` sender NUL, any number of `T`
/// recipient NUL, one more NUL) byte by byte into the intd file: the
/// records are written as read, the final NUL is not. Reads stop right
/// after the final NUL, so whatever follows it is never read. Stops at the
/// first fault; bytes already buffered in `ssout` are then not flushed.
pub fn copy_envelope<R: ReadOp, W: WriteOp>(
    ssin: &mut In<R>,
    ssout: &mut Out<W>,
) -> Result<(), EnvError> {
    let ch = get1(ssin)?;
    if ch != b'F' {
        return Err(EnvError::Format);
    }
    ssout.bput(&[ch]).map_err(|_| EnvError::Write)?;
    copy_addr(ssin, ssout, false)?;
    loop {
        let ch = get1(ssin)?;
        if ch == 0 {
            return Ok(());
        }
        if ch != b'T' {
            return Err(EnvError::Format);
        }
        ssout.bput(&[ch]).map_err(|_| EnvError::Write)?;
        copy_addr(ssin, ssout, true)?;
    }
}

/// One address and its NUL (qmail-queue uses put for the sender and bput
/// for recipients; for single bytes they buffer alike).
fn copy_addr<R: ReadOp, W: WriteOp>(
    ssin: &mut In<R>,
    ssout: &mut Out<W>,
    bput: bool,
) -> Result<(), EnvError> {
    for _ in 0..ADDR {
        let ch = get1(ssin)?;
        let r = if bput {
            ssout.bput(&[ch])
        } else {
            ssout.put(&[ch])
        };
        r.map_err(|_| EnvError::Write)?;
        if ch == 0 {
            return Ok(());
        }
    }
    Err(EnvError::TooLong)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys;

    struct Mem(Vec<u8>, usize);
    impl ReadOp for Mem {
        fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
            let n = buf.len().min(self.0.len() - self.1);
            buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }
    struct Sink(Vec<u8>);
    impl WriteOp for Sink {
        fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
            self.0.extend_from_slice(buf);
            Ok(buf.len())
        }
    }

    fn run(env: &[u8]) -> (Result<(), EnvError>, Vec<u8>, usize) {
        let mut i = In::new(Mem(env.to_vec(), 0), INSIZE);
        let mut o = Out::new(Sink(Vec::new()), OUTSIZE);
        let r = copy_envelope(&mut i, &mut o);
        let _ = o.flush();
        let left = i.peek().len();
        (r, o.into_op().0, left)
    }

    #[test]
    fn envelope_is_copied_until_its_end_and_bad_records_are_refused() {
        let long = |n: usize| {
            let mut v = b"F".to_vec();
            v.extend(std::iter::repeat(b'a').take(n));
            v
        };
        let mut ok1002 = long(1002);
        ok1002.extend_from_slice(b"\0\0");
        let mut bad1003 = long(1003);
        bad1003.extend_from_slice(b"\0\0");
        let mut rcpt1003 = b"F\0T".to_vec();
        rcpt1003.extend(std::iter::repeat(b'b').take(1003));
        type Row<'a> = (&'a [u8], Result<(), EnvError>, &'a [u8]);
        let table: &[Row] = &[
            (b"Fa@b\0Tc@d\0Te@f\0\0", Ok(()), b"Fa@b\0Tc@d\0Te@f\0"),
            (b"F\0\0", Ok(()), b"F\0"),
            (b"F\0\0trailing", Ok(()), b"F\0"),
            (b"", Err(EnvError::Read), b""),
            (b"F", Err(EnvError::Read), b"F"),
            (b"Fa@b\0", Err(EnvError::Read), b"Fa@b\0"),
            (b"Fa@b\0Tc@d", Err(EnvError::Read), b"Fa@b\0Tc@d"),
            (b"Fa@b\0Tc@d\0", Err(EnvError::Read), b"Fa@b\0Tc@d\0"),
            (b"Ta@b\0\0", Err(EnvError::Format), b""),
            (b"Fa@b\0Fc@d\0\0", Err(EnvError::Format), b"Fa@b\0"),
            (b"Fa@b\0\n", Err(EnvError::Format), b"Fa@b\0"),
            (&ok1002, Ok(()), &ok1002[..1004]),
            (&bad1003, Err(EnvError::TooLong), &bad1003[..1004]),
            (&rcpt1003, Err(EnvError::TooLong), &rcpt1003[..1006]),
        ];
        for (input, want, written) in table {
            let (r, w, _) = run(input);
            assert_eq!(r, *want, "{:?}", String::from_utf8_lossy(input));
            assert_eq!(&w[..], *written, "{:?}", String::from_utf8_lossy(input));
        }
        assert_eq!(run(b"F\0\0trailing").2, 8);
    }

    #[test]
    fn received_wording_by_uid() {
        let ids = Ids {
            alias: 7790,
            daemon: 7791,
            send: 7796,
        };
        let dt = crate::base::datetime::tai(1_000_000_000);
        let date = b"9 Sep 2001 01:46:40 -0000\n";
        for (uid, who) in [
            (7790, &b"by alias"[..]),
            (7791, b"from network"),
            (7796, b"for bounce"),
            (0, b"by uid 0"),
            (1000, b"by uid 1000"),
        ] {
            let mut want = b"Received: (qmail 4711 invoked ".to_vec();
            want.extend_from_slice(who);
            want.extend_from_slice(b"); ");
            want.extend_from_slice(date);
            assert_eq!(received(4711, uid, ids, &dt), want);
        }
    }

    #[test]
    fn queue_file_names_use_the_split_subdirectory_where_stock_does() {
        assert_eq!(pid_name(12, 345, 1), b"pid/12.345.1");
        assert_eq!(mess(47), b"mess/1/47");
        assert_eq!(todo(47), b"todo/47");
        assert_eq!(intd(47), b"intd/47");
        assert_eq!(info(24), b"info/1/24");
        assert_eq!(bounce(24), b"bounce/24");
        assert_eq!(local(47), b"local/1/47");
        assert_eq!(remote(47), b"remote/1/47");
        assert_eq!(split_name(47), b"1/47");
        assert_eq!(intd_head(1000, 77), b"u1000\0p77\0");
    }
}
