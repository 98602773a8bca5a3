//! qmail-getpw: tells qmail-lspawn which account receives a local part.
//!
//! argv: LOCAL (the local part, already lowercased or not). Output on fd 1:
//! name, uid, gid, home, dash and extension, each ended by a NUL (the
//! `getpw` module has the search). Exit codes: 0 answered (a failing write
//! is not reported: qmail-lspawn notices the short answer); 100 no LOCAL;
//! 115 a home directory's stat failed temporarily; 116 no alias account;
//! 118 the password lookup failed with ETXTBSY.
#![cfg_attr(not(test), no_main)]

mod getpw;

use getpw::Found;
use qmail::base::substdio::Out;
use qmail::conf::{AUTO_BREAK, AUTO_USERA};
use qmail::queue::qlx;
use qmail::sys::{self, pw};

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    let Some(local) = args.get(1) else {
        return 100; // stock's own code here, not QLX_USAGE
    };
    let brk = AUTO_BREAK.first().copied().unwrap_or(0);
    let found = match getpw::userext(local, brk, pw::getpwnam, |dir| {
        sys::stat(dir).map(|st| st.uid)
    }) {
        Ok(Some(f)) => f,
        Ok(None) => match pw::getpwnam(AUTO_USERA).0 {
            Some(alias) => Found {
                pw: alias,
                dash: b"-",
                ext: local.clone(),
            },
            None => return qlx::NOALIAS,
        },
        Err(code) => return code,
    };
    let mut out = Out::fd(1, 256);
    let _ = out.put(&getpw::answer(&found));
    let _ = out.flush();
    0
}
