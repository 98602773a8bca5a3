//! The C ABI from C: every program in ctest/ is compiled with the system
//! compiler (found through the `cc` crate) against compat/ and the
//! crate's static library, run, and its results checked. Each C program
//! counts its own checks and exits non-zero when one fails; the struct
//! layouts it prints are compared with the Rust declarations here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failed step stops the test

use qmail::ffi;
use std::mem::{offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The crate's staticlib as cargo builds it: every crate type of the
/// library goes into deps/, beside this test's own binary.
fn cargo_staticlib() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let lib = exe.parent().unwrap().join("libqmail.a");
    assert!(lib.exists(), "no {}", lib.display());
    lib
}

/// The staticlib as shipped: cargo's, with the C ABI's definitions made
/// weak by tools/libqmail-weaken (as `make build` does), made once per
/// test run.
fn staticlib() -> PathBuf {
    static LIB: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    LIB.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("libqmail-weak.a");
        let r = Command::new("sh")
            .arg(root().join("tools/libqmail-weaken"))
            .arg(cargo_staticlib())
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            r.status.success(),
            "libqmail-weaken: {}",
            String::from_utf8_lossy(&r.stderr)
        );
        out
    })
    .clone()
}

/// gcc 14's defaults turn these warnings into errors (Debian 13); with
/// them, Debian 12's gcc stands in for it. Every program of ctest/ must
/// compile cleanly so.
const GCC14: [&str; 3] = [
    "-Werror=incompatible-pointer-types",
    "-Werror=implicit-function-declaration",
    "-Werror=int-conversion",
];

fn compiler() -> cc::Tool {
    let target = format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    cc::Build::new()
        .cargo_metadata(false)
        .target(&target)
        .host(&target)
        .opt_level(1)
        .get_compiler()
}

/// Compiles ctest/<name>.c into an executable linked with this library.
fn build(name: &str) -> PathBuf {
    build_with(name, None)
}

/// Compiles ctest/<name>.c; with `stock` (the C reference's build
/// directory) it is linked with stock's archives instead of this library.
fn build_with(name: &str, stock: Option<&Path>) -> PathBuf {
    let side = if stock.is_some() { "-stocklib" } else { "" };
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ctest-{name}{side}"));
    let mut cmd = compiler().to_command();
    cmd.args(["-std=gnu17", "-Wall", "-Wextra", "-Werror"])
        .args(GCC14)
        .arg("-I")
        .arg(root().join("compat"))
        .arg(root().join("ctest").join(format!("{name}.c")));
    match stock {
        None => {
            cmd.arg(staticlib())
                .args(["-lutil", "-lrt", "-lpthread", "-lm", "-ldl"]);
        }
        Some(dir) => {
            let mut archives: Vec<PathBuf> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "a"))
                .collect();
            archives.sort();
            // cdbmss and the modules below are loose objects in stock's
            // build, not archives.
            cmd.arg("-DSTOCK_LIBRARY");
            for o in [
                "cdbmss",
                "coe",
                "now",
                "timeoutread",
                "timeoutwrite",
                "date822fmt",
                "myctime",
                "fmtqfn",
                "auto_split",
                "ip",
                "quote",
                "gfrom",
                "slurpclose",
                "triggerpull",
                "trigger",
                "control",
                "hfield",
                "newfield",
                "prioq",
                "constmap",
                "ipalloc",
                "ipme",
                "tcpto",
                "tcpto_clean",
                "readsubdir",
                "headerbody",
                "token822",
                "dns",
            ] {
                cmd.arg(dir.join(format!("{o}.o")));
            }
            cmd.arg("-Wl,--start-group")
                .args(archives)
                .arg("-Wl,--end-group")
                .arg("-lresolv");
        }
    }
    cmd.arg("-o").arg(&out);
    let r = cmd.output().unwrap();
    assert!(
        r.status.success(),
        "compiling {name}.c failed:\n{}",
        String::from_utf8_lossy(&r.stderr)
    );
    out
}

fn run(exe: &Path, args: &[&Path], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut child = Command::new(exe)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs a check program and insists on a clean tally.
fn checks(name: &str, args: &[&Path], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    checks_on(build(name), name, args, stdin, env)
}

fn checks_on(
    exe: PathBuf,
    name: &str,
    args: &[&Path],
    stdin: &[u8],
    env: &[(&str, &str)],
) -> Output {
    let r = run(&exe, args, stdin, env);
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(
        r.status.success() && out.contains(" checks passed, 0 failed"),
        "{name}: {}\nstdout:\n{out}\nstderr:\n{}",
        r.status,
        String::from_utf8_lossy(&r.stderr)
    );
    r
}

fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ctest-{name}.d"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Environment variables a program is given: (name, value).
type Env = &'static [(&'static str, &'static str)];

/// The check programs that work in a scratch directory of their own:
/// (program, the file in it they are given or "" for the directory
/// itself, their environment).
const SCRATCH_CHECKS: &[(&str, &str, Env)] = &[
    ("cdb", "test.cdb", &[]),
    ("unix", "lock", &[]),
    ("text", "", &[]),
    ("control", "", &[]),
    ("cdbmake", "test.cdb", &[]),
    ("tcpto", "", &[]),
    ("readsubdir", "", &[]),
    ("misc", "", &[("CTEST_GIVEN", "from the test")]),
];

/// Runs check program `name` of SCRATCH_CHECKS, linked with this library
/// or with `stock`'s (see build_with), in a fresh scratch directory;
/// returns the path it was given.
fn scratch_checks(name: &str, stock: Option<&Path>) -> PathBuf {
    let (_, file, env) = SCRATCH_CHECKS
        .iter()
        .find(|c| c.0 == name)
        .expect("listed in SCRATCH_CHECKS");
    let side = if stock.is_some() { "-stock" } else { "" };
    let d = scratch(&format!("{name}{side}"));
    let arg = if file.is_empty() { d } else { d.join(file) };
    checks_on(build_with(name, stock), name, &[&arg], b"", env);
    arg
}

/// With QMAIL_REF_BUILD, check program `name` linked with stock's library
/// and run; None (and a word on stderr) without.
fn stock_checks(name: &str) -> Option<Output> {
    let Ok(refb) = std::env::var("QMAIL_REF_BUILD") else {
        eprintln!("stock comparison skipped: QMAIL_REF_BUILD is not set");
        return None;
    };
    Some(checks_on(
        build_with(name, Some(Path::new(&refb))),
        name,
        &[],
        b"",
        &[],
    ))
}

/// Whether this test may make private namespaces (it runs as root);
/// without, it says it is skipped.
fn namespaces_allowed() -> bool {
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    if !root_user {
        eprintln!("skipped: needs root for the private namespaces");
    }
    root_user
}

/// `sh -c script` in the private namespaces of tests/harness/qmail-ns.sh
/// with `home` as the qmail home and the working directory, HARNESS and
/// QHOME set as the golden cases have them.
fn in_namespaces(home: &Path, script: &str) -> Command {
    let mut cmd = Command::new(root().join("tests/harness/qmail-ns.sh"));
    cmd.arg(home)
        .args(["sh", "-c", script])
        .current_dir(home)
        .env("HARNESS", root().join("tests/harness"))
        .env("QHOME", "/var/qmail");
    cmd
}

#[test]
fn stralloc_grows_like_stock_and_reports_out_of_memory() {
    checks("stralloc", &[], b"", &[]);
}

#[test]
fn byte_str_case_fmt_scan_answer_like_stock() {
    checks("bytes", &[], b"", &[]);
}

#[test]
fn substdio_buffers_getln_and_subfd_work_from_c() {
    let r = checks("substdio", &[], b"question?\nyes\n", &[]);
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(out.starts_with("prompt: answer: yes\n"), "{out}");
    assert_eq!(r.stderr, b"to stderr\n");
}

#[test]
fn cdb_written_from_c_reads_back_in_c_and_in_rust() {
    let db = scratch_checks("cdb", None);
    let bytes = std::fs::read(&db).unwrap();
    let find = |k: &[u8]| qmail::base::cdb::find(&mut &bytes[..], k).unwrap();
    assert_eq!(find(b"key2999").as_deref(), Some(&b"data for 2999"[..]));
    assert_eq!(find(b"dup").as_deref(), Some(&b"first"[..]));
    assert_eq!(find(b"").as_deref(), Some(&b"empty key"[..]));
    assert_eq!(find(b"key3000"), None);
}

#[test]
fn error_env_open_work_from_c() {
    scratch_checks("misc", None);
}

#[test]
fn strerr_messages_and_seek_from_c() {
    strerr_on(build("strerr"), "strerr");
}

/// Runs ctest/strerr.c and checks its messages and exit code.
fn strerr_on(exe: PathBuf, tag: &str) {
    let d = scratch(tag);
    let r = run(&exe, &[&d.join("f")], b"", &[]);
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(out.contains(" checks passed, 0 failed"), "{out}");
    assert_eq!(r.status.code(), Some(111));
    assert_eq!(
        String::from_utf8_lossy(&r.stderr),
        "prog: warning: plain\n\
         prog: one\n\
         prog: warning: unable to open x: file does not exist\n\
         prog: warning: chained: unable to step: x: access denied\n\
         abcdef\n\
         prog: fatal: unable to go on: out of memory\n"
    );
}

#[test]
fn qmail_style_code_compiles_and_runs_unchanged() {
    let r = run(&build("kr"), &[], b"1\n2\nx\n39", &[]);
    assert!(r.status.success(), "{:?}", r);
    assert_eq!(r.stdout, b"sum 42\n");
}

#[test]
fn struct_layouts_in_c_match_rust() {
    use ffi::cdb::cdb;
    use ffi::cdbmake::{cdb_make, cdbmake, cdbmake_hp, cdbmake_hplist, cdbmss};
    use ffi::stralloc::stralloc;
    use ffi::strerr::strerr;
    use ffi::substdio::substdio;
    let r = run(&build("layout"), &[], b"", &[]);
    assert!(r.status.success());
    let c: Vec<(String, usize)> = String::from_utf8(r.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (k, v) = l.rsplit_once(' ').unwrap();
            (k.to_string(), v.parse().unwrap())
        })
        .collect();
    macro_rules! layout {
        ($t:ty, $name:expr; $($f:ident = $cf:expr),*) => {{
            let mut v = vec![($name.to_string(), size_of::<$t>())];
            $(v.push((format!("{}.{}", $name, $cf), offset_of!($t, $f)));)*
            v
        }};
    }
    let mut rust = Vec::new();
    rust.extend(layout!(stralloc, "stralloc"; s = "s", len = "len", a = "a"));
    rust.extend(layout!(substdio, "substdio"; x = "x", p = "p", n = "n", fd = "fd", op = "op"));
    rust.extend(
        layout!(cdb, "struct cdb"; map = "map", fd = "fd", size = "size",
        loop_ = "loop", khash = "khash", kpos = "kpos", hpos = "hpos", hslots = "hslots",
        dpos = "dpos", dlen = "dlen"),
    );
    rust.extend(layout!(cdbmake_hp, "struct cdbmake_hp"; h = "h", p = "p"));
    rust.extend(
        layout!(cdbmake_hplist, "struct cdbmake_hplist"; hp = "hp", next = "next", num = "num"),
    );
    rust.extend(
        layout!(cdbmake, "struct cdbmake"; final_ = "final", count = "count",
        start = "start", head = "head", split = "split", hash = "hash", numentries = "numentries"),
    );
    rust.extend(
        layout!(cdbmss, "struct cdbmss"; ssbuf = "ssbuf", cdbm = "cdbm", ss = "ss",
        packbuf = "packbuf", pos = "pos", fd = "fd"),
    );
    rust.extend(
        layout!(cdb_make, "struct cdb_make"; bspace = "bspace", final_ = "final",
        count = "count", start = "start", head = "head", split = "split", hash = "hash",
        numentries = "numentries", b = "b", pos = "pos", fd = "fd"),
    );
    rust.extend(layout!(strerr, "struct strerr"; who = "who", x = "x", y = "y", z = "z"));
    assert_eq!(c, rust);
}

/// With QMAIL_REF_BUILD set, the check programs whose functions stock
/// has are also linked with stock's own library: the answers they expect
/// are stock's (the checks of documented differences are left out with
/// -DSTOCK_LIBRARY).
#[test]
fn check_programs_pass_on_stocks_own_library_too() {
    let Ok(refb) = std::env::var("QMAIL_REF_BUILD") else {
        eprintln!("skipped: QMAIL_REF_BUILD is not set");
        return;
    };
    let refb = PathBuf::from(refb);
    for name in ["stralloc", "bytes", "getopt", "header", "constmap"] {
        checks_on(build_with(name, Some(&refb)), name, &[], b"", &[]);
    }
    let r = checks_on(
        build_with("substdio", Some(&refb)),
        "substdio",
        &[],
        b"question?\nyes\n",
        &[],
    );
    assert!(r.stdout.starts_with(b"prompt: answer: yes\n"));
    strerr_on(build_with("strerr", Some(&refb)), "strerr-stock");
    for (name, _, _) in SCRATCH_CHECKS {
        scratch_checks(name, Some(&refb));
    }
}

#[test]
fn c_copies_of_library_functions_link_and_win() {
    checks("redefine", &[], b"", &[]);
}

/// The modules of compat/libqmail.syms: (module, state, symbols).
fn abi_modules() -> Vec<(String, String, Vec<String>)> {
    let text = std::fs::read_to_string(root().join("compat/libqmail.syms")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut w = l.split_whitespace().map(str::to_string);
            let module = w.next().unwrap();
            let state = w.next().unwrap();
            assert!(["done", "todo", "extra"].contains(&state.as_str()), "{l}");
            (module, state, w.collect())
        })
        .collect()
}

/// `nm` of an archive or object: (symbol, type letter) of every defined
/// global symbol.
fn nm_defined(path: &Path) -> Vec<(String, char)> {
    let r = Command::new("nm")
        .args(["-g", "--defined-only"])
        .arg(path)
        .output()
        .unwrap();
    assert!(r.status.success(), "nm {}", path.display());
    String::from_utf8_lossy(&r.stdout)
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let (_, t, name) = (w.next()?, w.next()?, w.next()?);
            Some((name.to_string(), t.chars().next()?))
        })
        .collect()
}

#[test]
fn nm_shows_every_exported_stock_symbol_weak_and_no_missing_one() {
    let defined: std::collections::HashMap<String, char> =
        nm_defined(&staticlib()).into_iter().collect();
    let mut bad = Vec::new();
    for (module, state, syms) in abi_modules() {
        for sym in syms {
            match (state.as_str(), defined.get(&sym)) {
                ("todo", None) => {}
                ("todo", Some(_)) => bad.push(format!("{module}: {sym} is there; mark it done")),
                (_, Some('W' | 'V')) => {}
                (_, Some(t)) => bad.push(format!("{module}: {sym} is {t}, not weak")),
                (_, None) => bad.push(format!("{module}: {sym} missing")),
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// With QMAIL_REF_BUILD set, compat/libqmail.syms is checked against
/// stock's own objects: each stock module there defines exactly the
/// symbols listed for it (stock's stray globals `pref`, `tcpto_buf`,
/// `tcpto_cleanbuf` aside).
#[test]
fn the_symbol_list_is_stocks() {
    let Ok(refb) = std::env::var("QMAIL_REF_BUILD") else {
        eprintln!("skipped: QMAIL_REF_BUILD is not set");
        return;
    };
    let stray = ["pref", "tcpto_buf", "tcpto_cleanbuf"];
    let mut listed: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (module, state, syms) in abi_modules() {
        if state != "extra" {
            listed.entry(module).or_default().extend(syms);
        }
    }
    let mut bad = Vec::new();
    for (module, mut ours) in listed {
        let obj = Path::new(&refb).join(format!("{module}.o"));
        let mut stock: Vec<String> = nm_defined(&obj)
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| !stray.contains(&n.as_str()))
            .collect();
        stock.sort();
        ours.sort();
        if stock != ours {
            bad.push(format!("{module}: stock {stock:?}, listed {ours:?}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn fd_lock_ndelay_coe_now_datetime_wait_sig_timeouts_from_c() {
    scratch_checks("unix", None);
}

/// The add-on recipe of docs/ABI.md: ctest/addon.c, built against
/// compat/ and libqmail.a like any packager's program, queues a message
/// through the Rust qmail-queue in a private namespace with an empty
/// queue (tests/harness/qmail-ns.sh, as the golden cases use); then the
/// queue program's refusals reach it as stock's texts and exit codes.
#[test]
fn an_addon_queues_a_message_through_qmail_queue() {
    if !namespaces_allowed() {
        return;
    }
    let addon = build("addon");
    let home = scratch("addon-home");
    let script = r#"
set -u
. "$HARNESS/ids.env"
. "$HARNESS/lib.sh"
mkdir -p "$QHOME/bin"
cp "$QQ" "$QHOME/bin/qmail-queue"
chown "$QMAIL_UIDQ:$QMAIL_GIDQ" "$QHOME/bin/qmail-queue"
chmod 4711 "$QHOME/bin/qmail-queue"
printf '#!/bin/sh\nexit 31\n' > "$QHOME/bin/qq31"
printf '#!/bin/sh\nexit 53\n' > "$QHOME/bin/qq53"
chmod 755 "$QHOME/bin/qq31" "$QHOME/bin/qq53"
mkqueue
printf 'Subject: hello\n\nfrom an add-on\n' |
  "$ADDON" me@example.org you@example.org them@example.net > out 2>&1
echo "rc=$?"
sed 's/qp [0-9]*/qp PID/' out
echo "todo: $(find "$QHOME/queue/todo" -type f | wc -l)"
find "$QHOME/queue/todo" -type f -exec cat {} \; | tr '\0' '|' | sed 's/^u[0-9]*|p[0-9]*|/uUID|pPID|/'
echo
find "$QHOME/queue/mess" -type f -exec cat {} \; | sed 's/qmail [0-9]* invoked by uid [0-9]*); .*/qmail PID invoked by uid UID); DATE/'
for q in "$QHOME/bin/qq31" "$QHOME/bin/qq53" /nonexistent; do
  echo x | QMAILQUEUE=$q "$ADDON" a b
  echo "rc=$?"
done
"$ADDON" a
echo "rc=$?"
"#;
    let r = in_namespaces(&home, script)
        .env("QQ", env!("CARGO_BIN_EXE_qmail-queue"))
        .env("ADDON", &addon)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&r.stdout);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(
        out,
        "rc=0\n\
         queued by qp PID\n\
         todo: 1\n\
         uUID|pPID|Fme@example.org|Tyou@example.org|Tthem@example.net|\n\
         Received: (qmail PID invoked by uid UID); DATE\n\
         X-Addon: queued by qmail-addon\n\
         Subject: hello\n\
         \n\
         from an add-on\n\
         rc=100\n\
         rc=111\n\
         rc=111\n\
         rc=100\n",
        "stderr:\n{err}"
    );
    assert_eq!(
        err,
        "qmail-addon: mail server permanently rejected message (#5.3.0)\n\
         qmail-addon: qq write error or disk full (#4.3.0)\n\
         qmail-addon: unable to exec qq (#4.3.0)\n\
         qmail-addon: usage: qmail-addon sender recipient ...\n"
    );
}

#[test]
fn getopt_parses_and_reports_like_stock() {
    let r = checks("getopt", &[], b"", &[]);
    assert_eq!(
        String::from_utf8_lossy(&r.stderr),
        "prog: illegal option -- x\n\
         prog: illegal option -- q\n\
         prog: option requires an argument -- c\n"
    );
}

#[test]
fn formats_ip_quote_gfrom_slurpclose_triggerpull_from_c() {
    scratch_checks("text", None);
}

#[test]
fn control_files_read_from_c() {
    scratch_checks("control", None);
}

#[test]
fn cdbmake_split_and_throw_build_tables_from_c() {
    let db = scratch_checks("cdbmake", None);
    let bytes = std::fs::read(&db).unwrap();
    let find = |k: &[u8]| qmail::base::cdb::find(&mut &bytes[..], k).unwrap();
    assert_eq!(find(b"k2499").as_deref(), Some(&b"value 17493"[..]));
    assert_eq!(find(b"k7").as_deref(), Some(&b"value 49"[..]));
    assert_eq!(find(b"k2500"), None);
}

/// docs/ABI.md's table of modules says what compat/libqmail.syms says.
#[test]
fn the_docs_list_every_module_in_its_state() {
    let doc = std::fs::read_to_string(root().join("docs/ABI.md")).unwrap();
    let mut missing = Vec::new();
    for (module, state, syms) in abi_modules() {
        let label = match state.as_str() {
            "done" => "exported",
            "todo" => "**missing**",
            _ => "exported (not in stock)",
        };
        let syms: Vec<String> = syms.iter().map(|s| format!("`{s}`")).collect();
        let row = format!("| `{module}` | {} | {label} |", syms.join(" "));
        if !doc.lines().any(|l| l == row) {
            missing.push(row);
        }
    }
    assert!(
        missing.is_empty(),
        "not in docs/ABI.md:\n{}",
        missing.join("\n")
    );
}

#[test]
fn header_fields_recognised_and_made_from_c() {
    checks("header", &[], b"", &[]);
}

/// ctest/prioq.c prints every entry it takes out; with QMAIL_REF_BUILD
/// the same program on stock's prioq.o must print the same, ties and all.
#[test]
fn prioq_orders_ties_as_stock_from_c() {
    let ours = checks("prioq", &[], b"", &[]);
    assert!(ours.stdout.len() > 10000);
    let Some(stock) = stock_checks("prioq") else {
        return;
    };
    assert!(
        ours.stdout == stock.stdout,
        "prioq order differs from stock's"
    );
}

/// ctest/token822.c prints the tokens, unparsed and rewritten forms of
/// a set of header lines; with QMAIL_REF_BUILD, stock's token822.o must
/// print the same, byte for byte.
#[test]
fn token822_parses_and_prints_fields_as_stock_from_c() {
    let ours = checks("token822", &[], b"", &[]);
    let text = String::from_utf8_lossy(&ours.stdout);
    assert!(
        text.starts_with("line 0 parse 1\n tokens 1:To 10 1:joe\n"),
        "{text}"
    );
    assert!(
        text.contains(" rewritten To: joe@default.host\\n\n"),
        "{text}"
    );
    assert!(text.contains("line 11 parse 0\n"), "{text}");
    let Some(stock) = stock_checks("token822") else {
        return;
    };
    assert_eq!(
        text,
        String::from_utf8_lossy(&stock.stdout),
        "token822 differs from stock's"
    );
}

/// ctest/dns.c asks a dnsmasq in a private namespace (tests/harness's
/// qmail-ns.sh and lib.sh's dnsmasq_start, as the golden cases do) for
/// addresses, exchangers, aliases and names; with QMAIL_REF_BUILD the
/// same program linked with stock's dns.o must print the same.
#[test]
fn dns_answers_from_c_like_stock() {
    if !namespaces_allowed() {
        return;
    }
    let ours = build("dns");
    let stock = std::env::var("QMAIL_REF_BUILD")
        .ok()
        .map(|d| build_with("dns", Some(Path::new(&d))));
    let home = scratch("dns-home");
    let records = "mx-host=example,mx1.example,10\n\
        mx-host=example,mx2.example,10\n\
        mx-host=example,mx3.example,10\n\
        mx-host=example,far.example,20\n\
        mx-host=nowhere.example,gone.example,5\n\
        host-record=mx1.example,127.0.0.11\n\
        host-record=mx2.example,127.0.0.12\n\
        host-record=mx3.example,127.0.0.13\n\
        host-record=far.example,127.0.0.20\n\
        host-record=plain.example,127.0.0.30\n\
        address=/multi.example/127.0.0.41\n\
        cname=alias.example,alias2.example\n\
        cname=alias2.example,plain.example\n";
    std::fs::write(home.join("records"), records).unwrap();
    let script = r#"
set -u
. "$HARNESS/lib.sh"
dnsmasq_start "$PWD/records" || exit 1
for p in "$@"; do
  "$p" ip:plain.example ip:mx1.example ip:missing.example ip:plain.example. \
    mx:example:0 mx:example:1 mx:example:12345 mx:example:4000000000 \
    mx:plain.example:0 mx:nowhere.example:0 mx:missing.example:0 mx:10.9.8.7:0 \
    cname:alias.example cname:alias2.example cname:plain.example \
    cname:missing.example cname:plain.example.. \
    ptr:127.0.0.11 ptr:127.0.0.30 ptr:127.0.0.99 ip:multi.example \
    ip:other.test mx:other.test:0 cname:other.test ptr:10.0.0.1
  echo "rc=$?"
done
"#;
    let r = in_namespaces(&home, script)
        .arg("sh")
        .arg(&ours)
        .args(stock.iter())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&r.stdout).to_string();
    let err = String::from_utf8_lossy(&r.stderr);
    let runs: Vec<&str> = out.split_inclusive("rc=0\n").collect();
    assert!(
        runs[0].contains("ip:plain.example -> 0 127.0.0.30/0\n")
            && runs[0].contains("mx:10.9.8.7:0 -> 0 10.9.8.7/0\n")
            && runs[0].contains("cname:alias.example -> 2 plain.example\n")
            && runs[0].contains("ptr:127.0.0.11 -> 0 mx1.example\n")
            && runs[0].contains("ip:other.test -> -1\n")
            && runs[0].contains("ptr:127.0.0.99 -> -2 99.0.0.127.in-addr.arpa.\n")
            && runs[0].ends_with(" checks passed, 0 failed\nrc=0\n"),
        "{out}\nstderr:\n{err}"
    );
    if stock.is_some() {
        assert_eq!(runs.len(), 2, "{out}\nstderr:\n{err}");
        assert_eq!(runs[0], runs[1], "answers differ from stock's dns.o");
    }
}

#[test]
fn constmap_looks_up_like_stock_from_c() {
    checks("constmap", &[], b"", &[]);
}

#[test]
fn tcpto_records_and_forgets_hosts_from_c() {
    scratch_checks("tcpto", None);
}

#[test]
fn readsubdir_walks_the_split_directories_from_c() {
    scratch_checks("readsubdir", None);
}

/// ctest/headerbody.c on a message with every kind of line; with
/// QMAIL_REF_BUILD, stock's headerbody.o must split it the same way.
#[test]
fn headerbody_splits_a_message_from_c() {
    let input: &[u8] = b"From someone Mon\nSubject: hi\n  continued\n\tmore\nX-A: b\n\
        not a field\nbody line\n\nlast";
    let expect = "H:MBOX-Line: From someone Mon\n\
        H:Subject: hi\n  continued\n\tmore\n\
        H:X-A: b\n\
        DONE\n\
        B:\n\
        B:not a field\n\
        B:body line\n\
        B:\n\
        B:last\n\
        END\n";
    let r = run(&build("headerbody"), &[], input, &[]);
    assert!(r.status.success());
    assert_eq!(String::from_utf8_lossy(&r.stdout), expect);
    let r = run(&build("headerbody"), &[], b"To: x\n\nbody\n", &[]);
    assert_eq!(
        String::from_utf8_lossy(&r.stdout),
        "H:To: x\nDONE\nB:\nB:body\nEND\n"
    );
    let r = run(&build("headerbody"), &[], b"To: x\n", &[]);
    assert_eq!(String::from_utf8_lossy(&r.stdout), "H:To: x\nDONE\nEND\n");
    if let Ok(refb) = std::env::var("QMAIL_REF_BUILD") {
        let stock = build_with("headerbody", Some(Path::new(&refb)));
        let r = run(&stock, &[], input, &[]);
        assert_eq!(String::from_utf8_lossy(&r.stdout), expect, "stock's");
    }
}
