//! qmail-qmtpd: receives mail by QMTP on fd 0/fd 1 (run by tcpserver) and
//! hands each message to qmail-queue.
//!
//! Each message is three netstrings: the message (its first byte says LF
//! or CRLF lines), the sender, the recipient list (netstrings inside one).
//! The answer is one netstring per recipient: `K...` taken, `D...`
//! refused, `Z...` try later. Environment and controls as qmail-smtpd's:
//! TCPREMOTEHOST, TCPREMOTEINFO, TCPREMOTEIP, TCPLOCALHOST/TCPLOCALIP,
//! RELAYCLIENT, DATABYTES; rcpthosts, morercpthosts.cdb, databytes.
//!
//! Exit codes: 0 the client closed the connection (or a write failed);
//! 100 a protocol violation; 111 controls unreadable, no queue, a length
//! over 200000000, or an hour gone by.
#![cfg_attr(not(test), no_main)]

use qmail::base::control::Control;
use qmail::base::substdio::{GoneOnFail, In, Out, ReadOp};
use qmail::conf::AUTO_QMAIL;
use qmail::net::netstring::{Qmtp, Stop};
use qmail::net::smtpd::RcptHosts;
use qmail::queue::qmail::Qmail;
use qmail::sys::{self, proc};

qmail::entry!(run);

// Protocol endings: qmail-qmtpd answers each message with a netstring on
// fd 1 and never writes to fd 2. A client that breaks the protocol ends it
// with exit 100, a lack of resources with 111, a client that has gone
// (GoneOnFail) with 0 (net::netstring::Stop::exit_code); none of these is
// a strerr Die.

/// Out of memory or the like: the session cannot go on.
fn resources() -> ! {
    sys::exit(111)
}

/// fd 0: pending answers go out first; end of input ends the session.
struct SafeRead {
    out: Out<GoneOnFail>,
}
impl ReadOp for SafeRead {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        let _ = self.out.flush();
        GoneOnFail(0).read(buf)
    }
}

/// Ends the session the way a netstring reader stopped.
fn stop(s: Stop) -> ! {
    sys::exit(s.exit_code())
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let _ = proc::sig_catch_exit(libc::SIGALRM, 111);
    proc::alarm(3600);
    if sys::chdir(AUTO_QMAIL).is_err() {
        resources();
    }
    let mut ctl = Control::new();
    if ctl.init().is_err() {
        resources();
    }
    let Ok(rcpthosts) = RcptHosts::init(&ctl) else {
        resources()
    };
    let relayclient = sys::env_get(b"RELAYCLIENT");
    let mut databytes = match qmail::base::control::readint(b"control/databytes") {
        Ok(v) => v.unwrap_or(0) as u32,
        Err(_) => resources(),
    };
    if let Some(x) = sys::env_get(b"DATABYTES") {
        databytes = qmail::base::fmt::scan_ulong(&x).0 as u32;
    }
    let qmtp = Qmtp::new(databytes, relayclient);
    let env = |k: &[u8]| sys::env_get(k);
    let remotehost = env(b"TCPREMOTEHOST").unwrap_or_else(|| b"unknown".to_vec());
    let remoteinfo = env(b"TCPREMOTEINFO");
    let remoteip = env(b"TCPREMOTEIP").unwrap_or_else(|| b"unknown".to_vec());
    let local = env(b"TCPLOCALHOST")
        .or_else(|| env(b"TCPLOCALIP"))
        .unwrap_or_else(|| b"unknown".to_vec());

    let mut io = In::new(
        SafeRead {
            out: Out::new(GoneOnFail(1), 256),
        },
        512,
    );
    loop {
        let len = Qmtp::length(&mut io).unwrap_or_else(|e| stop(e));
        let Ok(mut qq) = Qmail::open() else {
            resources()
        };
        let qp = qq.qp();
        let dos = Qmtp::dos(&mut io).unwrap_or_else(|e| stop(e));
        qq.put(&qmail::net::received::received(
            b"QMTP",
            &local,
            &remoteip,
            &remotehost,
            remoteinfo.as_deref(),
            None,
            &qmail::base::datetime::tai(sys::now()),
        ));
        let allowed = |addr: &[u8]| rcpthosts.allowed(addr).map_err(|_| Stop::Resources);
        let message = qmtp
            .rest(&mut io, len - 1, dos, &mut qq, allowed)
            .unwrap_or_else(|e| stop(e));
        if !message.bother() {
            qq.fail();
        }
        let closed = match qq.close() {
            Err(r) => r.0.to_vec(),
            Ok(()) => [&b"K"[..], &qmail::queue::qmail::accepted(qp)].concat(),
        };
        let answers = message.answers(&message.result(closed));
        // Flushed by SafeRead before the next read.
        let _ = io.op().out.put(&answers);
    }
}
