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
//! With control/servercert.pem, EHLO offers STARTTLS and SMTPS in the
//! environment means TLS from the first byte (the STARTTLS patch's
//! conventions, docs/EXTENSIONS.md): tlsserverciphers or TLSCIPHERS,
//! tlsclients with clientca.pem and clientcrl.pem for relaying by client
//! certificate. Without servercert.pem nothing of that shows.
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
use qmail::net::auth;
use qmail::net::commands::{self, NoLine};
use qmail::net::smtpd::{self, Blast, RcptHosts, Step};
use qmail::net::tls;
use qmail::queue::qmail::Qmail;
use qmail::sys::{self, proc};

qmail::entry!(run);

/// Most recipient bytes one message may collect, likewise.
const RCPT_MAX: usize = 16 << 20;

/// fd 1 through stock's safewrite: wait at most `timeout` seconds, and
/// any failed or empty write ends the session (exit 1). After STARTTLS
/// (or with SMTPS) the bytes go through the TLS session on fds 0 and 1.
struct SafeWrite {
    timeout: i32,
    tls: Option<Box<tls::Session>>,
}

impl WriteOp for SafeWrite {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        if let Some(t) = &mut self.tls {
            return match t.write(buf) {
                Ok(n) if n > 0 => Ok(n),
                _ => sys::exit(1),
            };
        }
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

impl SafeRead {
    fn timed_out(&mut self) -> ! {
        let _ = self.out.puts(b"451 timeout (#4.4.2)\r\n");
        let _ = self.out.flush();
        sys::exit(1)
    }
}

impl ReadOp for SafeRead {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        let _ = self.out.flush();
        let timeout = self.out.op().timeout;
        if let Some(t) = &mut self.out.op().tls {
            return match t.read(buf) {
                Ok(n) if n > 0 => Ok(n),
                Err(tls::Error::Timeout) => self.timed_out(),
                _ => sys::exit(1),
            };
        }
        match sys::wait_ready(0, false, timeout) {
            Ok(true) => {}
            Ok(false) => self.timed_out(),
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
    /// The Received line's protocol word: SMTP, or after the handshake
    /// the patch's `ESMTPS (cipher encrypted)`.
    protocol: Vec<u8>,
    /// TLS is on (STARTTLS done, or SMTPS).
    tls: bool,
    /// The verdict on the client's certificate, when one was asked for.
    client_check: Option<tls::ClientCheck>,
    /// The certificate has been looked at for relaying (once only), and
    /// why it did not allow relaying.
    tls_verified: bool,
    tls_verify_err: Option<String>,
    /// SMTP AUTH, when the command line names a checker.
    auth: Option<AuthSetup>,
    /// A checker is named but SMTPAUTH=- turns AUTH off: AUTH gets the
    /// patch's 503 (with no checker it stays stock's 502).
    auth_off: bool,
}

/// `qmail-smtpd [hostname] checkprogram [subprogram...]` and SMTPAUTH.
struct AuthSetup {
    mode: auth::Mode,
    /// The host named in the CRAM-MD5 challenge.
    host: Vec<u8>,
    /// The checker and its arguments.
    prog: Vec<Vec<u8>>,
    /// ALLOW_INSECURE_AUTH: AUTH also without TLS.
    insecure: bool,
}

/// The session's state between commands.
#[derive(Default)]
struct Session {
    helo: Vec<u8>,
    fakehelo: bool,
    seenmail: bool,
    seenauth: bool,
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

/// The AUTH set-up from the arguments (after argv[0]): with three or
/// more, the first a dotted name and not a path, it is the host name of
/// the classic patch's `hostname checkprogram subprogram`; otherwise every
/// argument is the checker's command (the later patch's `checkprogram
/// subprogram`). A misreading can only make the checker fail to start, and
/// a failed start is a refusal.
/// SMTPAUTH=- turns AUTH off.
fn auth_setup(args: &[Vec<u8>], local: &[u8]) -> Option<AuthSetup> {
    let mode = auth::Mode::from_env(env(b"SMTPAUTH").as_deref())?;
    let (host, prog) = match args {
        [h, rest @ ..] if rest.len() >= 2 && h.contains(&b'.') && !h.contains(&b'/') => {
            (h.clone(), rest.to_vec())
        }
        [] => return None,
        all => (local.to_vec(), all.to_vec()),
    };
    Some(AuthSetup {
        mode,
        host,
        prog,
        insecure: env(b"ALLOW_INSECURE_AUTH").is_some(),
    })
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
        protocol: b"SMTP".to_vec(),
        tls: false,
        client_check: None,
        tls_verified: false,
        tls_verify_err: None,
        auth: None,
        auth_off: false,
    }
}

fn greet(io: &mut Io, cfg: &Config, code: &[u8]) {
    out(io, code);
    out(io, &cfg.greeting);
}

fn addrparse(cfg: &Config, arg: &[u8]) -> Option<Vec<u8>> {
    smtpd::addrparse(arg, cfg.liphost.as_deref(), &cfg.ipme)
}

fn smtp_mail(io: &mut Io, cfg: &mut Config, s: &mut Session, arg: &[u8]) {
    let required = cfg.auth.as_ref().is_some_and(|a| a.mode.required);
    if required && !s.seenauth {
        return out(io, b"530 Authorization required (#5.7.1) \r\n");
    }
    let Some(addr) = addrparse(cfg, arg) else {
        return out(io, b"555 syntax error (#5.5.4)\r\n");
    };
    if cfg.auth.is_some() && !mail_parms(cfg, arg) {
        return out(
            io,
            b"552 sorry, that message size exceeds my databytes limit (#5.3.4)\r\n",
        );
    }
    s.flagbarf = smtpd::bmfcheck(cfg.bmf.as_ref(), &addr);
    s.seenmail = true;
    s.rcptto.clear();
    s.mailfrom = addr;
    out(io, b"250 ok\r\n");
}

fn smtp_rcpt(io: &mut Io, cfg: &mut Config, s: &mut Session, arg: &[u8]) {
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
            Ok(false) if tls_verify(io, cfg) => {}
            Ok(false) => {
                out(
                    io,
                    b"553 sorry, that domain isn't in my list of allowed rcpthosts",
                );
                if cfg.tls && cfg.relayclient.is_none() {
                    out(io, b"; no valid cert for gatewaying");
                    if let Some(e) = &cfg.tls_verify_err {
                        out(io, b": ");
                        out(io, e.as_bytes());
                    }
                }
                return out(io, b" (#5.7.1)\r\n");
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
        &cfg.protocol,
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

const SERVERCERT: &str = "control/servercert.pem";
const CLIENTCA: &str = "control/clientca.pem";
const CLIENTCRL: &str = "control/clientcrl.pem";

/// STARTTLS is offered (and taken) only while control/servercert.pem
/// exists; without it every byte stays stock's.
fn have_servercert() -> bool {
    std::path::Path::new(SERVERCERT).exists()
}

/// The patch's 454 answer for TLS trouble; under SMTPS it ends the
/// session (exit 1).
fn tls_err(io: &mut Io, smtps: bool, what: &[u8], detail: &str) {
    out(io, b"454 TLS ");
    out(io, what);
    out(io, b": ");
    out(io, detail.as_bytes());
    out(io, b" (#4.3.0)\r\n");
    flush(io);
    if smtps {
        sys::exit(1);
    }
}

/// Starts TLS on fds 0 and 1: the configuration from servercert.pem
/// (and, when control/tlsclients exists, a request for a client
/// certificate checked against clientca.pem and clientcrl.pem), the 220
/// (not under SMTPS), the plaintext input still buffered thrown away
/// (whatever a client pipelined after STARTTLS), the handshake. False
/// when the configuration failed (a 454 was said; the session goes on in
/// plaintext). A failed handshake ends the session.
fn tls_init(io: &mut Io, cfg: &mut Config, smtps: bool) -> bool {
    let ciphers = match env(b"TLSCIPHERS") {
        Some(c) => Some(c),
        None => match Control::new().readfile(b"control/tlsserverciphers", false) {
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
            Err(_) => die_control(io),
        },
    };
    let clientca = std::path::Path::new("control/tlsclients")
        .exists()
        .then_some(CLIENTCA);
    let (config, check) =
        match tls::server_config(SERVERCERT, clientca, CLIENTCRL, ciphers.as_deref()) {
            Ok(c) => c,
            Err(tls::ServerSetupError::Certificate(e)) => {
                tls_err(io, smtps, b"missing certificate", &e);
                return false;
            }
            Err(tls::ServerSetupError::Key(e)) => {
                tls_err(io, smtps, b"no valid RSA private key", &e);
                return false;
            }
        };
    if !smtps {
        out(io, b"220 ready for tls\r\n");
        flush(io);
    }
    let pipelined = io.peek().len();
    io.seek(pipelined);
    let timeout = io.op().out.op().timeout;
    let mut session = match tls::Session::server(config, 0, 1, timeout) {
        Ok(t) => t,
        Err(e) => {
            tls_err(io, smtps, b"unable to initialize ssl", &e.to_string());
            return false;
        }
    };
    if let Err(e) = session.handshake() {
        tls_err(io, true, b"connection failed", &e.to_string());
    }
    let mut proto = b"ESMTPS (".to_vec();
    proto.extend_from_slice(session.cipher().as_bytes());
    proto.extend_from_slice(b" encrypted)");
    cfg.protocol = proto;
    cfg.tls = true;
    cfg.client_check = clientca.map(|_| check);
    io.op().out.op().tls = Some(Box::new(session));
    true
}

/// A recipient outside rcpthosts, over TLS: does the client's certificate
/// let it relay? It must have verified against clientca.pem, and the
/// emailAddress of its subject must be in control/tlsclients. Then it
/// relays as with RELAYCLIENT (set for qmail-queue too) and the Received
/// line names the certificate. Looked at once per session.
fn tls_verify(io: &mut Io, cfg: &mut Config) -> bool {
    if !cfg.tls || cfg.relayclient.is_some() || cfg.tls_verified {
        return false;
    }
    cfg.tls_verified = true;
    let clients = match Control::new().readfile(b"control/tlsclients", false) {
        Ok(Some(list)) => Constmap::new(&list, false).unwrap_or_else(|_| die_nomem(io)),
        Ok(None) => return false,
        Err(_) => die_control(io),
    };
    let Some(check) = &cfg.client_check else {
        return false;
    };
    let verdict = match check.lock() {
        Ok(g) => g.clone(),
        Err(_) => return false,
    };
    match verdict {
        None => return false,
        Some(Err(e)) => {
            cfg.tls_verify_err = Some(e);
            return false;
        }
        Some(Ok(())) => {}
    }
    let email = io
        .op()
        .out
        .op()
        .tls
        .as_ref()
        .and_then(|t| t.peer_certificates())
        .and_then(|c| c.first())
        .and_then(|c| tls::subject_email(c));
    let email = match email {
        Some(e) if !e.is_empty() => e,
        _ => {
            cfg.tls_verify_err = Some("contains no email address".into());
            return false;
        }
    };
    if !clients.contains(&email) {
        cfg.tls_verify_err = Some("email address not in my list of tlsclients".into());
        return false;
    }
    cfg.protocol.extend_from_slice(b"\n  (cert ");
    // the address goes into a header line: no line breaks from it
    cfg.protocol.extend(email.iter().map(|&c| {
        if c == b'\n' || c == b'\r' || c == 0 {
            b'?'
        } else {
            c
        }
    }));
    cfg.protocol.push(b')');
    cfg.relayclient = Some(Vec::new());
    if sys::env_put(b"RELAYCLIENT", b"").is_err() {
        die_nomem(io);
    }
    true
}

/// The MAIL parameters AUTH's patch reads (only with AUTH set up): SIZE=
/// over databytes refuses the message at once (false); AUTH=<user>, its
/// +3D and +2B decoded, becomes TCPREMOTEINFO when there is none.
fn mail_parms(cfg: &mut Config, arg: &[u8]) -> bool {
    let arg = qmail::base::byte::cstr(arg);
    let Some(gt) = arg.iter().position(|&c| c == b'>') else {
        return true;
    };
    if gt <= 4 {
        return true;
    }
    for p in arg[1..].split(|&c| c == b' ') {
        if p.len() >= 5 && p[..5].eq_ignore_ascii_case(b"SIZE=") {
            let size = qmail::base::fmt::scan_ulong(&p[5..]).0;
            if cfg.databytes != 0 && size > cfg.databytes as u64 {
                return false;
            }
        }
        if p.len() >= 5 && p[..5].eq_ignore_ascii_case(b"AUTH=") {
            let v = &p[5..];
            let mut user = Vec::new();
            if v.starts_with(b"<>") {
                user.extend_from_slice(b"unknown");
            } else {
                let mut i = 0;
                while i < v.len() {
                    if v[i] == b'+' {
                        let rest = &v[i..];
                        if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"+3D") {
                            user.push(b'=');
                            i += 2;
                        } else if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"+2B") {
                            user.push(b'+');
                            i += 2;
                        }
                    } else {
                        user.push(v[i]);
                    }
                    i += 1;
                }
            }
            if cfg.remoteinfo.is_none() {
                let _ = sys::env_put(b"TCPREMOTEINFO", &user);
                cfg.remoteinfo = Some(user);
            }
        }
    }
    true
}

/// One line of an AUTH exchange; None (after the patch's 501) for `*`
/// (the client gave up) or an empty line.
fn auth_line(io: &mut Io) -> Option<Vec<u8>> {
    let line = getcmd(io);
    if line == b"*" {
        out(io, b"501 auth exchange canceled (#5.0.0)\r\n");
        return None;
    }
    if line.is_empty() {
        out(io, b"501 malformed auth input (#5.5.4)\r\n");
        return None;
    }
    Some(line)
}

fn malformed(io: &mut Io) -> Option<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    out(io, b"501 malformed auth input (#5.5.4)\r\n");
    None
}

/// Asks (unless `initial` holds it) and decodes one base64 answer.
fn auth_answer(io: &mut Io, prompt: &[u8], initial: &[u8]) -> Option<Option<Vec<u8>>> {
    let text = if initial.is_empty() {
        out(io, prompt);
        flush(io);
        auth_line(io)?
    } else {
        initial.to_vec()
    };
    Some(auth::b64decode(&text))
}

/// The exchange of one mechanism: (user, secret, challenge), or None
/// when a reply has already been said.
fn auth_exchange(
    io: &mut Io,
    a: &AuthSetup,
    mech: &[u8],
    arg: &[u8],
) -> Option<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let (user, pass, chal) = if mech.eq_ignore_ascii_case(b"login") && a.mode.login_plain {
        let Some(user) = auth_answer(io, b"334 VXNlcm5hbWU6\r\n", arg)? else {
            return malformed(io);
        };
        out(io, b"334 UGFzc3dvcmQ6\r\n");
        flush(io);
        let line = auth_line(io)?;
        let Some(pass) = auth::b64decode(&line) else {
            return malformed(io);
        };
        (user, pass, Vec::new())
    } else if mech.eq_ignore_ascii_case(b"plain") && a.mode.login_plain {
        let Some(resp) = auth_answer(io, b"334 \r\n", arg)? else {
            return malformed(io);
        };
        let (user, pass) = auth::split_plain(&resp);
        (user, pass, Vec::new())
    } else if mech.eq_ignore_ascii_case(b"cram-md5") && a.mode.cram {
        let chal = auth::cram_challenge(sys::getpid(), sys::now(), &a.host);
        out(io, b"334 ");
        out(io, &auth::b64encode(&chal));
        out(io, b"\r\n");
        flush(io);
        let line = auth_line(io)?;
        let Some(resp) = auth::b64decode(&line) else {
            return malformed(io);
        };
        let (user, digest) = auth::split_cram(&resp);
        (user, digest, chal)
    } else {
        out(io, b"504 auth type unimplemented (#5.5.1)\r\n");
        return None;
    };
    // the checker sees C strings
    let user = qmail::base::byte::cstr(&user).to_vec();
    let pass = qmail::base::byte::cstr(&pass).to_vec();
    if user.is_empty() || pass.is_empty() {
        return malformed(io);
    }
    Some((user, pass, chal))
}

/// What the checker said.
enum Check {
    Yes,
    No,
    /// A reply (454) has been said.
    Trouble,
}

/// Runs the checker with `user NUL secret NUL` and, where CRAM-MD5 is
/// offered, `challenge NUL` on its fd 3 (checkpassword's interface); exit
/// 0 is yes. A no costs five seconds,
/// as in the patch, whatever the reason, so that a wrong user and a wrong
/// password look alike.
fn authenticate(io: &mut Io, a: &AuthSetup, user: &[u8], pass: &[u8], chal: &[u8]) -> Check {
    let Ok((r, w)) = sys::pipe_owned() else {
        out(
            io,
            b"454 oops, unable to open pipe and I can't auth (#4.3.0)\r\n",
        );
        return Check::Trouble;
    };
    let pid = match proc::fork() {
        Err(_) => {
            out(
                io,
                b"454 oops, child won't start and I can't auth (#4.3.0)\r\n",
            );
            return Check::Trouble;
        }
        Ok(proc::Fork::Child) => {
            drop(w);
            if sys::fd_copy(3, r.raw()).is_err() {
                sys::exit(1);
            }
            let _ = proc::sig_default(libc::SIGPIPE);
            let argv: Vec<&[u8]> = a.prog.iter().map(|x| &x[..]).collect();
            proc::exec(&a.prog[0], &argv, true);
            sys::exit(1)
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    drop(r);
    // The challenge field is written only where CRAM-MD5 is offered (then
    // empty for LOGIN and PLAIN), as the patch does.
    let mut data = Vec::with_capacity(user.len() + pass.len() + chal.len() + 3);
    let parts: &[&[u8]] = if a.mode.cram {
        &[user, pass, chal]
    } else {
        &[user, pass]
    };
    for part in parts {
        data.extend_from_slice(part);
        data.push(0);
    }
    let mut wrote = true;
    let mut rest = &data[..];
    while !rest.is_empty() {
        match sys::write(w.raw(), rest) {
            Ok(n) if n > 0 => rest = &rest[n..],
            Err(qmail::sys::Errno(libc::EINTR)) => {}
            _ => {
                wrote = false;
                break;
            }
        }
    }
    data.fill(0);
    drop(w);
    let status = proc::wait_pid(pid);
    if !wrote {
        out(
            io,
            b"454 oops, unable to write pipe and I can't auth (#4.3.0)\r\n",
        );
        return Check::Trouble;
    }
    match status {
        Ok((_, st)) if st.crashed() == 0 && st.exitcode() == 0 => Check::Yes,
        Ok((_, st)) if st.crashed() == 0 => {
            sys::sleep(5);
            Check::No
        }
        _ => {
            out(
                io,
                b"454 oops, problem with child and I can't auth (#4.3.0)\r\n",
            );
            Check::Trouble
        }
    }
}

/// AUTH mechanism [initial-response]: only when set up; only over TLS
/// unless ALLOW_INSECURE_AUTH; once per session; not inside a mail
/// transaction. Success relays as RELAYCLIENT does, and the user becomes
/// TCPREMOTEINFO and the Received line's ident, with protocol ESMTPA.
fn smtp_auth(io: &mut Io, cfg: &mut Config, s: &mut Session, arg: &[u8]) {
    let Some(a) = cfg.auth.take() else { return };
    auth_command(io, cfg, s, &a, arg);
    cfg.auth = Some(a);
}

fn auth_command(io: &mut Io, cfg: &mut Config, s: &mut Session, a: &AuthSetup, arg: &[u8]) {
    if !cfg.tls && !a.insecure {
        return out(io, b"503 auth not available (#5.3.3)\r\n");
    }
    if s.seenauth {
        return out(io, b"503 you're already authenticated (#5.5.0)\r\n");
    }
    if s.seenmail {
        return out(io, b"503 no auth during mail transaction (#5.5.0)\r\n");
    }
    let sp = arg.iter().position(|&c| c == b' ').unwrap_or(arg.len());
    let mech = &arg[..sp];
    let mut initial = &arg[sp..];
    while initial.first() == Some(&b' ') {
        initial = &initial[1..];
    }
    let Some((user, mut pass, chal)) = auth_exchange(io, a, mech, initial) else {
        return;
    };
    let verdict = authenticate(io, a, &user, &pass, &chal);
    pass.fill(0);
    match verdict {
        Check::Yes => {
            s.seenauth = true;
            cfg.protocol = b"ESMTPA".to_vec();
            cfg.relayclient = Some(Vec::new());
            if sys::env_put(b"TCPREMOTEINFO", &user).is_err()
                || sys::env_put(b"RELAYCLIENT", b"").is_err()
            {
                die_nomem(io);
            }
            cfg.remoteinfo = Some(user);
            out(io, b"235 ok, go ahead (#2.0.0)\r\n");
        }
        Check::No => out(io, b"535 authentication failed (#5.7.1)\r\n"),
        Check::Trouble => {}
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

fn run(args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let mut io: Io = In::new(
        SafeRead {
            out: Out::new(
                SafeWrite {
                    timeout: 1200,
                    tls: None,
                },
                512,
            ),
        },
        1024,
    );
    if sys::chdir(AUTO_QMAIL).is_err() {
        die_control(&mut io);
    }
    let mut cfg = setup(&mut io);
    let auth_args = args.get(1..).unwrap_or(&[]);
    cfg.auth = auth_setup(auth_args, &cfg.local);
    cfg.auth_off = cfg.auth.is_none() && !auth_args.is_empty();
    let mut s = Session::default();
    if env(b"SMTPS").is_some() {
        // implicit TLS: the handshake comes before the greeting, and any
        // failure ends the session
        tls_init(&mut io, &mut cfg, true);
    }
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
                smtp_rcpt(&mut io, &mut cfg, &mut s, arg);
                false
            }
            b"mail" => {
                smtp_mail(&mut io, &mut cfg, &mut s, arg);
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
                if !cfg.tls && have_servercert() {
                    out(&mut io, b"\r\n250-STARTTLS");
                }
                match &cfg.auth {
                    None => out(&mut io, b"\r\n250-PIPELINING\r\n250 8BITMIME\r\n"),
                    Some(a) => {
                        out(&mut io, b"\r\n250-PIPELINING\r\n250-8BITMIME\r\n");
                        if cfg.tls || a.insecure {
                            out(&mut io, b"250-AUTH ");
                            out(&mut io, a.mode.offer());
                            out(&mut io, b"\r\n");
                        }
                        out(&mut io, b"250 SIZE ");
                        out(&mut io, cfg.databytes.to_string().as_bytes());
                        out(&mut io, b"\r\n");
                    }
                }
                s.seenmail = false;
                s.dohelo(&cfg, arg);
                true
            }
            b"rset" => {
                s.seenmail = false;
                s.seenauth = false;
                out(&mut io, b"250 flushed\r\n");
                false
            }
            b"help" => {
                out(&mut io, HELP);
                true
            }
            b"starttls" if !cfg.tls && have_servercert() => {
                if !arg.is_empty() {
                    out(
                        &mut io,
                        b"501 Syntax error (no parameters allowed) (#5.5.4)\r\n",
                    );
                } else if tls_init(&mut io, &mut cfg, false) {
                    // RFC 3207: nothing said before the handshake counts
                    s = Session::default();
                    let rh = cfg.remotehost.clone();
                    s.dohelo(&cfg, &rh);
                }
                true
            }
            b"auth" if cfg.auth.is_some() => {
                smtp_auth(&mut io, &mut cfg, &mut s, arg);
                true
            }
            b"auth" if cfg.auth_off => {
                out(&mut io, b"503 auth not available (#5.3.3)\r\n");
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
