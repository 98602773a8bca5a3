//! dnsptr: the first PTR name of an address (net::dns::ptr). Built by
//! stock but not installed.
//!
//! The argument is read like stock's ip_scan into an address that starts
//! as 0.0.0.0 and is not checked: the numbers before a syntax error stay
//! (`1.2.x` asks for 1.2.0.0), and text after the fourth is ignored.
//!
//! Exit codes: 100 no argument (nothing printed) or `hard error`; 111
//! `soft error` or `out of memory`; 0 the name printed.
#![cfg_attr(not(test), no_main)]

use qmail::base::fmt;
use qmail::base::ip::IpAddress;
use qmail::base::substdio::Out;
use qmail::net::dns;

qmail::entry!(run);

/// ip_scan's effect on an address it fills in place, failure or not.
fn scan_into(s: &[u8], ip: &mut IpAddress) {
    let mut at = 0;
    for k in 0..4 {
        if k > 0 {
            if s.get(at) != Some(&b'.') {
                return;
            }
            at += 1;
        }
        let (u, n) = fmt::scan_ulong(&s[at..]);
        if n == 0 {
            return;
        }
        ip.0[k] = u as u8;
        at += n;
    }
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    let Some(arg) = args.get(1) else { return 100 };
    let mut ip = IpAddress::default();
    scan_into(arg, &mut ip);
    dns::init(false);
    let mut name = Vec::new();
    if let Err(e) = dns::ptr(&mut name, &ip) {
        let (msg, code) = dns::doe(e);
        let _ = Out::fd(2, 256).putflush(msg);
        return code;
    }
    let mut out = Out::fd(1, 1024);
    let _ = out.putflush(&name);
    let _ = out.putflush(b"\n");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_addresses_keep_their_numbers() {
        let scan = |s: &[u8]| {
            let mut ip = IpAddress::default();
            scan_into(s, &mut ip);
            ip.0
        };
        assert_eq!(scan(b"1.2.3.4"), [1, 2, 3, 4]);
        assert_eq!(scan(b"1.2.x"), [1, 2, 0, 0]);
        assert_eq!(scan(b"300.2.3.4.5"), [44, 2, 3, 4]);
        assert_eq!(scan(b"x"), [0, 0, 0, 0]);
        assert_eq!(scan(b""), [0, 0, 0, 0]);
    }
}
