//! SMTP AUTH for qmail-smtpd (docs/EXTENSIONS.md), the byte handling of
//! the SMTP AUTH patch's conventions: which mechanisms `SMTPAUTH` turns
//! on, base64, and how the PLAIN and CRAM-MD5 answers split into a user
//! name and a secret. The program runs the checkpassword-style checker.

/// What SMTPAUTH asks for: the mechanisms offered, and whether MAIL needs
/// a successful AUTH first (`!`, for the submission port).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    pub login_plain: bool,
    pub cram: bool,
    pub required: bool,
}

impl Mode {
    /// The mode for a value of SMTPAUTH: unset or any other value is LOGIN
    /// and PLAIN; `-` turns AUTH off (None); `!` requires it; `cram` is
    /// CRAM-MD5 alone, `+cram` adds it to LOGIN and PLAIN, and `!cram`,
    /// `!+cram` are those, required. Case does not matter.
    pub fn from_env(v: Option<&[u8]>) -> Option<Mode> {
        let v = v.unwrap_or(b"").to_ascii_lowercase();
        let mut m = Mode {
            login_plain: true,
            cram: false,
            required: false,
        };
        if v == b"-" {
            return None;
        }
        if v.starts_with(b"!") {
            m.required = true;
        }
        let rest = v.strip_prefix(b"!").unwrap_or(&v);
        if rest.starts_with(b"+cram") {
            m.cram = true;
        } else if rest.starts_with(b"cram") {
            m.cram = true;
            m.login_plain = false;
        }
        Some(m)
    }

    /// The EHLO line's mechanisms.
    pub fn offer(&self) -> &'static [u8] {
        match (self.login_plain, self.cram) {
            (true, true) => b"LOGIN PLAIN CRAM-MD5",
            (false, true) => b"CRAM-MD5",
            _ => b"LOGIN PLAIN",
        }
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 of `s`, padded.
pub fn b64encode(s: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len().div_ceil(3) * 4);
    for c in s.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        v.push(B64[(n >> 18) as usize & 63]);
        v.push(B64[(n >> 12) as usize & 63]);
        v.push(if c.len() > 1 {
            B64[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        v.push(if c.len() > 2 {
            B64[n as usize & 63]
        } else {
            b'='
        });
    }
    v
}

/// The bytes of base64 text; None when it is not base64 (a stray byte,
/// a length not a multiple of four, padding anywhere but the end).
pub fn b64decode(s: &[u8]) -> Option<Vec<u8>> {
    if s.is_empty() || s.len() % 4 != 0 {
        return None;
    }
    let val = |c: u8| B64.iter().position(|&b| b == c).map(|p| p as u32);
    let mut v = Vec::with_capacity(s.len() / 4 * 3);
    let last = s.len() / 4 - 1;
    for (i, q) in s.chunks(4).enumerate() {
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && i != last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &q[..4 - pad] {
            n = n << 6 | val(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        v.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(v)
}

/// PLAIN's answer `authzid NUL user NUL password`: (user, password),
/// each up to its own NUL; empty parts stay empty.
pub fn split_plain(resp: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut parts = resp.split(|&c| c == 0).skip(1);
    let user = parts.next().unwrap_or(b"").to_vec();
    let pass = parts.next().unwrap_or(b"").to_vec();
    (user, pass)
}

/// CRAM-MD5's answer `user SP digest`: split at the last space; a user
/// name may hold spaces (and keeps any but that last one, as the patch
/// splits it). Each part ends at a NUL, as the C strings do.
pub fn split_cram(resp: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let resp = crate::base::byte::cstr(resp);
    match resp.iter().rposition(|&c| c == b' ') {
        Some(i) => {
            let mut d = &resp[i..];
            while d.first() == Some(&b' ') {
                d = &d[1..];
            }
            (resp[..i].to_vec(), d.to_vec())
        }
        None => (resp.to_vec(), Vec::new()),
    }
}

/// The CRAM-MD5 challenge `<pid.time@host>`.
pub fn cram_challenge(pid: i32, now: i64, host: &[u8]) -> Vec<u8> {
    let mut c = format!("<{pid}.{now}@").into_bytes();
    c.extend_from_slice(host);
    c.push(b'>');
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        let lp = Mode {
            login_plain: true,
            cram: false,
            required: false,
        };
        assert_eq!(Mode::from_env(None), Some(lp));
        assert_eq!(Mode::from_env(Some(b"1")), Some(lp));
        assert_eq!(Mode::from_env(Some(b"-")), None);
        let m = Mode::from_env(Some(b"!CRAM")).unwrap();
        assert!(m.required && m.cram && !m.login_plain);
        assert_eq!(m.offer(), b"CRAM-MD5");
        let m = Mode::from_env(Some(b"+cram")).unwrap();
        assert!(!m.required && m.cram && m.login_plain);
        assert_eq!(m.offer(), b"LOGIN PLAIN CRAM-MD5");
        assert!(Mode::from_env(Some(b"!")).unwrap().required);
    }

    #[test]
    fn base64_both_ways() {
        for s in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"] {
            let e = b64encode(s);
            if !s.is_empty() {
                assert_eq!(b64decode(&e).unwrap(), s);
            }
        }
        assert_eq!(b64encode(b"Username:"), b"VXNlcm5hbWU6");
        assert_eq!(b64decode(b"UGFzc3dvcmQ6").unwrap(), b"Password:");
        assert_eq!(b64decode(b"Zm9v!mFy"), None);
        assert_eq!(b64decode(b"Zm9"), None);
        assert_eq!(b64decode(b"Zg==Zg=="), None);
        assert_eq!(b64decode(b"Z==="), None);
        assert_eq!(b64decode(b""), None);
    }

    #[test]
    fn answers_split() {
        assert_eq!(
            split_plain(b"\0user\0secret"),
            (b"user".to_vec(), b"secret".to_vec())
        );
        assert_eq!(
            split_plain(b"admin\0u\0p\0x"),
            (b"u".to_vec(), b"p".to_vec())
        );
        assert_eq!(split_plain(b"nonul"), (vec![], vec![]));
        assert_eq!(
            split_cram(b"a user  0123abcd"),
            (b"a user ".to_vec(), b"0123abcd".to_vec())
        );
        assert_eq!(split_cram(b"nospace"), (b"nospace".to_vec(), vec![]));
        assert_eq!(cram_challenge(12, 34, b"h.example"), b"<12.34@h.example>");
    }
}
