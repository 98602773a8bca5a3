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
#![cfg_attr(not(test), no_main)]

mod pw2u;

use pw2u::{Fail, FlushingRead, Options, Users};
use qmail::base::control::Control;
use qmail::base::getopt::Getopt;
use qmail::base::strerr::Die;
use qmail::base::substdio::{In, Out, INSIZE, OUTSIZE};
use qmail::sys::{self, Errno};
use qmail::{base::constmap::Constmap, conf};

qmail::entry!(run);

const FATAL: &[u8] = b"qmail-pw2u: fatal: ";

fn die_nomem() -> Die {
    Die::x(111, &[FATAL, b"out of memory"])
}
fn die_read() -> Die {
    Die::x(111, &[FATAL, b"unable to read input"])
}
fn die_write() -> Die {
    Die::x(111, &[FATAL, b"unable to write output"])
}
fn die_control() -> Die {
    Die::x(111, &[FATAL, b"unable to read controls"])
}

fn die(f: Fail) -> Die {
    match f {
        Fail::NoMem => die_nomem(),
        Fail::Write => die_write(),
        Fail::Home(h) => Die::x(111, &[FATAL, b"unable to stat ", &h]),
        Fail::User(u) => Die::x(111, &[FATAL, b"unable to find ", &u, b" user for subuser"]),
    }
}

/// Reads one control list into a lookup table.
fn list(c: &Control, path: &[u8], colon: bool) -> Result<Option<Constmap>, Die> {
    match c.readfile(path, false) {
        Err(_) => Err(die_control()),
        Ok(None) => Ok(None),
        Ok(Some(v)) => Constmap::new(&v, colon).map(Some).map_err(|_| die_nomem()),
    }
}

/// Opens a raw users/ file: `Ok(None)` when it does not exist.
fn open_users(path: &[u8]) -> Result<Option<sys::OwnedFd>, Die> {
    match sys::open_read(path) {
        Ok(fd) => Ok(Some(sys::OwnedFd(fd))),
        Err(Errno(libc::ENOENT)) => Ok(None),
        Err(_) => Err(die_control()),
    }
}

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
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
            // getopt has said what was wrong.
            _ => return Err(Die::quiet(100)),
        }
    }

    sys::chdir(conf::AUTO_QMAIL).map_err(|_| Die::x(111, &[FATAL, b"unable to chdir"]))?;

    // control/me plays no part here.
    let c = Control::new();
    let mut users = Users::new(opts);
    users.include = list(&c, b"users/include", false)?;
    users.exclude = list(&c, b"users/exclude", false)?;
    users.mailnames = list(&c, b"users/mailnames", true)?;

    let mut out = Out::fd(1, OUTSIZE);
    let mut line = Vec::new();
    {
        let fd0 = FlushingRead {
            out: &mut out,
            fd: 0,
        };
        let mut input = In::new(fd0, INSIZE);
        loop {
            let matched = input.getln(&mut line, b'\n').map_err(|_| die_read())?;
            let owner = |home: &[u8]| sys::stat(home).map(|st| st.uid);
            users.account(&line, input.op().out, owner).map_err(die)?;
            if !matched {
                break;
            }
        }
    }
    if !users.alias {
        return Err(Die::x(
            111,
            &[FATAL, b"unable to find ", conf::AUTO_USERA, b" user"],
        ));
    }

    if let Some(fd) = open_users(b"users/subusers")? {
        let mut ss = In::fd(fd.0, INSIZE);
        let map = users.usermap().map_err(die)?;
        loop {
            let matched = ss.getln(&mut line, b'\n').map_err(|_| die_read())?;
            pw2u::subuser(&users.opts, &map, &line, &mut out).map_err(die)?;
            if !matched {
                break;
            }
        }
    }

    if let Some(fd) = open_users(b"users/append")? {
        let mut ss = In::fd(fd.0, INSIZE);
        loop {
            let matched = ss.getln(&mut line, b'\n').map_err(|_| die_read())?;
            out.put(&line).map_err(|_| die_write())?;
            if !matched {
                break;
            }
        }
    }

    out.puts(b".\n").map_err(|_| die_write())?;
    out.flush().map_err(|_| die_write())?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_subuser_owner_is_named() {
        let d = die(Fail::User(b"joe".to_vec()));
        assert_eq!(d.code, 111);
        assert_eq!(
            d.msg,
            b"qmail-pw2u: fatal: unable to find joe user for subuser\n"
        );
    }

    #[test]
    fn an_unchecked_home_is_named_without_errno() {
        let d = die(Fail::Home(b"/home/joe".to_vec()));
        assert_eq!(d.code, 111);
        assert_eq!(d.msg, b"qmail-pw2u: fatal: unable to stat /home/joe\n");
    }

    #[test]
    fn a_missing_raw_users_file_is_no_error() {
        assert!(matches!(open_users(b"/nonexistent/users/append"), Ok(None)));
    }
}
