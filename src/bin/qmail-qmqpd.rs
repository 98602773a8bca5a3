//! qmail-qmqpd: receives one message by QMQP on fd 0 (run by tcpserver)
//! and hands it to qmail-queue.
//!
//! Input: one netstring holding the message, the sender and the
//! recipients as netstrings. Output: one netstring, `Kok TIME qp PID` or
//! the queue's refusal (`D...`/`Z...`); addresses of 1000 bytes or more or
//! with a NUL make it `Dsorry, I can't accept addresses like that
//! (#5.1.3)`. Environment: TCPREMOTEHOST, TCPREMOTEINFO, TCPREMOTEIP,
//! TCPLOCALHOST/TCPLOCALIP for the Received field.
//!
//! Exit codes: 0 answered, or the client went away; 100 a protocol
//! violation (bad comma, reading past the outer netstring); 111 a length
//! over 200000000, no queue, or an hour gone by.
#![cfg_attr(not(test), no_main)]

use qmail::base::substdio::{GoneOnFail, In, Out};
use qmail::conf::AUTO_QMAIL;
use qmail::net::netstring::{Qmqp, Stop};
use qmail::queue::qmail::Qmail;
use qmail::sys::{self, proc};

qmail::entry!(run);

// Protocol endings: qmail-qmqpd's answer is the netstring on fd 1 and it
// never writes to fd 2. A packet that breaks the framing ends it with exit
// 100, one too large to take with 111, a timeout with 111 (SIGALRM), a
// client that has gone (GoneOnFail) with 0; none of these is a strerr Die.

/// The packet cannot be taken: the session ends.
fn resources() -> ! {
    sys::exit(111)
}

/// Ends the session the way the packet reader stopped.
fn stop(s: Stop) -> ! {
    sys::exit(s.exit_code())
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    let _ = proc::sig_catch_exit(libc::SIGALRM, 111);
    proc::alarm(3600);
    let mut packet = Qmqp::new(In::new(GoneOnFail(0), 512));
    let len = packet.begin().unwrap_or_else(|e| stop(e));
    if sys::chdir(AUTO_QMAIL).is_err() {
        resources();
    }
    let Ok(mut qq) = Qmail::open() else {
        resources()
    };
    let qp = qq.qp();
    let env = |k: &[u8]| sys::env_get(k);
    qq.put(&qmail::net::received::received(
        b"QMQP",
        &env(b"TCPLOCALHOST")
            .or_else(|| env(b"TCPLOCALIP"))
            .unwrap_or_else(|| b"unknown".to_vec()),
        &env(b"TCPREMOTEIP").unwrap_or_else(|| b"unknown".to_vec()),
        &env(b"TCPREMOTEHOST").unwrap_or_else(|| b"unknown".to_vec()),
        env(b"TCPREMOTEINFO").as_deref(),
        None,
        &qmail::base::datetime::tai(sys::now()),
    ));
    let ok = packet.rest(len, &mut qq).unwrap_or_else(|e| stop(e));
    let closed = qq.close();
    let result: Vec<u8> = if !ok {
        b"Dsorry, I can't accept addresses like that (#5.1.3)".to_vec()
    } else {
        match closed {
            Err(r) => r.0.to_vec(),
            Ok(()) => [&b"K"[..], &qmail::queue::qmail::accepted(qp)].concat(),
        }
    };
    let mut out = Out::new(GoneOnFail(1), 256);
    let _ = out.put(&qmail::base::fmt::netstring(&result));
    let _ = out.flush();
    0
}
