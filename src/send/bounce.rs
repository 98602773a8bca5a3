//! Bounces: each failed recipient's paragraph is appended to bounce/N;
//! when the message is finished, bounce/N goes back to the sender as a new
//! message through qmail-queue (a bounce of a bounce to the postmaster, a
//! bounce of that is dropped). The failure texts and the original message
//! are streamed from their files into qmail-queue's pipe, never held
//! whole.

use super::pass::getinfo;
use super::scheduler::Send;
use super::{addr, log, nomem, num};
use crate::base::byte::cstr;
use crate::base::quote;
use crate::base::substdio::{slurp, In};
use crate::base::syncdir;
use crate::queue::{self, qmail::Qmail};
use crate::sys::{self, Errno, OwnedFd};

/// The paragraph before the failures, for a bounce and for a double
/// bounce.
const INTRO: &[u8] = b".\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n";
const INTRO_DOUBLE: &[u8] =
    b".\nI tried to deliver a bounce message to this address, but the bounce bounced!\n\n";

/// `s` quoted for a header (`quote2` when `two`: the form with an `@`),
/// waiting out memory shortage.
fn quoted(s: &[u8], two: bool) -> Vec<u8> {
    loop {
        let r = if two {
            quote::quote2(s)
        } else {
            quote::quote(s)
        };
        match r {
            Ok(q) => return q,
            Err(_) => nomem(),
        }
    }
}

/// Puts file `path` into the message a read at a time; a file that cannot
/// be opened or read fails the message.
fn put_file(qq: &mut Qmail, path: &[u8]) {
    let Ok(fd) = sys::open_read(path) else {
        return qq.fail();
    };
    let mut file = In::new(OwnedFd(fd), 128);
    let r = slurp(&mut file, |piece| qq.put(piece));
    drop(file);
    if r.is_err() {
        qq.fail();
    }
}

impl Send {
    /// Appends `recip`'s failure `report` to message `id`'s bounce/N,
    /// retrying until it is written.
    pub(super) fn addbounce(&self, id: u64, recip: &[u8], report: &[u8]) {
        let recip = addr::stripvdomprepend(&self.cfg.maps.vdoms, recip);
        let text = addr::bounce_text(recip, cstr(report));
        let path = queue::bounce(id);
        let fd = loop {
            match sys::open_append(&path) {
                Ok(fd) => break OwnedFd(fd),
                Err(_) => {
                    log(&[b"alert: unable to append to bounce message; HELP! sleeping...\n"]);
                    sys::sleep(10);
                }
            }
        };
        let mut pos = 0;
        while pos < text.len() {
            match sys::write(fd.0, &text[pos..]) {
                Ok(w) if w > 0 => pos += w,
                _ => {
                    log(&[b"alert: unable to append to bounce message; HELP! sleeping...\n"]);
                    sys::sleep(10);
                }
            }
        }
        // Ours (conf-syncdir): the report and bounce/N's name on disk
        // before the recipient is marked done; retried like the write.
        if crate::conf::AUTO_SYNCDIR {
            while sys::fsync(fd.0).is_err() || syncdir::parent(&path).is_err() {
                log(&[b"alert: unable to append to bounce message; HELP! sleeping...\n"]);
                sys::sleep(10);
            }
        }
    }

    /// Sends message `id`'s bounce, if it has one, and removes bounce/N;
    /// false means "try again later".
    pub(super) fn injectbounce(&self, id: u64) -> bool {
        let Some((mut sender, _birth)) = getinfo(id) else {
            return false;
        };
        if sender.ends_with(b"-@[]") {
            sender.truncate(sender.len() - 4);
        }
        let bpath = queue::bounce(id);
        match sys::stat(&bpath) {
            Ok(_) => {}
            Err(Errno(libc::ENOENT)) => return true,
            Err(_) => {
                log(&[b"warning: unable to stat ", &bpath, b"\n"]);
                return false;
            }
        }
        if sender == b"#@[]" {
            log(&[b"triple bounce: discarding ", &bpath, b"\n"]);
        } else if !self.bounce_inject(id, &sender, &bpath) {
            return false;
        }
        if sys::unlink(&bpath).is_err() {
            log(&[b"warning: unable to unlink ", &bpath, b"\n"]);
            return false;
        }
        // Ours (conf-syncdir): a removal that does not reach the disk
        // only means the bounce may go out twice.
        let _ = syncdir::parent(&bpath);
        true
    }

    /// Queues the bounce of message `id` from `sender` with failures
    /// `bpath`; false (logged) when qmail-queue cannot start or refuses.
    fn bounce_inject(&self, id: u64, sender: &[u8], bpath: &[u8]) -> bool {
        let Ok(mut qq) = Qmail::open() else {
            log(&[b"warning: unable to start qmail-queue, will try later\n"]);
            return false;
        };
        let qp = qq.qp();
        let (bsender, brecip): (&[u8], &[u8]) = if sender.is_empty() {
            (b"#@[]", &self.cfg.doublebounceto)
        } else {
            (b"", sender)
        };
        self.bounce_head(&mut qq, sender, brecip);
        put_file(&mut qq, bpath);
        qq.put(if sender.is_empty() {
            b"--- Below this line is the original bounce.\n\n".as_slice()
        } else {
            b"--- Below this line is a copy of the message.\n\n".as_slice()
        });
        qq.put(b"Return-Path: <");
        qq.put(&quoted(sender, true));
        qq.put(b">\n");
        put_file(&mut qq, &queue::mess(id));
        qq.from(bsender);
        qq.to(brecip);
        if qq.close().is_err() {
            log(&[b"warning: trouble injecting bounce message, will try later\n"]);
            return false;
        }
        log(&[b"bounce msg ", &num(id), b" qp ", &num(qp as u64), b"\n"]);
        true
    }

    /// The bounce's header and its first paragraph.
    fn bounce_head(&self, qq: &mut Qmail, sender: &[u8], brecip: &[u8]) {
        let cfg = &self.cfg;
        let date = loop {
            match crate::inject::newfield::date(sys::now()) {
                Ok(d) => break d,
                Err(_) => nomem(),
            }
        };
        qq.put(&date);
        qq.put(b"From: ");
        qq.put(&quoted(&cfg.bouncefrom, false));
        qq.put(b"@");
        qq.put(&cfg.bouncehost);
        qq.put(b"\nTo: ");
        qq.put(&quoted(brecip, true));
        qq.put(b"\nSubject: failure notice\n\nHi. This is the qmail-send program at ");
        qq.put(&cfg.bouncehost);
        qq.put(if sender.is_empty() {
            INTRO_DOUBLE
        } else {
            INTRO
        });
    }
}
