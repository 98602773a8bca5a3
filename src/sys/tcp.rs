//! Outgoing TCP over IPv4: a socket and a connect that gives up after a
//! number of seconds, the way stock's timeoutconn does it (non-blocking
//! connect, wait for writability, then ask getpeername whether it worked).

use super::{cerr, Errno, OwnedFd, Result};

/// socket(AF_INET, SOCK_STREAM, 0).
pub fn socket_tcp4() -> Result<OwnedFd> {
    // SAFETY: plain socket(2) call.
    cerr(unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0) }).map(OwnedFd)
}

fn sockaddr(ip: [u8; 4], port: u16) -> libc::sockaddr_in {
    // SAFETY: an all-zero sockaddr_in is valid; the fields are set below.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_port = port.to_be();
    sin.sin_addr.s_addr = u32::from_ne_bytes(ip);
    sin
}

/// Connects `fd` to `ip`:`port`, waiting at most `secs` seconds. On
/// success the socket is blocking again. A connection still pending when
/// the time is up is Err(ETIMEDOUT) (the attempt goes on in the kernel
/// until the socket is closed); a refused or unreachable peer is the
/// errno the connect ended with.
pub fn timeoutconn(fd: &OwnedFd, ip: [u8; 4], port: u16, secs: i32) -> Result<()> {
    let s = fd.raw();
    super::ndelay(s, true)?;
    let sin = sockaddr(ip, port);
    let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: sin is a valid sockaddr_in of `len` bytes.
    let r = unsafe { libc::connect(s, (&sin as *const libc::sockaddr_in).cast(), len) };
    if r == 0 {
        return super::ndelay(s, false);
    }
    let e = Errno::last();
    if e.0 != libc::EINPROGRESS && e.0 != libc::EWOULDBLOCK {
        return Err(e);
    }
    if !super::wait_ready(s, true, secs)? {
        return Err(Errno(libc::ETIMEDOUT));
    }
    // SAFETY: an all-zero sockaddr_in is valid storage for getpeername.
    let mut peer: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    let mut plen = len;
    // SAFETY: peer has room for plen bytes; plen is updated by the call.
    let r =
        unsafe { libc::getpeername(s, (&mut peer as *mut libc::sockaddr_in).cast(), &mut plen) };
    if r == -1 {
        // Not connected: one read fetches the reason (ECONNREFUSED, ...)
        // as stock does it.
        let mut ch = [0u8; 1];
        return match super::read(s, &mut ch) {
            Err(e) => Err(e),
            Ok(_) => Err(Errno(libc::ENOTCONN)),
        };
    }
    super::ndelay(s, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connects_to_a_listener_and_is_blocking_again() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let fd = socket_tcp4().unwrap();
        assert_eq!(timeoutconn(&fd, [127, 0, 0, 1], port, 5), Ok(()));
        // SAFETY: reads the flags of an fd we own.
        let fl = unsafe { libc::fcntl(fd.raw(), libc::F_GETFL, 0) };
        assert_eq!(fl & libc::O_NONBLOCK, 0);
        let (mut peer, _) = l.accept().unwrap();
        assert_eq!(crate::sys::write(fd.raw(), b"Kx"), Ok(2));
        let mut got = [0u8; 2];
        std::io::Read::read_exact(&mut peer, &mut got).unwrap();
        assert_eq!(&got, b"Kx");
    }

    #[test]
    fn a_closed_port_is_refused() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let fd = socket_tcp4().unwrap();
        assert_eq!(
            timeoutconn(&fd, [127, 0, 0, 1], port, 5),
            Err(Errno(libc::ECONNREFUSED))
        );
    }
}
