//! qmail-showctl: describes the compiled-in settings and every control file.
//!
//! Prints, on fd 1: the qmail home, break character, paternalism mask,
//! spawn limit, split, uids and gids built in; then for each control file
//! stock knows, what its current value means (or "(Default.) ..."); then
//! "I have no idea what this file does." for every other name in control/,
//! in directory order. Non-printable bytes of values are shown as `?`.
//!
//! Exit codes: 0 done; 111 when it cannot chdir to the home or control/,
//! cannot open control/, or cannot read control/me (each with an "Oops!"
//! line on fd 1).
//!
//! The users-by-name build (not in stock) looks every id up first (a
//! missing user or group: exit 111 with `fatal: unable to find ...` on
//! fd 2, nothing on fd 1) and prints one more line after the group ids,
//! `user and group ids: looked up by name at start.`; the default build's
//! output is stock's.
#![cfg_attr(not(test), no_main)]

use qmail::base::control::{self, Control};
use qmail::base::fmt;
use qmail::base::substdio::Out;
use qmail::base::users::{self, Group, User};
use qmail::conf::*;
use qmail::sys;

qmail::entry!(run);

/// The names stock handles itself; everything else in control/ is unknown.
const KNOWN: &[&[u8]] = &[
    b".",
    b"..",
    b"badmailfrom",
    b"bouncefrom",
    b"bouncehost",
    b"concurrencylocal",
    b"concurrencyremote",
    b"databytes",
    b"defaultdomain",
    b"defaulthost",
    b"doublebouncehost",
    b"doublebounceto",
    b"envnoathost",
    b"helohost",
    b"idhost",
    b"localiphost",
    b"locals",
    b"me",
    b"morercpthosts",
    b"morercpthosts.cdb",
    b"percenthack",
    b"plusdomain",
    b"qmqpservers",
    b"queuelifetime",
    b"rcpthosts",
    b"smtpgreeting",
    b"smtproutes",
    b"timeoutconnect",
    b"timeoutremote",
    b"timeoutsmtpd",
    b"virtualdomains",
];

struct Show {
    out: Out,
    me: Option<Vec<u8>>,
}

impl Show {
    fn puts(&mut self, s: &[u8]) {
        let _ = self.out.puts(s);
    }

    /// Values are shown with bytes outside 32..=126 as `?`.
    fn safeput(&mut self, s: &[u8]) {
        let shown: Vec<u8> = s
            .iter()
            .map(|&c| if (32..=126).contains(&c) { c } else { b'?' })
            .collect();
        self.puts(&shown);
    }

    fn head(&mut self, name: &[u8]) {
        self.puts(b"\n");
        self.puts(name);
        self.puts(b": ");
    }

    fn do_int(&mut self, name: &[u8], def: &[u8], pre: &[u8], post: &[u8]) {
        self.head(name);
        match control::readint(name) {
            Ok(None) => {
                for s in [&b"(Default.) "[..], pre, def, post, b".\n"] {
                    self.puts(s);
                }
            }
            Ok(Some(i)) => {
                let n = fmt::ulong(i.max(0) as u64);
                for s in [pre, &n, post, b".\n"] {
                    self.puts(s);
                }
            }
            Err(_) => self.puts(b"Oops! Trouble reading this file.\n"),
        }
    }

    fn do_str(&mut self, name: &[u8], flagme: bool, def: &[u8], pre: &[u8]) {
        self.head(name);
        let value = match control::readline(name) {
            Ok(Some(v)) => v,
            Ok(None) => {
                self.puts(b"(Default.) ");
                match (&self.me, flagme) {
                    (Some(me), true) => me.clone(),
                    _ => def.to_vec(),
                }
            }
            Err(_) => return self.puts(b"Oops! Trouble reading this file.\n"),
        };
        self.puts(pre);
        self.safeput(&value);
        self.puts(b".\n");
    }

    /// Returns what the C returns: 1 found, 0 absent, -1 unreadable.
    fn do_lst(&mut self, name: &[u8], def: &[u8], pre: &[u8], post: &[u8]) -> i32 {
        self.head(name);
        match Control::new().readfile(name, false) {
            Ok(None) => {
                for s in [&b"(Default.) "[..], def, b"\n"] {
                    self.puts(s);
                }
                0
            }
            Ok(Some(list)) => {
                self.puts(b"\n");
                for entry in control::entries(&list) {
                    self.puts(pre);
                    self.safeput(entry);
                    self.puts(post);
                    self.puts(b"\n");
                }
                1
            }
            Err(_) => {
                self.puts(b"Oops! Trouble reading this file.\n");
                -1
            }
        }
    }

    /// Writes what is buffered and ends with `code`.
    fn end(&mut self, code: i32) -> i32 {
        let _ = self.out.flush();
        code
    }
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    // every id, before any output (the by-name build's lookups can fail)
    let ids = users::uids([
        User::Alias,
        User::Daemon,
        User::Log,
        User::Owner,
        User::Passwd,
        User::Queue,
        User::Remote,
        User::Send,
    ])
    .and_then(|u| Ok((u, [users::gid(Group::Nofiles)?, users::gid(Group::Qmail)?])));
    let (uids, gids) = match ids {
        Ok(ids) => ids,
        Err(missing) => return missing.report(),
    };
    let mut s = Show {
        out: Out::fd(1, 8192),
        me: None,
    };
    header(&mut s, &uids, &gids);
    if users::BY_NAME {
        s.puts(users::BY_NAME_LINE);
    }
    if sys::chdir(AUTO_QMAIL).is_err() {
        for p in [&b"Oops! Unable to chdir to "[..], AUTO_QMAIL, b".\n"] {
            s.puts(p);
        }
        return s.end(111);
    }
    if sys::chdir(b"control").is_err() {
        s.puts(b"Oops! Unable to chdir to control.\n");
        return s.end(111);
    }
    let Ok(mut dir) = sys::dirent::opendir(b".") else {
        s.puts(b"Oops! Unable to open current directory.\n");
        return s.end(111);
    };
    match control::readline(b"me") {
        Ok(me) => s.me = me,
        Err(_) => {
            s.puts(b"Oops! Trouble reading control/me.");
            return s.end(111);
        }
    }
    files(&mut s);
    while let Some(name) = dir.read() {
        if KNOWN.contains(&name.as_slice()) {
            continue;
        }
        s.puts(b"\n");
        s.puts(&name);
        s.puts(b": I have no idea what this file does.\n");
    }
    s.end(0)
}

fn header(s: &mut Show, uids: &[u32; 8], gids: &[u32; 2]) {
    let n = |v: u64| fmt::ulong(v);
    let lines: [(&[u8], Vec<u8>); 5] = [
        (b"qmail home directory: ", AUTO_QMAIL.to_vec()),
        (b"user-ext delimiter: ", AUTO_BREAK.to_vec()),
        (b"paternalism (in decimal): ", n(AUTO_PATRN as u64)),
        (b"silent concurrency limit: ", n(AUTO_SPAWN as u64)),
        (b"subdirectory split: ", n(AUTO_SPLIT as u64)),
    ];
    for (label, value) in lines {
        s.puts(label);
        s.puts(&value);
        s.puts(b".\n");
    }
    for (label, ids) in [(&b"user ids: "[..], &uids[..]), (b"group ids: ", &gids[..])] {
        s.puts(label);
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                s.puts(b", ");
            }
            s.puts(&n(*id as u64));
        }
        s.puts(b".\n");
    }
}

fn files(s: &mut Show) {
    s.do_lst(
        b"badmailfrom",
        b"Any MAIL FROM is allowed.",
        b"",
        b" not accepted in MAIL FROM.",
    );
    s.do_str(
        b"bouncefrom",
        false,
        b"MAILER-DAEMON",
        b"Bounce user name is ",
    );
    s.do_str(b"bouncehost", true, b"bouncehost", b"Bounce host name is ");
    s.do_int(b"concurrencylocal", b"10", b"Local concurrency is ", b"");
    s.do_int(b"concurrencyremote", b"20", b"Remote concurrency is ", b"");
    s.do_int(b"databytes", b"0", b"SMTP DATA limit is ", b" bytes");
    s.do_str(
        b"defaultdomain",
        true,
        b"defaultdomain",
        b"Default domain name is ",
    );
    s.do_str(
        b"defaulthost",
        true,
        b"defaulthost",
        b"Default host name is ",
    );
    s.do_str(
        b"doublebouncehost",
        true,
        b"doublebouncehost",
        b"2B recipient host: ",
    );
    s.do_str(
        b"doublebounceto",
        false,
        b"postmaster",
        b"2B recipient user: ",
    );
    s.do_str(
        b"envnoathost",
        true,
        b"envnoathost",
        b"Presumed domain name is ",
    );
    s.do_str(
        b"helohost",
        true,
        b"helohost",
        b"SMTP client HELO host name is ",
    );
    s.do_str(b"idhost", true, b"idhost", b"Message-ID host name is ");
    s.do_str(
        b"localiphost",
        true,
        b"localiphost",
        b"Local IP address becomes ",
    );
    s.do_lst(
        b"locals",
        b"Messages for me are delivered locally.",
        b"Messages for ",
        b" are delivered locally.",
    );
    s.do_str(b"me", false, b"undefined! Uh-oh", b"My name is ");
    s.do_lst(
        b"percenthack",
        b"The percent hack is not allowed.",
        b"The percent hack is allowed for user%host@",
        b".",
    );
    s.do_str(b"plusdomain", true, b"plusdomain", b"Plus domain name is ");
    s.do_lst(b"qmqpservers", b"No QMQP servers.", b"QMQP server: ", b".");
    s.do_int(
        b"queuelifetime",
        b"604800",
        b"Message lifetime in the queue is ",
        b" seconds",
    );
    let to = b"SMTP clients may send messages to recipients at ";
    if s.do_lst(
        b"rcpthosts",
        b"SMTP clients may send messages to any recipient.",
        to,
        b".",
    ) != 0
    {
        s.do_lst(b"morercpthosts", b"No effect.", to, b".");
    } else {
        s.do_lst(
            b"morercpthosts",
            b"No rcpthosts; morercpthosts is irrelevant.",
            b"No rcpthosts; doesn't matter that morercpthosts has ",
            b".",
        );
    }
    s.puts(b"\nmorercpthosts.cdb: ");
    let verdict: &[u8] = match (sys::stat(b"morercpthosts"), sys::stat(b"morercpthosts.cdb")) {
        (Err(_), Err(_)) => b"(Default.) No effect.\n",
        (Err(_), Ok(_)) => b"Oops! morercpthosts.cdb exists but morercpthosts doesn't.\n",
        (Ok(_), Err(_)) => b"Oops! morercpthosts exists but morercpthosts.cdb doesn't.\n",
        (Ok(m), Ok(c)) if m.mtime > c.mtime => {
            b"Oops! morercpthosts.cdb is older than morercpthosts.\n"
        }
        (Ok(_), Ok(_)) => b"Modified recently enough; hopefully up to date.\n",
    };
    s.puts(verdict);
    s.do_str(
        b"smtpgreeting",
        true,
        b"smtpgreeting",
        b"SMTP greeting: 220 ",
    );
    s.do_lst(
        b"smtproutes",
        b"No artificial SMTP routes.",
        b"SMTP route: ",
        b"",
    );
    s.do_int(
        b"timeoutconnect",
        b"60",
        b"SMTP client connection timeout is ",
        b" seconds",
    );
    s.do_int(
        b"timeoutremote",
        b"1200",
        b"SMTP client data timeout is ",
        b" seconds",
    );
    s.do_int(
        b"timeoutsmtpd",
        b"1200",
        b"SMTP server data timeout is ",
        b" seconds",
    );
    s.do_lst(
        b"virtualdomains",
        b"No virtual domains.",
        b"Virtual domain: ",
        b"",
    );
}
