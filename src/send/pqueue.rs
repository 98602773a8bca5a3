//! When each message is due. A message with recipients left on a channel
//! waits in that channel's queue until its next retry (the channel file's
//! mtime carries that time across restarts); a message with no channel
//! file left waits in the done queue; a message whose files could not be
//! looked at waits in the fail queue to be looked at again.

use super::channel::CHANNELS;
use super::scheduler::Send;
use super::{insert, is_noent, log, pausedir, SLEEP_SYSFAIL};
use crate::base::readsubdir::{Next, ReadSubdir};
use crate::queue;
use crate::sys::{self, Errno};

impl Send {
    /// Files message `id` in the queues its files call for.
    pub(super) fn pqadd(&mut self, id: u64) {
        let fail = |s: &mut Send, path: &[u8]| {
            log(&[
                b"warning: unable to stat ",
                path,
                b"; will try again later\n",
            ]);
            insert(&mut s.pqfail, id, sys::now() + SLEEP_SYSFAIL);
        };
        let path = queue::info(id);
        let r = sys::stat(&path);
        if r.is_err() {
            if !is_noent(&r) {
                fail(self, &path);
            }
            return;
        }
        let path = queue::todo(id);
        let r = sys::stat(&path);
        if r.is_ok() {
            return;
        }
        if !is_noent(&r) {
            return fail(self, &path);
        }
        let mut pechan = [None; CHANNELS];
        for (c, pe) in pechan.iter_mut().enumerate() {
            let path = self.chans[c].file(id);
            match sys::stat(&path) {
                Ok(st) => *pe = Some(st.mtime),
                Err(Errno(libc::ENOENT)) => {}
                Err(_) => return fail(self, &path),
            }
        }
        for (c, pe) in pechan.iter().enumerate() {
            if let Some(dt) = pe {
                insert(&mut self.chans[c].pq, id, *dt);
            }
        }
        if pechan.iter().all(|p| p.is_none()) {
            insert(&mut self.pqdone, id, sys::now());
        }
    }

    /// At start: every message in info/ into its queues.
    pub(super) fn pqstart(&mut self) {
        let mut rs = ReadSubdir::new(b"info");
        loop {
            match rs.next(&mut |d, _| pausedir(d)) {
                Next::Done => return,
                Next::Id(id) => self.pqadd(id),
                _ => {}
            }
        }
    }

    /// At exit: leaves each channel file's mtime at its next retry time.
    pub(super) fn pqfinish(&mut self) {
        for ch in &mut self.chans {
            while let Some(pe) = ch.pq.min() {
                ch.pq.delmin();
                let path = ch.file(pe.id);
                if sys::utime(&path, pe.dt).is_err() {
                    log(&[
                        b"warning: unable to utime ",
                        &path,
                        b"; message will be retried too soon\n",
                    ]);
                }
            }
        }
    }

    /// SIGALRM: every scheduled delivery is due now.
    pub(super) fn pqrun(&mut self) {
        for ch in &mut self.chans {
            ch.pq.set_all(self.recent);
        }
    }
}
