use super::*;

/// A name in wire form from dotted text (no escapes).
fn wire(name: &str) -> Vec<u8> {
    let mut v = Vec::new();
    for l in name.split('.').filter(|l| !l.is_empty()) {
        v.push(l.len() as u8);
        v.extend_from_slice(l.as_bytes());
    }
    v.push(0);
    v
}

/// A message header: flags, and the question and answer counts.
fn header(flags: u16, qd: u16, an: u16) -> Vec<u8> {
    let mut v = vec![0x12, 0x34];
    v.extend_from_slice(&flags.to_be_bytes());
    v.extend_from_slice(&qd.to_be_bytes());
    v.extend_from_slice(&an.to_be_bytes());
    v.extend_from_slice(&[0, 0, 0, 0]);
    v
}

fn question(v: &mut Vec<u8>, name: &str, qtype: u16) {
    v.extend_from_slice(&wire(name));
    v.extend_from_slice(&qtype.to_be_bytes());
    v.extend_from_slice(&1u16.to_be_bytes());
}

/// A record with owner `owner` (wire bytes), type and data.
fn record(v: &mut Vec<u8>, owner: &[u8], rrtype: u16, data: &[u8]) {
    v.extend_from_slice(owner);
    v.extend_from_slice(&rrtype.to_be_bytes());
    v.extend_from_slice(&1u16.to_be_bytes());
    v.extend_from_slice(&300u32.to_be_bytes());
    v.extend_from_slice(&(data.len() as u16).to_be_bytes());
    v.extend_from_slice(data);
}

fn mxdata(pref: u16, name: &[u8]) -> Vec<u8> {
    let mut d = pref.to_be_bytes().to_vec();
    d.extend_from_slice(name);
    d
}

/// A state holding `packet` as the answer just received, in a buffer of
/// `bufsize` bytes (zero past the packet unless `fill` says otherwise).
fn state_with(packet: &[u8], bufsize: usize, fill: u8) -> State {
    let mut buf = vec![fill; bufsize.max(packet.len())];
    buf[..packet.len()].copy_from_slice(packet);
    State {
        search: false,
        buf,
        end: 0,
        pos: 0,
        numanswers: 0,
        name: Vec::new(),
        ip: IpAddress([0; 4]),
        pref: 0,
    }
}

/// Walks every answer with `step`, collecting what was found.
fn walk(
    s: &mut State,
    mut step: impl FnMut(&mut State) -> Result<Step, DnsError>,
) -> Result<Vec<Vec<u8>>, DnsError> {
    let mut found = Vec::new();
    loop {
        match step(s)? {
            Step::Found => found.push(s.name.clone()),
            Step::Other => {}
            Step::Done => return Ok(found),
        }
    }
}

fn expand_all(msg: &[u8], eom: usize) {
    for pos in 0..=msg.len() + 1 {
        let ours = expand(msg, eom, pos).map(|(n, u)| (n, u as i32));
        let libc = crate::sys::resolv::dn_expand(msg, eom, pos);
        assert_eq!(ours, libc, "msg {msg:?} eom {eom} pos {pos}");
    }
}

#[test]
fn expand_follows_pointers_and_escapes() {
    let mut m = header(0x8180, 0, 0);
    m.extend_from_slice(&wire("mx.example.org")); // at 12
    m.extend_from_slice(&[3, b'w', b'w', b'w', 0xc0, 12]); // at 28
    m.extend_from_slice(&[4, b'a', b'.', b'(', 0x07, 0xc0, 15]); // at 34
    let got = |pos| expand(&m, m.len(), pos);
    assert_eq!(got(12), Some((b"mx.example.org".to_vec(), 16)));
    assert_eq!(got(28), Some((b"www.mx.example.org".to_vec(), 6)));
    assert_eq!(got(34), Some((b"a\\.\\(\\007.example.org".to_vec(), 7)));
    // The root is the empty name, one byte long.
    assert_eq!(expand(&[0], 1, 0), Some((Vec::new(), 1)));
    expand_all(&m, m.len());
}

#[test]
fn expand_refuses_loops_and_bad_pointers() {
    let mut m = header(0x8180, 0, 0);
    m.extend_from_slice(&[0xc0, 12]); // points at itself
    m.extend_from_slice(&[1, b'a', 0xc0, 16]); // label then back to itself
    m.extend_from_slice(&[0xc0, 0xff]); // past the end
    m.extend_from_slice(&[0x40, 1, 0]); // extended label type
    m.extend_from_slice(&[0x80, 1, 0]); // reserved label type
    m.extend_from_slice(&[5, b'a', b'b']); // label runs off the end
    assert_eq!(expand(&m, m.len(), 12), None);
    assert_eq!(expand(&m, m.len(), 14), None);
    assert_eq!(expand(&m, m.len(), 18), None);
    assert_eq!(expand(&m, m.len(), 20), None);
    assert_eq!(expand(&m, m.len(), 23), None);
    assert_eq!(expand(&m, m.len(), 26), None);
    assert_eq!(expand(&m, m.len(), m.len()), None);
    // A pointer whose second byte is missing.
    assert_eq!(expand(&[0xc0], 1, 0), None);
    expand_all(&m, m.len());
}

#[test]
fn expand_limits_names_to_255_bytes() {
    for total in 250..260usize {
        // Labels of 63 bytes, then one that brings the wire form (with the
        // final 0) to `total` bytes.
        let mut v = Vec::new();
        let mut left = total - 1;
        while left > 0 {
            let n = (left - 1).min(63);
            if n == 0 {
                break;
            }
            v.push(n as u8);
            v.extend(std::iter::repeat(b'x').take(n));
            left -= n + 1;
        }
        v.push(0);
        expand_all(&v, v.len());
        let r = expand(&v, v.len(), 0);
        assert_eq!(r.is_some(), v.len() <= 255, "{}", v.len());
    }
    // Every byte value in a label.
    let mut v = Vec::new();
    for c in 0..=255u8 {
        v.extend_from_slice(&[1, c]);
        if v.len() > 200 {
            v.push(0);
            expand_all(&v, v.len());
            v.clear();
        }
    }
}

#[test]
fn expand_agrees_with_libc_on_damaged_packets() {
    // A real-looking answer, then the same bytes damaged many ways: each
    // byte set to each of a few telling values, and cut at every length.
    let mut m = header(0x8180, 1, 3);
    question(&mut m, "example.org", T_MX);
    record(
        &mut m,
        &[0xc0, 12],
        T_MX,
        &mxdata(10, &[2, b'm', b'x', 0xc0, 12]),
    );
    record(&mut m, &[0xc0, 12], T_MX, &mxdata(20, &[0xc0, 41]));
    record(&mut m, &[0xc0, 41], T_A, &[127, 0, 0, 1]);
    for cut in 0..=m.len() {
        expand_all(&m, cut);
    }
    for i in 0..m.len() {
        for v in [0u8, 1, 2, 5, 12, 63, 64, 0x80, 0xc0, 0xc1, 0xff] {
            let mut d = m.clone();
            d[i] = v;
            expand_all(&d, d.len());
        }
    }
    // Pseudo-random bytes with many pointers.
    let mut x: u64 = 88172645463325252;
    for _ in 0..300 {
        let mut d = header(0, 0, 0);
        for _ in 0..40 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let b = (x & 0xff) as u8;
            d.push(match x >> 61 {
                0 | 1 => 0xc0,
                2 => b % 50,
                3 => b % 8,
                _ => b,
            });
        }
        expand_all(&d, d.len());
    }
}

#[test]
fn question_section_is_stepped_over() {
    let mut m = header(0x8180, 1, 1);
    question(&mut m, "example.org", T_A);
    record(&mut m, &[0xc0, 12], T_A, &[10, 0, 0, 1]);
    let mut s = state_with(&m, FIRST_BUF, 0);
    assert_eq!(s.start(m.len()), Ok(()));
    assert_eq!(s.numanswers, 1);
    assert_eq!(s.findip(T_A), Ok(Step::Found));
    assert_eq!(s.ip, IpAddress([10, 0, 0, 1]));
    assert_eq!(s.findip(T_A), Ok(Step::Done));

    // A question cut inside its type and class is temporary.
    let mut q = header(0x8180, 1, 1);
    question(&mut q, "example.org", T_A);
    let mut s = state_with(&q[..q.len() - 1], FIRST_BUF, 0);
    assert_eq!(s.start(q.len() - 1), Err(DnsError::Soft));
    // A header alone, fewer bytes than a header: the first answer fails.
    let mut s = state_with(&header(0x8180, 0, 1), FIRST_BUF, 0);
    assert_eq!(s.start(12), Ok(()));
    assert_eq!(s.findip(T_A), Err(DnsError::Soft));
    let mut s = state_with(&[0x12, 0x34, 0x81], FIRST_BUF, 0);
    assert_eq!(s.start(3), Ok(()));
    assert_eq!(s.numanswers, 0);
    assert_eq!(s.findip(T_A), Ok(Step::Done));
}

#[test]
fn a_records_are_read_as_stock_reads_them() {
    let mut m = header(0x8180, 1, 4);
    question(&mut m, "h.example", T_A);
    record(&mut m, &[0xc0, 12], T_CNAME, &wire("x.example"));
    record(&mut m, &[0xc0, 12], T_A, &[1, 2, 3, 4, 5, 6]); // long: first 4 count
    record(&mut m, &[0xc0, 12], T_A, &[9, 9, 9, 9]);
    record(&mut m, &[0xc0, 12], T_A, &[7, 7]); // short: temporary
    let mut s = state_with(&m, FIRST_BUF, 0);
    s.start(m.len()).unwrap_or_else(|e| unreachable!("{e:?}"));
    let mut ips = Vec::new();
    let r = loop {
        match s.findip(T_A) {
            Ok(Step::Found) => ips.push(s.ip),
            Ok(Step::Other) => {}
            Ok(Step::Done) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    assert_eq!(ips, vec![IpAddress([1, 2, 3, 4]), IpAddress([9, 9, 9, 9])]);
    assert_eq!(r, Err(DnsError::Soft));

    // The data of the last record runs past the packet: its bytes come
    // from what the buffer held before, as in C.
    let mut m = header(0x8180, 0, 1);
    record(&mut m, &wire("h.example"), T_A, &[1, 2, 3, 4]);
    m.truncate(m.len() - 2);
    let mut s = state_with(&m, FIRST_BUF, 0xaa);
    s.start(m.len()).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(s.findip(T_A), Ok(Step::Found));
    assert_eq!(s.ip, IpAddress([1, 2, 0xaa, 0xaa]));
    assert_eq!(s.findip(T_A), Ok(Step::Done));

    // A record header cut short.
    let mut m = header(0x8180, 0, 1);
    record(&mut m, &wire("h.example"), T_A, &[1, 2, 3, 4]);
    let cut = wire("h.example").len() + 12 + 9;
    let mut s = state_with(&m[..cut], FIRST_BUF, 0);
    s.start(cut).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(s.findip(T_A), Err(DnsError::Soft));

    // More answers counted than present: the one after the end fails.
    let mut m = header(0x8180, 0, 2);
    record(&mut m, &wire("h.example"), T_A, &[1, 2, 3, 4]);
    let mut s = state_with(&m, FIRST_BUF, 0);
    s.start(m.len()).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(s.findip(T_A), Ok(Step::Found));
    assert_eq!(s.findip(T_A), Err(DnsError::Soft));

    // A data length that jumps past the end fails only at the next record,
    // and not at all when it was the last.
    let mut m = header(0x8180, 0, 1);
    record(&mut m, &wire("h.example"), T_MX, &[0, 1, 0]);
    let n = m.len();
    m[n - 5] = 0xff; // rdlength 0xff03
    let mut s = state_with(&m, FIRST_BUF, 0);
    s.start(m.len()).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(s.findip(T_A), Ok(Step::Other));
    assert_eq!(s.findip(T_A), Ok(Step::Done));
}

#[test]
fn a_thousand_mx_records() {
    let mut m = header(0x8180, 1, 1000);
    question(&mut m, "big.example", T_MX);
    for i in 0..1000u16 {
        record(
            &mut m,
            &[0xc0, 12],
            T_MX,
            &mxdata(i % 7, &[1, b'a' + (i % 26) as u8, 0xc0, 12]),
        );
    }
    assert!(m.len() > 512 && m.len() < BIG_BUF);
    let mut s = state_with(&m, BIG_BUF, 0);
    s.start(m.len()).unwrap_or_else(|e| unreachable!("{e:?}"));
    let found = walk(&mut s, |s| s.findmx(T_MX)).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(found.len(), 1000);
    assert_eq!(found[27], b"b.big.example");

    // Cut to 512 bytes, as stock kept it: a record breaks off, which is
    // temporary.
    let mut s = state_with(&m[..512], FIRST_BUF, 0);
    s.start(512).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(walk(&mut s, |s| s.findmx(T_MX)), Err(DnsError::Soft));

    // The draw over 1000 exchangers takes every one exactly once.
    let mut mx: Vec<(Vec<u8>, u16)> = (0..1000u16).map(|i| (vec![], i % 3)).collect();
    for (i, m) in mx.iter_mut().enumerate() {
        m.0 = i.to_string().into_bytes();
    }
    let mut random = 42;
    let mut seen = std::collections::BTreeSet::new();
    let mut last_pref = 0;
    while !mx.is_empty() {
        let i = pick(&mx, &mut random);
        let (name, p) = mx.swap_remove(i);
        assert!(p >= last_pref);
        last_pref = p;
        assert!(seen.insert(name));
    }
    assert_eq!(seen.len(), 1000);
}

#[test]
fn mx_records_of_other_shapes() {
    let mut m = header(0x8180, 0, 3);
    record(&mut m, &wire("d.example"), T_CNAME, &wire("e.example"));
    record(
        &mut m,
        &wire("d.example"),
        T_MX,
        &mxdata(5, &wire("mx.e.example")),
    );
    record(&mut m, &wire("d.example"), T_MX, &[0, 5]); // too short
    let mut s = state_with(&m, FIRST_BUF, 0);
    s.start(m.len()).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(s.findmx(T_MX), Ok(Step::Other));
    assert_eq!(s.findmx(T_MX), Ok(Step::Found));
    assert_eq!((s.pref, s.name.as_slice()), (5, &b"mx.e.example"[..]));
    assert_eq!(s.findmx(T_MX), Err(DnsError::Soft));

    // An exchanger name that loops.
    let mut m = header(0x8180, 0, 1);
    let at = m.len() + wire("d.example").len() + 10 + 2;
    record(
        &mut m,
        &wire("d.example"),
        T_MX,
        &mxdata(5, &[0xc0, at as u8]),
    );
    let mut s = state_with(&m, FIRST_BUF, 0);
    s.start(m.len()).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(s.findmx(T_MX), Err(DnsError::Soft));
}

#[test]
fn cname_and_ptr_records() {
    // The CNAME is found even when records after it are damaged: stock
    // stops reading at the first one.
    let mut m = header(0x8180, 1, 2);
    question(&mut m, "alias.example", T_CNAME);
    record(&mut m, &[0xc0, 12], T_CNAME, &wire("real.example"));
    m.extend_from_slice(&[0xc0, 0xff, 0, 0]);
    let mut s = state_with(&m, FIRST_BUF, 0);
    s.start(m.len()).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(s.findname(T_CNAME), Ok(Step::Found));
    assert_eq!(s.name, b"real.example");
    assert_eq!(s.findname(T_CNAME), Err(DnsError::Soft));

    let mut m = header(0x8180, 0, 2);
    record(
        &mut m,
        &wire("4.3.2.1.in-addr.arpa"),
        T_CNAME,
        &wire("x.example"),
    );
    record(
        &mut m,
        &wire("4.3.2.1.in-addr.arpa"),
        T_PTR,
        &wire("host.example"),
    );
    let mut s = state_with(&m, FIRST_BUF, 0);
    s.start(m.len()).unwrap_or_else(|e| unreachable!("{e:?}"));
    assert_eq!(
        walk(&mut s, |s| s.findname(T_PTR)),
        Ok(vec![b"host.example".to_vec()])
    );
}

#[test]
fn equal_preferences_are_drawn_like_stock() {
    // Expected orders computed with an independent model of dns.c's draw.
    let order = |prefs: &[u16], mut random: u64| {
        let mut mx: Vec<(Vec<u8>, u16)> = prefs
            .iter()
            .enumerate()
            .map(|(i, &p)| (vec![i as u8], p))
            .collect();
        let mut out = Vec::new();
        while !mx.is_empty() {
            let i = pick(&mx, &mut random);
            out.push(mx.swap_remove(i).0[0]);
        }
        out
    };
    assert_eq!(order(&[10, 10, 10, 10], 0), [2, 0, 3, 1]);
    assert_eq!(order(&[10, 10, 10, 10], 1), [1, 0, 2, 3]);
    assert_eq!(order(&[10, 10, 10, 10], (1 << 63) + 7), [0, 3, 2, 1]);
    assert_eq!(order(&[20, 10, 10, 5, 10], 0), [3, 2, 1, 4, 0]);
    assert_eq!(order(&[20, 10, 10, 5, 10], 12345), [3, 1, 4, 2, 0]);
}

#[test]
fn literals_and_reverse_names() {
    assert_eq!(literal(b"1.2.3.4"), Some(IpAddress([1, 2, 3, 4])));
    assert_eq!(literal(b"[1.2.3.4]"), Some(IpAddress([1, 2, 3, 4])));
    assert_eq!(literal(b"1.2.3.4.example"), None);
    assert_eq!(literal(b"[1.2.3.4]x"), None);
    assert_eq!(literal(b"1.2.3.4\0junk"), Some(IpAddress([1, 2, 3, 4])));
    assert_eq!(literal(b""), None);
    assert_eq!(
        reverse_name(&IpAddress([127, 0, 10, 200])),
        b"200.10.0.127.in-addr.arpa."
    );
}
