//! qmail-local's byte handling: the lines it adds to a message, the
//! environment it gives programs, the `.qmail` file names it tries and the
//! way it reads a `.qmail` file. The program (src/bin/qmail-local.rs) does
//! the deliveries.

pub mod child;
pub mod maildir;
pub mod script;

/// `Delivered-To: LOCAL@HOST` and a newline; newlines inside become `_`.
pub fn dtline(local: &[u8], host: &[u8]) -> Vec<u8> {
    let mut v = b"Delivered-To: ".to_vec();
    v.extend_from_slice(local);
    v.push(b'@');
    v.extend_from_slice(host);
    for c in v.iter_mut() {
        if *c == b'\n' {
            *c = b'_';
        }
    }
    v.push(b'\n');
    v
}

/// `Return-Path: <SENDER>` (quoted like an address) and a newline.
pub fn rpline(quoted_sender: &[u8]) -> Vec<u8> {
    let mut v = b"Return-Path: <".to_vec();
    v.extend_from_slice(quoted_sender);
    for c in v.iter_mut() {
        if *c == b'\n' {
            *c = b'_';
        }
    }
    v.extend_from_slice(b">\n");
    v
}

/// The mbox `From ` line: the sender with blanks made `-` (or
/// MAILER-DAEMON for `<>`), a space and the ctime-style date (which ends
/// in a newline).
pub fn ufline(sender: &[u8], ctime: &[u8]) -> Vec<u8> {
    let mut v = b"From ".to_vec();
    if sender.is_empty() {
        v.extend_from_slice(b"MAILER-DAEMON");
    } else {
        v.extend(sender.iter().map(|&c| match c {
            b' ' | b'\t' | b'\n' => b'-',
            c => c,
        }));
    }
    v.push(b' ');
    v.extend_from_slice(ctime);
    v
}

/// EXT, EXT2, EXT3, EXT4: the extension, then what follows its first,
/// second and third dash.
pub fn ext_parts(ext: &[u8]) -> [&[u8]; 4] {
    let mut out: [&[u8]; 4] = [ext; 4];
    let mut x = ext;
    for slot in out.iter_mut().skip(1) {
        let i = x.iter().position(|&c| c == b'-').unwrap_or(x.len());
        x = x.get(i + 1..).unwrap_or(&[]);
        *slot = x;
    }
    out
}

/// HOST2, HOST3, HOST4: the host without its last one, two and three
/// dot-separated parts (all of it when there are no more dots).
pub fn host_parts(host: &[u8]) -> [&[u8]; 3] {
    let mut out: [&[u8]; 3] = [host; 3];
    let mut i = host.len();
    for slot in out.iter_mut() {
        i = host[..i].iter().rposition(|&c| c == b'.').unwrap_or(i);
        *slot = &host[..i];
    }
    out
}

/// The extension as used in `.qmail` names: lowercase, `.` made `:`.
pub fn safeext(ext: &[u8]) -> Vec<u8> {
    ext.iter()
        .map(|&c| match c.to_ascii_lowercase() {
            b'.' => b':',
            c => c,
        })
        .collect()
}

/// The `.qmail` names tried after the exact one (`.qmail` DASH SAFEEXT),
/// longest first: for each cut of the extension at a dash (and at its
/// start) the name ending in `default`, with where in the extension the
/// DEFAULT part begins.
pub fn default_names(dash: &[u8], safeext: &[u8]) -> Vec<(Vec<u8>, usize)> {
    let mut v = Vec::new();
    for i in (0..=safeext.len()).rev() {
        if i == 0 || safeext[i - 1] == b'-' {
            let mut n = b".qmail".to_vec();
            n.extend_from_slice(dash);
            n.extend_from_slice(&safeext[..i]);
            n.extend_from_slice(b"default");
            v.push((n, i));
        }
    }
    v
}

/// One instruction of a `.qmail` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line<'a> {
    /// A blank line after the first (ignored).
    Blank,
    /// The first line is blank: stock refuses the file.
    FirstBlank,
    Comment,
    /// `./Maildir/` (ends in `/`).
    Maildir(&'a [u8]),
    /// `./mbox` or `/path`.
    Mbox(&'a [u8]),
    /// `|command`: the command.
    Program(&'a [u8]),
    /// `+list` turns on forward-only; other `+` lines do nothing.
    Plus(&'a [u8]),
    /// `&address` or `address`: the address.
    Forward(&'a [u8]),
}

/// The lines of `cmds` (which ends in a newline), trailing blanks and tabs
/// cut, each cut at a NUL as the C strings are.
pub fn lines(cmds: &[u8]) -> Vec<Line<'_>> {
    let body = cmds.strip_suffix(b"\n").unwrap_or(cmds);
    let mut out = Vec::new();
    for (n, raw) in body.split(|&c| c == b'\n').enumerate() {
        let mut l = raw;
        while let Some((&last, rest)) = l.split_last() {
            if last == b' ' || last == b'\t' {
                l = rest;
            } else {
                break;
            }
        }
        let l = crate::queue::qmail::cstr(l);
        out.push(match l.first() {
            None if n == 0 => Line::FirstBlank,
            None => Line::Blank,
            Some(b'#') => Line::Comment,
            Some(b'.') | Some(b'/') if l.ends_with(b"/") => Line::Maildir(l),
            Some(b'.') | Some(b'/') => Line::Mbox(l),
            Some(b'|') => Line::Program(&l[1..]),
            Some(b'+') => Line::Plus(&l[1..]),
            Some(b'&') => Line::Forward(&l[1..]),
            Some(_) => Line::Forward(l),
        });
    }
    out
}

/// gfrom: does this line need a `>` in an mbox (`From ` after any `>`s)?
pub fn gfrom(line: &[u8]) -> bool {
    let s = match line.iter().position(|&c| c != b'>') {
        Some(i) => &line[i..],
        None => &[],
    };
    s.starts_with(b"From ")
}

/// What a program's exit code means: Ok(true) stop after it (99), Ok(false)
/// go on, Err(code) end qmail-local with that code.
pub fn program_exit(code: i32) -> Result<bool, i32> {
    match code {
        0 => Ok(false),
        99 => Ok(true),
        100 | 64 | 65 | 70 | 76 | 77 | 78 | 112 => Err(100),
        _ => Err(111),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines() {
        assert_eq!(dtline(b"joe", b"x.y"), b"Delivered-To: joe@x.y\n");
        assert_eq!(dtline(b"j\noe", b"x"), b"Delivered-To: j_oe@x\n");
        assert_eq!(rpline(b"a@b"), b"Return-Path: <a@b>\n");
        assert_eq!(
            ufline(b"a b@c", b"Mon Nov 23 06:54:51 2026\n"),
            b"From a-b@c Mon Nov 23 06:54:51 2026\n"
        );
        assert_eq!(ufline(b"", b"T\n"), b"From MAILER-DAEMON T\n");
    }

    #[test]
    fn env_parts() {
        assert_eq!(
            ext_parts(b"a-b-c-d-e"),
            [&b"a-b-c-d-e"[..], b"b-c-d-e", b"c-d-e", b"d-e"]
        );
        assert_eq!(ext_parts(b"a"), [&b"a"[..], b"", b"", b""]);
        assert_eq!(host_parts(b"a.b.c.d"), [&b"a.b.c"[..], b"a.b", b"a"]);
        assert_eq!(
            host_parts(b"nodots"),
            [&b"nodots"[..], b"nodots", b"nodots"]
        );
        assert_eq!(safeext(b"Foo.Bar"), b"foo:bar");
    }

    #[test]
    fn default_search_order() {
        let n: Vec<String> = default_names(b"-", b"a-b-c")
            .into_iter()
            .map(|(n, i)| format!("{} {i}", String::from_utf8_lossy(&n)))
            .collect();
        assert_eq!(
            n,
            [
                ".qmail-a-b-default 4",
                ".qmail-a-default 2",
                ".qmail-default 0"
            ]
        );
        assert_eq!(default_names(b"", b"")[0].0, b".qmaildefault");
    }

    #[test]
    fn qmail_lines() {
        let l = lines(b"./Maildir/\n# c\n\n|prog arg \t\n&a@b\nc@d  \n+list\n/var/mail/x\n");
        assert_eq!(
            l,
            [
                Line::Maildir(b"./Maildir/"),
                Line::Comment,
                Line::Blank,
                Line::Program(b"prog arg"),
                Line::Forward(b"a@b"),
                Line::Forward(b"c@d"),
                Line::Plus(b"list"),
                Line::Mbox(b"/var/mail/x"),
            ]
        );
        assert_eq!(lines(b"\n./x\n")[0], Line::FirstBlank);
        assert_eq!(lines(b"  \n")[0], Line::FirstBlank);
    }

    #[test]
    fn from_quoting_and_exits() {
        assert!(gfrom(b"From x"));
        assert!(gfrom(b">>From x"));
        assert!(!gfrom(b"from x"));
        assert!(!gfrom(b">From"));
        assert_eq!(program_exit(99), Ok(true));
        assert_eq!(program_exit(77), Err(100));
        assert_eq!(program_exit(1), Err(111));
    }
}
