//! The spawn protocol between qmail-send and qmail-lspawn/qmail-rspawn
//! (stock's spawn.c), without the I/O.
//!
//! On start the spawner writes one byte: how many deliveries it runs at
//! once (conf-spawn). qmail-send then sends commands: one byte of delivery
//! number, the message file name (`N/INODE` below queue/mess) and NUL, the
//! sender and NUL, the recipient and NUL. For each, when the delivery ends,
//! the spawner writes the delivery number, a report (a status letter and
//! text from the delivery program) and a NUL.

use crate::conf::{AUTO_QMAIL, AUTO_SPAWN};
use crate::sys::{self, proc, Errno, OwnedFd};

/// Longest field kept from a command; a longer one makes the command
/// answer like stock's out-of-memory case.
pub const FIELD_MAX: usize = 1 << 20;

/// One decoded command.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Command {
    pub delnum: u8,
    /// Each field still ends with its NUL, as stock keeps it.
    pub messid: Vec<u8>,
    pub sender: Vec<u8>,
    pub recip: Vec<u8>,
    /// A field could not be stored: the command must fail.
    pub abort: bool,
}

/// The command decoder: bytes in, complete commands out.
#[derive(Debug, Default)]
pub struct Reader {
    stage: u8,
    cur: Command,
}

impl Reader {
    /// Feeds bytes; returns the commands they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Command> {
        let mut done = Vec::new();
        for &ch in bytes {
            let c = &mut self.cur;
            let field = match self.stage {
                0 => {
                    c.delnum = ch;
                    c.messid.clear();
                    self.stage = 1;
                    continue;
                }
                1 => &mut c.messid,
                2 => &mut c.sender,
                _ => &mut c.recip,
            };
            if field.len() < FIELD_MAX {
                field.push(ch);
            } else {
                c.abort = true;
            }
            if ch != 0 {
                continue;
            }
            match self.stage {
                1 => {
                    c.sender.clear();
                    self.stage = 2;
                }
                2 => {
                    c.recip.clear();
                    self.stage = 3;
                }
                _ => {
                    done.push(std::mem::take(c));
                    self.stage = 0;
                }
            }
        }
        done
    }
}

/// The checks stock makes of a command before anything runs: the report
/// text for a bad one. `spawn` is conf-spawn, `used` whether that delivery
/// number is busy.
pub fn check(c: &Command, spawn: usize, used: impl Fn(usize) -> bool) -> Option<&'static [u8]> {
    if c.abort {
        return Some(b"Zqmail-spawn out of memory. (#4.3.0)\n");
    }
    let d = usize::from(c.delnum);
    if d >= spawn {
        return Some(b"ZInternal error: delnum too big. (#4.3.5)\n");
    }
    if used(d) {
        return Some(b"ZInternal error: delnum in use. (#4.3.5)\n");
    }
    for (i, &ch) in c.messid.iter().enumerate() {
        if ch != 0 && (i == 0 || ch != b'/') && !ch.is_ascii_digit() {
            return Some(b"DInternal error: messid has nonnumerics. (#5.3.5)\n");
        }
    }
    if c.messid.len() > 100 {
        return Some(b"DInternal error: messid too long. (#5.3.5)\n");
    }
    if c.messid.first().copied().unwrap_or(0) == 0 {
        return Some(b"DInternal error: messid too short. (#5.3.5)\n");
    }
    if !c.recip.contains(&b'@') {
        return Some(b"DSorry, address must include host name. (#5.1.3)\n");
    }
    None
}

/// The answer to qmail-send for delivery `delnum`: its number, `report`,
/// and a NUL.
pub fn answer(delnum: u8, report: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(report.len() + 2);
    v.push(delnum);
    v.extend_from_slice(report);
    v.push(0);
    v
}

/// Appends a delivery program's output to what is kept of it; past
/// `truncreport` bytes (when that is over 100) the text is cut and a note
/// put at its end, as stock does.
pub fn collect_output(output: &mut Vec<u8>, bytes: &[u8], truncreport: usize) {
    output.extend_from_slice(bytes);
    if truncreport > 100 && output.len() > truncreport {
        const NOTE: &[u8] = b"\nError report too long, sorry.\n";
        output.truncate(truncreport - NOTE.len() - 3);
        output.extend_from_slice(NOTE);
    }
}

/// qmail-lspawn's report for a finished qmail-local: `crashed` is the
/// signal that killed it (0 if none), `code` its exit code, `output` what
/// it wrote (used up to its first NUL).
pub fn local_report(crashed: i32, code: i32, output: &[u8]) -> Vec<u8> {
    if crashed != 0 {
        return b"Zqmail-local crashed.\n".to_vec();
    }
    let fixed: &[u8] = match code {
        117 => b"ZTrouble reading users/cdb in qmail-lspawn.\n",
        119 => b"ZOut of memory in qmail-lspawn.\n",
        118 => b"ZTemporary failure in qmail-lspawn.\n",
        116 => b"ZUnable to find alias user!\n",
        113 => b"ZNot allowed to perform deliveries as root.\n",
        112 => b"ZInternal qmail-lspawn bug.\n",
        115 => b"ZNFS failure in qmail-local.\n",
        126 => b"DUnable to run qmail-local.\n",
        120 => b"ZUnable to run qmail-local.\n",
        121 => b"ZUnable to run qmail-getpw.\n",
        _ => b"",
    };
    if !fixed.is_empty() {
        return fixed.to_vec();
    }
    let letter = match code {
        111 | 71 | 74 | 75 => b'Z',
        0 => b'K',
        _ => b'D',
    };
    let mut v = vec![letter];
    v.extend_from_slice(crate::queue::qmail::cstr(output));
    v
}

/// qmail-rspawn's report for a finished qmail-remote. Its output is a
/// list of NUL-ended recipient reports (each a `K`, `Z` or `D` letter and
/// text) followed by the message report (`K`/`Z`/`D`, or `s`/`h` for a
/// soft or hard failure before any recipient). The letter sent back is the
/// first recipient's success or deferral, overridden by `s` (defer) or `h`
/// (bounce); the text is the first report's, and the message report's when
/// that does not hide a worse recipient result.
pub fn remote_report(crashed: i32, code: i32, s: &[u8]) -> Vec<u8> {
    if crashed != 0 {
        return b"Zqmail-remote crashed.\n".to_vec();
    }
    match code {
        0 => {}
        111 => return b"ZUnable to run qmail-remote.\n".to_vec(),
        _ => return b"DUnable to run qmail-remote.\n".to_vec(),
    }
    if s.is_empty() {
        return b"Zqmail-remote produced no output.\n".to_vec();
    }
    let mut result: i32 = -1;
    let mut j = 0;
    for (k, &c) in s.iter().enumerate() {
        if c == 0 {
            match s[j] {
                b'K' => {
                    result = 1;
                    break;
                }
                b'Z' => {
                    result = 0;
                    break;
                }
                b'D' => break,
                _ => j = k + 1,
            }
        }
    }
    let orr = match s[0] {
        b's' => 0,
        b'h' => -1,
        _ => result,
    };
    let mut v = vec![match orr {
        1 => b'K',
        0 => b'Z',
        _ => b'D',
    }];
    let cstr = crate::queue::qmail::cstr;
    let mut k = 1;
    while k < s.len() {
        let c = s[k];
        k += 1;
        if c == 0 {
            v.extend_from_slice(cstr(&s[1..]));
            if result <= orr && k < s.len() && matches!(s[k], b'Z' | b'D' | b'K') {
                v.extend_from_slice(cstr(&s[k + 1..]));
            }
            break;
        }
    }
    v
}

/// The fields of a users/cdb or qmail-getpw answer ("nughde"): user, uid,
/// gid, home, dash, extension, each ended by a NUL. None when one of the
/// six has no NUL (stock exits QLX_USAGE).
pub fn nughde_fields(x: &[u8]) -> Option<[&[u8]; 6]> {
    let mut it = x.split_inclusive(|&c| c == 0);
    let mut f: [&[u8]; 6] = [&[]; 6];
    for slot in f.iter_mut() {
        let s = it.next()?;
        *slot = s.strip_suffix(&[0])?;
    }
    Some(f)
}

/// The users/cdb lookup key for a local address: `!` and the address,
/// lowercased, with its NUL (stock looks up prefixes of it).
pub fn cdb_key(local: &[u8]) -> Vec<u8> {
    let mut k = b"!".to_vec();
    k.extend_from_slice(local);
    k.push(0);
    k.make_ascii_lowercase();
    k
}

/// What qmail-lspawn and qmail-rspawn each put into the shared driver.
pub trait Spawner {
    /// Bytes of a delivery's output kept for its report (over 100 to cut).
    fn truncreport(&self) -> usize;
    /// The delivery process, run after the fork with the message on
    /// `fdmess` and the report pipe on `fdout`; never returns.
    fn child(&self, fdmess: OwnedFd, fdout: OwnedFd, c: &Command) -> !;
    /// The report for a delivery that ended with `wstat` after writing
    /// `output`.
    fn report(&self, wstat: proc::WaitStatus, output: &[u8]) -> Vec<u8>;
    /// qmailq's uid, which every message file must have (got by `init`,
    /// from base::users).
    fn queue_uid(&self) -> u32;
}

/// One running delivery.
struct Delivery {
    /// Read side of the report pipe.
    fdin: OwnedFd,
    /// Write side, kept open until the child is reaped so the end of file
    /// comes after its exit status is known; None once reaped.
    fdout: Option<OwnedFd>,
    pid: i32,
    wstat: proc::WaitStatus,
    output: Vec<u8>,
}

/// fd 1 as stock's okwrite: after the first failed write, fd 1 is closed
/// (the owned fd is dropped), nothing more is written and every write
/// pretends to succeed.
struct Reports {
    fd: Option<OwnedFd>,
}

impl Reports {
    fn send(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while !rest.is_empty() {
            let Some(fd) = &self.fd else { return };
            match sys::write(fd.raw(), rest) {
                Ok(n) => rest = &rest[n.min(rest.len())..],
                Err(Errno(libc::EINTR)) => {}
                Err(_) => self.fd = None,
            }
        }
    }
}

/// The spawner's main loop (stock's spawn.c): into queue/mess, `init`
/// (which may end the program with a code), the concurrency byte, then
/// commands from fd 0 and reports to fd 1 until fd 0 ends and every
/// delivery is reported. Returns the exit code: 0, or 111 when the queue
/// cannot be entered.
pub fn drive<S: Spawner>(init: impl FnOnce() -> Result<S, i32>) -> i32 {
    if sys::chdir(AUTO_QMAIL).is_err() || sys::chdir(b"queue/mess").is_err() {
        return 111;
    }
    let spawn_max = AUTO_SPAWN.max(0) as usize;
    let mut d: Vec<Option<Delivery>> = (0..spawn_max).map(|_| None).collect();
    let mut out = Reports {
        fd: Some(OwnedFd(1)),
    };
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let _ = proc::sig_catch_flag(libc::SIGCHLD);
    let _ = proc::sig_block(libc::SIGCHLD);
    let sp = match init() {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    out.send(&[AUTO_SPAWN as u8]);

    let mut reader = Reader::default();
    let mut reading = true;
    loop {
        if !reading && d.iter().all(Option::is_none) {
            return 0;
        }
        let mut fds = Vec::new();
        if reading {
            fds.push(0);
        }
        let busy: Vec<usize> = (0..d.len()).filter(|&i| d[i].is_some()).collect();
        fds.extend(
            busy.iter()
                .filter_map(|&i| d[i].as_ref().map(|x| x.fdin.raw())),
        );
        let ready = sys::poll::wait_readable(&fds, libc::SIGCHLD);
        if proc::caught(libc::SIGCHLD) {
            reap(&mut d);
        }
        let Ok(ready) = ready else { continue };
        let mut ready = ready.into_iter();
        if reading && ready.next() == Some(true) {
            let mut buf = [0u8; 1024];
            match sys::read(0, &mut buf) {
                Ok(0) => reading = false,
                Ok(n) => {
                    for c in reader.feed(&buf[..n]) {
                        docmd(&sp, &mut d, &mut out, &c);
                    }
                }
                Err(Errno(libc::EINTR)) => {}
                Err(_) => reading = false,
            }
        }
        for (i, r) in busy.into_iter().zip(ready) {
            if r {
                collect(&sp, &mut d, &mut out, i);
            }
        }
    }
}

/// Records the exit of every child that has ended (stock's sigchld).
fn reap(d: &mut [Option<Delivery>]) {
    while let Ok(Some((pid, w))) = proc::wait_nohang() {
        for x in d.iter_mut().flatten() {
            if x.pid == pid && x.fdout.is_some() {
                x.fdout = None;
                x.wstat = w;
                x.pid = 0;
            }
        }
    }
}

/// Reads what delivery `i` wrote; at its end, sends the report.
fn collect<S: Spawner>(sp: &S, d: &mut [Option<Delivery>], out: &mut Reports, i: usize) {
    let Some(x) = d[i].as_mut() else { return };
    let mut buf = [0u8; 128];
    match sys::read(x.fdin.raw(), &mut buf) {
        Err(_) => {}
        Ok(0) => {
            let report = sp.report(x.wstat, &x.output);
            out.send(&answer(i as u8, &report));
            // closes the read side after the report, as stock does
            d[i] = None;
        }
        Ok(n) => collect_output(&mut x.output, &buf[..n], sp.truncreport()),
    }
}

fn docmd<S: Spawner>(sp: &S, d: &mut [Option<Delivery>], out: &mut Reports, c: &Command) {
    let err = |out: &mut Reports, s: &[u8]| out.send(&answer(c.delnum, s));
    if let Some(e) = check(c, d.len(), |i| d[i].is_some()) {
        return err(out, e);
    }
    let Ok(fdmess) = sys::open_read(crate::queue::qmail::cstr(&c.messid)).map(OwnedFd) else {
        return err(out, b"Zqmail-spawn unable to open message. (#4.3.0)\n");
    };
    let problem: Option<&[u8]> = match sys::fstat(fdmess.raw()) {
        Err(_) => Some(b"Zqmail-spawn unable to fstat message. (#4.3.0)\n"),
        Ok(st) if st.mode & sys::S_IFMT != sys::S_IFREG => {
            Some(b"ZSorry, message has wrong type. (#4.3.5)\n")
        }
        Ok(st) if st.uid != sp.queue_uid() => Some(b"ZSorry, message has wrong owner. (#4.3.5)\n"),
        Ok(_) => None,
    };
    // each failure closes what it holds before answering, as stock does
    if let Some(p) = problem {
        drop(fdmess);
        return err(out, p);
    }
    let Ok((pin, pout)) = sys::pipe_owned() else {
        drop(fdmess);
        return err(out, b"Zqmail-spawn unable to create pipe. (#4.3.0)\n");
    };
    let _ = sys::coe(pin.raw());
    let pid = match proc::fork() {
        Ok(proc::Fork::Child) => sp.child(fdmess, pout, c),
        Ok(proc::Fork::Parent(pid)) => pid,
        Err(_) => {
            drop((fdmess, pin, pout));
            return err(out, b"Zqmail-spawn unable to fork. (#4.3.0)\n");
        }
    };
    drop(fdmess);
    let _ = sys::coe(pout.raw());
    d[usize::from(c.delnum)] = Some(Delivery {
        fdin: pin,
        fdout: Some(pout),
        pid,
        wstat: proc::WaitStatus(0),
        output: Vec::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_decoded_across_reads() {
        let mut r = Reader::default();
        assert!(r.feed(b"\x03").is_empty());
        assert!(r.feed(b"5/123\0a@b").is_empty());
        let c = r.feed(b"\0joe@x\0\x01").pop().unwrap();
        assert_eq!(c.delnum, 3);
        assert_eq!(c.messid, b"5/123\0");
        assert_eq!(c.sender, b"a@b\0");
        assert_eq!(c.recip, b"joe@x\0");
        let c = r.feed(b"1/2\0\0y@z\0").pop().unwrap();
        assert_eq!((c.delnum, &c.sender[..]), (1, &b"\0"[..]));
    }

    #[test]
    fn checks_in_stock_order() {
        let c = |m: &[u8], r: &[u8]| Command {
            delnum: 1,
            messid: m.to_vec(),
            sender: b"\0".to_vec(),
            recip: r.to_vec(),
            abort: false,
        };
        let free = |_| false;
        assert_eq!(check(&c(b"5/123\0", b"a@b\0"), 10, free), None);
        assert_eq!(
            check(&c(b"5/123\0", b"a@b\0"), 1, free).unwrap()[..10],
            b"ZInternal "[..]
        );
        assert_eq!(
            check(&c(b"5/123\0", b"a@b\0"), 10, |_| true).unwrap(),
            b"ZInternal error: delnum in use. (#4.3.5)\n"
        );
        assert_eq!(
            check(&c(b"/5\0", b"a@b\0"), 10, free).unwrap(),
            b"DInternal error: messid has nonnumerics. (#5.3.5)\n"
        );
        assert_eq!(
            check(&c(b"5x\0", b"a@b\0"), 10, free).unwrap()[..30],
            b"DInternal error: messid has no"[..]
        );
        assert_eq!(
            check(&c(b"\0", b"a@b\0"), 10, free).unwrap(),
            b"DInternal error: messid too short. (#5.3.5)\n"
        );
        let long = [b"1".repeat(101), b"\0".to_vec()].concat();
        assert_eq!(
            check(&c(&long, b"a@b\0"), 10, free).unwrap(),
            b"DInternal error: messid too long. (#5.3.5)\n"
        );
        assert_eq!(
            check(&c(b"5/1\0", b"ab\0"), 10, free).unwrap(),
            b"DSorry, address must include host name. (#5.1.3)\n"
        );
    }

    #[test]
    fn local_report_maps_exit_codes_and_crashes_to_k_z_d() {
        assert_eq!(local_report(0, 0, b"did 0+0+1/\0junk"), b"Kdid 0+0+1/");
        assert_eq!(local_report(0, 111, b"x"), b"Zx");
        assert_eq!(local_report(0, 100, b"x"), b"Dx");
        assert_eq!(local_report(0, 5, b"x"), b"Dx");
        assert_eq!(local_report(9, 0, b"x"), b"Zqmail-local crashed.\n");
        assert_eq!(local_report(0, 126, b"x"), b"DUnable to run qmail-local.\n");
        let mut o = Vec::new();
        collect_output(&mut o, &[b'x'; 3001], 3000);
        assert_eq!(o.len(), 3000 - 3);
        assert!(o.ends_with(b"\nError report too long, sorry.\n"));
    }

    #[test]
    fn remote_report_joins_texts_under_the_first_result_letter() {
        let r = |s: &[u8]| String::from_utf8_lossy(&remote_report(0, 0, s)).into_owned();
        assert_eq!(r(b"r\0Kok\0"), "Kok");
        assert_eq!(r(b"rhost said ok\0Kdone\0"), "Khost said okdone");
        assert_eq!(r(b"Kgiving up\0Zmsg\0"), "Kgiving upmsg");
        assert_eq!(r(b"Zx\0Dy\0"), "Zxy");
        assert_eq!(r(b"sconnect failed\0"), "Zconnect failed");
        assert_eq!(r(b"hbad host\0"), "Dbad host");
        assert_eq!(r(b"Dno\0"), "Dno");
        assert_eq!(r(b"xno nul"), "D");
        assert_eq!(
            remote_report(0, 111, b"x"),
            b"ZUnable to run qmail-remote.\n"
        );
        assert_eq!(remote_report(0, 5, b"x"), b"DUnable to run qmail-remote.\n");
        assert_eq!(
            remote_report(0, 0, b""),
            b"Zqmail-remote produced no output.\n"
        );
        assert_eq!(remote_report(6, 0, b"x"), b"Zqmail-remote crashed.\n");
    }

    #[test]
    fn nughde_needs_six_nul_ended_fields() {
        let f = nughde_fields(b"joe\x001000\x00100\x00/home/joe\x00-\x00ext\x00").unwrap();
        assert_eq!(
            f,
            [&b"joe"[..], b"1000", b"100", b"/home/joe", b"-", b"ext"]
        );
        assert!(nughde_fields(b"joe\x001000\x00100\x00/home/joe\x00-\x00ext").is_none());
        assert!(nughde_fields(b"a\0b\0c\0d\0e\0").is_none());
        assert_eq!(nughde_fields(b"a\0b\0c\0d\0e\0\0").unwrap()[5], b"");
        assert_eq!(cdb_key(b"Joe-X"), b"!joe-x\0");
    }
}
