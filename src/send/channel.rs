//! One delivery channel, local or remote: the spawner at the other end of
//! a pair of fds (qmail-lspawn or qmail-rspawn), the command being written
//! to it, the deliveries it runs, the queue of messages due on it and the
//! pass reading one of them. The words that name the channel in the log and
//! its message files in the queue come from here too.

use super::addr::{self, Chan};
use super::deliver::Del;
use super::pass::Pass;
use crate::base::prioq::Prioq;
use crate::queue;
use crate::sys::{self, Errno, Fd, OwnedFd};

/// How many channels there are: local, then remote.
pub const CHANNELS: usize = 2;

/// A channel and all qmail-send keeps for it.
pub struct Channel {
    chan: Chan,
    tospawn: OwnedFd,
    fromspawn: OwnedFd,
    /// False once the spawner's connection is lost.
    pub(super) alive: bool,
    /// How many deliveries may run at once, and how many do.
    pub(super) limit: u32,
    pub(super) used: u32,
    /// The command being written to the spawner (empty when none), and how
    /// much of it is out.
    comm: Vec<u8>,
    comm_pos: usize,
    /// One slot per delivery the spawner may run; a report names its slot.
    pub(super) dels: Vec<Del>,
    /// The report being read from the spawner.
    pub(super) dline: Vec<u8>,
    /// Messages with recipients on this channel, by time of next try.
    pub(super) pq: Prioq,
    /// The recipient list being read, if any.
    pub(super) pass: Option<Pass>,
}

impl Channel {
    fn new(chan: Chan, tospawn: Fd, fromspawn: Fd, limit: u32) -> Channel {
        Channel {
            chan,
            tospawn: OwnedFd(tospawn),
            fromspawn: OwnedFd(fromspawn),
            alive: true,
            limit,
            used: 0,
            comm: Vec::new(),
            comm_pos: 0,
            dels: Vec::new(),
            dline: Vec::new(),
            pq: Prioq::new(),
            pass: None,
        }
    }

    /// The two channels on the fds qmail-start hands qmail-send: 1 and 2
    /// to and from qmail-lspawn, 3 and 4 to and from qmail-rspawn. Each
    /// spawner first says in one byte how many deliveries it runs at once;
    /// the channel runs the smaller of that and `concurrency`. None when a
    /// spawner says nothing.
    pub fn open_both(concurrency: [u32; CHANNELS]) -> Option<[Channel; CHANNELS]> {
        let mut chans = [
            Channel::new(Chan::Local, 1, 2, concurrency[0]),
            Channel::new(Chan::Remote, 3, 4, concurrency[1]),
        ];
        for ch in &mut chans {
            let spawner = ch.hear_limit()?;
            ch.limit = ch.limit.min(spawner);
            ch.dels = vec![Del::default(); ch.limit as usize];
        }
        Some(chans)
    }

    /// The spawner's first byte.
    fn hear_limit(&self) -> Option<u32> {
        let mut ch = [0u8; 1];
        let r = loop {
            match sys::read(self.fromspawn.0, &mut ch) {
                Err(Errno(libc::EINTR)) => continue,
                r => break r,
            }
        };
        matches!(r, Ok(1)).then_some(u32::from(ch[0]))
    }

    /// The channel's word in the log: `local` or `remote`.
    pub(super) fn name(&self) -> &'static [u8] {
        match self.chan {
            Chan::Local => b"local",
            Chan::Remote => b"remote",
        }
    }

    /// Message `id`'s recipient list for this channel (`local/S/N` or
    /// `remote/S/N`).
    pub(super) fn file(&self, id: u64) -> Vec<u8> {
        match self.chan {
            Chan::Local => queue::local(id),
            Chan::Remote => queue::remote(id),
        }
    }

    /// The first retry comes this many seconds after a message's birth
    /// (see [`addr::nextretry`]).
    pub(super) fn skip(&self) -> i64 {
        match self.chan {
            Chan::Local => 10,
            Chan::Remote => 20,
        }
    }

    /// Makes writes to the spawner non-blocking.
    pub(super) fn nonblocking(&self) -> Result<(), Errno> {
        sys::ndelay(self.tospawn.0, true)
    }

    /// The fd reports come in on.
    pub(super) fn report_fd(&self) -> Fd {
        self.fromspawn.0
    }

    /// The fd commands go out on.
    pub(super) fn command_fd(&self) -> Fd {
        self.tospawn.0
    }

    /// True when no command is waiting to go out.
    pub(super) fn comm_canwrite(&self) -> bool {
        self.comm.is_empty()
    }

    /// True when a live spawner has a command waiting for it.
    pub(super) fn comm_pending(&self) -> bool {
        self.alive && !self.comm.is_empty()
    }

    /// Queues the command for delivery slot `delnum`: message `id`, the
    /// sender as the spawner should see it, the recipient. Ignored while
    /// another command is still going out.
    pub(super) fn comm_write(&mut self, delnum: usize, id: u64, sender: &[u8], recip: &[u8]) {
        if !self.comm.is_empty() {
            return;
        }
        let mut b = vec![delnum as u8];
        b.extend_from_slice(&queue::split_name(id));
        b.push(0);
        b.extend_from_slice(&addr::senderadd(sender, recip));
        b.push(0);
        b.extend_from_slice(recip);
        b.push(0);
        self.comm = b;
        self.comm_pos = 0;
    }

    /// Writes what the spawner takes of the waiting command; false when
    /// the spawner has gone (EPIPE).
    pub(super) fn comm_do(&mut self) -> bool {
        let pos = self.comm_pos;
        match sys::write(self.tospawn.0, &self.comm[pos..]) {
            Ok(0) => {}
            Ok(w) => {
                self.comm_pos += w;
                if self.comm_pos == self.comm.len() {
                    self.comm.clear();
                }
            }
            Err(Errno(libc::EPIPE)) => return false,
            Err(_) => {}
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::substdio::{slurp, In};

    /// A channel on a pipe pair: (channel, the spawner's end of the
    /// command pipe, the spawner's end of the report pipe).
    fn on_pipes(chan: Chan) -> (Channel, OwnedFd, OwnedFd) {
        let (cmd_r, cmd_w) = sys::pipe().unwrap();
        let (rep_r, rep_w) = sys::pipe().unwrap();
        (
            Channel::new(chan, cmd_w, rep_r, 10),
            OwnedFd(cmd_r),
            OwnedFd(rep_w),
        )
    }

    #[test]
    fn channels_name_their_files_and_log_words_as_stock() {
        let (local, _, _) = on_pipes(Chan::Local);
        let (remote, _, _) = on_pipes(Chan::Remote);
        assert_eq!(local.file(47), queue::local(47));
        assert_eq!(remote.file(47), queue::remote(47));
        assert_eq!(
            (local.name(), remote.name()),
            (&b"local"[..], &b"remote"[..])
        );
        assert_eq!((local.skip(), remote.skip()), (10, 20));
    }

    #[test]
    fn spawner_limit_is_its_first_byte_and_silence_is_none() {
        let (ch, _, rep) = on_pipes(Chan::Local);
        assert_eq!(sys::write(rep.0, &[7]), Ok(1));
        assert_eq!(ch.hear_limit(), Some(7));
        drop(rep);
        assert_eq!(ch.hear_limit(), None);
    }

    #[test]
    fn command_is_slot_message_sender_recipient_each_nul_ended() {
        let (mut ch, cmd, _) = on_pipes(Chan::Remote);
        assert!(ch.comm_canwrite());
        ch.comm_write(3, 47, b"a@b", b"c@d");
        assert!(ch.comm_pending() && !ch.comm_canwrite());
        // A second command waits for the first to be out.
        ch.comm_write(4, 48, b"x@y", b"z@w");
        assert!(ch.comm_do());
        assert!(ch.comm_canwrite());
        drop(ch);
        let mut got = Vec::new();
        slurp(&mut In::new(cmd, 64), |p| got.extend_from_slice(p)).unwrap();
        let mut want = vec![3u8];
        want.extend_from_slice(&queue::split_name(47));
        want.extend_from_slice(b"\0a@b\0c@d\0");
        assert_eq!(got, want);
    }

    #[test]
    fn command_to_a_gone_spawner_reports_it() {
        // The test harness, like qmail-send, ignores SIGPIPE.
        let (mut ch, cmd, _) = on_pipes(Chan::Local);
        drop(cmd);
        ch.comm_write(0, 1, b"", b"r@h");
        assert!(!ch.comm_do());
    }
}
