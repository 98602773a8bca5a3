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

/// select with a timeout in whole seconds, as qmail-send's main loop uses
/// it: waits until one of `rfds` is readable or one of `wfds` writable, or
/// `secs` pass. Returns the ready flags of each list (all false on a
/// timeout); an interrupting signal is Err(EINTR), a closed fd Err(EBADF)
/// as select answers.
pub fn select(rfds: &[Fd], wfds: &[Fd], secs: i64) -> Result<(Vec<bool>, Vec<bool>)> {
    let mut p: Vec<libc::pollfd> = rfds
        .iter()
        .map(|&fd| (fd, libc::POLLIN))
        .chain(wfds.iter().map(|&fd| (fd, libc::POLLOUT)))
        .map(|(fd, events)| libc::pollfd {
            fd,
            events,
            revents: 0,
        })
        .collect();
    let ms = secs.clamp(0, i64::from(i32::MAX / 1000)) * 1000;
    // SAFETY: p holds p.len() valid pollfds for the duration of the call.
    cerr(unsafe { libc::poll(p.as_mut_ptr(), p.len() as libc::nfds_t, ms as i32) })?;
    // select fails as a whole on a closed fd; poll only flags it.
    if p.iter().any(|x| x.revents & libc::POLLNVAL != 0) {
        return Err(super::Errno(libc::EBADF));
    }
    let (r, w) = p.split_at(rfds.len());
    Ok((
        r.iter().map(|x| x.revents != 0).collect(),
        w.iter().map(|x| x.revents != 0).collect(),
    ))
}
