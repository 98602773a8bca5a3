//! dnsfq: a host's fully qualified name the way the resolver sees it: the
//! first address of the name, looked up with the resolv.conf search list,
//! then that address's PTR name. Built by stock but not installed.
//!
//! Exit codes: 100 no argument (nothing printed), `hard error` or `no IP
//! addresses`; 111 `soft error` or `out of memory`; 0 the name printed.
#![cfg_attr(not(test), no_main)]

use qmail::base::substdio::Out;
use qmail::net::dns;

qmail::entry!(run);

fn fail(msg: &[u8], code: i32) -> i32 {
    let _ = Out::fd(2, 256).putflush(msg);
    code
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    let Some(arg) = args.get(1) else { return 100 };
    dns::init(true);
    let mut list = Vec::new();
    if let Err(e) = dns::ip(&mut list, arg) {
        let (msg, code) = dns::doe(e);
        return fail(msg, code);
    }
    let Some(first) = list.first() else {
        return fail(b"no IP addresses\n", 100);
    };
    let mut name = Vec::new();
    if let Err(e) = dns::ptr(&mut name, &first.ip) {
        let (msg, code) = dns::doe(e);
        return fail(msg, code);
    }
    let mut out = Out::fd(1, 1024);
    let _ = out.putflush(&name);
    let _ = out.putflush(b"\n");
    0
}
