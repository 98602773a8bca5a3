//! qmail-send's scheduler (stock's qmail-send.c), run by the
//! `qmail-send` binary.
//!
//! Fds as qmail-start sets them: 0 the log, 1/2 to and from
//! qmail-lspawn, 3/4 to and from qmail-rspawn, 5/6 to and from
//! qmail-clean. The process runs in queue/ and loops: new messages in
//! todo/ are split into info/, local/ and remote/ and handed to
//! qmail-clean; each channel's pass reads a message's recipient list and
//! starts deliveries; reports mark recipients done or bounce them; a
//! message with no channel file left gets its bounce injected and is
//! removed. Every log line is written whole to fd 0.

pub mod addr;
pub mod spawn;

use crate::base::constmap::Constmap;
use crate::base::control::Control;
use crate::base::fmtqfn::fmtqfn;
use crate::base::prioq::{Elt, Prioq};
use crate::base::readsubdir::{Next, ReadSubdir};
use crate::base::substdio::{allwrite, FdOp, In, Out};
use crate::base::trigger::Trigger;
use crate::conf::AUTO_QMAIL;
use crate::queue::clean;
use crate::sys::{self, dirent, poll, Errno, Fd};
use addr::Maps;

/// Look at todo/ at least this often, in seconds.
const SLEEP_TODO: i64 = 1500;
/// Added to select's time limit so a wakeup is never early.
const SLEEP_FUZZ: i64 = 1;
/// Longest wait in select.
const SLEEP_FOREVER: i64 = 86400;
/// Time between queue cleanup passes.
const SLEEP_CLEANUP: i64 = 76431;
/// Retry delay after a system call failed.
const SLEEP_SYSFAIL: i64 = 123;
/// A mess file last read this long ago with no info or todo is abandoned.
const OSSIFIED: i64 = 129600;
/// Longest delivery report kept.
const REPORTMAX: usize = 10000;

const CHANNELS: usize = 2;
const CHANADDR: [&[u8]; CHANNELS] = [b"local/", b"remote/"];
const CHANSTATUSMSG: [&[u8]; CHANNELS] = [b" local ", b" remote "];
const TOCHAN: [&[u8]; CHANNELS] = [b" to local ", b" to remote "];
const CHANFDOUT: [Fd; CHANNELS] = [1, 3];
const CHANFDIN: [Fd; CHANNELS] = [2, 4];
const CHANSKIP: [i64; CHANNELS] = [10, 20];
const FD_TOQC: Fd = 5;
const FD_FROMQC: Fd = 6;

/// Writes one log line (the pieces together) to fd 0, errors ignored.
pub fn log(parts: &[&[u8]]) {
    let line = parts.concat();
    let _ = allwrite(&mut FdOp(0), &line);
}

fn num(n: u64) -> Vec<u8> {
    crate::base::fmt::ulong(n)
}

/// The "opendir failed" hook: log, sleep, try again.
fn pausedir(dir: &[u8]) {
    log(&[b"alert: unable to opendir ", dir, b", sleeping...\n"]);
    sys::sleep(10);
}

fn info_fn(id: u64) -> Vec<u8> {
    fmtqfn(b"info/", id, true)
}
fn todo_fn(id: u64) -> Vec<u8> {
    fmtqfn(b"todo/", id, false)
}
fn mess_fn(id: u64) -> Vec<u8> {
    fmtqfn(b"mess/", id, true)
}
fn bounce_fn(id: u64) -> Vec<u8> {
    fmtqfn(b"bounce/", id, false)
}
fn chan_fn(id: u64, c: usize) -> Vec<u8> {
    fmtqfn(CHANADDR[c], id, true)
}

fn is_noent(r: &Result<sys::Stat, Errno>) -> bool {
    matches!(r, Err(Errno(libc::ENOENT)))
}

/// The settings read from control/ at start.
#[derive(Debug, Default)]
pub struct Config {
    pub lifetime: i64,
    pub concurrency: [u32; CHANNELS],
    pub bouncefrom: Vec<u8>,
    pub bouncehost: Vec<u8>,
    /// doublebounceto@doublebouncehost.
    pub doublebounceto: Vec<u8>,
    pub maps: Maps,
    ctl: Control,
}

impl Config {
    /// getcontrols: None when a control file cannot be read.
    pub fn read() -> Option<Config> {
        let mut ctl = Control::new();
        ctl.init().ok()?;
        let mut cfg = Config {
            lifetime: 604800,
            concurrency: [10, 20],
            ..Default::default()
        };
        if let Some(v) = crate::base::control::readint(b"control/queuelifetime").ok()? {
            cfg.lifetime = i64::from(v);
        }
        let conc: [&[u8]; CHANNELS] = [b"control/concurrencylocal", b"control/concurrencyremote"];
        for (c, path) in conc.iter().enumerate() {
            if let Some(v) = crate::base::control::readint(path).ok()? {
                cfg.concurrency[c] = v as u32;
            }
        }
        let rl = |p: &[u8], me: bool, d: &[u8]| ctl.rldef(p, me, Some(d)).ok().flatten();
        cfg.maps.envnoathost = rl(b"control/envnoathost", true, b"envnoathost")?;
        cfg.bouncefrom = rl(b"control/bouncefrom", false, b"MAILER-DAEMON")?;
        cfg.bouncehost = rl(b"control/bouncehost", true, b"bouncehost")?;
        let dbhost = rl(b"control/doublebouncehost", true, b"doublebouncehost")?;
        cfg.doublebounceto = rl(b"control/doublebounceto", false, b"postmaster")?;
        cfg.doublebounceto.push(b'@');
        cfg.doublebounceto.extend_from_slice(&dbhost);
        let locals = ctl.readfile(b"control/locals", true).ok()??;
        cfg.maps.locals = Constmap::new(&locals, false).ok()?;
        let ph = ctl.readfile(b"control/percenthack", false).ok()?;
        cfg.maps.percenthack = Constmap::new(ph.as_deref().unwrap_or(b""), false).ok()?;
        let vd = ctl.readfile(b"control/virtualdomains", false).ok()?;
        cfg.maps.vdoms = Constmap::new(vd.as_deref().unwrap_or(b""), true).ok()?;
        cfg.ctl = ctl;
        Some(cfg)
    }

    /// regetcontrols (on SIGHUP): locals and virtualdomains only.
    fn reread(&mut self) {
        let locals = match self.ctl.readfile(b"control/locals", true) {
            Ok(Some(l)) => l,
            _ => {
                log(&[b"alert: unable to reread control/locals\n"]);
                return;
            }
        };
        let vd = match self.ctl.readfile(b"control/virtualdomains", false) {
            Ok(v) => v,
            Err(_) => {
                log(&[b"alert: unable to reread control/virtualdomains\n"]);
                return;
            }
        };
        self.maps.locals = loop {
            match Constmap::new(&locals, false) {
                Ok(m) => break m,
                Err(_) => nomem(),
            }
        };
        self.maps.vdoms = loop {
            match Constmap::new(vd.as_deref().unwrap_or(b""), true) {
                Ok(m) => break m,
                Err(_) => nomem(),
            }
        };
    }
}

fn nomem() {
    log(&[b"alert: out of memory, sleeping...\n"]);
    sys::sleep(10);
}

/// The sender line of info/: `F` and the sender, and the file's mtime
/// (the message's birth). None when it cannot be read.
fn getinfo(id: u64) -> Option<(Vec<u8>, i64)> {
    let fd = sys::OwnedFd(sys::open_read(&info_fn(id)).ok()?);
    let st = sys::fstat(fd.0).ok()?;
    let mut ss = In::fd(fd.0, 128);
    let mut line = Vec::new();
    let matched = ss.getln(&mut line, 0).ok()?;
    drop(fd);
    if !matched || line.first() != Some(&b'F') {
        return None;
    }
    Some((crate::queue::qmail::cstr(&line[1..]).to_vec(), st.mtime))
}

/// Reads a whole file for a bounce; Err on an open or read error.
fn slurp(path: &[u8]) -> Result<Vec<u8>, Errno> {
    let fd = sys::OwnedFd(sys::open_read(path)?);
    let mut out = Vec::new();
    let mut buf = [0u8; 128];
    loop {
        match sys::read(fd.0, &mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(Errno(libc::EINTR)) => continue,
            Err(e) => return Err(e),
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Job {
    refs: u32,
    id: u64,
    channel: usize,
    retry: i64,
    sender: Vec<u8>,
    numtodo: i64,
    flaghiteof: bool,
    flagdying: bool,
}

#[derive(Debug, Default, Clone)]
struct Del {
    used: bool,
    j: usize,
    delid: u64,
    mpos: u64,
    recip: Vec<u8>,
}

struct Pass {
    id: u64,
    j: usize,
    fd: Fd,
    mpos: u64,
    ss: In,
}

/// The whole scheduler state.
pub struct Send {
    cfg: Config,
    recent: i64,
    flagexitasap: bool,
    flagspawnalive: [bool; CHANNELS],
    comm_buf: [Vec<u8>; CHANNELS],
    comm_pos: [usize; CHANNELS],
    toqc: Out,
    fromqc: In,
    cleanupdir: Option<ReadSubdir>,
    cleanuptime: i64,
    pqdone: Prioq,
    pqchan: [Prioq; CHANNELS],
    pqfail: Prioq,
    jobs: Vec<Job>,
    dels: [Vec<Del>; CHANNELS],
    concurrencyused: [u32; CHANNELS],
    dline: [Vec<u8>; CHANNELS],
    masterdelid: u64,
    pass: [Option<Pass>; CHANNELS],
    nexttodorun: i64,
    tododir: Option<dirent::Dir>,
    trigger: Trigger,
}

fn insert(pq: &mut Prioq, id: u64, dt: i64) {
    while pq.insert(Elt { dt, id }).is_err() {
        nomem();
    }
}

impl Send {
    /// Sets everything up once the spawners told their limits
    /// (fnmake_init through cleanup_init); logs the first status line.
    pub fn new(cfg: Config) -> Send {
        let now = sys::now();
        let numjobs: u32 = cfg.concurrency.iter().sum();
        let mut s = Send {
            recent: now,
            flagexitasap: false,
            flagspawnalive: [true; CHANNELS],
            comm_buf: Default::default(),
            comm_pos: [0; CHANNELS],
            toqc: Out::fd(FD_TOQC, 1024),
            fromqc: In::fd(FD_FROMQC, 1024),
            cleanupdir: None,
            cleanuptime: now,
            pqdone: Prioq::new(),
            pqchan: [Prioq::new(), Prioq::new()],
            pqfail: Prioq::new(),
            jobs: vec![Job::default(); numjobs as usize],
            dels: [
                vec![Del::default(); cfg.concurrency[0] as usize],
                vec![Del::default(); cfg.concurrency[1] as usize],
            ],
            concurrencyused: [0; CHANNELS],
            dline: Default::default(),
            masterdelid: 1,
            pass: [None, None],
            nexttodorun: now,
            tododir: None,
            trigger: Trigger::new(),
            cfg,
        };
        for (c, &fd) in CHANFDOUT.iter().enumerate() {
            if sys::ndelay(fd, true).is_err() {
                s.spawndied(c);
            }
        }
        s.pqstart();
        s.del_status();
        s.trigger.set();
        s.nexttodorun = sys::now();
        s.cleanuptime = sys::now();
        s
    }

    fn spawndied(&mut self, c: usize) {
        log(&[b"alert: oh no! lost spawn connection! dying...\n"]);
        self.flagspawnalive[c] = false;
        self.flagexitasap = true;
    }

    fn cleandied(&mut self) {
        log(&[b"alert: oh no! lost qmail-clean connection! dying...\n"]);
        self.flagexitasap = true;
    }

    /// Sends one request to qmail-clean; Some(answer byte), or None after
    /// the connection was lost.
    fn clean(&mut self, req: &[u8]) -> Option<u8> {
        if self.toqc.putflush(req).is_err() {
            self.cleandied();
            return None;
        }
        let mut ch = [0u8; 1];
        match self.fromqc.get(&mut ch) {
            Ok(1) => Some(ch[0]),
            _ => {
                self.cleandied();
                None
            }
        }
    }

    /// One clean request with stock's warning when it is not done.
    fn clean_logged(&mut self, req: &[u8]) -> bool {
        match self.clean(req) {
            Some(b'+') => true,
            Some(_) => {
                log(&[
                    b"warning: qmail-clean unable to clean up ",
                    crate::queue::qmail::cstr(req),
                    b"\n",
                ]);
                false
            }
            None => false,
        }
    }

    // ------------------------------------------------------------ COMM

    fn comm_canwrite(&self, c: usize) -> bool {
        self.comm_buf[c].is_empty()
    }

    fn comm_write(&mut self, c: usize, delnum: usize, id: u64, sender: &[u8], recip: &[u8]) {
        if !self.comm_buf[c].is_empty() {
            return;
        }
        let mut b = vec![delnum as u8];
        b.extend_from_slice(&fmtqfn(b"", id, true));
        b.push(0);
        b.extend_from_slice(&addr::senderadd(sender, recip));
        b.push(0);
        b.extend_from_slice(recip);
        b.push(0);
        self.comm_buf[c] = b;
        self.comm_pos[c] = 0;
    }

    fn comm_do(&mut self, c: usize) {
        let pos = self.comm_pos[c];
        match sys::write(CHANFDOUT[c], &self.comm_buf[c][pos..]) {
            Ok(0) => {}
            Ok(w) => {
                self.comm_pos[c] += w;
                if self.comm_pos[c] == self.comm_buf[c].len() {
                    self.comm_buf[c].clear();
                }
            }
            Err(Errno(libc::EPIPE)) => self.spawndied(c),
            Err(_) => {}
        }
    }

    // --------------------------------------------------------- CLEANUP

    fn cleanup_do(&mut self) {
        let rs = match self.cleanupdir.as_mut() {
            Some(rs) => rs,
            None => {
                if self.recent < self.cleanuptime {
                    return;
                }
                self.cleanupdir.insert(ReadSubdir::new(b"mess"))
            }
        };
        let id = match rs.next(&mut |d, _| pausedir(d)) {
            Next::Id(id) => id,
            Next::Done => {
                self.cleanupdir = None;
                self.cleanuptime = self.recent + SLEEP_CLEANUP;
                return;
            }
            _ => return,
        };
        let Ok(st) = sys::stat(&mess_fn(id)) else {
            return;
        };
        if self.recent <= st.atime + OSSIFIED {
            return;
        }
        for path in [info_fn(id), todo_fn(id)] {
            if !is_noent(&sys::stat(&path)) {
                return;
            }
        }
        self.clean_logged(&clean::foop(id));
    }

    // ---------------------------------------------------- PRIORITY QUEUES

    fn pqadd(&mut self, id: u64) {
        let fail = |s: &mut Send, path: &[u8]| {
            log(&[
                b"warning: unable to stat ",
                path,
                b"; will try again later\n",
            ]);
            insert(&mut s.pqfail, id, sys::now() + SLEEP_SYSFAIL);
        };
        let path = info_fn(id);
        let r = sys::stat(&path);
        if r.is_err() {
            if !is_noent(&r) {
                fail(self, &path);
            }
            return;
        }
        let path = todo_fn(id);
        let r = sys::stat(&path);
        if r.is_ok() {
            return;
        }
        if !is_noent(&r) {
            return fail(self, &path);
        }
        let mut pechan = [None; CHANNELS];
        for (c, pe) in pechan.iter_mut().enumerate() {
            let path = chan_fn(id, c);
            match sys::stat(&path) {
                Ok(st) => *pe = Some(st.mtime),
                Err(Errno(libc::ENOENT)) => {}
                Err(_) => return fail(self, &path),
            }
        }
        for (c, pe) in pechan.iter().enumerate() {
            if let Some(dt) = pe {
                insert(&mut self.pqchan[c], id, *dt);
            }
        }
        if pechan.iter().all(|p| p.is_none()) {
            insert(&mut self.pqdone, id, sys::now());
        }
    }

    fn pqstart(&mut self) {
        let mut rs = ReadSubdir::new(b"info");
        loop {
            match rs.next(&mut |d, _| pausedir(d)) {
                Next::Done => return,
                Next::Id(id) => self.pqadd(id),
                _ => {}
            }
        }
    }

    /// pqfinish: leaves each channel file's mtime at its next retry time.
    pub fn pqfinish(&mut self) {
        for c in 0..CHANNELS {
            while let Some(pe) = self.pqchan[c].min() {
                self.pqchan[c].delmin();
                let path = chan_fn(pe.id, c);
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

    /// pqrun (SIGALRM): every scheduled delivery is due now.
    pub fn pqrun(&mut self) {
        for pq in &mut self.pqchan {
            pq.set_all(self.recent);
        }
    }

    // ------------------------------------------------------------ JOBS

    fn job_avail(&self) -> bool {
        self.jobs.iter().any(|j| j.refs == 0)
    }

    fn job_open(&mut self, id: u64, channel: usize) -> Option<usize> {
        let j = self.jobs.iter().position(|j| j.refs == 0)?;
        let jo = &mut self.jobs[j];
        jo.refs = 1;
        jo.id = id;
        jo.channel = channel;
        jo.numtodo = 0;
        jo.flaghiteof = false;
        Some(j)
    }

    fn job_close(&mut self, j: usize) {
        self.jobs[j].refs -= 1;
        if self.jobs[j].refs > 0 {
            return;
        }
        let jo = self.jobs[j].clone();
        let mut dt = jo.retry;
        if jo.flaghiteof && jo.numtodo == 0 {
            let path = chan_fn(jo.id, jo.channel);
            if sys::unlink(&path).is_err() {
                log(&[
                    b"warning: unable to unlink ",
                    &path,
                    b"; will try again later\n",
                ]);
                dt = sys::now() + SLEEP_SYSFAIL;
            } else {
                for c in 0..CHANNELS {
                    if c == jo.channel {
                        continue;
                    }
                    let path = chan_fn(jo.id, c);
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
        insert(&mut self.pqchan[jo.channel], jo.id, dt);
    }

    // --------------------------------------------------------- BOUNCES

    fn addbounce(&self, id: u64, recip: &[u8], report: &[u8]) {
        let recip = addr::stripvdomprepend(&self.cfg.maps.vdoms, recip);
        let text = addr::bounce_text(recip, crate::queue::qmail::cstr(report));
        let path = bounce_fn(id);
        let fd = loop {
            match sys::open_append(&path) {
                Ok(fd) => break fd,
                Err(_) => {
                    log(&[b"alert: unable to append to bounce message; HELP! sleeping...\n"]);
                    sys::sleep(10);
                }
            }
        };
        let mut pos = 0;
        while pos < text.len() {
            match sys::write(fd, &text[pos..]) {
                Ok(w) if w > 0 => pos += w,
                _ => {
                    log(&[b"alert: unable to append to bounce message; HELP! sleeping...\n"]);
                    sys::sleep(10);
                }
            }
        }
        let _ = sys::close(fd);
    }

    fn injectbounce(&self, id: u64) -> bool {
        let Some((mut sender, _birth)) = getinfo(id) else {
            return false;
        };
        if sender.ends_with(b"-@[]") {
            sender.truncate(sender.len() - 4);
        }
        let bpath = bounce_fn(id);
        match sys::stat(&bpath) {
            Ok(_) => {}
            Err(Errno(libc::ENOENT)) => return true,
            Err(_) => {
                log(&[b"warning: unable to stat ", &bpath, b"\n"]);
                return false;
            }
        }
        if sender == b"#@[]" {
            log(&[b"triple bounce: discarding ", &bpath, b"\n"]);
        } else {
            let Ok(mut qq) = crate::queue::qmail::Qmail::open() else {
                log(&[b"warning: unable to start qmail-queue, will try later\n"]);
                return false;
            };
            let qp = qq.qp();
            let (bsender, brecip): (&[u8], &[u8]) = if sender.is_empty() {
                (b"#@[]", &self.cfg.doublebounceto)
            } else {
                (b"", &sender)
            };
            let cfg = &self.cfg;
            let quote = |s: &[u8], two: bool| loop {
                let r = if two {
                    crate::base::quote::quote2(s)
                } else {
                    crate::base::quote::quote(s)
                };
                match r {
                    Ok(q) => break q,
                    Err(_) => nomem(),
                }
            };
            let date = loop {
                match crate::inject::newfield::date(sys::now()) {
                    Ok(d) => break d,
                    Err(_) => nomem(),
                }
            };
            qq.put(&date);
            qq.put(b"From: ");
            qq.put(&quote(&cfg.bouncefrom, false));
            qq.put(b"@");
            qq.put(&cfg.bouncehost);
            qq.put(b"\nTo: ");
            qq.put(&quote(brecip, true));
            qq.put(b"\nSubject: failure notice\n\nHi. This is the qmail-send program at ");
            qq.put(&cfg.bouncehost);
            qq.put(if sender.is_empty() {
                b".\nI tried to deliver a bounce message to this address, but the bounce bounced!\n\n"
                    .as_slice()
            } else {
                b".\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n"
                    .as_slice()
            });
            match slurp(&bpath) {
                Ok(b) => qq.put(&b),
                Err(_) => qq.fail(),
            }
            qq.put(if sender.is_empty() {
                b"--- Below this line is the original bounce.\n\n".as_slice()
            } else {
                b"--- Below this line is a copy of the message.\n\n".as_slice()
            });
            qq.put(b"Return-Path: <");
            qq.put(&quote(&sender, true));
            qq.put(b">\n");
            match slurp(&mess_fn(id)) {
                Ok(b) => qq.put(&b),
                Err(_) => qq.fail(),
            }
            qq.from(bsender);
            qq.to(brecip);
            if qq.close().is_err() {
                log(&[b"warning: trouble injecting bounce message, will try later\n"]);
                return false;
            }
            log(&[b"bounce msg ", &num(id), b" qp ", &num(qp as u64), b"\n"]);
        }
        if sys::unlink(&bpath).is_err() {
            log(&[b"warning: unable to unlink ", &bpath, b"\n"]);
            return false;
        }
        true
    }

    // ------------------------------------------------------ DELIVERIES

    fn del_status(&self) {
        let mut line = b"status:".to_vec();
        for (c, msg) in CHANSTATUSMSG.iter().enumerate() {
            line.extend_from_slice(msg);
            line.extend_from_slice(&num(u64::from(self.concurrencyused[c])));
            line.push(b'/');
            line.extend_from_slice(&num(u64::from(self.cfg.concurrency[c])));
        }
        if self.flagexitasap {
            line.extend_from_slice(b" exitasap");
        }
        line.push(b'\n');
        log(&[&line]);
    }

    /// True when no delivery is running on a live channel.
    pub fn del_canexit(&self) -> bool {
        (0..CHANNELS).all(|c| !self.flagspawnalive[c] || self.concurrencyused[c] == 0)
    }

    fn del_avail(&self, c: usize) -> bool {
        self.flagspawnalive[c]
            && self.comm_canwrite(c)
            && self.concurrencyused[c] < self.cfg.concurrency[c]
    }

    fn del_start(&mut self, j: usize, mpos: u64, recip: &[u8]) {
        let c = self.jobs[j].channel;
        if !self.flagspawnalive[c] || !self.comm_canwrite(c) {
            return;
        }
        let Some(i) = self.dels[c].iter().position(|d| !d.used) else {
            return;
        };
        let delid = self.masterdelid;
        self.masterdelid += 1;
        self.dels[c][i] = Del {
            used: true,
            j,
            delid,
            mpos,
            recip: recip.to_vec(),
        };
        self.jobs[j].refs += 1;
        self.concurrencyused[c] += 1;
        let (id, sender) = (self.jobs[j].id, self.jobs[j].sender.clone());
        self.comm_write(c, i, id, &sender, recip);
        log(&[
            b"starting delivery ",
            &num(delid),
            b": msg ",
            &num(id),
            TOCHAN[c],
            &addr::logsafe(recip),
            b"\n",
        ]);
        self.del_status();
    }

    fn markdone(&self, c: usize, id: u64, pos: u64) {
        let path = chan_fn(id, c);
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

    fn del_dochan(&mut self, c: usize) {
        let mut buf = [0u8; 2048];
        let r = match sys::read(CHANFDIN[c], &mut buf) {
            Err(_) => return,
            Ok(0) => return self.spawndied(c),
            Ok(r) => r,
        };
        for &ch in &buf[..r] {
            self.dline[c].push(ch);
            self.dline[c].truncate(REPORTMAX);
            if ch != 0 || self.dline[c].len() <= 1 {
                continue;
            }
            let mut dline = std::mem::take(&mut self.dline[c]);
            self.report(c, &mut dline);
            dline.clear();
            self.dline[c] = dline;
        }
    }

    fn report(&mut self, c: usize, dline: &mut Vec<u8>) {
        let delnum = usize::from(dline[0]);
        if delnum >= self.dels[c].len() || !self.dels[c][delnum].used {
            log(&[b"warning: internal error: delivery report out of range\n"]);
            return;
        }
        let d = self.dels[c][delnum].clone();
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
        self.dels[c][delnum].used = false;
        self.concurrencyused[c] -= 1;
        self.del_status();
    }

    // ---------------------------------------------------------- PASSES

    fn pass_selprep(&self, wakeup: &mut i64) {
        if self.flagexitasap {
            return;
        }
        for c in 0..CHANNELS {
            if self.pass[c].is_some() && self.del_avail(c) {
                *wakeup = 0;
                return;
            }
        }
        let mut consider = |pq: &Prioq| {
            if let Some(pe) = pq.min() {
                if *wakeup > pe.dt {
                    *wakeup = pe.dt;
                }
            }
        };
        if self.job_avail() {
            for c in 0..CHANNELS {
                if self.pass[c].is_none() {
                    consider(&self.pqchan[c]);
                }
            }
        }
        consider(&self.pqfail);
        consider(&self.pqdone);
    }

    fn pass_dochan(&mut self, c: usize) {
        if self.flagexitasap {
            return;
        }
        if self.pass[c].is_none() {
            if !self.job_avail() {
                return;
            }
            let Some(pe) = self.pqchan[c].min() else {
                return;
            };
            if pe.dt > self.recent {
                return;
            }
            let path = chan_fn(pe.id, c);
            self.pqchan[c].delmin();
            // As in stock, the name logged after a failed getinfo is the
            // info file's (the last name made).
            let mut path = path;
            let opened = sys::open_read(&path)
                .ok()
                .and_then(|fd| match getinfo(pe.id) {
                    Some(info) => Some((fd, info)),
                    None => {
                        let _ = sys::close(fd);
                        path = info_fn(pe.id);
                        None
                    }
                });
            let Some((fd, (sender, birth))) = opened else {
                log(&[
                    b"warning: trouble opening ",
                    &path,
                    b"; will try again later\n",
                ]);
                insert(&mut self.pqchan[c], pe.id, self.recent + SLEEP_SYSFAIL);
                return;
            };
            let Some(j) = self.job_open(pe.id, c) else {
                let _ = sys::close(fd);
                return;
            };
            let jo = &mut self.jobs[j];
            jo.retry = addr::nextretry(birth, self.recent, CHANSKIP[c]);
            jo.flagdying = self.recent > birth + self.cfg.lifetime;
            jo.sender = sender;
            self.pass[c] = Some(Pass {
                id: pe.id,
                j,
                fd,
                mpos: 0,
                ss: In::fd(fd, 128),
            });
        }
        if !self.del_avail(c) {
            return;
        }
        let Some(p) = self.pass[c].as_mut() else {
            return;
        };
        let mut line = Vec::new();
        let r = p.ss.getln(&mut line, 0);
        let (id, j, fd, mpos) = (p.id, p.j, p.fd, p.mpos);
        let end = |s: &mut Send, hiteof: bool| {
            let _ = sys::close(fd);
            if hiteof {
                s.jobs[j].flaghiteof = true;
            }
            s.job_close(j);
            s.pass[c] = None;
        };
        match r {
            Err(_) => {
                log(&[
                    b"warning: trouble reading ",
                    &chan_fn(id, c),
                    b"; will try again later\n",
                ]);
                return end(self, false);
            }
            Ok(false) => return end(self, true),
            Ok(true) => {}
        }
        match line[0] {
            b'T' => {
                self.jobs[j].numtodo += 1;
                let recip = crate::queue::qmail::cstr(&line[1..]).to_vec();
                self.del_start(j, mpos, &recip);
            }
            b'D' => {}
            _ => {
                log(&[b"warning: unknown record type in ", &chan_fn(id, c), b"!\n"]);
                return end(self, false);
            }
        }
        if let Some(p) = self.pass[c].as_mut() {
            p.mpos += line.len() as u64;
        }
    }

    fn messdone(&mut self, id: u64) {
        if !self.messdone_try(id) {
            insert(&mut self.pqdone, id, sys::now() + SLEEP_SYSFAIL);
        }
    }

    /// messdone; false means "schedule again later".
    fn messdone_try(&mut self, id: u64) -> bool {
        let warn = |path: &[u8]| {
            log(&[
                b"warning: unable to stat ",
                path,
                b"; will try again later\n",
            ]);
            false
        };
        for path in [chan_fn(id, 0), chan_fn(id, 1), todo_fn(id)] {
            match sys::stat(&path) {
                Ok(_) => return true,
                Err(Errno(libc::ENOENT)) => {}
                Err(_) => return warn(&path),
            }
        }
        let path = info_fn(id);
        match sys::stat(&path) {
            Ok(_) => {}
            Err(Errno(libc::ENOENT)) => return true,
            Err(_) => return warn(&path),
        }
        if !self.injectbounce(id) {
            return false;
        }
        log(&[b"end msg ", &num(id), b"\n"]);
        if sys::unlink(&path).is_err() {
            log(&[
                b"warning: unable to unlink ",
                &path,
                b"; will try again later\n",
            ]);
            return false;
        }
        self.clean_logged(&clean::foop(id));
        true
    }

    fn pass_do(&mut self) {
        for c in 0..CHANNELS {
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

    // ------------------------------------------------------------ TODO

    fn todo_do(&mut self, pulled: bool) {
        if self.flagexitasap {
            return;
        }
        let dir = match self.tododir.as_mut() {
            Some(d) => d,
            None => {
                if !pulled && self.recent < self.nexttodorun {
                    return;
                }
                self.trigger.set();
                match dirent::opendir(b"todo") {
                    Ok(d) => {
                        self.nexttodorun = self.recent + SLEEP_TODO;
                        self.tododir.insert(d)
                    }
                    Err(_) => return pausedir(b"todo"),
                }
            }
        };
        let Some(name) = dir.read() else {
            self.tododir = None;
            return;
        };
        let Next::Id(id) = crate::base::readsubdir::classify(&name) else {
            return;
        };
        self.todo_message(id);
    }

    /// Splits todo message `id` into info/, local/ and remote/.
    fn todo_message(&mut self, id: u64) {
        let tpath = todo_fn(id);
        let Ok(fd) = sys::open_read(&tpath) else {
            return log(&[b"warning: unable to open ", &tpath, b"\n"]);
        };
        let fd = sys::OwnedFd(fd);
        let mpath = mess_fn(id);
        let Ok(st) = sys::stat(&mpath) else {
            return log(&[b"warning: unable to stat ", &mpath, b"\n"]);
        };
        for c in 0..CHANNELS {
            let p = chan_fn(id, c);
            if let Err(e) = sys::unlink(&p) {
                if e.0 != libc::ENOENT {
                    return log(&[b"warning: unable to unlink ", &p, b"\n"]);
                }
            }
        }
        let ipath = info_fn(id);
        if let Err(e) = sys::unlink(&ipath) {
            if e.0 != libc::ENOENT {
                return log(&[b"warning: unable to unlink ", &ipath, b"\n"]);
            }
        }
        let Ok(fdinfo) = sys::open_excl(&ipath) else {
            return log(&[b"warning: unable to create ", &ipath, b"\n"]);
        };
        let fdinfo = sys::OwnedFd(fdinfo);
        let strid = num(id);
        log(&[b"new msg ", &strid, b"\n"]);

        let mut ss = In::fd(fd.0, crate::queue::INSIZE);
        let mut ssinfo = Out::fd(fdinfo.0, 512);
        let mut chans: [Option<(sys::OwnedFd, Out)>; CHANNELS] = [None, None];
        let (mut uid, mut pid) = (0u64, 0u64);
        let mut line = Vec::new();
        loop {
            match ss.getln(&mut line, 0) {
                Err(_) => return log(&[b"warning: trouble reading ", &tpath, b"\n"]),
                Ok(false) => break,
                Ok(true) => {}
            }
            match line[0] {
                b'u' => uid = crate::base::fmt::scan_ulong(&line[1..]).0,
                b'p' => pid = crate::base::fmt::scan_ulong(&line[1..]).0,
                b'F' => {
                    if ssinfo.putflush(&line).is_err() {
                        return log(&[b"warning: trouble writing to ", &ipath, b"\n"]);
                    }
                    log(&[
                        b"info msg ",
                        &strid,
                        b": bytes ",
                        &num(st.size),
                        b" from <",
                        &addr::logsafe(&line[1..]),
                        b"> qp ",
                        &num(pid),
                        b" uid ",
                        &num(uid),
                        b"\n",
                    ]);
                }
                b'T' => {
                    let recip = crate::queue::qmail::cstr(&line[1..]);
                    let (chan, a) = addr::rewrite(&self.cfg.maps, recip);
                    let c = chan as usize;
                    if chans[c].is_none() {
                        let p = chan_fn(id, c);
                        let Ok(f) = sys::open_excl(&p) else {
                            return log(&[b"warning: unable to create ", &p, b"\n"]);
                        };
                        chans[c] = Some((sys::OwnedFd(f), Out::fd(f, 1024)));
                    }
                    let mut rw = b"T".to_vec();
                    rw.extend_from_slice(&a);
                    rw.push(0);
                    if let Some((_, out)) = chans[c].as_mut() {
                        if out.bput(&rw).is_err() {
                            return log(&[b"warning: trouble writing to ", &chan_fn(id, c), b"\n"]);
                        }
                    }
                }
                _ => return log(&[b"warning: unknown record type in ", &tpath, b"\n"]),
            }
        }
        drop(fd);
        if ssinfo.flush().is_err() {
            return log(&[b"warning: trouble writing to ", &ipath, b"\n"]);
        }
        if sys::fsync(fdinfo.0).is_err() {
            return log(&[b"warning: trouble fsyncing ", &ipath, b"\n"]);
        }
        drop(fdinfo);
        let mut flagchan = [false; CHANNELS];
        for (c, ch) in chans.iter_mut().enumerate() {
            if let Some((f, out)) = ch.take() {
                flagchan[c] = true;
                let p = chan_fn(id, c);
                if out_flush(out).is_err() {
                    return log(&[b"warning: trouble writing to ", &p, b"\n"]);
                }
                if sys::fsync(f.0).is_err() {
                    return log(&[b"warning: trouble fsyncing ", &p, b"\n"]);
                }
            }
        }
        if !self.clean_logged(&clean::todo(id)) {
            return;
        }
        let now = sys::now();
        for (c, &f) in flagchan.iter().enumerate() {
            if f {
                insert(&mut self.pqchan[c], id, now);
            }
        }
        if !flagchan.iter().any(|&f| f) {
            insert(&mut self.pqdone, id, now);
        }
    }

    // ------------------------------------------------------------ MAIN

    /// reread (SIGHUP): controls from the home, then back into queue/.
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

    fn signals(&mut self) {
        if proc_caught(libc::SIGTERM) {
            self.flagexitasap = true;
        }
    }

    /// The main loop, until told to exit and no delivery is running.
    pub fn run(&mut self) {
        loop {
            self.signals();
            if self.flagexitasap && self.del_canexit() {
                break;
            }
            self.recent = sys::now();
            if proc_caught(libc::SIGALRM) {
                self.pqrun();
            }
            if proc_caught(libc::SIGHUP) {
                self.reread();
            }
            let mut wakeup = self.recent + SLEEP_FOREVER;
            let wchans: Vec<usize> = (0..CHANNELS)
                .filter(|&c| self.flagspawnalive[c] && !self.comm_buf[c].is_empty())
                .collect();
            let rchans: Vec<usize> = (0..CHANNELS).filter(|&c| self.flagspawnalive[c]).collect();
            let mut rfds: Vec<Fd> = rchans.iter().map(|&c| CHANFDIN[c]).collect();
            let wfds: Vec<Fd> = wchans.iter().map(|&c| CHANFDOUT[c]).collect();
            self.pass_selprep(&mut wakeup);
            let mut trig = None;
            if !self.flagexitasap {
                if let Some(fd) = self.trigger.fd() {
                    trig = Some(rfds.len());
                    rfds.push(fd);
                }
                if self.tododir.is_some() {
                    wakeup = 0;
                }
                wakeup = wakeup.min(self.nexttodorun);
            }
            if self.cleanupdir.is_some() {
                wakeup = 0;
            }
            wakeup = wakeup.min(self.cleanuptime);
            let secs = if wakeup <= self.recent {
                0
            } else {
                wakeup - self.recent + SLEEP_FUZZ
            };
            match poll::select(&rfds, &wfds, secs) {
                Err(Errno(libc::EINTR)) => {}
                Err(_) => log(&[b"warning: trouble in select\n"]),
                Ok((rr, wr)) => {
                    self.signals();
                    self.recent = sys::now();
                    for (k, &c) in wchans.iter().enumerate() {
                        if wr[k] && self.flagspawnalive[c] && !self.comm_buf[c].is_empty() {
                            self.comm_do(c);
                        }
                    }
                    for (k, &c) in rchans.iter().enumerate() {
                        if rr[k] && self.flagspawnalive[c] {
                            self.del_dochan(c);
                        }
                    }
                    let pulled = trig.is_some_and(|k| rr[k]);
                    self.todo_do(pulled);
                    self.pass_do();
                    self.cleanup_do();
                }
            }
        }
        self.pqfinish();
        log(&[b"status: exiting\n"]);
    }
}

fn proc_caught(sig: i32) -> bool {
    sys::proc::caught(sig)
}

fn out_flush(mut out: Out) -> Result<(), Errno> {
    out.flush()
}
