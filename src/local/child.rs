//! What the small .qmail helpers (bouncesaying, except, condredirect,
//! forward) share: running a program and judging its exit, and sending the
//! message on through qmail-queue.

use crate::base::strerr::Die;
use crate::base::substdio::{self, In, Out, WriteOp};
use crate::queue::qmail::Qmail;
use crate::sys::{self, proc};

/// Runs `argv` (found on PATH) and returns its exit code; an exec failure
/// in the child is 111 when temporary, else 100. Fork and wait trouble and
/// a crash are a Die with stock's messages after `fatal`.
pub fn run(fatal: &[u8], argv: &[Vec<u8>]) -> Result<i32, Die> {
    let pid = match proc::fork() {
        Err(e) => return Err(Die::sys(111, &[fatal, b"unable to fork: "], e)),
        Ok(proc::Fork::Child) => {
            let args: Vec<&[u8]> = argv.iter().map(|a| &a[..]).collect();
            let e = proc::exec(args.first().copied().unwrap_or(b""), &args, true);
            sys::exit(if e.is_temp() { 111 } else { 100 })
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    let w = match proc::wait_pid(pid) {
        Ok((_, w)) => w,
        Err(_) => return Err(Die::x(111, &[fatal, b"wait failed"])),
    };
    if w.crashed() != 0 {
        return Err(Die::x(111, &[fatal, b"child crashed"]));
    }
    Ok(w.exitcode())
}

/// A writer into the queue client (stock's mywrite: never fails).
struct ToQueue<'a>(&'a mut Qmail);

impl WriteOp for ToQueue<'_> {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        self.0.put(buf);
        Ok(buf.len())
    }
}

/// Queues fd 0 (from where it is now) with `dtline` on top, from `sender`
/// to `recips`; returns qmail-queue's pid. A refusal is a Die: 100
/// permanent, 111 temporary, with the queue's text after `fatal`.
pub fn requeue(fatal: &[u8], dtline: &[u8], sender: &[u8], recips: &[Vec<u8>]) -> Result<i32, Die> {
    let mut qq = Qmail::open().map_err(|e| Die::sys(111, &[fatal, b"unable to fork: "], e))?;
    qq.put(crate::queue::qmail::cstr(dtline));
    {
        let mut ssin = In::fd(0, substdio::INSIZE);
        let mut ssout = Out::new(ToQueue(&mut qq), 1);
        if let Err(e) = substdio::copy(&mut ssout, &mut ssin) {
            let err = match e {
                substdio::CopyError::Read(e) | substdio::CopyError::Write(e) => e,
            };
            return Err(Die::sys(111, &[fatal, b"unable to read message: "], err));
        }
        let _ = ssout.flush();
    }
    let qp = qq.qp();
    match qq.send(sender, recips) {
        Ok(()) => Ok(qp),
        Err(r) => Err(Die::x(
            if r.permanent() { 100 } else { 111 },
            &[fatal, r.text()],
        )),
    }
}
