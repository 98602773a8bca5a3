//! The qmail users and groups (conf-users, conf-groups) as numbers: the one
//! place every program gets a uid or gid from.
//!
//! Two builds, chosen when the crate is compiled:
//!
//! - the default: the ids are compiled in, as stock does it (build.rs
//!   resolves the names on the build host, or takes `QMAIL_UID*`), and
//!   [`uid`]/[`gid`] return those constants without looking at anything;
//! - the `users-by-name` feature (`make USERS=byname`): only the names are
//!   compiled in and each program looks up the ids it needs with
//!   getpwnam/getgrnam when it starts, as later qmail distributions do. A name
//!   that does not resolve ends the program with exit code 111 and
//!   `fatal: unable to find user NAME` (or `group NAME`) on fd 2.
//!
//! A program asks for the ids it needs, once, before its work begins, and
//! keeps the numbers; a program that needs none asks nothing.

use crate::base::strerr::Die;
use crate::conf;

/// Whether this build looks the users up at start (`users-by-name`).
pub const BY_NAME: bool = cfg!(feature = "users-by-name");

/// The line qmail-showctl prints after `group ids: ...` in the by-name
/// build only (the default build's output stays stock's). compat/qmail-swap.sh
/// reads it to tell the two builds apart.
pub const BY_NAME_LINE: &[u8] = b"user and group ids: looked up by name at start.\n";

/// The eight users of conf-users, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum User {
    /// alias: runs the deliveries of ~alias.
    Alias,
    /// qmaild: the network daemons.
    Daemon,
    /// qmaill: the logger.
    Log,
    /// root: owns the tree.
    Owner,
    /// qmailp: runs qmail-getpw.
    Passwd,
    /// qmailq: owns the queue; qmail-queue and qmail-clean.
    Queue,
    /// qmailr: qmail-rspawn and qmail-remote.
    Remote,
    /// qmails: qmail-send.
    Send,
}

/// The two groups of conf-groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// qmail: the group of the whole tree and of the daemon set.
    Qmail,
    /// nofiles: the logger, qmail-getpw and the network daemons.
    Nofiles,
}

impl User {
    /// The user's name as conf-users gives it.
    pub fn name(self) -> &'static [u8] {
        match self {
            User::Alias => conf::AUTO_USERA,
            User::Daemon => conf::AUTO_USERD,
            User::Log => conf::AUTO_USERL,
            User::Owner => conf::AUTO_USERO,
            User::Passwd => conf::AUTO_USERP,
            User::Queue => conf::AUTO_USERQ,
            User::Remote => conf::AUTO_USERR,
            User::Send => conf::AUTO_USERS,
        }
    }

    #[cfg(not(feature = "users-by-name"))]
    fn built(self) -> u32 {
        match self {
            User::Alias => conf::AUTO_UIDA,
            User::Daemon => conf::AUTO_UIDD,
            User::Log => conf::AUTO_UIDL,
            User::Owner => conf::AUTO_UIDO,
            User::Passwd => conf::AUTO_UIDP,
            User::Queue => conf::AUTO_UIDQ,
            User::Remote => conf::AUTO_UIDR,
            User::Send => conf::AUTO_UIDS,
        }
    }
}

impl Group {
    /// The group's name as conf-groups gives it.
    pub fn name(self) -> &'static [u8] {
        match self {
            Group::Qmail => conf::AUTO_GROUPQ,
            Group::Nofiles => conf::AUTO_GROUPN,
        }
    }

    #[cfg(not(feature = "users-by-name"))]
    fn built(self) -> u32 {
        match self {
            Group::Qmail => conf::AUTO_GIDQ,
            Group::Nofiles => conf::AUTO_GIDN,
        }
    }
}

/// The ending for a name that does not resolve: exit 111 with
/// `fatal: unable to find KIND NAME`.
pub fn missing(kind: &[u8], name: &[u8]) -> Die {
    Die::x(111, &[b"fatal: unable to find ", kind, b" ", name])
}

/// The uid of `u`: compiled in, or looked up now in the by-name build.
#[cfg(not(feature = "users-by-name"))]
pub fn uid(u: User) -> Result<u32, Die> {
    Ok(u.built())
}

/// The gid of `g`: compiled in, or looked up now in the by-name build.
#[cfg(not(feature = "users-by-name"))]
pub fn gid(g: Group) -> Result<u32, Die> {
    Ok(g.built())
}

/// The uid of `u`: compiled in, or looked up now in the by-name build.
#[cfg(feature = "users-by-name")]
pub fn uid(u: User) -> Result<u32, Die> {
    match crate::sys::pw::getpwnam(u.name()).0 {
        Some(pw) => Ok(pw.uid),
        None => Err(missing(b"user", u.name())),
    }
}

/// The gid of `g`: compiled in, or looked up now in the by-name build.
#[cfg(feature = "users-by-name")]
pub fn gid(g: Group) -> Result<u32, Die> {
    crate::sys::pw::getgrnam_gid(g.name()).ok_or_else(|| missing(b"group", g.name()))
}

/// Several uids at once, in the order asked; the first missing user ends
/// the lookup.
pub fn uids<const N: usize>(users: [User; N]) -> Result<[u32; N], Die> {
    let mut out = [0u32; N];
    for (slot, u) in out.iter_mut().zip(users) {
        *slot = uid(u)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_names_the_user_and_exits_111() {
        let d = missing(b"user", b"qmailq");
        assert_eq!(d.code, 111);
        assert_eq!(d.msg, b"fatal: unable to find user qmailq\n");
        let d = missing(b"group", b"nofiles");
        assert_eq!(d.msg, b"fatal: unable to find group nofiles\n");
    }

    #[cfg(not(feature = "users-by-name"))]
    #[test]
    fn compiled_in_ids_are_the_constants() {
        assert_eq!(uid(User::Queue).ok(), Some(conf::AUTO_UIDQ));
        assert_eq!(uid(User::Owner).ok(), Some(conf::AUTO_UIDO));
        assert_eq!(gid(Group::Nofiles).ok(), Some(conf::AUTO_GIDN));
        assert_eq!(
            uids([User::Alias, User::Send]).ok(),
            Some([conf::AUTO_UIDA, conf::AUTO_UIDS])
        );
        assert_eq!(User::Queue.name(), conf::AUTO_USERQ);
        assert_eq!(Group::Qmail.name(), conf::AUTO_GROUPQ);
    }

    #[cfg(feature = "users-by-name")]
    #[test]
    fn unknown_names_are_reported() {
        assert_eq!(crate::sys::pw::getgrnam_gid(b"no-such-group-\x01"), None);
        assert!(crate::sys::pw::getpwnam(b"no-such-user-\x01").0.is_none());
    }
}
