//! Golden replay: runs every case under tests/golden against the Rust
//! binaries and compares stdout, stderr, exit code and the resulting qmail
//! home with what the C reference produced (recorded by
//! tests/harness/record). Needs root (private namespaces); never skips.
//!
//! Cases listed in tests/golden/EXPECTED_FAIL must fail (unported work); one
//! that passes is reported so the list shrinks as ports land.
//! GOLDEN_FILTER=substring runs only the matching cases.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

const PARTS: [&str; 4] = ["rc", "stdout", "stderr", "tree"];

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

/// First differing line, shown as a tiny unified-style excerpt.
fn first_diff(want: &[u8], got: &[u8]) -> String {
    let w: Vec<&[u8]> = want.split(|&c| c == b'\n').collect();
    let g: Vec<&[u8]> = got.split(|&c| c == b'\n').collect();
    for i in 0..w.len().max(g.len()) {
        let a = w.get(i).copied();
        let b = g.get(i).copied();
        if a != b {
            return format!(
                "line {}:\n-{}\n+{}",
                i + 1,
                a.map(|x| String::from_utf8_lossy(x).into_owned())
                    .unwrap_or("<none>".into()),
                b.map(|x| String::from_utf8_lossy(x).into_owned())
                    .unwrap_or("<none>".into())
            );
        }
    }
    "identical lines, different bytes".into()
}

fn run_one(top: &Path, bindir: &Path, case: &Path) -> Result<(), String> {
    let expect = case.join("expect");
    if !expect.join("rc").is_file() {
        return Err("no recorded expect/ (run make golden QMAIL_REF=...)".into());
    }
    let tmp = std::env::temp_dir().join(format!(
        "golden-out-{}-{}",
        std::process::id(),
        case.display().to_string().replace('/', "_")
    ));
    let _ = fs::remove_dir_all(&tmp);
    let st = Command::new(top.join("tests/harness/run-case"))
        .arg(case)
        .arg(bindir)
        .arg(&tmp)
        .status()
        .map_err(|e| format!("run-case: {e}"))?;
    if !st.success() {
        return Err(format!("run-case failed: {st}"));
    }
    let mut errs = Vec::new();
    for part in PARTS {
        let want = fs::read(expect.join(part)).unwrap_or_default();
        let got = fs::read(tmp.join(part)).unwrap_or_default();
        if want != got {
            errs.push(format!("{part} differs, {}", first_diff(&want, &got)));
        }
    }
    let _ = fs::remove_dir_all(&tmp);
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("\n"))
    }
}

fn main() {
    let top = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bindir = Path::new(env!("CARGO_BIN_EXE_hostname"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let golden = top.join("tests/golden");
    let filter = std::env::var("GOLDEN_FILTER").unwrap_or_default();
    let mut all = Vec::new();
    cases(&golden, &mut all);
    all.retain(|c| c.display().to_string().contains(&filter));
    let expected_fail: BTreeSet<String> = fs::read_to_string(golden.join("EXPECTED_FAIL"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if unsafe_not_root() {
        eprintln!("golden: must run as root (private namespaces); failing");
        std::process::exit(1);
    }

    let queue = Arc::new(Mutex::new(all.clone()));
    let results = Arc::new(Mutex::new(Vec::new()));
    let threads = 4;
    let mut hs = Vec::new();
    for _ in 0..threads {
        let (q, r, top, bindir) = (queue.clone(), results.clone(), top.clone(), bindir.clone());
        hs.push(std::thread::spawn(move || {
            while let Some(c) = q.lock().ok().and_then(|mut v| v.pop()) {
                let res = run_one(&top, &bindir, &c);
                if let Ok(mut r) = r.lock() {
                    r.push((c, res));
                }
            }
        }));
    }
    for h in hs {
        let _ = h.join();
    }
    let mut results = results.lock().map(|r| r.clone()).unwrap_or_default();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut passed, mut failed, mut xfail) = (0, 0, 0);
    for (c, res) in &results {
        let name = c.strip_prefix(&golden).unwrap_or(c).display().to_string();
        let listed = expected_fail.contains(&name);
        match (res, listed) {
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
    for name in &expected_fail {
        if !results
            .iter()
            .any(|(c, _)| c.strip_prefix(&golden).unwrap_or(c).display().to_string() == *name)
        {
            failed += 1;
            println!("EXPECTED_FAIL lists {name}, which is not a case");
        }
    }
    println!("golden: {passed} passed, {failed} failed, {xfail} expected failures");
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}

fn unsafe_not_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout != b"0\n")
        .unwrap_or(true)
}
