//! DNS through the system resolver, the way qmail's dns.c does it: one
//! question at a time with res_query (or res_search when asked), and the
//! answer walked record by record from a buffer the process keeps.
//!
//! What every outcome means is stock's: a resolver failure is temporary
//! (`Soft`) when errno is ECONNREFUSED or h_errno is TRY_AGAIN, else
//! permanent (`Hard`); a packet that does not parse where it is read is
//! `Soft`. The walk is lazy like stock's: a damaged record after the one
//! that answers the question is never looked at, an A record's four bytes
//! are read even when the packet ends first (the bytes left in the buffer
//! by earlier answers count, as in C), and a record's data length moves the
//! cursor even past the end, which only fails at the next record.
//!
//! Two deliberate changes, both taken from a later qmail release (docs/DEVIATIONS.md):
//! an answer that does not fit 512 bytes, or comes back truncated, is asked
//! again over TCP into a buffer of 64 KiB (stock cut it at 512 bytes and
//! usually deferred for ever); and `cname` asks for CNAME records instead
//! of ANY, which RFC 8482 servers no longer answer in full.
//!
//! The packets are parsed here by hand, not with hickory-proto: the
//! classification into Soft/Hard/found must be stock's down to how a
//! malformed packet fails, and that depends on reading as lazily as dns.c
//! does and on glibc's dn_expand rules (its 255-byte name limit, its loop
//! check, its escaping of odd bytes in the printed name). A crate that
//! validates the whole message first would turn answers stock accepts into
//! failures and print names differently.

use crate::base::ip::{self, IpAddress};
use crate::sys::resolv;
use std::cell::RefCell;

/// How a lookup failed (DNS_SOFT, DNS_HARD, DNS_MEM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsError {
    /// Temporary: try again later.
    Soft,
    /// Permanent: no such name or no such data.
    Hard,
    /// Out of memory.
    Mem,
}

/// One address with its MX preference (struct ip_mx).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpMx {
    pub ip: IpAddress,
    pub pref: i32,
    /// The name the address was found for (the exchanger's, or the
    /// relay's); empty for an address given literally. qmail-remote's TLS
    /// looks it up in control/tlshosts/ and verifies certificates for it.
    pub fqdn: Vec<u8>,
}

const T_A: u16 = 1;
const T_CNAME: u16 = 5;
const T_PTR: u16 = 12;
const T_MX: u16 = 15;

/// The first buffer: one byte more than a UDP answer may have, so an
/// answer that filled it is known to be cut.
const FIRST_BUF: usize = 512 + 1;
/// The buffer for the second try, over TCP.
const BIG_BUF: usize = 65536;
/// The fixed header of a message.
const HEADER: usize = 12;
/// The type and class after a question's name.
const QFIXED: usize = 4;
/// The longest name in wire form dn_expand accepts (NS_MAXCDNAME).
const MAX_WIRE_NAME: usize = 255;

/// The state dns.c keeps in statics between calls.
struct State {
    search: bool,
    /// The answer buffer; it keeps old bytes past the current answer.
    buf: Vec<u8>,
    /// End of the current answer within `buf`.
    end: usize,
    /// The read cursor; may pass `end` after a record's data length.
    pos: usize,
    numanswers: i32,
    /// The last name read.
    name: Vec<u8>,
    /// The last A record's address.
    ip: IpAddress,
    /// The last MX record's preference.
    pref: u16,
}

thread_local! {
    static STATE: RefCell<State> = const { RefCell::new(State {
        search: false,
        buf: Vec::new(),
        end: 0,
        pos: 0,
        numanswers: 0,
        name: Vec::new(),
        ip: IpAddress([0; 4]),
        pref: 0,
    }) };
}

/// dns_init: reads the resolver configuration; `flagsearch` makes every
/// later question use the resolv.conf search list (res_search).
pub fn init(flagsearch: bool) {
    resolv::res_init();
    if flagsearch {
        STATE.with(|s| s.borrow_mut().search = true);
    }
}

/// What one record step found (findname, findip, findmx).
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// A record of the wanted type (1).
    Found,
    /// A record of another type (0).
    Other,
    /// No records left (2).
    Done,
}

/// dn_expand as glibc does it: the name at `src` in `msg[..eom]`, with
/// compression, in printed form (`.` between labels; `.;\()@$"` escaped
/// with a backslash; bytes outside 0x21-0x7e as `\DDD`; the root as the
/// empty name), and how many bytes the name takes at `src`. None where
/// glibc fails: `src` outside the message, a label or pointer past the end,
/// a pointer at or past the end, a label type other than plain or pointer,
/// a name over 255 bytes in wire form, or more pointer hops than the
/// message has bytes (a loop).
fn expand(msg: &[u8], eom: usize, src: usize) -> Option<(Vec<u8>, usize)> {
    let eom = eom.min(msg.len());
    if src >= eom {
        return None;
    }
    let mut out: Vec<u8> = Vec::new();
    let mut wire = 0usize; // bytes of the wire form so far, without the final 0
    let mut checked = 0usize;
    let mut used: Option<usize> = None;
    let mut p = src;
    loop {
        let n = usize::from(msg[p]);
        p += 1;
        if n == 0 {
            break;
        }
        match n & 0xc0 {
            0 => {
                // Room for the label and its length byte, and still one
                // byte for the final 0 within 255; the label must end
                // before eom.
                if n + 1 >= MAX_WIRE_NAME - wire || n >= eom - p {
                    return None;
                }
                checked += n + 1;
                wire += n + 1;
                if wire > n + 1 {
                    out.push(b'.');
                }
                for &c in &msg[p..p + n] {
                    match c {
                        b'"' | b'.' | b';' | b'\\' | b'(' | b')' | b'@' | b'$' => {
                            out.push(b'\\');
                            out.push(c);
                        }
                        0x21..=0x7e => out.push(c),
                        _ => {
                            out.push(b'\\');
                            out.push(b'0' + c / 100);
                            out.push(b'0' + (c % 100) / 10);
                            out.push(b'0' + c % 10);
                        }
                    }
                }
                p += n;
            }
            0xc0 => {
                if p >= eom {
                    return None;
                }
                if used.is_none() {
                    used = Some(p - src + 1);
                }
                let target = ((n & 0x3f) << 8) | usize::from(msg[p]);
                if target >= eom {
                    return None;
                }
                p = target;
                checked += 2;
                if checked >= eom {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some((out, used.unwrap_or_else(|| p - src)))
}

fn short(buf: &[u8], at: usize) -> u16 {
    (u16::from(byte(buf, at)) << 8) | u16::from(byte(buf, at + 1))
}

/// A byte of the buffer; past its end (where C would read whatever lies
/// after its array) a 0.
fn byte(buf: &[u8], at: usize) -> u8 {
    buf.get(at).copied().unwrap_or(0)
}

impl State {
    /// resolve: asks the question and steps over the question section.
    /// Ok(()) leaves the cursor on the first answer record.
    fn resolve(&mut self, domain: &[u8], qtype: u16) -> Result<(), DnsError> {
        if self.buf.is_empty() {
            let mut b = Vec::new();
            b.try_reserve_exact(FIRST_BUF).map_err(|_| DnsError::Mem)?;
            b.resize(FIRST_BUF, 0);
            self.buf = b;
        }
        resolv::clear_errno();
        let mut o = resolv::query(domain, qtype, self.search, false, &mut self.buf);
        let cut = o.len >= 0 && o.len as usize >= self.buf.len();
        let tc = o.len > 0 && self.buf.len() > 2 && self.buf[2] & 0x02 != 0;
        if (cut || tc) && self.buf.len() < BIG_BUF {
            self.buf
                .try_reserve_exact(BIG_BUF - self.buf.len())
                .map_err(|_| DnsError::Mem)?;
            self.buf.resize(BIG_BUF, 0);
            o = resolv::query(domain, qtype, self.search, true, &mut self.buf);
        }
        if o.len <= 0 {
            if o.errno == libc::ECONNREFUSED || o.h_errno == resolv::TRY_AGAIN {
                return Err(DnsError::Soft);
            }
            return Err(DnsError::Hard);
        }
        self.start(o.len as usize)
    }

    /// The answer of `len` bytes is in the buffer: steps over the
    /// question section and counts the answers.
    fn start(&mut self, len: usize) -> Result<(), DnsError> {
        self.end = len.min(self.buf.len());
        self.pos = HEADER;
        let mut n = short(&self.buf, 4);
        while n > 0 {
            n -= 1;
            let (_, used) = expand(&self.buf, self.end, self.pos).ok_or(DnsError::Soft)?;
            self.pos += used;
            if self.end - self.pos < QFIXED {
                return Err(DnsError::Soft);
            }
            self.pos += QFIXED;
        }
        self.numanswers = i32::from(short(&self.buf, 6));
        Ok(())
    }

    /// The part every record step shares: the owner name and the fixed
    /// fields. Returns the record's type and data length, with the cursor
    /// on its data.
    fn record_head(&mut self) -> Result<Option<(u16, usize)>, DnsError> {
        if self.numanswers <= 0 {
            return Ok(None);
        }
        self.numanswers -= 1;
        if self.pos == self.end {
            return Err(DnsError::Soft);
        }
        let (name, used) = expand(&self.buf, self.end, self.pos).ok_or(DnsError::Soft)?;
        self.name = name;
        self.pos += used;
        if self.end - self.pos < 4 + 3 * 2 {
            return Err(DnsError::Soft);
        }
        let rrtype = short(&self.buf, self.pos);
        let rrdlen = usize::from(short(&self.buf, self.pos + 8));
        self.pos += 10;
        Ok(Some((rrtype, rrdlen)))
    }

    /// findname: the next record; a name-valued one of `want` loads `name`.
    fn findname(&mut self, want: u16) -> Result<Step, DnsError> {
        let Some((rrtype, rrdlen)) = self.record_head()? else {
            return Ok(Step::Done);
        };
        if rrtype == want {
            let (name, _) = expand(&self.buf, self.end, self.pos).ok_or(DnsError::Soft)?;
            self.name = name;
            self.pos += rrdlen;
            return Ok(Step::Found);
        }
        self.pos += rrdlen;
        Ok(Step::Other)
    }

    /// findip: the next record; an A record loads `ip`.
    fn findip(&mut self, want: u16) -> Result<Step, DnsError> {
        let Some((rrtype, rrdlen)) = self.record_head()? else {
            return Ok(Step::Done);
        };
        if rrtype == want {
            if rrdlen < 4 {
                return Err(DnsError::Soft);
            }
            let p = self.pos;
            self.ip = IpAddress([
                byte(&self.buf, p),
                byte(&self.buf, p + 1),
                byte(&self.buf, p + 2),
                byte(&self.buf, p + 3),
            ]);
            self.pos += rrdlen;
            return Ok(Step::Found);
        }
        self.pos += rrdlen;
        Ok(Step::Other)
    }

    /// findmx: the next record; an MX record loads `pref` and `name`.
    fn findmx(&mut self, want: u16) -> Result<Step, DnsError> {
        let Some((rrtype, rrdlen)) = self.record_head()? else {
            return Ok(Step::Done);
        };
        if rrtype == want {
            if rrdlen < 3 {
                return Err(DnsError::Soft);
            }
            self.pref = short(&self.buf, self.pos);
            let (name, _) = expand(&self.buf, self.end, self.pos + 2).ok_or(DnsError::Soft)?;
            self.name = name;
            self.pos += rrdlen;
            return Ok(Step::Found);
        }
        self.pos += rrdlen;
        Ok(Step::Other)
    }
}

/// Walks `packet` as the lookups walk an answer, without asking anyone:
/// the question section, then each answer record through the step of
/// `kind` (0 names as for CNAME and PTR, 1 addresses, 2 MX). Returns how
/// many records of the wanted type were found. Here for the fuzz targets
/// and the corpus replay (fuzz/targets.rs).
pub fn walk_answer(packet: &[u8], kind: u8) -> Result<usize, DnsError> {
    let mut s = State {
        search: false,
        buf: packet.to_vec(),
        end: 0,
        pos: 0,
        numanswers: 0,
        name: Vec::new(),
        ip: IpAddress([0; 4]),
        pref: 0,
    };
    s.start(packet.len())?;
    let mut found = 0;
    loop {
        let step = match kind {
            0 => s.findname(T_CNAME)?,
            1 => s.findip(T_A)?,
            _ => s.findmx(T_MX)?,
        };
        match step {
            Step::Found => found += 1,
            Step::Other => {}
            Step::Done => return Ok(found),
        }
    }
}

fn with_state<T>(f: impl FnOnce(&mut State) -> T) -> T {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

/// The part of a name C sees: up to its first NUL.
fn c_str(name: &[u8]) -> &[u8] {
    let cut = name.iter().position(|&c| c == 0).unwrap_or(name.len());
    &name[..cut]
}

/// dns_cname: follows CNAME records from `name`, rewriting it, for at most
/// ten steps. Ok(n) is the number of steps taken when the name needs no
/// more (it is empty, ends in `]`, has no CNAME or does not exist); a
/// trailing dot is dropped and counts as a step. Ten steps without an end
/// is a loop: `Hard`.
pub fn cname(name: &mut Vec<u8>) -> Result<i32, DnsError> {
    for step in 0..10 {
        match name.last() {
            None => return Ok(step),
            Some(b']') => return Ok(step),
            Some(b'.') => {
                name.pop();
                continue;
            }
            Some(_) => {}
        }
        let found = with_state(|s| -> Result<Option<Vec<u8>>, DnsError> {
            match s.resolve(name, T_CNAME) {
                Err(DnsError::Hard) => return Ok(None),
                Err(e) => return Err(e),
                Ok(()) => {}
            }
            loop {
                match s.findname(T_CNAME)? {
                    Step::Found => return Ok(Some(std::mem::take(&mut s.name))),
                    Step::Other => {}
                    Step::Done => return Ok(None),
                }
            }
        })?;
        match found {
            Some(target) => *name = target,
            None => return Ok(step),
        }
    }
    Err(DnsError::Hard)
}

/// The name dns_ptr asks for: `d.c.b.a.in-addr.arpa.`.
fn reverse_name(ip: &IpAddress) -> Vec<u8> {
    let mut v = Vec::with_capacity(30);
    for d in ip.0.iter().rev() {
        v.extend_from_slice(&crate::base::fmt::ulong(u64::from(*d)));
        v.push(b'.');
    }
    v.extend_from_slice(b"in-addr.arpa.");
    v
}

/// dns_ptr: the first PTR name of `ip` into `out`. No PTR record in the
/// answer is `Hard`. `out` holds the reverse name asked for when the
/// lookup fails, as stock leaves it.
pub fn ptr(out: &mut Vec<u8>, ip: &IpAddress) -> Result<(), DnsError> {
    *out = reverse_name(ip);
    let name = with_state(|s| -> Result<Vec<u8>, DnsError> {
        s.resolve(out, T_PTR)?;
        loop {
            match s.findname(T_PTR)? {
                Step::Found => return Ok(std::mem::take(&mut s.name)),
                Step::Other => {}
                Step::Done => return Err(DnsError::Hard),
            }
        }
    })?;
    *out = name;
    Ok(())
}

fn push(out: &mut Vec<IpMx>, ix: IpMx) -> Result<(), DnsError> {
    out.try_reserve(1).map_err(|_| DnsError::Mem)?;
    out.push(ix);
    Ok(())
}

/// A name that is a whole dotted quad, bare or in brackets.
fn literal(name: &[u8]) -> Option<IpAddress> {
    let name = c_str(name);
    if name.is_empty() {
        return None;
    }
    if let Some((a, n)) = ip::scan(name) {
        if n == name.len() {
            return Some(a);
        }
    }
    match ip::scan_bracket(name) {
        Some((a, n)) if n == name.len() => Some(a),
        _ => None,
    }
}

/// dns_ipplus: appends the A records of `name` with preference `pref`; a
/// literal address is appended as it is, with preference 0.
fn ipplus(out: &mut Vec<IpMx>, name: &[u8], pref: i32) -> Result<(), DnsError> {
    if let Some(a) = literal(name) {
        return push(
            out,
            IpMx {
                ip: a,
                pref: 0,
                fqdn: Vec::new(),
            },
        );
    }
    with_state(|s| -> Result<(), DnsError> {
        s.resolve(name, T_A)?;
        loop {
            match s.findip(T_A)? {
                Step::Found => push(
                    out,
                    IpMx {
                        ip: s.ip,
                        pref,
                        fqdn: c_str(name).to_vec(),
                    },
                )?,
                Step::Other => {}
                Step::Done => return Ok(()),
            }
        }
    })
}

/// dns_ip: the addresses of `name` (or the literal it is), preference 0.
pub fn ip(out: &mut Vec<IpMx>, name: &[u8]) -> Result<(), DnsError> {
    out.clear();
    ipplus(out, name, 0)
}

/// An exchanger: its name and preference.
type Mx = (Vec<u8>, u16);

/// Which exchanger comes next: the first of the lowest preference, where
/// each later one of the same preference takes its place when the next
/// number of the linear congruential sequence (x * 69069 + 1) says so, with
/// the odds 1/k for the k-th of them. The chosen one leaves the list by
/// swapping in the last, as stock does, which shapes the next draw.
fn pick(mx: &[Mx], random: &mut u64) -> usize {
    let mut i = 0;
    let mut numsame: u64 = 1;
    for j in 1..mx.len() {
        if mx[j].1 < mx[i].1 {
            i = j;
            numsame = 1;
        } else if mx[j].1 == mx[i].1 {
            numsame += 1;
            *random = random.wrapping_mul(69069).wrapping_add(1);
            if *random / 2 < 2147483647 / numsame {
                i = j;
            }
        }
    }
    i
}

/// dns_mxip: the addresses of the mail exchangers of `name`, best
/// preference first; among equal preferences the order is drawn from
/// `random` exactly as stock draws it. A literal address stands for
/// itself; no MX records (or no such name for MX) falls back to `ip`.
///
/// Ok(0) when every exchanger was looked up; Ok(1) when some exchanger's
/// lookup failed temporarily (stock's return value 1: the list holds what
/// was found, possibly nothing, and the caller decides).
pub fn mxip(out: &mut Vec<IpMx>, name: &[u8], random: u64) -> Result<i32, DnsError> {
    out.clear();
    if let Some(a) = literal(name) {
        push(
            out,
            IpMx {
                ip: a,
                pref: 0,
                fqdn: Vec::new(),
            },
        )?;
        return Ok(0);
    }
    let mxs = with_state(|s| -> Result<Option<Vec<Mx>>, DnsError> {
        match s.resolve(name, T_MX) {
            Err(DnsError::Hard) => return Ok(None),
            Err(e) => return Err(e),
            Ok(()) => {}
        }
        let mut mx: Vec<Mx> = Vec::new();
        mx.try_reserve(usize::try_from(s.numanswers).unwrap_or(0))
            .map_err(|_| DnsError::Mem)?;
        loop {
            match s.findmx(T_MX)? {
                Step::Found => {
                    mx.try_reserve(1).map_err(|_| DnsError::Mem)?;
                    mx.push((std::mem::take(&mut s.name), s.pref));
                }
                Step::Other => {}
                Step::Done => return Ok(Some(mx)),
            }
        }
    })?;
    let mut mx = match mxs {
        Some(mx) if !mx.is_empty() => mx,
        _ => {
            ip(out, name)?;
            return Ok(0);
        }
    };
    let mut random = random;
    let mut soft = 0;
    while !mx.is_empty() {
        let i = pick(&mx, &mut random);
        let (host, p) = mx.swap_remove(i);
        if let Err(DnsError::Mem | DnsError::Soft) = ipplus(out, &host, i32::from(p)) {
            soft = 1;
        }
    }
    Ok(soft)
}

/// dnsdoe: how the build-tree dns* tools end when a lookup fails: the
/// line for fd 2 and the exit code.
pub fn doe(e: DnsError) -> (&'static [u8], i32) {
    match e {
        DnsError::Hard => (b"hard error\n", 100),
        DnsError::Soft => (b"soft error\n", 111),
        DnsError::Mem => (b"out of memory\n", 111),
    }
}

#[cfg(test)]
mod tests;
