//! Waiting on several fds while one signal is let through, as stock's
//! spawners do with select between sig_childunblock and sig_childblock
//! (here atomically, with ppoll, so a child's death cannot slip in between).

use super::{cerr, Fd, Result};

/// Waits, without a time limit, until one of `fds` is readable (end of
/// file, a hang-up and an invalid fd count as readable, as select reports
/// them) or a signal arrives; `sig` is unblocked during the wait only.
/// Returns which fds are ready (all false after a signal: EINTR is Err).
pub fn wait_readable(fds: &[Fd], sig: i32) -> Result<Vec<bool>> {
    let mut p: Vec<libc::pollfd> = fds
        .iter()
        .map(|&fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    // SAFETY: an all-zero sigset is valid storage, filled by sigprocmask.
    let mut mask: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: reads the current mask into `mask`; no change is made.
    cerr(unsafe { libc::sigprocmask(libc::SIG_BLOCK, std::ptr::null(), &mut mask) })?;
    // SAFETY: mask is initialised.
    unsafe { libc::sigdelset(&mut mask, sig) };
    // SAFETY: p holds p.len() valid pollfds; no timeout; mask is valid.
    cerr(unsafe {
        libc::ppoll(
            p.as_mut_ptr(),
            p.len() as libc::nfds_t,
            std::ptr::null(),
            &mask,
        )
    })?;
    Ok(p.iter().map(|x| x.revents != 0).collect())
}
