//! The command reader the line-based servers share (stock's commands.c):
//! qmail-smtpd, qmail-popup and qmail-pop3d read one line at a time, up to
//! an LF, byte by byte from their input buffer (so whatever follows the
//! line stays in the buffer), drop one CR before the LF, and split the line
//! into a verb, matched without regard to case, and its argument, which
//! starts after the spaces following the verb. The line is a C string
//! there: everything from its first NUL on is not seen.

use crate::base::substdio::{Buf, In, ReadOp, WriteOp};
use crate::sys::{self, Errno};

/// The longest line kept: stock grows its buffer until memory runs out
/// and then gives up the session; a longer line is treated as that
/// (docs/DEVIATIONS.md), so no client can make a server allocate without
/// bound. Real command lines are far shorter.
pub const LINE_MAX: usize = 1 << 20;

/// How reading a command line ended without a line.
#[derive(Debug, PartialEq, Eq)]
pub enum NoLine {
    /// End of input before an LF (stock's commands() returns 0).
    End,
    /// The input failed, or the line passed [`LINE_MAX`]: stock's -1
    /// (a read error, or out of memory).
    Failed(Errno),
}

/// Reads the next command line, without its LF and the CR before it, and
/// cut at its first NUL.
pub fn getline<R: ReadOp, B: Buf>(io: &mut In<R, B>) -> Result<Vec<u8>, NoLine> {
    let mut line = Vec::new();
    let mut ch = [0u8; 1];
    loop {
        match io.get(&mut ch) {
            Ok(1) => {}
            Ok(_) => return Err(NoLine::End),
            Err(e) => return Err(NoLine::Failed(e)),
        }
        if ch[0] == b'\n' {
            break;
        }
        if line.len() >= LINE_MAX {
            return Err(NoLine::Failed(Errno(libc::ENOMEM)));
        }
        if crate::base::stralloc::append(&mut line, ch[0]).is_err() {
            return Err(NoLine::Failed(Errno(libc::ENOMEM)));
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    if let Some(z) = line.iter().position(|&c| c == 0) {
        line.truncate(z);
    }
    Ok(line)
}

/// Splits a command line into its verb, lower-cased for matching, and its
/// argument (the rest after the first space and any spaces following it).
pub fn split(line: &[u8]) -> (Vec<u8>, &[u8]) {
    let sp = line.iter().position(|&c| c == b' ').unwrap_or(line.len());
    let verb = line[..sp].to_ascii_lowercase();
    let mut arg = &line[sp..];
    while arg.first() == Some(&b' ') {
        arg = &arg[1..];
    }
    (verb, arg)
}

/// Seconds a read or write of a POP session may wait (qmail-popup and
/// qmail-pop3d alike).
pub const POP_TIMEOUT: i32 = 1200;

/// fd 1 through stock's safewrite: a write that fails, writes nothing or
/// waits [`POP_TIMEOUT`] ends the process with the exit code it holds
/// (each POP server ends every session with one code of its own).
pub struct SafeWrite(pub i32);

impl WriteOp for SafeWrite {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        if sys::wait_ready(1, true, POP_TIMEOUT) != Ok(true) {
            sys::exit(self.0);
        }
        match sys::write(1, buf) {
            Ok(n) if n > 0 => Ok(n),
            _ => sys::exit(self.0),
        }
    }
}

/// fd 0 through stock's saferead, likewise (end of input included).
pub struct SafeRead(pub i32);

impl ReadOp for SafeRead {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        if sys::wait_ready(0, false, POP_TIMEOUT) != Ok(true) {
            sys::exit(self.0);
        }
        match sys::read(0, buf) {
            Ok(n) if n > 0 => Ok(n),
            _ => sys::exit(self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys;

    struct Src(Vec<u8>, usize);
    impl ReadOp for Src {
        fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
            let n = buf.len().min(self.0.len() - self.1).min(3);
            buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }

    #[test]
    fn lines_lose_one_cr_and_everything_after_a_nul() {
        let mut io = In::new(Src(b"USER a\r\n\r\r\nx\0y z\nbare\nrest".to_vec(), 0), 8);
        assert_eq!(getline(&mut io).unwrap(), b"USER a");
        assert_eq!(getline(&mut io).unwrap(), b"\r");
        assert_eq!(getline(&mut io).unwrap(), b"x");
        assert_eq!(getline(&mut io).unwrap(), b"bare");
        assert_eq!(getline(&mut io), Err(NoLine::End));
    }

    #[test]
    fn a_line_past_the_limit_fails_like_memory_running_out() {
        let mut long = vec![b'x'; LINE_MAX];
        long.push(b'\n');
        long.extend_from_slice(&vec![b'y'; LINE_MAX + 1]);
        long.push(b'\n');
        let mut io = In::new(Src(long, 0), 128);
        assert_eq!(getline(&mut io).unwrap().len(), LINE_MAX);
        assert_eq!(getline(&mut io), Err(NoLine::Failed(Errno(libc::ENOMEM))));
    }

    #[test]
    fn verbs_are_lower_cased_and_arguments_start_after_the_spaces() {
        assert_eq!(split(b"RETR   1 2"), (b"retr".to_vec(), &b"1 2"[..]));
        assert_eq!(split(b"NoOp"), (b"noop".to_vec(), &b""[..]));
        assert_eq!(split(b" user"), (Vec::new(), &b"user"[..]));
        assert_eq!(split(b""), (Vec::new(), &b""[..]));
    }
}
