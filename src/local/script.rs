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

/// What dash (0.5.12) says when it cannot run a command: the exit status
/// and the words after the name. A missing file or a path component that
/// is no directory is `not found`, any other failure the C library's text
/// (`Permission denied`, `Exec format error`...); the status is 127 for
/// those two and for a symlink loop or an overlong name, else 126.
pub fn exec_failure(e: sys::Errno) -> (i32, Vec<u8>) {
    let code = match e.0 {
        libc::ENOENT | libc::ENOTDIR | libc::ELOOP | libc::ENAMETOOLONG => 127,
        _ => 126,
    };
    let why = match e.0 {
        libc::ENOENT | libc::ENOTDIR => b"not found".to_vec(),
        n => sys::strerror(n),
    };
    (code, why)
}

/// Whether dash (0.5.12) takes a file that the kernel would not run for
/// a binary rather than a script: a byte of its first line, within the
/// first 128 bytes, is a control character other than tab, vertical tab,
/// form feed, carriage return, shift out/in and escape (found by probing
/// dash). An unreadable file counts as a script.
fn looks_binary(path: &[u8]) -> bool {
    let Ok(fd) = sys::open_read(path) else {
        return false;
    };
    let fd = sys::OwnedFd(fd);
    let mut buf = [0u8; 128];
    let n = loop {
        match sys::read(fd.raw(), &mut buf) {
            Err(e) if e.0 == libc::EINTR => continue,
            Ok(n) => break n,
            Err(_) => break 0,
        }
    };
    buf[..n]
        .iter()
        .take_while(|&&c| c != b'\n')
        .any(|&c| matches!(c, 0..=8 | 16..=26 | 28..=31 | 127))
}

/// One try of dash's: `argv` run from `path`; a file the kernel refuses
/// as a format (ENOEXEC) that is no binary runs as a script of /bin/sh,
/// whose arguments are the path and argv's rest. Returns only on failure.
fn try_exec(path: &[u8], argv: &[&[u8]]) -> sys::Errno {
    let e = proc::exec(path, argv, false);
    if e.0 != libc::ENOEXEC || looks_binary(path) {
        return e;
    }
    let mut sh: Vec<&[u8]> = vec![b"/bin/sh", path];
    sh.extend_from_slice(argv.get(1..).unwrap_or(&[]));
    proc::exec(b"/bin/sh", &sh, false);
    e
}

/// dash's default search path, for a PATH that is not set.
const DEFAULT_PATH: &[u8] = b"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// How dash runs a command (shellexec): a name with a slash is run as it
/// is; any other is tried in each PATH directory in turn (an empty entry
/// is the current directory). Returns only on failure, with the error
/// dash reports: the last one that was not a missing file, else ENOENT.
pub fn dash_exec(cmd: &[u8], argv: &[&[u8]]) -> sys::Errno {
    if cmd.contains(&b'/') {
        return try_exec(cmd, argv);
    }
    let path = sys::env_get(b"PATH").unwrap_or_else(|| DEFAULT_PATH.to_vec());
    let mut err = sys::Errno(libc::ENOENT);
    for dir in path.split(|&c| c == b':') {
        let full = if dir.is_empty() {
            cmd.to_vec()
        } else {
            [dir, b"/", cmd].concat()
        };
        let e = try_exec(&full, argv);
        if e.0 != libc::ENOENT && e.0 != libc::ENOTDIR {
            err = e;
        }
    }
    err
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
            let e = dash_exec(path, argv);
            let (code, why) = exec_failure(e);
            write_err(&dash_error(name, line, &[path, b": ", &why]));
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
    let e = dash_exec(reader, &argv);
    let (code, why) = exec_failure(e);
    write_err(&dash_error(&name, 3, &[b"exec: ", reader, b": ", &why]));
    code
}

/// Writes `s` to fd 1 at once, as a builtin's output is written when the
/// command ends; a failed write is not reported.
pub fn say(s: &[u8]) {
    let mut rest = s;
    while !rest.is_empty() {
        match sys::write(1, rest) {
            Ok(n) if n > 0 => rest = &rest[n..],
            Err(e) if e.0 == libc::EINTR => {}
            _ => return,
        }
    }
}

/// dash's `read VAR` (without -r, default IFS) on `input` from `*pos`:
/// NUL bytes are dropped, a backslash keeps the next byte as it is (a
/// backslash-newline joins lines), the line ends at an unescaped newline,
/// and blanks (space, tab, newline) not escaped are trimmed from both
/// ends. The flag is false when the input ended before the newline (the
/// value is still set then, as in dash).
pub fn dash_read(input: &[u8], pos: &mut usize) -> (bool, Vec<u8>) {
    let mut val: Vec<(u8, bool)> = Vec::new();
    let mut esc = false;
    let mut ok = false;
    while let Some(&c) = input.get(*pos) {
        *pos += 1;
        if c == 0 {
            continue;
        }
        if esc {
            esc = false;
            if c != b'\n' {
                val.push((c, true));
            }
            continue;
        }
        match c {
            b'\\' => esc = true,
            b'\n' => {
                ok = true;
                break;
            }
            _ => val.push((c, false)),
        }
    }
    let blank = |&(c, quoted): &(u8, bool)| !quoted && matches!(c, b' ' | b'\t' | b'\n');
    let start = val.iter().position(|x| !blank(x)).unwrap_or(val.len());
    let end = val.iter().rposition(|x| !blank(x)).map_or(start, |i| i + 1);
    (ok, val[start..end].iter().map(|&(c, _)| c).collect())
}

/// `sed s/RE/REPL/` run over `input` line by line with `f` standing for
/// the substitution (None: no match, the line stays); a last line without
/// a newline stays without one.
pub fn sed_lines(input: &[u8], f: fn(&[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut rest = input;
    while !rest.is_empty() {
        let (line, nl) = match rest.iter().position(|&c| c == b'\n') {
            Some(i) => (&rest[..i], true),
            None => (rest, false),
        };
        match f(line) {
            Some(v) => out.extend_from_slice(&v),
            None => out.extend_from_slice(line),
        }
        if nl {
            out.push(b'\n');
            rest = &rest[line.len() + 1..];
        } else {
            rest = &[];
        }
    }
    out
}

/// A byte of sed's `[^\.]`: neither a dot nor a backslash (GNU sed reads
/// the backslash in a bracket as itself).
fn label_byte(c: u8) -> bool {
    c != b'.' && c != b'\\'
}

/// `s/^\([^\.]*\)\.\([^\.]*\)\./\2\./`: drops the first label when two
/// labels and a dot follow it (`a.b.c` becomes `b.c`).
pub fn sed_drop_first_label(line: &[u8]) -> Option<Vec<u8>> {
    let a = line.iter().position(|&c| !label_byte(c))?;
    if line[a] != b'.' {
        return None;
    }
    let rest = &line[a + 1..];
    let b = rest.iter().position(|&c| !label_byte(c))?;
    if rest[b] != b'.' {
        return None;
    }
    Some(rest.to_vec())
}

/// `s/^.*\.\([^\.]*\)\.\([^\.]*\)$/\1.\2/`: keeps the last two labels
/// when a dot comes before them (`a.b.c` becomes `b.c`).
pub fn sed_last_two_labels(line: &[u8]) -> Option<Vec<u8>> {
    let y = line.iter().rposition(|&c| !label_byte(c))?;
    if line[y] != b'.' {
        return None;
    }
    let head = &line[..y];
    let x = head.iter().rposition(|&c| !label_byte(c))?;
    if head[x] != b'.' {
        return None;
    }
    Some(line[x + 1..].to_vec())
}

/// `echo ... > PATH` (or `>>` with `append`) on line `line` of script
/// `name`: writes `data`, or says what dash says when it cannot create
/// the file. False when the file could not be opened.
pub fn redirect(name: &[u8], line: u32, path: &[u8], append: bool, data: &[u8]) -> bool {
    let fd = match sys::open_shell(path, append) {
        Ok(fd) => sys::OwnedFd(fd),
        Err(e) => {
            let why = if e.0 == libc::ENOENT || e.0 == libc::ENOTDIR {
                b"Directory nonexistent".to_vec()
            } else {
                sys::strerror(e.0)
            };
            write_err(&dash_error(
                name,
                line,
                &[b"cannot create ", path, b": ", &why],
            ));
            return false;
        }
    };
    let mut rest = data;
    while !rest.is_empty() {
        match sys::write(fd.raw(), rest) {
            Ok(n) if n > 0 => rest = &rest[n..],
            Err(e) if e.0 == libc::EINTR => {}
            _ => break,
        }
    }
    true
}

/// `chmod MODE PATH` as coreutils chmod does it (C locale messages on
/// fd 2).
pub fn chmod(path: &[u8], mode: u32) {
    if let Err(e) = sys::stat(path) {
        write_err(
            &[
                b"chmod: cannot access '",
                path,
                b"': ",
                &sys::strerror(e.0),
                b"\n",
            ]
            .concat(),
        );
        return;
    }
    if let Err(e) = sys::chmod(path, mode) {
        write_err(
            &[
                b"chmod: changing permissions of '",
                path,
                b"': ",
                &sys::strerror(e.0),
                b"\n",
            ]
            .concat(),
        );
    }
}

/// `cp FROM TO` as coreutils cp does it for a regular file: TO is
/// created with FROM's permissions, or truncated and keeps its own.
pub fn cp(from: &[u8], to: &[u8]) {
    let msg = |what: &[u8], path: &[u8], e: sys::Errno| {
        write_err(
            &[
                b"cp: ",
                what,
                b" '",
                path,
                b"': ",
                &sys::strerror(e.0),
                b"\n",
            ]
            .concat(),
        );
    };
    let st = match sys::stat(from) {
        Ok(st) => st,
        Err(e) => return msg(b"cannot stat", from, e),
    };
    let src = match sys::open_read(from) {
        Ok(fd) => sys::OwnedFd(fd),
        Err(e) => return msg(b"cannot open", from, e),
    };
    let dst = match sys::open_trunc_mode(to, st.mode & 0o7777) {
        Ok(fd) => sys::OwnedFd(fd),
        Err(e) => return msg(b"cannot create regular file", to, e),
    };
    let mut buf = vec![0u8; 8192];
    loop {
        let n = match sys::read(src.raw(), &mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) if e.0 == libc::EINTR => continue,
            Err(e) => return msg(b"error reading", from, e),
        };
        let mut rest = &buf[..n];
        while !rest.is_empty() {
            match sys::write(dst.raw(), rest) {
                Ok(k) if k > 0 => rest = &rest[k..],
                Err(e) if e.0 == libc::EINTR => {}
                Err(e) => return msg(b"error writing", to, e),
                Ok(_) => return,
            }
        }
    }
}

/// Most bytes of a command's output kept by [`capture`]; past it the
/// reading stops (the command then gets SIGPIPE, as with a reader that
/// went away).
pub const CAPTURE_MAX: usize = 1 << 20;

/// `./PROG ARGS | ...`: runs `path` (no PATH search) with its output into
/// a pipe and returns what it wrote, up to [`CAPTURE_MAX`] bytes or, with
/// `first_line`, up to what one `read` takes. Its stderr is fd 2, or
/// /dev/null with `quiet` (`2>/dev/null`). A program that cannot be run
/// gets dash's message for line `line` of script `name`, and writes
/// nothing.
pub fn capture(
    name: &[u8],
    line: u32,
    path: &[u8],
    argv: &[&[u8]],
    quiet: bool,
    first_line: bool,
) -> Vec<u8> {
    let Ok((rd, wr)) = sys::pipe_owned() else {
        write_err(&dash_error(name, line, &[b"Pipe call failed"]));
        return Vec::new();
    };
    let pid = match proc::fork() {
        Err(_) => {
            write_err(&dash_error(name, line, &[b"Cannot fork"]));
            return Vec::new();
        }
        Ok(proc::Fork::Child) => {
            drop(rd);
            if sys::fd_move(1, wr.into_raw()).is_err() {
                sys::exit(2);
            }
            if quiet {
                match sys::open_write(b"/dev/null") {
                    Ok(fd) if sys::fd_move(2, fd).is_ok() => {}
                    _ => sys::exit(2),
                }
            }
            let _ = proc::sig_default(libc::SIGPIPE);
            let e = dash_exec(path, argv);
            let (code, why) = exec_failure(e);
            write_err(&dash_error(name, line, &[path, b": ", &why]));
            sys::exit(code)
        }
        Ok(proc::Fork::Parent(pid)) => pid,
    };
    drop(wr);
    let mut out = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let n = match sys::read(rd.raw(), &mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.0 == libc::EINTR => continue,
            Err(_) => break,
        };
        let room = CAPTURE_MAX - out.len();
        out.extend_from_slice(&buf[..n.min(room)]);
        if out.len() >= CAPTURE_MAX {
            break;
        }
        // a line is complete only once a newline came
        if first_line && buf[..n].contains(&b'\n') && dash_read(&out, &mut 0).0 {
            break;
        }
    }
    drop(rd);
    let _ = proc::wait_pid(pid);
    out
}

/// `sort -u` in the C locale: the lines of `input` (a last one without a
/// newline counts) in byte order, each once, each with a newline.
pub fn sort_unique(input: &[u8]) -> Vec<u8> {
    let body = input.strip_suffix(b"\n").unwrap_or(input);
    if input.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<&[u8]> = body.split(|&c| c == b'\n').collect();
    lines.sort_unstable();
    lines.dedup();
    let mut out = Vec::with_capacity(input.len() + 1);
    for l in lines {
        out.extend_from_slice(l);
        out.push(b'\n');
    }
    out
}

/// config and config-fast's common part, given fqdn: control/me, then
/// control/defaultdomain (fqdn less its first label) and
/// control/plusdomain (its last two labels), each with its `Putting`
/// line. `lines` are the script lines of the three redirections.
pub fn put_me_and_domains(name: &[u8], fqdn: &[u8], lines: [u32; 3]) {
    let control = |f: &[u8]| [AUTO_QMAIL, b"/control/", f].concat();
    say(&dash_echo(&[b"Putting", fqdn, b"into", b"control/me..."]));
    let me = control(b"me");
    redirect(name, lines[0], &me, false, &dash_echo(&[fqdn]));
    chmod(&me, 0o644);
    let echoed = dash_echo(&[fqdn]);
    for (sub, file, line) in [
        (
            sed_drop_first_label as fn(&[u8]) -> Option<Vec<u8>>,
            &b"defaultdomain"[..],
            lines[1],
        ),
        (sed_last_two_labels, b"plusdomain", lines[2]),
    ] {
        let mut pos = 0;
        let (_, dom) = dash_read(&sed_lines(&echoed, sub), &mut pos);
        say(&dash_echo(&[
            b"Putting",
            &dom,
            b"into",
            &[b"control/", file, b"..."].concat(),
        ]));
        let path = control(file);
        redirect(name, line, &path, false, &dash_echo(&[&dom]));
        chmod(&path, 0o644);
    }
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

    #[test]
    fn exec_failures_get_dash_statuses() {
        let f = |e| exec_failure(sys::Errno(e));
        assert_eq!(f(libc::ENOENT), (127, b"not found".to_vec()));
        assert_eq!(f(libc::ENOTDIR), (127, b"not found".to_vec()));
        assert_eq!(f(libc::ELOOP).0, 127);
        assert_eq!(f(libc::EACCES), (126, b"Permission denied".to_vec()));
        assert_eq!(f(libc::ENOEXEC), (126, b"Exec format error".to_vec()));
    }

    #[test]
    fn dash_read_trims_blanks_and_takes_backslashes() {
        let r = |s: &[u8]| {
            let mut pos = 0;
            let (ok, v) = dash_read(s, &mut pos);
            (ok, String::from_utf8_lossy(&v).into_owned(), pos)
        };
        assert_eq!(r(b"  a b  \nrest"), (true, "a b".into(), 8));
        assert_eq!(r(b"a\\ \n"), (true, "a ".into(), 4));
        assert_eq!(r(b"\\ a"), (false, " a".into(), 3));
        assert_eq!(r(b"a\\\nb\n"), (true, "ab".into(), 5));
        assert_eq!(r(b"x\\"), (false, "x".into(), 2));
        assert_eq!(r(b"a\0b\n"), (true, "ab".into(), 4));
        assert_eq!(r(b""), (false, "".into(), 0));
    }

    #[test]
    fn seds_of_the_config_scripts() {
        assert_eq!(
            sed_drop_first_label(b"mail.example.com"),
            Some(b"example.com".to_vec())
        );
        assert_eq!(sed_drop_first_label(b"a.b.c.d"), Some(b"b.c.d".to_vec()));
        assert_eq!(sed_drop_first_label(b"example.com"), None);
        assert_eq!(sed_drop_first_label(b"a\\b.c.d"), None);
        assert_eq!(sed_drop_first_label(b"..x"), Some(b".x".to_vec()));
        assert_eq!(sed_last_two_labels(b"a.b.c.d"), Some(b"c.d".to_vec()));
        assert_eq!(sed_last_two_labels(b"b.c"), None);
        assert_eq!(sed_last_two_labels(b"x.a\\b.c"), None);
        assert_eq!(sed_last_two_labels(b"..."), Some(b".".to_vec()));
        assert_eq!(
            sed_lines(b"a.b.c\nq\nx.y.z", sed_drop_first_label),
            b"b.c\nq\ny.z".to_vec()
        );
    }

    #[test]
    fn sort_unique_orders_bytes_and_ends_every_line() {
        assert_eq!(sort_unique(b""), b"".to_vec());
        assert_eq!(sort_unique(b"b\na\nb"), b"a\nb\n".to_vec());
        assert_eq!(sort_unique(b"\n\n"), b"\n".to_vec());
        assert_eq!(
            sort_unique(b"10.0.0.1\n127.0.0.1\n10.0.0.1\n"),
            b"10.0.0.1\n127.0.0.1\n".to_vec()
        );
    }
}
