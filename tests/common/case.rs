//! Running a directory laid out like a golden case (cmd, setup, root/, ...)
//! outside the golden runner, as tests/crash.rs, tests/differential.rs and
//! tests/syncdir_order.rs do: tests/harness/bindir gathers the programs
//! found along a search path, and tests/harness/run-case runs the case in
//! its private namespaces and leaves what it saw in an out/ directory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TOP: &str = env!("CARGO_MANIFEST_DIR");

/// A fresh path in the temporary directory, `PREFIX-PID-TAG` (removed if a
/// previous run left it).
pub fn scratch(prefix: &str, tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("{prefix}-{}-{tag}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

/// Copies the tree `from` to `to` (directories and regular files).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            fs::copy(e.path(), &t).unwrap();
        }
    }
}

/// Runs `case` with the programs found along `search` (bindir's list of
/// directories); scratch names start with `prefix` and `tag`. Ok is the
/// out/ directory run-case filled, which the caller removes; a failure of
/// bindir or run-case is Err with its status (and the out/ directory
/// removed).
pub fn run_case(case: &Path, search: &str, prefix: &str, tag: &str) -> Result<PathBuf, String> {
    let bins = scratch(prefix, &format!("{tag}-bin"));
    let out = scratch(prefix, &format!("{tag}-out"));
    let st = Command::new(format!("{TOP}/tests/harness/bindir"))
        .arg(&bins)
        .arg(search)
        .status()
        .map_err(|e| format!("bindir: {e}"))?;
    if !st.success() {
        let _ = fs::remove_dir_all(&bins);
        return Err(format!("bindir: {st}"));
    }
    let st = Command::new(format!("{TOP}/tests/harness/run-case"))
        .arg(case)
        .arg(&bins)
        .arg(&out)
        .status()
        .map_err(|e| format!("run-case: {e}"));
    let _ = fs::remove_dir_all(&bins);
    match st {
        Ok(st) if st.success() => Ok(out),
        Ok(st) => {
            let _ = fs::remove_dir_all(&out);
            Err(format!("run-case: {st}"))
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&out);
            Err(e)
        }
    }
}

/// The text of `out/NAME` (empty when it is missing).
pub fn out_text(out: &Path, name: &str) -> String {
    fs::read_to_string(out.join(name)).unwrap_or_default()
}
