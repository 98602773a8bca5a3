//! How conf-files/ values are read, shared by build.rs (which turns them into
//! constants) and the unit tests below. Same rules as stock's auto-str,
//! auto-int and auto-int8: the first line only (lines 1-8 of conf-users, 1-2
//! of conf-groups); the first whitespace-separated word of the line, except
//! conf-break, which is the whole first line; numbers scanned decimal (octal
//! for conf-patrn) up to the first non-digit, no digits meaning 0.

/// The lines of a conf file (split at `\n`).
pub fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(|l| l.to_vec()).collect()
}

/// The first whitespace-separated word of `line` (what an unquoted shell
/// word gives), or empty.
pub fn first_word(line: &[u8]) -> Vec<u8> {
    line.split(|b| b.is_ascii_whitespace())
        .find(|w| !w.is_empty())
        .map(|w| w.to_vec())
        .unwrap_or_default()
}

/// The first word of line `i`, or empty when the file is shorter.
pub fn line_word(all: &[Vec<u8>], i: usize) -> Vec<u8> {
    all.get(i).map(|l| first_word(l)).unwrap_or_default()
}

/// scan_ulong/scan_8long over a word, wrapping like C's unsigned long.
pub fn scan(s: &[u8], base: u64) -> u64 {
    let mut v: u64 = 0;
    for &c in s {
        let d = c.wrapping_sub(b'0') as u64;
        if d >= base {
            break;
        }
        v = v.wrapping_mul(base).wrapping_add(d);
    }
    v
}

/// The whole first line (conf-break), without its newline.
pub fn first_line(all: &[Vec<u8>]) -> Vec<u8> {
    all.first().cloned().unwrap_or_default()
}

/// chkspawn's verdict on conf-spawn: the message and exit code when the
/// value is refused. (Its FD_SETSIZE check cannot trigger on Linux, where the
/// limit it computes is 509.)
pub fn check_spawn(spawn: u64) -> Option<(&'static str, i32)> {
    let v = spawn as i32;
    if v < 1 {
        Some(("Oops. You have set conf-spawn lower than 1.", 1))
    } else if v > 255 {
        Some(("Oops. You have set conf-spawn higher than 255.", 1))
    } else {
        None
    }
}

/// The message printed when a conf-users/conf-groups name does not resolve.
pub fn missing(kind: &str, name: &[u8]) -> String {
    format!(
        "fatal: unable to find {kind} {}",
        String::from_utf8_lossy(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_numbers_follow_stock() {
        let l = lines(b"  /opt/qmail  extra\ncomment\n");
        assert_eq!(line_word(&l, 0), b"/opt/qmail");
        assert_eq!(line_word(&l, 5), b"");
        assert_eq!(scan(b"23", 10), 23);
        assert_eq!(scan(b"12abc", 10), 12);
        assert_eq!(scan(b"abc", 10), 0);
        assert_eq!(scan(b"022", 8), 0o22);
        assert_eq!(scan(b"9", 8), 0);
        assert_eq!(first_line(&lines(b" + x\nrest")), b" + x");
        assert_eq!(first_line(&lines(b"")), b"");
    }

    #[test]
    fn spawn_limits() {
        assert_eq!(check_spawn(120), None);
        assert_eq!(check_spawn(255), None);
        assert_eq!(check_spawn(0).map(|m| m.1), Some(1));
        assert_eq!(
            check_spawn(256).map(|m| m.0),
            Some("Oops. You have set conf-spawn higher than 255.")
        );
    }

    #[test]
    fn missing_user_message_names_it() {
        assert_eq!(
            missing("user", b"qmailq"),
            "fatal: unable to find user qmailq"
        );
        assert_eq!(
            missing("group", b"nofiles"),
            "fatal: unable to find group nofiles"
        );
    }
}
