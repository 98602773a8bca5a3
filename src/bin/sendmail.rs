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
#![cfg_attr(not(test), no_main)]

use qmail::base::getopt::{progname, Getopt};
use qmail::base::strerr::Die;
use qmail::conf::AUTO_QMAIL;
use qmail::sys::{self, proc};

qmail::entry!(run);

const FATAL: &[u8] = b"sendmail: fatal: ";

fn nomem() -> Die {
    Die::x(111, &[FATAL, b"out of memory"])
}
fn die_usage() -> Die {
    Die::x(
        100,
        &[b"sendmail: usage: sendmail [ -t ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ arg ... ]"],
    )
}

/// -bs: qmail-smtpd as if for a local connection. Returns only when it
/// could not run.
fn smtpd() -> Die {
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
    Die::x(111, &[FATAL, b"unable to run qmail-smtpd"])
}

/// -bp, mailq: the queue listing. Returns only when it could not run.
fn mailq() -> Die {
    proc::exec(b"bin/qmail-qread", &[b"bin/qmail-qread"], false);
    Die::x(111, &[FATAL, b"unable to run qmail-qread"])
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

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    sys::chdir(AUTO_QMAIL)
        .map_err(|_| Die::x(111, &[FATAL, b"unable to switch to qmail home directory"]))?;
    let mut flagh = false;
    let mut sender: Option<&[u8]> = None;
    let mut g = Getopt::new();
    while let Some((opt, arg)) = g.next(&args, b"vimte:f:p:o:B:F:EJxb:") {
        let arg = arg.unwrap_or_default();
        match opt {
            b'B' | b'p' | b'v' | b'i' | b'x' | b'm' | b'e' | b'o' => {}
            b't' => flagh = true,
            b'f' => sender = Some(arg),
            b'F' => sys::env_put(b"MAILNAME", arg).map_err(|_| nomem())?,
            // An optional argument in the same word is skipped.
            b'E' | b'J' => g.pos = args.get(g.ind).map_or(0, |a| a.len()),
            b'b' => match arg.first() {
                Some(b'm') => {}
                Some(b'p') => return Err(mailq()),
                Some(b's') => return Err(smtpd()),
                _ => return Err(die_usage()),
            },
            _ => return Err(die_usage()),
        }
    }
    let rest = args.get(g.ind..).unwrap_or_default();
    let name = args.first().map_or(&b""[..], |a| progname(a));
    if name == b"mailq" {
        return Err(mailq());
    }
    if name == b"newaliases" {
        return Err(Die::x(
            100,
            &[FATAL, b"please use fastforward/newaliases instead"],
        ));
    }

    let mut qiargv: Vec<&[u8]> = Vec::new();
    qiargv.try_reserve(rest.len() + 10).map_err(|_| nomem())?;
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
    Err(Die::x(111, &[FATAL, b"unable to run qmail-inject"]))
}
