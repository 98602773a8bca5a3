//! remoteinfo: asks the peer's RFC 1413 ident service who holds a TCP
//! connection, as tcp-env does for TCPREMOTEINFO.
//!
//! A socket bound to the connection's local address connects to port 113
//! of the remote address (non-blocking, at most `timeout` seconds), sends
//! `REMOTEPORT , LOCALPORT\r\n` and reads one line, each read and write
//! waiting at most `timeout` seconds. Blanks (space, tab, CR) are dropped
//! everywhere; what follows the third `:` is the answer, at most 998 bytes
//! (the line ends there even without its newline). No answer at all (no
//! service, a timeout, the line cut off before its newline) is `None`.

use crate::base::fmt;
use crate::base::ip::IpAddress;
use crate::sys::{self, sock, Errno, Fd};

/// The longest answer kept (stock's 999-byte line and its NUL).
const MAX: usize = 998;

/// select's wait for one fd; a negative time is select's EINVAL.
fn wait(fd: Fd, out: bool, secs: i32) -> sys::Result<bool> {
    if secs < 0 {
        return Err(Errno(libc::EINVAL));
    }
    sys::wait_ready(fd, out, secs)
}

/// remoteinfo_get for the connection `ipr:rp` (remote) to `ipl:lp` (local).
pub fn get(ipr: &IpAddress, rp: u64, ipl: &IpAddress, lp: u64, timeout: i32) -> Option<Vec<u8>> {
    let sock = sock::tcp_socket_at(ipl.0).ok()?;
    let fd = sock.raw();
    sock::timeoutconn(fd, ipr.0, 113, timeout).ok()?;

    let mut req = fmt::ulong(rp);
    req.extend_from_slice(b" , ");
    req.extend_from_slice(&fmt::ulong(lp));
    req.extend_from_slice(b"\r\n");
    let mut rest = &req[..];
    while !rest.is_empty() {
        if !wait(fd, true, timeout).ok()? {
            return None;
        }
        match sys::write(fd, rest) {
            Ok(0) | Err(_) => return None,
            Ok(n) => rest = &rest[n..],
        }
    }

    let mut answer = Answer::default();
    let mut buf = [0u8; 32];
    loop {
        if !wait(fd, false, timeout).ok()? {
            return None;
        }
        let n = match sys::read(fd, &mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => n,
        };
        if answer.feed(&buf[..n]) {
            return Some(answer.text);
        }
    }
}

/// The answer line as it comes in.
#[derive(Debug, Default)]
struct Answer {
    colons: usize,
    text: Vec<u8>,
}

impl Answer {
    /// Takes the next bytes; true once the answer is complete (a newline,
    /// or [`MAX`] bytes kept). Bytes after that are not looked at.
    fn feed(&mut self, bytes: &[u8]) -> bool {
        for &ch in bytes {
            match ch {
                b' ' | b'\t' | b'\r' => continue,
                b'\n' => return true,
                _ => {}
            }
            if self.colons < 3 {
                if ch == b':' {
                    self.colons += 1;
                }
            } else {
                self.text.push(ch);
                if self.text.len() == MAX {
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Option<Vec<u8>> {
        let mut a = Answer::default();
        for c in chunks {
            if a.feed(c) {
                return Some(a.text);
            }
        }
        None
    }

    #[test]
    fn answers_are_read_like_stock() {
        let ok = |c: &[&[u8]], want: &[u8]| assert_eq!(parse(c).as_deref(), Some(want));
        ok(&[b"40000 , 25 : USERID : UNIX : alice\r\n"], b"alice");
        ok(&[b"1,2:USERID:UNIX", b":bo", b"b\n"], b"bob");
        ok(&[b"1 , 2 : USERID : UNIX :\t a l\ti\rce \r\n"], b"alice");
        ok(&[b"1 , 2 : ERROR : NO-USER\r\n"], b"");
        ok(&[b"a:b:c:d:e::f\n"], b"d:e::f");
        ok(&[b"a:b:c:x\0y\n"], b"x\0y");
        // no newline: no answer
        assert_eq!(parse(&[b"1 , 2 : USERID : UNIX : alice"]), None);
        assert_eq!(parse(&[b""]), None);
        // 998 bytes end the line, newline or not
        let long = [b"a:b:c:".to_vec(), vec![b'x'; 2000]].concat();
        assert_eq!(parse(&[&long]).map(|t| t.len()), Some(MAX));
        let exact = [b"a:b:c:".to_vec(), vec![b'y'; MAX - 1], b"\n".to_vec()].concat();
        assert_eq!(parse(&[&exact]).map(|t| t.len()), Some(MAX - 1));
    }
}
