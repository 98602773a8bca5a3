//! The installed tree: every directory, fifo and file stock's `make setup`
//! creates under the qmail home, in stock's order, with its owner, group and
//! mode. `install` creates it, `instcheck` verifies it; both walk [`hier`].
//!
//! All 44 bin programs of stock qmail are ported ([`PORTED`]), so the
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

/// Stock qmail's bin programs, every one of them provided by this build
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

/// One step of the tree, named after stock's primitives. `N` is how the
/// names are held: owned (`Vec<u8>`, what [`hier`] gives) or borrowed for
/// the moment of one call (`&[u8]`, what [`walk`] gives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item<N = Vec<u8>> {
    /// The home directory itself.
    Home { uid: u32, gid: u32, mode: u32 },
    /// A directory below the home.
    Dir {
        sub: N,
        uid: u32,
        gid: u32,
        mode: u32,
    },
    /// A fifo below the home.
    Fifo {
        name: N,
        uid: u32,
        gid: u32,
        mode: u32,
    },
    /// A file copied from the build directory into `sub`.
    Copy {
        sub: &'static str,
        file: N,
        uid: u32,
        gid: u32,
        mode: u32,
    },
    /// A file of `len` NUL bytes below the home.
    Zero {
        name: N,
        len: usize,
        uid: u32,
        gid: u32,
        mode: u32,
    },
}

impl Item<&[u8]> {
    /// The same step with its names copied out.
    pub fn to_owned(&self) -> Item {
        match *self {
            Item::Home { uid, gid, mode } => Item::Home { uid, gid, mode },
            Item::Dir {
                sub,
                uid,
                gid,
                mode,
            } => Item::Dir {
                sub: sub.to_vec(),
                uid,
                gid,
                mode,
            },
            Item::Fifo {
                name,
                uid,
                gid,
                mode,
            } => Item::Fifo {
                name: name.to_vec(),
                uid,
                gid,
                mode,
            },
            Item::Copy {
                sub,
                file,
                uid,
                gid,
                mode,
            } => Item::Copy {
                sub,
                file: file.to_vec(),
                uid,
                gid,
                mode,
            },
            Item::Zero {
                name,
                len,
                uid,
                gid,
                mode,
            } => Item::Zero {
                name: name.to_vec(),
                len,
                uid,
                gid,
                mode,
            },
        }
    }
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

fn dir(sub: &[u8], uid: u32, gid: u32, mode: u32) -> Item<&[u8]> {
    Item::Dir {
        sub,
        uid,
        gid,
        mode,
    }
}

fn copy<'a>(sub: &'static str, file: &'a [u8], uid: u32, gid: u32, mode: u32) -> Item<&'a [u8]> {
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
    let mut v = Vec::new();
    let _ = walk(ids, |i| -> Result<(), ()> {
        v.push(i.to_owned());
        Ok(())
    });
    v
}

/// Hands every step of the tree to `f`, in the order stock creates and
/// checks it, stopping at the first error `f` gives. Nothing is built
/// ahead: the names made up here (the split queue directories, the man
/// pages) are written into one buffer that each step reuses.
pub fn walk<E>(ids: &Owners, mut f: impl FnMut(Item<&[u8]>) -> Result<(), E>) -> Result<(), E> {
    let (o, q) = (ids.o, ids.gq);
    f(Item::Home {
        uid: o,
        gid: q,
        mode: 0o755,
    })?;
    for d in ["control", "users", "bin", "boot", "doc", "man"] {
        f(dir(d.as_bytes(), o, q, 0o755))?;
    }
    for d in [
        "man/cat1", "man/cat5", "man/cat7", "man/cat8", "man/man1", "man/man5", "man/man7",
        "man/man8",
    ] {
        f(dir(d.as_bytes(), o, q, 0o755))?;
    }
    f(dir(b"alias", ids.a, q, 0o2755))?;
    f(dir(b"queue", ids.q, q, 0o750))?;
    f(dir(b"queue/pid", ids.q, q, 0o700))?;
    f(dir(b"queue/intd", ids.q, q, 0o700))?;
    f(dir(b"queue/todo", ids.q, q, 0o750))?;
    f(dir(b"queue/bounce", ids.s, q, 0o700))?;
    let mut name = Vec::with_capacity(32);
    for (base, uid, mode) in [
        ("queue/mess", ids.q, 0o750),
        ("queue/info", ids.s, 0o700),
        ("queue/local", ids.s, 0o700),
        ("queue/remote", ids.s, 0o700),
    ] {
        f(dir(base.as_bytes(), uid, q, mode))?;
        for i in 0..AUTO_SPLIT.max(0) {
            let (digits, n) = crate::base::fmt::ulong_digits(i as u64);
            name.clear();
            name.extend_from_slice(base.as_bytes());
            name.push(b'/');
            name.extend_from_slice(&digits[..n]);
            f(dir(&name, uid, q, mode))?;
        }
    }
    f(dir(b"queue/lock", ids.q, q, 0o750))?;
    f(Item::Zero {
        name: b"queue/lock/tcpto",
        len: 1024,
        uid: ids.r,
        gid: q,
        mode: 0o644,
    })?;
    f(Item::Zero {
        name: b"queue/lock/sendmutex",
        len: 0,
        uid: ids.s,
        gid: q,
        mode: 0o600,
    })?;
    f(Item::Fifo {
        name: b"queue/lock/trigger",
        uid: ids.s,
        gid: q,
        mode: 0o622,
    })?;
    for b in BOOT {
        f(copy("boot", b.as_bytes(), o, q, 0o755))?;
    }
    for d in DOCS {
        f(copy("doc", d.as_bytes(), o, q, 0o644))?;
    }
    for (name, mode) in BIN {
        let uid = if *name == "qmail-queue" { ids.q } else { o };
        f(copy("bin", name.as_bytes(), uid, q, *mode))?;
    }
    for (sec, pages) in MAN {
        let (man, cat) = match sec {
            1 => ("man/man1", "man/cat1"),
            5 => ("man/man5", "man/cat5"),
            7 => ("man/man7", "man/cat7"),
            _ => ("man/man8", "man/cat8"),
        };
        for p in *pages {
            // "page.N", then "page.0"
            for (sub, ext) in [(man, b'0' + *sec), (cat, b'0')] {
                name.clear();
                name.extend_from_slice(p.as_bytes());
                name.push(b'.');
                name.push(ext);
                f(copy(sub, &name, o, q, 0o644))?;
            }
        }
    }
    Ok(())
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

    #[test]
    fn walk_stops_at_the_first_error() {
        let ids = Owners::get().unwrap();
        let all = hier(&ids);
        let mut seen = Vec::new();
        let r = walk(&ids, |i| {
            seen.push(i.to_owned());
            if seen.len() == 30 {
                Err(seen.len())
            } else {
                Ok(())
            }
        });
        assert_eq!(r, Err(30));
        assert_eq!(seen[..], all[..30]);
        let mut n = 0;
        assert_eq!(
            walk(&ids, |_| -> Result<(), ()> {
                n += 1;
                Ok(())
            }),
            Ok(())
        );
        assert_eq!(n, all.len());
    }
}
