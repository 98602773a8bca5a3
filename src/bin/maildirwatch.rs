//! maildirwatch: shows the new messages of the Maildir $MAILDIR on a
//! terminal, redrawn every 30 seconds until it is killed.
//!
//! Each round: old files of tmp/ are removed, the screen is cleared
//! (`ESC [;H ESC [;J`, flushed at once), and each message of new/ (oldest
//! first; files of the current second wait for the next round) gets a
//! block: `FROM <return-path> TO <delivered-to>` (`?` when a field is
//! missing), the From field in bold if there is one, then up to 158 bytes
//! of the Subject and the body, and an empty line. Unprintable bytes are
//! shown as `?` in the addresses and `/` elsewhere.
//!
//! Exit code 111 with a message: MAILDIR not set or not enterable, new/
//! unreadable, a message that cannot be read, out of memory; otherwise it
//! never exits.
#![cfg_attr(not(test), no_main)]

use qmail::base::stralloc;
use qmail::base::strerr::Die;
use qmail::base::substdio::{self, In, Out};
use qmail::inject::headerbody::{self, headerbody, Handler};
use qmail::inject::hfield;
use qmail::local::maildir;
use qmail::sys::{self, Errno, OwnedFd};

qmail::entry!(run);

const FATAL: &[u8] = b"maildirwatch: fatal: ";

/// Most bytes of subject and body shown for one message.
const TEXTMAX: usize = 158;

/// What one message shows.
struct Message {
    input: In<OwnedFd>,
    sender: Vec<u8>,
    recipient: Vec<u8>,
    fromline: Vec<u8>,
    text: Vec<u8>,
}

impl Message {
    fn add_text(&mut self, s: &[u8]) {
        let room = TEXTMAX.saturating_sub(self.text.len());
        self.text.extend_from_slice(&s[..s.len().min(room)]);
    }
}

/// The field's value without its final newline, if it has one.
fn value(h: &[u8]) -> Option<&[u8]> {
    let i = hfield::skipname(h);
    (i < h.len()).then(|| &h[i..h.len() - 1])
}

impl Handler for Message {
    type Error = Errno;
    fn getln(&mut self, line: &mut Vec<u8>) -> Result<bool, Errno> {
        self.input.getln(line, b'\n')
    }
    fn field(&mut self, h: &mut Vec<u8>) -> Result<(), Errno> {
        match hfield::known(h) {
            hfield::SUBJECT => {
                let i = hfield::skipname(h);
                self.add_text(&h[i..]);
            }
            hfield::DELIVEREDTO => {
                if let Some(v) = value(h) {
                    stralloc::copy(&mut self.recipient, v)?;
                }
            }
            hfield::RETURNPATH => {
                if let Some(v) = value(h) {
                    stralloc::copy(&mut self.sender, v)?;
                }
            }
            hfield::FROM => stralloc::copy(&mut self.fromline, &h[..h.len().saturating_sub(1)])?,
            _ => {}
        }
        Ok(())
    }
    fn done(&mut self) -> Result<(), Errno> {
        Ok(())
    }
    fn body(&mut self, b: &[u8]) -> Result<(), Errno> {
        self.add_text(b);
        Ok(())
    }
}

/// Replaces every byte outside printable ASCII with `with`.
fn printable(s: &mut [u8], with: u8) {
    for c in s.iter_mut() {
        if !(32..=126).contains(c) {
            *c = with;
        }
    }
}

/// Reads the message open on `fd` and masks what it shows.
fn read_message(fd: i32) -> Result<Message, Die> {
    let mut m = Message {
        input: In::new(OwnedFd(fd), substdio::INSIZE),
        sender: b"?".to_vec(),
        recipient: b"?".to_vec(),
        fromline: Vec::new(),
        text: Vec::new(),
    };
    match headerbody(&mut m) {
        Ok(()) => {}
        // a field too big to keep
        Err(headerbody::Error::Handler(_)) => return Err(Die::x(111, &[FATAL, b"out of memory"])),
        Err(headerbody::Error::Read(_)) => {
            return Err(Die::x(111, &[FATAL, b"trouble reading new message"]))
        }
    }
    printable(&mut m.fromline, b'/');
    printable(&mut m.sender, b'?');
    printable(&mut m.recipient, b'?');
    printable(&mut m.text, b'/');
    Ok(m)
}

/// The block of one message, piece by piece as stock puts it (the
/// buffer is written out where a piece does not fit, so a later failure
/// leaves the same partial screen).
fn show(out: &mut Out, m: &Message) {
    let mut pieces: Vec<&[u8]> = vec![b"FROM ", &m.sender, b" TO <", &m.recipient, b">\n"];
    if !m.fromline.is_empty() {
        pieces.extend_from_slice(&[b"\x1b[1m", &m.fromline, b"\x1b[0m\n"]);
    }
    pieces.extend_from_slice(&[&m.text, b"\n\n"]);
    for p in pieces {
        // a stdout that fails is not reported
        let _ = out.put(p);
    }
}

fn run(_args: Vec<Vec<u8>>) -> Result<i32, Die> {
    let dir = sys::env_get(b"MAILDIR").ok_or_else(|| Die::x(111, &[FATAL, b"MAILDIR not set"]))?;
    sys::chdir(&dir)
        .map_err(|e| Die::sys(111, &[FATAL, b"unable to chdir to ", &dir, b": "], e))?;
    let mut out = Out::fd(1, substdio::OUTSIZE);
    let mut names = Vec::new();
    loop {
        let now = sys::now();
        maildir::clean(now);
        let mut pq = maildir::scan(now, true, false, &mut names)
            .map_err(|e| Die::sys(111, &[FATAL, e.what, e.subdir, b": "], e.errno))?;
        // the screen is cleared at once; a stdout that fails is not reported
        let _ = out.puts(b"\x1b[;H\x1b[;J").and_then(|()| out.flush());
        while let Some(pe) = pq.min() {
            pq.delmin();
            let Ok(fd) = sys::open_read(&names[pe.id as usize]) else {
                continue;
            };
            let m = read_message(fd)?;
            show(&mut out, &m);
        }
        let _ = out.flush();
        sys::sleep(30);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unprintable_bytes_are_replaced() {
        let mut s = b"a\tb\x7f\xe9~ ".to_vec();
        printable(&mut s, b'/');
        assert_eq!(s, b"a/b//~ ");
    }

    #[test]
    fn field_values_lose_the_name_blanks_and_last_newline() {
        assert_eq!(value(b"Delivered-To: joe@x\n"), Some(&b"joe@x"[..]));
        assert_eq!(value(b"Return-Path:\n"), None);
        assert_eq!(value(b"Return-Path: <a>\n (c)\n"), Some(&b"<a>\n (c)"[..]));
    }
}
