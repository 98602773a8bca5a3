//! The differential harness's driver. Every case under tests/golden (see
//! tests/harness/run-case for the format) is run hermetically; the runs are
//! normalised by tests/harness/normalise.rs and compared.
//!
//! GOLDEN_MODE picks what is compared with what:
//!   replay (default)  recorded C output (expect/) against the Rust build;
//!                     needs no reference, so CI runs it. Then a self-test:
//!                     a Rust program whose output differs by one byte must
//!                     make its cases fail.
//!   diff              the C reference at QMAIL_REF, live, against Rust;
//!                     prints a table per program and each first diff
//!   cc                QMAIL_REF against QMAIL_REF2 (default: itself): the
//!                     normalisation must leave no difference at all
//!   swap              for every program the Rust build has: all cases with
//!                     only that program taken from Rust and the rest from
//!                     QMAIL_REF, against the recorded output; one table
//! QMAIL_REF_BUILD names the reference build directory (helpers stock does
//! not install); default $QMAIL_REF/../build.
//!
//! Cases listed in tests/golden/EXPECTED_FAIL must fail in replay (unported
//! work); one that passes is reported so the list shrinks as ports land.
//! GOLDEN_FILTER=substring runs only the matching cases. Needs root.

#[path = "harness/normalise.rs"]
mod normalise;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

static SEQ: AtomicUsize = AtomicUsize::new(0);

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut ents: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    ents.sort();
    for p in ents {
        if p.join("cmd").is_file() {
            out.push(p);
        } else if p.is_dir() && p.file_name().is_some_and(|n| n != "expect") {
            cases(&p, out);
        }
    }
}

fn top() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(tag: &str) -> PathBuf {
    let n = SEQ.fetch_add(1, Ordering::SeqCst);
    let d = std::env::temp_dir().join(format!("golden-{}-{tag}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

/// A directory of symlinks, one per program found along `search`.
fn bindir(search: &str, tag: &str) -> Result<PathBuf, String> {
    let d = scratch(tag);
    let st = Command::new(top().join("tests/harness/bindir"))
        .arg(&d)
        .arg(search)
        .status()
        .map_err(|e| format!("bindir: {e}"))?;
    if st.success() {
        Ok(d)
    } else {
        Err(format!("bindir {search}: {st}"))
    }
}

fn rust_search() -> String {
    Path::new(env!("CARGO_BIN_EXE_hostname"))
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

fn c_search(var: &str) -> Result<String, String> {
    let r = std::env::var(var).map_err(|_| format!("{var} is not set"))?;
    let b = std::env::var("QMAIL_REF_BUILD").unwrap_or(format!("{r}/../build"));
    Ok(format!("{r}/bin:{b}"))
}

/// Runs one case with the programs of `bins`; the normalised result.
fn run(case: &Path, bins: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let out = scratch("out");
    let st = Command::new(top().join("tests/harness/run-case"))
        .arg(case)
        .arg(bins)
        .arg(&out)
        .status()
        .map_err(|e| format!("run-case: {e}"))?;
    let r = if st.success() {
        Ok(normalise::normalise(&normalise::load(&out)))
    } else {
        Err(format!("run-case failed: {st}"))
    };
    let _ = fs::remove_dir_all(&out);
    r
}

fn recorded(case: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let expect = case.join("expect");
    if !expect.join("rc").is_file() {
        return Err("no recorded expect/ (run make golden QMAIL_REF=...)".into());
    }
    Ok(normalise::normalise(&normalise::load(&expect)))
}

/// Where the wanted and the actual output of a case come from.
#[derive(Clone)]
enum Want {
    Recorded,
    Live(PathBuf),
}

fn check(case: &Path, want: &Want, got: &Path) -> Result<(), String> {
    let w = match want {
        Want::Recorded => recorded(case)?,
        Want::Live(b) => run(case, b)?,
    };
    let g = run(case, got)?;
    match normalise::compare(&w, &g) {
        None => Ok(()),
        Some(e) => Err(e),
    }
}

type Outcome = (PathBuf, Result<(), String>);

/// Runs every (case, want, got) job on a few threads.
fn run_all(jobs: Vec<(PathBuf, Want, PathBuf)>) -> Vec<Outcome> {
    let queue = Arc::new(Mutex::new(jobs));
    let results = Arc::new(Mutex::new(Vec::new()));
    let mut hs = Vec::new();
    for _ in 0..4 {
        let (q, r) = (queue.clone(), results.clone());
        hs.push(std::thread::spawn(move || {
            while let Some((c, w, g)) = q.lock().ok().and_then(|mut v| v.pop()) {
                let res = check(&c, &w, &g);
                if let Ok(mut r) = r.lock() {
                    r.push((c, res));
                }
            }
        }));
    }
    for h in hs {
        let _ = h.join();
    }
    let mut v = results.lock().map(|r| r.clone()).unwrap_or_default();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn name(golden: &Path, c: &Path) -> String {
    c.strip_prefix(golden).unwrap_or(c).display().to_string()
}

/// The program a case belongs to: its first directory below tests/golden.
fn program(golden: &Path, c: &Path) -> String {
    name(golden, c).split('/').next().unwrap_or("").to_string()
}

fn replay(golden: &Path, all: &[PathBuf], filtered: bool) -> (usize, usize) {
    let expected_fail: BTreeSet<String> = fs::read_to_string(golden.join("EXPECTED_FAIL"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let bins = match bindir(&rust_search(), "rust") {
        Ok(b) => b,
        Err(e) => {
            println!("golden: {e}");
            return (0, 1);
        }
    };
    let jobs = all
        .iter()
        .map(|c| (c.clone(), Want::Recorded, bins.clone()))
        .collect();
    let results = run_all(jobs);
    let (mut passed, mut failed, mut xfail) = (0, 0, 0);
    for (c, res) in &results {
        let name = name(golden, c);
        match (res, expected_fail.contains(&name)) {
            (Ok(()), false) => passed += 1,
            (Err(_), true) => xfail += 1,
            (Ok(()), true) => {
                failed += 1;
                println!("UNEXPECTED PASS {name}: remove it from tests/golden/EXPECTED_FAIL");
            }
            (Err(e), false) => {
                failed += 1;
                println!("FAIL {name}\n{e}\n");
            }
        }
    }
    if !filtered {
        for n in &expected_fail {
            if !results.iter().any(|(c, _)| name(golden, c) == *n) {
                failed += 1;
                println!("EXPECTED_FAIL lists {n}, which is not a case");
            }
        }
        match selftest(golden, &bins) {
            Ok(()) => passed += 1,
            Err(e) => {
                failed += 1;
                println!("FAIL harness self-test: {e}");
            }
        }
    }
    let _ = fs::remove_dir_all(&bins);
    println!("golden: {passed} passed, {failed} failed, {xfail} expected failures");
    (passed, failed)
}

/// The harness must notice a one-byte change in a program's output: the
/// hostname cases are run with a hostname that prints "Golden.example"
/// instead of "golden.example", and must fail; unchanged they pass.
fn selftest(golden: &Path, bins: &Path) -> Result<(), String> {
    let mut hcases = Vec::new();
    cases(&golden.join("hostname"), &mut hcases);
    if hcases.is_empty() {
        return Err("no hostname cases".into());
    }
    let tampered = scratch("tampered");
    fs::create_dir_all(&tampered).map_err(|e| e.to_string())?;
    for e in fs::read_dir(bins).map_err(|e| e.to_string())?.flatten() {
        let t = fs::read_link(e.path()).map_err(|e| e.to_string())?;
        if e.file_name() == "hostname" {
            let script = format!("#!/bin/sh\n'{}' \"$@\" | sed 's/^g/G/'\n", t.display());
            let p = tampered.join("hostname");
            fs::write(&p, script).map_err(|e| e.to_string())?;
            Command::new("chmod")
                .arg("755")
                .arg(&p)
                .status()
                .map_err(|e| e.to_string())?;
        } else {
            std::os::unix::fs::symlink(&t, tampered.join(e.file_name()))
                .map_err(|e| e.to_string())?;
        }
    }
    let mut errs = Vec::new();
    for c in &hcases {
        if check(c, &Want::Recorded, &tampered).is_ok() {
            errs.push(format!("{}: a one-byte change went unnoticed", c.display()));
        }
        if let Err(e) = check(c, &Want::Recorded, bins) {
            errs.push(format!("{}: fails untouched: {e}", c.display()));
        }
    }
    let _ = fs::remove_dir_all(&tampered);
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("\n"))
    }
}

/// A table of cases identical/different per program, then every first diff.
fn table(golden: &Path, title: &str, results: &[Outcome]) -> usize {
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (c, r) in results {
        let e = per.entry(program(golden, c)).or_default();
        if r.is_ok() {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    println!("{title}");
    println!("{:<20} {:>9} {:>9}", "program", "identical", "different");
    for (p, (same, diff)) in &per {
        println!("{p:<20} {same:>9} {diff:>9}");
    }
    let mut failed = 0;
    for (c, r) in results {
        if let Err(e) = r {
            failed += 1;
            println!("\n--- {}\n{e}", name(golden, c));
        }
    }
    failed
}

fn live(golden: &Path, all: &[PathBuf], want_var: &str, got: &str) -> Result<usize, String> {
    let want = bindir(&c_search(want_var)?, "want")?;
    let got_bins = if got == "rust" {
        bindir(&rust_search(), "rust")?
    } else {
        let var = if std::env::var(got).is_ok() {
            got
        } else {
            want_var
        };
        bindir(&c_search(var)?, "got")?
    };
    let jobs = all
        .iter()
        .map(|c| (c.clone(), Want::Live(want.clone()), got_bins.clone()))
        .collect();
    let results = run_all(jobs);
    let title = format!("{want_var} against {got}: {} cases", results.len());
    let failed = table(golden, &title, &results);
    let _ = fs::remove_dir_all(&want);
    let _ = fs::remove_dir_all(&got_bins);
    Ok(failed)
}

fn swap(golden: &Path, all: &[PathBuf]) -> Result<usize, String> {
    let rust = bindir(&rust_search(), "rust")?;
    let mut progs: Vec<String> = fs::read_dir(&rust)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    progs.sort();
    let c = c_search("QMAIL_REF")?;
    let mut rows = Vec::new();
    let mut failed = 0;
    for p in &progs {
        let mixed = bindir(&c, "mixed")?;
        let link = mixed.join(p);
        let _ = fs::remove_file(&link);
        let target = fs::read_link(rust.join(p)).map_err(|e| e.to_string())?;
        std::os::unix::fs::symlink(target, &link).map_err(|e| e.to_string())?;
        let jobs = all
            .iter()
            .map(|c| (c.clone(), Want::Recorded, mixed.clone()))
            .collect();
        let results = run_all(jobs);
        let bad: Vec<&Outcome> = results.iter().filter(|r| r.1.is_err()).collect();
        rows.push((p.clone(), results.len() - bad.len(), bad.len()));
        for (c, r) in bad {
            failed += 1;
            if let Err(e) = r {
                println!("--- {p} swapped: {}\n{e}\n", name(golden, c));
            }
        }
        let _ = fs::remove_dir_all(&mixed);
    }
    println!("one program from Rust, the rest from QMAIL_REF, against the recorded output");
    println!("{:<20} {:>9} {:>9}", "swapped", "identical", "different");
    for (p, s, d) in rows {
        println!("{p:<20} {s:>9} {d:>9}");
    }
    let _ = fs::remove_dir_all(&rust);
    Ok(failed)
}

fn main() {
    let golden = top().join("tests/golden");
    let filter = std::env::var("GOLDEN_FILTER").unwrap_or_default();
    let mut all = Vec::new();
    cases(&golden, &mut all);
    all.retain(|c| c.display().to_string().contains(&filter));
    if not_root() {
        eprintln!("golden: must run as root (private namespaces); failing");
        std::process::exit(1);
    }
    let mode = std::env::var("GOLDEN_MODE").unwrap_or_else(|_| "replay".into());
    let failed = match mode.as_str() {
        "replay" => {
            let (passed, failed) = replay(&golden, &all, !filter.is_empty());
            println!("{passed} passed, {failed} failed");
            Ok(failed)
        }
        "diff" => live(&golden, &all, "QMAIL_REF", "rust"),
        "cc" => live(&golden, &all, "QMAIL_REF", "QMAIL_REF2"),
        "swap" => swap(&golden, &all),
        m => Err(format!("unknown GOLDEN_MODE {m}")),
    };
    match failed {
        Ok(0) => {}
        Ok(n) => {
            println!("{n} cases differ");
            std::process::exit(1);
        }
        Err(e) => {
            println!("golden: {e}");
            std::process::exit(1);
        }
    }
}

fn not_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout != b"0\n")
        .unwrap_or(true)
}
