//! qmail-remote's pieces: where a domain is routed (control/smtproutes),
//! how an SMTP reply is read and how much of its text is kept, and how a
//! message goes out after DATA (CRLF line ends, dot-stuffing).

use crate::base::constmap::Constmap;
use crate::base::fmt;
use crate::base::substdio::{In, Out, ReadOp, WriteOp};

/// How much reply text is kept for the report; the rest of a long reply
/// is read and dropped.
pub const HUGE_SMTP_TEXT: usize = 5000;

/// The route of `host` in control/smtproutes: the entry for the host
/// itself, else for each of its parent domains with the leading dot
/// (`.example.com`), else the catch-all with an empty domain. The value is
/// `relay` or `relay:port`; an empty relay means "look up the MX as
/// usual" (None). Returns the relay and the port, if one was given (the
/// digits after the first colon; none gives 0).
pub fn route(routes: &Constmap, host: &[u8]) -> Option<(Vec<u8>, Option<u64>)> {
    let mut relay = None;
    for i in 0..=host.len() {
        if i == 0 || i == host.len() || host[i] == b'.' {
            if let Some(r) = routes.get(&host[i..]) {
                relay = Some(r);
                break;
            }
        }
    }
    let relay = relay?;
    if relay.is_empty() {
        return None;
    }
    match relay.iter().position(|&c| c == b':') {
        Some(k) => Some((
            relay[..k].to_vec(),
            Some(fmt::scan_ulong(&relay[k + 1..]).0),
        )),
        None => Some((relay.to_vec(), None)),
    }
}

/// Reads one SMTP reply, a byte at a time from `get` (None: the
/// connection is gone). The code is built from the first three bytes as
/// digits, whatever they are (so a reply without a code gives a number
/// nothing expects); a `-` after them means another line follows, whose
/// first three bytes are skipped. `text` gets the reply without CRs, cut
/// at [`HUGE_SMTP_TEXT`] bytes.
pub fn read_reply<G>(get: &mut G, text: &mut Vec<u8>) -> Option<u64>
where
    G: FnMut() -> Option<u8>,
{
    text.clear();
    let mut next = || -> Option<u8> {
        let c = get()?;
        if c != b'\r' && text.len() < HUGE_SMTP_TEXT {
            text.push(c);
        }
        Some(c)
    };
    let digit = |c: u8| (i64::from(c) - 48) as u64;
    let mut code = digit(next()?);
    code = code.wrapping_mul(10).wrapping_add(digit(next()?));
    code = code.wrapping_mul(10).wrapping_add(digit(next()?));
    let mut c;
    loop {
        c = next()?;
        if c != b'-' {
            break;
        }
        while c != b'\n' {
            c = next()?;
        }
        next()?;
        next()?;
        next()?;
    }
    while c != b'\n' {
        c = next()?;
    }
    Some(code)
}

/// What stopped the message body from going out.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// The message does not end with a newline.
    PartialLine,
    /// Reading the message failed.
    Read,
    /// Writing to the peer failed.
    Write,
}

/// Sends the message read from `inp` to `out` as SMTP DATA wants it, up
/// to but not including the final `.` line: each line ends in CRLF and a
/// line starting with a dot gets another one.
///
/// By default a line is what ends in LF, and every other byte (a CR
/// included) goes out as it is, as stock sends it. With `fixcr` a CR
/// also ends a line: CR LF is one line end, and a CR not followed by LF is
/// a line end too, so the peer never sees a bare CR and every line start
/// it sees, after a CR or an LF, is dot-stuffed. A CR at the very end of
/// the message leaves the last line unfinished.
pub fn send_body<R: ReadOp, W: WriteOp>(
    inp: &mut In<R>,
    out: &mut Out<W>,
    fixcr: bool,
) -> Result<(), BodyError> {
    let getc = |inp: &mut In<R>| -> Result<Option<u8>, BodyError> {
        let mut c = [0u8; 1];
        match inp.get(&mut c) {
            Ok(0) => Ok(None),
            Ok(_) => Ok(Some(c[0])),
            Err(_) => Err(BodyError::Read),
        }
    };
    let put = |out: &mut Out<W>, b: &[u8]| out.put(b).map_err(|_| BodyError::Write);
    let mut pending: Option<u8> = None;
    loop {
        // a line start
        let first = match pending.take() {
            Some(c) => c,
            None => match getc(inp)? {
                Some(c) => c,
                None => return Ok(()),
            },
        };
        let mut c = first;
        if c == b'.' {
            put(out, b".")?;
        }
        loop {
            if c == b'\n' {
                break;
            }
            if fixcr && c == b'\r' {
                match getc(inp)? {
                    None => return Err(BodyError::PartialLine),
                    Some(b'\n') => {}
                    Some(d) => pending = Some(d),
                }
                break;
            }
            put(out, &[c])?;
            c = match getc(inp)? {
                Some(c) => c,
                None => return Err(BodyError::PartialLine),
            };
        }
        put(out, b"\r\n")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys;

    fn routes(list: &[u8]) -> Constmap {
        Constmap::new(list, true).unwrap()
    }

    #[test]
    fn route_prefers_host_then_parent_then_default() {
        let r = routes(b"a.example:10.0.0.1\0.example:10.0.0.2:2525\0:10.0.0.3\0b.example:\0");
        assert_eq!(route(&r, b"a.example"), Some((b"10.0.0.1".to_vec(), None)));
        assert_eq!(
            route(&r, b"x.A.example"),
            Some((b"10.0.0.2".to_vec(), Some(2525)))
        );
        assert_eq!(route(&r, b"other.net"), Some((b"10.0.0.3".to_vec(), None)));
        assert_eq!(route(&r, b"b.example"), None);
        let r = routes(b"x:relay:\0");
        assert_eq!(route(&r, b"x"), Some((b"relay".to_vec(), Some(0))));
        assert_eq!(route(&routes(b""), b"x"), None);
    }

    fn reply(input: &[u8]) -> (Option<u64>, Vec<u8>) {
        let mut it = input.iter().copied();
        let mut text = Vec::new();
        let code = read_reply(&mut || it.next(), &mut text);
        (code, text)
    }

    #[test]
    fn reply_codes_and_text() {
        assert_eq!(reply(b"250 ok\r\n"), (Some(250), b"250 ok\n".to_vec()));
        assert_eq!(
            reply(b"250-a\r\n250-b\r\n250 c\r\nnext"),
            (Some(250), b"250-a\n250-b\n250 c\n".to_vec())
        );
        // the continuation lines' codes are not checked
        assert_eq!(reply(b"451-a\r\nxyz b\r\n").0, Some(451));
        // no code: the bytes count as digits anyway
        assert_eq!(
            reply(b"hello\r\n").0,
            Some(((((104 - 48) * 10 + 101 - 48) * 10) + 108 - 48) as u64)
        );
        assert_eq!(reply(b"2\n").0, None);
        assert_eq!(reply(b"250 ok").0, None);
        let (code, text) = reply(b"!00 x\n");
        assert_eq!(code, Some((-15i64 * 100) as u64));
        assert_eq!(text, b"!00 x\n");
    }

    #[test]
    fn long_reply_text_is_cut() {
        let mut r = Vec::new();
        for _ in 0..2000 {
            r.extend_from_slice(b"250-0123456789\r\n");
        }
        r.extend_from_slice(b"250 end\r\n");
        let (code, text) = reply(&r);
        assert_eq!(code, Some(250));
        assert_eq!(text.len(), HUGE_SMTP_TEXT);
    }

    struct Src<'a>(&'a [u8]);
    impl ReadOp for Src<'_> {
        fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    struct Sink(Vec<u8>);
    impl WriteOp for Sink {
        fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
            self.0.extend_from_slice(buf);
            Ok(buf.len())
        }
    }

    fn body(msg: &[u8], fixcr: bool) -> Result<Vec<u8>, BodyError> {
        let mut inp = In::new(Src(msg), 1024);
        let mut out = Out::new(Sink(Vec::new()), 1024);
        send_body(&mut inp, &mut out, fixcr)?;
        out.flush().unwrap();
        Ok(out.into_op().0)
    }

    #[test]
    fn default_body_is_stocks() {
        assert_eq!(body(b"a\n.b\n..\n", false).unwrap(), b"a\r\n..b\r\n...\r\n");
        assert_eq!(body(b"x\r.\n", false).unwrap(), b"x\r.\r\n");
        assert_eq!(body(b"x\r..\n", false).unwrap(), b"x\r..\r\n");
        assert_eq!(body(b"\r.\n", false).unwrap(), b"\r.\r\n");
        assert_eq!(body(b".\r\n", false).unwrap(), b"..\r\r\n");
        assert_eq!(
            body(b"a\n.\nMAIL FROM:<x>\n", false).unwrap(),
            b"a\r\n..\r\nMAIL FROM:<x>\r\n"
        );
        assert_eq!(body(b"", false).unwrap(), b"");
        assert_eq!(body(b"abc", false), Err(BodyError::PartialLine));
        assert_eq!(body(b"\xff\0\n", false).unwrap(), b"\xff\0\r\n");
    }

    #[test]
    fn fixcr_body_ends_lines_at_bare_cr_and_stuffs_them() {
        assert_eq!(body(b"x\r.\n", true).unwrap(), b"x\r\n..\r\n");
        assert_eq!(body(b"x\r..\n", true).unwrap(), b"x\r\n...\r\n");
        assert_eq!(body(b"\r.\n", true).unwrap(), b"\r\n..\r\n");
        assert_eq!(body(b".\r\n", true).unwrap(), b"..\r\n");
        assert_eq!(
            body(b"a\n.\nMAIL FROM:<x>\n", true).unwrap(),
            b"a\r\n..\r\nMAIL FROM:<x>\r\n"
        );
        assert_eq!(body(b"a\r\r\nb\n", true).unwrap(), b"a\r\n\r\nb\r\n");
        assert_eq!(body(b"a\r", true), Err(BodyError::PartialLine));
    }
}
