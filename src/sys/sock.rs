//! TCP client sockets over IPv4, as qmail-remote and qmail-qmqpc open
//! them: a stream socket, a non-blocking connect, the peer check that tells
//! a finished connect from a failed one, and stock's timeoutconn made of
//! them; and the socket addresses tcp-env reads and remoteinfo binds to.

use super::{cerr, Errno, Fd, OwnedFd, Result};

/// socket(AF_INET, SOCK_STREAM, 0).
pub fn tcp_socket() -> Result<OwnedFd> {
    // SAFETY: plain socket(2) call.
    let s = cerr(unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0) })?;
    Ok(OwnedFd(s))
}

fn sockaddr(ip: [u8; 4], port: u16) -> libc::sockaddr_in {
    // SAFETY: an all-zero sockaddr_in is a valid value.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_port = port.to_be();
    sin.sin_addr.s_addr = u32::from_ne_bytes(ip);
    sin
}

/// connect(2) to `ip`:`port`. Ok(()) when connected at once; a
/// non-blocking socket answers Err(EINPROGRESS) (or EWOULDBLOCK) while the
/// attempt goes on.
pub fn connect(fd: Fd, ip: [u8; 4], port: u16) -> Result<()> {
    let sin = sockaddr(ip, port);
    // SAFETY: sin is a valid sockaddr_in of the size given.
    cerr(unsafe {
        libc::connect(
            fd,
            &sin as *const libc::sockaddr_in as *const libc::sockaddr,
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    })
    .map(|_| ())
}

/// getpeername(2), asked only for whether the socket has a peer: after a
/// non-blocking connect turned writable, Ok means the connection is made.
pub fn has_peer(fd: Fd) -> Result<()> {
    // SAFETY: an all-zero sockaddr_in is valid storage for the answer.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: sin has room for len bytes; len is updated by the kernel.
    cerr(unsafe {
        libc::getpeername(
            fd,
            &mut sin as *mut libc::sockaddr_in as *mut libc::sockaddr,
            &mut len,
        )
    })
    .map(|_| ())
}

/// The address bytes getsockname (`peer` false) or getpeername (`peer`
/// true) leave in a zeroed 16-byte sockaddr_in, read as stock reads them
/// whatever the family: the port from bytes 2-3 and the IPv4 address from
/// bytes 4-7 (so an AF_UNIX socket gives port 0 and 0.0.0.0).
pub fn sock_address(fd: Fd, peer: bool) -> Result<([u8; 4], u16)> {
    let mut sa = [0u8; 16];
    let mut len = sa.len() as libc::socklen_t;
    let p = sa.as_mut_ptr().cast::<libc::sockaddr>();
    // SAFETY: sa has room for len bytes; the kernel writes at most len.
    let r = unsafe {
        if peer {
            libc::getpeername(fd, p, &mut len)
        } else {
            libc::getsockname(fd, p, &mut len)
        }
    };
    cerr(r)?;
    Ok((
        [sa[4], sa[5], sa[6], sa[7]],
        u16::from_be_bytes([sa[2], sa[3]]),
    ))
}

/// A TCP socket bound to `ip`, port 0 (the kernel picks the port), as
/// stock's remoteinfo opens it.
pub fn tcp_socket_at(ip: [u8; 4]) -> Result<OwnedFd> {
    let fd = tcp_socket()?;
    let sin = sockaddr(ip, 0);
    // SAFETY: sin is a valid sockaddr_in of the size given.
    cerr(unsafe {
        libc::bind(
            fd.raw(),
            (&sin as *const libc::sockaddr_in).cast(),
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    })?;
    Ok(fd)
}

/// ETIMEDOUT, the errno qmail calls error_timeout.
pub const TIMEOUT: Errno = Errno(libc::ETIMEDOUT);

/// timeoutconn: connects `fd` to `ip`:`port`, waiting at most `secs`
/// seconds (a negative time is select's EINVAL). The connect is made
/// non-blocking; once the socket turns writable, getpeername tells whether
/// it worked, and when it did not one read fetches the reason
/// (ECONNREFUSED, ...). Err([`TIMEOUT`]) when the time ran out (the attempt
/// goes on until the socket is closed). On success the socket is blocking
/// again.
pub fn timeoutconn(fd: Fd, ip: [u8; 4], port: u16, secs: i32) -> Result<()> {
    super::ndelay(fd, true)?;
    match connect(fd, ip, port) {
        Ok(()) => return super::ndelay(fd, false),
        Err(Errno(e)) if e == libc::EINPROGRESS || e == libc::EWOULDBLOCK => {}
        Err(e) => return Err(e),
    }
    if secs < 0 {
        return Err(Errno(libc::EINVAL));
    }
    if !super::wait_ready(fd, true, secs)? {
        return Err(TIMEOUT);
    }
    if let Err(e) = has_peer(fd) {
        let mut ch = [0u8; 1];
        return match super::read(fd, &mut ch) {
            Err(r) => Err(r),
            Ok(_) => Err(e),
        };
    }
    super::ndelay(fd, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_connect_on_loopback_fails() {
        let s = tcp_socket().unwrap();
        // port 1 on loopback: nothing listens there in a test environment
        let r = connect(s.raw(), [127, 0, 0, 1], 1);
        assert!(r.is_err());
    }

    #[test]
    fn timeoutconn_connects_and_leaves_the_socket_blocking() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let s = tcp_socket().unwrap();
        assert_eq!(timeoutconn(s.raw(), [127, 0, 0, 1], port, 5), Ok(()));
        // SAFETY: reads the flags of an fd we own.
        let fl = unsafe { libc::fcntl(s.raw(), libc::F_GETFL, 0) };
        assert_eq!(fl & libc::O_NONBLOCK, 0);
        let (mut peer, _) = l.accept().unwrap();
        assert_eq!(crate::sys::write(s.raw(), b"Kx"), Ok(2));
        let mut got = [0u8; 2];
        std::io::Read::read_exact(&mut peer, &mut got).unwrap();
        assert_eq!(&got, b"Kx");
    }

    #[test]
    fn timeoutconn_to_a_closed_port_is_refused() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let s = tcp_socket().unwrap();
        assert_eq!(
            timeoutconn(s.raw(), [127, 0, 0, 1], port, 5),
            Err(Errno(libc::ECONNREFUSED))
        );
    }
}
