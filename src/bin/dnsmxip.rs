//! dnsmxip: the addresses a message to a domain would be sent to
//! (net::dns::mxip), each with its MX preference, best first. Built by
//! stock but not installed.
//!
//! The draw among equal preferences is seeded with the time plus the pid,
//! as stock seeds it. When some exchanger could not be looked up for now,
//! the others are printed and the exit code is still 0, as in stock.
//!
//! Exit codes: 100 no argument (nothing printed) or `hard error`; 111
//! `soft error` or `out of memory`; 0 the list printed.
#![cfg_attr(not(test), no_main)]

use qmail::base::fmt;
use qmail::base::ip;
use qmail::base::substdio::Out;
use qmail::net::dns;
use qmail::sys;

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    let Some(arg) = args.get(1) else { return 100 };
    let random = (sys::now() as u64).wrapping_add(sys::getpid() as u64);
    dns::init(false);
    let mut list = Vec::new();
    if let Err(e) = dns::mxip(&mut list, arg, random) {
        let (msg, code) = dns::doe(e);
        let _ = Out::fd(2, 256).putflush(msg);
        return code;
    }
    let mut out = Out::fd(1, 1024);
    for ix in &list {
        let _ = out.put(&ip::fmt(&ix.ip));
        let _ = out.puts(b" ");
        let _ = out.put(&fmt::ulong(ix.pref as u64));
        let _ = out.putflush(b"\n");
    }
    0
}
