//! qmail-remote's side of queue/lock/tcpto, the table of hosts whose
//! connections recently timed out (qmail-tcpto lists it, qmail-tcpok
//! clears it).
//!
//! The table is up to 64 records of 16 bytes: the IPv4 address (bytes
//! 0-3), a signed count of recent timeouts (byte 4) and the time of the
//! last one (bytes 8-11, little-endian). Before trying an address,
//! [`Tcpto::skip`] tells whether it is to be left alone for now (two or
//! more timeouts, the last one less than 64 × (60 + pid mod 32) seconds
//! ago). After the attempt, [`Tcpto::err`] records a timeout (counting up
//! to 10, at most one per 2 minutes, taking a free record or else the one
//! whose time plus 1024 s per timeout is oldest) or, on any other
//! outcome, clears the count of an address that had a record.
//! Every failure to open, lock or read the table means "no table".

use crate::base::fmt;
use crate::base::ip::IpAddress;
use crate::queue::TCPTO_SIZE;
use crate::sys::{self, proc, OwnedFd};

const PATH: &[u8] = b"queue/lock/tcpto";
const REC: usize = 16;

fn when(r: &[u8]) -> u64 {
    u64::from(u32::from_le_bytes([r[8], r[9], r[10], r[11]]))
}

fn set_when(r: &mut [u8], t: u64) {
    r[8..12].copy_from_slice(&(t as u32).to_le_bytes());
}

/// The count byte as C's (signed) char.
fn count(r: &[u8]) -> i64 {
    i64::from(r[4] as i8)
}

/// Whether `ip` is to be skipped, from the `n` records of `buf`, at time
/// `now` with process id `pid`; the second value says whether `ip` has a
/// record at all.
pub fn skip_in(buf: &[u8], n: usize, ip: &IpAddress, now: u64, pid: i32) -> (bool, bool) {
    for r in buf.chunks_exact(REC).take(n) {
        if r[..4] == ip.0 {
            if count(r) >= 2 {
                let window = ((60 + (pid & 31)) << 6) as u64;
                if now.wrapping_sub(when(r)) < window {
                    return (true, true);
                }
            }
            return (false, true);
        }
    }
    (false, false)
}

/// Applies one outcome for `ip` to the `n` records of `buf` at time `now`
/// (`timedout` true for a timeout). Returns the index of the record to
/// write back, if any.
pub fn err_in(buf: &mut [u8], n: usize, ip: &IpAddress, timedout: bool, now: u64) -> Option<usize> {
    for i in 0..n {
        let r = &mut buf[i * REC..(i + 1) * REC];
        if r[..4] == ip.0 {
            if !timedout {
                r[4] = 0;
            } else {
                let last = when(r);
                if r[4] != 0 && now < last.wrapping_add(120) {
                    return None;
                }
                let c = (r[4] as i8).wrapping_add(1);
                r[4] = if c > 10 { 10 } else { c as u8 };
                set_when(r, now);
            }
            return Some(i);
        }
    }
    if !timedout {
        return None;
    }
    let free = (0..n).find(|&i| buf[i * REC + 4] == 0);
    let i = match free {
        Some(i) => i,
        None => {
            let mut first: Option<(usize, u64)> = None;
            for i in 0..n {
                let r = &buf[i * REC..(i + 1) * REC];
                let t = when(r).wrapping_add((count(r) << 10) as u64);
                if first.map_or(true, |(_, f)| t < f) {
                    first = Some((i, t));
                }
            }
            first?.0
        }
    };
    let r = &mut buf[i * REC..(i + 1) * REC];
    r[..4].copy_from_slice(&ip.0);
    set_when(r, now);
    r[4] = 1;
    Some(i)
}

/// qmail-tcpto's listing of the table `buf` (whole records only) at time
/// `now`: a line `IP timed out N seconds ago; # recent timeouts: C` for
/// each record whose count, read as a signed char, is 1 or more. A time
/// in the future shows as the unsigned wrap-around of the difference, as
/// stock prints it.
pub fn listing(buf: &[u8], now: i64) -> Vec<u8> {
    let mut out = Vec::new();
    for r in buf.chunks_exact(REC).filter(|r| count(r) > 0) {
        out.extend_from_slice(&crate::base::ip::fmt(&IpAddress([r[0], r[1], r[2], r[3]])));
        out.extend_from_slice(b" timed out ");
        out.extend_from_slice(&fmt::ulong(now.wrapping_sub(when(r) as i64) as u64));
        out.extend_from_slice(b" seconds ago; # recent timeouts: ");
        out.extend_from_slice(&fmt::ulong(count(r) as u64));
        out.push(b'\n');
    }
    out
}

/// The table as one qmail-remote process uses it.
#[derive(Default)]
pub struct Tcpto {
    wasthere: bool,
}

/// Opens the table for writing and locks it, then reads it: the lock fd
/// (still locked) and the number of whole records, or None.
fn load(buf: &mut [u8; TCPTO_SIZE]) -> Option<(OwnedFd, usize)> {
    let lock = OwnedFd(sys::open_write(PATH).ok()?);
    let rd = OwnedFd(sys::open_read(PATH).ok()?);
    proc::lock_ex(lock.raw()).ok()?;
    let r = sys::read(rd.raw(), buf).ok()?;
    drop(rd);
    let n = r >> 4;
    if n == 0 {
        return None;
    }
    Some((lock, n))
}

impl Tcpto {
    pub fn new() -> Self {
        Tcpto { wasthere: false }
    }

    /// tcpto: true when `ip` timed out recently enough to be left alone.
    pub fn skip(&mut self, ip: &IpAddress) -> bool {
        self.wasthere = false;
        let mut buf = [0u8; TCPTO_SIZE];
        let Some((lock, n)) = load(&mut buf) else {
            return false;
        };
        drop(lock);
        let (skip, there) = skip_in(&buf, n, ip, sys::now() as u64, sys::getpid());
        self.wasthere = there;
        skip
    }

    /// tcpto_err: records the outcome of a connection attempt to `ip`.
    pub fn err(&mut self, ip: &IpAddress, timedout: bool) {
        if !timedout && !self.wasthere {
            return;
        }
        let mut buf = [0u8; TCPTO_SIZE];
        let Some((lock, n)) = load(&mut buf) else {
            return;
        };
        if let Some(i) = err_in(&mut buf, n, ip, timedout, sys::now() as u64) {
            if sys::seek_set(lock.raw(), (i * REC) as u64).is_ok() {
                let _ = sys::write(lock.raw(), &buf[i * REC..(i + 1) * REC]);
            }
        }
    }
}

/// tcpto_clean: 1024 zero bytes over queue/lock/tcpto (run from
/// queue/mess, as qmail-rspawn is); trouble is ignored.
pub fn clean() {
    let Ok(fd) = sys::open_write(b"../lock/tcpto") else {
        return;
    };
    // the writer owns the fd: it is closed when `out` goes
    let mut out = crate::base::substdio::Out::new(OwnedFd(fd), TCPTO_SIZE);
    let _ = out.put(&[0u8; TCPTO_SIZE]);
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddress = IpAddress([10, 0, 0, 1]);
    const B: IpAddress = IpAddress([10, 0, 0, 2]);

    #[test]
    fn two_recent_timeouts_skip_the_host() {
        let mut buf = [0u8; 64];
        assert_eq!(err_in(&mut buf, 4, &A, true, 1000), Some(0));
        assert_eq!(skip_in(&buf, 4, &A, 1000, 0), (false, true));
        // a second timeout within two minutes is not counted
        assert_eq!(err_in(&mut buf, 4, &A, true, 1100), None);
        assert_eq!(err_in(&mut buf, 4, &A, true, 1120), Some(0));
        assert_eq!(buf[4], 2);
        assert_eq!(skip_in(&buf, 4, &A, 1120 + 3839, 0), (true, true));
        assert_eq!(skip_in(&buf, 4, &A, 1120 + 3840, 0), (false, true));
        // pid 31 widens the window to 91 << 6
        assert_eq!(skip_in(&buf, 4, &A, 1120 + 5823, 31), (true, true));
        assert_eq!(skip_in(&buf, 4, &B, 1120, 0), (false, false));
    }

    #[test]
    fn success_clears_the_count_and_full_table_evicts_the_oldest() {
        let mut buf = [0u8; 32];
        assert_eq!(err_in(&mut buf, 2, &A, true, 5000), Some(0));
        assert_eq!(err_in(&mut buf, 2, &B, true, 4000), Some(1));
        let c = IpAddress([10, 0, 0, 3]);
        // no free record: B (older) is replaced
        assert_eq!(err_in(&mut buf, 2, &c, true, 6000), Some(1));
        assert_eq!(&buf[16..21], &[10, 0, 0, 3, 1]);
        assert_eq!(err_in(&mut buf, 2, &A, false, 7000), Some(0));
        assert_eq!(buf[4], 0);
        assert_eq!(err_in(&mut buf, 2, &B, false, 7000), None);
    }

    #[test]
    fn count_stops_at_ten() {
        let mut buf = [0u8; 16];
        for k in 0..15u64 {
            err_in(&mut buf, 1, &A, true, 1000 + k * 200);
        }
        assert_eq!(buf[4], 10);
    }
    #[test]
    fn listing_shows_counts_1_to_127_as_qmail_tcpto() {
        fn record(ip: [u8; 4], n: u8, when: u32) -> Vec<u8> {
            let mut r = ip.to_vec();
            r.extend_from_slice(&[n, 0, 0, 0]);
            r.extend_from_slice(&when.to_le_bytes());
            r.extend_from_slice(&[0; 4]);
            r
        }
        let mut buf = record([127, 0, 0, 1], 2, 1000);
        buf.extend(record([10, 0, 0, 2], 0, 1000));
        buf.extend(record([10, 0, 0, 3], 200, 1000));
        buf.extend(record([10, 0, 0, 4], 127, 1500));
        buf.extend_from_slice(&[1; 15]);
        assert_eq!(
            listing(&buf, 1200),
            b"127.0.0.1 timed out 200 seconds ago; # recent timeouts: 2\n\
              10.0.0.4 timed out 18446744073709551316 seconds ago; # recent timeouts: 127\n"
        );
    }
}
