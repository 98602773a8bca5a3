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
use crate::sys::{self, Errno, Fd};

/// The longest answer kept (stock's 999-byte line and its NUL).
const MAX: usize = 998;

/// timeoutconn: the connect, with its wait and the check that it worked.
fn connect(fd: Fd, ip: [u8; 4], port: u16, timeout: i32) -> sys::Result<()> {
    sys::ndelay(fd, true)?;
    match sys::net::connect_to(fd, ip, port) {
        Ok(()) => return sys::ndelay(fd, false),
        Err(Errno(e)) if e == libc::EINPROGRESS || e == libc::EWOULDBLOCK => {}
        Err(e) => return Err(e),
    }
    if !wait(fd, true, timeout)? {
        return Err(Errno(libc::ETIMEDOUT));
    }
    sys::net::sock_address(fd, true)?;
    sys::ndelay(fd, false)
}

/// select's wait for one fd; a negative time is select's EINVAL.
fn wait(fd: Fd, out: bool, secs: i32) -> sys::Result<bool> {
    if secs < 0 {
        return Err(Errno(libc::EINVAL));
    }
    sys::wait_ready(fd, out, secs)
}

/// remoteinfo_get for the connection `ipr:rp` (remote) to `ipl:lp` (local).
pub fn get(ipr: &IpAddress, rp: u64, ipl: &IpAddress, lp: u64, timeout: i32) -> Option<Vec<u8>> {
    let sock = sys::net::tcp_socket_at(ipl.0).ok()?;
    let fd = sock.raw();
    connect(fd, ipr.0, 113, timeout).ok()?;

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

    let mut answer = Vec::new();
    let mut colons = 0;
    let mut buf = [0u8; 32];
    'read: loop {
        if !wait(fd, false, timeout).ok()? {
            return None;
        }
        let n = match sys::read(fd, &mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => n,
        };
        for &ch in &buf[..n] {
            match ch {
                b' ' | b'\t' | b'\r' => continue,
                b'\n' => break 'read,
                _ => {}
            }
            if colons < 3 {
                if ch == b':' {
                    colons += 1;
                }
            } else {
                answer.push(ch);
                if answer.len() == MAX {
                    break 'read;
                }
            }
        }
    }
    Some(answer)
}
