//! Deliveries: starting one (a command to the channel's spawner, a slot
//! taken, a line in the log), reading the spawners' reports and acting on
//! them (success and failure mark the recipient done in the channel file,
//! a failure also adds to the bounce), and the status line logged after
//! each change.

use super::addr;
use super::scheduler::Send;
use super::{log, num};
use crate::sys;

/// Longest delivery report kept.
const REPORTMAX: usize = 10000;

/// One delivery slot of a channel.
#[derive(Debug, Default, Clone)]
pub(super) struct Del {
    pub(super) used: bool,
    /// The job the delivery belongs to.
    j: usize,
    /// Its number in the log.
    delid: u64,
    /// Where its recipient's record is in the channel file.
    mpos: u64,
    recip: Vec<u8>,
}

impl Send {
    /// `status: local U/L remote U/L`, with ` exitasap` when winding down.
    pub(super) fn del_status(&self) {
        let mut line = b"status:".to_vec();
        for ch in &self.chans {
            line.push(b' ');
            line.extend_from_slice(ch.name());
            line.push(b' ');
            line.extend_from_slice(&num(u64::from(ch.used)));
            line.push(b'/');
            line.extend_from_slice(&num(u64::from(ch.limit)));
        }
        if self.flagexitasap {
            line.extend_from_slice(b" exitasap");
        }
        line.push(b'\n');
        log(&[&line]);
    }

    /// True when no delivery is running on a live channel.
    pub(super) fn del_canexit(&self) -> bool {
        self.chans.iter().all(|ch| !ch.alive || ch.used == 0)
    }

    /// True when channel `c` can start a delivery now.
    pub(super) fn del_avail(&self, c: usize) -> bool {
        let ch = &self.chans[c];
        ch.alive && ch.comm_canwrite() && ch.used < ch.limit
    }

    /// Starts the delivery of `recip` (at `mpos` in the channel file) for
    /// job `j`.
    pub(super) fn del_start(&mut self, j: usize, mpos: u64, recip: &[u8]) {
        let c = self.jobs[j].channel;
        if !self.chans[c].alive || !self.chans[c].comm_canwrite() {
            return;
        }
        let Some(i) = self.chans[c].dels.iter().position(|d| !d.used) else {
            return;
        };
        let delid = self.masterdelid;
        self.masterdelid += 1;
        self.chans[c].dels[i] = Del {
            used: true,
            j,
            delid,
            mpos,
            recip: recip.to_vec(),
        };
        self.jobs[j].refs += 1;
        self.chans[c].used += 1;
        let (id, sender) = (self.jobs[j].id, self.jobs[j].sender.clone());
        self.chans[c].comm_write(i, id, &sender, recip);
        log(&[
            b"starting delivery ",
            &num(delid),
            b": msg ",
            &num(id),
            b" to ",
            self.chans[c].name(),
            b" ",
            &addr::logsafe(recip),
            b"\n",
        ]);
        self.del_status();
    }

    /// Marks the record at `pos` of message `id`'s file on channel `c`
    /// done.
    fn markdone(&self, c: usize, id: u64, pos: u64) {
        let path = self.chans[c].file(id);
        if let Ok(fd) = sys::open_write(&path) {
            let fd = sys::OwnedFd(fd);
            if sys::fstat(fd.0).is_ok()
                && sys::seek_set(fd.0, pos).is_ok()
                && sys::write(fd.0, b"D") == Ok(1)
            {
                return;
            }
        }
        log(&[
            b"warning: trouble marking ",
            &path,
            b"; message will be delivered twice!\n",
        ]);
    }

    /// Reads what channel `c`'s spawner wrote and acts on each whole
    /// report.
    pub(super) fn del_dochan(&mut self, c: usize) {
        let mut buf = [0u8; 2048];
        let r = match sys::read(self.chans[c].report_fd(), &mut buf) {
            Err(_) => return,
            Ok(0) => return self.spawndied(c),
            Ok(r) => r,
        };
        for &ch in &buf[..r] {
            let dline = &mut self.chans[c].dline;
            dline.push(ch);
            dline.truncate(REPORTMAX);
            if ch != 0 || dline.len() <= 1 {
                continue;
            }
            let mut dline = std::mem::take(dline);
            self.report(c, &mut dline);
            dline.clear();
            self.chans[c].dline = dline;
        }
    }

    /// One report: delivery number, status letter, text and NUL.
    fn report(&mut self, c: usize, dline: &mut Vec<u8>) {
        let delnum = usize::from(dline[0]);
        if delnum >= self.chans[c].dels.len() || !self.chans[c].dels[delnum].used {
            log(&[b"warning: internal error: delivery report out of range\n"]);
            return;
        }
        let d = self.chans[c].dels[delnum].clone();
        let strid = num(d.delid);
        if dline[1] == b'Z' && self.jobs[d.j].flagdying {
            dline[1] = b'D';
            dline.pop();
            dline.extend_from_slice(
                b"I'm not going to try again; this message has been in the queue too long.\n\0",
            );
        }
        let text = &dline[2..];
        let id = self.jobs[d.j].id;
        match dline[1] {
            b'K' => {
                log(&[
                    b"delivery ",
                    &strid,
                    b": success: ",
                    &addr::logsafe(text),
                    b"\n",
                ]);
                self.markdone(c, id, d.mpos);
                self.jobs[d.j].numtodo -= 1;
            }
            b'Z' => {
                log(&[
                    b"delivery ",
                    &strid,
                    b": deferral: ",
                    &addr::logsafe(text),
                    b"\n",
                ]);
            }
            b'D' => {
                log(&[
                    b"delivery ",
                    &strid,
                    b": failure: ",
                    &addr::logsafe(text),
                    b"\n",
                ]);
                self.addbounce(id, &d.recip, text);
                self.markdone(c, id, d.mpos);
                self.jobs[d.j].numtodo -= 1;
            }
            _ => log(&[b"delivery ", &strid, b": report mangled, will defer\n"]),
        }
        self.job_close(d.j);
        self.chans[c].dels[delnum].used = false;
        self.chans[c].used -= 1;
        self.del_status();
    }
}
