//! qreceipt: answers a request for a delivery notice. Meant for a .qmail
//! file: `qreceipt deliveryaddress`, with the message on fd 0 and SENDER
//! set (by qmail-local).
//!
//! When a Notice-Requested-Upon-Delivery-To field of the header names
//! exactly `deliveryaddress`, and the sender is neither empty nor `#@[]`, a
//! short "success notice" goes to the sender through qmail-queue (with an
//! empty envelope sender), quoting the message's Message-ID field if it
//! had one.
//!
//! Exit codes: 0 when a notice was queued or none was asked for; 100 for
//! usage (no argument, no SENDER), a field that does not parse, or a
//! permanent refusal of the queue; 111 for temporary trouble (memory, read
//! error, fork, temporary refusal of the queue).
#![cfg_attr(not(test), no_main)]

use qmail::base::quote::quote2;
use qmail::base::strerr::Die;
use qmail::base::substdio::{self, In};
use qmail::inject::headerbody::{self, headerbody, Handler};
use qmail::inject::hfield;
use qmail::inject::token822::{self, Token};
use qmail::queue::qmail::Qmail;
use qmail::sys::{self, proc, Errno};

qmail::entry!(run);

fn die_nomem() -> Die {
    Die::x(111, &[b"qreceipt: fatal: out of memory"])
}

/// Why reading the message stopped early.
enum Stop {
    /// Nothing more to do: no notice asked for, or it is queued.
    Done,
    Die(Die),
}

impl From<Errno> for Stop {
    fn from(_: Errno) -> Stop {
        Stop::Die(die_nomem())
    }
}

struct Receipt {
    input: In,
    target: Vec<u8>,
    returnpath: Vec<u8>,
    flagreceipt: bool,
    messageid: Option<Vec<u8>>,
}

impl Receipt {
    /// Whether one address (its tokens in reverse order, as the address
    /// walk gives them) is the delivery address.
    fn notice(&mut self, addr: &[Token]) -> Result<(), Errno> {
        if token822::unquote_rev(addr)? == self.target {
            self.flagreceipt = true;
        }
        Ok(())
    }

    fn unparsable(h: &[u8]) -> Stop {
        // the field goes out as it is, with its own newline
        Stop::Die(Die::raw(
            100,
            &[b"qreceipt: fatal: unable to parse this: ", h],
        ))
    }
}

impl Handler for Receipt {
    type Error = Stop;
    fn getln(&mut self, line: &mut Vec<u8>) -> Result<bool, Errno> {
        self.input.getln(line, b'\n')
    }
    fn field(&mut self, h: &mut Vec<u8>) -> Result<(), Stop> {
        match hfield::known(h) {
            hfield::MESSAGEID => {
                let mut m = Vec::new();
                m.try_reserve(h.len()).map_err(|_| Errno(libc::ENOMEM))?;
                m.extend_from_slice(h);
                self.messageid = Some(m);
            }
            hfield::NOTICEREQUESTEDUPONDELIVERYTO => {
                let Some(mut t) = token822::parse(h)? else {
                    return Err(Self::unparsable(h));
                };
                let walked = token822::addrlist(&mut t, &mut |a: &mut Vec<Token>| self.notice(a))?;
                if walked.is_none() {
                    return Err(Self::unparsable(h));
                }
            }
            _ => {}
        }
        Ok(())
    }
    fn done(&mut self) -> Result<(), Stop> {
        if !self.flagreceipt || self.returnpath.is_empty() || self.returnpath == b"#@[]" {
            return Err(Stop::Done);
        }
        let quoted = quote2(&self.returnpath)?;
        let mut qq = Qmail::open()
            .map_err(|_| Stop::Die(Die::x(111, &[b"qreceipt: fatal: unable to fork"])))?;
        qq.put(b"From: DELIVERY NOTICE SYSTEM <");
        qq.put(&quoted);
        qq.put(b">\nTo: <");
        qq.put(&quoted);
        qq.put(b">\nSubject: success notice\n\n");
        qq.put(b"Hi! This is the qreceipt program. Your message was delivered to the\n");
        qq.put(b"following address: ");
        qq.put(&self.target);
        qq.put(b". Thanks for asking.\n");
        if let Some(m) = &self.messageid {
            qq.put(b"Your ");
            qq.put(m);
        }
        qq.from(b"");
        qq.to(&self.returnpath);
        match qq.close() {
            Ok(()) => Ok(()),
            Err(r) if r.permanent() => Err(Stop::Die(Die::x(
                100,
                &[b"qreceipt: fatal: permanent qmail-queue error"],
            ))),
            Err(_) => Err(Stop::Die(Die::x(
                111,
                &[b"qreceipt: fatal: temporary qmail-queue error"],
            ))),
        }
    }
    fn body(&mut self, _: &[u8]) -> Result<(), Stop> {
        Ok(())
    }
}

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let usage = || Die::x(100, &[b"qreceipt: usage: qreceipt deliveryaddress"]);
    let target = args.get(1).ok_or_else(usage)?.clone();
    let returnpath = sys::env_get(b"SENDER").ok_or_else(usage)?;
    let mut r = Receipt {
        input: In::fd(0, substdio::INSIZE),
        target,
        returnpath,
        flagreceipt: false,
        messageid: None,
    };
    match headerbody(&mut r) {
        Ok(()) | Err(headerbody::Error::Handler(Stop::Done)) => Ok(0),
        Err(headerbody::Error::Handler(Stop::Die(d))) => Err(d),
        Err(headerbody::Error::Read(e)) if e.0 == libc::ENOMEM => Err(die_nomem()),
        Err(headerbody::Error::Read(_)) => Err(Die::x(111, &[b"qreceipt: fatal: read error"])),
    }
}
