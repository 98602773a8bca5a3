//! The installed tree: every directory, fifo and file stock's `make setup`
//! creates under the qmail home, in stock's order, with its owner, group and
//! mode. `install` creates it, `instcheck` verifies it; both walk [`hier`].
//!
//! All 44 of netqmail-1.06's bin programs are ported ([`PORTED`]), so the
//! tree is stock's whole tree.

use crate::base::strerr::Die;
use crate::base::users::{self, Group, User};
use crate::conf::{AUTO_QMAIL, AUTO_SPLIT};

/// The owners the tree is made with: alias, root (the owner), qmailq,
/// qmailr, qmails and the group qmail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owners {
    pub a: u32,
    pub o: u32,
    pub q: u32,
    pub r: u32,
    pub s: u32,
    pub gq: u32,
}

impl Owners {
    /// The ids from [`users`] (compiled in, or looked up in the by-name
    /// build, where a missing user or group is the error).
    pub fn get() -> Result<Owners, Die> {
        let [a, o, q, r, s] = users::uids([
            User::Alias,
            User::Owner,
            User::Queue,
            User::Remote,
            User::Send,
        ])?;
        Ok(Owners {
            a,
            o,
            q,
            r,
            s,
            gq: users::gid(Group::Qmail)?,
        })
    }

    /// For a staged tree whose owners are neither set nor checked
    /// (DESTDIR without DESTDIR_CHOWN): nothing is looked up, the numbers
    /// are never used.
    pub fn unused() -> Owners {
        Owners {
            a: 0,
            o: 0,
            q: 0,
            r: 0,
            s: 0,
            gq: 0,
        }
    }
}

/// netqmail-1.06's bin programs, every one of them provided by this build
/// (the unit test checks [`hier`] installs exactly these).
pub const PORTED: &[&str] = &[
    "qmail-newu",
    "qmail-newmrh",
    "qmail-pw2u",
    "qmail-showctl",
    "qmail-queue",
    "qmail-qread",
    "qmail-qstat",
    "predate",
    "datemail",
    "mailsubj",
    "qmail-inject",
    "sendmail",
    "qmail-getpw",
    "qmail-smtpd",
    "maildirmake",
    "qmail-lspawn",
    "qmail-local",
    "bouncesaying",
    "except",
    "condredirect",
    "forward",
    "preline",
    "qmail-qmtpd",
    "qmail-qmqpc",
    "qmail-qmqpd",
    "tcp-env",
    "maildir2mbox",
    "qmail-rspawn",
    "qmail-clean",
    "qmail-start",
    "splogger",
    "qmail-tcpok",
    "qmail-tcpto",
    "qmail-send",
    "qmail-remote",
    "qmail-popup",
    "qmail-pop3d",
    "elq",
    "pinq",
    "qail",
    "qsmhook",
    "qreceipt",
    "maildirwatch",
    "qbiff",
];

/// One step of the tree, named after stock's primitives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// The home directory itself.
    Home { uid: u32, gid: u32, mode: u32 },
    /// A directory below the home.
    Dir {
        sub: Vec<u8>,
        uid: u32,
        gid: u32,
        mode: u32,
    },
    /// A fifo below the home.
    Fifo {
        name: Vec<u8>,
        uid: u32,
        gid: u32,
        mode: u32,
    },
    /// A file copied from the build directory into `sub`.
    Copy {
        sub: &'static str,
        file: Vec<u8>,
        uid: u32,
        gid: u32,
        mode: u32,
    },
    /// A file of `len` NUL bytes below the home.
    Zero {
        name: Vec<u8>,
        len: usize,
        uid: u32,
        gid: u32,
        mode: u32,
    },
}

const BOOT: &[&str] = &[
    "home", "home+df", "proc", "proc+df", "binm1", "binm1+df", "binm2", "binm2+df", "binm3",
    "binm3+df",
];

const DOCS: &[&str] = &[
    "FAQ",
    "UPGRADE",
    "SENDMAIL",
    "INSTALL",
    "INSTALL.alias",
    "INSTALL.ctl",
    "INSTALL.ids",
    "INSTALL.maildir",
    "INSTALL.mbox",
    "INSTALL.vsm",
    "TEST.deliver",
    "TEST.receive",
    "REMOVE.sendmail",
    "REMOVE.binmail",
    "PIC.local2alias",
    "PIC.local2ext",
    "PIC.local2local",
    "PIC.local2rem",
    "PIC.local2virt",
    "PIC.nullclient",
    "PIC.relaybad",
    "PIC.relaygood",
    "PIC.rem2local",
];

/// (name, owner is qmailq?, mode) of every bin program, in stock's order.
const BIN: &[(&str, u32)] = &[
    ("qmail-queue", 0o4711),
    ("qmail-lspawn", 0o700),
    ("qmail-start", 0o700),
    ("qmail-getpw", 0o711),
    ("qmail-local", 0o711),
    ("qmail-remote", 0o711),
    ("qmail-rspawn", 0o711),
    ("qmail-clean", 0o711),
    ("qmail-send", 0o711),
    ("splogger", 0o711),
    ("qmail-newu", 0o700),
    ("qmail-newmrh", 0o700),
    ("qmail-pw2u", 0o711),
    ("qmail-inject", 0o755),
    ("predate", 0o755),
    ("datemail", 0o755),
    ("mailsubj", 0o755),
    ("qmail-showctl", 0o755),
    ("qmail-qread", 0o755),
    ("qmail-qstat", 0o755),
    ("qmail-tcpto", 0o755),
    ("qmail-tcpok", 0o755),
    ("qmail-pop3d", 0o755),
    ("qmail-popup", 0o711),
    ("qmail-qmqpc", 0o755),
    ("qmail-qmqpd", 0o755),
    ("qmail-qmtpd", 0o755),
    ("qmail-smtpd", 0o755),
    ("sendmail", 0o755),
    ("tcp-env", 0o755),
    ("qreceipt", 0o755),
    ("qsmhook", 0o755),
    ("qbiff", 0o755),
    ("forward", 0o755),
    ("preline", 0o755),
    ("condredirect", 0o755),
    ("bouncesaying", 0o755),
    ("except", 0o755),
    ("maildirmake", 0o755),
    ("maildir2mbox", 0o755),
    ("maildirwatch", 0o755),
    ("qail", 0o755),
    ("elq", 0o755),
    ("pinq", 0o755),
];

/// Man pages by section, in stock's order.
const MAN: &[(u8, &[&str])] = &[
    (
        5,
        &[
            "addresses",
            "envelopes",
            "maildir",
            "mbox",
            "dot-qmail",
            "qmail-control",
            "qmail-header",
            "qmail-log",
            "qmail-users",
            "tcp-environ",
        ],
    ),
    (7, &["forgeries", "qmail-limits", "qmail"]),
    (
        1,
        &[
            "forward",
            "condredirect",
            "bouncesaying",
            "except",
            "maildirmake",
            "maildir2mbox",
            "maildirwatch",
            "mailsubj",
            "qreceipt",
            "qbiff",
            "preline",
            "tcp-env",
        ],
    ),
    (
        8,
        &[
            "qmail-local",
            "qmail-lspawn",
            "qmail-getpw",
            "qmail-remote",
            "qmail-rspawn",
            "qmail-clean",
            "qmail-send",
            "qmail-start",
            "splogger",
            "qmail-queue",
            "qmail-inject",
            "qmail-showctl",
            "qmail-newmrh",
            "qmail-newu",
            "qmail-pw2u",
            "qmail-qread",
            "qmail-qstat",
            "qmail-tcpok",
            "qmail-tcpto",
            "qmail-pop3d",
            "qmail-popup",
            "qmail-qmqpc",
            "qmail-qmqpd",
            "qmail-qmtpd",
            "qmail-smtpd",
            "qmail-command",
        ],
    ),
];

fn dir(sub: &str, uid: u32, gid: u32, mode: u32) -> Item {
    Item::Dir {
        sub: sub.as_bytes().to_vec(),
        uid,
        gid,
        mode,
    }
}

fn split_dirs(out: &mut Vec<Item>, base: &str, uid: u32, gid: u32, mode: u32) {
    out.push(dir(base, uid, gid, mode));
    for i in 0..AUTO_SPLIT.max(0) {
        let (digits, n) = crate::base::fmt::ulong_digits(i as u64);
        let mut sub = Vec::with_capacity(base.len() + 1 + n);
        sub.extend_from_slice(base.as_bytes());
        sub.push(b'/');
        sub.extend_from_slice(&digits[..n]);
        out.push(Item::Dir {
            sub,
            uid,
            gid,
            mode,
        });
    }
}

fn copy(sub: &'static str, file: &str, uid: u32, gid: u32, mode: u32) -> Item {
    copy_named(sub, file.as_bytes().to_vec(), uid, gid, mode)
}

fn copy_named(sub: &'static str, file: Vec<u8>, uid: u32, gid: u32, mode: u32) -> Item {
    Item::Copy {
        sub,
        file,
        uid,
        gid,
        mode,
    }
}

/// The whole tree, in the order stock creates and checks it, with the
/// owners `ids`.
pub fn hier(ids: &Owners) -> Vec<Item> {
    let (o, q) = (ids.o, ids.gq);
    let mut v = vec![Item::Home {
        uid: o,
        gid: q,
        mode: 0o755,
    }];
    for d in ["control", "users", "bin", "boot", "doc", "man"] {
        v.push(dir(d, o, q, 0o755));
    }
    for d in [
        "man/cat1", "man/cat5", "man/cat7", "man/cat8", "man/man1", "man/man5", "man/man7",
        "man/man8",
    ] {
        v.push(dir(d, o, q, 0o755));
    }
    v.push(dir("alias", ids.a, q, 0o2755));
    v.push(dir("queue", ids.q, q, 0o750));
    v.push(dir("queue/pid", ids.q, q, 0o700));
    v.push(dir("queue/intd", ids.q, q, 0o700));
    v.push(dir("queue/todo", ids.q, q, 0o750));
    v.push(dir("queue/bounce", ids.s, q, 0o700));
    split_dirs(&mut v, "queue/mess", ids.q, q, 0o750);
    split_dirs(&mut v, "queue/info", ids.s, q, 0o700);
    split_dirs(&mut v, "queue/local", ids.s, q, 0o700);
    split_dirs(&mut v, "queue/remote", ids.s, q, 0o700);
    v.push(dir("queue/lock", ids.q, q, 0o750));
    v.push(Item::Zero {
        name: b"queue/lock/tcpto".to_vec(),
        len: 1024,
        uid: ids.r,
        gid: q,
        mode: 0o644,
    });
    v.push(Item::Zero {
        name: b"queue/lock/sendmutex".to_vec(),
        len: 0,
        uid: ids.s,
        gid: q,
        mode: 0o600,
    });
    v.push(Item::Fifo {
        name: b"queue/lock/trigger".to_vec(),
        uid: ids.s,
        gid: q,
        mode: 0o622,
    });
    for b in BOOT {
        v.push(copy("boot", b, o, q, 0o755));
    }
    for d in DOCS {
        v.push(copy("doc", d, o, q, 0o644));
    }
    for (name, mode) in BIN {
        let uid = if *name == "qmail-queue" { ids.q } else { o };
        v.push(copy("bin", name, uid, q, *mode));
    }
    for (sec, pages) in MAN {
        let (man, cat) = match sec {
            1 => ("man/man1", "man/cat1"),
            5 => ("man/man5", "man/cat5"),
            7 => ("man/man7", "man/cat7"),
            _ => ("man/man8", "man/cat8"),
        };
        // "page.N" and "page.0", without the cost of format!
        let page = |p: &str, ext: u8| {
            let mut f = Vec::with_capacity(p.len() + 2);
            f.extend_from_slice(p.as_bytes());
            f.push(b'.');
            f.push(ext);
            f
        };
        for p in *pages {
            v.push(copy_named(man, page(p, b'0' + *sec), o, q, 0o644));
            v.push(copy_named(cat, page(p, b'0'), o, q, 0o644));
        }
    }
    v
}

/// The qmail home for install/instcheck: conf-qmail, under `$DESTDIR` when
/// that is set and not empty (a packaging addition; see docs/DEVIATIONS.md).
pub fn home(destdir: Option<&[u8]>) -> Vec<u8> {
    let mut h = destdir.unwrap_or_default().to_vec();
    h.extend_from_slice(AUTO_QMAIL);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_has_stocks_shape() {
        let ids = Owners::get().unwrap();
        let t = hier(&ids);
        let split = AUTO_SPLIT as usize;
        // home, 14 dirs, alias, 5 queue dirs, 4 split trees, lock, 2 zero
        // files, fifo, 10 boot, 23 docs, 44 programs, 51 pages x 2.
        assert_eq!(
            t.len(),
            1 + 14 + 1 + 5 + 4 * (split + 1) + 1 + 3 + 10 + 23 + 44 + 102
        );
        assert_eq!(
            t[0],
            Item::Home {
                uid: ids.o,
                gid: ids.gq,
                mode: 0o755
            }
        );
        let q = t
            .iter()
            .find(|i| matches!(i, Item::Copy { file, .. } if file == b"qmail-queue"));
        assert_eq!(
            q,
            Some(&Item::Copy {
                sub: "bin",
                file: b"qmail-queue".to_vec(),
                uid: ids.q,
                gid: ids.gq,
                mode: 0o4711
            })
        );
        let mut bins: Vec<&[u8]> = t
            .iter()
            .filter_map(|i| match i {
                Item::Copy {
                    sub: "bin", file, ..
                } => Some(file.as_slice()),
                _ => None,
            })
            .collect();
        let mut ported: Vec<&[u8]> = PORTED.iter().map(|p| p.as_bytes()).collect();
        bins.sort();
        ported.sort();
        assert_eq!(bins, ported);
        assert_eq!(PORTED.len(), 44);
    }
}
