//! qmail-send out of memory: tests/data/nomem runs the daemon set with
//! every allocation of qmail-send failing (a preloaded malloc that returns
//! NULL while a flag file exists) while a message is injected; memory comes
//! back 3 seconds later. qmail-send must log stock's
//! `alert: out of memory, sleeping...`, keep running and deliver the
//! message. With QMAIL_REF set stock runs too, for the record only: its
//! opendir of todo/ fails first and it waits for its next todo/ scan.
//! Needs root.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use std::process::Command;

const TOP: &str = env!("CARGO_MANIFEST_DIR");

fn run(search: &str, tag: &str) -> String {
    let base = std::env::temp_dir().join(format!("nomem-{}-{tag}", std::process::id()));
    let _ = fs::remove_dir_all(&base);
    let (bins, out) = (base.join("bin"), base.join("out"));
    let st = Command::new(format!("{TOP}/tests/harness/bindir"))
        .arg(&bins)
        .arg(search)
        .status()
        .unwrap();
    assert!(st.success(), "bindir");
    let st = Command::new(format!("{TOP}/tests/harness/run-case"))
        .arg(Path::new(TOP).join("tests/data/nomem"))
        .arg(&bins)
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success(), "run-case");
    let s = fs::read_to_string(out.join("stdout")).unwrap_or_default();
    let _ = fs::remove_dir_all(&base);
    s
}

fn main() {
    let rust = Path::new(env!("CARGO_BIN_EXE_hostname"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    let got = run(&rust, "rust");
    println!("nomem rust: {}", got.trim().replace('\n', "; "));
    if let Ok(r) = std::env::var("QMAIL_REF") {
        let b = std::env::var("QMAIL_REF_BUILD").unwrap_or(format!("{r}/../build"));
        let c = run(&format!("{r}/bin:{b}"), "c");
        println!("nomem c (for the record): {}", c.trim().replace('\n', "; "));
    }
    let alerts = got
        .lines()
        .find_map(|l| l.strip_prefix("alerts: "))
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    let ok = got.contains("inject: 0\n")
        && got.contains("qmail-send: running\n")
        && got.contains("delivered: 1\n")
        && alerts > 0;
    if !ok {
        println!("nomem rust: FAIL");
        std::process::exit(1);
    }
}
