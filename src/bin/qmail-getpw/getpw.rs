//! qmail-getpw's lookup: which account a local part belongs to, and what is
//! left of it as the extension.
//!
//! The local part is cut after its whole length, then before each `break`
//! byte (conf-break, `-`) from the right; each prefix shorter than 32 bytes
//! is lowercased and looked up. A prefix counts when the account exists, is
//! not uid 0, and its home directory is owned by it. A home whose stat
//! fails temporarily (a dead NFS server) stops the search with QLX_NFS;
//! ETXTBSY from the lookup itself with QLX_SYS. When nothing counts, the
//! whole local part is the extension of the alias account.

use qmail::queue::qlx;
use qmail::sys::pw::Passwd;
use qmail::sys::Errno;

/// Longest user name tried, plus one (stock's buffer).
pub const USERLEN: usize = 32;

/// The answer: the account, the dash ("" or "-") and the extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub pw: Passwd,
    pub dash: &'static [u8],
    pub ext: Vec<u8>,
}

/// Searches `local` for a user prefix. `lookup` is getpwnam with its
/// errno; `home_uid` stats a home directory. Ok(None): no user prefix
/// (use the alias account); Err: the exit code to stop with.
pub fn userext(
    local: &[u8],
    brk: u8,
    mut lookup: impl FnMut(&[u8]) -> (Option<Passwd>, Errno),
    mut home_uid: impl FnMut(&[u8]) -> Result<u32, Errno>,
) -> Result<Option<Found>, i32> {
    let mut e = local.len();
    loop {
        if e < USERLEN && (e == local.len() || local[e] == brk) {
            let mut name = local[..e].to_vec();
            qmail::base::case::lowerb(&mut name);
            let (pw, err) = lookup(&name);
            if err.0 == libc::ETXTBSY {
                return Err(qlx::SYS);
            }
            if let Some(pw) = pw.filter(|p| p.uid != 0) {
                match home_uid(&pw.dir) {
                    Ok(uid) if uid == pw.uid => {
                        let (dash, ext): (&'static [u8], Vec<u8>) = if e == local.len() {
                            (b"", Vec::new())
                        } else {
                            (b"-", local[e + 1..].to_vec())
                        };
                        return Ok(Some(Found { pw, dash, ext }));
                    }
                    Ok(_) => {}
                    Err(err) if err.is_temp() => return Err(qlx::NFS),
                    Err(_) => {}
                }
            }
        }
        if e == 0 {
            return Ok(None);
        }
        e -= 1;
    }
}

/// The answer as qmail-lspawn reads it: name, uid, gid, home, dash and
/// extension, each followed by a NUL.
pub fn answer(f: &Found) -> Vec<u8> {
    let mut v = Vec::new();
    for field in [
        &f.pw.name[..],
        &qmail::base::fmt::ulong(u64::from(f.pw.uid)),
        &qmail::base::fmt::ulong(u64::from(f.pw.gid)),
        &f.pw.dir,
        f.dash,
        &f.ext,
    ] {
        v.extend_from_slice(field);
        v.push(0);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(name: &str, uid: u32) -> Passwd {
        Passwd {
            name: name.as_bytes().to_vec(),
            uid,
            gid: 100,
            dir: format!("/home/{name}").into_bytes(),
        }
    }

    fn db(name: &[u8]) -> (Option<Passwd>, Errno) {
        let p = match name {
            b"joe" => Some(pw("joe", 1000)),
            b"joe-list" => Some(pw("joe-list", 1001)),
            b"root" => Some(pw("root", 0)),
            b"ann" => Some(pw("ann", 1002)),
            b"nfs" => Some(pw("nfs", 1003)),
            _ => None,
        };
        (p, Errno(0))
    }

    fn homes(dir: &[u8]) -> Result<u32, Errno> {
        match dir {
            b"/home/joe" => Ok(1000),
            b"/home/joe-list" => Ok(1001),
            b"/home/ann" => Ok(7), // not hers
            b"/home/nfs" => Err(Errno(libc::ETIMEDOUT)),
            _ => Err(Errno(libc::ENOENT)),
        }
    }

    fn find(local: &str) -> Result<Option<(String, String, String)>, i32> {
        userext(local.as_bytes(), b'-', db, homes).map(|o| {
            o.map(|f| {
                (
                    String::from_utf8_lossy(&f.pw.name).into_owned(),
                    String::from_utf8_lossy(f.dash).into_owned(),
                    String::from_utf8_lossy(&f.ext).into_owned(),
                )
            })
        })
    }

    fn some(a: &str, b: &str, c: &str) -> Result<Option<(String, String, String)>, i32> {
        Ok(Some((a.into(), b.into(), c.into())))
    }

    #[test]
    fn longest_prefix_wins_and_case_is_folded() {
        assert_eq!(find("joe"), some("joe", "", ""));
        assert_eq!(find("JOE"), some("joe", "", ""));
        assert_eq!(find("joe-list-x"), some("joe-list", "-", "x"));
        assert_eq!(find("joe-other-x"), some("joe", "-", "other-x"));
        assert_eq!(find("joe-"), some("joe", "-", ""));
    }

    #[test]
    fn root_foreign_homes_and_unknown_names_fall_through() {
        assert_eq!(find("root"), Ok(None));
        assert_eq!(find("ann-x"), Ok(None));
        assert_eq!(find("nobody-here"), Ok(None));
        assert_eq!(find(""), Ok(None));
        assert_eq!(find("-joe"), Ok(None));
    }

    #[test]
    fn temporary_trouble_stops_the_search() {
        assert_eq!(find("nfs"), Err(qlx::NFS));
        let busy = |_: &[u8]| (None, Errno(libc::ETXTBSY));
        assert_eq!(userext(b"x", b'-', busy, homes), Err(qlx::SYS));
    }

    #[test]
    fn names_of_32_bytes_or_more_are_not_tried() {
        let long = "j".repeat(31);
        let mut hit = Vec::new();
        let _ = userext(
            format!("{long}j-x").as_bytes(),
            b'-',
            |n: &[u8]| {
                hit.push(n.len());
                (None, Errno(0))
            },
            homes,
        );
        assert_eq!(hit, Vec::<usize>::new());
        let mut hit = Vec::new();
        let _ = userext(
            long.as_bytes(),
            b'-',
            |n: &[u8]| {
                hit.push(n.len());
                (None, Errno(0))
            },
            homes,
        );
        assert_eq!(hit, vec![31]);
    }

    #[test]
    fn answer_is_six_nul_terminated_fields() {
        let f = Found {
            pw: pw("joe", 1000),
            dash: b"-",
            ext: b"x".to_vec(),
        };
        assert_eq!(answer(&f), b"joe\x001000\x00100\x00/home/joe\x00-\x00x\x00");
    }
}
