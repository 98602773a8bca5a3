//! The qmail-clean request protocol, without I/O.
//!
//! qmail-send asks qmail-clean (running as qmailq) to remove a message's
//! files. A request is `foop/N` or `todo/N` followed by a NUL, N being the
//! message number in decimal; the answer is one byte: `+` done, `!` an
//! unlink failed for a reason other than "no such file", `x` a malformed
//! request. `foop/N` removes intd/N and mess/S/N; `todo/N` removes intd/N
//! and todo/N.
//!
//! Stock's checks have two quirks kept here: every non-digit after the
//! five-byte prefix earns its own `x` before the request is still carried
//! out on the digits that start it (`foop/12a` answers `x` then `+`), and
//! only four bytes are compared for the todo prefix (`todoX12` is a todo
//! request).

use crate::base::fmt;

/// Shortest accepted request, NUL included.
pub const MIN_LEN: usize = 7;
/// Longest accepted request, NUL included.
pub const MAX_LEN: usize = 100;

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Answer `x`.
    Bad,
    /// Remove intd/N and mess/S/N.
    Foop(u64),
    /// Remove intd/N and todo/N.
    Todo(u64),
}

/// Parses one NUL-terminated request line (the NUL included). Returns
/// how many stray `x` answers come first, then the request itself.
pub fn parse(line: &[u8]) -> (usize, Request) {
    if line.len() < MIN_LEN || line.len() > MAX_LEN || line.last() != Some(&0) {
        return (0, Request::Bad);
    }
    let strays = line[5..line.len() - 1]
        .iter()
        .filter(|c| !c.is_ascii_digit())
        .count();
    let (id, used) = fmt::scan_ulong(&line[5..]);
    let req = if used == 0 {
        Request::Bad
    } else if line.starts_with(b"foop/") {
        Request::Foop(id)
    } else if line.starts_with(b"todo") {
        Request::Todo(id)
    } else {
        Request::Bad
    };
    (strays, req)
}

/// The request that removes message `id`'s mess and intd files.
pub fn foop(id: u64) -> Vec<u8> {
    request(b"foop/", id)
}

/// The request that removes message `id`'s todo and intd files.
pub fn todo(id: u64) -> Vec<u8> {
    request(b"todo/", id)
}

fn request(prefix: &[u8], id: u64) -> Vec<u8> {
    let mut s = prefix.to_vec();
    s.extend_from_slice(&fmt::ulong(id));
    s.push(0);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use Request::*;

    #[test]
    fn parses_like_stock() {
        let table: &[(&[u8], usize, Request)] = &[
            (b"foop/1\0", 0, Foop(1)),
            (b"todo/123456\0", 0, Todo(123456)),
            (b"todoX12\0", 0, Todo(12)),
            (b"foop/12a\0", 1, Foop(12)),
            (b"foop/a12\0", 1, Bad),
            (b"foop/ab\0", 2, Bad),
            (b"fooq/12\0", 0, Bad),
            (b"foop/\0", 0, Bad),
            (b"foop/12", 0, Bad),
            (b"foop/1\0x", 0, Bad),
            (b"mess/12\0", 0, Bad),
            (b"foop/18446744073709551617\0", 0, Foop(1)),
        ];
        for (line, strays, req) in table {
            assert_eq!(parse(line), (*strays, *req), "{:?}", line);
        }
    }

    #[test]
    fn length_limits() {
        let mut long = b"foop/".to_vec();
        long.resize(99, b'1');
        long.push(0);
        assert_eq!(long.len(), MAX_LEN);
        assert_eq!(parse(&long).1, Foop(fmt::scan_ulong(&long[5..]).0));
        long.insert(5, b'1');
        assert_eq!(parse(&long), (0, Bad));
    }

    #[test]
    fn encodes_requests() {
        assert_eq!(foop(42), b"foop/42\0");
        assert_eq!(todo(7), b"todo/7\0");
        assert_eq!(parse(&foop(42)), (0, Foop(42)));
        assert_eq!(parse(&todo(7)), (0, Todo(7)));
    }
}
