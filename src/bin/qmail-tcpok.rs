//! qmail-tcpok: forgets every remote host qmail-remote has marked as
//! unreachable, by zeroing the first 1024 bytes of queue/lock/tcpto
//! (which must exist) under an exclusive lock. No arguments.
//!
//! Exit codes: 0 done; 111 with a message on fd 2 when the queue cannot
//! be entered or the file opened, locked or written.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::Die;
use qmail::base::substdio::Out;
use qmail::conf::AUTO_QMAIL;
use qmail::queue::TCPTO_SIZE;
use qmail::sys::{self, proc};

const FATAL: &[u8] = b"qmail-tcpok: fatal: ";

qmail::entry!(run);

fn run(_args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let q = AUTO_QMAIL;
    let die = |what: &[u8], e| Die::sys(111, &[FATAL, what, q, b"/queue/lock/tcpto: "], e);
    sys::chdir(q).map_err(|e| Die::sys(111, &[FATAL, b"unable to chdir to ", q, b": "], e))?;
    sys::chdir(b"queue/lock").map_err(|e| {
        Die::sys(
            111,
            &[FATAL, b"unable to chdir to ", q, b"/queue/lock: "],
            e,
        )
    })?;
    let fd = sys::open_write(b"tcpto").map_err(|e| die(b"unable to write ", e))?;
    proc::lock_ex(fd).map_err(|e| die(b"unable to lock ", e))?;
    let mut out = Out::fd(fd, TCPTO_SIZE);
    out.put(&[0; TCPTO_SIZE])
        .and_then(|()| out.flush())
        .map_err(|e| die(b"unable to clear ", e))?;
    Ok(0)
}
