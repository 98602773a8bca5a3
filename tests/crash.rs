//! Crash test of the whole system (`make crash`; a small run in `make
//! test`): tests/data/crash is run like a golden case (tests/harness/run-case:
//! private namespaces, a fresh /var/qmail, the queue and the Maildir each on
//! a 32 MiB tmpfs). Numbered messages are injected while the daemon set is
//! killed with SIGKILL, in turn as a whole, qmail-local alone and qmail-send
//! alone, and restarted. Its summary line counts what qmail-queue accepted,
//! what was delivered, the duplicates, the messages lost (neither delivered
//! nor in the queue) and those left in the queue. Any loss fails, and so does
//! a run that accepted fewer messages than it sent.
//!
//! Runs the Rust build and, when QMAIL_REF names the C reference, stock too.
//! CRASH_MESSAGES and CRASH_KILLS set the size (default 40 and 6). Needs root.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::case::{copy_dir, out_text, run_case, scratch, TOP};
use std::fs;
use std::path::Path;

fn field(summary: &str, name: &str) -> Option<u64> {
    let mut it = summary.split_whitespace();
    while let Some(w) = it.next() {
        if w == name {
            return it.next()?.parse().ok();
        }
    }
    None
}

fn run(search: &str, tag: &str, messages: u64, kills: u64) -> Result<String, String> {
    let case = scratch("crash", &format!("{tag}-case"));
    copy_dir(&Path::new(TOP).join("tests/data/crash"), &case);
    fs::write(
        case.join("params"),
        format!("CRASH_MESSAGES={messages} CRASH_KILLS={kills}\n"),
    )
    .unwrap();
    let out = run_case(&case, search, "crash", tag);
    let _ = fs::remove_dir_all(&case);
    let out = out?;
    let stdout = out_text(&out, "stdout");
    let stderr = out_text(&out, "stderr");
    let _ = fs::remove_dir_all(&out);
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("accepted "))
        .ok_or_else(|| format!("no summary: {stdout}{stderr}"))?
        .to_string();
    let lost = field(&summary, "lost").ok_or("no lost count")?;
    let accepted = field(&summary, "accepted").ok_or("no accepted count")?;
    if lost != 0 {
        return Err(format!("{summary}: LOST MAIL"));
    }
    if accepted != messages {
        return Err(format!(
            "{summary}: only {accepted} of {messages} accepted; {stderr}"
        ));
    }
    Ok(summary)
}

fn main() {
    let num = |v: &str, d: u64| {
        std::env::var(v)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(d)
    };
    let (messages, kills) = (num("CRASH_MESSAGES", 40), num("CRASH_KILLS", 6));
    let rust = Path::new(env!("CARGO_BIN_EXE_hostname"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    let mut impls = vec![("rust", rust)];
    if let Ok(r) = std::env::var("QMAIL_REF") {
        let b = std::env::var("QMAIL_REF_BUILD").unwrap_or(format!("{r}/../build"));
        impls.push(("c", format!("{r}/bin:{b}")));
    }
    let mut failed = false;
    for (tag, search) in impls {
        match run(&search, tag, messages, kills) {
            Ok(s) => println!("crash {tag}: {s}"),
            Err(e) => {
                println!("crash {tag}: FAIL: {e}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
