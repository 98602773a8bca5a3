//! qmail-pw2u: turns a passwd file into a users/assign file.
//!
//! argv: options only. `-o` (default) skips accounts whose home is missing
//! or owned by another uid; `-h` is the same but a missing home is fatal;
//! `-H` does not look at homes; `-U` (default) leaves out names with
//! uppercase letters and `-u` keeps them; `-c x` sets the break character
//! to the first byte of x (none when x is empty) and `-C` drops it; `-/`
//! writes `-/:` instead of `-:` in wildcard lines. Anything else: a message
//! from the option parser and exit 100.
//!
//! fd 0: passwd lines, read like subfdin (fd 1's buffer is flushed before
//! every read, and a failed flush counts as a read error). Under the qmail
//! home it reads users/include, users/exclude and users/mailnames
//! (control-file lists), then users/subusers and users/append (raw lines). fd 1: the assign lines,
//! then users/append verbatim, then `.`; written through an 8192-byte
//! buffer and flushed at the end. fd 2: fatal messages.
//! Exit codes: 0 done; 100 bad option; 111 any fatal error (no home, no
//! memory, unreadable input or controls, no alias account, a home that
//! cannot be checked, an unknown subuser owner, output failure).
#![no_main]

use qmail::admin::pw2u::{self, Fail, FlushingRead, Options, Users};
use qmail::base::control::Control;
use qmail::base::getopt::Getopt;
use qmail::base::strerr::ERRSIZE;
use qmail::base::substdio::{In, Out, INSIZE, OUTSIZE};
use qmail::sys::{self, Errno};
use qmail::{base::constmap::Constmap, conf};

qmail::qmain!(run);

/// Writes `parts` to fd 2 through the 256-byte buffer, then flushes.
fn err(parts: &[&[u8]]) {
    let mut e = Out::fd(2, ERRSIZE);
    for p in parts {
        let _ = e.put(p);
    }
    let _ = e.flush();
}

fn die_chdir() -> i32 {
    err(&[b"qmail-pw2u: fatal: unable to chdir\n"]);
    111
}
fn die_nomem() -> i32 {
    err(&[b"qmail-pw2u: fatal: out of memory\n"]);
    111
}
fn die_read() -> i32 {
    err(&[b"qmail-pw2u: fatal: unable to read input\n"]);
    111
}
fn die_write() -> i32 {
    err(&[b"qmail-pw2u: fatal: unable to write output\n"]);
    111
}
fn die_control() -> i32 {
    err(&[b"qmail-pw2u: fatal: unable to read controls\n"]);
    111
}
fn die_alias() -> i32 {
    err(&[
        b"qmail-pw2u: fatal: unable to find ",
        conf::AUTO_USERA,
        b" user\n",
    ]);
    111
}
fn die_home(home: &[u8]) -> i32 {
    err(&[b"qmail-pw2u: fatal: unable to stat ", home, b"\n"]);
    111
}
fn die_user(user: &[u8]) -> i32 {
    err(&[
        b"qmail-pw2u: fatal: unable to find ",
        user,
        b" user for subuser\n",
    ]);
    111
}

fn die(f: Fail) -> i32 {
    match f {
        Fail::NoMem => die_nomem(),
        Fail::Write => die_write(),
        Fail::Home(h) => die_home(&h),
        Fail::User(u) => die_user(&u),
    }
}

/// Reads one control list into a lookup table; `Err` is the exit code.
fn list(c: &Control, path: &[u8], colon: bool) -> Result<Option<Constmap>, i32> {
    match c.readfile(path, false) {
        Err(_) => Err(die_control()),
        Ok(None) => Ok(None),
        Ok(Some(v)) => match Constmap::new(&v, colon) {
            Ok(m) => Ok(Some(m)),
            Err(_) => Err(die_nomem()),
        },
    }
}

/// Opens a raw users/ file: `Ok(None)` when it does not exist.
fn open_users(path: &[u8]) -> Result<Option<sys::OwnedFd>, i32> {
    match sys::open_read(path) {
        Ok(fd) => Ok(Some(sys::OwnedFd(fd))),
        Err(Errno(libc::ENOENT)) => Ok(None),
        Err(_) => Err(die_control()),
    }
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    let mut opts = Options::default();
    let mut g = Getopt::new();
    while let Some((opt, arg)) = g.next(&args, b"/ohHuUc:C") {
        match opt {
            b'/' => opts.dashcolon = b"-/:",
            b'o' => opts.homestrategy = 2,
            b'h' => opts.homestrategy = 1,
            b'H' => opts.homestrategy = 0,
            b'u' => opts.noupper = false,
            b'U' => opts.noupper = true,
            b'c' => opts.brk = arg.and_then(|a| a.first()).copied().unwrap_or(0),
            b'C' => opts.brk = 0,
            _ => return 100,
        }
    }

    if sys::chdir(conf::AUTO_QMAIL).is_err() {
        return die_chdir();
    }

    // control/me plays no part here.
    let c = Control::new();
    let mut users = Users::new(opts);
    users.include = match list(&c, b"users/include", false) {
        Ok(m) => m,
        Err(code) => return code,
    };
    users.exclude = match list(&c, b"users/exclude", false) {
        Ok(m) => m,
        Err(code) => return code,
    };
    users.mailnames = match list(&c, b"users/mailnames", true) {
        Ok(m) => m,
        Err(code) => return code,
    };

    let mut out = Out::fd(1, OUTSIZE);
    let mut line = Vec::new();
    {
        let fd0 = FlushingRead {
            out: &mut out,
            fd: 0,
        };
        let mut input = In::new(fd0, INSIZE);
        loop {
            let Ok(matched) = input.getln(&mut line, b'\n') else {
                return die_read();
            };
            let owner = |home: &[u8]| sys::stat(home).map(|st| st.uid);
            if let Err(f) = users.account(&line, input.op().out, owner) {
                return die(f);
            }
            if !matched {
                break;
            }
        }
    }
    if !users.alias {
        return die_alias();
    }

    let fd = match open_users(b"users/subusers") {
        Ok(fd) => fd,
        Err(code) => return code,
    };
    if let Some(fd) = fd {
        let mut ss = In::fd(fd.0, INSIZE);
        let map = match users.usermap() {
            Ok(m) => m,
            Err(f) => return die(f),
        };
        loop {
            let Ok(matched) = ss.getln(&mut line, b'\n') else {
                return die_read();
            };
            if let Err(f) = pw2u::subuser(&users.opts, &map, &line, &mut out) {
                return die(f);
            }
            if !matched {
                break;
            }
        }
    }

    let fd = match open_users(b"users/append") {
        Ok(fd) => fd,
        Err(code) => return code,
    };
    if let Some(fd) = fd {
        let mut ss = In::fd(fd.0, INSIZE);
        loop {
            let Ok(matched) = ss.getln(&mut line, b'\n') else {
                return die_read();
            };
            if out.put(&line).is_err() {
                return die_write();
            }
            if !matched {
                break;
            }
        }
    }

    if out.puts(b".\n").is_err() || out.flush().is_err() {
        return die_write();
    }
    0
}
