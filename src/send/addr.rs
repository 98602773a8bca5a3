//! qmail-send's pure text work: recipient rewriting (locals, percenthack,
//! virtualdomains), the sender given to a spawner, the bounce paragraph
//! of one recipient, safe log text and the retry schedule.

use crate::base::byte::rchr;
use crate::base::constmap::Constmap;

/// Where a rewritten recipient goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chan {
    Local = 0,
    Remote = 1,
}

/// The maps and defaults rewriting needs.
#[derive(Debug, Default)]
pub struct Maps {
    pub envnoathost: Vec<u8>,
    pub percenthack: Constmap,
    pub locals: Constmap,
    pub vdoms: Constmap,
}

/// Rewrites recipient `recip` (bytes before its NUL): a domain-less
/// address gets `@envnoathost`, percenthack domains turn the last `%`
/// into `@`, a local domain stays as is, a virtual domain gets its
/// prefix and a dash in front. Returns the channel and the address.
pub fn rewrite(m: &Maps, recip: &[u8]) -> (Chan, Vec<u8>) {
    let mut addr = recip.to_vec();
    let mut i = rchr(&addr, b'@');
    if i == addr.len() {
        addr.push(b'@');
        addr.extend_from_slice(&m.envnoathost);
    }
    while m.percenthack.contains(&addr[i + 1..]) {
        let j = rchr(&addr[..i], b'%');
        if j == i {
            break;
        }
        addr.truncate(i);
        i = j;
        addr[i] = b'@';
    }
    let at = rchr(&addr, b'@');
    if m.locals.contains(&addr[at + 1..]) {
        return (Chan::Local, addr);
    }
    for i in 0..=addr.len() {
        if i == 0 || i == at + 1 || i == addr.len() || (i > at && addr[i] == b'.') {
            if let Some(x) = m.vdoms.get(&addr[i..]) {
                if x.is_empty() {
                    break;
                }
                let mut out = x.to_vec();
                out.push(b'-');
                out.extend_from_slice(&addr);
                return (Chan::Local, out);
            }
        }
    }
    (Chan::Remote, addr)
}

/// The sender handed to the spawner: a VERP sender `owner-@host-@[]`
/// becomes `owner-recipbox=reciphost@host`; others stay as they are.
pub fn senderadd(sender: &[u8], recip: &[u8]) -> Vec<u8> {
    let i = sender.len();
    if i >= 4 && sender.ends_with(b"-@[]") {
        let j = rchr(&sender[..i - 4], b'@');
        let k = rchr(recip, b'@');
        if k < recip.len() && j + 5 <= i {
            let mut sa = sender[..j].to_vec();
            sa.extend_from_slice(&recip[..k]);
            sa.push(b'=');
            sa.extend_from_slice(&recip[k + 1..]);
            sa.push(b'@');
            sa.extend_from_slice(&sender[j + 1..i - 4]);
            return sa;
        }
    }
    sender.to_vec()
}

/// The recipient as the bounce names it: a virtual domain's prefix and
/// dash taken off again.
pub fn stripvdomprepend<'a>(vdoms: &Constmap, recip: &'a [u8]) -> &'a [u8] {
    let i = rchr(recip, b'@');
    if i == recip.len() {
        return recip;
    }
    let domain = &recip[i + 1..];
    for i in 0..=domain.len() {
        if i == 0 || i == domain.len() || domain[i] == b'.' {
            if let Some(prepend) = vdoms.get(&domain[i..]) {
                if prepend.is_empty() {
                    break;
                }
                let n = prepend.len();
                if recip.len() < n || recip[..n] != *prepend {
                    break;
                }
                if recip.get(n) != Some(&b'-') {
                    break;
                }
                return &recip[n + 1..];
            }
        }
    }
    recip
}

/// One recipient's paragraph of a bounce: `<recip>:`, the report, a
/// blank line; newlines in the address become `_`, and an empty line
/// inside the report becomes `/` so the paragraph stays one.
pub fn bounce_text(recip: &[u8], report: &[u8]) -> Vec<u8> {
    let mut t = vec![b'<'];
    t.extend(recip.iter().map(|&c| if c == b'\n' { b'_' } else { c }));
    t.extend_from_slice(b">:\n");
    t.extend_from_slice(report);
    if report.last().is_some_and(|&c| c != b'\n') {
        t.push(b'\n');
    }
    let mut pos = t.len() as isize - 2;
    while pos > 0 {
        let p = pos as usize;
        if t[p] == b'\n' && t[p - 1] == b'\n' {
            t[p] = b'/';
        }
        pos -= 1;
    }
    t.push(b'\n');
    t
}

/// Text made safe for the log (logsafe): newline to `/`, `%`, controls,
/// space and non-ASCII to `_`; the text ends at its first NUL.
pub fn logsafe(s: &[u8]) -> Vec<u8> {
    crate::queue::qmail::cstr(s)
        .iter()
        .map(|&c| match c {
            b'\n' => b'/',
            b'%' => b'_',
            33..=126 => c,
            _ => b'_',
        })
        .collect()
}

/// The integer square root: result^2 <= x < (result + 1)^2, for x below 2^32.
fn squareroot(x: i64) -> i64 {
    let mut y: i64 = 0;
    let mut yy: i64 = 0;
    for j in (0..16).rev() {
        let y21 = (y << (j + 1)) + (1i64 << (j + j));
        if y21 <= x - yy {
            y += 1 << j;
            yy += y21;
        }
    }
    y
}

/// When a message born at `birth` is next tried at `recent`: the square
/// of (whole square root of its age plus the channel's skip, 10 local,
/// 20 remote) after its birth.
pub fn nextretry(birth: i64, recent: i64, skip: i64) -> i64 {
    let mut n = if birth > recent {
        0
    } else {
        squareroot(recent - birth)
    };
    n += skip;
    birth + n * n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maps() -> Maps {
        Maps {
            envnoathost: b"envhost".to_vec(),
            percenthack: Constmap::new(b"ph.example\0", false).unwrap(),
            locals: Constmap::new(b"golden.example\0localhost\0", false).unwrap(),
            vdoms: Constmap::new(
                b"virt.example:joe\0.sub.example:sub\0no.virt.example:\0",
                true,
            )
            .unwrap(),
        }
    }

    #[test]
    fn rewrites_like_stock() {
        let m = maps();
        let r = |s: &[u8]| {
            let (c, a) = rewrite(&m, s);
            (c, String::from_utf8(a).unwrap())
        };
        assert_eq!(r(b"bob"), (Chan::Remote, "bob@envhost".into()));
        assert_eq!(
            r(b"bob@Golden.Example"),
            (Chan::Local, "bob@Golden.Example".into())
        );
        assert_eq!(
            r(b"a%b%golden.example@ph.example"),
            (Chan::Local, "a%b@golden.example".into())
        );
        assert_eq!(
            r(b"x@virt.example"),
            (Chan::Local, "joe-x@virt.example".into())
        );
        assert_eq!(
            r(b"x@a.sub.example"),
            (Chan::Local, "sub-x@a.sub.example".into())
        );
        assert_eq!(
            r(b"x@no.virt.example"),
            (Chan::Remote, "x@no.virt.example".into())
        );
        assert_eq!(
            r(b"x@other.example"),
            (Chan::Remote, "x@other.example".into())
        );
    }

    #[test]
    fn verp_sender_and_vdom_strip() {
        assert_eq!(
            senderadd(b"owner-@host-@[]", b"box@rhost"),
            b"owner-box=rhost@host"
        );
        assert_eq!(senderadd(b"owner-@host-@[]", b"nobox"), b"owner-@host-@[]");
        assert_eq!(senderadd(b"a@b", b"c@d"), b"a@b");
        let m = maps();
        assert_eq!(
            stripvdomprepend(&m.vdoms, b"joe-x@virt.example"),
            b"x@virt.example"
        );
        assert_eq!(
            stripvdomprepend(&m.vdoms, b"jo-x@virt.example"),
            b"jo-x@virt.example"
        );
        assert_eq!(stripvdomprepend(&m.vdoms, b"nodomain"), b"nodomain");
    }

    #[test]
    fn bounce_paragraphs_and_safe_logs() {
        assert_eq!(bounce_text(b"a\nb", b"x\n\ny"), b"<a_b>:\nx\n/y\n\n");
        assert_eq!(bounce_text(b"a", b""), b"<a>:\n\n");
        assert_eq!(logsafe(b"a b%\n\xff\0zz"), b"a_b_/_");
    }

    #[test]
    fn retry_schedule() {
        assert_eq!(squareroot(0), 0);
        assert_eq!(squareroot(99), 9);
        assert_eq!(squareroot(100), 10);
        assert_eq!(nextretry(1000, 1000, 10), 1100);
        assert_eq!(nextretry(1000, 1400, 20), 1000 + 40 * 40);
        assert_eq!(nextretry(2000, 1000, 20), 2400);
    }
}
