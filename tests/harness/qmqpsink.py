#!/usr/bin/python3
"""A scripted QMQP server for golden cases (stdlib only).

qmqpsink.py [--bind IP] [--port N] [--save FILE] [--ready FILE]
            [--conns N] ACTION [ARG]

Listens on IP:N (default 127.0.0.1:628), touches --ready FILE once it is
listening, then takes --conns connections (default 1) one after the other.
For each it reads one QMQP packet (the outer netstring, exactly its bytes:
digits, ':', the body, the final byte), appends the bytes it received to
--save FILE, and then does ACTION:

  reply BYTES     sends BYTES (Python escapes allowed: '\\x00', '\\n') and
                  closes
  repeat BYTES N [TAIL]
                  sends BYTES N times (a huge answer), then TAIL, and
                  closes
  close           closes without an answer
  hang            never answers (sleeps until killed)
  shutdown        like close, but reads nothing first: the connection is
                  closed as soon as it is accepted (nothing is saved)

A packet that breaks the netstring framing is saved as far as it was read,
then ACTION still happens. The sink writes nothing on stdout or stderr
unless its arguments are wrong.
"""
import socket
import sys
import time


def unescape(s):
    return s.encode("latin-1").decode("unicode_escape").encode("latin-1")


def read_packet(conn):
    """The bytes of one outer netstring, as far as the client sent them."""
    got = bytearray()
    length = 0
    while True:
        c = conn.recv(1)
        if not c:
            return bytes(got)
        got += c
        if c == b":":
            break
        if not c.isdigit():
            return bytes(got)
        length = length * 10 + int(c)
    want = length + 1
    while want > 0:
        chunk = conn.recv(min(want, 65536))
        if not chunk:
            break
        got += chunk
        want -= len(chunk)
    return bytes(got)


def main(argv):
    bind, port, save, ready, conns = "127.0.0.1", 628, None, None, 1
    args = list(argv)
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        val = args.pop(0)
        if opt == "--bind":
            bind = val
        elif opt == "--port":
            port = int(val)
        elif opt == "--save":
            save = val
        elif opt == "--ready":
            ready = val
        elif opt == "--conns":
            conns = int(val)
        else:
            sys.exit("qmqpsink: unknown option " + opt)
    if not args:
        sys.exit("qmqpsink: no action")
    action = args[0]
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((bind, port))
    s.listen(5)
    if ready:
        open(ready, "w").close()
    for _ in range(conns):
        conn, _peer = s.accept()
        if action != "shutdown":
            data = read_packet(conn)
            if save:
                with open(save, "ab") as f:
                    f.write(data)
        try:
            if action == "reply":
                conn.sendall(unescape(args[1]))
            elif action == "repeat":
                piece = unescape(args[1])
                for _ in range(int(args[2])):
                    conn.sendall(piece)
                conn.sendall(unescape(args[3]) if len(args) > 3 else b"")
        except OSError:
            pass  # the client went away once it had its answer
        if action == "hang":
            while True:
                time.sleep(3600)
        elif action not in ("reply", "repeat", "close", "shutdown"):
            sys.exit("qmqpsink: unknown action " + action)
        conn.close()


if __name__ == "__main__":
    main(sys.argv[1:])
