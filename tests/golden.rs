//! The differential harness's driver. Every case under tests/golden (see
//! tests/harness/run-case for the format) is run hermetically; the runs are
//! normalised by tests/harness/normalise.rs and compared.
//!
//! GOLDEN_MODE picks what is compared with what:
//!   replay (default)  recorded C output against the Rust build, one test
//!                     per case (libtest-mimic: `cargo test --test golden
//!                     qmail-queue/` selects by name); needs no reference,
//!                     so CI runs it. Then the harness's self-tests.
//!   record            runs the C reference at QMAIL_REF and stores its raw
//!                     output as each case's recording (`make golden`)
//!   diff              the C reference at QMAIL_REF, live, against Rust;
//!                     prints a table per program and each first diff
//!   cc                QMAIL_REF against QMAIL_REF2 (default: itself): the
//!                     normalisation must leave no difference at all
//!   swap              for every program the Rust build has (or those
//!                     named in GOLDEN_SWAP=prog,prog): all cases with
//!                     only that program taken from Rust and the rest from
//!                     QMAIL_REF, against the recorded output; one table
//! QMAIL_REF_BUILD names the reference build directory (helpers stock does
//! not install); default $QMAIL_REF/../build.
//!
//! A case whose file `reference` holds a word is recorded from another
//! reference, a stock build with patches (docs/HARNESS.md): `tls` means
//! QMAIL_REF_TLS, `tls-auth` QMAIL_REF_TLS_AUTH (the word in capitals, `-`
//! as `_`), and with it ..._BUILD and ...2 stand for QMAIL_REF_BUILD and
//! QMAIL_REF2. Where that variable is not set, the modes that need a
//! reference skip those cases with a message; replay needs none.
//!
//! The day of the month: RFC 822 dates are one byte shorter on days 1-9,
//! and so is every size that counts one (qmail-send's `bytes`, qmail-qread's
//! size column, ...). A case is recorded twice, with the reference's clock
//! set to a two-digit day (`expect/`) and to a one-digit day; where the two
//! differ after normalisation the second is kept as `expect-day1-9/`. A run
//! is compared with the recording of the width it saw (run-case writes it),
//! so sizes are compared exactly on every day and a one-byte difference
//! still fails. This needs nothing from the programs under test (a static
//! binary is fine). GOLDEN_CLOCK="YYYY-MM-DD HH:MM:SS" runs every case with
//! that wall clock (tests/harness/clock.c; dynamically linked programs).
//!
//! Cases listed in tests/golden/EXPECTED_FAIL must fail in replay (unported
//! work); one that passes fails, so the list shrinks as ports land.
//!
//! Cases listed in tests/golden/DELIBERATE are where this implementation
//! differs from the reference on purpose (docs/EXTENSIONS.md,
//! docs/DEVIATIONS.md). Beside the reference's `expect/` such a case keeps
//! our own recording, `expect-ours/` (and `expect-ours-day1-9/`), made with
//! GOLDEN_MODE=record-ours from the Rust build. Replay compares the Rust run
//! with `expect-ours/`, and fails when the two recordings no longer differ
//! (the difference is gone: the case leaves the list).
//! GOLDEN_FILTER=substring limits any mode to the matching cases. Needs root.

#[path = "harness/normalise.rs"]
mod normalise;

use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// The clocks of the reference when recording: a two-digit and a one-digit
/// day of the month.
const RECORD_LONG_DAY: &str = "2026-11-17 12:00:00";
const RECORD_SHORT_DAY: &str = "2026-11-07 12:00:00";
/// Where a case keeps its recording at a one-digit day, when it differs.
const SHORT_DAY_DIR: &str = "expect-day1-9";
/// Our own recordings of a case in tests/golden/DELIBERATE.
const OURS_DIR: &str = "expect-ours";
const OURS_SHORT_DAY_DIR: &str = "expect-ours-day1-9";

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut ents: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    ents.sort();
    for p in ents {
        if p.join("cmd").is_file() {
            out.push(p);
        } else if p.is_dir()
            && p.file_name().is_some_and(|n| {
                ![
                    &b"expect"[..],
                    SHORT_DAY_DIR.as_bytes(),
                    OURS_DIR.as_bytes(),
                    OURS_SHORT_DAY_DIR.as_bytes(),
                ]
                .contains(&n.as_encoded_bytes())
            })
        {
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
    // QMAIL_REF2 shares QMAIL_REF's build directory.
    let base = if var == "QMAIL_REF2" {
        "QMAIL_REF"
    } else {
        var
    };
    let b = std::env::var(format!("{base}_BUILD")).unwrap_or(format!("{r}/../build"));
    Ok(format!("{r}/bin:{b}"))
}

/// The variable naming the reference a case is recorded from: QMAIL_REF,
/// or for a word in its file `reference` (`tls`, `tls-auth`) the variable
/// of that patched build (QMAIL_REF_TLS, QMAIL_REF_TLS_AUTH).
fn ref_var(case: &Path) -> String {
    match fs::read_to_string(case.join("reference")) {
        Ok(w) if !w.trim().is_empty() => {
            format!("QMAIL_REF_{}", w.trim().to_uppercase().replace('-', "_"))
        }
        _ => "QMAIL_REF".into(),
    }
}

static CLOCK_LIB: OnceLock<Result<PathBuf, String>> = OnceLock::new();

/// The clock preload (tests/harness/clock.c), built once per run.
fn clock_lib() -> Result<PathBuf, String> {
    CLOCK_LIB
        .get_or_init(|| {
            let dir = scratch("clock");
            fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let lib = dir.join("clock.so");
            let st = Command::new(top().join("tests/harness/clocklib"))
                .arg(&lib)
                .status()
                .map_err(|e| format!("clocklib: {e}"))?;
            if st.success() {
                Ok(lib)
            } else {
                Err(format!("clocklib: {st}"))
            }
        })
        .clone()
}

/// Removes the directory of the clock preload, if this run built it.
fn clock_lib_remove() {
    if let Some(Ok(lib)) = CLOCK_LIB.get() {
        if let Some(dir) = lib.parent() {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// What one run of a case gave: the normalised parts and the width of the
/// day of the month it saw.
struct Got {
    parts: BTreeMap<String, Vec<u8>>,
    width: u8,
}

/// Runs one case with the programs of `bins`, the wall clock at `clock`
/// when given; the raw output goes to `out`. A run during which the day's
/// width changed (midnight before the 10th or the 1st) is run again.
fn run_raw(case: &Path, bins: &Path, clock: Option<&str>, out: &Path) -> Result<u8, String> {
    for _ in 0..3 {
        let _ = fs::remove_dir_all(out);
        let mut cmd = Command::new(top().join("tests/harness/run-case"));
        cmd.arg(case).arg(bins).arg(out);
        if let Some(c) = clock {
            cmd.env("QMAIL_NS_CLOCK", c)
                .env("QMAIL_NS_CLOCK_LIB", clock_lib()?);
        }
        let st = cmd.status().map_err(|e| format!("run-case: {e}"))?;
        if !st.success() {
            return Err(format!("run-case failed: {st}"));
        }
        match fs::read_to_string(out.join("daywidth")).as_deref() {
            Ok("1\n") => return Ok(1),
            Ok("2\n") => return Ok(2),
            Ok("mixed\n") => continue,
            other => return Err(format!("run-case wrote no day width: {other:?}")),
        }
    }
    Err("the day's width changed during three runs in a row".into())
}

fn run(case: &Path, bins: &Path, clock: Option<&str>) -> Result<Got, String> {
    let out = scratch("out");
    let r = run_raw(case, bins, clock, &out).map(|width| Got {
        parts: normalise::normalise(&normalise::load(&out)),
        width,
    });
    let _ = fs::remove_dir_all(&out);
    r
}

/// The recording for a run that saw a day of `width` digits: the
/// reference's, or with `ours` our own (tests/golden/DELIBERATE).
fn recorded(case: &Path, width: u8, ours: bool) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let (long, short) = if ours {
        (OURS_DIR, OURS_SHORT_DAY_DIR)
    } else {
        ("expect", SHORT_DAY_DIR)
    };
    let short = case.join(short);
    let dir = if width == 1 && short.join("rc").is_file() {
        short
    } else {
        case.join(long)
    };
    if !dir.join("rc").is_file() {
        return Err(if ours {
            "no recorded expect-ours/ (GOLDEN_MODE=record-ours)".into()
        } else {
            "no recorded expect/ (run make golden QMAIL_REF=...)".into()
        });
    }
    Ok(normalise::normalise(&normalise::load(&dir)))
}

/// Where the wanted output of a case comes from.
#[derive(Clone)]
enum Want {
    Recorded,
    /// our own recording, which must differ from the reference's
    Ours,
    Live(PathBuf),
}

fn clock() -> Option<String> {
    std::env::var("GOLDEN_CLOCK").ok().filter(|c| !c.is_empty())
}

fn check(case: &Path, want: &Want, got: &Path) -> Result<(), String> {
    let clock = clock();
    for _ in 0..3 {
        let g = run(case, got, clock.as_deref())?;
        let w = match want {
            Want::Recorded => recorded(case, g.width, false)?,
            Want::Ours => {
                let reference = recorded(case, g.width, false)?;
                let ours = recorded(case, g.width, true)?;
                if normalise::compare(&reference, &ours).is_none() {
                    return Err("expect-ours/ equals the reference's expect/: \
                                remove the case from tests/golden/DELIBERATE"
                        .into());
                }
                ours
            }
            Want::Live(b) => {
                let w = run(case, b, clock.as_deref())?;
                if w.width != g.width {
                    continue; // the day's width changed between the two runs
                }
                w.parts
            }
        };
        return match normalise::compare(&w, &g.parts) {
            None => Ok(()),
            Some(e) => Err(e),
        };
    }
    Err("the day's width changed between the two sides three times".into())
}

type Outcome = (PathBuf, Result<(), String>);

/// Runs `work` on every case on a few threads; the results by case.
fn on_threads<J, R>(jobs: Vec<(PathBuf, J)>, work: fn(&Path, &J) -> R) -> Vec<(PathBuf, R)>
where
    J: Send + 'static,
    R: Clone + Send + 'static,
{
    let queue = Arc::new(Mutex::new(jobs));
    let results = Arc::new(Mutex::new(Vec::new()));
    let mut hs = Vec::new();
    for _ in 0..4 {
        let (q, r) = (queue.clone(), results.clone());
        hs.push(std::thread::spawn(move || {
            while let Some((c, j)) = q.lock().ok().and_then(|mut v| v.pop()) {
                let res = work(&c, &j);
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

/// Runs every (case, want, got) job (table modes).
fn run_all(jobs: Vec<(PathBuf, Want, PathBuf)>) -> Vec<Outcome> {
    let jobs = jobs.into_iter().map(|(c, w, g)| (c, (w, g))).collect();
    on_threads(jobs, |c, (w, g)| check(c, w, g))
}

fn name(golden: &Path, c: &Path) -> String {
    c.strip_prefix(golden).unwrap_or(c).display().to_string()
}

/// The program a case belongs to: its first directory below tests/golden.
fn program(golden: &Path, c: &Path) -> String {
    name(golden, c).split('/').next().unwrap_or("").to_string()
}

fn expected_failures(golden: &Path) -> BTreeSet<String> {
    listed(golden, "EXPECTED_FAIL")
}

fn deliberate(golden: &Path) -> BTreeSet<String> {
    listed(golden, "DELIBERATE")
}

/// The case names in tests/golden/FILE (`#` starts a comment).
fn listed(golden: &Path, file: &str) -> BTreeSet<String> {
    fs::read_to_string(golden.join(file))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// One test per case, then the self-tests of the harness.
fn replay(golden: &Path, all: &[PathBuf]) -> libtest_mimic::Conclusion {
    let mut args = Arguments::from_args();
    if args.test_threads.is_none() {
        // most of a case is waiting on its processes
        args.test_threads = Some(4);
    }
    let bins = bindir(&rust_search(), "rust").map(Arc::new);
    let expected_fail = expected_failures(golden);
    let ours = deliberate(golden);
    let mut trials = Vec::new();
    for c in all {
        let n = name(golden, c);
        let xfail = expected_fail.contains(&n);
        let want = if ours.contains(&n) {
            Want::Ours
        } else {
            Want::Recorded
        };
        let (c, bins) = (c.clone(), bins.clone());
        trials.push(Trial::test(n, move || {
            let bins = bins.map_err(Failed::from)?;
            match (check(&c, &want, &bins), xfail) {
                (Ok(()), false) | (Err(_), true) => Ok(()),
                (Ok(()), true) => Err("passes: remove it from tests/golden/EXPECTED_FAIL".into()),
                (Err(e), false) => Err(e.into()),
            }
        }));
    }
    let (g, names) = (golden.to_path_buf(), all.to_vec());
    trials.push(Trial::test(
        "harness/expected-fail-lists-only-cases",
        move || {
            let known: BTreeSet<String> = names.iter().map(|c| name(&g, c)).collect();
            for file in ["EXPECTED_FAIL", "DELIBERATE"] {
                let stale: Vec<String> = listed(&g, file).difference(&known).cloned().collect();
                if !stale.is_empty() {
                    return Err(format!("{file} lists cases that do not exist: {stale:?}").into());
                }
            }
            Ok(())
        },
    ));
    let (g, b) = (golden.to_path_buf(), bins.clone());
    trials.push(Trial::test("harness/one-byte-change-fails", move || {
        selftest_one_byte(&g, &b.map_err(Failed::from)?).map_err(Failed::from)
    }));
    let (g, b) = (golden.to_path_buf(), bins.clone());
    trials.push(Trial::test(
        "harness/day-width-picks-recording",
        move || selftest_day_width(&g, &b.map_err(Failed::from)?).map_err(Failed::from),
    ));
    let (g, b) = (golden.to_path_buf(), bins.clone());
    trials.push(Trial::test("harness/same-result-at-any-date", move || {
        selftest_any_date(&g, &b.map_err(Failed::from)?).map_err(Failed::from)
    }));
    let conclusion = libtest_mimic::run(&args, trials);
    if let Ok(b) = &bins {
        let _ = fs::remove_dir_all(b.as_path());
    }
    clock_lib_remove();
    conclusion
}

/// The harness must notice a one-byte change in a program's output: the
/// hostname cases are run with a hostname that prints "Golden.example"
/// instead of "golden.example", and must fail; unchanged they pass.
fn selftest_one_byte(golden: &Path, bins: &Path) -> Result<(), String> {
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

/// The cases whose recordings differ with the day's width. predate
/// big-input counts the bytes of a message with one Date line.
const DAY_WIDTH_CASE: &str = "predate/big-input";

/// A run compared with the recording of the other width must fail (the
/// one-byte difference of the Date line shows), and with its own pass.
fn selftest_day_width(golden: &Path, bins: &Path) -> Result<(), String> {
    let c = golden.join(DAY_WIDTH_CASE);
    if !c.join(SHORT_DAY_DIR).join("rc").is_file() {
        return Err(format!(
            "{DAY_WIDTH_CASE} has no {SHORT_DAY_DIR}/ recording"
        ));
    }
    let g = run(&c, bins, clock().as_deref())?;
    let own = recorded(&c, g.width, false)?;
    let other = recorded(&c, 3 - g.width, false)?;
    if let Some(e) = normalise::compare(&own, &g.parts) {
        return Err(format!("differs from its own width's recording: {e}"));
    }
    if normalise::compare(&other, &g.parts).is_none() {
        return Err("a one-byte shorter Date line went unnoticed".into());
    }
    Ok(())
}

/// Does the ELF file at `p` name a program interpreter (dynamic linking)?
fn is_dynamic(p: &Path) -> bool {
    let Ok(b) = fs::read(p) else { return false };
    let u16_at = |o: usize| {
        b.get(o..o + 2)
            .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
    };
    let u64_at = |o: usize| {
        b.get(o..o + 8)
            .and_then(|s| s.try_into().ok())
            .map(u64::from_le_bytes)
    };
    if b.get(..5) != Some(b"\x7fELF\x02") {
        return false;
    }
    let (Some(phoff), Some(size), Some(num)) = (u64_at(0x20), u16_at(0x36), u16_at(0x38)) else {
        return false;
    };
    (0..num).any(|i| {
        let o = phoff as usize + i * size;
        b.get(o..o + 4) == Some(&3u32.to_le_bytes()[..]) // PT_INTERP
    })
}

/// The date-sensitive cases pass with the namespace clock on a day 1-9 and
/// on a day 10-31 (each against its recording). Needs dynamically linked
/// programs (the clock is shifted by a preload); with static ones the
/// day-width test above still shows the comparison is exact.
fn selftest_any_date(golden: &Path, bins: &Path) -> Result<(), String> {
    let progs = ["predate", "qmail-queue", "qmail-inject", "qmail-qread"];
    if let Some(p) = progs.iter().find(|p| !is_dynamic(&bins.join(p))) {
        println!("harness/same-result-at-any-date: {p} is linked statically; not run");
        return Ok(());
    }
    let mut errs = Vec::new();
    for case in [DAY_WIDTH_CASE, "qmail-qread/queued-by-qmail-queue"] {
        let c = golden.join(case);
        for (date, width) in [("2027-03-05 23:59:58", 1), ("2027-03-25 00:00:01", 2)] {
            match run(&c, bins, Some(date)) {
                Err(e) => errs.push(format!("{case} at {date}: {e}")),
                Ok(g) if g.width != width => {
                    errs.push(format!("{case} at {date}: the clock was not moved"))
                }
                Ok(g) => {
                    if let Some(e) = recorded(&c, width, false)
                        .map(|w| normalise::compare(&w, &g.parts))
                        .unwrap_or_else(Some)
                    {
                        errs.push(format!("{case} at {date}: {e}"));
                    }
                }
            }
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("\n"))
    }
}

/// Records the C reference's output of every case: expect/ at a two-digit
/// day, and expect-day1-9/ where a one-digit day changes the result.
fn record(golden: &Path, all: &[PathBuf], var: &str) -> Result<usize, String> {
    let bins = bindir(&c_search(var)?, "ref")?;
    Ok(record_into(
        golden,
        all.to_vec(),
        bins,
        "recorded",
        |c, b| record_one(c, b, "expect", SHORT_DAY_DIR),
    ))
}

/// Runs `rec` on each case with the programs of `bins` (then removed),
/// printing `what NAME` or the failure; the number of failures.
fn record_into(
    golden: &Path,
    cases: Vec<PathBuf>,
    bins: PathBuf,
    what: &str,
    rec: fn(&Path, &PathBuf) -> Result<String, String>,
) -> usize {
    let jobs = cases.into_iter().map(|c| (c, bins.clone())).collect();
    let results = on_threads(jobs, rec);
    let _ = fs::remove_dir_all(&bins);
    let mut failed = 0;
    for (c, r) in results {
        let n = name(golden, &c);
        match r {
            Ok(msg) => println!("{what} {n}{msg}"),
            Err(e) => {
                failed += 1;
                println!("FAILED: {what} {n}: {e}");
            }
        }
    }
    failed
}

fn record_one(case: &Path, bins: &Path, long: &str, short_dir: &str) -> Result<String, String> {
    let long = case.join(long);
    let short = scratch("short");
    if run_raw(case, bins, Some(RECORD_LONG_DAY), &long)? != 2 {
        return Err("the clock was not moved to a two-digit day".into());
    }
    if run_raw(case, bins, Some(RECORD_SHORT_DAY), &short)? != 1 {
        return Err("the clock was not moved to a one-digit day".into());
    }
    let a = normalise::normalise(&normalise::load(&long));
    let b = normalise::normalise(&normalise::load(&short));
    let keep = case.join(short_dir);
    let _ = fs::remove_dir_all(&keep);
    let rc = fs::read_to_string(long.join("rc")).unwrap_or_default();
    let msg = if normalise::compare(&a, &b).is_some() {
        let st = Command::new("cp")
            .arg("-R")
            .arg(&short)
            .arg(&keep)
            .status()
            .map_err(|e| e.to_string())?;
        if !st.success() {
            return Err(format!("cp: {st}"));
        }
        format!(" (rc {}; differs on days 1-9)", rc.trim())
    } else {
        format!(" (rc {})", rc.trim())
    };
    let _ = fs::remove_dir_all(&short);
    Ok(msg)
}

/// Records our own output (the Rust build) of the cases in
/// tests/golden/DELIBERATE: expect-ours/ and expect-ours-day1-9/.
fn record_ours(golden: &Path, all: &[PathBuf]) -> Result<usize, String> {
    let listed = deliberate(golden);
    let bins = bindir(&rust_search(), "rust")?;
    let cases = all
        .iter()
        .filter(|c| listed.contains(&name(golden, c)))
        .cloned()
        .collect();
    Ok(record_into(golden, cases, bins, "recorded ours", |c, b| {
        record_one(c, b, OURS_DIR, OURS_SHORT_DAY_DIR)
    }))
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

fn swap(golden: &Path, all: &[PathBuf], var: &str) -> Result<usize, String> {
    let rust = bindir(&rust_search(), "rust")?;
    let mut progs: Vec<String> = fs::read_dir(&rust)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    progs.sort();
    // GOLDEN_SWAP=prog[,prog...] swaps only those programs.
    if let Ok(only) = std::env::var("GOLDEN_SWAP") {
        let only: Vec<&str> = only.split(',').collect();
        progs.retain(|p| only.contains(&p.as_str()));
    }
    let c = c_search(var)?;
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
    println!("one program from Rust, the rest from {var}, against the recorded output");
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
    let failed = if mode == "replay" {
        replay(&golden, &all).exit()
    } else if mode == "record-ours" {
        record_ours(&golden, &all)
    } else if !["record", "diff", "cc", "swap"].contains(&mode.as_str()) {
        Err(format!("unknown GOLDEN_MODE {mode}"))
    } else {
        // The modes that run a reference: each group of cases against the
        // reference it is recorded from (the plain cases: QMAIL_REF).
        let mut groups: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        for c in all {
            groups.entry(ref_var(&c)).or_default().push(c);
        }
        let mut total = Ok(0);
        for (var, group) in groups {
            if var != "QMAIL_REF" && std::env::var(&var).is_err() {
                println!(
                    "skipping {} cases recorded from a patched reference: {var} is not set",
                    group.len()
                );
                continue;
            }
            let var2 = format!("{var}2");
            let r = match mode.as_str() {
                "record" => record(&golden, &group, &var),
                "diff" => live(&golden, &group, &var, "rust"),
                "cc" => live(&golden, &group, &var, &var2),
                "swap" => swap(&golden, &group, &var),
                m => Err(format!("unknown GOLDEN_MODE {m}")),
            };
            total = match (total, r) {
                (Ok(a), Ok(b)) => Ok(a + b),
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
        }
        total
    };
    clock_lib_remove();
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
