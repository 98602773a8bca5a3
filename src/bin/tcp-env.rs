//! tcp-env: runs a program with the TCP environment of the connection on
//! fd 0, for servers started by inetd-like launchers.
//!
//! Usage: `tcp-env [-rR] [-t TIMEOUT] program [arg...]`. `-R` skips the
//! ident question, `-r` (the default) asks it, `-t` is its time limit in
//! seconds (default 30); unknown options are ignored.
//!
//! Unless PROTO is already `TCP` (then nothing is looked at), sets PROTO=TCP,
//! TCPLOCALPORT, TCPLOCALIP, TCPREMOTEPORT, TCPREMOTEIP from getsockname and
//! getpeername of fd 0; TCPLOCALHOST and TCPREMOTEHOST to the addresses' PTR
//! names in lower case (`softdnserror` when the lookup failed for now,
//! removed when there is no name); TCPREMOTEINFO to the ident answer
//! (net::remoteinfo), removed first and left out without an answer. The
//! environment changes the way stock's env library changes it (base::env),
//! which decides the order the program sees. SIGPIPE is ignored while
//! tcp-env works and set back to default for the program.
//!
//! Exit codes: 111 (silently) when there is no program, fd 0 is not a
//! socket or has no peer, memory runs out, or the program cannot be run;
//! otherwise the program's.
#![cfg_attr(not(test), no_main)]

use qmail::base::env::Env;
use qmail::base::fmt;
use qmail::base::getopt::Getopt;
use qmail::base::ip::{self, IpAddress};
use qmail::net::{dns, remoteinfo};
use qmail::sys::{self, proc};

qmail::entry!(run);

// Protocol ending: tcp-env never writes anything; every failure is the
// bare exit code 111, which a launcher logs as such.
const DIE: i32 = 111;

/// The PTR name of `ip` as tcp-env puts it: Ok(Some(name)) to set,
/// Ok(None) to remove, Err on memory.
fn host_name(ip: &IpAddress) -> Result<Option<Vec<u8>>, ()> {
    let mut name = Vec::new();
    match dns::ptr(&mut name, ip) {
        Err(dns::DnsError::Mem) => Err(()),
        Err(dns::DnsError::Hard) => Ok(None),
        Err(dns::DnsError::Soft) => Ok(Some(b"softdnserror".to_vec())),
        Ok(()) => {
            if let Some(n) = name.iter().position(|&c| c == 0) {
                name.truncate(n);
            }
            name.make_ascii_lowercase();
            Ok(Some(name))
        }
    }
}

fn set_host(env: &mut Env, var: &[u8], ip: &IpAddress) -> Result<(), ()> {
    match host_name(ip)? {
        Some(name) => env.put2(var, &name),
        None => env.unset(var),
    }
    Ok(())
}

/// Fills in the TCP variables; Err means exit 111.
fn tcp_vars(env: &mut Env, flagremoteinfo: bool, timeout: u64) -> Result<(), ()> {
    env.put2(b"PROTO", b"TCP");

    let (lip, lport) = sys::sock::sock_address(0, false).map_err(|_| ())?;
    let iplocal = IpAddress(lip);
    env.put2(b"TCPLOCALPORT", &fmt::ulong(u64::from(lport)));
    env.put2(b"TCPLOCALIP", &ip::fmt(&iplocal));
    set_host(env, b"TCPLOCALHOST", &iplocal)?;

    let (rip, rport) = sys::sock::sock_address(0, true).map_err(|_| ())?;
    let ipremote = IpAddress(rip);
    env.put2(b"TCPREMOTEPORT", &fmt::ulong(u64::from(rport)));
    env.put2(b"TCPREMOTEIP", &ip::fmt(&ipremote));
    set_host(env, b"TCPREMOTEHOST", &ipremote)?;

    env.unset(b"TCPREMOTEINFO");
    if flagremoteinfo {
        // Stock hands the limit on as a C int.
        let t = timeout as i32;
        let info = remoteinfo::get(&ipremote, u64::from(rport), &iplocal, u64::from(lport), t);
        if let Some(info) = info {
            env.put2(b"TCPREMOTEINFO", &info);
        }
    }
    Ok(())
}

fn run(args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_ignore(libc::SIGPIPE);

    let mut flagremoteinfo = true;
    let mut timeout: u64 = 30;
    let mut g = Getopt::new();
    while let Some((opt, val)) = g.sub(&args, b"rRt:") {
        match opt {
            b'r' => flagremoteinfo = true,
            b'R' => flagremoteinfo = false,
            b't' => timeout = fmt::scan_ulong(val.unwrap_or(b"")).0,
            _ => {}
        }
    }
    let prog: Vec<&[u8]> = args
        .get(g.ind..)
        .unwrap_or(&[])
        .iter()
        .map(|a| &a[..])
        .collect();
    if prog.is_empty() {
        return DIE;
    }

    let mut env = Env::from_process();
    if env.get(b"PROTO") != Some(b"TCP") && tcp_vars(&mut env, flagremoteinfo, timeout).is_err() {
        return DIE;
    }

    let _ = proc::sig_default(libc::SIGPIPE);
    proc::exec_env(prog[0], &prog, env.entries());
    DIE
}
