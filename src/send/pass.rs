//! Passes: each channel reads the recipient list of its earliest due
//! message, one record per round, starting a delivery for each recipient
//! not yet done (`T`) and skipping those done (`D`), as long as the
//! channel has a free delivery slot. Each round also looks again at one
//! due message of the fail queue and finishes one of the done queue.

use super::addr;
use super::scheduler::Send;
use super::{insert, log, SLEEP_SYSFAIL};
use crate::base::byte::cstr;
use crate::base::substdio::In;
use crate::queue;
use crate::sys::{self, OwnedFd};

/// A channel's pass through one message's recipient list.
pub(super) struct Pass {
    id: u64,
    /// The job holding the message.
    j: usize,
    /// Where the next record starts in the channel file.
    mpos: u64,
    ss: In<OwnedFd>,
}

/// The sender line of info/: `F` and the sender, and the file's mtime
/// (the message's birth). None when it cannot be read.
pub(super) fn getinfo(id: u64) -> Option<(Vec<u8>, i64)> {
    let mut ss = In::new(OwnedFd(sys::open_read(&queue::info(id)).ok()?), 128);
    let st = sys::fstat(ss.op().0).ok()?;
    let mut line = Vec::new();
    let matched = ss.getln(&mut line, 0).ok()?;
    drop(ss);
    if !matched || line.first() != Some(&b'F') {
        return None;
    }
    Some((cstr(&line[1..]).to_vec(), st.mtime))
}

impl Send {
    /// Lowers `wakeup` to when a pass can go on or a queue has a message
    /// due.
    pub(super) fn pass_selprep(&self, wakeup: &mut i64) {
        if self.flagexitasap {
            return;
        }
        for c in 0..self.chans.len() {
            if self.chans[c].pass.is_some() && self.del_avail(c) {
                *wakeup = 0;
                return;
            }
        }
        let mut consider = |pq: &crate::base::prioq::Prioq| {
            if let Some(pe) = pq.min() {
                if *wakeup > pe.dt {
                    *wakeup = pe.dt;
                }
            }
        };
        if self.job_avail() {
            for ch in &self.chans {
                if ch.pass.is_none() {
                    consider(&ch.pq);
                }
            }
        }
        consider(&self.pqfail);
        consider(&self.pqdone);
    }

    /// One round of every pass and of the fail and done queues.
    pub(super) fn pass_do(&mut self) {
        for c in 0..self.chans.len() {
            self.pass_dochan(c);
        }
        if let Some(pe) = self.pqfail.min() {
            if pe.dt <= self.recent {
                self.pqfail.delmin();
                self.pqadd(pe.id);
            }
        }
        if let Some(pe) = self.pqdone.min() {
            if pe.dt <= self.recent {
                self.pqdone.delmin();
                self.messdone(pe.id);
            }
        }
    }

    /// One step of channel `c`'s pass, starting one when a message is due.
    fn pass_dochan(&mut self, c: usize) {
        if self.flagexitasap {
            return;
        }
        if self.chans[c].pass.is_none() && !self.pass_start(c) {
            return;
        }
        if !self.del_avail(c) {
            return;
        }
        self.pass_record(c);
    }

    /// Opens channel `c`'s earliest due message and a job for it; false
    /// when none is due or it cannot be opened now.
    fn pass_start(&mut self, c: usize) -> bool {
        if !self.job_avail() {
            return false;
        }
        let Some(pe) = self.chans[c].pq.min() else {
            return false;
        };
        if pe.dt > self.recent {
            return false;
        }
        let mut path = self.chans[c].file(pe.id);
        self.chans[c].pq.delmin();
        // As in stock, the name logged after a failed getinfo is the
        // info file's (the last name made).
        let opened = sys::open_read(&path)
            .ok()
            .map(OwnedFd)
            .and_then(|fd| match getinfo(pe.id) {
                Some(info) => Some((fd, info)),
                None => {
                    drop(fd);
                    path = queue::info(pe.id);
                    None
                }
            });
        let Some((fd, (sender, birth))) = opened else {
            log(&[
                b"warning: trouble opening ",
                &path,
                b"; will try again later\n",
            ]);
            insert(&mut self.chans[c].pq, pe.id, self.recent + SLEEP_SYSFAIL);
            return false;
        };
        let Some(j) = self.job_open(pe.id, c) else {
            return false;
        };
        let jo = &mut self.jobs[j];
        jo.retry = addr::nextretry(birth, self.recent, self.chans[c].skip());
        jo.flagdying = self.recent > birth + self.cfg.lifetime;
        jo.sender = sender;
        self.chans[c].pass = Some(Pass {
            id: pe.id,
            j,
            mpos: 0,
            ss: In::new(fd, 128),
        });
        true
    }

    /// Reads one record of channel `c`'s pass: a recipient to deliver to,
    /// one done, or the end of the list.
    fn pass_record(&mut self, c: usize) {
        let Some(p) = self.chans[c].pass.as_mut() else {
            return;
        };
        let mut line = Vec::new();
        let r = p.ss.getln(&mut line, 0);
        let (id, j, mpos) = (p.id, p.j, p.mpos);
        match r {
            Err(_) => {
                log(&[
                    b"warning: trouble reading ",
                    &self.chans[c].file(id),
                    b"; will try again later\n",
                ]);
                return self.pass_end(c, j, false);
            }
            Ok(false) => return self.pass_end(c, j, true),
            Ok(true) => {}
        }
        match line[0] {
            b'T' => {
                self.jobs[j].numtodo += 1;
                self.del_start(j, mpos, cstr(&line[1..]));
            }
            b'D' => {}
            _ => {
                log(&[
                    b"warning: unknown record type in ",
                    &self.chans[c].file(id),
                    b"!\n",
                ]);
                return self.pass_end(c, j, false);
            }
        }
        if let Some(p) = self.chans[c].pass.as_mut() {
            p.mpos += line.len() as u64;
        }
    }

    /// Ends channel `c`'s pass (closing the file) and its reference to
    /// job `j`; `hiteof` when the whole list was read.
    fn pass_end(&mut self, c: usize, j: usize, hiteof: bool) {
        drop(self.chans[c].pass.take());
        if hiteof {
            self.jobs[j].flaghiteof = true;
        }
        self.job_close(j);
    }
}
