//! `make setup check`: our install builds the same tree as stock's (recorded
//! in tests/data/hier-tree.txt from the C install), every program included;
//! our instcheck is silent on it and, on a damaged tree, prints what the C instcheck printed for
//! the same damage (tests/data/instcheck-damaged.txt). All runs happen in
//! private namespaces (tests/harness/qmail-ns.sh) on temporary trees.

#![allow(clippy::unwrap_used)] // test code: a failed setup step should stop the test

use std::path::{Path, PathBuf};
use std::process::Command;

fn top() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary directory, removed with everything in it when dropped (a
/// staged build holds every program: about a gigabyte in a debug build).
struct TmpDir(PathBuf);

impl std::ops::Deref for TmpDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TmpDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TmpDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tmpdir(tag: &str) -> TmpDir {
    let d = std::env::temp_dir().join(format!("qmail-hier-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    TmpDir(d)
}

/// Stages the test build's programs and the boot scripts like `make stage`.
fn stage(tag: &str) -> TmpDir {
    let bindir = Path::new(env!("CARGO_BIN_EXE_install"))
        .parent()
        .unwrap()
        .to_path_buf();
    let dst = tmpdir(&format!("{tag}-build"));
    let st = Command::new("sh")
        .arg(top().join("tools/stage"))
        .arg(&bindir)
        .arg(&*dst)
        .status()
        .unwrap();
    assert!(st.success());
    dst
}

/// Runs `script` with sh in a namespace where `home` is the qmail home.
fn in_ns(home: &Path, script: &str) -> (i32, String, String) {
    let o = Command::new(top().join("tests/harness/qmail-ns.sh"))
        .arg(home)
        .args(["sh", "-c", script])
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const FIND: &str = "find /var/qmail -printf '%P %u %g %m %y\\n' | LC_ALL=C sort";

#[test]
fn install_builds_stocks_tree() {
    let build = stage("tree");
    let home = tmpdir("tree-home");
    let (rc, out, err) = in_ns(
        &home,
        &format!("cd {} && ./install && {FIND}", build.display()),
    );
    assert_eq!(rc, 0, "install failed: {err}");
    let want: Vec<&str> = include_str!("data/hier-tree.txt").lines().collect();
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(got, want);

    // instcheck finds nothing to say about it and exits 0.
    let (rc, out, err) = in_ns(&home, &format!("cd {} && ./instcheck", build.display()));
    assert_eq!((rc, out.as_str(), err.as_str()), (0, "", ""));
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn instcheck_reports_damage_like_stock() {
    let build = stage("damage");
    let home = tmpdir("damage-home");
    let damage = top().join("tests/data/instcheck-damage.sh");
    let script = format!(
        "cd {b} && ./install && cd /var/qmail && sh {d} && cd {b} && ./instcheck; echo \"rc=$?\"",
        b = build.display(),
        d = damage.display()
    );
    let (_, out, err) = in_ns(&home, &script);
    assert_eq!(
        format!("{err}{out}"),
        include_str!("data/instcheck-damaged.txt")
    );
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn destdir_install_works_without_root() {
    let build = stage("destdir");
    let stage_root = tmpdir("destdir-root");
    std::fs::set_permissions(
        &stage_root,
        std::os::unix::fs::PermissionsExt::from_mode(0o777),
    )
    .unwrap();
    let script = format!(
        "chmod -R a+rX {b} && cd {b} && setpriv --reuid=65534 --regid=65534 --clear-groups \
         env DESTDIR={r} ./install && DESTDIR={r} ./instcheck 2>&1; \
         find {r}/var/qmail -maxdepth 1 -printf '%P %m\\n' | LC_ALL=C sort",
        b = build.display(),
        r = stage_root.display()
    );
    let (rc, out, err) = in_ns(&tmpdir("destdir-home"), &script);
    assert_eq!(rc, 0, "{err}");
    assert!(out.starts_with(" 755\nalias 2755\nbin 755\n"), "{out}");
    let _ = std::fs::remove_dir_all(&stage_root);
}

#[test]
fn destdir_chown_gives_stocks_owners() {
    let build = stage("destdir-chown");
    let stage_root = tmpdir("destdir-chown-root");
    let script = format!(
        "cd {b} && env DESTDIR={r} DESTDIR_CHOWN=1 ./install && \
         stat -c '%n %u:%g:%a' {r}/var/qmail/alias {r}/var/qmail/bin/qmail-queue \
         {r}/var/qmail/queue/lock/trigger | sed 's,^{r},,'",
        b = build.display(),
        r = stage_root.display()
    );
    let (rc, out, err) = in_ns(&tmpdir("destdir-chown-home"), &script);
    assert_eq!(rc, 0, "{err}");
    let ids = |v: &str| std::env::var(v).unwrap_or_default();
    let want = format!(
        "/var/qmail/alias {a}:{gq}:2755\n/var/qmail/bin/qmail-queue {q}:{gq}:4711\n\
         /var/qmail/queue/lock/trigger {s}:{gq}:622\n",
        a = ids("QMAIL_UIDA"),
        q = ids("QMAIL_UIDQ"),
        s = ids("QMAIL_UIDS"),
        gq = ids("QMAIL_GIDQ"),
    );
    assert_eq!(out, want);
    let _ = std::fs::remove_dir_all(&stage_root);
}
