//! The two DNS deviations from stock qmail (docs/DEVIATIONS.md, 8 and 9),
//! which the golden cases cannot hold: there the recording is the C
//! reference's output, and for these inputs ours differs by design.
//!
//! Each case in tests/data/dns-deviations/ is a golden-style `cmd` run by
//! tests/harness/run-case (its own namespaces, tests/harness/dnsd.py as the
//! server). The Rust programs must give `expect-rust/` (stdout, stderr,
//! rc). When QMAIL_REF_BUILD names the reference build directory, the same
//! case is run on the C tools too and must still give `expect-stock/`, so
//! the difference stays shown against the real thing. Needs root, like the
//! golden cases.

#![allow(clippy::expect_used, clippy::panic)] // test code: a failed step stops the test

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const TOOLS: [&str; 5] = ["dnscname", "dnsptr", "dnsip", "dnsmxip", "dnsfq"];

fn top() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dns-dev-{}-{tag}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

/// A directory with the five tools from `from`.
fn bindir(from: &Path, tag: &str) -> PathBuf {
    let d = scratch(tag);
    fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
    for t in TOOLS {
        let src = from.join(t);
        std::os::unix::fs::symlink(&src, d.join(t))
            .unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    }
    d
}

fn run(case: &Path, bin: &Path, tag: &str) -> [Vec<u8>; 3] {
    let out = scratch(tag);
    let st = Command::new(top().join("tests/harness/run-case"))
        .arg(case)
        .arg(bin)
        .arg(&out)
        .status()
        .unwrap_or_else(|e| panic!("run-case: {e}"));
    assert!(st.success(), "run-case {}: {st}", case.display());
    let got = ["stdout", "stderr", "rc"].map(|f| fs::read(out.join(f)).unwrap_or_default());
    let _ = fs::remove_dir_all(&out);
    got
}

fn expected(case: &Path, side: &str) -> [Vec<u8>; 3] {
    ["stdout", "stderr", "rc"].map(|f| {
        let p = case.join(side).join(f);
        fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    })
}

fn check(case: &Path, side: &str, got: &[Vec<u8>; 3]) {
    let want = expected(case, side);
    for (i, f) in ["stdout", "stderr", "rc"].iter().enumerate() {
        assert_eq!(
            String::from_utf8_lossy(&got[i]),
            String::from_utf8_lossy(&want[i]),
            "{} {side}/{f}",
            case.display()
        );
    }
}

#[test]
fn deviations_show_against_stock() {
    // run-case needs root for its namespaces.
    let uid = Command::new("id").arg("-u").output().expect("id -u").stdout;
    if uid != b"0\n" {
        eprintln!("dns_deviations: skipped, needs root (like the golden cases)");
        return;
    }
    let rust_dir = Path::new(env!("CARGO_BIN_EXE_dnsmxip"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let rust = bindir(&rust_dir, "rust");
    let stock = std::env::var_os("QMAIL_REF_BUILD").map(|b| bindir(Path::new(&b), "stock"));
    let mut cases: Vec<PathBuf> = fs::read_dir(top().join("tests/data/dns-deviations"))
        .expect("tests/data/dns-deviations")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("cmd").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "cases missing");
    for case in &cases {
        check(case, "expect-rust", &run(case, &rust, "rust-out"));
        if let Some(stock) = &stock {
            check(case, "expect-stock", &run(case, stock, "stock-out"));
        }
    }
    let _ = fs::remove_dir_all(&rust);
    if let Some(stock) = stock {
        let _ = fs::remove_dir_all(stock);
    }
}
