//! Fatal and warning messages ("program: fatal: what: errno text").
//!
//! Like strerr_warn/strerr_die, a message is written through a 256-byte
//! buffer on fd 2 (subfderr) and flushed once, and the process then `_exit`s
//! with the message's code. A program's `run()` returns `Err(Die)`; its
//! `main` calls [`Die::exit`].

use crate::base::substdio::Out;
use crate::sys::{self, Errno};

/// Size of subfderr's buffer.
pub const ERRSIZE: usize = 256;

/// A message for fd 2 and the exit code that goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Die {
    pub code: i32,
    pub msg: Vec<u8>,
}

impl Die {
    /// strerr_dieNx: the parts, then a newline.
    pub fn x(code: i32, parts: &[&[u8]]) -> Die {
        let mut msg = parts.concat();
        msg.push(b'\n');
        Die { code, msg }
    }

    /// strerr_dieNsys: the parts, the errno text, then a newline.
    pub fn sys(code: i32, parts: &[&[u8]], e: Errno) -> Die {
        let mut msg = parts.concat();
        msg.extend_from_slice(e.text());
        msg.push(b'\n');
        Die { code, msg }
    }

    /// Writes the message to fd 2 and ends the process with the code.
    pub fn exit(&self) -> ! {
        write_err(&self.msg);
        sys::exit(self.code)
    }
}

/// Writes `msg` to fd 2 the way subfderr does (256-byte buffer, one flush).
pub fn write_err(msg: &[u8]) {
    let mut e = Out::fd(2, ERRSIZE);
    let _ = e.put(msg);
    let _ = e.flush();
}

/// strerr_warnN: the parts and a newline on fd 2.
pub fn warn(parts: &[&[u8]]) {
    write_err(&Die::x(0, parts).msg);
}

/// strerr_warnNsys: the parts, the errno text and a newline on fd 2.
pub fn warn_sys(parts: &[&[u8]], e: Errno) {
    write_err(&Die::sys(0, parts, e).msg);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_strerr() {
        let d = Die::sys(
            111,
            &[b"qmail-newu: fatal: ", b"unable to read users/assign: "],
            Errno(2),
        );
        assert_eq!(
            d.msg,
            b"qmail-newu: fatal: unable to read users/assign: file does not exist\n"
        );
        assert_eq!(d.code, 111);
        let d = Die::x(100, &[b"prog: usage: prog"]);
        assert_eq!(d.msg, b"prog: usage: prog\n");
    }
}
