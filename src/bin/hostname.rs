//! hostname: prints the machine's name, as stock's build-time helper does
//! for `config`.
//!
//! argv: ignored. Output: the name (at most 255 bytes, up to the first NUL)
//! and a newline on fd 1 through a 256-byte buffer. Errors are ignored: a
//! failing gethostname prints an empty line. Exit code: always 0.
#![cfg_attr(not(test), no_main)]

use qmail::base::substdio::Out;
use qmail::sys;

qmail::entry!(run);

fn run(_args: Vec<Vec<u8>>) -> i32 {
    let mut host = sys::gethostname(256).unwrap_or_default();
    host.truncate(255);
    let len = host.iter().position(|&c| c == 0).unwrap_or(host.len());
    let mut out = Out::fd(1, 256);
    let _ = out.puts(&host[..len]);
    let _ = out.puts(b"\n");
    let _ = out.flush();
    0
}
