//! The netstring readers of QMTP and QMQP: what qmail-qmtpd and
//! qmail-qmqpd read from their client, and the answer qmail-qmqpc reads
//! from its server.
//!
//! A netstring is `LEN:BYTES,`. The servers read it byte by byte, as
//! stock does: a length is taken digit by digit, where any byte counts as
//! its distance from `0` (so a non-digit makes a strange length rather
//! than an error), and a length that has passed [`LEN_MAX`] when another
//! byte comes is refused as too much to take. The message bytes go to the
//! queue as they arrive; nothing here holds more than one address (under
//! 1000 bytes) and one status byte per recipient, so no input makes these
//! readers allocate without bound.
//!
//! Every reader stops with a [`Stop`] instead of ending the process; the
//! program turns it into its exit code ([`Stop::exit_code`]).

use crate::base::stralloc;
use crate::base::substdio::{Buf, In, ReadOp};
use crate::queue::qmail::Qmail;

/// A length past this when another digit comes is refused (exit 111).
pub const LEN_MAX: u64 = 200_000_000;
/// Addresses of this many bytes or more are not taken.
pub const ADDR_LIMIT: u64 = 1000;

/// Why a reader stopped before the end of its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The peer broke the framing: a missing comma, a zero message
    /// length, a bad first byte, a recipient overrunning its list, or
    /// (QMQP) a read past the packet.
    Proto,
    /// A length too large to take, out of memory, or the receiving side
    /// failed (rcpthosts unreadable, no queue).
    Resources,
    /// The input ended or could not be read.
    Gone,
}

impl Stop {
    /// The servers' exit code: 100 for a protocol violation, 111 for a
    /// lack of resources, 0 when the client has gone.
    pub fn exit_code(self) -> i32 {
        match self {
            Stop::Proto => 100,
            Stop::Resources => 111,
            Stop::Gone => 0,
        }
    }
}

/// Where a reader takes its bytes from, one at a time.
pub trait Source {
    fn byte(&mut self) -> Result<u8, Stop>;
}

/// A buffered input: end of input or a read error is [`Stop::Gone`].
impl<R: ReadOp, B: Buf> Source for In<R, B> {
    fn byte(&mut self) -> Result<u8, Stop> {
        let mut c = [0u8; 1];
        match self.get(&mut c) {
            Ok(1) => Ok(c[0]),
            _ => Err(Stop::Gone),
        }
    }
}

impl<S: Source + ?Sized> Source for &mut S {
    fn byte(&mut self) -> Result<u8, Stop> {
        (**self).byte()
    }
}

/// Bytes in memory (the fuzz targets and the tests).
impl Source for &[u8] {
    fn byte(&mut self) -> Result<u8, Stop> {
        let (&c, rest) = self.split_first().ok_or(Stop::Gone)?;
        *self = rest;
        Ok(c)
    }
}

/// The queue side of a server: message bytes, then the envelope. Stock's
/// qmail_put/qmail_fail/qmail_from/qmail_to.
pub trait Queue {
    fn put(&mut self, s: &[u8]);
    fn fail(&mut self);
    fn from(&mut self, s: &[u8]);
    fn to(&mut self, s: &[u8]);
}

impl Queue for Qmail {
    fn put(&mut self, s: &[u8]) {
        Qmail::put(self, s);
    }
    fn fail(&mut self) {
        Qmail::fail(self);
    }
    fn from(&mut self, s: &[u8]) {
        Qmail::from(self, s);
    }
    fn to(&mut self, s: &[u8]) {
        Qmail::to(self, s);
    }
}

/// One more digit of a length: the byte's distance from `0` (the byte
/// taken as a signed char), with the arithmetic of an unsigned long.
fn digit(len: u64, ch: u8) -> u64 {
    len.wrapping_mul(10)
        .wrapping_add((i64::from(ch as i8) - i64::from(b'0')) as u64)
}

/// A netstring's length, up to and including its colon.
pub fn length<S: Source>(src: &mut S) -> Result<u64, Stop> {
    let mut len = 0u64;
    loop {
        let ch = src.byte()?;
        if ch == b':' {
            return Ok(len);
        }
        if len > LEN_MAX {
            return Err(Stop::Resources);
        }
        len = digit(len, ch);
    }
}

/// The comma that ends a netstring.
pub fn comma<S: Source>(src: &mut S) -> Result<(), Stop> {
    if src.byte()? == b',' {
        Ok(())
    } else {
        Err(Stop::Proto)
    }
}

/// A source that may give only `left` bytes more; reading past them is a
/// protocol error. QMQP's packet bounds everything inside it this way, and
/// QMTP's recipient list bounds each recipient's length.
pub struct Bounded<S> {
    pub src: S,
    pub left: u64,
}

impl<S: Source> Source for Bounded<S> {
    fn byte(&mut self) -> Result<u8, Stop> {
        if self.left == 0 {
            return Err(Stop::Proto);
        }
        self.left -= 1;
        self.src.byte()
    }
}

/// QMTP as qmail-qmtpd reads it: a series of messages, each three
/// netstrings: the message (its first byte, LF or CR, says whether lines
/// end in LF or CRLF), the sender, and the recipients (netstrings inside
/// one netstring).
pub struct Qmtp {
    /// The largest message taken; 0 for no limit.
    pub databytes: u32,
    /// RELAYCLIENT: appended to every recipient, and rcpthosts is not
    /// asked.
    pub relayclient: Option<Vec<u8>>,
}

/// A QMTP message read to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// One byte per recipient: 0 taken (it gets the message's answer),
    /// `D` not in rcpthosts, `L` too long, `N` with a NUL.
    pub failure: Vec<u8>,
    /// The sender was under 1000 bytes and without NUL.
    pub senderok: bool,
    /// The message was over the databytes limit.
    pub toobig: bool,
}

impl Message {
    /// The message's answer, from qmail-queue's `close` (the refusal
    /// text, or the `Kok ...` text when it was queued).
    pub fn result(&self, closed: Vec<u8>) -> Vec<u8> {
        if self.toobig {
            b"Dsorry, that message size exceeds my databytes limit (#5.3.4)".to_vec()
        } else if !self.senderok {
            b"Dunacceptable sender (#5.1.7)".to_vec()
        } else {
            closed
        }
    }

    /// The answers to send: one netstring per recipient, in order.
    pub fn answers(&self, result: &[u8]) -> Vec<u8> {
        let answer = crate::base::fmt::netstring(result);
        let mut out = Vec::new();
        for f in &self.failure {
            out.extend_from_slice(match f {
                0 => &answer[..],
                b'D' => b"66:Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1),",
                _ => b"46:Dsorry, I can't handle that recipient (#5.1.3),",
            });
        }
        out
    }

    /// Some recipient went to the queue.
    pub fn bother(&self) -> bool {
        self.failure.contains(&0)
    }
}

impl Qmtp {
    /// The limit as DATABYTES or control/databytes gives it: the largest
    /// value is one less, as in stock.
    pub fn new(databytes: u32, relayclient: Option<Vec<u8>>) -> Qmtp {
        Qmtp {
            databytes: if databytes == u32::MAX {
                databytes - 1
            } else {
                databytes
            },
            relayclient,
        }
    }

    /// A message's length; a message cannot be empty. The server starts
    /// its queue program after this.
    pub fn length<S: Source>(src: &mut S) -> Result<u64, Stop> {
        match length(src)? {
            0 => Err(Stop::Proto),
            n => Ok(n),
        }
    }

    /// The message's first byte: true for CRLF lines, false for LF.
    pub fn dos<S: Source>(src: &mut S) -> Result<bool, Stop> {
        match src.byte()? {
            b'\n' => Ok(false),
            b'\r' => Ok(true),
            _ => Err(Stop::Proto),
        }
    }

    /// The rest of a message whose first byte was read (`len` bytes more
    /// of it): its text to the queue (CRLF made LF when `dos`), the sender
    /// and the recipients. `allowed` is rcpthosts, asked for every
    /// recipient of usable length when there is no RELAYCLIENT.
    pub fn rest<S, Q, A>(
        &self,
        src: &mut S,
        mut len: u64,
        dos: bool,
        qq: &mut Q,
        mut allowed: A,
    ) -> Result<Message, Stop>
    where
        S: Source,
        Q: Queue,
        A: FnMut(&[u8]) -> Result<bool, Stop>,
    {
        // Counts down to 0 on the byte that passes databytes.
        let mut tooverflow: u32 = if self.databytes != 0 {
            self.databytes + 1
        } else {
            0
        };
        let mut count = |qq: &mut Q| {
            if tooverflow != 0 {
                tooverflow -= 1;
                if tooverflow == 0 {
                    qq.fail();
                }
            }
        };
        if dos {
            while len > 0 {
                let mut ch = src.byte()?;
                len -= 1;
                while ch == b'\r' && len > 0 {
                    ch = src.byte()?;
                    len -= 1;
                    if ch == b'\n' {
                        break;
                    }
                    count(qq);
                    qq.put(b"\r");
                }
                count(qq);
                qq.put(&[ch]);
            }
        } else {
            if self.databytes != 0 && len > u64::from(self.databytes) {
                tooverflow = 0;
                qq.fail();
            }
            while len > 0 {
                let ch = src.byte()?;
                len -= 1;
                qq.put(&[ch]);
            }
        }
        comma(src)?;

        let mut senderok = true;
        let len = length(src)?;
        let mut sender = Vec::new();
        if len >= ADDR_LIMIT {
            senderok = false;
            for _ in 0..len {
                src.byte()?;
            }
        } else {
            for _ in 0..len {
                let c = src.byte()?;
                if c == 0 {
                    senderok = false;
                }
                sender.push(c);
            }
        }
        comma(src)?;
        qq.from(&sender);
        if !senderok {
            qq.fail();
        }

        let relaylen = self.relayclient.as_ref().map_or(0, |r| r.len() as u64);
        let mut failure = Vec::new();
        let mut biglen = length(src)?;
        while biglen > 0 {
            stralloc::append(&mut failure, 0).map_err(|_| Stop::Resources)?;
            let mut list = Bounded {
                src: &mut *src,
                left: biglen,
            };
            let len = length(&mut list)?;
            biglen = list.left;
            if len >= biglen {
                return Err(Stop::Proto);
            }
            let mut mark = 0u8;
            // Stock adds the two as unsigned longs; a sum that wraps
            // would let it copy a huge address into its 1000-byte buffer.
            // Here such a length is too long, as it is.
            if len.saturating_add(relaylen) >= ADDR_LIMIT {
                mark = b'L';
                for _ in 0..len {
                    src.byte()?;
                }
            } else {
                let mut addr = Vec::new();
                for _ in 0..len {
                    let c = src.byte()?;
                    if c == 0 {
                        mark = b'N';
                    }
                    addr.push(c);
                }
                match &self.relayclient {
                    Some(rc) => addr.extend_from_slice(rc),
                    None => {
                        if !allowed(&addr)? {
                            mark = b'D';
                        }
                    }
                }
                if mark == 0 {
                    qq.to(&addr);
                }
            }
            if let Some(f) = failure.last_mut() {
                *f = mark;
            }
            comma(src)?;
            biglen -= len + 1;
        }
        comma(src)?;
        Ok(Message {
            failure,
            senderok,
            toobig: self.databytes != 0 && tooverflow == 0,
        })
    }
}

/// QMQP as qmail-qmqpd reads it: one netstring holding the message, the
/// sender and the recipients as netstrings. Before the packet's length is
/// known, at most 100 bytes may be read.
pub struct Qmqp<S> {
    input: Bounded<S>,
}

impl<S: Source> Qmqp<S> {
    pub fn new(src: S) -> Qmqp<S> {
        Qmqp {
            input: Bounded { src, left: 100 },
        }
    }

    /// The packet's length, which bounds the rest, and the message's.
    /// The server starts its queue program after this.
    pub fn begin(&mut self) -> Result<u64, Stop> {
        self.input.left = length(&mut self.input)?;
        length(&mut self.input)
    }

    /// One address netstring: Some(address) when it can be taken (under
    /// 1000 bytes, no NUL).
    fn address(&mut self) -> Result<Option<Vec<u8>>, Stop> {
        let len = length(&mut self.input)?;
        if len >= ADDR_LIMIT {
            for _ in 0..len {
                self.input.byte()?;
            }
            comma(&mut self.input)?;
            return Ok(None);
        }
        let mut v = Vec::new();
        for _ in 0..len {
            v.push(self.input.byte()?);
        }
        comma(&mut self.input)?;
        Ok((!v.contains(&0)).then_some(v))
    }

    /// The rest of the packet: the message's `len` bytes to the queue,
    /// the sender and the recipients to its envelope, and the packet's
    /// comma. Ok(false): an address could not be taken (the message
    /// failed).
    pub fn rest<Q: Queue>(&mut self, mut len: u64, qq: &mut Q) -> Result<bool, Stop> {
        while len > 0 {
            let ch = self.input.byte()?;
            len -= 1;
            qq.put(&[ch]);
        }
        comma(&mut self.input)?;
        let mut ok = true;
        match self.address()? {
            Some(s) => qq.from(&s),
            None => {
                qq.from(b"");
                qq.fail();
                ok = false;
            }
        }
        while self.input.left > 0 {
            match self.address()? {
                Some(r) => qq.to(&r),
                None => {
                    qq.fail();
                    ok = false;
                }
            }
        }
        // The packet's own comma follows its last byte.
        self.input.left = 1;
        comma(&mut self.input)?;
        Ok(ok)
    }
}

/// A QMQP server's answer as qmail-qmqpc reads it: the first `K`
/// (accepted), `Z` (try later) or `D` (refused) byte decides, and every
/// other byte is passed over, netstring or not.
pub fn qmqp_answer<S: Source>(src: &mut S) -> Result<u8, Stop> {
    loop {
        let c = src.byte()?;
        if matches!(c, b'K' | b'Z' | b'D') {
            return Ok(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A queue that keeps what it is given.
    #[derive(Default, Debug)]
    struct Log {
        message: Vec<u8>,
        from: Option<Vec<u8>>,
        to: Vec<Vec<u8>>,
        failed: bool,
    }

    impl Queue for Log {
        fn put(&mut self, s: &[u8]) {
            self.message.extend_from_slice(s);
        }
        fn fail(&mut self) {
            self.failed = true;
        }
        fn from(&mut self, s: &[u8]) {
            self.from = Some(s.to_vec());
        }
        fn to(&mut self, s: &[u8]) {
            self.to.push(s.to_vec());
        }
    }

    #[test]
    fn lengths() {
        assert_eq!(length(&mut &b"0:"[..]), Ok(0));
        assert_eq!(length(&mut &b"123:"[..]), Ok(123));
        assert_eq!(length(&mut &b":"[..]), Ok(0));
        // any byte is a digit of sorts
        assert_eq!(length(&mut &b"a:"[..]), Ok(49));
        assert_eq!(length(&mut &b"/:"[..]), Ok(u64::MAX));
        assert_eq!(length(&mut &b"\xff:"[..]), Ok((-49i64) as u64));
        // the limit is looked at before each further digit
        assert_eq!(length(&mut &b"200000000:"[..]), Ok(200_000_000));
        assert_eq!(length(&mut &b"1999999999:"[..]), Ok(1_999_999_999));
        assert_eq!(length(&mut &b"2000000010:"[..]), Err(Stop::Resources));
        assert_eq!(length(&mut &b"12"[..]), Err(Stop::Gone));
        assert_eq!(comma(&mut &b","[..]), Ok(()));
        assert_eq!(comma(&mut &b";"[..]), Err(Stop::Proto));
        assert_eq!(comma(&mut &b""[..]), Err(Stop::Gone));
    }

    #[test]
    fn bounded() {
        let mut b = Bounded {
            src: &b"ab"[..],
            left: 1,
        };
        assert_eq!(b.byte(), Ok(b'a'));
        assert_eq!(b.byte(), Err(Stop::Proto));
    }

    fn qmtp(q: &Qmtp, input: &[u8]) -> (Result<Message, Stop>, Log, usize) {
        let mut src = input;
        let mut log = Log::default();
        let r = (|| {
            let len = Qmtp::length(&mut src)?;
            let dos = Qmtp::dos(&mut src)?;
            q.rest(&mut src, len - 1, dos, &mut log, |a: &[u8]| {
                Ok(!a.ends_with(b"@refused"))
            })
        })();
        let left = src.len();
        (r, log, left)
    }

    #[test]
    fn qmtp_message() {
        let q = Qmtp::new(0, None);
        let (m, log, left) = qmtp(
            &q,
            b"11:\nhello\nbye\n,3:a@b,24:9:x@example,9:y@refused,,rest",
        );
        let m = m.unwrap();
        assert_eq!(left, 4);
        assert_eq!(log.message, b"hello\nbye\n");
        assert_eq!(log.from.as_deref(), Some(&b"a@b"[..]));
        assert_eq!(log.to, vec![b"x@example".to_vec()]);
        assert!(!log.failed);
        assert_eq!(m.failure, vec![0, b'D']);
        assert!(m.senderok && !m.toobig && m.bother());
        assert_eq!(
            m.answers(b"Kok"),
            b"3:Kok,66:Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1),"
                .to_vec()
        );
    }

    #[test]
    fn qmtp_crlf_and_limits() {
        // CRLF becomes LF, a lone CR stays; 5 bytes fit databytes 5
        let (m, log, _) = qmtp(&Qmtp::new(5, None), b"6:\ra\r\nb\r,0:,0:,");
        let m = m.unwrap();
        assert_eq!(log.message, b"a\nb\r");
        assert!(!m.toobig);
        let (m, log, _) = qmtp(&Qmtp::new(3, None), b"6:\ra\r\nb\r,0:,0:,");
        assert!(m.unwrap().toobig && log.failed);
        let (m, _, _) = qmtp(&Qmtp::new(3, None), b"5:\nabcd,0:,0:,");
        assert!(m.unwrap().toobig);
        // RELAYCLIENT is added to each recipient and counts to its length
        let q = Qmtp::new(0, Some(b"R".to_vec()));
        let (m, log, _) = qmtp(&q, b"1:\n,0:,8:1:a,1:\0,,");
        assert_eq!(m.unwrap().failure, vec![0, b'N']);
        assert_eq!(log.to, vec![b"aR".to_vec()]);
        let mut long = b"1:\n,0:,1004:999:".to_vec();
        long.extend_from_slice(&[b'x'; 999]);
        long.extend_from_slice(b",,");
        let (m, _, _) = qmtp(&q, &long);
        assert_eq!(m.unwrap().failure, vec![b'L']);
        // a sender of 1000 bytes is refused after it is read
        let mut s = b"1:\n,1000:".to_vec();
        s.extend_from_slice(&[b's'; 1000]);
        s.extend_from_slice(b",0:,");
        let (m, log, _) = qmtp(&Qmtp::new(0, None), &s);
        let m = m.unwrap();
        assert!(!m.senderok && log.failed);
        assert_eq!(log.from.as_deref(), Some(&b""[..]));
        assert_eq!(m.result(b"Kok".to_vec()), b"Dunacceptable sender (#5.1.7)");
    }

    #[test]
    fn qmtp_framing() {
        let q = Qmtp::new(0, None);
        assert_eq!(qmtp(&q, b"0:").0, Err(Stop::Proto));
        assert_eq!(qmtp(&q, b"1:x").0, Err(Stop::Proto));
        assert_eq!(qmtp(&q, b"1:\n;").0, Err(Stop::Proto));
        assert_eq!(qmtp(&q, b"1:\n,0:,3:1:a,,").0, Err(Stop::Proto));
        assert_eq!(qmtp(&q, b"1:\n,0:,2:12").0, Err(Stop::Proto));
        assert_eq!(qmtp(&q, b"1:\n,0:,5:/:").0, Err(Stop::Proto));
        assert_eq!(qmtp(&q, b"99:\nab").0, Err(Stop::Gone));
        // a recipient length near the top of the range whose sum with
        // RELAYCLIENT's length wraps: too long, not a short address
        let r = Qmtp::new(0, Some(vec![b'r'; 200]));
        let (m, log, _) = qmtp(&r, b"1:\n,0:,/: :abc");
        assert_eq!(m, Err(Stop::Gone));
        assert!(log.to.is_empty());
    }

    fn qmqp(input: &[u8]) -> (Result<bool, Stop>, Log) {
        let mut p = Qmqp::new(input);
        let mut log = Log::default();
        let r = p.begin().and_then(|len| p.rest(len, &mut log));
        (r, log)
    }

    #[test]
    fn qmqp_packet() {
        let (r, log) = qmqp(b"25:4:hi\n\n,3:a@b,3:c@d,3:e@f,,");
        assert_eq!(r, Ok(true));
        assert_eq!(log.message, b"hi\n\n");
        assert_eq!(log.from.as_deref(), Some(&b"a@b"[..]));
        assert_eq!(log.to, vec![b"c@d".to_vec(), b"e@f".to_vec()]);
        let (r, log) = qmqp(b"14:1:x,3:a\0b,1:c,,");
        assert_eq!(r, Ok(false));
        assert!(log.failed);
        assert_eq!(log.from.as_deref(), Some(&b""[..]));
        // reading past the packet, a bad comma, no sender
        assert_eq!(qmqp(b"5:1:x,3:abc,,").0, Err(Stop::Proto));
        assert_eq!(qmqp(b"9:1:x;0:,,").0, Err(Stop::Proto));
        assert_eq!(qmqp(b"4:1:x,,").0, Err(Stop::Proto));
        assert_eq!(qmqp(b"7:1:x,0:,;").0, Err(Stop::Proto));
        // the packet's length may take at most 100 bytes
        let mut long = vec![b'0'; 100];
        long.push(b':');
        assert_eq!(qmqp(&long).0, Err(Stop::Proto));
        assert_eq!(qmqp(b"999999999999:").0, Err(Stop::Resources));
        assert_eq!(qmqp(b"20:1:").0, Err(Stop::Gone));
    }

    #[test]
    fn answers() {
        assert_eq!(qmqp_answer(&mut &b"12:Kok 1 qp 2,"[..]), Ok(b'K'));
        assert_eq!(qmqp_answer(&mut &b"xyzZD"[..]), Ok(b'Z'));
        assert_eq!(qmqp_answer(&mut &b"ok"[..]), Err(Stop::Gone));
        assert_eq!(Stop::Proto.exit_code(), 100);
        assert_eq!(Stop::Resources.exit_code(), 111);
        assert_eq!(Stop::Gone.exit_code(), 0);
    }
}
