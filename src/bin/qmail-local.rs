//! qmail-local: delivers one message to one local address, as qmail-lspawn
//! runs it (already as the account's user).
//!
//! argv: [-nN] USER HOMEDIR LOCAL DASH EXT DOMAIN SENDER ALIASEMPTY. The
//! message is on fd 0 (a file: it is read again for every delivery). In
//! HOMEDIR it follows `.qmail` DASH EXT (or the `default` files), else
//! ALIASEMPTY: mbox and Maildir lines, `|programs`, forwards (through
//! qmail-queue, with the Delivered-To line), `+list`, comments. With -n it
//! only says what it would do.
//!
//! Output: on success `did F+W+P` (files, forwards, programs) and, after a
//! forward, `qp N`, on fd 1; problems as one line on fd 2 (qmail-lspawn
//! joins the two). Exit codes: 0 delivered; 100 permanent failure (no such
//! mailbox, loop, a program's permanent failure, usage); 111 temporary.
#![cfg_attr(not(test), no_main)]

use qmail::base::byte::cstr;
use qmail::base::getopt::Getopt;
use qmail::base::strerr::{self, Die};
use qmail::base::substdio::{self, In, Out};
use qmail::base::syncdir;
use qmail::conf::AUTO_PATRN;
use qmail::local::{self, maildir, Line};
use qmail::queue::qmail::Qmail;
use qmail::sys::{self, proc, Errno, OwnedFd};

qmail::entry!(run);

// qmail-local's messages are its report to qmail-lspawn: one line on fd 2
// (no program name, a `(#x.y.z)` status at the end) and the exit code
// 111 temporary or 100 permanent. They are strerr messages all the same.
fn temp_nomem() -> Die {
    Die::x(111, &[b"Out of memory. (#4.3.0)"])
}
fn temp_childcrashed() -> Die {
    Die::x(111, &[b"Aack, child crashed. (#4.3.0)"])
}
fn temp_fork(e: Errno) -> Die {
    Die::x(111, &[b"Unable to fork: ", e.text(), b". (#4.3.0)"])
}
fn temp_read(e: Errno) -> Die {
    Die::x(111, &[b"Unable to read message: ", e.text(), b". (#4.3.0)"])
}
fn temp_qmail(name: &[u8], e: Errno) -> Die {
    Die::x(
        111,
        &[b"Unable to open ", name, b": ", e.text(), b". (#4.3.0)"],
    )
}
fn usage() -> Die {
    Die::x(
        100,
        &[b"qmail-local: usage: qmail-local [ -nN ] user homedir local dash ext domain sender aliasempty"],
    )
}
fn rewind() -> Result<(), Die> {
    sys::seek_begin(0).map_err(|_| Die::x(111, &[b"Unable to rewind message. (#4.3.0)"]))
}
fn nomem<T, E>(r: Result<T, E>) -> Result<T, Die> {
    r.map_err(|_| temp_nomem())
}

/// What every delivery of this run shares.
struct Ctx {
    doit: bool,
    dtline: Vec<u8>,
    rpline: Vec<u8>,
    ufline: Vec<u8>,
}

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    sys::umask(0o077);
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let mut doit = true;
    let mut g = Getopt::new();
    while let Some((opt, _)) = g.next(&args, b"nN") {
        match opt {
            b'n' => doit = false,
            b'N' => doit = true,
            _ => return Err(usage()),
        }
    }
    let rest = args.get(g.ind..).unwrap_or(&[]);
    let [user, homedir, local, dash, ext, host, sender, aliasempty] = rest else {
        return Err(usage());
    };
    if homedir.first() != Some(&b'/') {
        return Err(usage());
    }
    sys::chdir(homedir).map_err(|e| {
        Die::x(
            111,
            &[
                b"Unable to switch to ",
                homedir,
                b": ",
                e.text(),
                b". (#4.3.0)",
            ],
        )
    })?;
    checkhome(doit)?;

    let put = |k: &[u8], v: &[u8]| nomem(sys::env_put(k, v));
    put(b"HOST", host)?;
    put(b"HOME", homedir)?;
    put(b"USER", user)?;
    put(b"LOCAL", local)?;
    let mut recipient = local.clone();
    recipient.push(b'@');
    recipient.extend_from_slice(host);
    put(b"RECIPIENT", &recipient)?;
    let dtline = local::dtline(local, host);
    put(b"DTLINE", &dtline)?;
    if doit {
        bouncexf(&dtline)?;
    }
    put(b"SENDER", sender)?;
    let rpline = local::rpline(&nomem(qmail::base::quote::quote2(sender))?);
    put(b"RPLINE", &rpline)?;
    let ufline = local::ufline(sender, &qmail::base::date822fmt::myctime(sys::now()));
    put(b"UFLINE", &ufline)?;
    for (k, v) in [&b"EXT"[..], b"EXT2", b"EXT3", b"EXT4"]
        .into_iter()
        .zip(local::ext_parts(ext))
    {
        put(k, v)?;
    }
    let safeext = local::safeext(ext);
    for (k, v) in [&b"HOST2"[..], b"HOST3", b"HOST4"]
        .into_iter()
        .zip(local::host_parts(host))
    {
        put(k, v)?;
    }

    let mut forwardonly = false;
    let qfile = qmesearch(dash, &safeext, ext, &mut forwardonly)?;
    if qfile.is_none() && !dash.is_empty() {
        return Err(Die::x(
            100,
            &[b"Sorry, no mailbox here by that name. (#5.1.1)"],
        ));
    }

    let mut ueo = sender.clone();
    if !sender.is_empty() && sender != b"#@[]" && qmeox(dash, &safeext, b"-owner")? {
        ueo = local.clone();
        if qmeox(dash, &safeext, b"-owner-default")? {
            ueo.extend_from_slice(b"-owner-@");
            ueo.extend_from_slice(host);
            ueo.extend_from_slice(b"-@[]");
        } else {
            ueo.extend_from_slice(b"-owner@");
            ueo.extend_from_slice(host);
        }
    }
    put(b"NEWSENDER", &ueo)?;

    let mut cmds = match qfile {
        Some(fd) => slurp(fd)?,
        None => Vec::new(),
    };
    if cmds.is_empty() {
        cmds = aliasempty.clone();
        forwardonly = false;
    }
    if cmds.last() != Some(&b'\n') {
        cmds.push(b'\n');
    }

    let ctx = Ctx {
        doit,
        dtline,
        rpline,
        ufline,
    };
    let (mut nfile, mut nforward, mut nprogram) = (0u64, 0u64, 0u64);
    let mut recips: Vec<&[u8]> = Vec::new();
    for line in local::lines(&cmds) {
        let mut stop = false;
        match line {
            Line::FirstBlank => {
                return Err(Die::x(
                    111,
                    &[b"Uh-oh: first line of .qmail file is blank. (#4.2.1)"],
                ))
            }
            Line::Blank | Line::Comment => {}
            Line::Maildir(path) | Line::Mbox(path) => {
                nfile += 1;
                if forwardonly {
                    return Err(Die::x(
                        111,
                        &[b"Uh-oh: .qmail has file delivery but has x bit set. (#4.7.0)"],
                    ));
                }
                match (line, doit) {
                    (Line::Maildir(_), true) => maildir(&ctx, path)?,
                    (Line::Maildir(_), false) => sayit(b"maildir ", path),
                    (_, true) => mailfile(&ctx, path)?,
                    (_, false) => sayit(b"mbox ", path),
                }
            }
            Line::Program(prog) => {
                nprogram += 1;
                if forwardonly {
                    return Err(Die::x(
                        111,
                        &[b"Uh-oh: .qmail has prog delivery but has x bit set. (#4.7.0)"],
                    ));
                }
                if doit {
                    stop = mailprogram(prog)?;
                } else {
                    sayit(b"program ", prog);
                }
            }
            Line::Plus(what) => {
                if what == b"list" {
                    forwardonly = true;
                }
            }
            Line::Forward(addr) => {
                nforward += 1;
                if doit {
                    recips.push(addr);
                } else {
                    sayit(b"forward ", addr);
                }
            }
        }
        if stop {
            break;
        }
    }
    let mut qp = 0;
    if !recips.is_empty() && ctx.doit {
        qp = mailforward(&ctx, &recips, &ueo)?;
    }
    let mut out = Out::fd(1, 256);
    let mut s = b"did ".to_vec();
    for (i, n) in [nfile, nforward, nprogram].into_iter().enumerate() {
        if i > 0 {
            s.push(b'+');
        }
        s.extend_from_slice(&qmail::base::fmt::ulong(n));
    }
    s.push(b'\n');
    if qp != 0 {
        s.extend_from_slice(b"qp ");
        s.extend_from_slice(&qmail::base::fmt::ulong(qp as u64));
        s.push(b'\n');
    }
    let _ = out.put(&s);
    let _ = out.flush();
    Ok(0)
}

fn sayit(kind: &[u8], what: &[u8]) {
    let mut out = Out::fd(1, 256);
    let _ = out.puts(kind);
    let _ = out.put(what);
    let _ = out.puts(b"\n");
    let _ = out.flush();
}

/// The home directory must not be writable by others; a sticky one means
/// the user is editing .qmail (a warning only with -n).
fn checkhome(doit: bool) -> Result<(), Die> {
    let st = sys::stat(b".").map_err(|e| {
        Die::x(
            111,
            &[b"Unable to stat home directory: ", e.text(), b". (#4.3.0)"],
        )
    })?;
    if st.mode & AUTO_PATRN as u32 != 0 {
        return Err(Die::x(
            111,
            &[b"Uh-oh: home directory is writable. (#4.7.0)"],
        ));
    }
    if st.mode & 0o1000 != 0 {
        if doit {
            return Err(Die::x(
                111,
                &[b"Home directory is sticky: user is editing his .qmail file. (#4.2.1)"],
            ));
        }
        strerr::warn(&[b"Warning: home directory is sticky."]);
    }
    Ok(())
}

/// Refuses a message that already carries this Delivered-To line in its
/// header.
fn bouncexf(dtline: &[u8]) -> Result<(), Die> {
    rewind()?;
    let mut ss = In::fd(0, 1024);
    let mut line = Vec::new();
    loop {
        if !ss.getln(&mut line, b'\n').map_err(temp_read)? {
            return Ok(());
        }
        if line.len() <= 1 {
            return Ok(());
        }
        if line == dtline {
            return Err(Die::x(
                100,
                &[b"This message is looping: it already has my Delivered-To line. (#5.4.6)"],
            ));
        }
    }
}

/// Opens a `.qmail` file if it is one: a regular file, not writable by
/// others. Sets `cutable` from its owner-execute bit.
fn qmeexists(name: &[u8], cutable: &mut bool) -> Result<Option<OwnedFd>, Die> {
    let fd = match sys::open_read(name) {
        Ok(fd) => OwnedFd(fd),
        Err(e) if e.is_temp() || e.0 == libc::EPERM || e.0 == libc::EACCES => {
            return Err(temp_qmail(name, e))
        }
        Err(_) => return Ok(None),
    };
    let st = sys::fstat(fd.raw()).map_err(|e| temp_qmail(name, e))?;
    if st.mode & sys::S_IFMT == sys::S_IFREG {
        if st.mode & AUTO_PATRN as u32 != 0 {
            return Err(Die::x(111, &[b"Uh-oh: .qmail file is writable. (#4.7.0)"]));
        }
        *cutable = st.mode & 0o100 != 0;
        return Ok(Some(fd));
    }
    Ok(None)
}

/// Finds the `.qmail` file for the extension, setting DEFAULT when a
/// `default` file matched.
fn qmesearch(
    dash: &[u8],
    safeext: &[u8],
    ext: &[u8],
    cutable: &mut bool,
) -> Result<Option<OwnedFd>, Die> {
    let mut exact = b".qmail".to_vec();
    exact.extend_from_slice(dash);
    exact.extend_from_slice(safeext);
    let set_default = |i: usize| {
        if i <= ext.len() {
            nomem(sys::env_put(b"DEFAULT", &ext[i..]))?;
        }
        Ok::<(), Die>(())
    };
    if let Some(fd) = qmeexists(&exact, cutable)? {
        if safeext.len() >= 7 && safeext.ends_with(b"default") {
            set_default(safeext.len() - 7)?;
        }
        return Ok(Some(fd));
    }
    for (name, i) in local::default_names(dash, safeext) {
        if let Some(fd) = qmeexists(&name, cutable)? {
            set_default(i)?;
            return Ok(Some(fd));
        }
    }
    Ok(None)
}

/// Whether `.qmail` DASH SAFEEXT OWNER exists.
fn qmeox(dash: &[u8], safeext: &[u8], owner: &[u8]) -> Result<bool, Die> {
    let mut n = b".qmail".to_vec();
    n.extend_from_slice(dash);
    n.extend_from_slice(safeext);
    n.extend_from_slice(owner);
    match sys::stat(&n) {
        Ok(_) => Ok(true),
        Err(e) if e.is_temp() => Err(temp_qmail(&n, e)),
        Err(_) => Ok(false),
    }
}

/// The whole `.qmail` file (closed afterwards); a read error ends it
/// early, as stock's.
fn slurp(fd: OwnedFd) -> Result<Vec<u8>, Die> {
    let mut v = Vec::new();
    let mut oom = false;
    let _ = substdio::slurp(&mut In::new(fd, 256), |p| {
        if oom || v.try_reserve(p.len()).is_err() {
            oom = true;
        } else {
            v.extend_from_slice(p);
        }
    });
    if oom {
        return Err(temp_nomem());
    }
    Ok(v)
}

/// Forks `child`, which ends the process (it never returns into the
/// parent's flow), and waits for it: a crash is stock's "child crashed",
/// anything else its exit code.
fn in_child(child: impl FnOnce()) -> Result<i32, Die> {
    let pid = match proc::fork() {
        Err(e) => return Err(temp_fork(e)),
        Ok(proc::Fork::Child) => {
            child();
            sys::exit(111)
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    let w = proc::wait_pid(pid).map_or(proc::WaitStatus(0), |(_, w)| w);
    if w.crashed() != 0 {
        return Err(temp_childcrashed());
    }
    Ok(w.exitcode())
}

fn maildir(ctx: &Ctx, dir: &[u8]) -> Result<(), Die> {
    rewind()?;
    match in_child(|| maildir_child(ctx, dir))? {
        0 => Ok(()),
        2 => Err(Die::x(111, &[b"Unable to chdir to maildir. (#4.2.1)"])),
        3 => Err(Die::x(111, &[b"Timeout on maildir delivery. (#4.3.0)"])),
        4 => Err(Die::x(111, &[b"Unable to read message. (#4.3.0)"])),
        _ => Err(Die::x(
            111,
            &[b"Temporary error on maildir delivery. (#4.3.0)"],
        )),
    }
}

/// In the forked child: writes tmp/TIME.PID.HOST, then links it into new/.
/// It ends with a bare exit code, the protocol between it and its parent
/// (which turns the code into the report): 0 done, 1 temporary error, 2 no
/// such maildir, 3 timeout, 4 read error.
fn maildir_child(ctx: &Ctx, dir: &[u8]) -> ! {
    if let Err(e) = sys::chdir(dir) {
        sys::exit(if e.is_temp() { 1 } else { 2 });
    }
    let pid = sys::getpid() as u64;
    let host = sys::gethostname(64).unwrap_or_default();
    let mut tmp;
    let mut tries = 0;
    loop {
        tmp = maildir::tmp_name(sys::now() as u64, pid, cstr(&host));
        if let Err(Errno(libc::ENOENT)) = sys::stat(&tmp) {
            break;
        }
        if tries == 2 {
            sys::exit(1);
        }
        tries += 1;
        std::thread::sleep(std::time::Duration::from_secs(2));
    }
    let mut new = tmp.clone();
    new[..3].copy_from_slice(b"new");
    let _ = sys::alarm::on_alarm_unlink_exit(&tmp, 3);
    proc::alarm(86400);
    let fail = |tmp: &[u8]| -> ! {
        let _ = sys::unlink(tmp);
        sys::exit(1)
    };
    let Ok(fd) = sys::open_excl(&tmp).map(OwnedFd) else {
        sys::exit(1)
    };
    let mut ss = In::fd(0, 1024);
    let mut out = Out::fd(fd.raw(), 1024);
    if out.put(&ctx.rpline).is_err() || out.put(&ctx.dtline).is_err() {
        fail(&tmp);
    }
    match substdio::copy(&mut out, &mut ss) {
        Ok(()) => {}
        Err(substdio::CopyError::Read(_)) => {
            let _ = sys::unlink(&tmp);
            sys::exit(4)
        }
        Err(substdio::CopyError::Write(_)) => fail(&tmp),
    }
    if out.flush().is_err() || sys::fsync(fd.raw()).is_err() || fd.close().is_err() {
        fail(&tmp);
    }
    if sys::link(&tmp, &new).is_err() {
        fail(&tmp);
    }
    // Ours (conf-syncdir): new/'s entry on disk before exit 0 reports the
    // delivery. If that fails the delivery is undone and deferred.
    if syncdir::parent(&new).is_err() {
        let _ = sys::unlink(&new);
        fail(&tmp);
    }
    let _ = sys::unlink(&tmp);
    sys::exit(0)
}

/// Appends the message to an mbox under an exclusive lock (30 s at most),
/// with the From line, `>From` quoting and a blank line after it; on
/// trouble the file is cut back to where it was.
fn mailfile(ctx: &Ctx, path: &[u8]) -> Result<(), Die> {
    rewind()?;
    let fd = sys::open_append(path).map(OwnedFd).map_err(|e| {
        Die::x(
            111,
            &[b"Unable to open ", path, b": ", e.text(), b". (#4.2.1)"],
        )
    })?;
    let _ = proc::sig_catch_flag(libc::SIGALRM);
    proc::alarm(30);
    let locked = match proc::lock_ex(fd.raw()) {
        Ok(()) => true,
        Err(_) if proc::caught(libc::SIGALRM) => {
            return Err(Die::x(
                111,
                &[b"File has been locked for 30 seconds straight. (#4.3.0)"],
            ))
        }
        Err(_) => false,
    };
    proc::alarm(0);
    let _ = proc::sig_default(libc::SIGALRM);
    let pos = sys::seek_from(fd.raw(), 0, libc::SEEK_END).unwrap_or(0);
    // The report goes out first, then the mbox is cut back to where it was;
    // the Die carries only the exit code.
    let undo = |msg: &[&[u8]]| -> Die {
        strerr::warn(msg);
        if locked {
            let _ = sys::ftruncate(fd.raw(), pos);
        }
        Die::quiet(111) // fd closes as mailfile returns
    };
    let writeerr = |e: Errno| undo(&[b"Unable to write ", path, b": ", e.text(), b". (#4.3.0)"]);
    let mut ss = In::fd(0, 1024);
    let mut out = Out::fd(fd.raw(), 1024);
    for part in [&ctx.ufline, &ctx.rpline, &ctx.dtline] {
        out.put(part).map_err(writeerr)?;
    }
    let mut line = Vec::new();
    loop {
        let complete = ss
            .getln(&mut line, b'\n')
            .map_err(|e| undo(&[b"Unable to read message: ", e.text(), b". (#4.3.0)"]))?;
        if !complete && line.is_empty() {
            break;
        }
        if local::gfrom(&line) {
            out.bput(b">").map_err(writeerr)?;
        }
        out.bput(&line).map_err(writeerr)?;
        if !complete {
            out.bput(b"\n").map_err(writeerr)?;
            break;
        }
    }
    out.bput(b"\n")
        .and_then(|_| out.flush())
        .and_then(|_| sys::fsync(fd.raw()))
        // Ours (conf-syncdir): the mbox may have just been created.
        .and_then(|_| syncdir::parent(path))
        .map_err(writeerr)?;
    Ok(())
}

/// Runs `sh -c PROG` with the message on fd 0. True: it exited 99 (stop
/// here).
fn mailprogram(prog: &[u8]) -> Result<bool, Die> {
    rewind()?;
    // The child becomes the program or reports why not.
    let code = in_child(|| {
        let _ = proc::sig_default(libc::SIGPIPE);
        let e = proc::exec(b"/bin/sh", &[b"/bin/sh", b"-c", prog], false);
        Die::x(111, &[b"Unable to run /bin/sh: ", e.text(), b". (#4.3.0)"]).exit()
    })?;
    // A failing program's verdict is passed on as the exit code; its own
    // words are already on fd 2.
    local::program_exit(code).map_err(Die::quiet)
}

/// Forwards the message (with the Delivered-To line on top) to `recips`
/// from `sender`; returns qmail-queue's pid for the `qp` line.
fn mailforward(ctx: &Ctx, recips: &[&[u8]], sender: &[u8]) -> Result<i32, Die> {
    rewind()?;
    let mut ss = In::fd(0, 1024);
    let mut qq = Qmail::open().map_err(temp_fork)?;
    let qp = qq.qp();
    qq.put(&ctx.dtline);
    let mut line = Vec::new();
    loop {
        match ss.getln(&mut line, b'\n') {
            Err(_) => {
                qq.fail();
                break;
            }
            Ok(complete) => {
                qq.put(&line);
                if !complete {
                    break;
                }
            }
        }
    }
    match qq.send(sender, recips) {
        Ok(()) => Ok(qp),
        Err(r) => Err(Die::x(
            if r.permanent() { 100 } else { 111 },
            &[b"Unable to forward message: ", r.text(), b"."],
        )),
    }
}
