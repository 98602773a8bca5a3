//! The table of remote hosts that recently timed out (queue/lock/tcpto),
//! as qmail-remote keeps it: up to 64 records of 16 bytes. A record holds
//! the IPv4 address (bytes 0-3), the count of recent timeouts (byte 4,
//! read as a signed char: only 1 to 127 count) and the time of the last
//! one (bytes 8-11, little-endian seconds).

use qmail::base::fmt;
use qmail::base::ip::{self, IpAddress};

/// Size of the table in bytes.
pub const SIZE: usize = qmail::queue::TCPTO_SIZE;
/// Size of one record.
pub const RECORD: usize = 16;

/// One record that shows a timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub ip: IpAddress,
    pub timeouts: u8,
    pub when: u32,
}

/// The records of `buf` (whole records only) with a timeout count.
pub fn entries(buf: &[u8]) -> Vec<Entry> {
    buf.chunks_exact(RECORD)
        .filter(|r| (1..=127).contains(&r[4]))
        .map(|r| Entry {
            ip: IpAddress([r[0], r[1], r[2], r[3]]),
            timeouts: r[4],
            when: u32::from_le_bytes([r[8], r[9], r[10], r[11]]),
        })
        .collect()
}

/// qmail-tcpto's listing of `buf` at time `now`: one line per entry,
/// `IP timed out N seconds ago; # recent timeouts: C`. A time in the
/// future shows as the unsigned wrap-around of the difference, as stock.
pub fn listing(buf: &[u8], now: i64) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries(buf) {
        out.extend_from_slice(&ip::fmt(&e.ip));
        out.extend_from_slice(b" timed out ");
        out.extend_from_slice(&fmt::ulong(now.wrapping_sub(i64::from(e.when)) as u64));
        out.extend_from_slice(b" seconds ago; # recent timeouts: ");
        out.extend_from_slice(&fmt::ulong(u64::from(e.timeouts)));
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(ip: [u8; 4], n: u8, when: u32) -> Vec<u8> {
        let mut r = ip.to_vec();
        r.extend_from_slice(&[n, 0, 0, 0]);
        r.extend_from_slice(&when.to_le_bytes());
        r.extend_from_slice(&[0; 4]);
        r
    }

    #[test]
    fn lists_like_stock() {
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
