//! users/assign lines, as qmail-newu turns them into users/cdb records.
//!
//! A line is `=local:user:uid:gid:home:dash:ext:` (exact address) or
//! `+prefix:user:uid:gid:home:dash:pre:` (every address starting with
//! prefix). The key is `!` plus the lowercased local part, with a NUL after
//! it for `=` lines; the data is the six fields after the first colon joined
//! by NULs (the sixth colon ends it; anything after it is dropped). A
//! `+` line also contributes the last character of its prefix to the list of
//! "wildcard characters" stored under the empty key.

/// One users/cdb record made from an assign line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub key: Vec<u8>,
    pub data: Vec<u8>,
    /// For `+` lines with a non-empty prefix: its last character.
    pub wildchar: Option<u8>,
}

/// Why a line was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    /// "bad format in users/assign".
    Format,
    /// Memory ran out.
    NoMem,
}

/// Parses one assign line (its trailing newline already removed).
pub fn assign_line(line: &[u8]) -> Result<Record, LineError> {
    if line.contains(&0) {
        return Err(LineError::Format);
    }
    let i = match line.iter().position(|&c| c == b':') {
        Some(0) | None => return Err(LineError::Format),
        Some(i) => i,
    };
    let mut key = Vec::new();
    key.try_reserve(i + 2).map_err(|_| LineError::NoMem)?;
    key.push(b'!');
    key.extend_from_slice(&line[1..i]);
    let wildchar = if line[0] == b'+' {
        if i >= 2 {
            Some(line[i - 1])
        } else {
            None
        }
    } else {
        key.push(0);
        None
    };
    key.make_ascii_lowercase();

    let rest = &line[i + 1..];
    let mut data = Vec::new();
    data.try_reserve(rest.len()).map_err(|_| LineError::NoMem)?;
    let mut colons = 0;
    for &c in rest {
        if c == b':' {
            colons += 1;
            if colons == 6 {
                return Ok(Record {
                    key,
                    data,
                    wildchar,
                });
            }
            data.push(0);
        } else {
            data.push(c);
        }
    }
    Err(LineError::Format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_wildcard_lines() {
        let r = assign_line(b"=Joe:joe:1000:100:/home/joe:::").unwrap();
        assert_eq!(r.key, b"!joe\0");
        assert_eq!(r.data, b"joe\x001000\x00100\x00/home/joe\x00\x00");
        assert_eq!(r.wildchar, None);
        let r = assign_line(b"+Joe-:joe:1000:100:/home/joe:-::junk").unwrap();
        assert_eq!(r.key, b"!joe-");
        assert_eq!(r.wildchar, Some(b'-'));
        let r = assign_line(b"+:alias:7790:2108:/var/qmail/alias:-::").unwrap();
        assert_eq!(r.key, b"!");
        assert_eq!(r.wildchar, None);
    }

    #[test]
    fn format_errors() {
        for bad in [
            &b"no colon"[..],
            b":starts",
            b"=a:b:c:d:e:f",
            b"=a\0:b:c:d:e:f:g:",
        ] {
            assert_eq!(assign_line(bad), Err(LineError::Format), "{bad:?}");
        }
    }
}
