//! Network interface queries (the ioctls behind qmail's ipme).

use super::Errno;

/// Failure of [`up_ipv4_addresses`], as ipme_init reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfError {
    /// ipme_init's 0.
    NoMem,
    /// ipme_init's -1 (socket failed, or SIOCGIFCONF never fit in 200000).
    Hard(Errno),
}

struct Sock(i32);
impl Drop for Sock {
    fn drop(&mut self) {
        // SAFETY: closing an fd we own.
        unsafe { libc::close(self.0) };
    }
}

/// The IPv4 address of every interface SIOCGIFCONF lists that is up, in
/// the kernel's order, exactly as stock's ipme finds them: the buffer starts
/// at 256 bytes and grows by 100 + len/4 until the answer leaves room for
/// one more record and 64 bytes; then, for each record, SIOCGIFFLAGS and
/// (when IFF_UP) SIOCGIFADDR are asked by interface name, so an interface
/// with several addresses reports its primary address for each of them.
pub fn up_ipv4_addresses() -> std::result::Result<Vec<[u8; 4]>, IfError> {
    // SAFETY: plain socket(2) call.
    let s = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0) };
    if s == -1 {
        return Err(IfError::Hard(Errno::last()));
    }
    let sock = Sock(s);
    let rec = std::mem::size_of::<libc::ifreq>();
    let mut len: usize = 256;
    let buf: Vec<u8> = loop {
        let mut buf: Vec<u8> = Vec::new();
        buf.try_reserve(len).map_err(|_| IfError::NoMem)?;
        buf.resize(len, 0);
        // SAFETY: an all-zero ifconf is valid; it is filled in below.
        let mut ifc: libc::ifconf = unsafe { std::mem::zeroed() };
        ifc.ifc_len = len as i32;
        ifc.ifc_ifcu.ifcu_buf = buf.as_mut_ptr().cast();
        // SAFETY: ifc points at buf, which is valid for len bytes.
        let r = unsafe { libc::ioctl(sock.0, libc::SIOCGIFCONF, &mut ifc) };
        if r >= 0 && (ifc.ifc_len as usize) + rec + 64 < len {
            buf.truncate(ifc.ifc_len.max(0) as usize);
            break buf;
        }
        if len > 200000 {
            return Err(IfError::Hard(Errno::last()));
        }
        len += 100 + (len >> 2);
    };
    let mut out = Vec::new();
    for chunk in buf.chunks(rec) {
        // SAFETY: an all-zero ifreq is valid.
        let mut ifr: libc::ifreq = unsafe { std::mem::zeroed() };
        // SAFETY: copy at most one record's bytes into the ifreq.
        unsafe {
            std::ptr::copy_nonoverlapping(
                chunk.as_ptr(),
                (&mut ifr as *mut libc::ifreq).cast::<u8>(),
                chunk.len().min(rec),
            )
        };
        // SAFETY: ifr is a valid ifreq for the ioctl to read and fill.
        if unsafe { libc::ioctl(sock.0, libc::SIOCGIFFLAGS, &mut ifr) } != 0 {
            continue;
        }
        // SAFETY: SIOCGIFFLAGS filled the flags member of the union.
        let flags = unsafe { ifr.ifr_ifru.ifru_flags };
        if flags & libc::IFF_UP as libc::c_short == 0 {
            continue;
        }
        // SAFETY: as above.
        if unsafe { libc::ioctl(sock.0, libc::SIOCGIFADDR, &mut ifr) } != 0 {
            continue;
        }
        // SAFETY: SIOCGIFADDR filled the address member of the union.
        let sa = unsafe { ifr.ifr_ifru.ifru_addr };
        if sa.sa_family as i32 == libc::AF_INET {
            // sockaddr_in: family (2), port (2), address (4).
            let d = sa.sa_data;
            out.push([d[2] as u8, d[3] as u8, d[4] as u8, d[5] as u8]);
        }
    }
    Ok(out)
}

/// The address bytes getsockname (`peer` false) or getpeername (`peer`
/// true) leave in a zeroed 16-byte sockaddr_in, read as stock reads them
/// whatever the family: the port from bytes 2-3 and the IPv4 address from
/// bytes 4-7 (so an AF_UNIX socket gives port 0 and 0.0.0.0).
pub fn sock_address(fd: super::Fd, peer: bool) -> super::Result<([u8; 4], u16)> {
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
    super::cerr(r)?;
    Ok((
        [sa[4], sa[5], sa[6], sa[7]],
        u16::from_be_bytes([sa[2], sa[3]]),
    ))
}

fn sockaddr_in(ip: [u8; 4], port: u16) -> libc::sockaddr_in {
    // SAFETY: an all-zero sockaddr_in is a valid value.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_port = port.to_be();
    sin.sin_addr.s_addr = u32::from_ne_bytes(ip);
    sin
}

/// A TCP socket bound to `ip`, port 0 (the kernel picks the port), as
/// stock's remoteinfo opens it.
pub fn tcp_socket_at(ip: [u8; 4]) -> super::Result<super::OwnedFd> {
    // SAFETY: plain socket(2) call.
    let s = super::cerr(unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0) })?;
    let fd = super::OwnedFd(s);
    let sin = sockaddr_in(ip, 0);
    // SAFETY: sin is a valid sockaddr_in of the size given.
    super::cerr(unsafe {
        libc::bind(
            fd.raw(),
            (&sin as *const libc::sockaddr_in).cast(),
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    })?;
    Ok(fd)
}

/// connect(2) to `ip`:`port`; on a non-blocking socket Err(EINPROGRESS)
/// means the attempt goes on.
pub fn connect_to(fd: super::Fd, ip: [u8; 4], port: u16) -> super::Result<()> {
    let sin = sockaddr_in(ip, port);
    // SAFETY: sin is a valid sockaddr_in of the size given.
    super::cerr(unsafe {
        libc::connect(
            fd,
            (&sin as *const libc::sockaddr_in).cast(),
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    })
    .map(|_| ())
}
