#!/usr/bin/python3
"""A scripted SMTP peer that records the exact bytes it receives.

usage: smtpsink.py SCRIPT RECORD READY [ADDR [PORT [CONNECTIONS]]]

Listens on ADDR:PORT (default 127.0.0.1:25), writes READY once it
listens, and serves CONNECTIONS connections (default 1) one after the
other. Everything a client sends is appended to RECORD as it arrives
(with a line "--- connection N ---" before each connection when there
are several). It exits when the last connection is closed by the client,
or after 60 seconds in all.

SCRIPT has one line per stage of the dialogue, used in order over all
connections: the first stage is the greeting, sent on connect; each later
stage answers one command line (bytes up to LF) from the client. After a
stage whose bytes start with "3" answers DATA, the message is read up to
its ".\\r\\n" line before the next stage answers it. Once the script is
used up nothing more is sent; what the client sends is still recorded.

A stage line is bytes with Python escapes (\\r \\n \\x00 ...), sent as
they are: "250 ok\\r\\n". A line starting with "+" adds to the stage before
it. Special lines:
  !close            close the connection now
  !hang             answer nothing more (the client has to time out)
  !repeat N BYTES   send BYTES N times (a huge multiline reply)
  !sleep SECONDS    wait before the next action
  !tls CERT KEY [CA] [max=1.1]
                    start TLS as the server now (after what the stage sent
                    so far: "220 go ahead\r\n" then "+!tls ..."; as the
                    first stage, before the greeting, for port 465), with
                    the certificate chain CERT and key KEY; with CA, a
                    client certificate is asked for and checked against
                    it. RECORD gets "--- tls VERSION ---" (and "--- client
                    CN ---" for a verified client certificate), or
                    "--- tls failed ---" and the connection ends.
Empty lines and lines starting with "#" are skipped.
"""

import codecs
import socket
import ssl
import warnings
import sys
import time

DEADLINE = time.monotonic() + 60


def unescape(s):
    return codecs.escape_decode(s.encode("latin-1"))[0]


def load(path):
    stages = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("+") and stages:
                stages[-1].append(line[1:])
            else:
                stages.append([line])
    return stages


class Closed(Exception):
    pass


class Conn:
    def __init__(self, sock, record):
        self.sock = sock
        self.record = record
        self.buf = b""
        self.eof = False

    def fill(self):
        left = DEADLINE - time.monotonic()
        if left <= 0 or self.eof:
            raise Closed()
        self.sock.settimeout(left)
        try:
            data = self.sock.recv(65536)
        except (OSError, socket.timeout):
            data = b""
        if not data:
            self.eof = True
            raise Closed()
        self.record.write(data)
        self.record.flush()
        self.buf += data

    def line(self):
        while b"\n" not in self.buf:
            self.fill()
        i = self.buf.index(b"\n") + 1
        line, self.buf = self.buf[:i], self.buf[i:]
        return line

    def drain(self):
        try:
            while True:
                self.fill()
        except Closed:
            pass


def starttls(conn, args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args[0], args[1])
    for a in args[2:]:
        if a == "max=1.1":
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        else:
            ctx.load_verify_locations(a)
            ctx.verify_mode = ssl.CERT_OPTIONAL
    conn.sock.settimeout(max(DEADLINE - time.monotonic(), 0.01))
    try:
        conn.sock = ctx.wrap_socket(conn.sock, server_side=True)
    except (OSError, ssl.SSLError):
        conn.record.write(b"--- tls failed ---\n")
        conn.record.flush()
        return False
    conn.buf = b""
    conn.record.write(b"--- tls %s ---\n" % conn.sock.version().encode())
    peer = conn.sock.getpeercert()
    if peer:
        for rdn in peer.get("subject", ()):
            for k, v in rdn:
                if k == "commonName":
                    conn.record.write(b"--- client %s ---\n" % v.encode())
    conn.record.flush()
    return True


def act(conn, stage):
    """Runs one stage; returns the bytes sent, or None after !close/!hang."""
    sent = b""
    for a in stage:
        if a == "!close":
            return None
        if a == "!hang":
            conn.drain()
            return None
        if a.startswith("!sleep "):
            time.sleep(float(a.split()[1]))
            continue
        if a.startswith("!tls "):
            if not starttls(conn, a.split()[1:]):
                return None
            continue
        if a.startswith("!repeat "):
            _, n, text = a.split(" ", 2)
            chunk = unescape(text)
            for _ in range(int(n)):
                conn.sock.sendall(chunk)
            sent += chunk
            continue
        data = unescape(a)
        try:
            conn.sock.sendall(data)
        except OSError:
            return None
        sent += data
    return sent


def serve(conn, stages):
    try:
        if not stages:
            conn.drain()
            return
        if act(conn, stages.pop(0)) is None:
            return
        while True:
            cmd = conn.line()
            if not stages:
                conn.drain()
                return
            sent = act(conn, stages.pop(0))
            if sent is None:
                return
            if cmd[:4].upper() == b"DATA" and sent[:1] == b"3":
                while conn.line() != b".\r\n":
                    pass
                if not stages:
                    conn.drain()
                    return
                if act(conn, stages.pop(0)) is None:
                    return
    except Closed:
        pass


def main():
    script, record, ready = sys.argv[1:4]
    addr = sys.argv[4] if len(sys.argv) > 4 else "127.0.0.1"
    port = int(sys.argv[5]) if len(sys.argv) > 5 else 25
    count = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    stages = load(script)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(5)
    with open(ready, "w"):
        pass
    with open(record, "ab") as rec:
        for n in range(count):
            ls.settimeout(max(DEADLINE - time.monotonic(), 0.01))
            try:
                s, _ = ls.accept()
            except (OSError, socket.timeout):
                return
            if count > 1:
                rec.write(b"--- connection %d ---\n" % (n + 1))
                rec.flush()
            c = Conn(s, rec)
            serve(c, stages)
            c.sock.close()


if __name__ == "__main__":
    main()
