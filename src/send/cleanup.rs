//! qmail-clean, qmail-send's partner for removing queue files (fd 5 to
//! it, fd 6 from it): one request, one answer byte. Also the slow sweep
//! through mess/ that hands qmail-clean every message file abandoned long
//! ago (read last more than 36 hours back, with no info/ or todo/ file),
//! one file per round, a full sweep about once a day.

use super::scheduler::Send;
use super::{is_noent, log, pausedir};
use crate::base::byte::cstr;
use crate::base::readsubdir::{Next, ReadSubdir};
use crate::base::substdio::{In, Out};
use crate::queue::{self, clean};
use crate::sys::{self, OwnedFd};

/// Time between cleanup sweeps.
const SLEEP_CLEANUP: i64 = 76431;
/// A mess file last read this long ago with no info or todo is abandoned.
const OSSIFIED: i64 = 129600;

/// The connection to qmail-clean and the sweep's place.
pub(super) struct Cleanup {
    toqc: Out<OwnedFd>,
    fromqc: In<OwnedFd>,
    /// The sweep under way, if any.
    dir: Option<ReadSubdir>,
    /// When the next sweep starts.
    pub(super) time: i64,
}

impl Cleanup {
    /// The connection on fds 5 and 6; the first sweep is due at `now`.
    pub(super) fn new(now: i64) -> Cleanup {
        Cleanup {
            toqc: Out::new(OwnedFd(5), 1024),
            fromqc: In::new(OwnedFd(6), 1024),
            dir: None,
            time: now,
        }
    }
}

impl Send {
    fn cleandied(&mut self) {
        log(&[b"alert: oh no! lost qmail-clean connection! dying...\n"]);
        self.flagexitasap = true;
    }

    /// Sends one request to qmail-clean; Some(answer byte), or None after
    /// the connection was lost.
    fn clean(&mut self, req: &[u8]) -> Option<u8> {
        if self.cleanup.toqc.putflush(req).is_err() {
            self.cleandied();
            return None;
        }
        let mut ch = [0u8; 1];
        match self.cleanup.fromqc.get(&mut ch) {
            Ok(1) => Some(ch[0]),
            _ => {
                self.cleandied();
                None
            }
        }
    }

    /// One clean request with stock's warning when it is not done.
    pub(super) fn clean_logged(&mut self, req: &[u8]) -> bool {
        match self.clean(req) {
            Some(b'+') => true,
            Some(_) => {
                log(&[
                    b"warning: qmail-clean unable to clean up ",
                    cstr(req),
                    b"\n",
                ]);
                false
            }
            None => false,
        }
    }

    /// Lowers `wakeup` to the sweep's next step.
    pub(super) fn cleanup_selprep(&self, wakeup: &mut i64) {
        if self.cleanup.dir.is_some() {
            *wakeup = 0;
        }
        *wakeup = (*wakeup).min(self.cleanup.time);
    }

    /// One step of the sweep, when one is under way or due.
    pub(super) fn cleanup_do(&mut self) {
        let rs = match self.cleanup.dir.as_mut() {
            Some(rs) => rs,
            None => {
                if self.recent < self.cleanup.time {
                    return;
                }
                self.cleanup.dir.insert(ReadSubdir::new(b"mess"))
            }
        };
        let id = match rs.next(&mut |d, _| pausedir(d)) {
            Next::Id(id) => id,
            Next::Done => {
                self.cleanup.dir = None;
                self.cleanup.time = self.recent + SLEEP_CLEANUP;
                return;
            }
            _ => return,
        };
        let Ok(st) = sys::stat(&queue::mess(id)) else {
            return;
        };
        if self.recent <= st.atime + OSSIFIED {
            return;
        }
        for path in [queue::info(id), queue::todo(id)] {
            if !is_noent(&sys::stat(&path)) {
                return;
            }
        }
        self.clean_logged(&clean::foop(id));
    }
}
