//! qsmhook: runs a sendmail-style mailer from a .qmail file, the message
//! on its standard input with some of qmail-local's lines in front.
//!
//! Environment (all required, else "incorrect usage"): DTLINE, RPLINE,
//! UFLINE, LOCAL, HOST, SENDER. Options: -n leaves out the UFLINE, -P adds
//! the RPLINE, -l adds the DTLINE (in that order: UFLINE, RPLINE, DTLINE);
//! -x PREFIX strips PREFIX (any case) from the start of LOCAL; -D -F -M -m -s
//! are accepted and do nothing. In the command's arguments, `%g` becomes
//! the sender, `%h` the host, `%u` the (stripped) local part, `%%` a `%`;
//! `%` before anything else vanishes with that character.
//!
//! Exit codes: the command's; 100 for usage errors, an unknown option (after
//! getopt's message) or a command that cannot be run for good; 111 for
//! temporary trouble (pipe, fork, a crash of the command, a read error).
#![cfg_attr(not(test), no_main)]

use qmail::base::case;
use qmail::base::getopt::Getopt;
use qmail::base::strerr::Die;
use qmail::base::substdio::{self, In, Out};
use qmail::sys::{self, proc};

qmail::entry!(run);

fn die_usage() -> Die {
    Die::x(100, &[b"qsmhook: fatal: incorrect usage"])
}

fn die_temp() -> Die {
    Die::x(111, &[b"qsmhook: fatal: temporary problem"])
}

/// One argument with its `%` escapes replaced.
fn substitute(arg: &[u8], sender: &[u8], host: &[u8], recip: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(arg.len());
    let mut esc = false;
    for &c in arg {
        if esc {
            match c {
                b'%' => out.push(b'%'),
                b'g' => out.extend_from_slice(sender),
                b'h' => out.extend_from_slice(host),
                b'u' => out.extend_from_slice(recip),
                _ => {}
            }
            esc = false;
        } else if c == b'%' {
            esc = true;
        } else {
            out.push(c);
        }
    }
    out
}

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let mut env = Vec::new();
    for name in [
        &b"DTLINE"[..],
        b"RPLINE",
        b"UFLINE",
        b"LOCAL",
        b"HOST",
        b"SENDER",
    ] {
        env.push(sys::env_get(name).ok_or_else(die_usage)?);
    }
    let [dtline, rpline, ufline, local, host, sender] = &env[..] else {
        return Err(die_usage());
    };
    let mut recip: &[u8] = local;
    let (mut flagufline, mut flagrpline, mut flagdtline) = (true, false, false);
    let mut g = Getopt::new();
    while let Some((opt, val)) = g.next(&args, b"DFlMmnPsx:") {
        match opt {
            b'D' | b'F' | b'M' | b'm' | b's' => {}
            b'l' => flagdtline = true,
            b'n' => flagufline = false,
            b'P' => flagrpline = true,
            b'x' => {
                let prefix = val.unwrap_or(&[]);
                if case::starts(recip, prefix) {
                    recip = &recip[prefix.len()..];
                }
            }
            _ => return Err(Die::quiet(100)),
        }
    }
    let cmd: Vec<Vec<u8>> = args
        .get(g.ind..)
        .unwrap_or(&[])
        .iter()
        .map(|a| substitute(a, sender, host, recip))
        .collect();
    if cmd.is_empty() {
        return Err(die_usage());
    }

    let (pin, pout) = sys::pipe_owned().map_err(|_| die_temp())?;
    let pid = match proc::fork() {
        Err(_) => return Err(die_temp()),
        // The child runs the command or says why not.
        Ok(proc::Fork::Child) => {
            drop(pout);
            if sys::fd_move(0, pin.into_raw()).is_err() {
                die_temp().exit();
            }
            let _ = proc::sig_default(libc::SIGPIPE);
            let argv: Vec<&[u8]> = cmd.iter().map(|a| &a[..]).collect();
            let e = proc::exec(argv[0], &argv, true);
            if e.is_temp() {
                die_temp().exit();
            }
            Die::x(100, &[b"qsmhook: fatal: command not found"]).exit()
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    drop(pin);
    let mut out = Out::new(pout, substdio::OUTSIZE);
    let mut inp = In::fd(0, substdio::INSIZE);
    for (on, line) in [
        (flagufline, ufline),
        (flagrpline, rpline),
        (flagdtline, dtline),
    ] {
        if on {
            let _ = out.bput(line);
        }
    }
    if let Err(substdio::CopyError::Read(_)) = substdio::copy(&mut out, &mut inp) {
        return Err(Die::x(111, &[b"qsmhook: fatal: unable to read message"]));
    }
    let _ = out.flush();
    // closes the pipe: the command sees the end of its input
    drop(out);
    let (_, w) = proc::wait_pid(pid).map_err(|_| die_temp())?;
    if w.crashed() != 0 {
        return Err(die_temp());
    }
    Ok(w.exitcode())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_take_sender_host_and_local_part() {
        let s = |a: &[u8]| substitute(a, b"s@x", b"h.example", b"joe");
        assert_eq!(s(b"-f%g"), b"-fs@x");
        assert_eq!(s(b"%u@%h"), b"joe@h.example");
        assert_eq!(s(b"100%%"), b"100%");
        // an unknown escape and a trailing % vanish
        assert_eq!(s(b"a%zb%"), b"ab");
    }
}
