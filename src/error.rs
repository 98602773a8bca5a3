//! qmail's own errno texts (error_str) and its temporary/permanent split
//! (error_temp). The texts are interface: they appear in bounces, logs and
//! every "fatal:" message, so they come from qmail's table, not strerror.
//! The values below are Linux's; `tests/data/error_str.tsv` holds the table
//! recorded from the C reference for errno -2..200 and the unit test checks
//! every row.

/// The text for errno `e`, or `unknown error`.
pub fn str(e: i32) -> &'static [u8] {
    match e {
        0 => b"no error",
        1 => b"permission denied",
        2 => b"file does not exist",
        3 => b"no such process",
        4 => b"interrupted system call",
        5 => b"input/output error",
        6 => b"device not configured",
        7 => b"argument list too long",
        8 => b"exec format error",
        9 => b"file descriptor not open",
        10 => b"no child processes",
        11 => b"temporary failure",
        12 => b"out of memory",
        13 => b"access denied",
        14 => b"bad address",
        15 => b"not a block device",
        16 => b"device busy",
        17 => b"file already exists",
        18 => b"cross-device link",
        19 => b"device does not support operation",
        20 => b"not a directory",
        21 => b"is a directory",
        22 => b"invalid argument",
        23 => b"system cannot open more files",
        24 => b"process cannot open more files",
        25 => b"not a tty",
        26 => b"text busy",
        27 => b"file too big",
        28 => b"out of disk space",
        29 => b"unseekable descriptor",
        30 => b"read-only file system",
        31 => b"too many links",
        32 => b"broken pipe",
        33 => b"input out of range",
        34 => b"output out of range",
        35 => b"operation would cause deadlock",
        36 => b"file name too long",
        37 => b"no locks available",
        38 => b"system call not available",
        39 => b"directory not empty",
        40 => b"symbolic link loop",
        42 => b"no message of desired type",
        43 => b"identifier removed",
        60 => b"not a stream device",
        62 => b"timer expired",
        63 => b"out of stream resources",
        64 => b"machine not on network",
        66 => b"too many levels of remote in path",
        67 => b"link severed",
        68 => b"advertise error",
        69 => b"srmount error",
        70 => b"communication error",
        71 => b"protocol error",
        72 => b"multihop attempted",
        74 => b"bad message type",
        78 => b"remote address changed",
        87 => b"too many users",
        88 => b"not a socket",
        89 => b"destination address required",
        90 => b"message too long",
        91 => b"incorrect protocol type",
        92 => b"protocol not available",
        93 => b"protocol not supported",
        94 => b"socket type not supported",
        95 => b"operation not supported",
        96 => b"protocol family not supported",
        97 => b"address family not supported",
        98 => b"address already used",
        99 => b"address not available",
        100 => b"network down",
        101 => b"network unreachable",
        102 => b"network reset",
        103 => b"connection aborted",
        104 => b"connection reset",
        105 => b"out of buffer space",
        106 => b"already connected",
        107 => b"not connected",
        108 => b"socket shut down",
        109 => b"too many references",
        110 => b"timed out",
        111 => b"connection refused",
        112 => b"host down",
        113 => b"host unreachable",
        114 => b"operation already in progress",
        115 => b"operation in progress",
        116 => b"stale NFS file handle",
        122 => b"disk quota exceeded",
        _ => b"unknown error",
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
        let data = include_str!("../tests/data/error_str.tsv");
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
