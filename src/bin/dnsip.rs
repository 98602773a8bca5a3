//! dnsip: the addresses of a name (net::dns::ip), one per line. Built by
//! stock but not installed.
//!
//! Exit codes: 100 no argument (nothing printed) or `hard error`; 111
//! `soft error` or `out of memory`; 0 the addresses printed (none when the
//! answer held no A record).
#![cfg_attr(not(test), no_main)]

use qmail::base::ip;
use qmail::base::substdio::Out;
use qmail::net::dns;

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    let Some(arg) = args.get(1) else { return 100 };
    dns::init(false);
    let mut list = Vec::new();
    if let Err(e) = dns::ip(&mut list, arg) {
        let (msg, code) = dns::doe(e);
        let _ = Out::fd(2, 256).putflush(msg);
        return code;
    }
    let mut out = Out::fd(1, 1024);
    for ix in &list {
        let _ = out.put(&ip::fmt(&ix.ip));
        let _ = out.putflush(b"\n");
    }
    0
}
