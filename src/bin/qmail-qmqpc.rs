//! qmail-qmqpc: hands a message to a QMQP server instead of the local
//! queue. It takes qmail-queue's place (a mini-qmail null client links
//! bin/qmail-queue to it): the message on fd 0, the envelope on fd 1
//! (`Fsender\0`, `Trecipient\0`..., then `\0`).
//!
//! Control: qmqpservers, one dotted IP address per line, tried in order on
//! port 628; a line that is not an address is passed over. Only a server
//! that cannot be reached (10 s connect timeout) makes it move on to the
//! next; once connected, the server's answer ends the run. The message
//! goes out as one netstring holding the message, the sender and each
//! recipient as netstrings; of the answer only the first K, Z or D byte
//! counts (every other byte is passed over), with 60 s for each read or
//! write.
//!
//! Exit codes, qmail-queue's: 0 K (accepted); 31 D (refused for good); 71
//! Z (refused for now); 51 out of memory; 54 the message or envelope
//! could not be read; 55 no qmqpservers (or no usable address in it, or
//! control/me unreadable); 56 no socket; 61 no qmail home; 72 the last
//! server tried timed out connecting; 73 it refused or was unreachable;
//! 74 the connection failed, timed out or closed before an answer; 91 a
//! malformed envelope.
#![cfg_attr(not(test), no_main)]

use qmail::base::control::{self, Control};
use qmail::base::substdio::{In, Out, ReadOp, WriteOp};
use qmail::base::{fmt, ip, stralloc};
use qmail::conf::AUTO_QMAIL;
use qmail::net::netstring;
use qmail::queue::code;
use qmail::sys::{self, proc, sock, Errno, Fd};

qmail::entry!(run);

// Protocol endings: qmail-qmqpc speaks only through qmail-queue's exit
// codes (its caller reads them as the queue's answer) and never writes to
// fd 2; every ending below is an exit code, none is a strerr Die.

const PORT_QMQP: u16 = 628;
/// Seconds for a connection to be made.
const TIMEOUT_CONNECT: i32 = 10;
/// Seconds for each read from and write to the server.
const TIMEOUT_IO: i32 = 60;
/// The buffer size of every substdio (stock shares one 1024-byte buffer).
const BUFSIZE: usize = 1024;

fn nomem() -> ! {
    sys::exit(code::NOMEM)
}

/// Reading the message or the envelope failed; running out of memory
/// while doing it is said as such.
fn die_read(e: Errno) -> ! {
    if e.0 == libc::ENOMEM {
        nomem()
    }
    sys::exit(code::READ)
}

fn die_format() -> ! {
    sys::exit(code::ENVELOPE)
}

/// The connection to the server: each read or write waits at most
/// TIMEOUT_IO seconds, and a failed, timed-out or empty one ends the run
/// with 74.
struct Server(Fd);

impl WriteOp for Server {
    fn write(&mut self, buf: &[u8]) -> sys::Result<usize> {
        if sys::wait_ready(self.0, true, TIMEOUT_IO) != Ok(true) {
            sys::exit(code::REMOTE_COMM);
        }
        match sys::write(self.0, buf) {
            Ok(n) if n > 0 => Ok(n),
            _ => sys::exit(code::REMOTE_COMM),
        }
    }
}

impl ReadOp for Server {
    fn read(&mut self, buf: &mut [u8]) -> sys::Result<usize> {
        if sys::wait_ready(self.0, false, TIMEOUT_IO) != Ok(true) {
            sys::exit(code::REMOTE_COMM);
        }
        match sys::read(self.0, buf) {
            Ok(n) if n > 0 => Ok(n),
            _ => sys::exit(code::REMOTE_COMM),
        }
    }
}

/// The QMQP packet's inner parts: the message netstring's head (`LEN:`),
/// the message, and the rest (`,` then the sender and recipient
/// netstrings).
struct Packet {
    before: Vec<u8>,
    message: Vec<u8>,
    after: Vec<u8>,
}

/// Appends `s` as a netstring (`LEN:s,`).
fn netstring(v: &mut Vec<u8>, s: &[u8]) {
    let ok = stralloc::cat(v, &fmt::ulong(s.len() as u64)).is_ok()
        && stralloc::cat(v, b":").is_ok()
        && stralloc::cat(v, s).is_ok()
        && stralloc::cat(v, b",").is_ok();
    if !ok {
        nomem()
    }
}

/// All of fd 0, read 1024 bytes at a time.
fn slurp_message() -> Vec<u8> {
    let mut message = Vec::new();
    let mut buf = [0u8; BUFSIZE];
    loop {
        if stralloc::readyplus(&mut message, BUFSIZE).is_err() {
            nomem()
        }
        match sys::read(0, &mut buf) {
            Ok(0) => break,
            Ok(n) => message.extend_from_slice(&buf[..n]),
            Err(Errno(libc::EINTR)) => continue,
            Err(e) => die_read(e),
        }
    }
    let _ = sys::close(0);
    message
}

/// Reads the message from fd 0 and the envelope from fd 1.
fn getmess() -> Packet {
    let message = slurp_message();
    let mut before = Vec::new();
    if stralloc::cat(&mut before, &fmt::ulong(message.len() as u64)).is_err()
        || stralloc::cat(&mut before, b":").is_err()
    {
        nomem()
    }
    let mut after = Vec::new();
    if stralloc::cat(&mut after, b",").is_err() {
        nomem()
    }
    let mut envelope = In::fd(1, BUFSIZE);
    let mut line = Vec::new();
    let mut next = |line: &mut Vec<u8>| match envelope.getln(line, 0) {
        Ok(true) => {}
        Ok(false) => die_format(),
        Err(e) => die_read(e),
    };
    next(&mut line);
    if line.len() < 2 || line[0] != b'F' {
        die_format()
    }
    netstring(&mut after, &line[1..line.len() - 1]);
    loop {
        next(&mut line);
        if line.len() < 2 {
            break;
        }
        if line[0] != b'T' {
            die_format()
        }
        netstring(&mut after, &line[1..line.len() - 1]);
    }
    Packet {
        before,
        message,
        after,
    }
}

/// Tries one qmqpservers entry. Returns when it is not an address or the
/// server cannot be reached (with the exit code that would report it);
/// once connected, the server's answer ends the run.
fn doit(server: &[u8], packet: &Packet) -> Option<i32> {
    let (addr, _) = ip::scan(server)?;
    let Ok(fd) = sock::tcp_socket() else {
        sys::exit(code::CONNECT)
    };
    if let Err(e) = sock::timeoutconn(fd.raw(), addr.0, PORT_QMQP, TIMEOUT_CONNECT) {
        return Some(if e == sock::TIMEOUT {
            code::REMOTE_TIMEOUT
        } else {
            code::REMOTE_REFUSED
        });
    }
    let total = packet.before.len() + packet.message.len() + packet.after.len();
    let mut to = Out::new(Server(fd.raw()), BUFSIZE);
    // Server's writes end the run on failure; these results are always Ok.
    let _ = to.puts(&fmt::ulong(total as u64));
    let _ = to.puts(b":");
    let _ = to.put(&packet.before);
    let _ = to.put(&packet.message);
    let _ = to.put(&packet.after);
    let _ = to.puts(b",");
    let _ = to.flush();
    let mut from = In::new(Server(fd.raw()), BUFSIZE);
    // Server's reads end the run on failure and at the end of input.
    match netstring::qmqp_answer(&mut from) {
        Ok(b'K') => sys::exit(code::OK),
        Ok(b'Z') => sys::exit(code::REMOTE_REJECT_TEMP),
        Ok(_) => sys::exit(code::REMOTE_REJECT_PERM),
        Err(_) => sys::exit(code::REMOTE_COMM),
    }
}

fn run(_args: Vec<Vec<u8>>) -> i32 {
    let _ = proc::sig_ignore(libc::SIGPIPE);
    if sys::chdir(AUTO_QMAIL).is_err() {
        return code::HOME;
    }
    let mut ctl = Control::new();
    if ctl.init().is_err() {
        return code::CONFIG;
    }
    let Ok(Some(servers)) = ctl.readfile(b"control/qmqpservers", false) else {
        return code::CONFIG;
    };
    let packet = getmess();
    let mut lasterror = code::CONFIG;
    for server in control::entries(&servers) {
        if let Some(code) = doit(server, &packet) {
            lasterror = code;
        }
    }
    lasterror
}
