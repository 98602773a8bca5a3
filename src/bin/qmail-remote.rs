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
//!
//! TLS, as the STARTTLS patch does it (docs/EXTENSIONS.md), once the
//! installation has control/clientcert.pem or control/tlshosts/: EHLO, and
//! STARTTLS when the peer offers it; control/tlshosts/<host>.pem makes TLS
//! with a certificate verified by that file mandatory for the exchanger
//! <host>, tlshosts/exhaustivelist limits TLS to the hosts listed there,
//! notlshosts/<host> turns it off for one host; tlsclientciphers. Port 465
//! in smtproutes is TLS from the first byte. Without any of these every
//! byte stays stock's.
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
use qmail::net::tls;
use qmail::sys::{self, proc, sock, Errno, Fd, OwnedFd};
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

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

/// The TLS session, once there is one, shared by the reading and the
/// writing side of the connection.
type TlsSlot = Rc<RefCell<Option<tls::Session>>>;
/// What TLS said when a read or write failed under it.
type TlsErr = Rc<RefCell<Option<String>>>;

/// The connection to the peer, each read and write limited to `timeout`
/// seconds (timeoutread/timeoutwrite); a timeout, an error or an empty
/// read or write is a failure, which the callers turn into "connection
/// died". Through TLS once the handshake is done.
struct Peer {
    fd: Fd,
    timeout: i32,
    tls: TlsSlot,
    err: TlsErr,
}

impl Peer {
    /// A failure under TLS: its words kept for the report.
    fn tls_failed(&self, e: tls::Error) -> Errno {
        if let tls::Error::Tls(_) = e {
            *self.err.borrow_mut() = Some(e.to_string());
        }
        match e {
            tls::Error::Timeout => sock::TIMEOUT,
            _ => Errno(libc::EPIPE),
        }
    }
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
        let r = self.tls.borrow_mut().as_mut().map(|t| t.read(buf));
        match r {
            Some(Ok(0)) => return Err(Errno(libc::EPIPE)),
            Some(Ok(n)) => return Ok(n),
            Some(Err(e)) => return Err(self.tls_failed(e)),
            None => {}
        }
        self.ready(false)?;
        match sys::read(self.fd, buf)? {
            0 => Err(Errno(libc::EPIPE)),
            n => Ok(n),
        }
    }
}

impl WriteOp for Peer {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        let r = self.tls.borrow_mut().as_mut().map(|t| t.write(buf));
        match r {
            Some(Ok(n)) => return Ok(n),
            Some(Err(e)) => return Err(self.tls_failed(e)),
            None => {}
        }
        self.ready(true)?;
        match sys::write(self.fd, buf)? {
            0 => Err(Errno(libc::EPIPE)),
            n => Ok(n),
        }
    }
}

/// Where TLS stands on the connection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TlsState {
    /// No handshake begun.
    Before,
    /// A handshake begun and failed: nothing more may be said.
    Failed,
    /// The session is up.
    Up,
}

/// One SMTP session.
struct Smtp<'a> {
    rep: &'a mut Report,
    partner: IpAddress,
    /// The exchanger's name (empty for a literal address).
    fqdn: Vec<u8>,
    critical: bool,
    to: Out<Peer>,
    from: In<Peer>,
    text: Vec<u8>,
    fd: Fd,
    timeout: i32,
    tls: TlsSlot,
    tls_err: TlsErr,
    tls_state: TlsState,
    /// Port 465: TLS from the first byte.
    smtps: bool,
    /// The keywords of the last EHLO answer.
    ehlokw: Vec<Vec<u8>>,
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
        if let Some(e) = self.tls_err.borrow_mut().take() {
            self.rep.out(e.as_bytes());
            self.rep.out(b" ");
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
        // no QUIT into a handshake that failed, nor before SMTPS's
        let talk = match self.tls_state {
            TlsState::Up => true,
            TlsState::Before => !self.smtps,
            TlsState::Failed => false,
        };
        if talk {
            self.put(b"QUIT\r\n");
            self.flush();
        }
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

    /// The end of a TLS failure: the report names the host, as connected
    /// to once the handshake began.
    fn tls_quit(&mut self) -> ! {
        if self.tls_state == TlsState::Before {
            self.quit(b"; connecting to ", b"")
        }
        self.quit(b"; connected to ", b"")
    }

    /// EHLO, keeping the keywords of a 250 answer.
    fn ehlo(&mut self, helohost: &[u8]) -> u64 {
        self.ehlokw.clear();
        let code = self.command(&[b"EHLO ", helohost, b"\r\n"]);
        if code != 250 {
            return code;
        }
        for line in self.text.split(|&c| c == b'\n').skip(1) {
            if line.len() <= 4 {
                continue;
            }
            let kw = &line[4..];
            let end = kw
                .iter()
                .position(|&c| c == b' ' || c == b'\t' || c == b'=')
                .unwrap_or(kw.len());
            self.ehlokw.push(kw[..end].to_vec());
        }
        250
    }

    /// STARTTLS (or, on port 465, the handshake before the greeting).
    /// False: go on without TLS. A mandatory host (tlshosts/<host>.pem)
    /// that cannot be had with a certificate verified by that file is a
    /// temporary failure, never a plaintext delivery.
    fn tls_init(&mut self, ctl: &Controls) -> bool {
        let mut servercert: Option<String> = None;
        // a name that could leave the directory is looked up nowhere
        let fqdn = String::from_utf8_lossy(&self.fqdn).into_owned();
        if !fqdn.is_empty() && !fqdn.contains('/') && !fqdn.starts_with('.') {
            let p = format!("control/tlshosts/{fqdn}.pem");
            if Path::new(&p).exists() {
                servercert = Some(p);
            } else if Path::new("control/tlshosts/exhaustivelist").exists()
                || Path::new(&format!("control/notlshosts/{fqdn}")).exists()
            {
                return false;
            }
        }
        if !self.smtps
            && !self
                .ehlokw
                .iter()
                .any(|k| k.eq_ignore_ascii_case(b"STARTTLS"))
        {
            let Some(p) = servercert else { return false };
            self.rep.out(b"ZNo TLS achieved while ");
            self.rep.out(p.as_bytes());
            self.rep.out(b" exists");
            self.text.clear();
            self.tls_quit();
        }
        let roots = match &servercert {
            None => None,
            Some(p) => match tls::load_roots(p) {
                Ok(r) => Some(r),
                Err(e) => {
                    self.text.clear();
                    self.rep.out(b"ZTLS unable to load ");
                    self.rep.out(p.as_bytes());
                    self.rep.out(b": ");
                    // the file's name is said once, as the patch says it
                    let why = e
                        .strip_prefix(p.as_str())
                        .and_then(|w| w.strip_prefix(": "));
                    self.rep.out(why.unwrap_or(&e).as_bytes());
                    self.tls_quit();
                }
            },
        };
        // the other side may complain if it wants one and this is bad
        let client = tls::load_certs(CLIENTCERT)
            .ok()
            .and_then(|c| tls::load_key(CLIENTCERT).ok().map(|k| (c, k)));
        let (config, check) = match tls::client_config(roots, client, ctl.tlsciphers.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                if !self.smtps && servercert.is_none() {
                    return false;
                }
                self.text.clear();
                self.rep.out(b"ZTLS error initializing ctx: ");
                self.rep.out(e.as_bytes());
                self.tls_quit();
            }
        };
        if !self.smtps {
            if self.command(&[b"STARTTLS\r\n"]) != 220 {
                let Some(p) = servercert else { return false };
                self.rep.out(b"ZSTARTTLS rejected while ");
                self.rep.out(p.as_bytes());
                self.rep.out(b" exists");
                self.tls_quit();
            }
            self.text.clear();
            // whatever came after the 220 was said before TLS: not heard
            let early = self.from.peek().len();
            self.from.seek(early);
        }
        let ipname = String::from_utf8_lossy(&ip::fmt(&self.partner)).into_owned();
        let session = tls::Session::client(config.clone(), &fqdn, self.fd, self.timeout)
            .or_else(|_| tls::Session::client(config, &ipname, self.fd, self.timeout));
        self.tls_state = TlsState::Failed;
        let mut session = match session {
            Ok(s) => s,
            Err(e) => {
                self.rep.out(b"ZTLS error initializing ssl: ");
                self.rep.out(e.to_string().as_bytes());
                self.tls_quit();
            }
        };
        if let Err(e) = session.handshake() {
            self.rep.out(b"ZTLS connect failed: ");
            self.rep.out(e.to_string().as_bytes());
            self.tls_quit();
        }
        *self.tls.borrow_mut() = Some(session);
        self.tls_state = TlsState::Up;
        if let Some(p) = servercert {
            let verdict = check.lock().map(|g| g.clone()).unwrap_or(None);
            use rustls::CertificateError as C;
            match verdict {
                Some(Ok(())) => {}
                Some(Err(rustls::Error::InvalidCertificate(
                    C::NotValidForName | C::NotValidForNameContext { .. },
                ))) => {
                    self.rep.out(b"ZTLS unable to verify server ");
                    self.rep.out(fqdn.as_bytes());
                    self.rep
                        .out(b": certificate contains no matching dNSNnames");
                    self.tls_quit();
                }
                Some(Err(e)) => {
                    self.rep.out(b"ZTLS unable to verify server with ");
                    self.rep.out(p.as_bytes());
                    self.rep.out(b": ");
                    self.rep.out(tls::error_text(&e).as_bytes());
                    self.tls_quit();
                }
                None => {
                    self.rep.out(b"ZTLS unable to verify server ");
                    self.rep.out(fqdn.as_bytes());
                    self.rep.out(b": no certificate provided");
                    self.tls_quit();
                }
            }
        }
        if self.smtps && self.code() != 220 {
            self.quit(b"ZTLS Connected to ", b" but greeting failed");
        }
        true
    }

    fn run(&mut self, ctl: &Controls, sender: &[u8], recips: &[Vec<u8>]) -> ! {
        let helohost = &ctl.helohost[..];
        let fixcr = ctl.fixcr;
        if !self.smtps && self.code() != 220 {
            self.quit(b"ZConnected to ", b" but greeting failed");
        }
        let mut code = 0;
        if ctl.tls || self.smtps {
            if !self.smtps {
                code = self.ehlo(helohost);
            }
            if self.tls_init(ctl) {
                // RFC 3207: EHLO again; a refusal means HELO as before
                code = self.ehlo(helohost);
            }
        }
        if code != 250 && self.command(&[b"HELO ", helohost, b"\r\n"]) != 250 {
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

const CLIENTCERT: &str = "control/clientcert.pem";

struct Controls {
    timeout: i32,
    timeoutconnect: i32,
    helohost: Vec<u8>,
    routes: Constmap,
    fixcr: bool,
    /// TLS is set up here: clientcert.pem or tlshosts/ exists.
    tls: bool,
    /// tlsclientciphers, its lines joined with `:`.
    tlsciphers: Option<Vec<u8>>,
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
    let tls = Path::new(CLIENTCERT).exists() || Path::new("control/tlshosts").is_dir();
    let tlsciphers = match ctl.readfile(b"control/tlsclientciphers", false) {
        Ok(Some(mut list)) => {
            list.pop();
            for c in list.iter_mut() {
                if *c == 0 {
                    *c = b':';
                }
            }
            Some(list)
        }
        Ok(None) => None,
        Err(_) => rep.temp_control(),
    };
    Controls {
        timeout,
        timeoutconnect,
        helohost,
        routes,
        fixcr,
        tls,
        tlsciphers,
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
                session(&mut rep, fd, x, port, &ctl, &sender, &recips);
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
    partner: &IpMx,
    port: u64,
    ctl: &Controls,
    sender: &[u8],
    recips: &[Vec<u8>],
) -> ! {
    // the socket stays open until the process exits
    let fd = fd.into_raw();
    let tls: TlsSlot = Rc::new(RefCell::new(None));
    let err: TlsErr = Rc::new(RefCell::new(None));
    let peer = || Peer {
        fd,
        timeout: ctl.timeout,
        tls: tls.clone(),
        err: err.clone(),
    };
    let mut s = Smtp {
        rep,
        partner: partner.ip,
        fqdn: partner.fqdn.clone(),
        critical: false,
        to: Out::new(peer(), 1024),
        from: In::new(peer(), 128),
        text: Vec::new(),
        fd,
        timeout: ctl.timeout,
        tls: tls.clone(),
        tls_err: err.clone(),
        tls_state: TlsState::Before,
        smtps: port == 465,
        ehlokw: Vec::new(),
    };
    s.run(ctl, sender, recips)
}
