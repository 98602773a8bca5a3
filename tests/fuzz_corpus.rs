//! Replays the fuzz corpora without a fuzzer: every file of
//! fuzz/corpus/<target>/ and fuzz/regressions/<target>/ goes through its
//! target (fuzz/targets.rs) in this plain test build, where a panic, an
//! overflow check or an assertion fails the test. fuzz/regressions/ holds
//! the inputs that once made a target fail; `make fuzz` adds to corpus/.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../fuzz/targets.rs"]
#[allow(dead_code)]
mod targets;
#[path = "../src/bin/qmail-newu/users.rs"]
#[allow(dead_code)]
mod users;

use std::fs;
use std::path::Path;

fn replay(kind: &str) -> usize {
    let top = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind);
    let mut n = 0;
    for (name, f) in targets::TARGETS {
        let Ok(rd) = fs::read_dir(top.join(name)) else {
            continue;
        };
        let mut files: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for p in files {
            let data = fs::read(&p).unwrap();
            let r = std::panic::catch_unwind(|| f(&data));
            assert!(r.is_ok(), "{name}: {} fails", p.display());
            n += 1;
        }
    }
    n
}

/// The peak resident size of this process (VmHWM), in KiB.
fn peak_kib() -> u64 {
    let s = fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// An input that made a target allocate without bound shows here.
fn check_memory() {
    let kib = peak_kib();
    assert!(kib < 512 * 1024, "the replay peaked at {kib} KiB");
}

#[test]
fn corpus_replays_clean() {
    let n = replay("corpus");
    // Every target has a seed corpus.
    for (name, _) in targets::TARGETS {
        let d = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(name);
        let count = fs::read_dir(&d).map(|r| r.count()).unwrap_or(0);
        assert!(count > 0, "no seed corpus for {name} in {}", d.display());
    }
    check_memory();
    println!("{n} corpus files replayed");
}

#[test]
fn regressions_replay_clean() {
    let n = replay("regressions");
    check_memory();
    println!("{n} regression inputs replayed");
}
