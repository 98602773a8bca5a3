//! splogger's line folding, without I/O: bytes of a log stream in,
//! syslog messages out.
//!
//! Each line becomes one message `STAMP TEXT`, STAMP being the time it
//! was first cut (seconds, a dot, six digits of microseconds). A line
//! longer than 799 bytes is cut into pieces; the later pieces are sent as
//! `STAMP+TEXT` with the first piece's stamp and priority. Bytes outside
//! printable ASCII become `?`. The priority is warning for lines starting
//! `warning:`, alert for `alert:`, info otherwise. An empty line sends
//! nothing.

use qmail::base::fmt;

/// Longest piece of a line in one message.
pub const PIECE: usize = 799;

/// syslog priorities (the values of syslog.h).
pub const LOG_ALERT: i32 = 1;
pub const LOG_WARNING: i32 = 4;
pub const LOG_INFO: i32 = 6;

/// The folding state.
#[derive(Debug, Default)]
pub struct Folder {
    buf: Vec<u8>,
    /// priority and stamp of the line being continued
    cont: Option<(i32, Vec<u8>)>,
}

/// The stamp for time `sec`.`usec`.
pub fn stamp(sec: i64, usec: i64) -> Vec<u8> {
    let mut s = fmt::ulong(sec as u64);
    s.push(b'.');
    s.extend_from_slice(&fmt::uint0(usec as u64, 6));
    s
}

impl Folder {
    /// Takes one input byte; returns a message (priority, text) when one
    /// is complete. `now` gives the stamp for a new line.
    pub fn byte(&mut self, ch: u8, now: impl FnOnce() -> Vec<u8>) -> Option<(i32, Vec<u8>)> {
        if ch == b'\n' {
            let m = self.flush(now);
            self.cont = None;
            return m;
        }
        let mut m = None;
        if self.buf.len() == PIECE {
            m = self.flush(now);
        }
        self.buf
            .push(if (32..=126).contains(&ch) { ch } else { b'?' });
        m
    }

    fn flush(&mut self, now: impl FnOnce() -> Vec<u8>) -> Option<(i32, Vec<u8>)> {
        if self.buf.is_empty() {
            return None;
        }
        let (priority, mut text) = match &self.cont {
            Some((p, st)) => {
                let mut t = st.clone();
                t.push(b'+');
                (*p, t)
            }
            None => {
                let st = now();
                let p = if self.buf.starts_with(b"warning:") {
                    LOG_WARNING
                } else if self.buf.starts_with(b"alert:") {
                    LOG_ALERT
                } else {
                    LOG_INFO
                };
                self.cont = Some((p, st.clone()));
                let mut t = st;
                t.push(b' ');
                (p, t)
            }
        };
        text.append(&mut self.buf);
        Some((priority, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> Vec<(i32, Vec<u8>)> {
        let mut f = Folder::default();
        let mut n = 0;
        let mut out = Vec::new();
        for &c in input {
            if let Some(m) = f.byte(c, || {
                n += 1;
                stamp(n, 5)
            }) {
                out.push(m);
            }
        }
        out
    }

    #[test]
    fn folds_like_stock() {
        assert_eq!(stamp(12, 34), b"12.000034");
        assert_eq!(
            run(b"status: x\n\nwarning: w\nalert: a\x01\xff\npartial"),
            vec![
                (LOG_INFO, b"1.000005 status: x".to_vec()),
                (LOG_WARNING, b"2.000005 warning: w".to_vec()),
                (LOG_ALERT, b"3.000005 alert: a??".to_vec()),
            ]
        );
        let mut long = vec![b'a'; 800];
        long.extend_from_slice(b"\nwarning:\n");
        let out = run(&long);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].1.len(), 8 + 1 + 799);
        assert_eq!(out[1], (LOG_INFO, b"1.000005+a".to_vec()));
        assert_eq!(out[2], (LOG_WARNING, b"2.000005 warning:".to_vec()));
    }
}
