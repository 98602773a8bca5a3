//! New messages: todo/ is read one entry per round, at once when
//! qmail-queue pulls the trigger and at least every 25 minutes otherwise.
//! Each message's envelope in todo/N is split into info/N (the sender)
//! and the recipient lists local/N and remote/N (each address rewritten
//! for its channel); then qmail-clean removes todo/N and the message is
//! due on its channels, or done at once when it has no recipient.

use super::addr;
use super::channel::CHANNELS;
use super::scheduler::Send;
use super::{insert, log, num, pausedir};
use crate::base::byte::cstr;
use crate::base::readsubdir::{self, Next};
use crate::base::substdio::{In, Out};
use crate::base::syncdir;
use crate::base::trigger::Trigger;
use crate::queue::{self, clean};
use crate::sys::{self, dirent, Fd, OwnedFd};

/// Look at todo/ at least this often, in seconds.
const SLEEP_TODO: i64 = 1500;

/// The reading of todo/.
pub(super) struct Todo {
    /// The directory being read, if a run is under way.
    dir: Option<dirent::Dir>,
    /// When the next run is due without a trigger pull.
    pub(super) nextrun: i64,
    pub(super) trigger: Trigger,
}

impl Todo {
    pub(super) fn new(now: i64) -> Todo {
        Todo {
            dir: None,
            nextrun: now,
            trigger: Trigger::new(),
        }
    }
}

/// The files one message is being split into.
struct Split {
    id: u64,
    ipath: Vec<u8>,
    info: Out<OwnedFd>,
    /// The recipient list of each channel, once it has a recipient.
    chans: [Option<Out<OwnedFd>>; CHANNELS],
}

/// Logs `warning: WHAT PATH` and gives up on the message.
fn warn<T>(what: &[u8], path: &[u8]) -> Option<T> {
    log(&[b"warning: ", what, path, b"\n"]);
    None
}

impl Send {
    /// Adds the trigger to the fds to watch (returning where it is) and
    /// lowers `wakeup` to the next todo/ run; nothing once exiting.
    pub(super) fn todo_selprep(&self, wakeup: &mut i64, rfds: &mut Vec<Fd>) -> Option<usize> {
        if self.flagexitasap {
            return None;
        }
        let mut trig = None;
        if let Some(fd) = self.todo.trigger.fd() {
            trig = Some(rfds.len());
            rfds.push(fd);
        }
        if self.todo.dir.is_some() {
            *wakeup = 0;
        }
        *wakeup = (*wakeup).min(self.todo.nextrun);
        trig
    }

    /// One entry of todo/, starting a run when the trigger was `pulled`
    /// or one is due.
    pub(super) fn todo_do(&mut self, pulled: bool) {
        if self.flagexitasap {
            return;
        }
        let dir = match self.todo.dir.as_mut() {
            Some(d) => d,
            None => {
                if !pulled && self.recent < self.todo.nextrun {
                    return;
                }
                self.todo.trigger.set();
                match dirent::opendir(b"todo") {
                    Ok(d) => {
                        self.todo.nextrun = self.recent + SLEEP_TODO;
                        self.todo.dir.insert(d)
                    }
                    Err(_) => return pausedir(b"todo"),
                }
            }
        };
        let Some(name) = dir.read() else {
            self.todo.dir = None;
            return;
        };
        let Next::Id(id) = readsubdir::classify(&name) else {
            return;
        };
        self.todo_message(id);
    }

    /// Splits todo message `id`, has todo/N removed and schedules it.
    fn todo_message(&mut self, id: u64) {
        let Some(flagchan) = self.todo_split(id) else {
            return;
        };
        if !self.clean_logged(&clean::todo(id)) {
            return;
        }
        let now = sys::now();
        for (c, &f) in flagchan.iter().enumerate() {
            if f {
                insert(&mut self.chans[c].pq, id, now);
            }
        }
        if !flagchan.iter().any(|&f| f) {
            insert(&mut self.pqdone, id, now);
        }
    }

    /// Writes info/N and the channel files from todo/N, all fsynced;
    /// returns which channels got recipients, None after a logged failure.
    fn todo_split(&self, id: u64) -> Option<[bool; CHANNELS]> {
        let tpath = queue::todo(id);
        let Ok(fd) = sys::open_read(&tpath) else {
            return warn(b"unable to open ", &tpath);
        };
        let mut todo = In::new(OwnedFd(fd), queue::INSIZE);
        let mpath = queue::mess(id);
        let Ok(st) = sys::stat(&mpath) else {
            return warn(b"unable to stat ", &mpath);
        };
        let ipath = queue::info(id);
        for p in [
            self.chans[0].file(id),
            self.chans[1].file(id),
            ipath.clone(),
        ] {
            if let Err(e) = sys::unlink(&p) {
                if e.0 != libc::ENOENT {
                    return warn(b"unable to unlink ", &p);
                }
            }
        }
        let Ok(fdinfo) = sys::open_excl(&ipath) else {
            return warn(b"unable to create ", &ipath);
        };
        let mut split = Split {
            id,
            ipath,
            info: Out::new(OwnedFd(fdinfo), 512),
            chans: [None, None],
        };
        log(&[b"new msg ", &num(id), b"\n"]);
        self.todo_records(&mut todo, &mut split, &tpath, st.size)?;
        drop(todo);
        self.todo_close(split)
    }

    /// Copies the envelope's records: the sender to info/N (and the log),
    /// each recipient to its channel's file.
    fn todo_records(
        &self,
        todo: &mut In<OwnedFd>,
        split: &mut Split,
        tpath: &[u8],
        size: u64,
    ) -> Option<()> {
        let (mut uid, mut pid) = (0u64, 0u64);
        let mut line = Vec::new();
        loop {
            match todo.getln(&mut line, 0) {
                Err(_) => return warn(b"trouble reading ", tpath),
                Ok(false) => return Some(()),
                Ok(true) => {}
            }
            match line[0] {
                b'u' => uid = crate::base::fmt::scan_ulong(&line[1..]).0,
                b'p' => pid = crate::base::fmt::scan_ulong(&line[1..]).0,
                b'F' => {
                    if split.info.putflush(&line).is_err() {
                        return warn(b"trouble writing to ", &split.ipath);
                    }
                    log(&[
                        b"info msg ",
                        &num(split.id),
                        b": bytes ",
                        &num(size),
                        b" from <",
                        &addr::logsafe(&line[1..]),
                        b"> qp ",
                        &num(pid),
                        b" uid ",
                        &num(uid),
                        b"\n",
                    ]);
                }
                b'T' => self.todo_recipient(split, &line)?,
                _ => return warn(b"unknown record type in ", tpath),
            }
        }
    }

    /// One `T` record: the rewritten address goes to its channel's file,
    /// created with the first recipient.
    fn todo_recipient(&self, split: &mut Split, line: &[u8]) -> Option<()> {
        let (chan, a) = addr::rewrite(&self.cfg.maps, cstr(&line[1..]));
        let c = chan as usize;
        let path = self.chans[c].file(split.id);
        if split.chans[c].is_none() {
            let Ok(f) = sys::open_excl(&path) else {
                return warn(b"unable to create ", &path);
            };
            split.chans[c] = Some(Out::new(OwnedFd(f), 1024));
        }
        let mut rw = b"T".to_vec();
        rw.extend_from_slice(&a);
        rw.push(0);
        if let Some(out) = split.chans[c].as_mut() {
            if out.bput(&rw).is_err() {
                return warn(b"trouble writing to ", &path);
            }
        }
        Some(())
    }

    /// Flushes and fsyncs info/N, then each channel file, then (with
    /// conf-syncdir) the directories holding them.
    fn todo_close(&self, split: Split) -> Option<[bool; CHANNELS]> {
        let Split {
            id,
            ipath,
            mut info,
            chans,
        } = split;
        if info.flush().is_err() {
            return warn(b"trouble writing to ", &ipath);
        }
        if sys::fsync(info.op().0).is_err() {
            return warn(b"trouble fsyncing ", &ipath);
        }
        drop(info);
        let mut flagchan = [false; CHANNELS];
        for (c, ch) in chans.into_iter().enumerate() {
            if let Some(mut out) = ch {
                flagchan[c] = true;
                let path = self.chans[c].file(id);
                if out.flush().is_err() {
                    return warn(b"trouble writing to ", &path);
                }
                if sys::fsync(out.op().0).is_err() {
                    return warn(b"trouble fsyncing ", &path);
                }
            }
        }
        // Ours (conf-syncdir): the new names on disk before todo/N goes.
        let mut names = vec![ipath];
        for (c, &f) in flagchan.iter().enumerate() {
            if f {
                names.push(self.chans[c].file(id));
            }
        }
        for name in names {
            if syncdir::parent(&name).is_err() {
                return warn(b"trouble fsyncing ", syncdir::dir_of(&name));
            }
        }
        Some(flagchan)
    }
}
