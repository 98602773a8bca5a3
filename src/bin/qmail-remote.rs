//! qmail-remote: sends one message by SMTP to the mail exchanger of one
//! domain (run by qmail-rspawn, one process per delivery).
//!
//! argv: `qmail-remote host sender recip...`; the message on fd 0. The
//! report on fd 1: one `r` (accepted), `h` (refused for good) or `s`
//! (refused for now) entry per recipient, each ending in a NUL, then one
//! `K` (delivered), `Z` (try again later) or `D` (give up) text ending in a
//! NUL. The exit code is always 0: everything worth saying is in the report.
//!
//! Control files (in the qmail home): me, helohost (the HELO name, default
//! me), smtproutes (relays by domain), timeoutconnect (60 s),
//! timeoutremote (1200 s), fixbarecr (Rust only, off by default: see
//! docs/DEVIATIONS.md).
#![cfg_attr(not(test), no_main)]

use qmail::base::constmap::Constmap;
use qmail::base::control::{self, Control};
use qmail::base::ip::{self, IpAddress};
use qmail::base::ipme;
use qmail::base::quote;
use qmail::base::substdio::{GoneOnFail, In, Out, ReadOp, WriteOp};
use qmail::conf::AUTO_QMAIL;
use qmail::net::dns::{self, DnsError, IpMx};
use qmail::net::remote::{self, BodyError};
use qmail::net::tcpto::Tcpto;
use qmail::sys::{self, proc, sock, Errno, Fd, OwnedFd};

qmail::entry!(run);

// Protocol endings: qmail-remote reports on fd 1 and always exits 0, also
// when fd 1 cannot be written (then nobody can be told anything).

const PORT_SMTP: u64 = 25;

/// The report on fd 1 (subfdoutsmall: a 256-byte buffer; a failed write
/// ends the program).
struct Report {
    out: Out<GoneOnFail>,
}

impl Report {
    fn out(&mut self, s: &[u8]) {
        let _ = self.out.put(s);
    }

    fn zero(&mut self) {
        let _ = self.out.put(b"\0");
    }

    fn zerodie(&mut self) -> ! {
        self.zero();
        let _ = self.out.flush();
        sys::exit(0)
    }

    /// Writes `s` with every byte outside 33..=126 shown as `?`.
    fn outsafe(&mut self, s: &[u8]) {
        for &c in s {
            let c = if (33..=126).contains(&c) { c } else { b'?' };
            let _ = self.out.put(&[c]);
        }
    }

    fn die(&mut self, s: &[u8]) -> ! {
        self.out(s);
        self.zerodie()
    }

    fn temp_nomem(&mut self) -> ! {
        self.die(b"ZOut of memory. (#4.3.0)\n")
    }
    fn temp_oserr(&mut self) -> ! {
        self.die(b"ZSystem resources temporarily unavailable. (#4.3.0)\n")
    }
    fn temp_noconn(&mut self) -> ! {
        self.die(b"ZSorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n")
    }
    fn temp_read(&mut self) -> ! {
        self.die(b"ZUnable to read message. (#4.3.0)\n")
    }
    fn temp_dnscanon(&mut self) -> ! {
        self.die(b"ZCNAME lookup failed temporarily. (#4.4.3)\n")
    }
    fn temp_dns(&mut self) -> ! {
        self.die(b"ZSorry, I couldn't find any host by that name. (#4.1.2)\n")
    }
    fn temp_chdir(&mut self) -> ! {
        self.die(b"ZUnable to switch to home directory. (#4.3.0)\n")
    }
    fn temp_control(&mut self) -> ! {
        self.die(b"ZUnable to read control files. (#4.3.0)\n")
    }
    fn perm_partialline(&mut self) -> ! {
        self.die(b"DSMTP cannot transfer messages with partial final lines. (#5.6.2)\n")
    }
    fn perm_usage(&mut self) -> ! {
        self.die(b"DI (qmail-remote) was invoked improperly. (#5.3.5)\n")
    }
    fn perm_dns(&mut self, host: &[u8]) -> ! {
        self.out(b"DSorry, I couldn't find any host named ");
        self.outsafe(host);
        self.die(b". (#5.1.2)\n")
    }
    fn perm_nomx(&mut self) -> ! {
        self.die(b"DSorry, I couldn't find a mail exchanger or IP address. (#5.4.4)\n")
    }
    fn perm_ambigmx(&mut self) -> ! {
        self.die(
            b"DSorry. Although I'm listed as a best-preference MX or A for that host,\n\
it isn't in my control/locals file, so I don't treat it as local. (#5.4.6)\n",
        )
    }
}

/// The connection to the peer, each read and write limited to `timeout`
/// seconds (timeoutread/timeoutwrite); a timeout, an error or an empty
/// read or write is a failure, which the callers turn into "connection
/// died".
struct Peer {
    fd: Fd,
    timeout: i32,
}

impl Peer {
    fn ready(&self, out: bool) -> sys::Result<()> {
        if self.timeout < 0 {
            // select refuses a negative time
            return Err(Errno(libc::EINVAL));
        }
        if sys::wait_ready(self.fd, out, self.timeout)? {
            Ok(())
        } else {
            Err(sock::TIMEOUT)
        }
    }
}

impl ReadOp for Peer {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        self.ready(false)?;
        match sys::read(self.fd, buf)? {
            0 => Err(Errno(libc::EPIPE)),
            n => Ok(n),
        }
    }
}

impl WriteOp for Peer {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        self.ready(true)?;
        match sys::write(self.fd, buf)? {
            0 => Err(Errno(libc::EPIPE)),
            n => Ok(n),
        }
    }
}

/// One SMTP session.
struct Smtp<'a> {
    rep: &'a mut Report,
    partner: IpAddress,
    critical: bool,
    to: Out<Peer>,
    from: In<Peer>,
    text: Vec<u8>,
}

impl Smtp<'_> {
    fn outhost(&mut self) {
        let h = ip::fmt(&self.partner);
        self.rep.out(&h);
    }

    fn dropped(&mut self) -> ! {
        self.rep.out(b"ZConnected to ");
        self.outhost();
        self.rep.out(b" but connection died. ");
        if self.critical {
            self.rep.out(b"Possible duplicate! ");
        }
        self.rep.die(b"(#4.4.2)\n")
    }

    fn put(&mut self, s: &[u8]) {
        if self.to.put(s).is_err() {
            self.dropped();
        }
    }

    fn flush(&mut self) {
        if self.to.flush().is_err() {
            self.dropped();
        }
    }

    fn code(&mut self) -> u64 {
        let from = &mut self.from;
        let mut get = || {
            let mut c = [0u8; 1];
            match from.get(&mut c) {
                Ok(1) => Some(c[0]),
                _ => None,
            }
        };
        match remote::read_reply(&mut get, &mut self.text) {
            Some(code) => code,
            None => self.dropped(),
        }
    }

    fn outsmtptext(&mut self) {
        if !self.text.is_empty() {
            self.rep.out(b"Remote host said: ");
            for c in self.text.iter_mut() {
                if *c == 0 {
                    *c = b'?';
                }
            }
            let t = std::mem::take(&mut self.text);
            self.rep.out(&t);
        }
    }

    fn quit(&mut self, prepend: &[u8], append: &[u8]) -> ! {
        self.put(b"QUIT\r\n");
        self.flush();
        self.rep.out(prepend);
        self.outhost();
        self.rep.out(append);
        self.rep.out(b".\n");
        self.outsmtptext();
        self.rep.zerodie()
    }

    fn command(&mut self, parts: &[&[u8]]) -> u64 {
        for p in parts {
            self.put(p);
        }
        self.flush();
        self.code()
    }

    fn run(&mut self, helohost: &[u8], sender: &[u8], recips: &[Vec<u8>], fixcr: bool) -> ! {
        if self.code() != 220 {
            self.quit(b"ZConnected to ", b" but greeting failed");
        }
        if self.command(&[b"HELO ", helohost, b"\r\n"]) != 250 {
            self.quit(b"ZConnected to ", b" but my name was rejected");
        }
        let code = self.command(&[b"MAIL FROM:<", sender, b">\r\n"]);
        if code >= 500 {
            self.quit(b"DConnected to ", b" but sender was rejected");
        }
        if code >= 400 {
            self.quit(b"ZConnected to ", b" but sender was rejected");
        }
        let mut bother = false;
        for r in recips {
            let code = self.command(&[b"RCPT TO:<", r, b">\r\n"]);
            if code >= 400 {
                self.rep.out(if code >= 500 { b"h" } else { b"s" });
                self.outhost();
                self.rep.out(b" does not like recipient.\n");
                self.outsmtptext();
                self.rep.zero();
            } else {
                self.rep.out(b"r");
                self.rep.zero();
                bother = true;
            }
        }
        if !bother {
            self.quit(b"DGiving up on ", b"");
        }
        let code = self.command(&[b"DATA\r\n"]);
        if code >= 500 {
            self.quit(b"D", b" failed on DATA command");
        }
        if code >= 400 {
            self.quit(b"Z", b" failed on DATA command");
        }
        let mut msg = In::fd(0, 1024);
        match remote::send_body(&mut msg, &mut self.to, fixcr) {
            Ok(()) => {}
            Err(BodyError::PartialLine) => self.rep.perm_partialline(),
            Err(BodyError::Read) => self.rep.temp_read(),
            Err(BodyError::Write) => self.dropped(),
        }
        self.critical = true;
        self.put(b".\r\n");
        self.flush();
        let code = self.code();
        self.critical = false;
        if code >= 500 {
            self.quit(b"D", b" failed after I sent the message");
        }
        if code >= 400 {
            self.quit(b"Z", b" failed after I sent the message");
        }
        self.quit(b"K", b" accepted message")
    }
}

/// addrmangle: `s` with its local part quoted and, when `cname` is set,
/// its domain replaced by the canonical name. The flag tells whether the
/// domain is an alias (always false without `cname`).
fn addrmangle(rep: &mut Report, s: &[u8], cname: bool) -> (Vec<u8>, bool) {
    let Some(j) = s.iter().rposition(|&c| c == b'@') else {
        return (s.to_vec(), cname);
    };
    let mut out = match quote::quote(&s[..j]) {
        Ok(v) => v,
        Err(_) => rep.temp_nomem(),
    };
    out.push(b'@');
    let mut host = s[j + 1..].to_vec();
    let mut alias = cname;
    if cname {
        match dns::cname(&mut host) {
            Ok(0) => alias = false,
            Ok(_) => {}
            Err(DnsError::Mem) => rep.temp_nomem(),
            Err(DnsError::Soft) => rep.temp_dnscanon(),
            Err(DnsError::Hard) => {} // an alias loop is the peer's business
        }
    }
    out.extend_from_slice(&host);
    (out, alias)
}

struct Controls {
    timeout: i32,
    timeoutconnect: i32,
    helohost: Vec<u8>,
    routes: Constmap,
    fixcr: bool,
}

fn getcontrols(rep: &mut Report) -> Controls {
    let mut ctl = Control::new();
    if ctl.init().is_err() {
        rep.temp_control();
    }
    let int = |rep: &mut Report, path: &[u8], def: i32| match control::readint(path) {
        Ok(v) => v.unwrap_or(def),
        Err(_) => rep.temp_control(),
    };
    let timeout = int(rep, b"control/timeoutremote", 1200);
    let timeoutconnect = int(rep, b"control/timeoutconnect", 60);
    let helohost = match ctl.rldef(b"control/helohost", true, None) {
        Ok(Some(h)) => h,
        _ => rep.temp_control(),
    };
    let routes = match ctl.readfile(b"control/smtproutes", false) {
        Ok(r) => r.unwrap_or_default(),
        Err(_) => rep.temp_control(),
    };
    let routes = match Constmap::new(&routes, true) {
        Ok(m) => m,
        Err(_) => rep.temp_nomem(),
    };
    let fixcr = int(rep, b"control/fixbarecr", 0) != 0;
    Controls {
        timeout,
        timeoutconnect,
        helohost,
        routes,
        fixcr,
    }
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    let mut rep = Report {
        out: Out::new(GoneOnFail(1), 256),
    };
    let _ = proc::sig_ignore(libc::SIGPIPE);
    if args.len() < 4 {
        rep.perm_usage();
    }
    if sys::chdir(AUTO_QMAIL).is_err() {
        rep.temp_chdir();
    }
    let ctl = getcontrols(&mut rep);

    let mut host = args[1].clone();
    let mut port = PORT_SMTP;
    let relay = remote::route(&ctl.routes, &host);
    if let Some((relayhost, p)) = &relay {
        if let Some(p) = p {
            port = *p;
        }
        host = relayhost.clone();
    }

    let (sender, _) = addrmangle(&mut rep, &args[2], false);
    let me = match ipme::ipme() {
        Ok(v) => v,
        Err(_) => rep.temp_oserr(),
    };

    let mut allaliases = true;
    let mut recips = Vec::new();
    for r in &args[3..] {
        let (addr, alias) = addrmangle(&mut rep, r, relay.is_none());
        if !alias {
            allaliases = false;
        }
        recips.push(addr);
    }

    let random = (sys::now() as u64).wrapping_add((sys::getpid() as u64) << 16);
    let mut ips: Vec<IpMx> = Vec::new();
    let r = if relay.is_some() {
        dns::ip(&mut ips, &host).map(|()| 0)
    } else {
        dns::mxip(&mut ips, &host, random)
    };
    match r {
        // some exchanger's address could not be found for now
        Ok(1) if ips.is_empty() => rep.temp_dns(),
        Ok(_) => {}
        Err(DnsError::Mem) => rep.temp_nomem(),
        Err(DnsError::Soft) => rep.temp_dns(),
        Err(DnsError::Hard) => rep.perm_dns(&host),
    }
    if ips.is_empty() {
        rep.perm_nomx();
    }

    let mut prefme: i64 = 100000;
    for x in &ips {
        if ipme::is_me(&me, &x.ip) && i64::from(x.pref) < prefme {
            prefme = i64::from(x.pref);
        }
    }
    if relay.is_some() {
        prefme = 300000;
    }
    if allaliases {
        prefme = 500000;
    }
    if !ips.iter().any(|x| i64::from(x.pref) < prefme) {
        rep.perm_ambigmx();
    }

    let mut tcpto = Tcpto::new();
    for x in ips.iter().filter(|x| i64::from(x.pref) < prefme) {
        if tcpto.skip(&x.ip) {
            continue;
        }
        let fd = match sock::tcp_socket() {
            Ok(fd) => fd,
            Err(_) => rep.temp_oserr(),
        };
        match sock::timeoutconn(fd.raw(), x.ip.0, port as u16, ctl.timeoutconnect) {
            Ok(()) => {
                tcpto.err(&x.ip, false);
                session(&mut rep, fd, x.ip, &ctl, &sender, &recips);
            }
            Err(e) => {
                tcpto.err(&x.ip, e == sock::TIMEOUT);
                drop(fd);
            }
        }
    }
    rep.temp_noconn()
}

fn session(
    rep: &mut Report,
    fd: OwnedFd,
    partner: IpAddress,
    ctl: &Controls,
    sender: &[u8],
    recips: &[Vec<u8>],
) -> ! {
    // the socket stays open until the process exits
    let fd = fd.into_raw();
    let peer = || Peer {
        fd,
        timeout: ctl.timeout,
    };
    let mut s = Smtp {
        rep,
        partner,
        critical: false,
        to: Out::new(peer(), 1024),
        from: In::new(peer(), 128),
        text: Vec::new(),
    };
    s.run(&ctl.helohost, sender, recips, ctl.fixcr)
}
