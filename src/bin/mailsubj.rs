//! mailsubj: mails its standard input with a given subject (stock ships
//! this as a shell script; this program does what the script does).
//!
//! `mailsubj subject recipient ...`: feeds the qmail home's
//! bin/qmail-inject a `Subject:` line, a `To:` line with the recipients
//! separated by spaces (both written by the shell's echo, backslash escapes
//! included), an empty line, then fd 0.
//!
//! Exit codes: qmail-inject's (128 + signal if it was killed, reported
//! on fd 2 like the shell does, e.g. `Killed`); 2 without a
//! subject (`shift: can't shift that many`); 127 when qmail-inject does not
//! exist, 126 when it cannot be run, with the shell's messages.
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::write_err;
use qmail::base::substdio::{self, In, Out, INSIZE, OUTSIZE};
use qmail::conf::AUTO_QMAIL;
use qmail::local::script::{self, dash_echo, dash_error};
use qmail::sys::{self, proc};

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    let name = script::script_name(args.first().map_or(&b"mailsubj"[..], |a| a));
    let Some(subject) = args.get(1) else {
        write_err(&dash_error(&name, 4, &[b"shift: can't shift that many"]));
        return 2;
    };
    let mut to: Vec<&[u8]> = vec![b"To:"];
    to.extend(args.iter().skip(2).map(|a| a.as_slice()));
    let mut head = dash_echo(&[b"Subject:", subject]);
    head.extend_from_slice(&dash_echo(&to));
    head.extend_from_slice(&dash_echo(&[b""]));

    let inject = [AUTO_QMAIL, b"/bin/qmail-inject"].concat();
    let Ok((rd, wr)) = sys::pipe_owned() else {
        write_err(&dash_error(&name, 9, &[b"Pipe call failed"]));
        return 2;
    };
    let pid = match proc::fork() {
        Err(_) => {
            write_err(&dash_error(&name, 9, &[b"Cannot fork"]));
            return 2;
        }
        Ok(proc::Fork::Child) => {
            drop(wr);
            if sys::fd_move(0, rd.into_raw()).is_err() {
                sys::exit(2);
            }
            let e = script::dash_exec(&inject, &[&inject]);
            let (code, why) = script::exec_failure(e);
            write_err(&dash_error(&name, 9, &[&inject, b": ", &why]));
            sys::exit(code)
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    drop(rd);
    // the script's writer is a subshell that dies quietly of SIGPIPE
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let mut out = Out::new(wr, OUTSIZE);
    if out.put(&head).is_ok() && out.flush().is_ok() {
        let mut input = In::fd(0, INSIZE);
        let _ = substdio::copy(&mut out, &mut input);
        let _ = out.flush();
    }
    // closes the pipe: qmail-inject sees the end of the message
    drop(out);
    match proc::wait_pid(pid) {
        // the shell reports a pipeline killed by a signal
        Ok((_, w)) if w.crashed() != 0 => script::signal_status(w),
        Ok((_, w)) => w.exitcode(),
        Err(_) => 2,
    }
}
