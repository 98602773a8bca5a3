//! sendmail: the sendmail command line on top of qmail-inject.
//!
//! argv: `sendmail [ -t ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ arg ... ]`.
//! Runs in the qmail home. `-t` makes qmail-inject take recipients from
//! the header too (`-H`; otherwise `-a`); `-f` passes the sender on and
//! sets QMAILUSER/QMAILHOST from it (dropping QMAILNAME, MAILNAME, NAME,
//! QMAILHOST and MAILHOST first); `-F` sets MAILNAME; `-bp` (or the name
//! `mailq`) runs bin/qmail-qread; `-bs` runs bin/qmail-smtpd, with the
//! environment of a local connection unless PROTO is set; `-bm` is the
//! default. Accepted and ignored: `-v -i -m -x -e* -o* -B* -p*`, and
//! `-E`/`-J` with anything after them in the same argument. Called as
//! `newaliases` it refuses.
//!
//! Exit codes: never returns on success (execs); 100 usage or newaliases;
//! 111 when the home or a program is unusable, or out of memory.
#![no_main]

use qmail::base::getopt::{progname, Getopt};
use qmail::base::strerr::write_err;
use qmail::conf::AUTO_QMAIL;
use qmail::sys::{self, proc};

qmail::qmain!(run);

fn fatal(code: i32, what: &[u8]) -> i32 {
    let mut m = b"sendmail: fatal: ".to_vec();
    m.extend_from_slice(what);
    m.push(b'\n');
    write_err(&m);
    code
}
fn nomem() -> i32 {
    fatal(111, b"out of memory")
}
fn die_usage() -> i32 {
    write_err(
        b"sendmail: usage: sendmail [ -t ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ arg ... ]\n",
    );
    100
}

/// -bs: qmail-smtpd as if for a local connection.
fn smtpd() -> i32 {
    if sys::env_get(b"PROTO").is_none() {
        let vars: [(&[u8], &[u8]); 8] = [
            (b"RELAYCLIENT", b""),
            (b"DATABYTES", b"0"),
            (b"PROTO", b"TCP"),
            (b"TCPLOCALIP", b"127.0.0.1"),
            (b"TCPLOCALHOST", b"localhost"),
            (b"TCPREMOTEIP", b"127.0.0.1"),
            (b"TCPREMOTEHOST", b"localhost"),
            (b"TCPREMOTEINFO", b"sendmail-bs"),
        ];
        for (name, value) in vars {
            if sys::env_put(name, value).is_err() {
                return nomem();
            }
        }
    }
    proc::exec(b"bin/qmail-smtpd", &[b"bin/qmail-smtpd"], false);
    fatal(111, b"unable to run qmail-smtpd")
}

/// -bp, mailq: the queue listing.
fn mailq() -> i32 {
    proc::exec(b"bin/qmail-qread", &[b"bin/qmail-qread"], false);
    fatal(111, b"unable to run qmail-qread")
}

/// -f: the sender's user and host for qmail-inject's From field.
fn do_sender(s: &[u8]) {
    for name in [
        &b"QMAILNAME"[..],
        b"MAILNAME",
        b"NAME",
        b"QMAILHOST",
        b"MAILHOST",
    ] {
        sys::env_unset(name);
    }
    match s.iter().rposition(|&c| c == b'@') {
        None => {
            let _ = sys::env_put(b"QMAILUSER", s);
        }
        Some(a) => {
            let _ = sys::env_put(b"QMAILHOST", &s[a + 1..]);
            let _ = sys::env_put(b"QMAILUSER", &s[..a]);
        }
    }
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    if sys::chdir(AUTO_QMAIL).is_err() {
        return fatal(111, b"unable to switch to qmail home directory");
    }
    let mut flagh = false;
    let mut sender: Option<&[u8]> = None;
    let mut g = Getopt::new();
    while let Some((opt, arg)) = g.next(&args, b"vimte:f:p:o:B:F:EJxb:") {
        let arg = arg.unwrap_or_default();
        match opt {
            b'B' | b'p' | b'v' | b'i' | b'x' | b'm' | b'e' | b'o' => {}
            b't' => flagh = true,
            b'f' => sender = Some(arg),
            b'F' => {
                if sys::env_put(b"MAILNAME", arg).is_err() {
                    return nomem();
                }
            }
            // An optional argument in the same word is skipped.
            b'E' | b'J' => g.pos = args.get(g.ind).map_or(0, |a| a.len()),
            b'b' => match arg.first() {
                Some(b'm') => {}
                Some(b'p') => return mailq(),
                Some(b's') => return smtpd(),
                _ => return die_usage(),
            },
            _ => return die_usage(),
        }
    }
    let rest = args.get(g.ind..).unwrap_or_default();
    let name = args.first().map_or(&b""[..], |a| progname(a));
    if name == b"mailq" {
        return mailq();
    }
    if name == b"newaliases" {
        return fatal(100, b"please use fastforward/newaliases instead");
    }

    let mut qiargv: Vec<&[u8]> = Vec::new();
    if qiargv.try_reserve(rest.len() + 10).is_err() {
        return nomem();
    }
    qiargv.push(b"bin/qmail-inject");
    qiargv.push(if flagh { b"-H" } else { b"-a" });
    if let Some(s) = sender {
        qiargv.push(b"-f");
        qiargv.push(s);
        do_sender(s);
    }
    qiargv.push(b"--");
    qiargv.extend(rest.iter().map(|a| a.as_slice()));
    proc::exec(b"bin/qmail-inject", &qiargv, false);
    fatal(111, b"unable to run qmail-inject")
}
