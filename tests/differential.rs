//! Differential fuzzing against the C reference (when QMAIL_REF is set;
//! without it there is nothing to compare with and the test says so):
//! random header sets for `qmail-inject -n` (with random QMAILINJECT
//! flags), random .qmail files for `qmail-local -n` and random SMTP
//! sessions for qmail-smtpd are generated from a seed, run through both
//! implementations in tests/data/differential (a golden-style case: private
//! namespaces, a fresh /var/qmail) and their output, error output and exit
//! codes compared, with dates, Message-IDs and the `ok T qp P` of the DATA
//! answer blanked on both sides. Any difference fails, showing the input.
//!
//! DIFF_SEED picks the seed (default 1, so that `make test` tries the same
//! inputs on every run; `DIFF_SEED=time` takes the clock's seconds, for
//! exploring), DIFF_COUNT the number of inputs of each kind (default 60).
//! Needs root.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::case::{copy_dir, run_case, scratch, TOP};
use std::fs;
use std::path::{Path, PathBuf};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const FIELDS: &[&str] = &[
    "To",
    "Cc",
    "Bcc",
    "From",
    "Sender",
    "Reply-To",
    "Return-Path",
    "Resent-To",
    "Resent-Cc",
    "Resent-Bcc",
    "Resent-From",
    "Resent-Sender",
    "Subject",
    "Apparently-To",
    "Mail-Followup-To",
    "Mail-Reply-To",
    "Errors-To",
    "X-Other",
    "Content-Length",
    "to",
    "CC",
];
const TOKENS: &[&str] = &[
    "joe",
    "ann@x.y",
    "\"Q, R\"",
    "<",
    ">",
    "<qr@x.y>",
    "(c)",
    "(a (b) c)",
    ",",
    ";",
    ":",
    "@",
    ".",
    "\\",
    "[1.2.3.4]",
    "group:",
    " ",
    "\t",
    "\n ",
    "@route:",
    "x+",
    "a.b",
    "\"\"",
    "<>",
    "joe@",
    "@golden",
    "%",
    "!",
    "Joe Q. Public",
    "=?x?q?y?=",
];
const FLAGS: &[&str] = &["", "", "c", "s", "f", "i", "r", "m", "cfi", "rs"];

fn inject_input(r: &mut Rng) -> Vec<u8> {
    let mut s = String::from(r.pick(FLAGS));
    s.push('\n');
    for _ in 0..1 + r.below(5) {
        s.push_str(r.pick(FIELDS));
        s.push(':');
        if r.below(3) > 0 {
            s.push(' ');
        }
        for _ in 0..r.below(7) {
            s.push_str(r.pick(TOKENS));
        }
        s.push('\n');
    }
    s.push_str("\nbody\n");
    s.into_bytes()
}

const LINES: &[&str] = &[
    "./Maildir/",
    "./mbox",
    "|echo hi",
    "&fw@x.y",
    "fw2@y",
    "#c",
    "+list",
    "",
    " ",
    "\t",
    "/var/qmail/home/joe/Maildir/",
    "./Maildir",
    "&",
    "|",
    "+",
    "./mbox  ",
    "joe@golden.example\t",
    "&a@b, c@d",
    "#",
    "./x/",
    "-x",
    "@",
    "./Maildir/\t \t",
];

fn local_input(r: &mut Rng) -> Vec<u8> {
    let mut s = String::new();
    for _ in 0..1 + r.below(5) {
        s.push_str(r.pick(LINES));
        s.push('\n');
    }
    if r.below(5) == 0 {
        s.pop();
    }
    s.into_bytes()
}

const COMMANDS: &[&str] = &[
    "HELO x",
    "EHLO y",
    "helo",
    "MAIL FROM:<a@b>",
    "MAIL FROM:<>",
    "mail from: <@r:a@b>",
    "MAIL FROM:a@b",
    "RCPT TO:<joe@golden.example>",
    "RCPT TO:<x@elsewhere>",
    "RCPT TO:joe",
    "rcpt to:<\"q r\"@golden.example>",
    "RCPT TO:<joe@[127.0.0.1]>",
    "RCPT TO:",
    "DATA",
    "RSET",
    "NOOP",
    "VRFY joe",
    "QUIT",
    "HELP",
    "xyzzy",
    "MAIL",
    "RCPT",
    "AUTH x",
    "STARTTLS",
    "",
];
const BODY: &[&str] = &[
    "Subject: x",
    "",
    "text",
    ".",
    "..dot",
    ".x",
    "Received: x",
    "Delivered-To: y",
    "a\rb",
];

fn smtp_input(r: &mut Rng) -> Vec<u8> {
    let mut s = String::new();
    for _ in 0..1 + r.below(10) {
        let c = r.pick(COMMANDS);
        s.push_str(c);
        s.push_str(if r.below(15) == 0 { "\n" } else { "\r\n" });
        if c == "DATA" {
            for _ in 0..r.below(6) {
                s.push_str(r.pick(BODY));
                s.push_str(if r.below(20) == 0 { "\n" } else { "\r\n" });
            }
            if r.below(4) > 0 {
                s.push_str(".\r\n");
            }
        }
    }
    s.into_bytes()
}

/// Runs the case with the programs along `search`; the out/ folder.
fn run(case: &Path, search: &str, tag: &str) -> PathBuf {
    run_case(case, search, "differential", tag).unwrap_or_else(|e| panic!("{tag}: {e}"))
}

fn main() {
    let Ok(r) = std::env::var("QMAIL_REF") else {
        println!("differential: QMAIL_REF is not set, nothing to compare with");
        return;
    };
    let b = std::env::var("QMAIL_REF_BUILD").unwrap_or(format!("{r}/../build"));
    let seed = match std::env::var("DIFF_SEED").ok().as_deref() {
        None => 1,
        Some("time") => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(1),
        Some(s) => s.parse().expect("DIFF_SEED: a number or `time`"),
    };
    let count: usize = std::env::var("DIFF_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let case = scratch("differential", "case");
    copy_dir(&Path::new(TOP).join("tests/data/differential"), &case);
    let mut rng = Rng(seed);
    type Gen = fn(&mut Rng) -> Vec<u8>;
    let kinds: [(&str, Gen); 3] = [
        ("inject", inject_input),
        ("local", local_input),
        ("smtp", smtp_input),
    ];
    for (kind, gen) in kinds {
        let d = case.join("inputs").join(kind);
        fs::create_dir_all(&d).unwrap();
        for i in 0..count {
            fs::write(d.join(format!("{i:04}")), gen(&mut rng)).unwrap();
        }
    }
    let rust_search = Path::new(env!("CARGO_BIN_EXE_hostname"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    let c = run(&case, &format!("{r}/bin:{b}"), "c");
    let rust = run(&case, &rust_search, "rust");
    let mut diffs = 0;
    let mut total = 0;
    for (kind, _) in kinds {
        for i in 0..count {
            let name = format!("{kind}-{i:04}");
            let a = fs::read(c.join("out").join(&name)).unwrap_or_default();
            let z = fs::read(rust.join("out").join(&name)).unwrap_or_default();
            total += 1;
            if a.is_empty() {
                println!("differential: {name}: no output from the C run");
                diffs += 1;
            } else if a != z {
                diffs += 1;
                let input =
                    fs::read(case.join("inputs").join(kind).join(format!("{i:04}"))).unwrap();
                println!(
                    "differential: {name} differs\n--- input\n{}\n--- C\n{}\n--- Rust\n{}",
                    String::from_utf8_lossy(&input),
                    String::from_utf8_lossy(&a),
                    String::from_utf8_lossy(&z)
                );
            }
        }
    }
    for d in [&case, &c, &rust] {
        let _ = fs::remove_dir_all(d);
    }
    println!("differential (seed {seed}): {total} inputs, {diffs} differences");
    if diffs > 0 {
        std::process::exit(1);
    }
}
