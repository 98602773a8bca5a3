//! The spawn protocol between qmail-send and qmail-lspawn/qmail-rspawn
//! (stock's spawn.c), without the I/O.
//!
//! On start the spawner writes one byte: how many deliveries it runs at
//! once (conf-spawn). qmail-send then sends commands: one byte of delivery
//! number, the message file name (`N/INODE` below queue/mess) and NUL, the
//! sender and NUL, the recipient and NUL. For each, when the delivery ends,
//! the spawner writes the delivery number, a report (a status letter and
//! text from the delivery program) and a NUL.

/// Longest field kept from a command; a longer one makes the command
/// answer like stock's out-of-memory case.
pub const FIELD_MAX: usize = 1 << 20;

/// One decoded command.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Command {
    pub delnum: u8,
    /// Each field still ends with its NUL, as stock keeps it.
    pub messid: Vec<u8>,
    pub sender: Vec<u8>,
    pub recip: Vec<u8>,
    /// A field could not be stored: the command must fail.
    pub abort: bool,
}

/// The command decoder: bytes in, complete commands out.
#[derive(Debug, Default)]
pub struct Reader {
    stage: u8,
    cur: Command,
}

impl Reader {
    /// Feeds bytes; returns the commands they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Command> {
        let mut done = Vec::new();
        for &ch in bytes {
            let c = &mut self.cur;
            let field = match self.stage {
                0 => {
                    c.delnum = ch;
                    c.messid.clear();
                    self.stage = 1;
                    continue;
                }
                1 => &mut c.messid,
                2 => &mut c.sender,
                _ => &mut c.recip,
            };
            if field.len() < FIELD_MAX {
                field.push(ch);
            } else {
                c.abort = true;
            }
            if ch != 0 {
                continue;
            }
            match self.stage {
                1 => {
                    c.sender.clear();
                    self.stage = 2;
                }
                2 => {
                    c.recip.clear();
                    self.stage = 3;
                }
                _ => {
                    done.push(std::mem::take(c));
                    self.stage = 0;
                }
            }
        }
        done
    }
}

/// The checks stock makes of a command before anything runs: the report
/// text for a bad one. `spawn` is conf-spawn, `used` whether that delivery
/// number is busy.
pub fn check(c: &Command, spawn: usize, used: impl Fn(usize) -> bool) -> Option<&'static [u8]> {
    if c.abort {
        return Some(b"Zqmail-spawn out of memory. (#4.3.0)\n");
    }
    let d = usize::from(c.delnum);
    if d >= spawn {
        return Some(b"ZInternal error: delnum too big. (#4.3.5)\n");
    }
    if used(d) {
        return Some(b"ZInternal error: delnum in use. (#4.3.5)\n");
    }
    for (i, &ch) in c.messid.iter().enumerate() {
        if ch != 0 && (i == 0 || ch != b'/') && !ch.is_ascii_digit() {
            return Some(b"DInternal error: messid has nonnumerics. (#5.3.5)\n");
        }
    }
    if c.messid.len() > 100 {
        return Some(b"DInternal error: messid too long. (#5.3.5)\n");
    }
    if c.messid.first().copied().unwrap_or(0) == 0 {
        return Some(b"DInternal error: messid too short. (#5.3.5)\n");
    }
    if !c.recip.contains(&b'@') {
        return Some(b"DSorry, address must include host name. (#5.1.3)\n");
    }
    None
}

/// The answer to qmail-send for delivery `delnum`: its number, `report`,
/// and a NUL.
pub fn answer(delnum: u8, report: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(report.len() + 2);
    v.push(delnum);
    v.extend_from_slice(report);
    v.push(0);
    v
}

/// Appends a delivery program's output to what is kept of it; past
/// `truncreport` bytes (when that is over 100) the text is cut and a note
/// put at its end, as stock does.
pub fn collect(output: &mut Vec<u8>, bytes: &[u8], truncreport: usize) {
    output.extend_from_slice(bytes);
    if truncreport > 100 && output.len() > truncreport {
        const NOTE: &[u8] = b"\nError report too long, sorry.\n";
        output.truncate(truncreport - NOTE.len() - 3);
        output.extend_from_slice(NOTE);
    }
}

/// qmail-lspawn's report for a finished qmail-local: `crashed` is the
/// signal that killed it (0 if none), `code` its exit code, `output` what
/// it wrote (used up to its first NUL).
pub fn local_report(crashed: i32, code: i32, output: &[u8]) -> Vec<u8> {
    if crashed != 0 {
        return b"Zqmail-local crashed.\n".to_vec();
    }
    let fixed: &[u8] = match code {
        117 => b"ZTrouble reading users/cdb in qmail-lspawn.\n",
        119 => b"ZOut of memory in qmail-lspawn.\n",
        118 => b"ZTemporary failure in qmail-lspawn.\n",
        116 => b"ZUnable to find alias user!\n",
        113 => b"ZNot allowed to perform deliveries as root.\n",
        112 => b"ZInternal qmail-lspawn bug.\n",
        115 => b"ZNFS failure in qmail-local.\n",
        126 => b"DUnable to run qmail-local.\n",
        120 => b"ZUnable to run qmail-local.\n",
        121 => b"ZUnable to run qmail-getpw.\n",
        _ => b"",
    };
    if !fixed.is_empty() {
        return fixed.to_vec();
    }
    let letter = match code {
        111 | 71 | 74 | 75 => b'Z',
        0 => b'K',
        _ => b'D',
    };
    let mut v = vec![letter];
    v.extend_from_slice(crate::qmail::cstr(output));
    v
}

/// The fields of a users/cdb or qmail-getpw answer ("nughde"): user, uid,
/// gid, home, dash, extension, each ended by a NUL. None when one of the
/// six has no NUL (stock exits QLX_USAGE).
pub fn nughde_fields(x: &[u8]) -> Option<[&[u8]; 6]> {
    let mut it = x.split_inclusive(|&c| c == 0);
    let mut f: [&[u8]; 6] = [&[]; 6];
    for slot in f.iter_mut() {
        let s = it.next()?;
        *slot = s.strip_suffix(&[0])?;
    }
    Some(f)
}

/// The users/cdb lookup key for a local address: `!` and the address,
/// lowercased, with its NUL (stock looks up prefixes of it).
pub fn cdb_key(local: &[u8]) -> Vec<u8> {
    let mut k = b"!".to_vec();
    k.extend_from_slice(local);
    k.push(0);
    k.make_ascii_lowercase();
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_decoded_across_reads() {
        let mut r = Reader::default();
        assert!(r.feed(b"\x03").is_empty());
        assert!(r.feed(b"5/123\0a@b").is_empty());
        let c = r.feed(b"\0joe@x\0\x01").pop().unwrap();
        assert_eq!(c.delnum, 3);
        assert_eq!(c.messid, b"5/123\0");
        assert_eq!(c.sender, b"a@b\0");
        assert_eq!(c.recip, b"joe@x\0");
        let c = r.feed(b"1/2\0\0y@z\0").pop().unwrap();
        assert_eq!((c.delnum, &c.sender[..]), (1, &b"\0"[..]));
    }

    #[test]
    fn checks_in_stock_order() {
        let c = |m: &[u8], r: &[u8]| Command {
            delnum: 1,
            messid: m.to_vec(),
            sender: b"\0".to_vec(),
            recip: r.to_vec(),
            abort: false,
        };
        let free = |_| false;
        assert_eq!(check(&c(b"5/123\0", b"a@b\0"), 10, free), None);
        assert_eq!(
            check(&c(b"5/123\0", b"a@b\0"), 1, free).unwrap()[..10],
            b"ZInternal "[..]
        );
        assert_eq!(
            check(&c(b"5/123\0", b"a@b\0"), 10, |_| true).unwrap(),
            b"ZInternal error: delnum in use. (#4.3.5)\n"
        );
        assert_eq!(
            check(&c(b"/5\0", b"a@b\0"), 10, free).unwrap(),
            b"DInternal error: messid has nonnumerics. (#5.3.5)\n"
        );
        assert_eq!(
            check(&c(b"5x\0", b"a@b\0"), 10, free).unwrap()[..30],
            b"DInternal error: messid has no"[..]
        );
        assert_eq!(
            check(&c(b"\0", b"a@b\0"), 10, free).unwrap(),
            b"DInternal error: messid too short. (#5.3.5)\n"
        );
        let long = [b"1".repeat(101), b"\0".to_vec()].concat();
        assert_eq!(
            check(&c(&long, b"a@b\0"), 10, free).unwrap(),
            b"DInternal error: messid too long. (#5.3.5)\n"
        );
        assert_eq!(
            check(&c(b"5/1\0", b"ab\0"), 10, free).unwrap(),
            b"DSorry, address must include host name. (#5.1.3)\n"
        );
    }

    #[test]
    fn reports() {
        assert_eq!(local_report(0, 0, b"did 0+0+1/\0junk"), b"Kdid 0+0+1/");
        assert_eq!(local_report(0, 111, b"x"), b"Zx");
        assert_eq!(local_report(0, 100, b"x"), b"Dx");
        assert_eq!(local_report(0, 5, b"x"), b"Dx");
        assert_eq!(local_report(9, 0, b"x"), b"Zqmail-local crashed.\n");
        assert_eq!(local_report(0, 126, b"x"), b"DUnable to run qmail-local.\n");
        let mut o = Vec::new();
        collect(&mut o, &[b'x'; 3001], 3000);
        assert_eq!(o.len(), 3000 - 3);
        assert!(o.ends_with(b"\nError report too long, sorry.\n"));
    }

    #[test]
    fn nughde() {
        let f = nughde_fields(b"joe\x001000\x00100\x00/home/joe\x00-\x00ext\x00").unwrap();
        assert_eq!(
            f,
            [&b"joe"[..], b"1000", b"100", b"/home/joe", b"-", b"ext"]
        );
        assert!(nughde_fields(b"joe\x001000\x00100\x00/home/joe\x00-\x00ext").is_none());
        assert!(nughde_fields(b"a\0b\0c\0d\0e\0").is_none());
        assert_eq!(nughde_fields(b"a\0b\0c\0d\0e\0\0").unwrap()[5], b"");
        assert_eq!(cdb_key(b"Joe-X"), b"!joe-x\0");
    }
}
