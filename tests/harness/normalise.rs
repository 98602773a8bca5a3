//! The one place that decides what may differ between two runs of the same
//! case: everything a run captured (see run-case) is loaded into named parts,
//! and only the rules below rewrite them before comparison. Both sides go
//! through the same rules, so the recorded C output stays raw on disk.
//!
//! Rules (each has a test in tests/normalise.rs):
//! - queue message numbers (inode numbers): numbered MSG1, MSG2, ... in the
//!   order the messages were created (the `order` file, for message files
//!   named after their own inode, i.e. made by qmail-queue; then `msg N` in
//!   logs); files a case created under fixed names keep them. Replaced
//!   wherever the number
//!   appears as a whole number. A split subdirectory becomes `S`, but only
//!   when it is the right one for the number (number % 23), so a wrong
//!   subdirectory still shows.
//! - queue/pid/<pid>.<time>.<seq> becomes queue/pid/PID.TIME.<seq>.
//! - the pid line of an intd/todo envelope (`u0\0p123\0` at its start):
//!   `u0\0pPID\0`.
//! - RFC 822 dates (`[Day, ]23 Nov 2026 06:54:51 -0000|GMT|+hhmm`): DATE.
//! - ctime dates (`Mon Nov 23 06:54:51 2026`): CTIME.
//! - pids in `qmail 123 invoked`, `qp 123` and `qp_123` (delivery reports): PID.
//! - Message-ID time and pid (`20261123065451.123.qmail@`): TIME.PID.qmail@.
//! - Maildir file names `1795000000.123.`: TIME.PID.
//! - the unix time in qmail-smtpd's acceptance (`250 ok 1795000000 qp 12`):
//!   `250 ok TIME qp PID`; qmail-qmtpd's netstring answer
//!   (`25:Kok 1795000000 qp 12,`): `N:Kok TIME qp PID,`.
//!
//! - a message number used twice in one log (`new msg N` twice: the file
//!   system gave a new message the inode of one removed before it): each
//!   `new msg N` begins a new message, so the lines before the last one
//!   are numbered as another message, as if the inode had not come back.
//!   Whether an inode comes back is up to the file system, not the programs.
//!
//! - the daemon set's log (`out/log`, written by lib.sh's qmail_start) is
//!   regrouped by thread: status lines, then each message's lines (its
//!   deliveries' results included) in message order, each group in its
//!   original order. Only the interleaving between messages is timing.
//!
//! The host name needs no rule: every run is on golden.example.

use regex::bytes::{Captures, Regex};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// conf-split of both builds under test.
pub const SPLIT: u64 = 23;

/// A captured run: part name (rc, stdout, stderr, tree, files/PATH,
/// out/NAME) to bytes, plus the creation order of queue messages.
#[derive(Debug, Default, Clone)]
pub struct Run {
    pub parts: BTreeMap<String, Vec<u8>>,
    pub order: Vec<u8>,
}

fn walk(base: &Path, dir: &Path, prefix: &str, parts: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        let rel = p.strip_prefix(base).unwrap_or(&p).display().to_string();
        if p.is_dir() {
            walk(base, &p, prefix, parts);
        } else if let Ok(b) = fs::read(&p) {
            parts.insert(format!("{prefix}{rel}"), b);
        }
    }
}

/// Loads what run-case wrote into `dir`.
pub fn load(dir: &Path) -> Run {
    let mut parts = BTreeMap::new();
    for p in ["rc", "stdout", "stderr", "tree"] {
        parts.insert(p.to_string(), fs::read(dir.join(p)).unwrap_or_default());
    }
    // files/ holds paths starting with "./"; keep them as the tree shows them
    walk(
        &dir.join("files"),
        &dir.join("files"),
        "files/./",
        &mut parts,
    );
    walk(&dir.join("out"), &dir.join("out"), "out/", &mut parts);
    Run {
        parts,
        order: fs::read(dir.join("order")).unwrap_or_default(),
    }
}

fn re(s: &str) -> Regex {
    // the patterns are constants checked by the tests
    #[allow(clippy::unwrap_used)]
    Regex::new(s).unwrap()
}

struct Rules {
    queue_split: Regex,
    pidfile: Regex,
    envpid: Regex,
    logmsg: Regex,
    newmsg: Regex,
    rfc822: Regex,
    ctime: Regex,
    invoked: Regex,
    qp: Regex,
    msgid: Regex,
    maildir: Regex,
    accepted: Regex,
    qmtp_ok: Regex,
}

fn rules() -> Rules {
    const MON: &str = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
    const DAY: &str = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
    Rules {
        queue_split: re(r"queue/(mess|info|local|remote)/(\d+)/(\d+)"),
        pidfile: re(r"queue/pid/\d+\.\d+\.(\d+)"),
        envpid: re(r"\A(u\d+\x00)p\d+\x00"),
        logmsg: re(r"\bmsg (\d+)"),
        newmsg: re(r"\bnew msg (\d+)\b"),
        rfc822: re(&format!(
            r"(?:{DAY}, )?\b\d{{1,2}} {MON} \d{{4}} \d\d:\d\d:\d\d (?:[+-]\d{{4}}|GMT)"
        )),
        ctime: re(&format!(r"{DAY} {MON} [ \d]\d \d\d:\d\d:\d\d \d{{4}}")),
        invoked: re(r"qmail \d+ invoked"),
        qp: re(r"\bqp([ _])\d+"),
        msgid: re(r"\b\d{14}\.\d+\.qmail@"),
        maildir: re(r"(^|/|\s)\d{9,10}\.\d+\."),
        accepted: re(r"\b250 ok \d+ qp"),
        qmtp_ok: re(r"\d+:Kok \d+ qp \d+,"),
    }
}

fn num(b: &[u8]) -> Option<u64> {
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// Message numbers in creation order.
fn message_numbers(run: &Run, r: &Rules) -> Vec<u64> {
    let mut seen: Vec<u64> = Vec::new();
    let add = |n: u64, seen: &mut Vec<u64>| {
        if !seen.contains(&n) {
            seen.push(n);
        }
    };
    // `order` lines: mtime, inode, path of each queue/mess file, oldest
    // first. Only a file named after its own inode is one qmail-queue made;
    // files a case put there under fixed names keep their numbers.
    for line in run.order.split(|&c| c == b'\n') {
        let f: Vec<&[u8]> = line.split(|&c| c == b' ').collect();
        if let [_, ino, path] = f[..] {
            if let Some(c) = r.queue_split.captures(path) {
                if let (Some(n), Some(i)) = (num(&c[3]), num(ino)) {
                    if n == i {
                        add(n, &mut seen);
                    }
                }
            }
        }
    }
    for (name, text) in &run.parts {
        if name.starts_with("out/") || name == "stdout" || name == "stderr" {
            for c in r.logmsg.captures_iter(text) {
                if let Some(n) = num(&c[1]) {
                    add(n, &mut seen);
                }
            }
        }
    }
    seen
}

/// A number no queue message has, standing for an earlier message `n` of a
/// log that used `n` again (generation `g`, from 1).
fn reused(n: u64, g: usize) -> u64 {
    1_000_000_000_000_000 + n.saturating_mul(1000) + g as u64
}

/// Rewrites, in each log-like part, the numbers of messages whose inode was
/// used again (see the module comment): with `new msg N` at p1 < p2 < ...
/// < pk, a whole-number N before p2 becomes generation 1, one in [p2, p3)
/// generation 2, and so on; from pk on it stays N (the message the queue and
/// the tree still show).
fn split_reused(run: &Run, r: &Rules) -> Run {
    let mut out = run.clone();
    for (name, text) in out.parts.iter_mut() {
        if !(name.starts_with("out/") || name == "stdout" || name == "stderr") {
            continue;
        }
        let mut starts: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for c in r.newmsg.captures_iter(text) {
            if let (Some(n), Some(m)) = (num(&c[1]), c.get(0)) {
                starts.entry(n).or_default().push(m.start());
            }
        }
        starts.retain(|_, v| v.len() > 1);
        if starts.is_empty() {
            continue;
        }
        let t = map_numbers(text, |at, n| {
            let v = starts.get(&n)?;
            // before the last start: generation 1 + the later starts passed
            (at < v[v.len() - 1]).then(|| {
                let g = v[1..].iter().filter(|&&p| p <= at).count() + 1;
                reused(n, g).to_string().into_bytes()
            })
        });
        *text = t;
    }
    out
}

/// `text` with each whole number (a run of digits) at byte `at` replaced by
/// what `f(at, number)` gives; None (or a number too big) keeps it.
fn map_numbers(text: &[u8], mut f: impl FnMut(usize, u64) -> Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_digit() && (i == 0 || !text[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < text.len() && text[j].is_ascii_digit() {
                j += 1;
            }
            match num(&text[i..j]).and_then(|n| f(i, n)) {
                Some(v) => out.extend_from_slice(&v),
                None => out.extend_from_slice(&text[i..j]),
            }
            i = j;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// Replaces every whole-number occurrence of a message number.
fn replace_numbers(text: &[u8], map: &BTreeMap<u64, usize>) -> Vec<u8> {
    map_numbers(text, |_, n| {
        map.get(&n).map(|k| format!("MSG{k}").into_bytes())
    })
}

fn apply(text: &[u8], map: &BTreeMap<u64, usize>, r: &Rules) -> Vec<u8> {
    // split subdirectories first, while the numbers are still raw
    let t = r.queue_split.replace_all(text, |c: &Captures| {
        let (sub, n) = (num(&c[2]), num(&c[3]));
        match (sub, n) {
            (Some(s), Some(n)) if n % SPLIT == s => {
                let mut v = b"queue/".to_vec();
                v.extend_from_slice(&c[1]);
                v.extend_from_slice(b"/S/");
                v.extend_from_slice(&c[3]);
                v
            }
            _ => c[0].to_vec(),
        }
    });
    let t = replace_numbers(&t, map);
    let t = r.pidfile.replace_all(&t, &b"queue/pid/PID.TIME.${1}"[..]);
    let t = r.envpid.replace_all(&t, &b"${1}pPID\x00"[..]);
    let t = r.rfc822.replace_all(&t, &b"DATE"[..]);
    let t = r.ctime.replace_all(&t, &b"CTIME"[..]);
    let t = r.invoked.replace_all(&t, &b"qmail PID invoked"[..]);
    let t = r.qmtp_ok.replace_all(&t, &b"N:Kok TIME qp PID,"[..]);
    let t = r.accepted.replace_all(&t, &b"250 ok TIME qp"[..]);
    let t = r.qp.replace_all(&t, &b"qp${1}PID"[..]);
    let t = r.msgid.replace_all(&t, &b"TIME.PID.qmail@"[..]);
    let t = r.maildir.replace_all(&t, &b"${1}TIME.PID."[..]);
    t.into_owned()
}

/// The normalised parts of a run, ready to compare. Two parts that become
/// the same name (two Maildir files, say) are told apart by a `~N` suffix
/// given in the order of their normalised contents.
pub fn normalise(run: &Run) -> BTreeMap<String, Vec<u8>> {
    let r = rules();
    let run = &split_reused(run, &r);
    let map: BTreeMap<u64, usize> = message_numbers(run, &r)
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, i + 1))
        .collect();
    let mut named: Vec<(String, Vec<u8>)> = run
        .parts
        .iter()
        .map(|(k, v)| {
            let key = String::from_utf8_lossy(&apply(k.as_bytes(), &map, &r)).into_owned();
            (key, apply(v, &map, &r))
        })
        .collect();
    for (k, v) in named.iter_mut() {
        if k == "out/log" {
            *v = log_threads(v);
        }
    }
    named.sort();
    let mut out = BTreeMap::new();
    for (k, v) in named {
        let mut key = k.clone();
        let mut n = 2;
        while out.contains_key(&key) {
            key = format!("{k}~{n}");
            n += 1;
        }
        out.insert(key, v);
    }
    // a tree listing of two files that normalise alike keeps both lines
    if let Some(tree) = out.get_mut("tree") {
        let body = tree.strip_suffix(b"\n").unwrap_or(tree);
        let mut lines: Vec<&[u8]> = body.split(|&c| c == b'\n').collect();
        lines.sort();
        let mut sorted = lines.join(&b'\n');
        if tree.ends_with(b"\n") {
            sorted.push(b'\n');
        }
        *tree = sorted;
    }
    out
}

/// Regroups a qmail-send log by thread (see the module comment).
fn log_threads(text: &[u8]) -> Vec<u8> {
    let delivery = re(r"^starting delivery (\d+): msg (\S+) ");
    let result = re(r"^delivery (\d+): ");
    let msg = re(r"\bmsg ([^\s:]+)");
    let mut of_delivery: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
    let mut threads: Vec<(Vec<u8>, Vec<&[u8]>)> = vec![(b"status".to_vec(), Vec::new())];
    for line in text.split_inclusive(|&c| c == b'\n') {
        let key = if line.starts_with(b"status:") {
            b"status".to_vec()
        } else if let Some(c) = delivery.captures(line) {
            of_delivery.insert(c[1].to_vec(), c[2].to_vec());
            c[2].to_vec()
        } else if let Some(c) = result.captures(line) {
            of_delivery
                .get(&c[1])
                .cloned()
                .unwrap_or_else(|| c[1].to_vec())
        } else if let Some(c) = msg.captures(line) {
            c[1].to_vec()
        } else {
            b"other".to_vec()
        };
        match threads.iter_mut().find(|t| t.0 == key) {
            Some(t) => t.1.push(line),
            None => threads.push((key, vec![line])),
        }
    }
    threads
        .into_iter()
        .flat_map(|t| t.1)
        .flatten()
        .copied()
        .collect()
}

/// First differing line, shown as a small unified-style excerpt.
pub fn first_diff(want: &[u8], got: &[u8]) -> String {
    let w: Vec<&[u8]> = want.split(|&c| c == b'\n').collect();
    let g: Vec<&[u8]> = got.split(|&c| c == b'\n').collect();
    let show = |x: Option<&&[u8]>| {
        x.map(|x| String::from_utf8_lossy(x).into_owned())
            .unwrap_or("<none>".into())
    };
    for i in 0..w.len().max(g.len()) {
        if w.get(i) != g.get(i) {
            let from = i.saturating_sub(2);
            let mut s = format!("@@ line {} @@\n", i + 1);
            for l in &w[from.min(w.len())..i.min(w.len())] {
                s.push_str(&format!(" {}\n", String::from_utf8_lossy(l)));
            }
            s.push_str(&format!("-{}\n+{}", show(w.get(i)), show(g.get(i))));
            return s;
        }
    }
    "identical lines, different bytes".into()
}

/// Compares two normalised runs; None when they agree, else a report of
/// every differing part with its first difference.
pub fn compare(
    want: &BTreeMap<String, Vec<u8>>,
    got: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    let mut errs = Vec::new();
    for (k, w) in want {
        match got.get(k) {
            None => errs.push(format!("{k}: missing")),
            Some(g) if g != w => errs.push(format!("{k} differs:\n{}", first_diff(w, g))),
            _ => {}
        }
    }
    for k in got.keys() {
        if !want.contains_key(k) {
            errs.push(format!("{k}: unexpected"));
        }
    }
    if errs.is_empty() {
        None
    } else {
        Some(errs.join("\n"))
    }
}
