//! qmail-popup: the POP3 authorization state, on fd 0/1 (run by tcpserver
//! or inetd).
//!
//! `qmail-popup HOSTNAME SUBPROGRAM [ARGS...]`: greets with a timestamp
//! `<PID.TIME@HOSTNAME>` (for APOP), takes USER and PASS, or APOP, and
//! then runs SUBPROGRAM, a checkpassword program, with the login on fd 3:
//! the user, the password (or APOP digest) and the timestamp, each ended
//! by a NUL. fd 2 is made a copy of fd 1 first, so the subprogram and what
//! it runs (qmail-pop3d) talk to the client. NOOP and QUIT work before the
//! login; every other command is `-ERR authorization first`.
//!
//! Exit code 1 always: after QUIT, when the client goes away or a read or
//! write fails or waits 1200 s, after the subprogram has run (`-ERR
//! authorization failed` if it exited non-zero, `-ERR aack, child crashed`
//! if it was killed), and after trouble starting it (`-ERR unable to open
//! pipe`, `unable to fork`, `unable to write pipe`) or a usage error.
#![cfg_attr(not(test), no_main)]

use qmail::base::fmt;
use qmail::base::substdio::{In, Out};
use qmail::net::commands;
use qmail::sys::{self, proc};

qmail::entry!(run);

// Protocol endings: qmail-popup speaks only to its client; every ending is
// exit 1 (stock's die()), after an `-ERR` line where there is something to
// say. None of them is a strerr Die.

/// Ends the session.
fn die() -> ! {
    sys::exit(1)
}

struct Popup {
    out: Out<commands::SafeWrite>,
    hostname: Vec<u8>,
    /// The subprogram and its arguments.
    child: Vec<Vec<u8>>,
    /// `PID.TIME@`, the start of the greeting's timestamp.
    unique: Vec<u8>,
    /// The USER argument, once given.
    username: Option<Vec<u8>>,
}

impl Popup {
    fn put(&mut self, b: &[u8]) {
        // a failed write has already ended the process
        let _ = self.out.put(b);
    }
    fn err(&mut self, s: &[u8]) {
        self.put(b"-ERR ");
        self.put(s);
        self.put(b"\r\n");
        let _ = self.out.flush();
    }
    fn die_err(&mut self, s: &[u8]) -> ! {
        self.err(s);
        die()
    }
    fn okay(&mut self) {
        self.put(b"+OK \r\n");
        let _ = self.out.flush();
    }

    fn greet(&mut self) {
        let mut u = fmt::ulong(sys::getpid() as u64);
        u.push(b'.');
        u.extend_from_slice(&fmt::ulong(sys::now() as u64));
        u.push(b'@');
        self.unique = u;
        self.put(b"+OK <");
        let unique = self.unique.clone();
        self.put(&unique);
        let host = self.hostname.clone();
        self.put(&host);
        self.put(b">\r\n");
        let _ = self.out.flush();
    }

    fn user(&mut self, arg: &[u8]) {
        if arg.is_empty() {
            return self.err(b"syntax error");
        }
        self.okay();
        self.username = Some(arg.to_vec());
    }

    fn pass(&mut self, arg: &[u8]) {
        let Some(user) = self.username.clone() else {
            return self.err(b"USER first");
        };
        if arg.is_empty() {
            return self.err(b"syntax error");
        }
        self.doanddie(&user, arg)
    }

    fn apop(&mut self, arg: &[u8]) {
        let Some(sp) = arg.iter().position(|&c| c == b' ') else {
            return self.err(b"syntax error");
        };
        // the digest is everything after the first space, spaces included
        self.doanddie(&arg[..sp], &arg[sp + 1..])
    }

    /// Runs the subprogram with the login on fd 3 and ends with it.
    fn doanddie(&mut self, user: &[u8], pass: &[u8]) -> ! {
        if sys::fd_copy(2, 1).is_err() {
            self.die_err(b"unable to open pipe");
        }
        let _ = sys::close(3);
        let Ok((r, w)) = sys::pipe_owned() else {
            self.die_err(b"unable to open pipe");
        };
        if r.raw() != 3 {
            self.die_err(b"unable to open pipe");
        }
        let child = match proc::fork() {
            Err(_) => self.die_err(b"unable to fork"),
            Ok(proc::Fork::Child) => {
                drop(w);
                let _ = proc::sig_default(libc::SIGPIPE);
                // fd 3 stays open for the subprogram
                let _ = r.into_raw();
                let argv: Vec<&[u8]> = self.child.iter().map(|a| &a[..]).collect();
                let _ = proc::exec(argv[0], &argv, true);
                sys::exit(1)
            }
            Ok(proc::Fork::Parent(pid)) => pid,
        };
        drop(r);
        // piece by piece through a 128-byte buffer, as stock writes it, so
        // the pipe sees the same writes
        let mut u = user.to_vec();
        u.push(0);
        let mut pw = pass.to_vec();
        pw.push(0);
        let mut ss = Out::new(w, 128);
        let pieces: [&[u8]; 6] = [&u, &pw, b"<", &self.unique, &self.hostname, b">\0"];
        let ok = pieces.iter().all(|p| ss.put(p).is_ok()) && ss.flush().is_ok();
        pw.fill(0);
        if !ok {
            self.die_err(b"unable to write pipe");
        }
        drop(ss.into_op());
        let Ok((_, st)) = proc::wait_pid(child) else {
            die()
        };
        if st.crashed() != 0 {
            self.err(b"aack, child crashed");
        }
        if st.exitcode() != 0 {
            self.err(b"authorization failed");
        }
        die()
    }
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_catch_exit(libc::SIGALRM, 1);
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let mut p = Popup {
        out: Out::new(commands::SafeWrite(1), 128),
        hostname: Vec::new(),
        child: Vec::new(),
        unique: Vec::new(),
        username: None,
    };
    if args.len() < 3 {
        p.die_err(b"usage: popup hostname subprogram");
    }
    p.hostname = args[1].clone();
    p.child = args[2..].to_vec();
    p.greet();
    let mut io = In::new(commands::SafeRead(1), 128);
    loop {
        // end of input and read errors end the process inside the read;
        // a line too long to keep ends it here, as stock's out of memory
        let Ok(line) = commands::getline(&mut io) else {
            die();
        };
        let (verb, arg) = commands::split(&line);
        match &verb[..] {
            b"user" => p.user(arg),
            b"pass" => p.pass(arg),
            b"apop" => p.apop(arg),
            b"quit" => {
                p.okay();
                die();
            }
            b"noop" => p.okay(),
            _ => p.err(b"authorization first"),
        }
    }
}
