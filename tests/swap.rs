//! Tests for compat/qmail-swap.sh, the admin tool that swaps programs of a real
//! installation for the Rust ones (docs/SWAP.md).
//!
//! Each test builds a small fake installation in a temporary directory (bin/
//! with shell-script "originals" owned and moded like stock, including a
//! setuid qmail-queue) and a fake Rust build directory (copies of the test
//! build's `hostname` binary under stock names, plus a qmail-showctl script
//! printing the compiled-in header lines). qmail-swap then runs under
//! tests/harness/qmail-ns.sh, which bind-mounts the fake installation on
//! /var/qmail in private namespaces, so nothing on the host changes. Needs
//! root, like the golden replay.

// The fixture helpers below are test code too (clippy.toml only allows
// unwrap inside #[test] functions themselves).
#![allow(clippy::unwrap_used)]

use std::fs;
use std::os::unix::fs::{chown, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TOP: &str = env!("CARGO_MANIFEST_DIR");
const HOSTNAME: &str = env!("CARGO_BIN_EXE_hostname");

/// The header qmail-showctl prints before reading any control file, for a
/// given home and qmailq uid.
fn header(home: &str, uidq: u32) -> String {
    format!(
        "qmail home directory: {home}.\nuser-ext delimiter: -.\n\
         paternalism (in decimal): 2.\nsilent concurrency limit: 120.\n\
         subdirectory split: 23.\n\
         user ids: 7790, 7791, 7792, 0, 7793, {uidq}, 7795, 7796.\n\
         group ids: 2108, 2107.\n"
    )
}

/// A fake qmail-showctl: the header, then (like the real one when the
/// home has no control directory) an "Oops" line and exit 111.
fn showctl_script(home: &str, uidq: u32) -> String {
    format!(
        "#!/bin/sh\nprintf '%s' '{}'\n\
         cd {home}/control 2>/dev/null || {{ echo 'Oops! Unable to chdir to control.'; exit 111; }}\n",
        header(home, uidq)
    )
}

/// A fake qmail-showctl of the users-by-name build: the same header, then
/// the line that build adds (base::users::BY_NAME_LINE).
fn byname_script(home: &str, uidq: u32) -> String {
    format!(
        "#!/bin/sh\nprintf '%s' '{}user and group ids: looked up by name at start.\n'\n\
         cd {home}/control 2>/dev/null || {{ echo 'Oops! Unable to chdir to control.'; exit 111; }}\n",
        header(home, uidq)
    )
}

/// Originals in the fake installation: name, uid, gid, mode (as stock's
/// hier.c installs them, with qmailq = 7794, qmail group = 2107).
const STOCK: [(&str, u32, u32, u32); 6] = [
    ("qmail-queue", 7794, 2107, 0o4711),
    ("qmail-send", 0, 2107, 0o711),
    ("qmail-lspawn", 0, 2107, 0o700),
    ("qmail-smtpd", 0, 2107, 0o755),
    ("qmail-local", 0, 2107, 0o711),
    ("qmail-showctl", 0, 2107, 0o755),
];

struct Fixture {
    dir: PathBuf,
    qhome: &'static str,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        Fixture::at(name, "/var/qmail")
    }

    /// A fixture whose installation is mounted (and compiled) for `qhome`.
    fn at(name: &str, qhome: &'static str) -> Fixture {
        let dir = std::env::temp_dir().join(format!("swap-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let f = Fixture { dir, qhome };
        fs::create_dir_all(f.bin()).unwrap();
        fs::create_dir_all(f.rust()).unwrap();
        fs::set_permissions(f.home(), fs::Permissions::from_mode(0o755)).unwrap();
        for (name, uid, gid, mode) in STOCK {
            let p = f.bin().join(name);
            let text = if name == "qmail-showctl" {
                showctl_script(qhome, 7794)
            } else {
                format!("#!/bin/sh\necho stock {name}\n")
            };
            fs::write(&p, text).unwrap();
            chown(&p, Some(uid), Some(gid)).unwrap();
            fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
        }
        // The Rust build: everything but qmail-local, and a matching showctl.
        for name in [
            "qmail-queue",
            "qmail-send",
            "qmail-lspawn",
            "qmail-smtpd",
            "hostname",
        ] {
            fs::copy(HOSTNAME, f.rust().join(name)).unwrap();
        }
        f.rust_showctl(qhome, 7794);
        f
    }

    fn home(&self) -> PathBuf {
        self.dir.join("home")
    }
    fn bin(&self) -> PathBuf {
        self.home().join("bin")
    }
    fn orig(&self) -> PathBuf {
        self.bin().join(".orig")
    }
    fn rust(&self) -> PathBuf {
        self.dir.join("rust")
    }

    fn rust_showctl(&self, home: &str, uidq: u32) {
        let p = self.rust().join("qmail-showctl");
        let script = showctl_script(home, uidq) + "# the Rust build's\n";
        fs::write(&p, script).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// Runs `sh -c script` in the namespace, with $SWAP naming qmail-swap
    /// with -d and -b already given.
    fn sh(&self, script: &str) -> Output {
        let swap = format!(
            "{TOP}/compat/qmail-swap.sh -d {} -b {}",
            self.qhome,
            self.rust().display()
        );
        Command::new(Path::new(TOP).join("tests/harness/qmail-ns.sh"))
            .arg(self.home())
            .args(["sh", "-c", script])
            .env("SWAP", swap)
            .env("QHOME", self.qhome)
            .output()
            .unwrap()
    }

    fn swap(&self, args: &str) -> Output {
        self.sh(&format!("$SWAP {args}"))
    }

    /// (bytes, uid, gid, mode, inode) of a file of the fake installation.
    fn meta(&self, p: &Path) -> (Vec<u8>, u32, u32, u32, u64) {
        let m = fs::symlink_metadata(p).unwrap();
        (
            fs::read(p).unwrap(),
            m.uid(),
            m.gid(),
            m.mode() & 0o7777,
            m.ino(),
        )
    }

    /// Everything under bin/ (names, bytes, owners, modes) for "unchanged"
    /// checks.
    fn snapshot(&self) -> Vec<(String, Vec<u8>, u32, u32, u32, u64)> {
        let mut v = Vec::new();
        for d in [self.bin(), self.orig()] {
            let Ok(rd) = fs::read_dir(&d) else { continue };
            for e in rd {
                let p = e.unwrap().path();
                if p.is_file() {
                    let (b, u, g, m, i) = self.meta(&p);
                    v.push((p.display().to_string(), b, u, g, m, i));
                }
            }
        }
        v.sort();
        v
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(o: &Output) -> (String, String) {
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "failed: {:?}\n{out}\n{err}", o.status);
    (out, err)
}

fn refused(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(100),
        "{}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stderr)
}

#[test]
fn swap_takes_owner_group_mode_and_runs() {
    let f = Fixture::new("swap");
    let before: Vec<_> = STOCK.iter().map(|s| f.meta(&f.bin().join(s.0))).collect();
    let (out, _) = ok(&f.swap("swap qmail-queue qmail-send qmail-smtpd"));
    let rust = fs::read(HOSTNAME).unwrap();
    for (i, (name, uid, gid, mode)) in STOCK.iter().enumerate() {
        let now = f.meta(&f.bin().join(name));
        if ["qmail-queue", "qmail-send", "qmail-smtpd"].contains(name) {
            assert_eq!(now.0, rust, "{name} is the Rust program");
            assert_eq!((now.1, now.2, now.3), (*uid, *gid, *mode), "{name} meta");
            // The original is kept, the very same file.
            assert_eq!(f.meta(&f.orig().join(name)), before[i], "{name} kept");
        } else {
            assert_eq!(now, before[i], "{name} untouched");
        }
    }
    let o = fs::symlink_metadata(f.orig()).unwrap();
    assert_eq!(o.mode() & 0o7777, 0o700);
    // No temporary files are left behind.
    let names: Vec<_> = fs::read_dir(f.bin())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), STOCK.len() + 1, "{names:?}");
    // What needs a restart: only the daemon.
    assert!(
        out.contains("restart qmail (qmail-start and the daemons it runs) for: qmail-send\n"),
        "{out}"
    );
    assert!(
        out.contains("swapped qmail-smtpd (started per connection: no restart needed)"),
        "{out}"
    );
    assert!(
        out.contains("swapped qmail-queue (started per message: no restart needed)"),
        "{out}"
    );
    // The swapped programs run (hostname's copy prints the namespace's name).
    let (run, _) = ok(&f.sh(
        "/var/qmail/bin/qmail-smtpd && /var/qmail/bin/qmail-queue && /var/qmail/bin/qmail-local",
    ));
    assert_eq!(run, "golden.example\ngolden.example\nstock qmail-local\n");
}

#[test]
fn rollback_one_then_all() {
    let f = Fixture::new("rollback");
    let before = f.snapshot();
    let keep = |n: &str| f.meta(&f.bin().join(n));
    let queue = keep("qmail-queue");
    let send = keep("qmail-send");
    ok(&f.swap("swap qmail-queue qmail-send qmail-smtpd"));

    let (out, _) = ok(&f.swap("rollback qmail-queue"));
    assert!(out.contains("restored the original qmail-queue"), "{out}");
    assert!(!out.contains("restart qmail"), "{out}");
    assert_eq!(
        keep("qmail-queue"),
        queue,
        "byte-identical, same owner/mode, same file"
    );
    assert!(!f.orig().join("qmail-queue").exists());
    assert_eq!(
        keep("qmail-send").0,
        fs::read(HOSTNAME).unwrap(),
        "others stay swapped"
    );

    let (st, _) = ok(&f.swap("status"));
    assert!(st.contains("qmail-queue    stock\n"), "{st}");
    assert!(st.contains("qmail-send     swapped\n"), "{st}");
    assert!(st.contains("qmail-local    stock\n"), "{st}");

    let (out, _) = ok(&f.swap("rollback --all"));
    assert!(out.contains("restored the original qmail-send"), "{out}");
    assert!(out.contains("restored the original qmail-smtpd"), "{out}");
    assert!(
        out.contains("restart qmail (qmail-start and the daemons it runs) for: qmail-send\n"),
        "{out}"
    );
    assert_eq!(keep("qmail-send"), send);
    assert!(!f.orig().exists(), ".orig is removed when empty");
    assert_eq!(f.snapshot(), before, "the installation is back as it was");

    // Rolling back again has nothing to do.
    let (out, _) = ok(&f.swap("rollback --all"));
    assert_eq!(out, "qmail-swap: nothing is swapped\n");
    let (out, _) = ok(&f.swap("rollback qmail-send"));
    assert_eq!(out, "qmail-swap: qmail-send: not swapped, nothing to do\n");
}

#[test]
fn swap_twice_is_a_noop_and_keeps_the_original() {
    let f = Fixture::new("twice");
    let queue = f.meta(&f.bin().join("qmail-queue"));
    ok(&f.swap("swap qmail-queue qmail-send"));
    let after = f.snapshot();
    let (out, _) = ok(&f.swap("swap qmail-queue qmail-send"));
    assert_eq!(
        out,
        "qmail-swap: qmail-queue: already swapped, nothing to do\n\
         qmail-swap: qmail-send: already swapped, nothing to do\n"
    );
    assert_eq!(f.snapshot(), after, "nothing changed");
    // A newer Rust build replaces the swapped program, never the original.
    fs::write(f.rust().join("qmail-queue"), b"#!/bin/sh\necho newer\n").unwrap();
    let (out, _) = ok(&f.swap("swap qmail-queue"));
    assert!(
        out.contains("already swapped; installing the newer Rust build"),
        "{out}"
    );
    let now = f.meta(&f.bin().join("qmail-queue"));
    assert_eq!(
        (now.0.as_slice(), now.1, now.2, now.3),
        (&b"#!/bin/sh\necho newer\n"[..], 7794, 2107, 0o4711)
    );
    assert_eq!(f.meta(&f.orig().join("qmail-queue")), queue);
    ok(&f.swap("rollback qmail-queue"));
    assert_eq!(f.meta(&f.bin().join("qmail-queue")), queue);
}

#[test]
fn mismatched_build_is_refused() {
    let f = Fixture::new("mismatch");
    let before = f.snapshot();
    f.rust_showctl("/var/qmail", 9999);
    let err = refused(&f.swap("swap qmail-send"));
    assert!(err.contains("compiled with other values"), "{err}");
    assert!(
        err.contains("installed:  user ids: 7790, 7791, 7792, 0, 7793, 7794, 7795, 7796."),
        "{err}"
    );
    assert!(
        err.contains("Rust build: user ids: 7790, 7791, 7792, 0, 7793, 9999, 7795, 7796."),
        "{err}"
    );
    assert!(
        !err.contains("group ids"),
        "only the differing lines: {err}"
    );

    f.rust_showctl("/opt/qmail", 7794);
    let err = refused(&f.swap("swap qmail-send"));
    assert!(
        err.contains("Rust build: qmail home directory: /opt/qmail."),
        "{err}"
    );

    // A showctl that does not print the header cannot vouch for the build.
    fs::write(f.rust().join("qmail-showctl"), "#!/bin/sh\necho hello\n").unwrap();
    let err = refused(&f.swap("swap qmail-send"));
    assert!(
        err.contains("does not print qmail-showctl's header lines"),
        "{err}"
    );
    fs::remove_file(f.rust().join("qmail-showctl")).unwrap();
    let err = refused(&f.swap("swap qmail-send"));
    assert!(err.contains("qmail-showctl is missing"), "{err}");
    assert_eq!(f.snapshot(), before, "nothing changed");
}

#[test]
fn by_name_and_compiled_in_builds_are_not_mixed() {
    let f = Fixture::new("byname");
    let before = f.snapshot();
    // a by-name Rust build into a compiled-in (stock) installation, with
    // the very same header lines
    let script = byname_script("/var/qmail", 7794);
    fs::write(f.rust().join("qmail-showctl"), &script).unwrap();
    let err = refused(&f.swap("swap qmail-send"));
    assert!(err.contains("they cannot be mixed"), "{err}");
    assert!(
        err.contains("installed:  ids compiled in (stock, or the default build)"),
        "{err}"
    );
    assert!(
        err.contains("Rust build: looks the users up by name at start (users-by-name build)"),
        "{err}"
    );
    assert!(err.contains("rebuild with 'make' (USERS=compiled"), "{err}");
    assert_eq!(f.snapshot(), before, "nothing changed");

    // a compiled-in Rust build into a by-name installation
    f.rust_showctl("/var/qmail", 7794);
    let theirs = f.bin().join("qmail-showctl");
    fs::write(&theirs, &script).unwrap();
    fs::set_permissions(&theirs, fs::Permissions::from_mode(0o755)).unwrap();
    let before = f.snapshot();
    let err = refused(&f.swap("swap qmail-send"));
    assert!(
        err.contains("installed:  looks the users up by name at start"),
        "{err}"
    );
    assert!(err.contains("Rust build: ids compiled in"), "{err}");
    assert!(err.contains("rebuild with 'make USERS=byname'"), "{err}");
    assert_eq!(f.snapshot(), before, "nothing changed");

    // by-name on both sides goes in
    fs::write(f.rust().join("qmail-showctl"), &script).unwrap();
    let (out, _) = ok(&f.swap("swap qmail-send"));
    assert!(out.contains("qmail-send"), "{out}");
}

#[test]
fn unknown_or_unbuilt_programs_are_refused() {
    let f = Fixture::new("unknown");
    let before = f.snapshot();
    let err = refused(&f.swap("swap qmail-send hostname"));
    assert_eq!(
        err,
        "qmail-swap: fatal: hostname is not a stock qmail program\n"
    );
    let err = refused(&f.swap("swap ../qmail-send"));
    assert_eq!(
        err,
        "qmail-swap: fatal: ../qmail-send is not a stock qmail program\n"
    );
    let err = refused(&f.swap("swap qmail-send qmail-local"));
    assert!(err.contains("does not provide qmail-local"), "{err}");
    let err = refused(&f.swap("rollback nonesuch"));
    assert_eq!(
        err,
        "qmail-swap: fatal: nonesuch is not a stock qmail program\n"
    );
    let err = refused(&f.swap("frobnicate"));
    assert!(err.starts_with("usage: qmail-swap"), "{err}");
    refused(&f.swap("swap"));
    assert_eq!(f.snapshot(), before, "nothing changed");
}

#[test]
fn a_running_daemon_keeps_its_program() {
    let f = Fixture::new("busy");
    // The original qmail-send is a real executable that is running (an
    // in-place write would fail with "text busy").
    let p = f.bin().join("qmail-send");
    fs::copy("/bin/sleep", &p).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o711)).unwrap();
    let (out, _) = ok(&f.sh("/var/qmail/bin/qmail-send 30 & pid=$!; sleep 0.2
         $SWAP swap qmail-send || exit 1
         kill -0 $pid && echo still running
         /var/qmail/bin/qmail-send
         kill $pid"));
    assert!(out.ends_with("still running\ngolden.example\n"), "{out}");
}

#[test]
fn other_home_and_swapped_showctl() {
    let f = Fixture::at("opt", "/opt/qmail");
    // Swap qmail-showctl itself: later swaps compare against the kept
    // original, not against whatever was swapped in (here one that would
    // not match).
    ok(&f.swap("swap qmail-showctl qmail-send"));
    let swapped = f.bin().join("qmail-showctl");
    fs::write(&swapped, showctl_script("/opt/qmail", 9999)).unwrap();
    ok(&f.swap("swap qmail-queue"));
    let (st, _) = ok(&f.swap("status"));
    assert!(
        st.contains("qmail-showctl  swapped (differs from the Rust build in"),
        "{st}"
    );
    assert!(st.contains("qmail-queue    swapped\n"), "{st}");
    assert!(st.contains("qmail-lspawn   stock\n"), "{st}");
    assert!(st.contains("qmail-start    missing\n"), "{st}");
    // The Rust build compiled for /var/qmail does not fit this installation.
    f.rust_showctl("/var/qmail", 7794);
    let err = refused(&f.swap("swap qmail-lspawn"));
    assert!(
        err.contains("installed:  qmail home directory: /opt/qmail."),
        "{err}"
    );
    let (out, _) = ok(&f.swap("rollback --all"));
    assert!(out.contains("restored the original qmail-showctl"), "{out}");
    assert!(!f.orig().exists());
}
