//! qmail's own errno texts (error_str) and its temporary/permanent split
//! (error_temp). The texts are interface: they appear in bounces, logs and
//! every "fatal:" message, so they come from qmail's table, not strerror.
//! The values below are Linux's; `tests/data/error_str.tsv` holds the table
//! recorded from the C reference for errno -2..200 and the unit test checks
//! every row.

/// qmail's words for a [`crate::sys::Errno`]: the system edge keeps raw
/// errnos, this table names them.
impl crate::sys::Errno {
    /// qmail's text for this errno (`error_str`).
    pub fn text(self) -> &'static [u8] {
        str(self.0)
    }
    /// True when qmail treats this errno as temporary (`error_temp`).
    pub fn is_temp(self) -> bool {
        temp(self.0)
    }
}

/// The text for errno `e`, or `unknown error`.
pub fn str(e: i32) -> &'static [u8] {
    let s = str_nul(e);
    s.strip_suffix(b"\0").unwrap_or(s)
}

/// [`str`] with a terminating NUL, for the C ABI's `error_str`.
pub fn str_nul(e: i32) -> &'static [u8] {
    match e {
        0 => b"no error\0",
        1 => b"permission denied\0",
        2 => b"file does not exist\0",
        3 => b"no such process\0",
        4 => b"interrupted system call\0",
        5 => b"input/output error\0",
        6 => b"device not configured\0",
        7 => b"argument list too long\0",
        8 => b"exec format error\0",
        9 => b"file descriptor not open\0",
        10 => b"no child processes\0",
        11 => b"temporary failure\0",
        12 => b"out of memory\0",
        13 => b"access denied\0",
        14 => b"bad address\0",
        15 => b"not a block device\0",
        16 => b"device busy\0",
        17 => b"file already exists\0",
        18 => b"cross-device link\0",
        19 => b"device does not support operation\0",
        20 => b"not a directory\0",
        21 => b"is a directory\0",
        22 => b"invalid argument\0",
        23 => b"system cannot open more files\0",
        24 => b"process cannot open more files\0",
        25 => b"not a tty\0",
        26 => b"text busy\0",
        27 => b"file too big\0",
        28 => b"out of disk space\0",
        29 => b"unseekable descriptor\0",
        30 => b"read-only file system\0",
        31 => b"too many links\0",
        32 => b"broken pipe\0",
        33 => b"input out of range\0",
        34 => b"output out of range\0",
        35 => b"operation would cause deadlock\0",
        36 => b"file name too long\0",
        37 => b"no locks available\0",
        38 => b"system call not available\0",
        39 => b"directory not empty\0",
        40 => b"symbolic link loop\0",
        42 => b"no message of desired type\0",
        43 => b"identifier removed\0",
        60 => b"not a stream device\0",
        62 => b"timer expired\0",
        63 => b"out of stream resources\0",
        64 => b"machine not on network\0",
        66 => b"too many levels of remote in path\0",
        67 => b"link severed\0",
        68 => b"advertise error\0",
        69 => b"srmount error\0",
        70 => b"communication error\0",
        71 => b"protocol error\0",
        72 => b"multihop attempted\0",
        74 => b"bad message type\0",
        78 => b"remote address changed\0",
        87 => b"too many users\0",
        88 => b"not a socket\0",
        89 => b"destination address required\0",
        90 => b"message too long\0",
        91 => b"incorrect protocol type\0",
        92 => b"protocol not available\0",
        93 => b"protocol not supported\0",
        94 => b"socket type not supported\0",
        95 => b"operation not supported\0",
        96 => b"protocol family not supported\0",
        97 => b"address family not supported\0",
        98 => b"address already used\0",
        99 => b"address not available\0",
        100 => b"network down\0",
        101 => b"network unreachable\0",
        102 => b"network reset\0",
        103 => b"connection aborted\0",
        104 => b"connection reset\0",
        105 => b"out of buffer space\0",
        106 => b"already connected\0",
        107 => b"not connected\0",
        108 => b"socket shut down\0",
        109 => b"too many references\0",
        110 => b"timed out\0",
        111 => b"connection refused\0",
        112 => b"host down\0",
        113 => b"host unreachable\0",
        114 => b"operation already in progress\0",
        115 => b"operation in progress\0",
        116 => b"stale NFS file handle\0",
        122 => b"disk quota exceeded\0",
        _ => b"unknown error\0",
    }
}

/// True when `e` is a temporary condition (error_temp): the caller should
/// defer (exit 111, Z) rather than fail permanently.
pub fn temp(e: i32) -> bool {
    matches!(
        e,
        4 | 5
            | 11
            | 12
            | 16
            | 23
            | 24
            | 26
            | 27
            | 28
            | 35
            | 37
            | 87
            | 100
            | 101
            | 102
            | 103
            | 104
            | 105
            | 109
            | 110
            | 111
            | 112
            | 113
            | 116
            | 122
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_recorded_c_table() {
        let data = include_str!("../../tests/data/error_str.tsv");
        let mut rows = 0;
        for line in data.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let e: i32 = f[0].parse().unwrap_or(i32::MIN);
            assert_eq!(str(e), f[2].as_bytes(), "errno {e}");
            assert_eq!(temp(e), f[1] == "1", "errno {e}");
            rows += 1;
        }
        assert_eq!(rows, 203);
    }
}
