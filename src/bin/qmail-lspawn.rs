//! qmail-lspawn: runs local deliveries for qmail-send.
//!
//! argv: DEFAULTDELIVERY (qmail-start's first argument, handed to every
//! qmail-local as its aliasempty). Speaks the spawn protocol on fd 0/fd 1
//! (qmail::send::spawn). For each command it finds the account (users/cdb, else
//! bin/qmail-getpw run as qmailp), and runs bin/qmail-local as that account
//! with the message (queue/mess/N/INODE, which must be a plain file owned
//! by qmailq) on fd 0 and its report pipe on fds 1 and 2.
//!
//! Exit codes: 0 once fd 0 has ended and every delivery has been reported;
//! 100 no DEFAULTDELIVERY; 111 the queue cannot be entered (or, in the
//! users-by-name build, qmailp, qmailq or nofiles does not exist: a
//! `fatal: unable to find ...` line on fd 2). A write error
//! on fd 1 silences the reports but the deliveries go on.
#![cfg_attr(not(test), no_main)]

use qmail::base::cdb::{self, FdSource};
use qmail::base::strerr::Die;
use qmail::base::users::{self, Group, User};
use qmail::conf::AUTO_QMAIL;
use qmail::queue::qlx;
use qmail::send::spawn::{self, Command, Spawner};
use qmail::sys::{self, proc, Errno, Fd, OwnedFd};

qmail::entry!(run);

/// The local spawner: DEFAULTDELIVERY for qmail-local's aliasempty.
struct Local {
    aliasempty: Vec<u8>,
    ids: Ids,
}

/// The ids the spawner uses: qmail-getpw runs as qmailp in nofiles;
/// messages must belong to qmailq.
#[derive(Clone, Copy)]
struct Ids {
    uidp: u32,
    gidn: u32,
    uidq: u32,
}

impl Ids {
    fn get() -> Result<Ids, Die> {
        let [uidp, uidq] = users::uids([User::Passwd, User::Queue])?;
        let gidn = users::gid(Group::Nofiles)?;
        Ok(Ids { uidp, gidn, uidq })
    }
}

impl Spawner for Local {
    fn truncreport(&self) -> usize {
        3000
    }
    fn child(&self, fdmess: OwnedFd, fdout: OwnedFd, c: &Command) -> ! {
        child(fdmess, fdout, c, &self.aliasempty, self.ids)
    }
    fn report(&self, wstat: proc::WaitStatus, output: &[u8]) -> Vec<u8> {
        spawn::local_report(wstat.crashed(), wstat.exitcode(), output)
    }
    fn queue_uid(&self) -> u32 {
        self.ids.uidq
    }
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    spawn::drive(|| {
        let aliasempty = args.get(1).ok_or(100)?.clone();
        let ids = Ids::get().map_err(|missing| missing.report())?;
        Ok(Local { aliasempty, ids })
    })
}

/// The delivery process: finds the account, becomes it and runs
/// qmail-local. Never returns: it ends with one of the qlx codes, the
/// protocol by which spawn::local_report tells qmail-send what went wrong
/// (a protocol ending, not a strerr Die).
/// Like stock's, it keeps SIGPIPE ignored and SIGCHLD blocked, and so
/// does qmail-local after the exec.
fn child(fdmess: OwnedFd, fdout: OwnedFd, c: &Command, aliasempty: &[u8], ids: Ids) -> ! {
    let recip = qmail::queue::qmail::cstr(&c.recip);
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
    let nughde = nughde_get(local, ids);
    let Some([user, uid, gid, home, dash, ext]) = spawn::nughde_fields(&nughde) else {
        sys::exit(qlx::USAGE)
    };
    let uid = qmail::base::fmt::scan_ulong(uid).0 as u32;
    let gid = qmail::base::fmt::scan_ulong(gid).0 as u32;
    let sender = qmail::queue::qmail::cstr(&c.sender);
    if sys::fd_move(0, fdmess.into_raw()).is_err() || sys::fd_move(1, fdout.into_raw()).is_err() {
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
/// users/cdb is closed before qmail-getpw runs.
fn nughde_get(local: &[u8], ids: Ids) -> Vec<u8> {
    let key = spawn::cdb_key(local);
    match sys::open_read(b"users/cdb").map(OwnedFd) {
        Ok(fd) => {
            if let Some(v) = users_cdb(fd.raw(), &key, local) {
                return v;
            }
        }
        Err(Errno(libc::ENOENT)) => {}
        Err(_) => sys::exit(qlx::CDB),
    }
    getpw(local, ids)
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
fn getpw(local: &[u8], ids: Ids) -> Vec<u8> {
    let Ok((pin, pout)) = sys::pipe_owned() else {
        sys::exit(qlx::SYS)
    };
    let pid = match proc::fork() {
        Err(_) => sys::exit(qlx::SYS),
        Ok(proc::Fork::Child) => {
            if proc::prot_gid(ids.gidn).is_err() || proc::prot_uid(ids.uidp).is_err() {
                sys::exit(qlx::USAGE);
            }
            drop(pin);
            if sys::fd_move(1, pout.into_raw()).is_err() {
                sys::exit(qlx::SYS);
            }
            let _ = proc::exec(b"bin/qmail-getpw", &[b"bin/qmail-getpw", local], false);
            sys::exit(qlx::EXECPW)
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    // our copy of the write end goes, so the read below ends with qmail-getpw
    drop(pout);
    let mut v = Vec::new();
    let mut buf = [0u8; 128];
    loop {
        match sys::read(pin.raw(), &mut buf) {
            Ok(0) => break,
            Ok(n) => v.extend_from_slice(&buf[..n]),
            Err(Errno(libc::EINTR)) => {}
            Err(_) => sys::exit(qlx::SYS),
        }
    }
    drop(pin);
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
