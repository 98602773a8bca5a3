//! qbiff: tells a logged-in user about a new message on their terminal.
//! Meant for a .qmail file (`|qbiff`): the message on fd 0, USER, SENDER
//! and LOCAL set by qmail-local.
//!
//! For every login record of the utmp file whose name is $USER, the
//! terminal `/dev/LINE` (no leading `/`, no `.` in it) gets, when it is
//! owned by this process's real uid and has its owner-execute bit set
//! (`biff y`): CR LF BEL, `*** TO <LOCAL> FROM <SENDER>` (unprintable bytes
//! as `_`), CR LF, four spaces and the start of the Subject and body (78
//! bytes in all, unprintable bytes as `/`), CR LF.
//!
//! Exit code: always 0, and silent: a missing variable, a name longer
//! than utmp holds, an unreadable utmp file or terminal all just end or
//! skip the notice.
#![cfg_attr(not(test), no_main)]

use qmail::base::byte::cstr;
use qmail::base::substdio::{self, In};
use qmail::inject::headerbody::{headerbody, Handler};
use qmail::inject::hfield;
use qmail::sys::{self, Errno, OwnedFd};
use std::mem::{offset_of, size_of};

qmail::entry!(run);

/// The C library's utmp file (_PATH_UTMP).
const UTMP_FILE: &[u8] = b"/var/run/utmp";
/// One utmp record, and where its terminal and user name fields lie (on
/// glibc, struct utmp and struct utmpx share this layout).
const UT_SIZE: usize = size_of::<libc::utmpx>();
const UT_LINE: usize = offset_of!(libc::utmpx, ut_line);
const UT_LINE_LEN: usize = 32;
const UT_NAME: usize = offset_of!(libc::utmpx, ut_user);
const UT_NAME_LEN: usize = 32;
/// Most bytes of the text line (indent, subject, body).
const TEXTMAX: usize = 78;

/// The notice's text line: the indent, then Subject values and body.
struct Text {
    input: In,
    text: Vec<u8>,
}

impl Text {
    fn add(&mut self, s: &[u8]) {
        let room = TEXTMAX.saturating_sub(self.text.len());
        self.text.extend_from_slice(&s[..s.len().min(room)]);
    }
}

impl Handler for Text {
    type Error = Errno;
    fn getln(&mut self, line: &mut Vec<u8>) -> Result<bool, Errno> {
        self.input.getln(line, b'\n')
    }
    fn field(&mut self, h: &mut Vec<u8>) -> Result<(), Errno> {
        if hfield::known(h) == hfield::SUBJECT {
            let i = hfield::skipname(h);
            self.add(&h[i..]);
        }
        Ok(())
    }
    fn done(&mut self) -> Result<(), Errno> {
        Ok(())
    }
    fn body(&mut self, b: &[u8]) -> Result<(), Errno> {
        self.add(b);
        Ok(())
    }
}

/// Replaces every byte outside printable ASCII with `with`.
fn mask(s: &mut [u8], with: u8) {
    for c in s.iter_mut() {
        if !(32..=126).contains(c) {
            *c = with;
        }
    }
}

/// The whole notice.
fn notice(local: &[u8], sender: &[u8], text: &[u8]) -> Vec<u8> {
    let mut tofrom = b"*** TO <".to_vec();
    tofrom.extend_from_slice(local);
    tofrom.extend_from_slice(b"> FROM <");
    tofrom.extend_from_slice(sender);
    tofrom.push(b'>');
    mask(&mut tofrom, b'_');
    let mut text = text.to_vec();
    mask(&mut text, b'/');
    let mut woof = b"\r\n\x07".to_vec();
    woof.extend_from_slice(&tofrom);
    woof.extend_from_slice(b"\r\n");
    woof.extend_from_slice(&text);
    woof.extend_from_slice(b"\r\n");
    woof
}

/// The terminal of one record of `user`, if it may get a notice at all
/// (a name within /dev: not empty, no leading `/`, no `.`).
fn terminal<'a>(rec: &'a [u8], user: &[u8]) -> Option<&'a [u8]> {
    if cstr(&rec[UT_NAME..UT_NAME + UT_NAME_LEN]) != user {
        return None;
    }
    let line = cstr(&rec[UT_LINE..UT_LINE + UT_LINE_LEN]);
    if line.is_empty() || line[0] == b'/' || line.contains(&b'.') {
        return None;
    }
    Some(line)
}

/// Writes the notice to the terminal `line` (relative to /dev) when it is
/// ours and has biff on.
fn tell(line: &[u8], woof: &[u8]) {
    let Ok(fd) = sys::open_append(line) else {
        return;
    };
    let fd = OwnedFd(fd);
    let Ok(st) = sys::fstat(fd.raw()) else {
        return;
    };
    if st.mode & 0o100 == 0 || st.uid != sys::getuid() {
        return;
    }
    let mut rest = woof;
    while !rest.is_empty() {
        match sys::write(fd.raw(), rest) {
            Ok(n) if n > 0 => rest = &rest[n..],
            Err(e) if e.0 == libc::EINTR => {}
            _ => return,
        }
    }
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    if sys::chdir(b"/dev").is_err() {
        return 0;
    }
    let (Some(user), Some(sender), Some(local)) = (
        sys::env_get(b"USER"),
        sys::env_get(b"SENDER"),
        sys::env_get(b"LOCAL"),
    ) else {
        return 0;
    };
    if user.len() > UT_NAME_LEN {
        return 0;
    }
    let mut t = Text {
        input: In::fd(0, substdio::INSIZE),
        text: b"    ".to_vec(),
    };
    if headerbody(&mut t).is_err() {
        return 0;
    }
    let woof = notice(&local, &sender, &t.text);
    let Ok(fd) = sys::open_read(UTMP_FILE) else {
        return 0;
    };
    let mut utmp = In::new(OwnedFd(fd), UT_SIZE * 16);
    let mut rec = vec![0u8; UT_SIZE];
    while let Ok(UT_SIZE) = utmp.get(&mut rec) {
        if let Some(line) = terminal(&rec, &user) {
            tell(line, &woof);
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_masks_addresses_and_text_differently() {
        assert_eq!(
            notice(b"joe\x01", b"s@x", b"    hi\n"),
            b"\r\n\x07*** TO <joe_> FROM <s@x>\r\n    hi/\r\n"
        );
    }

    #[test]
    fn records_name_a_terminal_below_dev_only() {
        let mut rec = vec![0u8; UT_SIZE];
        rec[UT_NAME..UT_NAME + 3].copy_from_slice(b"joe");
        rec[UT_LINE..UT_LINE + 5].copy_from_slice(b"pts/3");
        assert_eq!(terminal(&rec, b"joe"), Some(&b"pts/3"[..]));
        assert_eq!(terminal(&rec, b"jo"), None);
        rec[UT_LINE..UT_LINE + 5].copy_from_slice(b"pts.3");
        assert_eq!(terminal(&rec, b"joe"), None);
        rec[UT_LINE..UT_LINE + 5].copy_from_slice(b"/dev/");
        assert_eq!(terminal(&rec, b"joe"), None);
    }
}
