#!/usr/bin/env python3
"""Writes the seed corpora, fuzz/corpus/<target>/seed-*: small valid and
nearly valid inputs for each target of fuzz/targets.rs. Run once; the files
are committed, and `make fuzz` adds what the fuzzer finds beside them."""
import os, struct, sys

top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

def put(target, items):
    d = os.path.join(top, target)
    os.makedirs(d, exist_ok=True)
    for i, b in enumerate(items):
        with open(os.path.join(d, "seed-%02d" % i), "wb") as f:
            f.write(b)

# The first byte of a stream target is the read size.
def st(b, chunk=b"\x07"):
    return chunk + b

put("smtp", [st(x) for x in [
    b"HELO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<joe@golden.example>\r\nDATA\r\nSubject: x\r\n\r\nhi\r\n..dot\r\n.\r\nQUIT\r\n",
    b"EHLO x\r\nMAIL FROM: <@route,@r2:a@[127.0.0.1]>\r\nRCPT TO:joe\r\nRCPT TO:<\"q u\"@x>\r\nDATA\r\nReceived: x\r\nDelivered-To: y\r\n\r\nbody\n.\r\n",
    b"mail from:<>\r\nrcpt to:<a\\@b@c>\r\ndata\r\n.\r\n",
    b"DATA\r\nx\r.\r\n.\r\n",
    b"RSET\r\nNOOP\r\nVRFY x\r\nHELP\r\nquit\r\n",
]])
put("pop3", [st(x) for x in [
    b"USER joe\r\nPASS secret\r\n",
    b"STAT\r\nLIST\r\nLIST 1\r\nRETR 1\r\nTOP 1 5\r\nUIDL\r\nDELE 2\r\nRSET\r\nQUIT\r\n",
    b"APOP joe 0123456789abcdef\r\nNOOP\r\nLAST\r\n",
]])
put("rfc822", [
    b"To: Joe <joe@example.com>, ann, \"Q, R\" <qr@x.y>",
    b"Cc: group: a@b, c@d; (comment) e@[1.2.3.4]",
    b"From: \"quoted\\\" name\" <@route:x@y> (a (nested) comment)",
    b"Bcc: a b c <d>",
    b"To: <>",
])
put("inject", [
    b"\nTo: joe, ann@elsewhere\nSubject: hi\nFrom: me\n",
    b"cfi\nReturn-Path: <a@b>\nResent-To: x\nResent-Cc: y,\n z\nMessage-ID: <1@x>\nDate: now\n",
    b"r\nFrom: Joe <joe+@>\nReply-To: group: ;\nApparently-To: q\nMail-Followup-To: a\n",
    b"\nTo: a\n\tb,\n c\nCc: \"x y\" <z>\nBcc: w\n",
])
put("dotqmail", [
    b"./Mailbox\n&ann\n|preline /bin/true\n# comment\n./Maildir/\n",
    b"\n+list\njoe@example.com\n/abs/mbox\n/abs/Maildir/\n",
    b"foo-bar.baz\n|cmd  \t\n",
    b"From x\n>From y\n>>From z\n",
])
put("control", [
    b"golden.example\nexample.com\n# comment\n\n.sub.example\n",
    b"v.example:pre\n.v2.example:pre2\n:catchall\njoe@golden.example:joe\n",
    b"example.com:relay.example:2525\n:smarthost\n[1.2.3.4]:\n",
])
put("assign", [
    b"=joe:joe:5001:5001:/home/joe:::\n+joe-:joe:5001:5001:/home/joe:-::\n.\n",
    b"+:alias:7790:2107:/var/qmail/alias:-::\n=Root:alias:1:2:/x:-:root:\n.\n",
    b"=bad\n=x:y\n+z:\n",
])

def cdb(records):
    recs = b""
    pos = 2048
    tables = [[] for _ in range(256)]
    def h(k):
        x = 5381
        for c in k:
            x = ((x << 5) + x) & 0xffffffff
            x ^= c
        return x
    for k, v in records:
        tables[h(k) & 255].append((h(k), pos))
        r = struct.pack("<II", len(k), len(v)) + k + v
        recs += r
        pos += len(r)
    head = b""
    tail = b""
    for t in tables:
        n = len(t) * 2
        slots = [(0, 0)] * n
        for hh, p in t:
            i = (hh >> 8) % n
            while slots[i][1]:
                i = (i + 1) % n
            slots[i] = (hh, p)
        head += struct.pack("<II", pos + len(tail), n)
        for s in slots:
            tail += struct.pack("<II", *s)
    return head + recs + tail

users = cdb([(b"!joe\0", b"joe\x005001\x005001\x00/home/joe\x00\x00\x00"),
             (b"!joe-", b"joe\x005001\x005001\x00/home/joe\x00-\x00\x00"),
             (b"", b"-")])
put("cdb", [b"\x03joe" + users, b"\x00" + users, b"\x04joe-" + users,
            b"\x01x" + cdb([(b"x", b"1"), (b"x", b"2"), (b"y", b"3")])])
put("envelope", [st(x) for x in [
    b"Fjoe@golden.example\0Tann@golden.example\0Tx@v.example\0\0",
    b"F\0Ta%b@pct.example\0Tnoat\0\0",
    b"Fa\0Tb\0",
    b"Xbad\0\0",
]])
put("spawn", [
    b"\x01" + b"123\0joe@golden.example\0ann@golden.example\0",
    b"\x00" + b"456\0\0x@y\0" + b"\x05789\0a\0b\0",
    b"\x00" + b"Khappy\0",
    b"rZdeferred\0Dfailed\0",
])
put("remote", [
    b"220 hello\r\n250-x\r\n250-PIPELINING\r\n250 8BITMIME\r\n354 go\r\n250 ok\r\n221 bye\r\n",
    b"550 no\r\n421-a\r\n421 b\r\n",
    b"\x07line\r\n.dot\r\nbare\rcr\n.\n",
    b"xyz\r\n2",
])

def name(n):
    out = b""
    for part in n.split(b"."):
        if part:
            out += bytes([len(part)]) + part
    return out + b"\0"

def rr(owner, t, data):
    return owner + struct.pack(">HHIH", t, 1, 300, len(data)) + data

def packet(q, qt, answers):
    h = struct.pack(">HHHHHH", 1, 0x8180, 1, len(answers), 0, 0)
    return h + name(q) + struct.pack(">HH", qt, 1) + b"".join(answers)

ptr = b"\xc0\x0c"  # the question's name
put("dns", [
    packet(b"example.com", 15, [rr(ptr, 15, b"\0\x0a" + name(b"mx.example.com")),
                                rr(ptr, 15, b"\0\x14" + b"\x03mx2\xc0\x0c")]),
    packet(b"mx.example.com", 1, [rr(ptr, 1, b"\x7f\0\0\x01"), rr(ptr, 1, b"\x0a\0\0\x02")]),
    packet(b"alias.example", 5, [rr(ptr, 5, name(b"target.example"))]),
    packet(b"x.example", 1, [rr(ptr, 5, b"\xc0\x0c"), rr(b"\xc0\x0c", 1, b"\x01\x02")]),
    packet(b"1.0.0.127.in-addr.arpa", 12, [rr(ptr, 12, name(b"localhost"))]),
])

def ns(b):
    return b"%d:" % len(b) + b + b","

# qmtp: a byte for DATABYTES and RELAYCLIENT (fuzz/targets.rs), then the
# read size, then the session; printable bytes throughout.
def qmtp_msg(text, sender, recips):
    return ns(text) + ns(sender) + ns(b"".join(ns(r) for r in recips))

put("qmtp", [
    b"K#" + qmtp_msg(b"\nSubject: hi\n\nhello\n", b"a@b", [b"x@golden.example", b"y@refused"])
          + qmtp_msg(b"\n", b"", [b"z@golden.example"]),
    b"K#" + qmtp_msg(b"\rSubject: crlf\r\n\r\nbare\rcr\r\nend\r", b"a@b", [b"x@golden.example"]),
    b"A#" + qmtp_msg(b"\nrelayed\n", b"a@b", [b"anyone", b"x@y"]),
    b"L#" + qmtp_msg(b"\rtoo big\r\n", b"a@b", [b"x@golden.example"]),
    b"N#" + qmtp_msg(b"\n" + b"body line\n" * 12, b"s" * 1000, [b"x@golden.example"]),
    b"I#" + qmtp_msg(b"\nx\n", b"a@b", [b"l" * 800, b"!fails"]),
    b"K#" + b"1:\n,0:,3:1:a,,",
    b"K#" + b"0:",
    b"K#" + b"99:x",
    b"K#" + b"1:\n;",
])

# qmqp: the read size, then the packet; the same bytes are read as a
# server's answer too.
def qmqp_packet(text, sender, recips):
    return ns(ns(text) + ns(sender) + b"".join(ns(r) for r in recips))

put("qmqp", [
    b"#" + qmqp_packet(b"Subject: hi\n\nhello\n", b"a@b", [b"x@golden.example", b"y@z"]),
    b"#" + qmqp_packet(b"", b"", []),
    b"#" + qmqp_packet(b"x\n", b"s" * 1000, [b"r" * 999]),
    b"#" + b"5:1:x,3:abc,,",
    b"#" + b"7:1:x,0:,;",
    b"#" + b"0" * 101 + b":",
    b"#" + b"999999999999:",
    b"12:Kok 1 qp 2,",
    b"35:Zsorry, try again later (#4.3.0),",
    b"xyz:Dno,",
])
