//! The parts of qmail-smtpd that are pure byte handling: the SMTP address
//! parser, the DATA decoder (dot-unstuffing, CRLF to LF, bare-LF refusal,
//! hop counting) and the rcpthosts check. The program (src/bin/qmail-smtpd.rs)
//! does the I/O around them.

use crate::base::cdb::{self, FdSource};
use crate::base::constmap::Constmap;
use crate::base::ip;
use crate::sys::{Errno, OwnedFd};

/// Longest address accepted, with its terminating NUL counted (stock:
/// `addr.len > 900` is a syntax error).
pub const ADDR_MAX: usize = 900;
/// More Received/Delivered-To lines than this and the message is looping.
pub const MAXHOPS: u32 = 100;

/// addrparse: the address of a MAIL or RCPT argument, without its NUL.
/// Takes what follows the first `<` up to `>`, or (no `<`) what follows
/// the first `:` and spaces up to a space; drops a source route
/// (`@a,@b:`), backslash escapes and double quotes. An address ending in
/// `@[ip]` for one of `ipme` becomes `@localiphost` when that is set.
/// None: too long (syntax error).
pub fn addrparse(arg: &[u8], liphost: Option<&[u8]>, ipme: &[ip::IpAddress]) -> Option<Vec<u8>> {
    let mut arg = crate::base::byte::cstr(arg);
    let terminator;
    if let Some(i) = arg.iter().position(|&c| c == b'<') {
        terminator = b'>';
        arg = &arg[i + 1..];
    } else {
        terminator = b' ';
        let i = arg.iter().position(|&c| c == b':').unwrap_or(arg.len());
        arg = &arg[i..];
        if arg.first() == Some(&b':') {
            arg = &arg[1..];
        }
        while arg.first() == Some(&b' ') {
            arg = &arg[1..];
        }
    }
    if arg.first() == Some(&b'@') {
        arg = match arg.iter().position(|&c| c == b':') {
            Some(i) => &arg[i + 1..],
            None => &[],
        };
    }
    let mut addr = Vec::new();
    let (mut esc, mut quoted) = (false, false);
    for &ch in arg {
        if esc {
            addr.push(ch);
            esc = false;
        } else {
            if !quoted && ch == terminator {
                break;
            }
            match ch {
                b'\\' => esc = true,
                b'"' => quoted = !quoted,
                _ => addr.push(ch),
            }
        }
    }
    if let Some(lip) = liphost {
        if let Some(at) = addr.iter().rposition(|&c| c == b'@') {
            let rest = &addr[at + 1..];
            if rest.first() == Some(&b'[') {
                if let Some((ipa, used)) = ip::scan_bracket(rest) {
                    if used == rest.len() && crate::base::ipme::is_me(ipme, &ipa) {
                        addr.truncate(at + 1);
                        addr.extend_from_slice(lip);
                    }
                }
            }
        }
    }
    // the C length counts the NUL
    if addr.len() + 1 > ADDR_MAX {
        return None;
    }
    Some(addr)
}

/// bmfcheck: the address or its `@domain` is in badmailfrom.
pub fn bmfcheck(bmf: Option<&Constmap>, addr: &[u8]) -> bool {
    let Some(m) = bmf else { return false };
    if m.contains(addr) {
        return true;
    }
    match addr.iter().rposition(|&c| c == b'@') {
        Some(j) => m.contains(&addr[j..]),
        None => false,
    }
}

/// control/rcpthosts and control/morercpthosts.cdb.
pub struct RcptHosts {
    /// None when control/rcpthosts does not exist: everything is allowed.
    pub map: Option<Constmap>,
    /// control/morercpthosts.cdb, open for the whole session.
    pub more: Option<OwnedFd>,
}

impl RcptHosts {
    /// rcpthosts_init: control/rcpthosts when it exists, and then
    /// control/morercpthosts.cdb when that exists.
    pub fn init(ctl: &crate::base::control::Control) -> Result<RcptHosts, Errno> {
        let Some(list) = ctl.readfile(b"control/rcpthosts", false)? else {
            return Ok(RcptHosts {
                map: None,
                more: None,
            });
        };
        let map = Constmap::new(&list, false)?;
        let more = match crate::sys::open_read(b"control/morercpthosts.cdb") {
            Ok(fd) => Some(OwnedFd(fd)),
            Err(Errno(libc::ENOENT)) => None,
            Err(e) => return Err(e),
        };
        Ok(RcptHosts {
            map: Some(map),
            more,
        })
    }

    /// rcpthosts: may mail for `addr` come in? Its domain (after the last
    /// `@`), lowercased, and each of its parent domains from a dot on, are
    /// looked for in rcpthosts, then in morercpthosts.cdb. An address
    /// without `@` is allowed. Err: the cdb could not be read.
    pub fn allowed(&self, addr: &[u8]) -> Result<bool, Errno> {
        let Some(map) = &self.map else {
            return Ok(true);
        };
        let Some(at) = addr.iter().rposition(|&c| c == b'@') else {
            return Ok(true);
        };
        let host = addr[at + 1..].to_ascii_lowercase();
        let starts = || (0..host.len()).filter(|&j| j == 0 || host[j] == b'.');
        if starts().any(|j| map.contains(&host[j..])) {
            return Ok(true);
        }
        if let Some(fd) = &self.more {
            for j in starts() {
                let mut src = FdSource(fd.raw());
                if cdb::Finder::default().next(&mut src, &host[j..])?.is_some() {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}

/// What the DATA decoder makes of one byte.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Pass these bytes to the queue: none, the byte, or the byte after
    /// what was held back (a CR, or a `.` and a CR), so at most 3.
    Put(Vec<u8>),
    /// The final `.` line was seen.
    End,
    /// A bare LF: the client must be told and dropped.
    StrayNewline,
}

/// The DATA decoder (stock's blast): SMTP's CRLF lines to LF lines,
/// leading dots unstuffed, the final `.` found, and Received/Delivered-To
/// lines of the header counted as hops.
pub struct Blast {
    state: u8,
    inheader: bool,
    pos: usize,
    maybe_received: bool,
    maybe_crlf: bool,
    maybe_delivered: bool,
    pub hops: u32,
}

impl Default for Blast {
    fn default() -> Self {
        Blast {
            state: 1,
            inheader: true,
            pos: 0,
            maybe_received: true,
            maybe_crlf: true,
            maybe_delivered: true,
            hops: 0,
        }
    }
}

impl Blast {
    fn count(&mut self, ch: u8) {
        if !self.inheader {
            return;
        }
        let p = self.pos;
        if p < 9 {
            if ch != b"delivered"[p] && ch != b"DELIVERED"[p] {
                self.maybe_delivered = false;
            }
            if self.maybe_delivered && p == 8 {
                self.hops += 1;
            }
            if p < 8 && ch != b"received"[p] && ch != b"RECEIVED"[p] {
                self.maybe_received = false;
            }
            if self.maybe_received && p == 7 {
                self.hops += 1;
            }
            if p < 2 && ch != b"\r\n"[p] {
                self.maybe_crlf = false;
            }
            if self.maybe_crlf && p == 1 {
                self.inheader = false;
            }
            self.pos += 1;
        }
        if ch == b'\n' {
            self.pos = 0;
            self.maybe_received = true;
            self.maybe_crlf = true;
            self.maybe_delivered = true;
        }
    }

    /// Feeds one byte of the DATA stream.
    pub fn step(&mut self, ch: u8) -> Step {
        self.count(ch);
        let mut out = Vec::new();
        match self.state {
            0 => {
                if ch == b'\n' {
                    return Step::StrayNewline;
                }
                if ch == b'\r' {
                    self.state = 4;
                    return Step::Put(out);
                }
            }
            1 => {
                if ch == b'\n' {
                    return Step::StrayNewline;
                }
                if ch == b'.' {
                    self.state = 2;
                    return Step::Put(out);
                }
                if ch == b'\r' {
                    self.state = 4;
                    return Step::Put(out);
                }
                self.state = 0;
            }
            2 => {
                if ch == b'\n' {
                    return Step::StrayNewline;
                }
                if ch == b'\r' {
                    self.state = 3;
                    return Step::Put(out);
                }
                self.state = 0;
            }
            3 => {
                if ch == b'\n' {
                    return Step::End;
                }
                out.extend_from_slice(b".\r");
                if ch == b'\r' {
                    self.state = 4;
                    return Step::Put(out);
                }
                self.state = 0;
            }
            _ => {
                if ch == b'\n' {
                    self.state = 1;
                } else if ch != b'\r' {
                    out.push(b'\r');
                    self.state = 0;
                }
            }
        }
        out.push(ch);
        Step::Put(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &str) -> Option<String> {
        addrparse(a.as_bytes(), None, &[]).map(|v| String::from_utf8_lossy(&v).into_owned())
    }

    #[test]
    fn smtp_addresses_are_parsed_like_stock_from_any_syntax() {
        assert_eq!(p("FROM:<a@b>"), Some("a@b".into()));
        assert_eq!(p("from: a@b junk"), Some("a@b".into()));
        assert_eq!(p("to:<@r1,@r2:u@d>"), Some("u@d".into()));
        assert_eq!(p("to:<\"a b\"@c>"), Some("a b@c".into()));
        assert_eq!(p("to:<a\\>b@c>"), Some("a>b@c".into()));
        assert_eq!(p("to:<a"), Some("a".into()));
        assert_eq!(p("to:<>"), Some("".into()));
        assert_eq!(p("nothing"), Some("".into()));
        assert_eq!(
            p(&format!("to:<{}>", "a".repeat(899))),
            Some("a".repeat(899))
        );
        assert_eq!(p(&format!("to:<{}>", "a".repeat(900))), None);
    }

    #[test]
    fn localiphost_replaces_our_bracketed_address() {
        let me = [ip::IpAddress([127, 0, 0, 1])];
        let lip = Some(&b"here.example"[..]);
        let a = |s: &str| addrparse(s.as_bytes(), lip, &me);
        assert_eq!(a("to:<u@[127.0.0.1]>"), Some(b"u@here.example".to_vec()));
        assert_eq!(a("to:<u@[127.0.0.2]>"), Some(b"u@[127.0.0.2]".to_vec()));
        assert_eq!(a("to:<u@[127.0.0.1]x>"), Some(b"u@[127.0.0.1]x".to_vec()));
    }

    fn blast(input: &[u8]) -> (Vec<u8>, Option<Step>, u32) {
        let mut b = Blast::default();
        let mut out = Vec::new();
        for &c in input {
            match b.step(c) {
                Step::Put(v) => out.extend(v),
                s => return (out, Some(s), b.hops),
            }
        }
        (out, None, b.hops)
    }

    #[test]
    fn data_decoding() {
        let (o, s, h) = blast(b"Received: x\r\nDelivered-To: y\r\n\r\n..dot\r\nbare\rcr\r\n.\r\n");
        assert_eq!(o, b"Received: x\nDelivered-To: y\n\n.dot\nbare\rcr\n");
        assert_eq!(s, Some(Step::End));
        assert_eq!(h, 2);
        assert_eq!(blast(b"a\nb").1, Some(Step::StrayNewline));
        assert_eq!(blast(b"a\r\n.x\r\n.\r\n").0, b"a\nx\n");
        assert_eq!(blast(b"a\r\n.\rx\r\n.\r\n").0, b"a\n.\rx\n");
        // hops are counted only in the header
        assert_eq!(blast(b"a: b\r\n\r\nReceived: x\r\n.\r\n").2, 0);
    }
}
