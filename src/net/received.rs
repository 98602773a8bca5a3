//! The Received field the network front ends (qmail-smtpd, qmail-qmtpd,
//! qmail-qmqpd) put on top of each message, as stock's received.c writes
//! it:
//!
//! ```text
//! Received: from REMOTEHOST (HELO HELO) (INFO@REMOTEIP)
//!   by LOCAL with PROTOCOL; 26 Sep 1995 04:46:54 -0000
//! ```
//!
//! The HELO part only when the client's HELO differs from its host name,
//! `INFO@` only with an ident answer. Every byte of the client-supplied
//! parts outside `[A-Za-z0-9.@%+/=:-]` becomes `?`.

use crate::base::datetime::DateTime;

fn safe(out: &mut Vec<u8>, s: &[u8]) {
    for &c in s {
        let ok = c.is_ascii_alphanumeric() || b".@%+/=:-".contains(&c);
        out.push(if ok { c } else { b'?' });
    }
}

/// The field, ending in a newline. Each string is taken up to its first
/// NUL, as the C strings are.
pub fn received(
    protocol: &[u8],
    local: &[u8],
    remoteip: &[u8],
    remotehost: &[u8],
    remoteinfo: Option<&[u8]>,
    helo: Option<&[u8]>,
    when: &DateTime,
) -> Vec<u8> {
    let c = crate::base::byte::cstr;
    let mut v = b"Received: from ".to_vec();
    safe(&mut v, c(remotehost));
    if let Some(h) = helo {
        v.extend_from_slice(b" (HELO ");
        safe(&mut v, c(h));
        v.push(b')');
    }
    v.extend_from_slice(b" (");
    if let Some(i) = remoteinfo {
        safe(&mut v, c(i));
        v.push(b'@');
    }
    safe(&mut v, c(remoteip));
    v.extend_from_slice(b")\n  by ");
    safe(&mut v, c(local));
    v.extend_from_slice(b" with ");
    v.extend_from_slice(protocol);
    v.extend_from_slice(b"; ");
    v.extend_from_slice(&crate::base::date822fmt::date822fmt(when));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_layout_and_safe_bytes() {
        let dt = crate::base::datetime::tai(812_090_814);
        let r = received(
            b"SMTP",
            b"silverton.berkeley.edu",
            b"192.48.96.5",
            b"relay1.uu.net",
            Some(b"7"),
            Some(b"uunet.uu.net"),
            &dt,
        );
        assert_eq!(
            r,
            b"Received: from relay1.uu.net (HELO uunet.uu.net) (7@192.48.96.5)\n  by silverton.berkeley.edu with SMTP; 26 Sep 1995 04:46:54 -0000\n"
        );
        let r = received(b"SMTP", b"l", b"1.2.3.4", b"h o\xff(x)", None, None, &dt);
        assert!(r.starts_with(b"Received: from h?o??x? (1.2.3.4)\n  by l with SMTP; "));
    }
}
