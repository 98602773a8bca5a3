//! Jobs: a job holds one message on one channel while the pass reads its
//! recipient list and while the deliveries it started run (one reference
//! each). When the last reference goes, the message is rescheduled for
//! its next retry, or, when every recipient on the channel is done, the
//! channel file is removed and the message may be finished.

use super::channel::CHANNELS;
use super::scheduler::Send;
use super::{insert, is_noent, log, SLEEP_SYSFAIL};
use crate::base::syncdir;
use crate::sys;

/// One message on one channel.
#[derive(Debug, Default, Clone)]
pub(super) struct Job {
    /// The pass and each running delivery hold one; 0 is a free slot.
    pub(super) refs: u32,
    pub(super) id: u64,
    pub(super) channel: usize,
    /// When the message is due again if recipients remain.
    pub(super) retry: i64,
    pub(super) sender: Vec<u8>,
    /// Recipients started and not yet done.
    pub(super) numtodo: i64,
    /// The pass read the whole recipient list.
    pub(super) flaghiteof: bool,
    /// The message is past its lifetime: deferrals become failures.
    pub(super) flagdying: bool,
}

impl Send {
    pub(super) fn job_avail(&self) -> bool {
        self.jobs.iter().any(|j| j.refs == 0)
    }

    /// Takes a free job for message `id` on `channel`.
    pub(super) fn job_open(&mut self, id: u64, channel: usize) -> Option<usize> {
        let j = self.jobs.iter().position(|j| j.refs == 0)?;
        let jo = &mut self.jobs[j];
        jo.refs = 1;
        jo.id = id;
        jo.channel = channel;
        jo.numtodo = 0;
        jo.flaghiteof = false;
        Some(j)
    }

    /// Drops one reference to job `j`; the last one reschedules the
    /// message or finishes its channel.
    pub(super) fn job_close(&mut self, j: usize) {
        self.jobs[j].refs -= 1;
        if self.jobs[j].refs > 0 {
            return;
        }
        let jo = self.jobs[j].clone();
        let mut dt = jo.retry;
        if jo.flaghiteof && jo.numtodo == 0 {
            let path = self.chans[jo.channel].file(jo.id);
            if sys::unlink(&path).is_err() {
                log(&[
                    b"warning: unable to unlink ",
                    &path,
                    b"; will try again later\n",
                ]);
                dt = sys::now() + SLEEP_SYSFAIL;
            } else {
                // Ours (conf-syncdir): the removal on disk before info/N's
                // can be. A failure costs at most a second delivery.
                let _ = syncdir::parent(&path);
                for c in 0..CHANNELS {
                    if c == jo.channel {
                        continue;
                    }
                    let path = self.chans[c].file(jo.id);
                    let r = sys::stat(&path);
                    if r.is_ok() {
                        return;
                    }
                    if !is_noent(&r) {
                        log(&[b"warning: unable to stat ", &path, b"\n"]);
                        break;
                    }
                }
                insert(&mut self.pqdone, jo.id, sys::now());
                return;
            }
        }
        insert(&mut self.chans[jo.channel].pq, jo.id, dt);
    }
}
