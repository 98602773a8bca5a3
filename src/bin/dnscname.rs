//! dnscname: follows the CNAME records of a name (net::dns::cname) and
//! prints where they end. Built by stock but not installed.
//!
//! Exit codes: 100 no argument (nothing printed) or `hard error` (an alias
//! loop); 111 `soft error` or `out of memory`; 0 the name printed.
#![cfg_attr(not(test), no_main)]

use qmail::base::substdio::Out;
use qmail::net::dns;

qmail::entry!(run);

fn run(args: Vec<Vec<u8>>) -> i32 {
    let Some(arg) = args.get(1) else { return 100 };
    let mut name = arg.clone();
    dns::init(false);
    if let Err(e) = dns::cname(&mut name) {
        let (msg, code) = dns::doe(e);
        let _ = Out::fd(2, 256).putflush(msg);
        return code;
    }
    let mut out = Out::fd(1, 1024);
    let _ = out.putflush(&name);
    let _ = out.putflush(b"\n");
    0
}
