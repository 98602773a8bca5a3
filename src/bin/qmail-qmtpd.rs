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
use qmail::net::smtpd::RcptHosts;
use qmail::queue::qmail::Qmail;
use qmail::sys::{self, proc};

qmail::entry!(run);

// Protocol endings: qmail-qmtpd answers each message with a netstring on
// fd 1 and never writes to fd 2. A client that breaks the protocol ends it
// with exit 100, a lack of resources with 111, a client that has gone
// (GoneOnFail) with 0; none of these is a strerr Die.

/// The client broke QMTP's framing.
fn badproto() -> ! {
    sys::exit(100)
}
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

type Io = In<SafeRead>;

fn get(io: &mut Io) -> u8 {
    let mut c = [0u8; 1];
    let _ = io.get(&mut c);
    c[0]
}

/// One digit more of a netstring length, as the C computes it (any byte
/// counts, as its distance from '0').
fn more(len: u64, ch: u8) -> u64 {
    len.wrapping_mul(10)
        .wrapping_add((i64::from(ch as i8) - 48) as u64)
}

fn getlen(io: &mut Io) -> u64 {
    let mut len = 0u64;
    loop {
        let ch = get(io);
        if ch == b':' {
            return len;
        }
        if len > 200_000_000 {
            resources();
        }
        len = more(len, ch);
    }
}

fn getcomma(io: &mut Io) {
    if get(io) != b',' {
        badproto();
    }
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
    let relaylen = relayclient.as_ref().map_or(0, |r| r.len() as u64);
    let mut databytes = match qmail::base::control::readint(b"control/databytes") {
        Ok(v) => v.unwrap_or(0) as u32,
        Err(_) => resources(),
    };
    if let Some(x) = sys::env_get(b"DATABYTES") {
        databytes = qmail::base::fmt::scan_ulong(&x).0 as u32;
    }
    if databytes == u32::MAX {
        databytes -= 1;
    }
    let env = |k: &[u8]| sys::env_get(k);
    let remotehost = env(b"TCPREMOTEHOST").unwrap_or_else(|| b"unknown".to_vec());
    let remoteinfo = env(b"TCPREMOTEINFO");
    let remoteip = env(b"TCPREMOTEIP").unwrap_or_else(|| b"unknown".to_vec());
    let local = env(b"TCPLOCALHOST")
        .or_else(|| env(b"TCPLOCALIP"))
        .unwrap_or_else(|| b"unknown".to_vec());

    let mut io: Io = In::new(
        SafeRead {
            out: Out::new(GoneOnFail(1), 256),
        },
        512,
    );
    loop {
        let mut failure: Vec<u8> = Vec::new();
        let mut senderok = true;
        let mut len = getlen(&mut io);
        if len == 0 {
            badproto();
        }
        let mut tooverflow: u32 = if databytes != 0 { databytes + 1 } else { 0 };
        let Ok(mut qq) = Qmail::open() else {
            resources()
        };
        let qp = qq.qp();
        let first = get(&mut io);
        len -= 1;
        let dos = match first {
            b'\n' => false,
            b'\r' => true,
            _ => badproto(),
        };
        qq.put(&qmail::net::received::received(
            b"QMTP",
            &local,
            &remoteip,
            &remotehost,
            remoteinfo.as_deref(),
            None,
            &qmail::base::datetime::tai(sys::now()),
        ));
        let count = |qq: &mut Qmail, tooverflow: &mut u32| {
            if *tooverflow != 0 {
                *tooverflow -= 1;
                if *tooverflow == 0 {
                    qq.fail();
                }
            }
        };
        if dos {
            while len > 0 {
                let mut ch = get(&mut io);
                len -= 1;
                while ch == b'\r' && len > 0 {
                    ch = get(&mut io);
                    len -= 1;
                    if ch == b'\n' {
                        break;
                    }
                    count(&mut qq, &mut tooverflow);
                    qq.put(b"\r");
                }
                count(&mut qq, &mut tooverflow);
                qq.put(&[ch]);
            }
        } else {
            if databytes != 0 && len > u64::from(databytes) {
                tooverflow = 0;
                qq.fail();
            }
            while len > 0 {
                let ch = get(&mut io);
                len -= 1;
                qq.put(&[ch]);
            }
        }
        getcomma(&mut io);

        let len = getlen(&mut io);
        let mut sender = Vec::new();
        if len >= 1000 {
            senderok = false;
            for _ in 0..len {
                get(&mut io);
            }
        } else {
            for _ in 0..len {
                let c = get(&mut io);
                if c == 0 {
                    senderok = false;
                }
                sender.push(c);
            }
        }
        getcomma(&mut io);
        let mut bother = false;
        qq.from(&sender);
        if !senderok {
            qq.fail();
        }

        let mut biglen = getlen(&mut io);
        while biglen > 0 {
            failure.push(0);
            let mut len = 0u64;
            loop {
                if biglen == 0 {
                    badproto();
                }
                let ch = get(&mut io);
                biglen -= 1;
                if ch == b':' {
                    break;
                }
                if len > 200_000_000 {
                    resources();
                }
                len = more(len, ch);
            }
            if len >= biglen {
                badproto();
            }
            let mark = failure.len() - 1;
            if len + relaylen >= 1000 {
                failure[mark] = b'L';
                for _ in 0..len {
                    get(&mut io);
                }
            } else {
                let mut addr = Vec::new();
                for _ in 0..len {
                    let c = get(&mut io);
                    if c == 0 {
                        failure[mark] = b'N';
                    }
                    addr.push(c);
                }
                let mut to = addr.clone();
                match &relayclient {
                    Some(rc) => to.extend_from_slice(rc),
                    None => match rcpthosts.allowed(&addr) {
                        Err(_) => resources(),
                        Ok(false) => failure[mark] = b'D',
                        Ok(true) => {}
                    },
                }
                if failure[mark] == 0 {
                    qq.to(&to);
                    bother = true;
                }
            }
            getcomma(&mut io);
            biglen = biglen.wrapping_sub(len + 1);
        }
        getcomma(&mut io);

        if !bother {
            qq.fail();
        }
        let closed = qq.close();
        let result: Vec<u8> = if databytes != 0 && tooverflow == 0 {
            b"Dsorry, that message size exceeds my databytes limit (#5.3.4)".to_vec()
        } else if !senderok {
            b"Dunacceptable sender (#5.1.7)".to_vec()
        } else {
            match closed {
                Err(r) => r.0.to_vec(),
                Ok(()) => [&b"K"[..], &qmail::queue::qmail::accepted(qp)].concat(),
            }
        };
        let answer = qmail::base::fmt::netstring(&result);
        let out = &mut io.op().out;
        for f in &failure {
            let _ = match f {
                0 => out.put(&answer),
                b'D' => out
                    .put(b"66:Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1),"),
                _ => out.put(b"46:Dsorry, I can't handle that recipient (#5.1.3),"),
            };
        }
    }
}
