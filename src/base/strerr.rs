//! Fatal and warning messages ("program: fatal: what: errno text").
//!
//! Like strerr_warn/strerr_die, a message is written through a 256-byte
//! buffer on fd 2 (subfderr) and flushed once. A program that can die
//! returns `Result<i32, Die>` from the function it hands to
//! [`crate::entry!`]; `Err(die)` is [`Ending::finish`]ed there: the message
//! goes out and the process `_exit`s with the die's code. Code that runs in
//! a forked child, which must never return into its parent's flow, ends
//! with [`Die::exit`] instead.

use crate::base::substdio::{FdOp, Out};
use crate::sys::{self, Errno};

/// Size of subfderr's buffer.
pub const ERRSIZE: usize = 256;

/// A message for fd 2 and the exit code that goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Die {
    pub code: i32,
    pub msg: Vec<u8>,
    /// Where each part of `msg` ends: they go into the buffer one at a time,
    /// as strerr puts its strings, so a message longer than the buffer is
    /// written in the same pieces.
    ends: Vec<usize>,
}

impl Die {
    fn of(code: i32, parts: &[&[u8]]) -> Die {
        let mut msg = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = Vec::with_capacity(parts.len());
        for p in parts {
            msg.extend_from_slice(p);
            ends.push(msg.len());
        }
        Die { code, msg, ends }
    }

    /// strerr_dieNx: the parts, then a newline.
    pub fn x(code: i32, parts: &[&[u8]]) -> Die {
        let mut d = Die::of(code, parts);
        d.push(b"\n");
        d
    }

    /// strerr_dieNsys: the parts, the errno text, then a newline.
    pub fn sys(code: i32, parts: &[&[u8]], e: Errno) -> Die {
        let mut d = Die::of(code, parts);
        d.push(e.text());
        d.push(b"\n");
        d
    }

    /// The parts exactly as given: they carry their own newline (or, like
    /// a header field quoted back, end however they end).
    pub fn raw(code: i32, parts: &[&[u8]]) -> Die {
        Die::of(code, parts)
    }

    /// The exit code alone: what went wrong is already out (a child's own
    /// message, getopt's complaint, a listing on fd 1). Nothing is written.
    pub fn quiet(code: i32) -> Die {
        Die::of(code, &[])
    }

    fn push(&mut self, part: &[u8]) {
        self.msg.extend_from_slice(part);
        self.ends.push(self.msg.len());
    }

    /// Writes the message to fd 2 and returns the code to exit with.
    pub fn report(&self) -> i32 {
        let mut start = 0;
        put_err(self.ends.iter().map(|&end| {
            let part = &self.msg[start..end];
            start = end;
            part
        }));
        self.code
    }

    /// Writes the message to fd 2 and ends the process with the code. For
    /// forked children only; a program's own flow returns the Die.
    pub fn exit(&self) -> ! {
        sys::exit(self.report())
    }
}

/// What a program's run function gives back to [`crate::entry!`]: a bare
/// exit code (programs whose endings are their protocol's, such as
/// qmail-queue's codes or qmail-smtpd's 421 replies) or a
/// `Result<i32, Die>` (everything that ends with a strerr message).
pub trait Ending {
    /// Reports what there is to report on fd 2 and returns the exit code.
    fn finish(self) -> i32;
}

impl Ending for i32 {
    fn finish(self) -> i32 {
        self
    }
}

impl Ending for Result<i32, Die> {
    fn finish(self) -> i32 {
        match self {
            Ok(code) => code,
            Err(die) => die.report(),
        }
    }
}

/// Puts the parts one by one through a subfderr-sized buffer on fd 2 and
/// flushes once, as strerr does. The buffer is on the stack: a warning
/// costs no allocation.
fn put_err<'a>(parts: impl IntoIterator<Item = &'a [u8]>) {
    let mut buf = [0u8; ERRSIZE];
    let mut e = Out::from_parts(FdOp(2), &mut buf[..], 0);
    for p in parts {
        let _ = e.put(p);
    }
    let _ = e.flush();
}

/// Writes `msg` to fd 2 the way subfderr does (256-byte buffer, one flush).
pub fn write_err(msg: &[u8]) {
    put_err([msg]);
}

/// strerr_warnN: the parts and a newline on fd 2.
pub fn warn(parts: &[&[u8]]) {
    put_err(parts.iter().copied().chain([&b"\n"[..]]));
}

/// strerr_warnNsys: the parts, the errno text and a newline on fd 2.
pub fn warn_sys(parts: &[&[u8]], e: Errno) {
    put_err(parts.iter().copied().chain([e.text(), &b"\n"[..]]));
}

/// Declares the C entry point of a program binary (see
/// [`crate::sys::start`]). `$f` takes the argv as bytes and returns an
/// [`Ending`]: `Result<i32, Die>` for a program that dies with a strerr
/// message (`Err(die)` writes it through the 256-byte fd-2 buffer and
/// `_exit`s with its code), or a bare `i32` for one whose endings are its
/// protocol's.
///
/// The binary starts with `#![cfg_attr(not(test), no_main)]`: in its own
/// unit-test build (`cargo test` builds every bin as a test too) the macro
/// emits nothing and libtest's harness is the main, so a program can carry
/// `#[cfg(test)]` tests of its own logic.
#[macro_export]
macro_rules! entry {
    ($f:path) => {
        #[cfg(not(test))]
        #[no_mangle]
        pub extern "C" fn main(
            _argc: ::std::os::raw::c_int,
            _argv: *const *const u8,
        ) -> ::std::os::raw::c_int {
            $crate::sys::start(|args| $crate::base::strerr::Ending::finish($f(args)))
        }
        // The run function stays reachable in the test build, so what only
        // it uses is not dead code there.
        #[cfg(test)]
        const _: () = {
            let _ = $f;
        };
    };
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

    #[test]
    fn raw_and_quiet_add_no_newline() {
        assert_eq!(Die::raw(100, &[b"a: ", b"b\n"]).msg, b"a: b\n");
        assert_eq!(Die::raw(100, &[b"a: ", b"b"]).msg, b"a: b");
        let q = Die::quiet(111);
        assert!(q.msg.is_empty());
        assert_eq!(q.code, 111);
    }

    #[test]
    fn ending_passes_ok_codes_through() {
        assert_eq!(7.finish(), 7);
        assert_eq!(Ok::<i32, Die>(99).finish(), 99);
        assert_eq!(Err::<i32, Die>(Die::quiet(111)).finish(), 111);
    }
}
