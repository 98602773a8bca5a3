//! qmail-smtpd's memory limits (docs/DEVIATIONS.md #6), which the golden
//! cases cannot show (stock has none): a command line over 1 MiB gets
//! stock's out-of-memory answer and exit 1; one just under the limit is
//! still read and answered normally.

#![allow(clippy::unwrap_used)]

use assert_cmd::assert::{Assert, OutputAssertExt};
use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

/// One SMTP session on qmail-smtpd in a private namespace; the home is
/// removed before the outcome is judged.
fn session(input: Vec<u8>) -> Assert {
    let top = env!("CARGO_MANIFEST_DIR");
    let home = std::env::temp_dir().join(format!(
        "smtpd-limits-{}-{}",
        std::process::id(),
        input.len()
    ));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join("control")).unwrap();
    std::fs::write(home.join("control/me"), "golden.example\n").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_qmail-smtpd"));
    let out = Command::new(format!("{top}/tests/harness/qmail-ns.sh"))
        .arg(&home)
        .arg(bin)
        .write_stdin(input)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&home);
    out.assert()
}

#[test]
fn a_command_line_over_one_mib_is_out_of_memory() {
    let mut line = b"NOOP ".to_vec();
    line.resize((1 << 20) + 10, b'x');
    line.extend_from_slice(b"\r\nQUIT\r\n");
    session(line).code(1).stdout(predicate::eq(
        &b"220 golden.example ESMTP\r\n421 out of memory (#4.3.0)\r\n"[..],
    ));
}

#[test]
fn a_long_line_under_the_limit_is_answered() {
    let mut line = b"NOOP ".to_vec();
    line.resize((1 << 20) - 10, b'x');
    line.extend_from_slice(b"\r\nQUIT\r\n");
    session(line).success().stdout(predicate::eq(
        &b"220 golden.example ESMTP\r\n250 ok\r\n221 golden.example\r\n"[..],
    ));
}
