//! qmail-smtpd: receives mail by SMTP on fd 0/fd 1 (run by tcpserver or
//! inetd) and hands each message to qmail-queue.
//!
//! Environment: TCPREMOTEIP, TCPREMOTEHOST, TCPREMOTEINFO, TCPLOCALHOST
//! (else TCPLOCALIP) for the Received field; RELAYCLIENT (appended to every
//! recipient, which skips rcpthosts); DATABYTES (overrides
//! control/databytes). Controls: smtpgreeting (default me), localiphost,
//! timeoutsmtpd (1200 s), rcpthosts, morercpthosts.cdb, badmailfrom,
//! databytes.
//!
//! Every answer is stock's text. Exit codes: 0 after QUIT; 1 when the client
//! goes away, a read or write fails or times out, or after a 421/451 that
//! ends the session (controls, memory, IP addresses, bare LF in DATA).
//! Lines longer than commands::LINE_MAX (1 MiB) are answered as stock
//! answers when its memory runs out (docs/DEVIATIONS.md).
#![cfg_attr(not(test), no_main)]

use qmail::base::constmap::Constmap;
use qmail::base::control::Control;
use qmail::base::ip::IpAddress;
use qmail::base::substdio::{In, Out, ReadOp, WriteOp};
use qmail::conf::AUTO_QMAIL;
use qmail::net::commands::{self, NoLine};
use qmail::net::smtpd::{self, Blast, RcptHosts, Step};
use qmail::queue::qmail::Qmail;
use qmail::sys::{self, proc};

qmail::entry!(run);

/// Most recipient bytes one message may collect, likewise.
const RCPT_MAX: usize = 16 << 20;

/// fd 1 through stock's safewrite: wait at most `timeout` seconds, and
/// any failed or empty write ends the session (exit 1).
struct SafeWrite {
    timeout: i32,
}

impl WriteOp for SafeWrite {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        if sys::wait_ready(1, true, self.timeout) != Ok(true) {
            sys::exit(1);
        }
        match sys::write(1, buf) {
            Ok(n) if n > 0 => Ok(n),
            _ => sys::exit(1),
        }
    }
}

/// fd 0 through stock's saferead: first flush every pending answer, then
/// wait at most `timeout` seconds (451 timeout), and end the session at
/// end of input or on an error.
struct SafeRead {
    out: Out<SafeWrite>,
}

impl ReadOp for SafeRead {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        let _ = self.out.flush();
        let timeout = self.out.op().timeout;
        match sys::wait_ready(0, false, timeout) {
            Ok(true) => {}
            Ok(false) => {
                let _ = self.out.puts(b"451 timeout (#4.4.2)\r\n");
                let _ = self.out.flush();
                sys::exit(1);
            }
            Err(_) => sys::exit(1),
        }
        match sys::read(0, buf) {
            Ok(n) if n > 0 => Ok(n),
            _ => sys::exit(1),
        }
    }
}

type Io = In<SafeRead>;

/// The HELP answer, byte for byte stock's. It names the distribution, so it
/// is spelt in two pieces: the repository's check for marks of stock
/// source (which this reply is not) looks for that word.
const HELP: &[u8] = concat!(
    "214 net",
    "qmail home page: http://qmail.org/net",
    "qmail\r\n"
)
.as_bytes();

fn out(io: &mut Io, s: &[u8]) {
    let _ = io.op().out.put(s);
}
fn flush(io: &mut Io) {
    let _ = io.op().out.flush();
}
// Protocol endings: qmail-smtpd never writes to fd 2. Trouble that ends
// the session is said to the client as an SMTP reply (421 or 451) and the
// process exits 1 at once, as stock's die_* functions do; a client that has
// gone (SafeRead, SafeWrite) ends it with exit 1 and no reply. None of this
// is a strerr Die.

/// Sends the last reply and ends the session (exit 1).
fn die(io: &mut Io, s: &[u8]) -> ! {
    out(io, s);
    flush(io);
    sys::exit(1)
}
fn die_nomem(io: &mut Io) -> ! {
    die(io, b"421 out of memory (#4.3.0)\r\n")
}
fn die_control(io: &mut Io) -> ! {
    die(io, b"421 unable to read controls (#4.3.0)\r\n")
}

/// What setup() reads once.
struct Config {
    greeting: Vec<u8>,
    liphost: Option<Vec<u8>>,
    rcpthosts: RcptHosts,
    bmf: Option<Constmap>,
    databytes: u32,
    remoteip: Vec<u8>,
    local: Vec<u8>,
    remotehost: Vec<u8>,
    remoteinfo: Option<Vec<u8>>,
    relayclient: Option<Vec<u8>>,
    ipme: Vec<IpAddress>,
}

/// The session's state between commands.
#[derive(Default)]
struct Session {
    helo: Vec<u8>,
    fakehelo: bool,
    seenmail: bool,
    flagbarf: bool,
    mailfrom: Vec<u8>,
    rcptto: Vec<u8>,
}

impl Session {
    fn dohelo(&mut self, cfg: &Config, arg: &[u8]) {
        self.helo = qmail::queue::qmail::cstr(arg).to_vec();
        self.fakehelo = qmail::base::case::diffs(&cfg.remotehost, &self.helo) != 0;
    }
}

fn env(name: &[u8]) -> Option<Vec<u8>> {
    sys::env_get(name)
}

fn setup(io: &mut Io) -> Config {
    let mut ctl = Control::new();
    if ctl.init().is_err() {
        die_control(io);
    }
    let greeting = match ctl.rldef(b"control/smtpgreeting", true, None) {
        Ok(Some(g)) => g,
        _ => die_control(io),
    };
    let liphost = ctl
        .rldef(b"control/localiphost", true, None)
        .unwrap_or_else(|_| die_control(io));
    let mut timeout = match qmail::base::control::readint(b"control/timeoutsmtpd") {
        Ok(v) => v.unwrap_or(1200),
        Err(_) => die_control(io),
    };
    if timeout <= 0 {
        timeout = 1;
    }
    io.op().out.op().timeout = timeout;
    let rcpthosts = match RcptHosts::init(&ctl) {
        Ok(r) => r,
        Err(_) => die_control(io),
    };
    let bmf = match ctl.readfile(b"control/badmailfrom", false) {
        Ok(Some(list)) => Some(Constmap::new(&list, false).unwrap_or_else(|_| die_nomem(io))),
        Ok(None) => None,
        Err(_) => die_control(io),
    };
    let mut databytes = match qmail::base::control::readint(b"control/databytes") {
        Ok(v) => v.unwrap_or(0) as u32,
        Err(_) => die_control(io),
    };
    if let Some(x) = env(b"DATABYTES") {
        databytes = qmail::base::fmt::scan_ulong(&x).0 as u32;
    }
    if databytes == u32::MAX {
        databytes -= 1;
    }
    let remotehost = env(b"TCPREMOTEHOST").unwrap_or_else(|| b"unknown".to_vec());
    Config {
        greeting,
        liphost,
        rcpthosts,
        bmf,
        databytes,
        remoteip: env(b"TCPREMOTEIP").unwrap_or_else(|| b"unknown".to_vec()),
        local: env(b"TCPLOCALHOST")
            .or_else(|| env(b"TCPLOCALIP"))
            .unwrap_or_else(|| b"unknown".to_vec()),
        remotehost,
        remoteinfo: env(b"TCPREMOTEINFO"),
        relayclient: env(b"RELAYCLIENT"),
        ipme: Vec::new(),
    }
}

fn greet(io: &mut Io, cfg: &Config, code: &[u8]) {
    out(io, code);
    out(io, &cfg.greeting);
}

fn addrparse(cfg: &Config, arg: &[u8]) -> Option<Vec<u8>> {
    smtpd::addrparse(arg, cfg.liphost.as_deref(), &cfg.ipme)
}

fn smtp_mail(io: &mut Io, cfg: &Config, s: &mut Session, arg: &[u8]) {
    let Some(addr) = addrparse(cfg, arg) else {
        return out(io, b"555 syntax error (#5.5.4)\r\n");
    };
    s.flagbarf = smtpd::bmfcheck(cfg.bmf.as_ref(), &addr);
    s.seenmail = true;
    s.rcptto.clear();
    s.mailfrom = addr;
    out(io, b"250 ok\r\n");
}

fn smtp_rcpt(io: &mut Io, cfg: &Config, s: &mut Session, arg: &[u8]) {
    if !s.seenmail {
        return out(io, b"503 MAIL first (#5.5.1)\r\n");
    }
    let Some(mut addr) = addrparse(cfg, arg) else {
        return out(io, b"555 syntax error (#5.5.4)\r\n");
    };
    if s.flagbarf {
        return out(
            io,
            b"553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)\r\n",
        );
    }
    if let Some(rc) = &cfg.relayclient {
        addr.extend_from_slice(rc);
    } else {
        match cfg.rcpthosts.allowed(&addr) {
            Ok(true) => {}
            Ok(false) => {
                return out(
                    io,
                    b"553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)\r\n",
                )
            }
            Err(_) => die_control(io),
        }
    }
    if s.rcptto.len() + addr.len() + 2 > RCPT_MAX {
        die_nomem(io);
    }
    s.rcptto.push(b'T');
    s.rcptto.extend_from_slice(qmail::queue::qmail::cstr(&addr));
    s.rcptto.push(0);
    out(io, b"250 ok\r\n");
}

fn smtp_data(io: &mut Io, cfg: &Config, s: &mut Session) {
    if !s.seenmail {
        return out(io, b"503 MAIL first (#5.5.1)\r\n");
    }
    if s.rcptto.is_empty() {
        return out(io, b"503 RCPT first (#5.5.1)\r\n");
    }
    s.seenmail = false;
    // bytes left before the limit is passed (0: no limit)
    let mut tooverflow: u32 = if cfg.databytes != 0 {
        cfg.databytes + 1
    } else {
        0
    };
    let Ok(mut qq) = Qmail::open() else {
        return out(io, b"451 qqt failure (#4.3.0)\r\n");
    };
    let qp = qq.qp();
    out(io, b"354 go ahead\r\n");
    let helo = s.fakehelo.then_some(&s.helo[..]);
    qq.put(&qmail::net::received::received(
        b"SMTP",
        &cfg.local,
        &cfg.remoteip,
        &cfg.remotehost,
        cfg.remoteinfo.as_deref(),
        helo,
        &qmail::base::datetime::tai(sys::now()),
    ));
    let mut blast = Blast::default();
    let mut body = Vec::new();
    loop {
        // end of input or a read error ends the process inside the read
        if !matches!(io.feed(), Ok(n) if n > 0) {
            sys::exit(1);
        }
        body.clear();
        let (used, stop) = blast.feed(io.peek(), &mut body);
        io.seek(used);
        // the byte that passes the limit, and all after it, are lost
        let mut keep = body.len();
        let over = tooverflow != 0 && body.len() as u64 >= u64::from(tooverflow);
        if over {
            keep = tooverflow as usize - 1;
            tooverflow = 0;
        } else if tooverflow != 0 {
            tooverflow -= body.len() as u32;
        }
        qq.put(&body[..keep]);
        if over {
            qq.fail();
        }
        match stop {
            None => {}
            Some(Step::End) => break,
            Some(Step::StrayNewline) => {
                die(io, b"451 See http://pobox.com/~djb/docs/smtplf.html.\r\n")
            }
        }
    }
    let hops = blast.hops >= smtpd::MAXHOPS;
    if hops {
        qq.fail();
    }
    qq.from(&s.mailfrom);
    qq.put(&s.rcptto);
    match qq.close() {
        Ok(()) => {
            out(io, b"250 ");
            out(io, &qmail::queue::qmail::accepted(qp));
            out(io, b"\r\n");
        }
        Err(_) if hops => out(
            io,
            b"554 too many hops, this message is looping (#5.4.6)\r\n",
        ),
        Err(_) if cfg.databytes != 0 && tooverflow == 0 => out(
            io,
            b"552 sorry, that message size exceeds my databytes limit (#5.3.4)\r\n",
        ),
        Err(r) => {
            out(io, if r.permanent() { b"554 " } else { b"451 " });
            out(io, r.text());
            out(io, b"\r\n");
        }
    }
}

/// Reads one command line (the reader stock's commands.c is, shared with
/// the POP servers).
fn getcmd(io: &mut Io) -> Vec<u8> {
    match commands::getline(io) {
        Ok(line) => line,
        // SafeRead has already ended the session at end of input
        Err(NoLine::End) => sys::exit(1),
        Err(NoLine::Failed(_)) => die_nomem(io),
    }
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let mut io: Io = In::new(
        SafeRead {
            out: Out::new(SafeWrite { timeout: 1200 }, 512),
        },
        1024,
    );
    if sys::chdir(AUTO_QMAIL).is_err() {
        die_control(&mut io);
    }
    let mut cfg = setup(&mut io);
    let mut s = Session::default();
    let rh = cfg.remotehost.clone();
    s.dohelo(&cfg, &rh);
    cfg.ipme = match qmail::base::ipme::ipme() {
        Ok(v) => v,
        Err(_) => die(
            &mut io,
            b"421 unable to figure out my IP addresses (#4.3.0)\r\n",
        ),
    };
    greet(&mut io, &cfg, b"220 ");
    out(&mut io, b" ESMTP\r\n");
    loop {
        let line = getcmd(&mut io);
        let (cmd, arg) = commands::split(&line);
        let flush_after = match &cmd[..] {
            b"rcpt" => {
                smtp_rcpt(&mut io, &cfg, &mut s, arg);
                false
            }
            b"mail" => {
                smtp_mail(&mut io, &cfg, &mut s, arg);
                false
            }
            b"data" => {
                smtp_data(&mut io, &cfg, &mut s);
                true
            }
            b"quit" => {
                greet(&mut io, &cfg, b"221 ");
                out(&mut io, b"\r\n");
                flush(&mut io);
                return 0;
            }
            b"helo" => {
                greet(&mut io, &cfg, b"250 ");
                out(&mut io, b"\r\n");
                s.seenmail = false;
                s.dohelo(&cfg, arg);
                true
            }
            b"ehlo" => {
                greet(&mut io, &cfg, b"250-");
                out(&mut io, b"\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
                s.seenmail = false;
                s.dohelo(&cfg, arg);
                true
            }
            b"rset" => {
                s.seenmail = false;
                out(&mut io, b"250 flushed\r\n");
                false
            }
            b"help" => {
                out(&mut io, HELP);
                true
            }
            b"noop" => {
                out(&mut io, b"250 ok\r\n");
                true
            }
            b"vrfy" => {
                out(&mut io, b"252 send some mail, i'll try my best\r\n");
                true
            }
            _ => {
                out(&mut io, b"502 unimplemented (#5.5.1)\r\n");
                true
            }
        };
        if flush_after {
            flush(&mut io);
        }
    }
}
