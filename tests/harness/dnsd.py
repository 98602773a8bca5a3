#!/usr/bin/python3
"""A scripted DNS server for golden cases: the answers a real server will
not give (truncated, oversized, looping, malformed, silent).

    dnsd.py [--addr 127.0.0.1] [--port 53] [--ready FILE] [--log FILE]

Serves UDP and TCP on the same port until killed. FILE for --ready is
created once both sockets listen (it must be private to the run); --log gets one line per question:
`udp|tcp TYPE NAME`. Standard library only.

What a name gets is chosen by its first label (case-insensitive); the
rest of the name is free (`mx40.example`, `servfail.anything`). Over UDP
an answer over 512 bytes is replaced by its header and question with TC
set, as a server without EDNS does, so the resolver asks again over TCP.

  servfail nxdomain refused   that rcode, no records
  nodata                      NOERROR, no records
  silent                      no answer at all (the resolver times out)
  tc                          UDP: TC and nothing else; TCP: the A or MX
                              answer of `h9`
  hN                          A 127.0.N/256.N%256 (N decimal)
  aN                          N A records 127.1.N/256.N%256 (over 512
                              bytes from about 32)
  mxN                         N MX records, preference 10+i, exchanger hI
                              (I = 1..N); A: no records
  eqN                         N MX records, all preference 10, exchangers hI
  mxip                        one MX whose exchanger is the name
                              127.0.0.5. (taken as a literal address)
  mxsoft mxhard               MX 10 servfail.<suffix> / nxdomain.<suffix>
                              and MX 20 h2.<suffix>
  mxbad                       one MX whose exchanger name is a pointer loop
  loopa loopb                 CNAME to each other (same suffix)
  chainN                      CNAME chainN-1; chain0 has A 127.0.0.7. An A
                              question gets the whole chain and the A
  rfc8482                     ANY: HINFO "RFC8482" "" (RFC 8482);
                              CNAME and A: CNAME target.<suffix> (A adds
                              127.0.0.8)
  target                      A 127.0.0.8
  escape                      CNAME (and PTR) to a name with a dot, a
                              space and a byte 7 inside a label
  badptr                      the answer's owner is a pointer past the end
  ptrloop                     the answer's owner is a pointer to itself
  badq                        the question is a pointer loop
  cut                         a CNAME/A/MX/PTR answer cut inside its fixed
                              fields (no TC)
  overcount                   A 127.0.0.1 but an answer count of 3
  shorta longa                A record with 2 / 6 data bytes
  shortmx                     MX record with 2 data bytes
  wrongtype                   one TXT record, whatever the question
  otherfirst                  a TXT record, then the answer (A 127.0.0.3,
                              MX 10 h3, CNAME target, PTR other.example)

Reverse names D.C.B.A.in-addr.arpa are chosen by D: 2 servfail,
3 nxdomain, 4 silent, 5 escape, 6 otherfirst, 7 badptr, 8 cut, 9 nodata;
any other gets PTR hostD.example.
"""

import socket
import struct
import sys
import threading

T_A, T_CNAME, T_HINFO, T_PTR, T_MX, T_TXT, T_ANY = 1, 5, 13, 12, 15, 16, 255


def wire(name):
    out = b""
    for label in name.split(b"."):
        if label:
            out += bytes([len(label)]) + label
    return out + b"\0"


def rr(owner, rtype, data, ttl=300):
    return owner + struct.pack(">HHIH", rtype, 1, ttl, len(data)) + data


def parse_query(q):
    """(id, flags, labels, qtype, question bytes) or None."""
    if len(q) < 12:
        return None
    qid, flags, qd = struct.unpack(">HHH", q[:6])
    if qd != 1:
        return None
    pos = 12
    labels = []
    while pos < len(q):
        n = q[pos]
        pos += 1
        if n == 0:
            break
        if n & 0xC0:
            return None
        labels.append(q[pos:pos + n])
        pos += n
    if pos + 4 > len(q):
        return None
    qtype = struct.unpack(">H", q[pos:pos + 2])[0]
    return qid, flags, labels, qtype, q[12:pos + 4]


def number(label, prefix):
    rest = label[len(prefix):]
    if label.startswith(prefix) and rest.isdigit():
        return int(rest)
    return None


Q = b"\xc0\x0c"  # a pointer to the question's name


def answer(labels, qtype, question):
    """(rcode, answer records bytes, answer count, raw override or None,
    silent).  `raw`, when given, replaces everything after the header and
    the question."""
    low = [l.lower() for l in labels]
    first = low[0] if low else b""
    suffix = b".".join(labels[1:])

    def ans(records):
        return 0, b"".join(records), len(records), None, False

    def rcode(c):
        return c, b"", 0, None, False

    if len(low) >= 2 and low[-2:] == [b"in-addr", b"arpa"]:
        d = number(first, b"") if first.isdigit() else None
        mapping = {2: b"servfail", 3: b"nxdomain", 4: b"silent", 5: b"escape",
                   6: b"otherfirst", 7: b"badptr", 8: b"cut", 9: b"nodata"}
        if d in mapping:
            first = mapping[d]
        elif qtype in (T_PTR, T_ANY):
            return ans([rr(Q, T_PTR, wire(b"host%d.example" % (d or 0)))])
        else:
            return rcode(0)

    if first == b"servfail":
        return rcode(2)
    if first == b"nxdomain":
        return rcode(3)
    if first == b"refused":
        return rcode(5)
    if first == b"nodata":
        return rcode(0)
    if first == b"silent":
        return 0, b"", 0, None, True
    if first == b"tc":
        if qtype == T_MX:
            return ans([rr(Q, T_MX, struct.pack(">H", 10) + wire(b"h9." + suffix))])
        return ans([rr(Q, T_A, bytes([127, 0, 0, 9]))])
    n = number(first, b"h")
    if n is not None:
        if qtype in (T_A, T_ANY):
            return ans([rr(Q, T_A, bytes([127, 0, n // 256 % 256, n % 256]))])
        return rcode(0)
    n = number(first, b"a")
    if n is not None:
        if qtype in (T_A, T_ANY):
            return ans([rr(Q, T_A, bytes([127, 1, i // 256 % 256, i % 256]))
                        for i in range(1, n + 1)])
        return rcode(0)
    for prefix, same in ((b"mx", False), (b"eq", True)):
        n = number(first, prefix)
        if n is not None:
            if qtype in (T_MX, T_ANY):
                return ans([rr(Q, T_MX, struct.pack(">H", 10 if same else 10 + i)
                               + wire(b"h%d." % i + suffix))
                            for i in range(1, n + 1)])
            return rcode(0)
    if first == b"mxip":
        if qtype == T_MX:
            return ans([rr(Q, T_MX, struct.pack(">H", 10) + wire(b"127.0.0.5"))])
        return rcode(0)
    if first in (b"mxsoft", b"mxhard"):
        if qtype == T_MX:
            bad = b"servfail." if first == b"mxsoft" else b"nxdomain."
            return ans([rr(Q, T_MX, struct.pack(">H", 10) + wire(bad + suffix)),
                        rr(Q, T_MX, struct.pack(">H", 20) + wire(b"h2." + suffix))])
        return rcode(0)
    if first == b"mxbad":
        if qtype == T_MX:
            # The exchanger name starts 12 + len(question) + 2 + 10 + 2 in.
            at = 12 + len(question) + 2 + 10 + 2
            return ans([rr(Q, T_MX, struct.pack(">H", 10) + struct.pack(">H", 0xC000 | at))])
        return rcode(0)
    if first in (b"loopa", b"loopb"):
        other = b"loopb" if first == b"loopa" else b"loopa"
        return ans([rr(Q, T_CNAME, wire(other + b"." + suffix))])
    n = number(first, b"chain")
    if n is not None:
        if n == 0:
            if qtype in (T_A, T_ANY):
                return ans([rr(Q, T_A, bytes([127, 0, 0, 7]))])
            return rcode(0)
        if qtype == T_A:
            recs = []
            for k in range(n, 0, -1):
                owner = wire(b"chain%d." % k + suffix)
                recs.append(rr(owner, T_CNAME, wire(b"chain%d." % (k - 1) + suffix)))
            recs.append(rr(wire(b"chain0." + suffix), T_A, bytes([127, 0, 0, 7])))
            return ans(recs)
        return ans([rr(Q, T_CNAME, wire(b"chain%d." % (n - 1) + suffix))])
    if first == b"rfc8482":
        if qtype == T_ANY:
            return ans([rr(Q, T_HINFO, b"\x07RFC8482\x00")])
        recs = [rr(Q, T_CNAME, wire(b"target." + suffix))]
        if qtype == T_A:
            recs.append(rr(wire(b"target." + suffix), T_A, bytes([127, 0, 0, 8])))
        if qtype in (T_A, T_CNAME):
            return ans(recs)
        return rcode(0)
    if first == b"target":
        if qtype in (T_A, T_ANY):
            return ans([rr(Q, T_A, bytes([127, 0, 0, 8]))])
        return rcode(0)
    if first == b"escape":
        odd = b"\x06a.b c\x07" + wire(b"example")
        if qtype in (T_CNAME, T_ANY):
            return ans([rr(Q, T_CNAME, odd)])
        if qtype == T_PTR:
            return ans([rr(Q, T_PTR, odd)])
        return rcode(0)
    if first == b"badptr":
        return ans([rr(b"\xc0\xff", qtype, bytes([127, 0, 0, 1]))])
    if first == b"ptrloop":
        at = 12 + len(question)
        return ans([rr(struct.pack(">H", 0xC000 | at), qtype, bytes([127, 0, 0, 1]))])
    if first == b"badq":
        return 0, b"", 1, b"", False  # the question itself is replaced below
    if first == b"cut":
        whole = rr(Q, qtype, bytes([127, 0, 0, 1]))
        return 0, whole[:7], 1, None, False
    if first == b"overcount":
        return 0, rr(Q, T_A, bytes([127, 0, 0, 1])), 3, None, False
    if first == b"shorta":
        return ans([rr(Q, T_A, bytes([127, 0]))])
    if first == b"longa":
        return ans([rr(Q, T_A, bytes([127, 0, 0, 6, 9, 9]))])
    if first == b"shortmx":
        return ans([rr(Q, T_MX, b"\x00\x0a")])
    if first == b"wrongtype":
        return ans([rr(Q, T_TXT, b"\x05hello")])
    if first == b"otherfirst":
        recs = [rr(Q, T_TXT, b"\x05hello")]
        if qtype == T_A:
            recs.append(rr(Q, T_A, bytes([127, 0, 0, 3])))
        elif qtype == T_MX:
            recs.append(rr(Q, T_MX, struct.pack(">H", 10) + wire(b"h3." + suffix)))
        elif qtype in (T_CNAME, T_ANY):
            recs.append(rr(Q, T_CNAME, wire(b"target." + suffix)))
        elif qtype == T_PTR:
            recs.append(rr(Q, T_PTR, wire(b"other.example")))
        return ans(recs)
    return rcode(3)


def respond(q, tcp, log):
    p = parse_query(q)
    if p is None:
        return None
    qid, qflags, labels, qtype, question = p
    if log:
        with LOG_LOCK:
            log.write("%s %d %s\n" % ("tcp" if tcp else "udp", qtype,
                                      b".".join(labels).decode("latin-1")))
            log.flush()
    code, records, count, raw, silent = answer(labels, qtype, question)
    if silent:
        return None
    first = labels[0].lower() if labels else b""
    flags = 0x8000 | (qflags & 0x0100) | 0x0080 | code
    if first == b"tc" and not tcp:
        return struct.pack(">HHHHHH", qid, flags | 0x0200, 1, 0, 0, 0) + question
    if raw is not None and first == b"badq":
        # A question whose name points at itself.
        bad = b"\xc0\x0c" + question[-4:]
        return struct.pack(">HHHHHH", qid, flags, 1, 1, 0, 0) + bad + rr(Q, T_A, bytes([127, 0, 0, 1]))
    msg = struct.pack(">HHHHHH", qid, flags, 1, count, 0, 0) + question + records
    if not tcp and len(msg) > 512:
        return struct.pack(">HHHHHH", qid, flags | 0x0200, 1, 0, 0, 0) + question
    return msg


LOG_LOCK = threading.Lock()


def serve_udp(sock, log):
    while True:
        q, peer = sock.recvfrom(65535)
        r = respond(q, False, log)
        if r is not None:
            sock.sendto(r, peer)


def read_exact(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def serve_tcp_conn(conn, log):
    with conn:
        while True:
            head = read_exact(conn, 2)
            if head is None:
                return
            q = read_exact(conn, struct.unpack(">H", head)[0])
            if q is None:
                return
            r = respond(q, True, log)
            if r is None:
                continue
            conn.sendall(struct.pack(">H", len(r)) + r)


def serve_tcp(sock, log):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=serve_tcp_conn, args=(conn, log), daemon=True).start()


def main(argv):
    addr, port, ready, logname = "127.0.0.1", 53, None, None
    i = 1
    while i < len(argv):
        opt = argv[i]
        val = argv[i + 1] if i + 1 < len(argv) else None
        if opt == "--addr":
            addr = val
        elif opt == "--port":
            port = int(val)
        elif opt == "--ready":
            ready = val
        elif opt == "--log":
            logname = val
        else:
            sys.stderr.write("dnsd.py: unknown option %s\n" % opt)
            return 2
        i += 2
    log = open(logname, "a") if logname else None
    # TCP listens before the UDP port exists, so a client that waits for
    # the UDP port (lib.sh does) finds both.
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((addr, port))
    tcp.listen(16)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    udp.bind((addr, port))
    threading.Thread(target=serve_tcp, args=(tcp, log), daemon=True).start()
    if ready:
        open(ready, "w").close()
    serve_udp(udp, log)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
