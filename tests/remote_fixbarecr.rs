//! qmail-remote's opt-in bare-CR fix (control/fixbarecr, docs/DEVIATIONS.md),
//! which the golden cases cannot show (stock has no such option): the case
//! tests/data/remote-fixbarecr sends the SMTP smuggling patterns twice to
//! the recording sink, without and with the option, and the bytes the sink
//! received are checked here.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The bytes the sink received in each run: (default, fixbarecr), and the
/// case's stdout.
fn run_case() -> (Vec<u8>, Vec<u8>, String) {
    let top = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch: PathBuf =
        std::env::temp_dir().join(format!("remote-fixbarecr-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let bindir = scratch.join("bin");
    std::fs::create_dir_all(&bindir).unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_qmail-remote"),
        bindir.join("qmail-remote"),
    )
    .unwrap();
    let out = scratch.join("out");
    let st = Command::new(top.join("tests/harness/run-case"))
        .arg(top.join("tests/data/remote-fixbarecr"))
        .arg(&bindir)
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success(), "run-case: {st}");
    let read = |p: &str| std::fs::read(out.join(p)).unwrap();
    let r = (
        read("out/default.received"),
        read("out/fixbarecr.received"),
        String::from_utf8_lossy(&read("stdout")).into_owned(),
    );
    let _ = std::fs::remove_dir_all(&scratch);
    r
}

const HEAD: &[u8] = b"HELO golden.example\r\nMAIL FROM:<joe@golden.example>\r\n\
RCPT TO:<ann@remote.example>\r\nDATA\r\n";

fn dialogue(body: &[u8]) -> Vec<u8> {
    [HEAD, body, b".\r\nQUIT\r\n"].concat()
}

/// The CRLF-separated lines of the DATA part, up to the first "." line.
fn data_lines(got: &[u8]) -> Vec<&[u8]> {
    let data = &got[HEAD.len()..];
    let mut lines = Vec::new();
    for l in data.split(|&c| c == b'\n') {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        if l == b"." {
            break;
        }
        lines.push(l);
    }
    lines
}

#[test]
fn bare_cr_is_sent_as_is_by_default_and_fixed_on_request() {
    let (default, fixed, stdout) = run_case();
    assert_eq!(
        stdout.matches("K127.0.0.1 accepted message.").count(),
        2,
        "{stdout}"
    );
    // stock's bytes: bare CRs go out untouched, only LF line starts are
    // stuffed; a peer that takes a bare CR as a line end sees "." lines in
    // the middle (x\r.\r\n, \r.\r\n).
    assert_eq!(
        String::from_utf8_lossy(&default),
        String::from_utf8_lossy(&dialogue(
            b"x\r.\r\nx\r..\r\n\r.\r\n..\r\r\na\r\n..\r\nMAIL FROM:<x>\r\n"
        ))
    );
    // with control/fixbarecr: every CR ends a line (CR LF once), and every
    // line start is stuffed, so no line of the message is a lone dot
    assert_eq!(
        String::from_utf8_lossy(&fixed),
        String::from_utf8_lossy(&dialogue(
            b"x\r\n..\r\nx\r\n...\r\n\r\n..\r\n..\r\na\r\n..\r\nMAIL FROM:<x>\r\n"
        ))
    );
    assert!(!fixed[HEAD.len()..fixed.len() - 2]
        .windows(2)
        .any(|w| w[0] == b'\r' && w[1] != b'\n'));
    let lines = data_lines(&fixed);
    assert_eq!(lines.len(), 10);
    assert!(lines
        .iter()
        .all(|l| l.first() != Some(&b'.') || l.starts_with(b"..")));
}
