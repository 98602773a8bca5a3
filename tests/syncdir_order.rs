//! conf-syncdir (docs/DEVIATIONS.md): every step that commits a message is
//! followed by an fsync of the directory holding the name, before the step
//! is acknowledged. Proven on a syscall trace of a real run.
//!
//! tests/data/syncdir-order is run like a golden case (tests/harness/run-case:
//! private namespaces, a fresh /var/qmail): the whole daemon set under
//! `strace -f -y`, two messages injected, one delivered to an mbox and
//! forwarded to a Maildir, one bounced. The trace must show, for every
//! occurrence:
//! - qmail-queue: link to mess/S/N, then fsync of queue/mess/S, before the
//!   link to todo/N; that link, then fsync of queue/todo, before exit 0;
//! - qmail-send: info/S/N and the channel files created, then fsync of their
//!   directories, before qmail-clean removes todo/N; the unlink of a channel
//!   file, then fsync of its directory, before info/S/N goes; the unlink of
//!   info/S/N, then fsync of queue/info/S, before mess/S/N goes; the unlink
//!   of bounce/N, then fsync of queue/bounce;
//! - qmail-local: the link into Maildir's new/, then fsync of new/, before
//!   exit 0; the mbox fsynced, then its directory, before exit 0.
//!
//! When QMAIL_REF names the C reference, the same run against it must fail
//! these checks (stock fsyncs no directory): the checks can fail.
//! Needs root (namespaces) and strace.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::case::{out_text, run_case, TOP};
use std::collections::HashMap;
use std::fs;
use std::path::Path;

fn main() {
    let rust = Path::new(env!("CARGO_BIN_EXE_hostname"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    let mut failed = false;
    match run(&rust, "rust").and_then(|t| check(&t)) {
        Ok(summary) => println!("syncdir_order rust: ok: {summary}"),
        Err(e) => {
            println!("syncdir_order rust: FAIL: {e}");
            failed = true;
        }
    }
    if let Ok(r) = std::env::var("QMAIL_REF") {
        let b = std::env::var("QMAIL_REF_BUILD").unwrap_or(format!("{r}/../build"));
        match run(&format!("{r}/bin:{b}"), "c").and_then(|t| check(&t)) {
            Ok(_) => {
                println!("syncdir_order c: the checks passed on stock, so they prove nothing");
                failed = true;
            }
            Err(e) => println!("syncdir_order c: fails as expected: {e}"),
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// Runs the case with the programs found along `search`; the trace's text.
fn run(search: &str, tag: &str) -> Result<String, String> {
    let case = Path::new(TOP).join("tests/data/syncdir-order");
    let out = run_case(&case, search, "syncdir", tag)?;
    let trace = fs::read_to_string(out.join("out/trace"));
    let stdout = out_text(&out, "stdout");
    let stderr = out_text(&out, "stderr");
    let _ = fs::remove_dir_all(&out);
    if stdout != "inject: 0\ninject: 0\n" {
        return Err(format!("the run went wrong: {stdout}{stderr}"));
    }
    trace.map_err(|e| format!("no trace: {e}; {stderr}"))
}

/// One finished system call.
#[derive(Debug, Clone)]
struct Ev {
    pid: u32,
    name: String,
    args: String,
    ret: String,
}

impl Ev {
    fn ok(&self) -> bool {
        self.ret.starts_with('0') || self.ret.starts_with(|c: char| c.is_ascii_digit())
    }
    /// The quoted strings among the arguments (paths).
    fn paths(&self) -> Vec<&str> {
        self.args.split('"').skip(1).step_by(2).collect()
    }
    /// The fd's path strace printed with -y (`5</var/qmail/queue/todo>`).
    fn fd_path(&self) -> &str {
        match (self.args.find('<'), self.args.rfind('>')) {
            (Some(a), Some(b)) if a < b => &self.args[a + 1..b],
            _ => "",
        }
    }
    fn is_fsync_of(&self, suffix: &str) -> bool {
        self.name == "fsync" && self.ok() && self.fd_path().ends_with(suffix)
    }
    fn removes(&self, path: &str) -> bool {
        (self.name == "unlink" || self.name == "unlinkat")
            && self.ok()
            && self.paths().last().is_some_and(|p| *p == path)
    }
}

/// Parses strace -f output, joining `<unfinished ...>` with its
/// `<... resumed>`; each call is placed where it finished.
fn parse(text: &str) -> Vec<Ev> {
    let mut pending: HashMap<u32, String> = HashMap::new();
    let mut evs = Vec::new();
    for line in text.lines() {
        let Some((pid, rest)) = line.split_once(' ') else {
            continue;
        };
        let Ok(pid) = pid.trim().parse::<u32>() else {
            continue;
        };
        let rest = rest.trim_start();
        let full = if let Some(head) = rest.strip_suffix(" <unfinished ...>") {
            if let Some(code) = head.strip_prefix("exit_group(") {
                // it never resumes
                evs.push(Ev {
                    pid,
                    name: "exit_group".into(),
                    args: code.into(),
                    ret: "?".into(),
                });
            } else {
                pending.insert(pid, head.to_string());
            }
            continue;
        } else if let Some(tail) = rest.strip_prefix("<... ") {
            let Some((_, after)) = tail.split_once(" resumed>") else {
                continue;
            };
            format!("{}{}", pending.remove(&pid).unwrap_or_default(), after)
        } else {
            rest.to_string()
        };
        let Some(open) = full.find('(') else {
            continue;
        };
        // `name(args) = ret`, strace padding the space before `=`.
        let Some(eq) = full.rfind(" = ") else {
            continue;
        };
        let Some(close) = full[..eq].rfind(')') else {
            continue;
        };
        if close < open {
            continue;
        }
        evs.push(Ev {
            pid,
            name: full[..open].to_string(),
            args: full[open + 1..close].to_string(),
            ret: full[eq + 3..].to_string(),
        });
    }
    evs
}

/// The index of the first event after `from` matching `f`.
fn find(evs: &[Ev], from: usize, f: impl Fn(&Ev) -> bool) -> Option<usize> {
    evs.iter().skip(from + 1).position(f).map(|i| i + from + 1)
}

/// `what` at `at` must be followed, in the same process, by an fsync of a
/// directory ending in `dir`, before the event `before` matches (or, with
/// no such event, at all).
fn synced(
    evs: &[Ev],
    at: usize,
    dir: &str,
    before: impl Fn(&Ev) -> bool,
    what: &str,
) -> Result<(), String> {
    let pid = evs[at].pid;
    let f = find(evs, at, |e| e.pid == pid && e.is_fsync_of(dir));
    let b = find(evs, at, before);
    match (f, b) {
        (Some(f), Some(b)) if f < b => Ok(()),
        (Some(_), None) => Ok(()),
        (_, Some(b)) => Err(format!(
            "{what}: no fsync of {dir} before {:?}",
            evs[b].name.clone() + "(" + &evs[b].args + ")"
        )),
        (None, None) => Err(format!("{what}: no fsync of {dir} afterwards")),
    }
}

fn exit0(pid: u32) -> impl Fn(&Ev) -> bool {
    move |e| e.pid == pid && e.name == "exit_group"
}

/// Splits `a/b/c` into (`a/b`, `c`).
fn dir_base(p: &str) -> (&str, &str) {
    p.rsplit_once('/').unwrap_or((".", p))
}

fn check(text: &str) -> Result<String, String> {
    let evs = parse(text);
    let mut n = HashMap::<&str, usize>::new();
    for (i, e) in evs.iter().enumerate() {
        let p = e.paths();
        if (e.name == "link" || e.name == "linkat") && e.ok() && p.len() == 2 {
            let (from, to) = (p[0], p[1]);
            let what = format!("link {from} -> {to}");
            if to.starts_with("todo/") {
                synced(&evs, i, "/queue/todo", exit0(e.pid), &what)?;
                *n.entry("todo link").or_default() += 1;
            } else if to.starts_with("mess/") {
                let (d, _) = dir_base(to);
                let pid = e.pid;
                synced(
                    &evs,
                    i,
                    &format!("/queue/{d}"),
                    move |x| {
                        x.pid == pid
                            && (x.name == "link" || x.name == "linkat")
                            && x.paths().last().is_some_and(|t| t.starts_with("todo/"))
                    },
                    &what,
                )?;
                *n.entry("mess link").or_default() += 1;
            } else if from.starts_with("tmp/") && to.starts_with("new/") {
                synced(&evs, i, "/Maildir/new", exit0(e.pid), &what)?;
                *n.entry("maildir link").or_default() += 1;
            }
        }
        if e.name == "fsync" && e.ok() && e.fd_path().ends_with("/Mailbox") {
            let home = dir_base(e.fd_path()).0.to_string();
            synced(&evs, i, &home, exit0(e.pid), "mbox append")?;
            *n.entry("mbox append").or_default() += 1;
        }
        if (e.name == "openat" || e.name == "open") && e.ok() && e.args.contains("O_EXCL") {
            if let Some(p) = p.last() {
                let (d, id) = dir_base(p);
                let chan = d.split('/').next().unwrap_or("");
                if matches!(chan, "info" | "local" | "remote") && !id.is_empty() {
                    let todo = format!("todo/{id}");
                    synced(
                        &evs,
                        i,
                        &format!("/queue/{d}"),
                        |x| x.removes(&todo),
                        &format!("create {p}"),
                    )?;
                    *n.entry("split file").or_default() += 1;
                }
            }
        }
        if (e.name == "unlink" || e.name == "unlinkat") && e.ok() {
            if let Some(p) = p.last() {
                let (d, id) = dir_base(p);
                let chan = d.split('/').next().unwrap_or("");
                let s = dir_base(d).1;
                let what = format!("unlink {p}");
                match chan {
                    "local" | "remote" => {
                        let info = format!("info/{s}/{id}");
                        synced(&evs, i, &format!("/queue/{d}"), |x| x.removes(&info), &what)?;
                        *n.entry("channel unlink").or_default() += 1;
                    }
                    "info" => {
                        let mess = format!("mess/{s}/{id}");
                        synced(&evs, i, &format!("/queue/{d}"), |x| x.removes(&mess), &what)?;
                        *n.entry("info unlink").or_default() += 1;
                    }
                    "bounce" => {
                        synced(&evs, i, "/queue/bounce", |_| false, &what)?;
                        *n.entry("bounce unlink").or_default() += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    // Two injections, the forward and the bounce: 4 messages through
    // qmail-queue; 3 Maildir deliveries (forward, bounce forwarded... at
    // least one), one mbox append per message to joe.
    let need = [
        ("todo link", 4),
        ("mess link", 4),
        ("maildir link", 1),
        ("mbox append", 2),
        ("split file", 8),
        ("channel unlink", 4),
        ("info unlink", 4),
        ("bounce unlink", 1),
    ];
    let mut summary = Vec::new();
    for (k, min) in need {
        let got = n.get(k).copied().unwrap_or(0);
        if got < min {
            return Err(format!("saw {got} {k} (want at least {min})"));
        }
        summary.push(format!("{k} {got}"));
    }
    Ok(summary.join(", "))
}
