//! qmail-pw2u's byte logic: turning passwd lines (and users/subusers lines)
//! into users/assign lines.
//!
//! A passwd line counts only when it holds no NUL and has at least six
//! colons: name, (password), uid, gid, (gecos), home, and something after
//! the home's colon. Its uid is the decimal number at the start of the uid
//! field (wrapping like C's unsigned long; no digits means 0). The line is
//! left out, in this order, when the uid is 0; when uppercase letters are
//! refused and the name has one; when users/include exists and lacks the
//! name; when users/exclude has it (both lists compare ASCII letters without
//! case); and, with a home check, when the home does not exist (a fatal
//! error under `-h`, or for any stat error other than "no such file") or
//! belongs to another uid.
//!
//! A kept account gives `=name:user:uid:gid:home:::` for each of its mail
//! names (users/mailnames' colon-separated list for the user, else the user
//! name), each followed, when a break character is set, by the wildcard
//! `+name<break>:user:uid:gid:home:-::` (`-/:` instead of `-:` under `-/`).
//! The account named like the alias user also gives `+:alias:...:-::` first.
//! Every kept account is remembered as `name:` followed by its
//! `:user:uid:gid:home:` part, the list users/subusers lines are looked up
//! in.

use qmail::base::constmap::Constmap;
use qmail::base::stralloc;
use qmail::base::substdio::{Out, ReadOp, WriteOp};
use qmail::sys::{self, Errno, Fd};

/// The read side of qmail's subfdin: every read first flushes the output
/// buffer (a failed flush is a failed read). Standard input in qmail-pw2u
/// goes through this, so its output reaches fd 1 each time more input is
/// needed.
pub struct FlushingRead<'a, W: WriteOp> {
    pub out: &'a mut Out<W>,
    pub fd: Fd,
}

impl<W: WriteOp> ReadOp for FlushingRead<'_, W> {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        self.out.flush()?;
        sys::read(self.fd, buf)
    }
}

/// Why a step failed; each maps to one of the program's fatal messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fail {
    /// Memory ran out.
    NoMem,
    /// Writing the output failed.
    Write,
    /// The home directory could not be checked (or is missing under `-h`).
    Home(Vec<u8>),
    /// A users/subusers line names an unknown user.
    User(Vec<u8>),
}

impl From<Errno> for Fail {
    fn from(_: Errno) -> Fail {
        Fail::NoMem
    }
}

/// What the command line chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// What precedes the final `:` of a wildcard line's extension part.
    pub dashcolon: &'static [u8],
    /// Leave out names with uppercase letters.
    pub noupper: bool,
    /// 2: skip accounts whose home is missing or not theirs; 1: same, but a
    /// missing home is fatal; 0: don't look at homes.
    pub homestrategy: u8,
    /// The break character; 0 means none.
    pub brk: u8,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dashcolon: b"-:",
            noupper: true,
            homestrategy: 2,
            brk: qmail::conf::AUTO_BREAK.first().copied().unwrap_or(0),
        }
    }
}

/// The fields of a passwd line that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account<'a> {
    pub user: &'a [u8],
    pub uid: &'a [u8],
    pub gid: &'a [u8],
    pub home: &'a [u8],
}

/// Splits off the field before the next colon; None when there is no colon.
fn field(x: &[u8]) -> Option<(&[u8], &[u8])> {
    let i = x.iter().position(|&c| c == b':')?;
    Some((&x[..i], &x[i + 1..]))
}

/// The fields of a passwd line, or None when the line does not count.
pub fn account(line: &[u8]) -> Option<Account<'_>> {
    if line.contains(&0) {
        return None;
    }
    let (user, x) = field(line)?;
    let (_, x) = field(x)?;
    let (uid, x) = field(x)?;
    let (gid, x) = field(x)?;
    let (_, x) = field(x)?;
    let (home, _) = field(x)?;
    Some(Account {
        user,
        uid,
        gid,
        home,
    })
}

fn put<W: WriteOp>(out: &mut Out<W>, b: &[u8]) -> Result<(), Fail> {
    out.put(b).map_err(|_| Fail::Write)
}

/// The state carried from line to line.
#[derive(Debug, Default)]
pub struct Users {
    pub opts: Options,
    /// users/include, users/exclude and users/mailnames, when present.
    pub include: Option<Constmap>,
    pub exclude: Option<Constmap>,
    pub mailnames: Option<Constmap>,
    /// Every kept account as `name::name:uid:gid:home:` plus a NUL.
    pub allusers: Vec<u8>,
    /// Whether the alias user was seen.
    pub alias: bool,
}

impl Users {
    pub fn new(opts: Options) -> Users {
        Users {
            opts,
            ..Users::default()
        }
    }

    /// Handles one passwd line. `owner` gives the owner uid of a path, as
    /// stat(2) would.
    pub fn account<W, F>(&mut self, line: &[u8], out: &mut Out<W>, owner: F) -> Result<(), Fail>
    where
        W: WriteOp,
        F: FnOnce(&[u8]) -> sys::Result<u32>,
    {
        let Some(a) = account(line) else {
            return Ok(());
        };
        let (uid, _) = qmail::base::fmt::scan_ulong(a.uid);
        if uid == 0 {
            return Ok(());
        }
        if self.opts.noupper && a.user.iter().any(|c| c.is_ascii_uppercase()) {
            return Ok(());
        }
        if let Some(m) = &self.include {
            if !m.contains(a.user) {
                return Ok(());
            }
        }
        if let Some(m) = &self.exclude {
            if m.contains(a.user) {
                return Ok(());
            }
        }
        if self.opts.homestrategy != 0 {
            match owner(a.home) {
                Err(Errno(libc::ENOENT)) if self.opts.homestrategy != 1 => return Ok(()),
                Err(_) => return Err(Fail::Home(stralloc::of(a.home)?)),
                Ok(o) if u64::from(o) != uid => return Ok(()),
                Ok(_) => {}
            }
        }

        let mut uugh = Vec::new();
        for part in [
            &b":"[..],
            a.user,
            b":",
            a.uid,
            b":",
            a.gid,
            b":",
            a.home,
            b":",
        ] {
            stralloc::cat(&mut uugh, part)?;
        }
        stralloc::cat(&mut self.allusers, a.user)?;
        stralloc::cat(&mut self.allusers, b":")?;
        stralloc::cat(&mut self.allusers, &uugh)?;
        stralloc::nul(&mut self.allusers)?;

        let dashcolon = self.opts.dashcolon;
        if a.user == qmail::conf::AUTO_USERA {
            put(out, b"+")?;
            put(out, &uugh)?;
            put(out, dashcolon)?;
            put(out, b":\n")?;
            self.alias = true;
        }

        let names = match &self.mailnames {
            Some(m) => m.get(a.user).unwrap_or(a.user),
            None => a.user,
        };
        for name in names.split(|&c| c == b':').filter(|n| !n.is_empty()) {
            put(out, b"=")?;
            put(out, name)?;
            put(out, &uugh)?;
            put(out, b"::\n")?;
            if self.opts.brk != 0 {
                put(out, b"+")?;
                put(out, name)?;
                put(out, &[self.opts.brk])?;
                put(out, &uugh)?;
                put(out, dashcolon)?;
                put(out, b":\n")?;
            }
        }
        Ok(())
    }

    /// The lookup table for users/subusers lines, built from every kept
    /// account.
    pub fn usermap(&self) -> Result<Constmap, Fail> {
        Ok(Constmap::new(&self.allusers, true)?)
    }
}

/// Handles one users/subusers line `sub:user:ext:`: the user must be a kept
/// account (compared without ASCII case), and the line gives
/// `=sub:user:uid:gid:home:-:ext:` plus, with a break character,
/// `+sub<break>:user:uid:gid:home:-:ext-:`. Lines with fewer colons are
/// skipped, but the user is looked up as soon as its colon is there.
pub fn subuser<W: WriteOp>(
    opts: &Options,
    users: &Constmap,
    line: &[u8],
    out: &mut Out<W>,
) -> Result<(), Fail> {
    let Some((sub, x)) = field(line) else {
        return Ok(());
    };
    let Some((user, x)) = field(x) else {
        return Ok(());
    };
    let Some(uugh) = users.get(user) else {
        return Err(Fail::User(stralloc::of(user)?));
    };
    let Some((ext, _)) = field(x) else {
        return Ok(());
    };
    put(out, b"=")?;
    put(out, sub)?;
    put(out, uugh)?;
    put(out, opts.dashcolon)?;
    put(out, ext)?;
    put(out, b":\n")?;
    if opts.brk != 0 {
        put(out, b"+")?;
        put(out, sub)?;
        put(out, &[opts.brk])?;
        put(out, uugh)?;
        put(out, opts.dashcolon)?;
        put(out, ext)?;
        put(out, b"-:\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Sink(Vec<u8>);
    impl WriteOp for Sink {
        fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
            self.0.extend_from_slice(buf);
            Ok(buf.len())
        }
    }

    fn run(u: &mut Users, lines: &[&[u8]], owner: u32) -> (Vec<u8>, Result<(), Fail>) {
        let mut out = Out::new(Sink::default(), 8192);
        let mut r = Ok(());
        for l in lines {
            r = u.account(l, &mut out, |_| Ok(owner));
            if r.is_err() {
                break;
            }
        }
        out.flush().unwrap();
        (out.op().0.clone(), r)
    }

    #[test]
    fn fields_need_six_colons_and_no_nul() {
        let a = account(b"joe:x:100:20:Joe:/home/joe:/bin/sh\n").unwrap();
        assert_eq!(
            (a.user, a.uid, a.gid, a.home),
            (&b"joe"[..], &b"100"[..], &b"20"[..], &b"/home/joe"[..])
        );
        assert!(account(b"joe:x:100:20:Joe:/home/joe").is_none());
        assert!(account(b"joe:x:100:20:Joe:/home/joe:").is_some());
        assert!(account(b"jo\0e:x:100:20:Joe:/home/joe:/bin/sh\n").is_none());
        assert!(account(b"").is_none());
    }

    #[test]
    fn typical_account_lines() {
        let mut u = Users::new(Options::default());
        let (out, r) = run(&mut u, &[b"joe:x:100:20:Joe:/home/joe:/bin/sh\n"], 100);
        assert_eq!(r, Ok(()));
        assert_eq!(
            out,
            b"=joe:joe:100:20:/home/joe:::\n+joe-:joe:100:20:/home/joe:-::\n"
        );
        assert_eq!(u.allusers, b"joe::joe:100:20:/home/joe:\0");
        assert!(!u.alias);
    }

    #[test]
    fn alias_line_and_options() {
        let mut u = Users::new(Options {
            dashcolon: b"-/:",
            brk: 0,
            ..Options::default()
        });
        let (out, _) = run(
            &mut u,
            &[b"alias:x:7790:2108::/var/qmail/alias:/bin/false"],
            7790,
        );
        assert_eq!(
            out,
            &b"+:alias:7790:2108:/var/qmail/alias:-/::\n=alias:alias:7790:2108:/var/qmail/alias:::\n"[..]
        );
        assert!(u.alias);
    }

    #[test]
    fn filters() {
        let mut u = Users::new(Options::default());
        // uid 0, non-numeric uid, uppercase, wrong owner.
        let (out, _) = run(
            &mut u,
            &[
                b"root:x:0:0::/:/bin/sh\n",
                b"bad:x:abc:0::/:/bin/sh\n",
                b"Joe:x:5:5::/:/bin/sh\n",
            ],
            5,
        );
        assert!(out.is_empty());
        let (out, _) = run(&mut u, &[b"joe:x:5:5::/:/bin/sh\n"], 6);
        assert!(out.is_empty());
        u.opts.noupper = false;
        let (out, _) = run(&mut u, &[b"Joe:x:5x:5::/h:\n"], 5);
        assert_eq!(out, b"=Joe:Joe:5x:5:/h:::\n+Joe-:Joe:5x:5:/h:-::\n");
        u.include = Some(Constmap::new(b"JOE\0", false).unwrap());
        u.exclude = Some(Constmap::new(b"bob\0", false).unwrap());
        let (out, _) = run(&mut u, &[b"bob:x:5:5::/h:\n", b"ann:x:5:5::/h:\n"], 5);
        assert!(out.is_empty());
    }

    #[test]
    fn home_strategies() {
        let mut u = Users::new(Options::default());
        let mut out = Out::new(Sink::default(), 64);
        let line = b"joe:x:5:5::/nx:\n";
        let missing = |_: &[u8]| Err(Errno(libc::ENOENT));
        assert_eq!(u.account(line, &mut out, missing), Ok(()));
        let denied = |_: &[u8]| Err(Errno(libc::EACCES));
        assert_eq!(
            u.account(line, &mut out, denied),
            Err(Fail::Home(b"/nx".to_vec()))
        );
        u.opts.homestrategy = 1;
        assert_eq!(
            u.account(line, &mut out, missing),
            Err(Fail::Home(b"/nx".to_vec()))
        );
        u.opts.homestrategy = 0;
        assert_eq!(u.account(line, &mut out, denied), Ok(()));
        assert_eq!(
            out.buffered(),
            b"=joe:joe:5:5:/nx:::\n+joe-:joe:5:5:/nx:-::\n"
        );
    }

    #[test]
    fn mailnames_give_a_user_extra_addresses() {
        let mut u = Users::new(Options::default());
        u.mailnames = Some(Constmap::new(b"JOE:j:joe.x::\0ann:\0", true).unwrap());
        let (out, _) = run(&mut u, &[b"joe:x:5:5::/h:\n", b"ann:x:6:6::/h:\n"], 5);
        assert_eq!(
            out,
            &b"=j:joe:5:5:/h:::\n+j-:joe:5:5:/h:-::\n=joe.x:joe:5:5:/h:::\n+joe.x-:joe:5:5:/h:-::\n"[..]
        );
    }

    #[test]
    fn a_subuser_maps_onto_its_owner_with_an_extension() {
        let opts = Options::default();
        let map = Constmap::new(b"joe::joe:5:5:/h:\0", true).unwrap();
        let mut out = Out::new(Sink::default(), 8192);
        assert_eq!(subuser(&opts, &map, b"sub:JOE:ext:\n", &mut out), Ok(()));
        assert_eq!(
            out.buffered(),
            b"=sub:joe:5:5:/h:-:ext:\n+sub-:joe:5:5:/h:-:ext-:\n"
        );
        let mut out = Out::new(Sink::default(), 8192);
        assert_eq!(subuser(&opts, &map, b"sub:joe:ext", &mut out), Ok(()));
        assert_eq!(subuser(&opts, &map, b"sub:joe", &mut out), Ok(()));
        assert_eq!(
            subuser(&opts, &map, b"sub:bob:", &mut out),
            Err(Fail::User(b"bob".to_vec()))
        );
        assert!(out.buffered().is_empty());
    }

    #[test]
    fn reading_flushes_the_output_first() {
        let (r, w) = sys::pipe().unwrap();
        sys::write(w, b"in\n").unwrap();
        sys::close(w).unwrap();
        let mut out = Out::new(Sink::default(), 64);
        out.put(b"pending").unwrap();
        let mut input = qmail::base::substdio::In::new(
            FlushingRead {
                out: &mut out,
                fd: r,
            },
            16,
        );
        let mut line = Vec::new();
        assert!(input.getln(&mut line, b'\n').unwrap());
        assert_eq!(line, b"in\n");
        input.op().out.put(b"more").unwrap();
        assert!(!input.getln(&mut line, b'\n').unwrap());
        assert_eq!(out.op().0, b"pendingmore");
        sys::close(r).unwrap();
    }
}
