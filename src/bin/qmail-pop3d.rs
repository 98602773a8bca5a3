//! qmail-pop3d: the POP3 transaction state for one user's Maildir, run by
//! a checkpassword program after qmail-popup has taken the login.
//!
//! `qmail-pop3d DIR`: changes to DIR (relative to the home checkpassword
//! changed to), removes tmp/ files not accessed for 36 hours, and lists
//! the messages of new/ and cur/, oldest first (files of the current
//! second wait for the next session). The session is on fd 0/1: STAT,
//! LIST and UIDL (each with or without a message number), RETR, TOP, DELE,
//! RSET, LAST, NOOP and QUIT; anything else is `-ERR unimplemented`.
//! Deletions only mark messages; QUIT removes the marked ones and moves
//! the rest of new/ into cur/ with the `:2,` info, and a session that ends
//! any other way changes nothing.
//!
//! Every answer is stock's text, and so is RETR's body: lines end in CRLF,
//! a line starting with `.` gets another `.`, and the message ends with an
//! extra CRLF before the final `.`. Exit code 0 always, whether after QUIT,
//! the client going away, a read or write that fails or waits 1200 s, or a
//! Maildir that is missing or cannot be scanned (said to the client).
#![cfg_attr(not(test), no_main)]

use qmail::base::fmt;
use qmail::base::substdio::{In, Out};
use qmail::local::maildir;
use qmail::net::commands;
use qmail::sys::{self, proc, OwnedFd};

qmail::entry!(run);

// Protocol endings: qmail-pop3d speaks only to its client; every ending,
// the errors it reports as `-ERR` lines included, is exit 0 (stock's
// die()), and nothing goes to fd 2. None of them is a strerr Die.

/// Ends the session.
fn die() -> ! {
    sys::exit(0)
}

/// One listed message.
struct Message {
    deleted: bool,
    size: u64,
    /// `new/NAME` or `cur/NAME`, relative to the Maildir.
    name: Vec<u8>,
}

struct Pop {
    out: Out<commands::SafeWrite>,
    m: Vec<Message>,
    /// The highest message number deleted since the start or the last RSET.
    last: u64,
}

impl Pop {
    fn put(&mut self, b: &[u8]) {
        // a failed write has already ended the process
        let _ = self.out.put(b);
    }
    fn flush(&mut self) {
        let _ = self.out.flush();
    }
    fn err(&mut self, s: &[u8]) {
        self.put(b"-ERR ");
        self.put(s);
        self.put(b"\r\n");
        self.flush();
    }
    fn okay(&mut self) {
        self.put(b"+OK \r\n");
        self.flush();
    }
    fn num(&mut self, u: u64) {
        let (d, n) = fmt::ulong_digits(u);
        self.put(&d[..n]);
    }

    /// The message a numeric argument names (counted from 1), or None
    /// after telling the client why not.
    fn msgno(&mut self, arg: &[u8]) -> Option<usize> {
        let (u, used) = fmt::scan_ulong(arg);
        if used == 0 {
            self.err(b"syntax error");
            return None;
        }
        if u == 0 {
            self.err(b"messages are counted from 1");
            return None;
        }
        let i = u - 1;
        if i >= self.m.len() as u64 {
            self.err(b"not that many messages");
            return None;
        }
        let i = i as usize;
        if self.m[i].deleted {
            self.err(b"already deleted");
            return None;
        }
        Some(i)
    }

    fn stat(&mut self) {
        let total = self
            .m
            .iter()
            .filter(|m| !m.deleted)
            .fold(0u64, |t, m| t.wrapping_add(m.size));
        self.put(b"+OK ");
        // the count includes messages marked deleted, as stock's does
        self.num(self.m.len() as u64);
        self.put(b" ");
        self.num(total);
        self.put(b"\r\n");
        self.flush();
    }

    fn rset(&mut self) {
        for m in &mut self.m {
            m.deleted = false;
        }
        self.last = 0;
        self.okay();
    }

    fn last(&mut self) {
        self.put(b"+OK ");
        self.num(self.last);
        self.put(b"\r\n");
        self.flush();
    }

    fn quit(&mut self) -> ! {
        for i in 0..self.m.len() {
            if self.m[i].deleted {
                if sys::unlink(&self.m[i].name).is_err() {
                    self.err(b"unable to unlink all deleted messages");
                }
            } else if let Some(rest) = self.m[i].name.strip_prefix(b"new/") {
                let mut to = b"cur/".to_vec();
                to.extend_from_slice(rest);
                to.extend_from_slice(b":2,");
                // a message that cannot be moved simply stays in new/
                let _ = sys::rename(&self.m[i].name, &to);
            }
        }
        self.okay();
        die()
    }

    fn dele(&mut self, arg: &[u8]) {
        let Some(i) = self.msgno(arg) else { return };
        self.m[i].deleted = true;
        self.last = self.last.max(i as u64 + 1);
        self.okay();
    }

    /// One line of LIST (the size) or UIDL (the file name without its
    /// directory and without the info after `:`).
    fn list(&mut self, i: usize, uidl: bool) {
        self.num(i as u64 + 1);
        self.put(b" ");
        if uidl {
            let name = self.m[i].name.get(4..).unwrap_or(&[]);
            let end = name.iter().position(|&c| c == b':').unwrap_or(name.len());
            let uid = name[..end].to_vec();
            self.put(&uid);
        } else {
            self.num(self.m[i].size);
        }
        self.put(b"\r\n");
    }

    fn listing(&mut self, arg: &[u8], uidl: bool) {
        if !arg.is_empty() {
            let Some(i) = self.msgno(arg) else { return };
            self.put(b"+OK ");
            self.list(i, uidl);
        } else {
            self.okay();
            for i in 0..self.m.len() {
                if !self.m[i].deleted {
                    self.list(i, uidl);
                }
            }
            self.put(b".\r\n");
        }
        self.flush();
    }

    /// RETR and TOP: RETR is TOP with no line count, so `RETR 1 5` is a
    /// TOP, as in stock.
    fn top(&mut self, arg: &[u8]) {
        let Some(i) = self.msgno(arg) else { return };
        let (_, used) = fmt::scan_ulong(arg);
        let mut rest = &arg[used..];
        while rest.first() == Some(&b' ') {
            rest = &rest[1..];
        }
        let (n, used) = fmt::scan_ulong(rest);
        // lines to send after the header, plus one; 0 means all
        let limit = if used > 0 { n.wrapping_add(1) } else { 0 };
        let Ok(fd) = sys::open_read(&self.m[i].name) else {
            return self.err(b"unable to open that message");
        };
        self.okay();
        let mut msg = In::new(OwnedFd(fd), 1024);
        self.blast(&mut msg, limit);
    }

    /// Sends a message the POP way, from its file, line by line as the
    /// pieces come in, so no line is held whole in memory.
    fn blast(&mut self, msg: &mut In<OwnedFd>, mut limit: u64) {
        let mut inheaders = true;
        'lines: loop {
            let mut first = true;
            loop {
                let n = match msg.feed() {
                    Ok(n) => n,
                    Err(_) => die(),
                };
                if n == 0 {
                    if !first {
                        // a last line without its newline
                        self.put(b"\r\n");
                    }
                    break 'lines;
                }
                let x = msg.peek();
                if first {
                    first = false;
                    if limit != 0 && !inheaders {
                        limit -= 1;
                        if limit == 0 {
                            break 'lines;
                        }
                    }
                    if x[0] == b'\n' {
                        inheaders = false;
                    } else if x[0] == b'.' {
                        self.put(b".");
                    }
                }
                match x.iter().position(|&c| c == b'\n') {
                    Some(j) => {
                        let _ = self.out.put(&x[..j]);
                        self.put(b"\r\n");
                        msg.seek(j + 1);
                        continue 'lines;
                    }
                    None => {
                        let _ = self.out.put(x);
                        msg.seek(n);
                    }
                }
            }
        }
        self.put(b"\r\n.\r\n");
        self.flush();
    }
}

/// The messages of the Maildir in the current directory, oldest first.
fn getlist(pop: &mut Pop) {
    let now = sys::now();
    maildir::clean(now);
    let mut names = Vec::new();
    let Ok(mut pq) = maildir::scan(now, true, true, &mut names) else {
        pop.err(b"unable to scan $HOME/Maildir");
        die();
    };
    if pop.m.try_reserve_exact(pq.len()).is_err() {
        pop.err(b"out of memory");
        die();
    }
    while let Some(pe) = pq.min() {
        pq.delmin();
        let name = std::mem::take(&mut names[pe.id as usize]);
        let size = sys::stat(&name).map(|st| st.size).unwrap_or(0);
        pop.m.push(Message {
            deleted: false,
            size,
            name,
        });
    }
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_catch_exit(libc::SIGALRM, 0);
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let mut pop = Pop {
        out: Out::new(commands::SafeWrite(0), 1024),
        m: Vec::new(),
        last: 0,
    };
    match args.get(1) {
        Some(dir) if sys::chdir(dir).is_ok() => {}
        _ => {
            pop.err(b"this user has no $HOME/Maildir");
            die();
        }
    }
    getlist(&mut pop);
    pop.okay();
    let mut io = In::new(commands::SafeRead(0), 128);
    loop {
        // end of input and read errors end the process inside the read;
        // a line too long to keep ends it here, as stock's out of memory
        let Ok(line) = commands::getline(&mut io) else {
            die();
        };
        let (verb, arg) = commands::split(&line);
        match &verb[..] {
            b"quit" => pop.quit(),
            b"stat" => pop.stat(),
            b"list" => pop.listing(arg, false),
            b"uidl" => pop.listing(arg, true),
            b"dele" => pop.dele(arg),
            b"retr" | b"top" => pop.top(arg),
            b"rset" => pop.rset(),
            b"last" => pop.last(),
            b"noop" => pop.okay(),
            _ => pop.err(b"unimplemented"),
        }
    }
}
