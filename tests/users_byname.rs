//! The users-by-name build (`--features users-by-name`, `make USERS=byname`):
//! the programs that need qmail's uids and gids look them up by name when
//! they start. This test builds that variant of the seven programs that use
//! ids (a debug build into target/byname, apart from the test build) and
//! runs tests/harness/users-byname.sh in private namespaces
//! (tests/harness/qmail-ns.sh) with a synthetic /etc/passwd whose ids are
//! none of the compiled-in ones: a message goes from qmail-inject (as
//! alias) through qmail-queue and the daemon set into a Maildir,
//! qmail-showctl shows the ids it found and the extra line, and each
//! program exits 111 naming the user or group that is missing. Needs root,
//! like the golden replay.

#![allow(clippy::unwrap_used)] // test code: a failed setup step should stop the test

use std::path::{Path, PathBuf};
use std::process::Command;

const TOP: &str = env!("CARGO_MANIFEST_DIR");

/// The programs that get ids from base::users.
const BINS: [&str; 7] = [
    "qmail-showctl",
    "qmail-queue",
    "qmail-start",
    "qmail-lspawn",
    "qmail-rspawn",
    "install",
    "instcheck",
];

/// Builds the by-name programs; returns their directory.
fn build_byname() -> PathBuf {
    let target = Path::new(TOP).join("target/byname");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(TOP)
        .args([
            "build",
            "--quiet",
            "--features",
            "users-by-name",
            "--target-dir",
        ])
        .arg(&target);
    for b in BINS {
        cmd.args(["--bin", b]);
    }
    // the by-name build reads no QMAIL_UID* (it compiles in names only)
    let st = cmd.status().unwrap();
    assert!(st.success(), "the users-by-name build failed");
    target.join("debug")
}

const WANT: &str = "\
--- qmail-showctl
user ids: 8790, 8791, 8792, 0, 8793, 8794, 8795, 8796.
group ids: 3108, 3107.
user and group ids: looked up by name at start.
--- a message from alias to joe, through the daemon set
inject: 0
owner: 8800:3108
Return-Path: <anonymous@golden.example>
Delivered-To: joe@golden.example
Received: (qmail PID invoked by alias); DATE
Date: X
Message-ID: X
From: anonymous@golden.example
Cc: recipient list not shown: ;
Subject: by name

hello
1
--- without qmailq
qmail-showctl: rc 111, 0 bytes out, err: fatal: unable to find user qmailq
qmail-start: rc 111, 0 bytes out, err: fatal: unable to find user qmailq
qmail-lspawn: rc 111, 0 bytes out, err: fatal: unable to find user qmailq
qmail-rspawn: rc 111, 0 bytes out, err: fatal: unable to find user qmailq
instcheck: rc 111, 0 bytes out, err: fatal: unable to find user qmailq
BYNAME/install: rc 111, 0 bytes out, err: fatal: unable to find user qmailq
instcheck with DESTDIR: rc 111, 0 lookups failed, instcheck: warning: OUT/stage/var/qmail does not exist
--- without qmails
qmail-queue: rc 111, err: fatal: unable to find user qmails
--- without the group nofiles
qmail-showctl: rc 111, 0 bytes out, err: fatal: unable to find group nofiles
qmail-lspawn: rc 111, 0 bytes out, err: fatal: unable to find group nofiles
qmail-start: rc 111, 0 bytes out, err: fatal: unable to find group nofiles
qmail-rspawn: rc 0, 1 bytes out, err: 
 120
";

#[test]
fn programs_look_the_users_up_by_name() {
    let byname = build_byname();
    let default = Path::new(env!("CARGO_BIN_EXE_qmail-send"))
        .parent()
        .unwrap()
        .to_path_buf();
    let dir = std::env::temp_dir().join(format!("users-byname-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (home, out) = (dir.join("home"), dir.join("out"));
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let o = Command::new(Path::new(TOP).join("tests/harness/qmail-ns.sh"))
        .arg(&home)
        .arg("sh")
        .arg(Path::new(TOP).join("tests/harness/users-byname.sh"))
        .arg(&byname)
        .arg(&default)
        .env("HARNESS", Path::new(TOP).join("tests/harness"))
        .env("OUT", &out)
        .env("QHOME", "/var/qmail")
        .output()
        .unwrap();
    let got = String::from_utf8_lossy(&o.stdout)
        .replace(&byname.display().to_string(), "BYNAME")
        .replace(&out.display().to_string(), "OUT");
    let err = String::from_utf8_lossy(&o.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(o.status.success(), "{:?}\n{got}\n{err}", o.status);
    assert_eq!(got, WANT, "stderr: {err}");
}
