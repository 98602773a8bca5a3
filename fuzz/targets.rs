//! The fuzz targets: each takes arbitrary bytes and drives one parser or
//! decoder of the library the way its program does. A target must never
//! panic, abort or allocate without bound, whatever the bytes.
//!
//! Used by the libFuzzer binary (fuzz/fuzz_targets/main.rs, built by
//! tools/fuzz) and, without any fuzzer, by tests/fuzz_corpus.rs, which
//! replays every file of fuzz/corpus/<target>/ and fuzz/regressions/<target>/
//! through the same function.

use qmail::base::cdb;
use qmail::base::constmap::Constmap;
use qmail::base::control;
use qmail::base::substdio::{In, Out, ReadOp, WriteOp};
use qmail::inject::{self, token822, Flags, Rewriter, State};
use qmail::local;
use qmail::net::netstring::{self, Qmqp, Qmtp, Queue, Stop};
use qmail::net::{commands, dns, remote, smtpd};
use qmail::queue;
use qmail::send::{addr, spawn};
use qmail::sys;
use std::sync::OnceLock;

/// A target: bytes in, nothing out; failing is panicking.
pub type Target = fn(&[u8]);

/// Every target by name (the corpus folder's name).
pub const TARGETS: &[(&str, Target)] = &[
    ("smtp", smtp),
    ("pop3", pop3),
    ("rfc822", rfc822),
    ("inject", inject_header),
    ("dotqmail", dotqmail),
    ("control", control_files),
    ("assign", assign),
    ("cdb", cdb_file),
    ("envelope", envelope),
    ("spawn", spawn_protocol),
    ("remote", remote_replies),
    ("dns", dns_packet),
    ("qmtp", qmtp),
    ("qmqp", qmqp),
];

pub fn by_name(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Bytes as a read side, handed out in reads of at most `chunk` bytes so
/// that buffer edges get exercised.
struct Bytes<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl ReadOp for Bytes<'_> {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        let n = buf.len().min(self.data.len()).min(self.chunk.max(1));
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// A write side that keeps at most a few MiB (more would be a bug in the
/// target, not in the input).
#[derive(Default)]
struct Sink(usize);

impl WriteOp for Sink {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        self.0 += buf.len();
        assert!(self.0 < 64 << 20, "output grew without bound");
        Ok(buf.len())
    }
}

/// The first byte picks a read size, the rest is the stream.
fn stream(data: &[u8]) -> Bytes<'_> {
    match data.split_first() {
        Some((&c, rest)) => Bytes {
            data: rest,
            chunk: usize::from(c % 64) + 1,
        },
        None => Bytes { data, chunk: 1 },
    }
}

/// An SMTP session as qmail-smtpd reads it: command lines (the shared
/// reader with its 1 MiB limit), the verb split off, MAIL and RCPT
/// arguments through the address parser, and after DATA the rest of the
/// stream through the DATA decoder until its final dot.
pub fn smtp(data: &[u8]) {
    let mut io = In::new(stream(data), 1024);
    let ipme = [qmail::base::ip::IpAddress([127, 0, 0, 1])];
    loop {
        let Ok(line) = commands::getline(&mut io) else {
            return;
        };
        let (verb, arg) = commands::split(&line);
        match verb.as_slice() {
            b"mail" | b"rcpt" => {
                let _ = smtpd::addrparse(arg, Some(b"golden.example"), &ipme);
            }
            b"data" => {
                let mut blast = smtpd::Blast::default();
                let mut out = Vec::new();
                let mut used_all = 0usize;
                loop {
                    let mut buf = [0u8; 64];
                    let n = match io.get(&mut buf) {
                        Ok(n) if n > 0 => n,
                        _ => return,
                    };
                    let (used, stop) = blast.feed(&buf[..n], &mut out);
                    assert!(used <= n);
                    used_all += used;
                    // decoding only drops bytes (CRs, stuffed dots)
                    assert!(out.len() <= used_all);
                    match stop {
                        None => assert_eq!(used, n),
                        Some(smtpd::Step::End) => break,
                        Some(smtpd::Step::StrayNewline) => return,
                    }
                }
                assert!(out.len() <= data.len());
            }
            b"quit" => return,
            _ => {}
        }
    }
}

/// POP3 command lines as qmail-popup and qmail-pop3d read them: the
/// shared reader, the verb, and the number arguments they scan.
pub fn pop3(data: &[u8]) {
    let mut io = In::new(stream(data), 128);
    while let Ok(line) = commands::getline(&mut io) {
        let (verb, arg) = commands::split(&line);
        if matches!(
            verb.as_slice(),
            b"retr" | b"dele" | b"list" | b"uidl" | b"top"
        ) {
            let (n, used) = qmail::base::fmt::scan_ulong(arg);
            let _ = qmail::base::fmt::scan_ulong(&arg[used..]);
            let _ = n;
        }
        if verb == b"quit" {
            return;
        }
    }
}

/// The RFC 822 tokenizer and what qmail-inject does with a field's tokens:
/// the address list walk (identity hook), printing them back at the line
/// length qmail-inject uses and unquoting.
pub fn rfc822(data: &[u8]) {
    let Ok(Some(mut t)) = token822::parse(data) else {
        return;
    };
    let _ = token822::unquote(&t);
    let _ = token822::unquote_rev(&t);
    let _ = token822::unparse(&t, 0);
    // the walk moves the tokens out of `t`
    let mut hook = |_a: &mut Vec<token822::Token>| Ok(());
    if let Ok(Some(out)) = token822::addrlist(&mut t, &mut hook) {
        let _ = token822::unparse(&out, 72);
    }
}

/// qmail-inject's header rewriting: the first line is the option letters
/// (as QMAILINJECT), each following field (continuation lines joined)
/// goes through the field handler, which rewrites address fields.
pub fn inject_header(data: &[u8]) {
    let (opts, rest) = match data.iter().position(|&c| c == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&data[..0], data),
    };
    // The default domains are the same every run: tokenized once.
    static RW: OnceLock<Option<Rewriter>> = OnceLock::new();
    let rw = RW.get_or_init(|| {
        let dd = inject::prefixed(b'.', b"golden.example").ok()?;
        let dh = inject::prefixed(b'@', b"golden.example").ok()?;
        let pd = inject::prefixed(b'.', b"plus.example").ok()?;
        Some(Rewriter::new(dd, dh, pd))
    });
    let Some(rw) = rw else {
        return;
    };
    let mut st = State::new(rw.clone(), Flags::parse(opts));
    let mut field: Vec<u8> = Vec::new();
    for line in rest.split_inclusive(|&c| c == b'\n') {
        if !field.is_empty() && !matches!(line.first(), Some(b' ') | Some(b'\t')) {
            let _ = st.field(&mut field);
            field.clear();
        }
        field.extend_from_slice(line);
    }
    if !field.is_empty() {
        let _ = st.field(&mut field);
    }
    let _ = st.recip(rest.split(|&c| c == b'\n').next().unwrap_or(b""));
    let _ = st.set_sender(rest.rsplit(|&c| c == b'\n').next().unwrap_or(b""));
}

/// A .qmail file and the extension handling around it in qmail-local.
pub fn dotqmail(data: &[u8]) {
    let mut cmds = data.to_vec();
    cmds.push(b'\n');
    let lines = local::lines(&cmds);
    assert!(lines.len() <= cmds.len());
    let first = data.split(|&c| c == b'\n').next().unwrap_or(b"");
    let safe = local::safeext(first);
    let _ = local::default_names(b"-", &safe);
    let _ = local::ext_parts(first);
    let _ = local::host_parts(first);
    for line in data.split(|&c| c == b'\n') {
        let _ = local::gfrom(line);
    }
}

/// Control-file contents: the list reading control files get (comments
/// and blank lines dropped) and the maps made from them (with and without
/// colon values, as virtualdomains and smtproutes are), looked up with
/// each of their own lines; and qmail-send's recipient rewriting with
/// those maps.
pub fn control_files(data: &[u8]) {
    let entries: Vec<&[u8]> = control::entries(data).collect();
    for colon in [false, true] {
        let Ok(map) = Constmap::new(data, colon) else {
            continue;
        };
        for e in &entries {
            let _ = map.get(e);
            let _ = remote::route(&map, e);
        }
        let maps = addr::Maps {
            envnoathost: b"golden.example".to_vec(),
            percenthack: Constmap::default(),
            locals: Constmap::new(b"golden.example\0", false).unwrap_or_default(),
            vdoms: map,
        };
        for e in &entries {
            let (_, a) = addr::rewrite(&maps, e);
            let _ = addr::stripvdomprepend(&maps.vdoms, &a);
        }
    }
}

/// users/assign lines as qmail-newu reads them.
pub fn assign(data: &[u8]) {
    for line in data.split(|&c| c == b'\n') {
        if line == b"." {
            break;
        }
        if let Ok(r) = crate::users::assign_line(line) {
            let _ = spawn::nughde_fields(&r.data);
        }
    }
}

/// A hostile users/cdb (or any cdb): lookups of keys taken from the
/// input's head, the data's six fields as qmail-lspawn reads them, and
/// every record with the first key.
pub fn cdb_file(data: &[u8]) {
    let (klen, rest) = match data.split_first() {
        Some((&n, rest)) => (usize::from(n % 32).min(rest.len()), rest),
        None => return,
    };
    let (key, mut file) = rest.split_at(klen);
    let lkey = spawn::cdb_key(key);
    for k in [key, &lkey[..], b"", b"!"] {
        if let Ok(Some(d)) = cdb::find(&mut file, k) {
            assert!(d.len() <= file.len());
            let _ = spawn::nughde_fields(&d);
        }
    }
    let mut f = cdb::Finder::default();
    for _ in 0..1000 {
        match f.next(&mut file, key) {
            Ok(Some(_)) => {}
            _ => break,
        }
    }
}

/// The envelope qmail-queue reads on fd 1, copied as into intd/N, and the
/// records qmail-send then reads from todo/N: each address rewritten for
/// its channel and logged the way qmail-send logs it.
pub fn envelope(data: &[u8]) {
    let mut inp = In::new(stream(data), 64);
    let mut out = Out::new(Sink::default(), 64);
    let _ = queue::copy_envelope(&mut inp, &mut out);
    let maps = addr::Maps {
        envnoathost: b"golden.example".to_vec(),
        percenthack: Constmap::new(b"pct.example\0", false).unwrap_or_default(),
        locals: Constmap::new(b"golden.example\0", false).unwrap_or_default(),
        vdoms: Constmap::new(b"v.example:pre\0", true).unwrap_or_default(),
    };
    for rec in data.split(|&c| c == 0) {
        match rec.first() {
            Some(b'F') => {
                let _ = addr::logsafe(&rec[1..]);
                let _ = addr::senderadd(&rec[1..], b"x@y");
            }
            Some(b'T') => {
                let (_, a) = addr::rewrite(&maps, &rec[1..]);
                let _ = addr::bounce_text(&a, rec);
            }
            _ => {}
        }
    }
}

/// The commands qmail-send sends qmail-lspawn and qmail-rspawn, and the
/// reports coming back.
pub fn spawn_protocol(data: &[u8]) {
    let mut r = spawn::Reader::default();
    for chunk in data.chunks(7) {
        for c in r.feed(chunk) {
            let _ = spawn::check(&c, 10, |_| false);
        }
    }
    let mut out = Vec::new();
    spawn::collect_output(&mut out, data, 1000);
    assert!(out.len() <= data.len());
    let code = data.first().map_or(0, |&c| i32::from(c));
    let _ = spawn::local_report(0, code, data);
    let _ = spawn::remote_report(0, code, data);
    let _ = spawn::remote_report(1, code, data);
}

/// A peer's SMTP replies as qmail-remote reads them, then the same bytes
/// as a message body through the dot-stuffing writer, both ways.
pub fn remote_replies(data: &[u8]) {
    let mut it = data.iter().copied();
    let mut text = Vec::new();
    let mut get = || it.next();
    for _ in 0..10_000 {
        if remote::read_reply(&mut get, &mut text).is_none() {
            break;
        }
        assert!(text.len() <= remote::HUGE_SMTP_TEXT);
    }
    for fixcr in [false, true] {
        let mut inp: In<Bytes> = In::new(stream(data), 128);
        let mut out = Out::new(Sink::default(), 128);
        let _ = remote::send_body(&mut inp, &mut out, fixcr);
    }
}

/// A DNS answer as the lookups walk it: names, addresses, MX records.
pub fn dns_packet(data: &[u8]) {
    for kind in 0..3 {
        let _ = dns::walk_answer(data, kind);
    }
}

/// The queue side of the netstring targets: counts what it is given and
/// checks that it stays within what the input can account for.
struct Counted {
    /// Message bytes given, in all.
    message: usize,
    /// The most any one message can have: the input's length.
    limit: usize,
    /// The longest address taken.
    addr_max: usize,
    addrs: usize,
}

impl Queue for Counted {
    fn put(&mut self, s: &[u8]) {
        self.message += s.len();
        assert!(self.message <= self.limit, "more message bytes than input");
    }
    fn fail(&mut self) {}
    fn from(&mut self, s: &[u8]) {
        assert!(s.len() <= self.addr_max, "sender over its limit");
    }
    fn to(&mut self, s: &[u8]) {
        assert!(s.len() <= self.addr_max, "recipient over its limit");
        self.addrs += 1;
        assert!(self.addrs <= self.limit, "more recipients than input");
    }
}

/// A QMTP session as qmail-qmtpd reads it: messages until the input ends
/// or breaks the protocol, each answered per recipient. The first byte
/// picks DATABYTES and RELAYCLIENT (none, short, or long enough that its
/// length added to a huge recipient length wraps); rcpthosts allows
/// domains ending in `.example` and fails on an address starting with `!`.
pub fn qmtp(data: &[u8]) {
    let Some((&conf, rest)) = data.split_first() else {
        return;
    };
    let databytes = [0, 1, 7, 100, u32::MAX][usize::from(conf % 5)];
    let relayclient = match (conf / 5) % 3 {
        0 => None,
        1 => Some(b"@relay".to_vec()),
        _ => Some(vec![b'r'; 300]),
    };
    let relaylen = relayclient.as_ref().map_or(0, Vec::len);
    let server = Qmtp::new(databytes, relayclient);
    let mut io = In::new(stream(rest), 512);
    let mut q = Counted {
        message: 0,
        limit: data.len(),
        addr_max: 999 + relaylen,
        addrs: 0,
    };
    let allowed = |a: &[u8]| match a.first() {
        Some(b'!') => Err(Stop::Resources),
        _ => Ok(a.ends_with(b".example")),
    };
    loop {
        let len = match Qmtp::length(&mut io) {
            Ok(n) => n,
            Err(_) => return,
        };
        assert!(len > 0);
        let Ok(dos) = Qmtp::dos(&mut io) else {
            return;
        };
        let Ok(m) = server.rest(&mut io, len - 1, dos, &mut q, allowed) else {
            return;
        };
        assert!(m.failure.len() <= data.len());
        let result = m.result(b"Kok 1 qp 2".to_vec());
        let answers = m.answers(&result);
        assert!(answers.len() <= m.failure.len() * 80);
    }
}

/// A QMQP packet as qmail-qmqpd reads it, then the same bytes as the
/// answer qmail-qmqpc reads from its server.
pub fn qmqp(data: &[u8]) {
    let mut q = Counted {
        message: 0,
        limit: data.len(),
        addr_max: 999,
        addrs: 0,
    };
    let mut packet = Qmqp::new(In::new(stream(data), 512));
    if let Ok(len) = packet.begin() {
        let _ = packet.rest(len, &mut q);
    }
    let mut answer = data;
    match netstring::qmqp_answer(&mut answer) {
        Ok(c) => assert!(matches!(c, b'K' | b'Z' | b'D')),
        Err(e) => assert_eq!(e, Stop::Gone),
    }
}
