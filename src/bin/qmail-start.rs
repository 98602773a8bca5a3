//! qmail-start: starts the daemon set, each part under its own uid, tied
//! together by pipes. Run as root (by the rc script).
//!
//! argv: `qmail-start [DELIVERY [LOGGER ARG...]]`. DELIVERY (default
//! `./Mailbox`) becomes qmail-lspawn's argument. With a LOGGER, it runs
//! (found on $PATH) as qmaill in group nofiles, reading the set's log on
//! fd 0; without one, qmail-start's own fd 1 is the log.
//!
//! The set, found on $PATH, all in group qmail except the logger:
//! qmail-lspawn DELIVERY as root, qmail-rspawn as qmailr, qmail-clean as
//! qmailq, each reading requests on fd 0 and answering on fd 1; then this
//! process becomes qmail-send as qmails, with fd 0 the log, fd 1/2 the
//! lspawn request/answer pipes, 3/4 rspawn's, 5/6 clean's.
//!
//! Exit code: 111, silently, when any step fails (fd 0 must be open);
//! otherwise the exec'd qmail-send's. In the users-by-name build a missing
//! qmail user or group is also 111, with a `fatal: unable to find ...`
//! line on fd 2 (before anything else is done but the chdir and umask).
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::Die;
use qmail::base::users::{self, Group, User};
use qmail::sys::{self, proc, OwnedFd};

qmail::entry!(run);

/// Stock's qmail-start fails silently with 111: it has no log yet and its
/// fd 2 belongs to qmail-send. A bare ending, not a strerr Die.
fn die() -> ! {
    sys::exit(111)
}

fn ok<T, E>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|_| die())
}

/// A pipe: (read end, write end).
type Pipe = (OwnedFd, OwnedFd);

/// The ids of the daemon set's users and groups.
struct Ids {
    uidl: u32,
    uidq: u32,
    uidr: u32,
    uids: u32,
    gidn: u32,
    gidq: u32,
}

impl Ids {
    fn get() -> Result<Ids, Die> {
        let [uidl, uidq, uidr, uids] =
            users::uids([User::Log, User::Queue, User::Remote, User::Send])?;
        Ok(Ids {
            uidl,
            uidq,
            uidr,
            uids,
            gidn: users::gid(Group::Nofiles)?,
            gidq: users::gid(Group::Qmail)?,
        })
    }
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    ok(sys::chdir(b"/"));
    sys::umask(0o077);
    let ids = match Ids::get() {
        Ok(ids) => ids,
        Err(missing) => sys::exit(missing.report()),
    };
    ok(proc::prot_gid(ids.gidq));
    // fds 2 to 6 hold copies of fd 0 until qmail-send's fds take their
    // places; every child closes them
    let mut slots: Vec<OwnedFd> = (2..=6)
        .map(|fd| {
            ok(sys::fd_copy(fd, 0));
            OwnedFd(fd)
        })
        .collect();

    let mut rest = args.get(1..).unwrap_or(&[]);
    let mut delivery: &[u8] = b"./Mailbox";
    if let Some((d, more)) = rest.split_first() {
        delivery = d;
        rest = more;
    }
    if !rest.is_empty() {
        start_logger(rest, &mut slots, &ids);
    }

    let mut pipes: Vec<Pipe> = Vec::with_capacity(6);
    for _ in 0..6 {
        pipes.push(ok(sys::pipe_owned()));
    }
    // lspawn in, lspawn out, rspawn in, rspawn out, clean in, clean out
    let members: [(Option<u32>, &[&[u8]]); 3] = [
        (None, &[b"qmail-lspawn", delivery]),
        (Some(ids.uidr), &[b"qmail-rspawn"]),
        (Some(ids.uidq), &[b"qmail-clean"]),
    ];
    for (n, (uid, argv)) in members.into_iter().enumerate() {
        spawn(&mut pipes, &mut slots, n, uid, argv);
    }

    ok(proc::prot_uid(ids.uids));
    // fds 2 to 6 are overwritten below: they become qmail-send's
    for slot in slots {
        slot.into_raw();
    }
    ok(sys::fd_copy(0, 1));
    ok(sys::fd_copy(1, pipes[0].1.raw()));
    ok(sys::fd_copy(2, pipes[1].0.raw()));
    ok(sys::fd_copy(3, pipes[2].1.raw()));
    ok(sys::fd_copy(4, pipes[3].0.raw()));
    ok(sys::fd_copy(5, pipes[4].1.raw()));
    ok(sys::fd_copy(6, pipes[5].0.raw()));
    drop(pipes);
    proc::exec(b"qmail-send", &[b"qmail-send"], true);
    die()
}

/// Forks the logger (`argv`, searched on $PATH) as qmaill in group
/// nofiles, reading a new pipe whose write end becomes our fd 1.
fn start_logger(argv: &[Vec<u8>], slots: &mut Vec<OwnedFd>, ids: &Ids) {
    let (rd, wr) = ok(sys::pipe_owned());
    match ok(proc::fork()) {
        proc::Fork::Child => {
            ok(proc::prot_gid(ids.gidn));
            ok(proc::prot_uid(ids.uidl));
            drop(wr);
            ok(sys::fd_move(0, rd.into_raw()));
            slots.clear();
            let argv: Vec<&[u8]> = argv.iter().map(|a| a.as_slice()).collect();
            if let Some(prog) = argv.first() {
                proc::exec(prog, &argv, true);
            }
            die()
        }
        proc::Fork::Parent(_) => {
            drop(rd);
            ok(sys::fd_move(1, wr.into_raw()));
        }
    }
}

/// Forks member `n` of the set (0 lspawn, 1 rspawn, 2 clean): optional
/// uid, fd 0 from the read end of pipe 2n and fd 1 from the write end of
/// pipe 2n+1, everything else closed, then exec (searched on $PATH). The
/// child empties `slots` and `pipes`, which closes them; the parent's stay.
fn spawn(
    pipes: &mut Vec<Pipe>,
    slots: &mut Vec<OwnedFd>,
    n: usize,
    uid: Option<u32>,
    argv: &[&[u8]],
) {
    if let proc::Fork::Child = ok(proc::fork()) {
        if let Some(uid) = uid {
            ok(proc::prot_uid(uid));
        }
        ok(sys::fd_copy(0, pipes[2 * n].0.raw()));
        ok(sys::fd_copy(1, pipes[2 * n + 1].1.raw()));
        slots.clear();
        pipes.clear();
        proc::exec(argv[0], argv, true);
        die()
    }
}
