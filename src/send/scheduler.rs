//! The scheduler: all of qmail-send's state in one [`Send`], and the main
//! loop that drives it. Each round waits in select for a spawner to take a
//! command or send a report, for the trigger to be pulled, or for the next
//! timer; then every part gets its turn: commands out, reports in, one new
//! message from todo/, one step of each channel's pass, one step of the
//! cleanup sweep. SIGTERM makes it stop once no delivery runs, SIGALRM
//! makes every deferred delivery due, SIGHUP rereads locals and
//! virtualdomains.

use super::channel::{Channel, CHANNELS};
use super::cleanup::Cleanup;
use super::config::Config;
use super::job::Job;
use super::log;
use super::todo::Todo;
use crate::base::prioq::Prioq;
use crate::conf::AUTO_QMAIL;
use crate::sys::{self, poll, Errno, Fd};

/// Added to select's time limit so a wakeup is never early.
const SLEEP_FUZZ: i64 = 1;
/// Longest wait in select.
const SLEEP_FOREVER: i64 = 86400;

/// The whole scheduler state.
pub struct Send {
    pub(super) cfg: Config,
    /// The time at the latest look at the clock.
    pub(super) recent: i64,
    /// Set by SIGTERM or a lost partner: start nothing new, exit when the
    /// running deliveries are done.
    pub(super) flagexitasap: bool,
    pub(super) chans: [Channel; CHANNELS],
    /// One slot per delivery that may run anywhere; a job holds a message
    /// while its deliveries on one channel run.
    pub(super) jobs: Vec<Job>,
    /// The number the next delivery gets in the log.
    pub(super) masterdelid: u64,
    /// Messages whose channel files may all be gone, to be finished.
    pub(super) pqdone: Prioq,
    /// Messages to look at again after a failed stat.
    pub(super) pqfail: Prioq,
    pub(super) todo: Todo,
    pub(super) cleanup: Cleanup,
}

/// What one round of the loop waits for.
struct Waits {
    /// The channels whose spawner is watched for taking a command.
    wchans: Vec<usize>,
    /// The channels whose spawner is watched for reports.
    rchans: Vec<usize>,
    rfds: Vec<Fd>,
    wfds: Vec<Fd>,
    /// Where the trigger's fd is in `rfds`, if watched.
    trig: Option<usize>,
    /// How long select may sleep.
    secs: i64,
}

impl Send {
    /// The main loop, until told to exit and no delivery is running.
    pub fn run(&mut self) {
        loop {
            self.signals();
            if self.flagexitasap && self.del_canexit() {
                break;
            }
            self.recent = sys::now();
            if sys::proc::caught(libc::SIGALRM) {
                self.pqrun();
            }
            if sys::proc::caught(libc::SIGHUP) {
                self.reread();
            }
            let w = self.waits();
            match poll::select(&w.rfds, &w.wfds, w.secs) {
                Err(Errno(libc::EINTR)) => {}
                Err(_) => log(&[b"warning: trouble in select\n"]),
                Ok((rr, wr)) => self.round(&w, &rr, &wr),
            }
        }
        self.pqfinish();
        log(&[b"status: exiting\n"]);
    }

    /// The fds to watch and the time to sleep, from every part's needs.
    fn waits(&self) -> Waits {
        let mut wakeup = self.recent + SLEEP_FOREVER;
        let wchans: Vec<usize> = (0..CHANNELS)
            .filter(|&c| self.chans[c].comm_pending())
            .collect();
        let rchans: Vec<usize> = (0..CHANNELS).filter(|&c| self.chans[c].alive).collect();
        let mut rfds: Vec<Fd> = rchans.iter().map(|&c| self.chans[c].report_fd()).collect();
        let wfds: Vec<Fd> = wchans.iter().map(|&c| self.chans[c].command_fd()).collect();
        self.pass_selprep(&mut wakeup);
        let trig = self.todo_selprep(&mut wakeup, &mut rfds);
        self.cleanup_selprep(&mut wakeup);
        let secs = if wakeup <= self.recent {
            0
        } else {
            wakeup - self.recent + SLEEP_FUZZ
        };
        Waits {
            wchans,
            rchans,
            rfds,
            wfds,
            trig,
            secs,
        }
    }

    /// One round's work after select said which fds are ready.
    fn round(&mut self, w: &Waits, rr: &[bool], wr: &[bool]) {
        self.signals();
        self.recent = sys::now();
        for (k, &c) in w.wchans.iter().enumerate() {
            if wr[k] && self.chans[c].comm_pending() && !self.chans[c].comm_do() {
                self.spawndied(c);
            }
        }
        for (k, &c) in w.rchans.iter().enumerate() {
            if rr[k] && self.chans[c].alive {
                self.del_dochan(c);
            }
        }
        let pulled = w.trig.is_some_and(|k| rr[k]);
        self.todo_do(pulled);
        self.pass_do();
        self.cleanup_do();
    }

    /// Sets everything up once the spawners told their limits; logs the
    /// first status line.
    pub fn new(cfg: Config, chans: [Channel; CHANNELS]) -> Send {
        let now = sys::now();
        let numjobs: u32 = chans.iter().map(|ch| ch.limit).sum();
        let mut s = Send {
            cfg,
            recent: now,
            flagexitasap: false,
            chans,
            jobs: vec![Job::default(); numjobs as usize],
            masterdelid: 1,
            pqdone: Prioq::new(),
            pqfail: Prioq::new(),
            todo: Todo::new(now),
            cleanup: Cleanup::new(now),
        };
        for c in 0..CHANNELS {
            if s.chans[c].nonblocking().is_err() {
                s.spawndied(c);
            }
        }
        s.pqstart();
        s.del_status();
        s.todo.trigger.set();
        s.todo.nextrun = sys::now();
        s.cleanup.time = sys::now();
        s
    }

    /// Channel `c`'s spawner has gone: nothing more goes to it, and the
    /// process winds down.
    pub(super) fn spawndied(&mut self, c: usize) {
        log(&[b"alert: oh no! lost spawn connection! dying...\n"]);
        self.chans[c].alive = false;
        self.flagexitasap = true;
    }

    fn signals(&mut self) {
        if sys::proc::caught(libc::SIGTERM) {
            self.flagexitasap = true;
        }
    }

    /// SIGHUP: controls from the home, then back into queue/.
    fn reread(&mut self) {
        if sys::chdir(AUTO_QMAIL).is_err() {
            log(&[b"alert: unable to reread controls: unable to switch to home directory\n"]);
            return;
        }
        self.cfg.reread();
        while sys::chdir(b"queue").is_err() {
            log(&[b"alert: unable to switch back to queue directory; HELP! sleeping...\n"]);
            sys::sleep(10);
        }
    }
}
