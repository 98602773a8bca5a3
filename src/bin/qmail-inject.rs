//! qmail-inject: preprocesses a message from stdin and queues it.
//!
//! argv: `qmail-inject [ -aAhHnN ] [ -fsender ] [ recipient ... ]`.
//! `-a` recipients from the arguments only, `-h` from the header only,
//! `-H` both, `-A` (default) the arguments if there are any, else the
//! header; `-n` prints the message with a Return-Path line instead of
//! queueing it, `-N` queues (default); `-f` sets the envelope sender.
//! Any other option: exit 100 after getopt's complaint.
//!
//! Environment: QMAILINJECT (flag letters c s f i r m), QMAILHOST/MAILHOST,
//! QMAILUSER/MAILUSER/USER/LOGNAME, QMAILNAME/MAILNAME/NAME, QMAILSHOST,
//! QMAILSUSER, QMAILDEFAULTDOMAIN, QMAILDEFAULTHOST, QMAILPLUSDOMAIN,
//! QMAILIDHOST, QMAILMFTFILE (a list of mailing lists, read relative to
//! the starting directory), QMAILQUEUE (the queue program). Control files
//! in the qmail home: me, defaultdomain, defaulthost, plusdomain, idhost.
//!
//! Output: the message on fd 1 with `-n`; otherwise the message goes to the
//! queue program's fd 0 and the envelope to its fd 1.
//!
//! Exit codes: 0 queued (or printed); 100 bad option, unparsable header
//! field or address, or a permanent queue failure; 111 out of memory, read
//! error, queue program not startable or a temporary queue failure. Each
//! failure but the bad option prints one `qmail-inject: fatal: ` message.
#![cfg_attr(not(test), no_main)]

use qmail::base::constmap::Constmap;
use qmail::base::control::Control;
use qmail::base::getopt::Getopt;
use qmail::base::quote::quote2;
use qmail::base::strerr::Die;
use qmail::base::substdio::{FlushThenRead, In, Out, INSIZE, OUTSIZE};
use qmail::conf::AUTO_QMAIL;
use qmail::inject::headerbody::{self, headerbody, Handler};
use qmail::inject::{hfield, newfield};
use qmail::inject::{prefixed, Fail, Flags, Rewriter, State};
use qmail::queue::qmail::{cstr, Qmail};
use qmail::sys::{self, proc, Errno};

qmail::entry!(run);

const PERM: i32 = 100;
const TEMP: i32 = 111;

/// The parts carry their own newline: a header field or line quoted back
/// ends as it was read.
fn fatal(code: i32, parts: &[&[u8]]) -> Die {
    let mut all: Vec<&[u8]> = vec![b"qmail-inject: fatal: "];
    all.extend_from_slice(parts);
    Die::raw(code, &all)
}
fn die_nomem() -> Die {
    fatal(TEMP, &[b"out of memory\n"])
}
fn die_qqt() -> Die {
    fatal(TEMP, &[b"unable to run qmail-queue\n"])
}
fn die_chdir() -> Die {
    fatal(TEMP, &[b"internal bug\n"])
}
fn die_read(e: Errno) -> Die {
    if e.0 == libc::ENOMEM {
        return die_nomem();
    }
    fatal(TEMP, &[b"read error\n"])
}
fn die(f: Fail) -> Die {
    match f {
        Fail::NoMem => die_nomem(),
        Fail::Invalid(h) => fatal(PERM, &[b"invalid header field: ", &h]),
        Fail::Parse(sa) => fatal(PERM, &[b"unable to parse this line:\n", &sa]),
        Fail::Address(s) => fatal(PERM, &[b"unable to parse address: ", &s, b"\n"]),
    }
}

/// Why the run stopped early: a parse or memory failure, or no queue.
enum Stop {
    Fail(Fail),
    Qqt,
}

impl From<Fail> for Stop {
    fn from(f: Fail) -> Stop {
        Stop::Fail(f)
    }
}

impl From<Errno> for Stop {
    fn from(_: Errno) -> Stop {
        Stop::Fail(Fail::NoMem)
    }
}

impl From<std::collections::TryReserveError> for Stop {
    fn from(_: std::collections::TryReserveError) -> Stop {
        Stop::Fail(Fail::NoMem)
    }
}

impl Stop {
    fn die(self) -> Die {
        match self {
            Stop::Fail(f) => die(f),
            Stop::Qqt => die_qqt(),
        }
    }
}

/// Who the message is from, by default (environment).
struct Who {
    mailhost: Option<Vec<u8>>,
    mailuser: Vec<u8>,
    mailrhost: Option<Vec<u8>>,
    mailruser: Vec<u8>,
}

fn env_first(names: &[&[u8]]) -> Option<Vec<u8>> {
    names.iter().find_map(|n| sys::env_get(n))
}

impl Who {
    fn from_env() -> Who {
        let mailhost = env_first(&[b"QMAILHOST", b"MAILHOST"]);
        let mailrhost = sys::env_get(b"QMAILSHOST").or_else(|| mailhost.clone());
        let mailuser = env_first(&[b"QMAILUSER", b"MAILUSER", b"USER", b"LOGNAME"])
            .unwrap_or_else(|| b"anonymous".to_vec());
        let mailruser = sys::env_get(b"QMAILSUSER").unwrap_or_else(|| mailuser.clone());
        Who {
            mailhost,
            mailuser,
            mailrhost,
            mailruser,
        }
    }
}

/// Recipient strategy: -a, -h, -H, and the default.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Recip {
    Default,
    Args,
    Header,
    Both,
}

struct Inject {
    st: State,
    who: Who,
    starttime: i64,
    idhost: Vec<u8>,
    mft: Option<Constmap>,
    /// stdin; its reads flush stdout, where `-n` writes.
    input: In<FlushThenRead>,
    flagqueue: bool,
    qq: Option<Qmail>,
    savedh: Vec<Vec<u8>>,
}

impl Inject {
    fn put(&mut self, s: &[u8]) {
        match self.qq.as_mut() {
            Some(qq) if self.flagqueue => qq.put(s),
            _ => {
                let _ = self.input.op().out.put(s);
            }
        }
    }

    /// finishheader: the Return-Path line (with -n), the queue, then the
    /// missing fields and the saved header.
    fn finish_header(&mut self) -> Result<(), Stop> {
        let resent = self.st.resent();
        if self.st.sender.is_none() {
            let pid = sys::getpid();
            let w = &self.who;
            self.st.default_return_path(
                &w.mailruser,
                w.mailrhost.as_deref(),
                self.starttime,
                pid,
            )?;
        }
        if !self.flagqueue {
            let sender = self.st.sender.clone().unwrap_or_default();
            let q = quote2(cstr(&sender))?;
            self.put(b"Return-Path: <");
            self.put(&q);
            self.put(b">\n");
        }
        if self.flagqueue {
            self.qq = Some(Qmail::open().map_err(|_| Stop::Qqt)?);
        }
        let prefix: &[u8] = if resent { b"Resent-" } else { b"" };
        let [date, msgid, from, to, cc] = if resent {
            [
                hfield::R_DATE,
                hfield::R_MESSAGEID,
                hfield::R_FROM,
                hfield::R_TO,
                hfield::R_CC,
            ]
        } else {
            [
                hfield::DATE,
                hfield::MESSAGEID,
                hfield::FROM,
                hfield::TO,
                hfield::CC,
            ]
        };
        if !self.st.seen[date] {
            let f = newfield::date(self.starttime)?;
            self.put(prefix);
            self.put(&f);
        }
        if !self.st.seen[msgid] {
            let f = newfield::msgid(&self.idhost, self.starttime, sys::getpid())?;
            self.put(prefix);
            self.put(&f);
        }
        if !self.st.seen[from] {
            let fullname = env_first(&[b"QMAILNAME", b"MAILNAME", b"NAME"]);
            let w = &self.who;
            let f =
                self.st
                    .default_from(fullname.as_deref(), &w.mailuser, w.mailhost.as_deref())?;
            self.put(prefix);
            self.put(&f);
        }
        if !self.st.seen[to] && !self.st.seen[cc] {
            self.put(prefix);
            self.put(b"Cc: recipient list not shown: ;\n");
        }
        if !resent {
            if let Some(map) = &self.mft {
                if let Some(f) = self.st.mail_followup_to(map)? {
                    self.put(&f);
                }
            }
        }
        for h in std::mem::take(&mut self.savedh) {
            self.put(&h);
        }
        Ok(())
    }
}

impl Handler for Inject {
    type Error = Stop;
    fn getln(&mut self, line: &mut Vec<u8>) -> Result<bool, Errno> {
        self.input.getln(line, b'\n')
    }
    fn field(&mut self, h: &mut Vec<u8>) -> Result<(), Stop> {
        if self.st.field(h)? {
            self.savedh.try_reserve(1)?;
            self.savedh.push(std::mem::take(h));
        }
        Ok(())
    }
    fn done(&mut self) -> Result<(), Stop> {
        self.finish_header()
    }
    fn body(&mut self, b: &[u8]) -> Result<(), Stop> {
        self.put(b);
        Ok(())
    }
}

/// getcontrols: the mailing lists, then (in the home) the control files
/// with their environment overrides.
fn getcontrols() -> Result<(Rewriter, Vec<u8>, Option<Constmap>), Die> {
    let mut mft = None;
    if let Some(file) = sys::env_get(b"QMAILMFTFILE") {
        match Control::new().readfile(&file, false) {
            Err(e) => return Err(die_read(e)),
            Ok(None) => {}
            Ok(Some(list)) => mft = Some(Constmap::new(&list, false).map_err(|_| die_nomem())?),
        }
    }
    sys::chdir(AUTO_QMAIL).map_err(|_| die_chdir())?;
    let mut c = Control::new();
    c.init().map_err(die_read)?;
    let get = |file: &[u8], def: &[u8], env: &[u8]| -> Result<Vec<u8>, Die> {
        let mut path = b"control/".to_vec();
        path.extend_from_slice(file);
        match c.rldef(&path, true, Some(def)) {
            Ok(Some(v)) => Ok(sys::env_get(env).unwrap_or(v)),
            Ok(None) => Ok(Vec::new()),
            Err(e) => Err(die_read(e)),
        }
    };
    let dd = get(b"defaultdomain", b"defaultdomain", b"QMAILDEFAULTDOMAIN")?;
    let dd = prefixed(b'.', &dd).map_err(die)?;
    let dh = get(b"defaulthost", b"defaulthost", b"QMAILDEFAULTHOST")?;
    let dh = prefixed(b'@', &dh).map_err(die)?;
    let pd = get(b"plusdomain", b"plusdomain", b"QMAILPLUSDOMAIN")?;
    let pd = prefixed(b'.', &pd).map_err(die)?;
    let rw = Rewriter::new(dd, dh, pd);
    let idhost = get(b"idhost", b"idhost", b"QMAILIDHOST")?;
    Ok((rw, idhost, mft))
}

fn run(args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let starttime = sys::now();
    let flags = Flags::parse(&sys::env_get(b"QMAILINJECT").unwrap_or_default());
    let who = Who::from_env();

    let (rw, idhost, mft) = getcontrols()?;
    let mut st = State::new(rw, flags);
    let mut recip = Recip::Default;
    let mut flagqueue = true;
    let mut g = Getopt::new();
    while let Some((opt, arg)) = g.next(&args, b"aAhHnNf:") {
        match opt {
            b'a' => recip = Recip::Args,
            b'A' => recip = Recip::Default,
            b'h' => recip = Recip::Header,
            b'H' => recip = Recip::Both,
            b'n' => flagqueue = false,
            b'N' => flagqueue = true,
            b'f' => st.set_sender(arg.unwrap_or_default()).map_err(die)?,
            // getopt has said what was wrong.
            _ => return Err(Die::quiet(PERM)),
        }
    }
    let argv = args.get(g.ind..).unwrap_or_default();
    if recip == Recip::Default {
        recip = if argv.is_empty() {
            Recip::Header
        } else {
            Recip::Args
        };
    }
    if recip != Recip::Header {
        for a in argv {
            st.recip(a).map_err(die)?;
        }
    }
    let flagrh = recip != Recip::Args;

    let mut inj = Inject {
        st,
        who,
        starttime,
        idhost,
        mft,
        input: In::new(
            FlushThenRead {
                out: Out::fd(1, OUTSIZE),
                fd: 0,
            },
            INSIZE,
        ),
        flagqueue,
        qq: None,
        savedh: Vec::new(),
    };
    headerbody(&mut inj).map_err(|e| match e {
        headerbody::Error::Read(e) => die_read(e),
        headerbody::Error::Handler(s) => s.die(),
    })?;
    exitnicely(inj, flagrh)
}

/// Flushes the printed message, or ends the queued one with its envelope
/// and reports the queue's verdict.
fn exitnicely(mut inj: Inject, flagrh: bool) -> Result<i32, Die> {
    if !inj.flagqueue {
        let _ = inj.input.op().out.flush();
        return Ok(0);
    }
    let Some(mut qq) = inj.qq.take() else {
        return Ok(0);
    };
    let st = &inj.st;
    qq.from(st.sender.as_deref().unwrap_or_default());
    for r in &st.reciplist {
        qq.to(r);
    }
    if flagrh {
        let list = if st.resent() { &st.hrrlist } else { &st.hrlist };
        for r in list {
            qq.to(r);
        }
    }
    match qq.close() {
        Ok(()) => Ok(0),
        Err(r) => Err(fatal(
            if r.permanent() { PERM } else { TEMP },
            &[r.text(), b"\n"],
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_header_field_ends_as_it_was_read() {
        let d = die(Fail::Invalid(b"To: <\n".to_vec()));
        assert_eq!(d.code, PERM);
        assert_eq!(d.msg, b"qmail-inject: fatal: invalid header field: To: <\n");
        let d = die(Fail::Parse(b"no newline".to_vec()));
        assert_eq!(
            d.msg,
            b"qmail-inject: fatal: unable to parse this line:\nno newline"
        );
    }

    #[test]
    fn an_address_from_argv_gets_a_newline() {
        let d = die(Fail::Address(b"a@@b".to_vec()));
        assert_eq!(d.code, PERM);
        assert_eq!(
            d.msg,
            b"qmail-inject: fatal: unable to parse address: a@@b\n"
        );
    }

    #[test]
    fn a_read_error_of_enomem_is_out_of_memory() {
        assert_eq!(
            die_read(Errno(libc::ENOMEM)).msg,
            b"qmail-inject: fatal: out of memory\n"
        );
        let d = die_read(Errno(libc::EIO));
        assert_eq!(
            (d.code, &d.msg[..]),
            (TEMP, &b"qmail-inject: fatal: read error\n"[..])
        );
    }

    #[test]
    fn a_queue_that_cannot_start_is_temporary() {
        let d = Stop::Qqt.die();
        assert_eq!(d.code, TEMP);
        assert_eq!(d.msg, b"qmail-inject: fatal: unable to run qmail-queue\n");
    }
}
