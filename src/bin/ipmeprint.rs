//! ipmeprint: lists the addresses qmail considers local (ipme), one per
//! line, starting with 0.0.0.0. Built by stock but not installed.
//!
//! Exit codes: 0 done; 111 `out of memory`; 100 `hard error` (on fd 2).
#![cfg_attr(not(test), no_main)]

use qmail::base::ipme::{self, IfError};
use qmail::base::substdio::Out;

qmail::entry!(run);

fn run(_args: Vec<Vec<u8>>) -> i32 {
    let list = match ipme::ipme() {
        Ok(l) => l,
        Err(IfError::NoMem) => return fail(b"out of memory\n", 111),
        Err(IfError::Hard(_)) => return fail(b"hard error\n", 100),
    };
    let mut out = Out::fd(1, 8192);
    for ip in &list {
        let _ = out.put(&qmail::base::ip::fmt(ip));
        let _ = out.puts(b"\n");
    }
    let _ = out.flush();
    0
}

fn fail(msg: &[u8], code: i32) -> i32 {
    let _ = Out::fd(2, 256).putflush(msg);
    code
}
