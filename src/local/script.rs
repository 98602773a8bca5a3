//! What stock's shell-script programs (qmail-qstat, qmail-upq, datemail,
//! mailsubj, elq, pinq, qail, config, config-fast) get from /bin/sh (dash)
//! and the tools they call, reproduced for their Rust replacements: dash's
//! `echo` and `read`, the script name dash prints in its messages, running
//! a command and reporting how it ended, `wc -w`, `find -print` with its
//! error lines, `expr N % M`.

use crate::base::strerr::write_err;
use crate::conf::AUTO_QMAIL;
use crate::sys::{self, proc};

/// dash's `echo ARGS...`: the arguments joined by single spaces and a
/// newline, with backslash escapes: `\a \b \e \f \n \r \t \v \\`, `\0NNN`
/// and `\NNN` (octal, up to three digits, modulo 256), and `\c`, which ends
/// the output there (no newline). Other backslashes stay as they are. A
/// first argument `-n` drops the newline.
pub fn dash_echo(args: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    let (args, newline) = match args.first() {
        Some(&b"-n") => (&args[1..], false),
        _ => (args, true),
    };
    for (k, a) in args.iter().enumerate() {
        if k > 0 {
            out.push(b' ');
        }
        let mut i = 0;
        while i < a.len() {
            let c = a[i];
            i += 1;
            if c != b'\\' || i >= a.len() {
                out.push(c);
                continue;
            }
            let e = a[i];
            i += 1;
            let ctl = match e {
                b'a' => Some(7),
                b'b' => Some(8),
                b'e' => Some(27),
                b'f' => Some(12),
                b'n' => Some(b'\n'),
                b'r' => Some(b'\r'),
                b't' => Some(b'\t'),
                b'v' => Some(11),
                b'\\' => Some(b'\\'),
                _ => None,
            };
            if let Some(x) = ctl {
                out.push(x);
            } else if e == b'c' {
                return out;
            } else if (b'0'..=b'7').contains(&e) {
                // \0 takes up to three more digits; \1..\7 up to two more
                let (mut v, mut left) = if e == b'0' {
                    (0u32, 3)
                } else {
                    (u32::from(e - b'0'), 2)
                };
                while left > 0 && i < a.len() && (b'0'..=b'7').contains(&a[i]) {
                    v = v * 8 + u32::from(a[i] - b'0');
                    i += 1;
                    left -= 1;
                }
                out.push((v & 0xff) as u8);
            } else {
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    if newline {
        out.push(b'\n');
    }
    out
}

/// The name dash gives a script in its messages (`$0`): the path the
/// kernel ran, which is `argv0` when it holds a slash, else the first
/// `PATH` entry holding an executable of that name (as execvp found it).
pub fn script_name(argv0: &[u8]) -> Vec<u8> {
    if argv0.contains(&b'/') {
        return argv0.to_vec();
    }
    let path = sys::env_get(b"PATH").unwrap_or_else(|| b"/bin:/usr/bin".to_vec());
    for dir in path.split(|&c| c == b':') {
        let mut p = if dir.is_empty() {
            Vec::new()
        } else {
            let mut d = dir.to_vec();
            d.push(b'/');
            d
        };
        p.extend_from_slice(argv0);
        if sys::access_x(&p) {
            return p;
        }
    }
    argv0.to_vec()
}

/// A dash error line: `NAME: LINE: TEXT`.
pub fn dash_error(name: &[u8], line: u32, text: &[&[u8]]) -> Vec<u8> {
    let mut m = name.to_vec();
    m.extend_from_slice(b": ");
    m.extend_from_slice(line.to_string().as_bytes());
    m.extend_from_slice(b": ");
    for t in text {
        m.extend_from_slice(t);
    }
    m.push(b'\n');
    m
}

/// `wc -w` of `s`: runs of bytes other than space, tab, newline, vertical
/// tab, form feed and carriage return.
pub fn words(s: &[u8]) -> usize {
    s.split(|c| b" \t\n\x0b\x0c\r".contains(c))
        .filter(|w| !w.is_empty())
        .count()
}

/// `find PATH -print`: every path below and including `path`, depth
/// first, in directory order; `err` gets find's message for each path that
/// cannot be examined or read (`find: 'P': strerror`).
pub fn find(path: &[u8], out: &mut Vec<Vec<u8>>, err: &mut Vec<u8>) {
    let st = match sys::lstat(path) {
        Ok(st) => st,
        Err(e) => {
            find_error(err, path, e);
            return;
        }
    };
    out.push(path.to_vec());
    if st.mode & sys::S_IFMT != sys::S_IFDIR {
        return;
    }
    let names = match sys::read_dir_names(path) {
        Ok(n) => n,
        Err(e) => {
            find_error(err, path, e);
            return;
        }
    };
    for n in names {
        let mut p = path.to_vec();
        if !p.ends_with(b"/") {
            p.push(b'/');
        }
        p.extend_from_slice(&n);
        find(&p, out, err);
    }
}

fn find_error(err: &mut Vec<u8>, path: &[u8], e: sys::Errno) {
    err.extend_from_slice(b"find: '");
    err.extend_from_slice(path);
    err.extend_from_slice(b"': ");
    err.extend_from_slice(&sys::strerror(e.0));
    err.push(b'\n');
}

/// The sh glob `DIR/*`: the entries of `dir` not starting with a dot,
/// sorted bytewise, as `DIR/NAME`; None when nothing matches (sh then
/// passes the pattern itself).
pub fn glob_all(dir: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut names: Vec<Vec<u8>> = sys::read_dir_names(dir)
        .ok()?
        .into_iter()
        .filter(|n| n.first() != Some(&b'.'))
        .collect();
    if names.is_empty() {
        return None;
    }
    names.sort();
    Some(
        names
            .into_iter()
            .map(|n| {
                let mut p = dir.to_vec();
                p.push(b'/');
                p.extend_from_slice(&n);
                p
            })
            .collect(),
    )
}

/// `expr N % M` for a decimal N of any length (optional leading `-`):
/// the remainder with N's sign, as expr prints it; None when expr would
/// say `non-integer argument`.
pub fn expr_mod(n: &[u8], m: u64) -> Option<Vec<u8>> {
    let (neg, digits) = match n.first() {
        Some(b'-') => (true, &n[1..]),
        _ => (false, n),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) || m == 0 {
        return None;
    }
    let r = digits
        .iter()
        .fold(0u64, |r, &d| (r * 10 + u64::from(d - b'0')) % m);
    let mut s = Vec::new();
    if neg && r != 0 {
        s.push(b'-');
    }
    s.extend_from_slice(r.to_string().as_bytes());
    Some(s)
}

/// What dash says when it cannot run a command: the exit status (127 for
/// a missing file, 126 otherwise) and the words after the name.
pub fn exec_failure(e: sys::Errno) -> (i32, &'static [u8]) {
    if e.0 == libc::ENOENT || e.0 == libc::ENOTDIR {
        (127, b"not found")
    } else {
        (126, b"Permission denied")
    }
}

/// How dash reports a foreground command that a signal ended: the
/// signal's description on fd 2 (not for SIGINT and SIGPIPE), and the
/// status 128 + signal.
pub fn signal_status(w: proc::WaitStatus) -> i32 {
    let sig = w.crashed();
    if sig != libc::SIGINT && sig != libc::SIGPIPE {
        let mut m = sys::strsignal(sig);
        if w.0 & 0x80 != 0 {
            m.extend_from_slice(b" (core dumped)");
        }
        m.push(b'\n');
        write_err(&m);
    }
    128 + sig
}

/// Runs `path` (no PATH search) with `argv` as dash runs a simple command
/// on line `line` of script `name`, and gives the status it ends with.
pub fn run_command(name: &[u8], line: u32, path: &[u8], argv: &[&[u8]]) -> i32 {
    let pid = match proc::fork() {
        Err(_) => {
            write_err(&dash_error(name, line, &[b"Cannot fork"]));
            return 2;
        }
        Ok(proc::Fork::Child) => {
            let e = proc::exec(path, argv, false);
            let (code, why) = exec_failure(e);
            write_err(&dash_error(name, line, &[path, b": ", why]));
            sys::exit(code)
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    match proc::wait_pid(pid) {
        Ok((_, w)) if w.crashed() != 0 => signal_status(w),
        Ok((_, w)) => w.exitcode(),
        Err(_) => 2,
    }
}

/// elq, pinq and qail: `QMAIL/bin/maildir2mbox && exec READER "$@"` on
/// the script's line 3. The status is maildir2mbox's when it fails;
/// otherwise this process becomes the reader, found along PATH (127 or
/// 126 with dash's `exec:` message when that fails).
pub fn maildir_then_reader(args: &[Vec<u8>], default_name: &[u8], reader: &[u8]) -> i32 {
    let name = script_name(args.first().map_or(default_name, |a| a));
    let m2m = [AUTO_QMAIL, b"/bin/maildir2mbox"].concat();
    let st = run_command(&name, 3, &m2m, &[&m2m]);
    if st != 0 {
        return st;
    }
    let mut argv: Vec<&[u8]> = vec![reader];
    argv.extend(args.iter().skip(1).map(|a| a.as_slice()));
    let e = proc::exec(reader, &argv, true);
    let (code, why) = exec_failure(e);
    write_err(&dash_error(&name, 3, &[b"exec: ", reader, b": ", why]));
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected outputs taken from dash 0.5.12 (`echo "$1" X`).
    #[test]
    fn echo_like_dash() {
        let table: &[(&[u8], &[u8])] = &[
            (b"a\\nb", b"a\nb X\n"),
            (b"a\\cb", b"a"),
            (b"x\\0101y", b"xAy X\n"),
            (b"x\\101y", b"xAy X\n"),
            (b"q\\\\r", b"q\\r X\n"),
            (b"e\\e", b"e\x1b X\n"),
            (b"z\\x41", b"z\\x41 X\n"),
            (b"trail\\", b"trail\\ X\n"),
            (b"x\\08y", b"x\x008y X\n"),
            (b"x\\00012", b"x\x012 X\n"),
            (b"a\\8", b"a\\8 X\n"),
            (b"a\\1234", b"aS4 X\n"),
            (b"a\\777", b"a\xff X\n"),
            (b"a\\\"", b"a\\\" X\n"),
            (b"a\\07", b"a\x07 X\n"),
        ];
        for (arg, want) in table {
            assert_eq!(
                dash_echo(&[arg, b"X"]),
                *want,
                "{}",
                String::from_utf8_lossy(arg)
            );
        }
        assert_eq!(dash_echo(&[b"-n", b"x"]), b"x");
        assert_eq!(dash_echo(&[b"a", b"-n"]), b"a -n\n");
        assert_eq!(dash_echo(&[b""]), b"\n");
    }

    #[test]
    fn word_counts_and_expr() {
        assert_eq!(words(b"queue/mess/0 queue/mess/1\n"), 2);
        assert_eq!(words(b"  \n\t"), 0);
        assert_eq!(expr_mod(b"28", 23), Some(b"5".to_vec()));
        assert_eq!(expr_mod(b"007", 23), Some(b"7".to_vec()));
        assert_eq!(expr_mod(b"-5", 23), Some(b"-5".to_vec()));
        assert_eq!(
            expr_mod(b"99999999999999999999999", 23),
            Some(b"9".to_vec())
        );
        assert_eq!(expr_mod(b"12x", 23), None);
        assert_eq!(expr_mod(b"", 23), None);
    }
}
