//! qmail-lspawn: runs local deliveries for qmail-send.
//!
//! argv: DEFAULTDELIVERY (qmail-start's first argument, handed to every
//! qmail-local as its aliasempty). Speaks the spawn protocol on fd 0/fd 1
//! (qmail::spawn). For each command it finds the account (users/cdb, else
//! bin/qmail-getpw run as qmailp), and runs bin/qmail-local as that account
//! with the message (queue/mess/N/INODE, which must be a plain file owned
//! by qmailq) on fd 0 and its report pipe on fds 1 and 2.
//!
//! Exit codes: 0 once fd 0 has ended and every delivery has been reported;
//! 100 no DEFAULTDELIVERY; 111 the queue cannot be entered. A write error
//! on fd 1 silences the reports but the deliveries go on.
#![no_main]

use qmail::cdb::{self, FdSource};
use qmail::conf::{AUTO_GIDN, AUTO_QMAIL, AUTO_SPAWN, AUTO_UIDP, AUTO_UIDQ};
use qmail::qlx;
use qmail::spawn::{self, Command, Reader};
use qmail::sys::{self, proc, Errno, Fd};

qmail::qmain!(run);

/// Bytes of qmail-local's output kept for the report.
const TRUNCREPORT: usize = 3000;

/// One running delivery.
struct Delivery {
    /// Read side of the report pipe.
    fdin: Fd,
    /// Write side, kept open until the child is reaped so the end of file
    /// comes after its exit status is known; None once reaped.
    fdout: Option<Fd>,
    pid: i32,
    wstat: proc::WaitStatus,
    output: Vec<u8>,
}

/// fd 1 as stock's okwrite: after the first failed write, nothing more is
/// written and every write pretends to succeed.
struct Reports {
    writing: bool,
}

impl Reports {
    fn send(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while self.writing && !rest.is_empty() {
            match sys::write(1, rest) {
                Ok(n) => rest = &rest[n.min(rest.len())..],
                Err(Errno(libc::EINTR)) => {}
                Err(_) => {
                    self.writing = false;
                    let _ = sys::close(1);
                }
            }
        }
    }
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    if sys::chdir(AUTO_QMAIL).is_err() || sys::chdir(b"queue/mess").is_err() {
        return 111;
    }
    let spawn_max = AUTO_SPAWN.max(0) as usize;
    let mut d: Vec<Option<Delivery>> = (0..spawn_max).map(|_| None).collect();
    let mut out = Reports { writing: true };
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let _ = proc::sig_catch_flag(libc::SIGCHLD);
    let _ = proc::sig_block(libc::SIGCHLD);
    let Some(aliasempty) = args.get(1).cloned() else {
        return 100;
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
        fds.extend(busy.iter().filter_map(|&i| d[i].as_ref().map(|x| x.fdin)));
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
                        docmd(&mut d, &mut out, &c, &aliasempty);
                    }
                }
                Err(Errno(libc::EINTR)) => {}
                Err(_) => reading = false,
            }
        }
        for (i, r) in busy.into_iter().zip(ready) {
            if r {
                collect(&mut d, &mut out, i);
            }
        }
    }
}

/// Records the exit of every child that has ended (stock's sigchld).
fn reap(d: &mut [Option<Delivery>]) {
    while let Ok(Some((pid, w))) = proc::wait_nohang() {
        for x in d.iter_mut().flatten() {
            if x.pid == pid && x.fdout.is_some() {
                if let Some(fd) = x.fdout.take() {
                    let _ = sys::close(fd);
                }
                x.wstat = w;
                x.pid = 0;
            }
        }
    }
}

/// Reads what delivery `i` wrote; at its end, sends the report.
fn collect(d: &mut [Option<Delivery>], out: &mut Reports, i: usize) {
    let Some(x) = d[i].as_mut() else { return };
    let mut buf = [0u8; 128];
    match sys::read(x.fdin, &mut buf) {
        Err(_) => {}
        Ok(0) => {
            let report = spawn::local_report(x.wstat.crashed(), x.wstat.exitcode(), &x.output);
            out.send(&spawn::answer(i as u8, &report));
            let _ = sys::close(x.fdin);
            d[i] = None;
        }
        Ok(n) => spawn::collect(&mut x.output, &buf[..n], TRUNCREPORT),
    }
}

fn docmd(d: &mut [Option<Delivery>], out: &mut Reports, c: &Command, aliasempty: &[u8]) {
    let err = |out: &mut Reports, s: &[u8]| out.send(&spawn::answer(c.delnum, s));
    if let Some(e) = spawn::check(c, d.len(), |i| d[i].is_some()) {
        return err(out, e);
    }
    let Ok(fdmess) = sys::open_read(qmail::qmail::cstr(&c.messid)) else {
        return err(out, b"Zqmail-spawn unable to open message. (#4.3.0)\n");
    };
    let problem: Option<&[u8]> = match sys::fstat(fdmess) {
        Err(_) => Some(b"Zqmail-spawn unable to fstat message. (#4.3.0)\n"),
        Ok(st) if st.mode & sys::S_IFMT != sys::S_IFREG => {
            Some(b"ZSorry, message has wrong type. (#4.3.5)\n")
        }
        Ok(st) if st.uid != AUTO_UIDQ => Some(b"ZSorry, message has wrong owner. (#4.3.5)\n"),
        Ok(_) => None,
    };
    if let Some(p) = problem {
        let _ = sys::close(fdmess);
        return err(out, p);
    }
    let Ok((pin, pout)) = sys::pipe() else {
        let _ = sys::close(fdmess);
        return err(out, b"Zqmail-spawn unable to create pipe. (#4.3.0)\n");
    };
    let _ = sys::coe(pin);
    let pid = match proc::fork() {
        Ok(proc::Fork::Child) => child(fdmess, pout, c, aliasempty),
        Ok(proc::Fork::Parent(pid)) => pid,
        Err(_) => {
            for fd in [fdmess, pin, pout] {
                let _ = sys::close(fd);
            }
            return err(out, b"Zqmail-spawn unable to fork. (#4.3.0)\n");
        }
    };
    let _ = sys::close(fdmess);
    let _ = sys::coe(pout);
    d[usize::from(c.delnum)] = Some(Delivery {
        fdin: pin,
        fdout: Some(pout),
        pid,
        wstat: proc::WaitStatus(0),
        output: Vec::new(),
    });
}

/// The delivery process: finds the account, becomes it and runs
/// qmail-local. Never returns.
/// Like stock's, it keeps SIGPIPE ignored and SIGCHLD blocked, and so
/// does qmail-local after the exec.
fn child(fdmess: Fd, fdout: Fd, c: &Command, aliasempty: &[u8]) -> ! {
    let recip = qmail::qmail::cstr(&c.recip);
    let at = recip
        .iter()
        .rposition(|&b| b == b'@')
        .unwrap_or(recip.len());
    let local = &recip[..at];
    let domain = recip.get(at + 1..).unwrap_or(&[]);
    if local.is_empty() {
        sys::exit(0);
    }
    if sys::chdir(AUTO_QMAIL).is_err() {
        sys::exit(qlx::USAGE);
    }
    let nughde = nughde_get(local);
    let Some([user, uid, gid, home, dash, ext]) = spawn::nughde_fields(&nughde) else {
        sys::exit(qlx::USAGE)
    };
    let uid = qmail::fmt::scan_ulong(uid).0 as u32;
    let gid = qmail::fmt::scan_ulong(gid).0 as u32;
    let sender = qmail::qmail::cstr(&c.sender);
    if sys::fd_move(0, fdmess).is_err() || sys::fd_move(1, fdout).is_err() {
        sys::exit(qlx::SYS);
    }
    if sys::fd_copy(2, 1).is_err() {
        sys::exit(qlx::SYS);
    }
    if proc::prot_gid(gid).is_err() || proc::prot_uid(uid).is_err() {
        sys::exit(qlx::USAGE);
    }
    if sys::getuid() == 0 {
        sys::exit(qlx::ROOT);
    }
    let argv: [&[u8]; 10] = [
        b"bin/qmail-local",
        b"--",
        user,
        home,
        local,
        dash,
        ext,
        domain,
        sender,
        aliasempty,
    ];
    let e = proc::exec(argv[0], &argv, false);
    sys::exit(if e.is_temp() {
        qlx::EXECSOFT
    } else {
        qlx::EXECHARD
    })
}

/// The account for `local`: users/cdb if it exists (an exact `=` entry,
/// else the longest `+` prefix ending in one of its wildcard characters),
/// else what qmail-getpw answers. Exits with a QLX code on trouble.
fn nughde_get(local: &[u8]) -> Vec<u8> {
    let key = spawn::cdb_key(local);
    match sys::open_read(b"users/cdb") {
        Ok(fd) => {
            if let Some(v) = users_cdb(fd, &key, local) {
                return v;
            }
            let _ = sys::close(fd);
        }
        Err(Errno(libc::ENOENT)) => {}
        Err(_) => sys::exit(qlx::CDB),
    }
    getpw(local)
}

fn users_cdb(fd: Fd, key: &[u8], local: &[u8]) -> Option<Vec<u8>> {
    let mut src = FdSource(fd);
    let wild = match cdb::find(&mut src, b"") {
        Ok(Some(w)) => w,
        _ => sys::exit(qlx::CDB),
    };
    let mut i = key.len();
    let mut flagwild = false;
    while i > 0 {
        if !flagwild || i == 1 || wild.contains(&key[i - 1]) {
            match cdb::find(&mut src, &key[..i]) {
                Err(Errno(libc::ENOMEM)) => sys::exit(qlx::NOMEM),
                Err(_) => sys::exit(qlx::CDB),
                Ok(Some(mut v)) => {
                    if flagwild {
                        v.extend_from_slice(local.get(i - 1..).unwrap_or(&[]));
                    }
                    v.push(0);
                    let _ = sys::close(fd);
                    return Some(v);
                }
                Ok(None) => {}
            }
        }
        i -= 1;
        flagwild = true;
    }
    None
}

/// Runs bin/qmail-getpw LOCAL as qmailp/nofiles and returns its answer;
/// its failure codes become this process's.
fn getpw(local: &[u8]) -> Vec<u8> {
    let Ok((pin, pout)) = sys::pipe() else {
        sys::exit(qlx::SYS)
    };
    let pid = match proc::fork() {
        Err(_) => sys::exit(qlx::SYS),
        Ok(proc::Fork::Child) => {
            if proc::prot_gid(AUTO_GIDN).is_err() || proc::prot_uid(AUTO_UIDP).is_err() {
                sys::exit(qlx::USAGE);
            }
            let _ = sys::close(pin);
            if sys::fd_move(1, pout).is_err() {
                sys::exit(qlx::SYS);
            }
            let _ = proc::exec(b"bin/qmail-getpw", &[b"bin/qmail-getpw", local], false);
            sys::exit(qlx::EXECPW)
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    let _ = sys::close(pout);
    let mut v = Vec::new();
    let mut buf = [0u8; 128];
    loop {
        match sys::read(pin, &mut buf) {
            Ok(0) => break,
            Ok(n) => v.extend_from_slice(&buf[..n]),
            Err(Errno(libc::EINTR)) => {}
            Err(_) => sys::exit(qlx::SYS),
        }
    }
    let _ = sys::close(pin);
    if let Ok((_, w)) = proc::wait_pid(pid) {
        if w.crashed() != 0 {
            sys::exit(qlx::SYS);
        }
        if w.exitcode() != 0 {
            sys::exit(w.exitcode());
        }
    }
    v
}
