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
