//! qmail-upq: moves every file of queue/mess, info, local and remote into
//! the split subdirectory its number belongs in, after conf-split has
//! changed (stock ships this as a shell script; this program does what the
//! script does, messages included). Run it as root with qmail stopped.
//!
//! No arguments. For each of the four directories, every regular file
//! below it (found like `find . -type f`) is renamed to `S/N`, where N is
//! its name and S is N modulo conf-split. A file already in place gets
//! mv's "are the same file" message, as with the script.
//!
//! Exit code: 0; 2 when the qmail home or its queue cannot be entered
//! (the script would carry on in the wrong directory: docs/DEVIATIONS.md).
#![cfg_attr(not(test), no_main)]

use qmail::base::strerr::write_err;
use qmail::conf::{AUTO_QMAIL, AUTO_SPLIT};
use qmail::local::script::{self, dash_error, expr_mod, find};
use qmail::sys;

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    let name = script::script_name(args.first().map_or(&b"qmail-upq"[..], |a| a));
    if sys::chdir(AUTO_QMAIL).is_err() {
        write_err(&dash_error(&name, 3, &[b"cd: can't cd to ", AUTO_QMAIL]));
        return 2;
    }
    if sys::chdir(b"queue").is_err() {
        write_err(&dash_error(&name, 4, &[b"cd: can't cd to queue"]));
        return 2;
    }
    let Ok(queue) = sys::open_read(b".") else {
        write_err(&dash_error(&name, 4, &[b"cd: can't cd to queue"]));
        return 2;
    };
    for dir in [&b"mess"[..], b"info", b"local", b"remote"] {
        if sys::chdir(dir).is_err() {
            // the script's two subshells each fail to cd; it would then
            // work on queue/ itself, which this program does not do
            write_err(&dash_error(&name, 7, &[b"cd: can't cd to ", dir]));
            write_err(&dash_error(&name, 8, &[b"cd: can't cd to ", dir]));
            continue;
        }
        upq_here();
        let _ = sys::fchdir(queue);
    }
    0
}

/// Moves each regular file below `.` to `S/N`.
fn upq_here() {
    let mut all = Vec::new();
    let mut err = Vec::new();
    find(b".", &mut all, &mut err);
    if !err.is_empty() {
        write_err(&err);
    }
    let split = u64::try_from(AUTO_SPLIT).unwrap_or(1).max(1);
    for path in all {
        let is_file = sys::lstat(&path).is_ok_and(|st| st.mode & sys::S_IFMT == sys::S_IFREG);
        if !is_file {
            continue;
        }
        let id = path.rsplit(|&c| c == b'/').next().unwrap_or(&path).to_vec();
        let Some(sub) = expr_mod(&id, split) else {
            // the script would run mv "$path" "/$id": left alone here
            write_err(b"expr: non-integer argument\n");
            continue;
        };
        let mut to = sub;
        to.push(b'/');
        to.extend_from_slice(&id);
        mv(&path, &to);
    }
}

/// `mv FROM TO` for a plain rename, with mv's messages.
fn mv(from: &[u8], to: &[u8]) {
    let q = |p: &[u8]| {
        let mut v = b"'".to_vec();
        v.extend_from_slice(p);
        v.push(b'\'');
        v
    };
    let src = match sys::lstat(from) {
        Ok(st) => st,
        Err(e) => {
            let m = [
                &b"mv: cannot stat "[..],
                &q(from),
                b": ",
                &sys::strerror(e.0),
                b"\n",
            ];
            write_err(&m.concat());
            return;
        }
    };
    if let Ok(dst) = sys::lstat(to) {
        if dst.ino == src.ino && dst.dev == src.dev {
            let m = [
                &b"mv: "[..],
                &q(from),
                b" and ",
                &q(to),
                b" are the same file\n",
            ];
            write_err(&m.concat());
            return;
        }
    }
    if let Err(e) = sys::rename(from, to) {
        let m = [
            &b"mv: cannot move "[..],
            &q(from),
            b" to ",
            &q(to),
            b": ",
            &sys::strerror(e.0),
            b"\n",
        ];
        write_err(&m.concat());
    }
}
