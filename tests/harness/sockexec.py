#!/usr/bin/python3
"""Sockets on fd 0 for programs that read their connection from it
(tcp-env), and an RFC 1413 ident peer. Standard library only.

  sockexec.py conn LOCALIP:PORT REMOTEIP:PORT PROG [ARG...]
      listens on LOCAL, connects to it from a socket bound to REMOTE (so
      both ports are fixed), and runs PROG with the accepted connection as
      fd 0. A child keeps the client end open until PROG's side closes.
  sockexec.py listen LOCALIP:PORT PROG [ARG...]
      runs PROG with a listening socket (no peer) as fd 0.
  sockexec.py unix PROG [ARG...]
      runs PROG with one end of an AF_UNIX socketpair as fd 0.
  sockexec.py --sigpipe-ignored conn|listen|unix ...
      the same, with SIGPIPE ignored for PROG (to see that it resets it).
  sockexec.py identd IP MODE LOG
      listens on IP:113, returns once it listens, and answers one
      connection in the background; LOG gets `from IP` (the client's
      address) and the request bytes. MODE:
        user     REQUEST : USERID : UNIX : alice
        blanks   the same with spaces, tabs and CRs inside the answer
        long     2000 bytes of answer
        noeol    an answer, then the connection closes without a newline
        error    REQUEST : ERROR : NO-USER (two colons only)
        nul      an answer with a NUL byte inside
        colons   more than three colons: the rest is kept as it is
        slow     the answer one byte at a time
        silent   reads the request and never answers
"""

import os
import signal
import socket
import sys
import time


def addr(s):
    host, port = s.rsplit(":", 1)
    return host, int(port)


def run(prog, fd0):
    # Python's locale coercion (PEP 538) adds LC_CTYPE to the environment
    # when none of LC_ALL, LC_CTYPE and LANG is set; the program must see
    # the environment the case gave, the same with any Python.
    if "LC_ALL" not in os.environ and "LANG" not in os.environ:
        os.environ.pop("LC_CTYPE", None)
    os.dup2(fd0, 0)
    os.execvp(prog[0], prog)


def conn(local, remote, prog):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(addr(local))
    srv.listen(1)
    cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    cli.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    cli.bind(addr(remote))
    cli.connect(addr(local))
    s, _ = srv.accept()
    srv.close()
    if os.fork() == 0:
        s.close()
        cli.settimeout(60)
        try:
            while cli.recv(4096):
                pass
        except OSError:
            pass
        os._exit(0)
    cli.close()
    run(prog, s.fileno())


def listen(local, prog):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(addr(local))
    srv.listen(1)
    run(prog, srv.fileno())


def unix(prog):
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    run(prog, a.fileno())


def identd(ip, mode, log):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((ip, 113))
    srv.listen(1)
    if os.fork() != 0:
        os._exit(0)
    os.setsid()
    srv.settimeout(30)
    try:
        c, peer = srv.accept()
    except OSError:
        os._exit(0)
    c.settimeout(30)
    req = b""
    try:
        while not req.endswith(b"\n"):
            chunk = c.recv(100)
            if not chunk:
                break
            req += chunk
    except OSError:
        pass
    with open(log, "ab") as f:
        f.write(b"from " + peer[0].encode() + b"\n" + req)
    r = req.strip()
    answers = {
        "user": r + b" : USERID : UNIX : alice\r\n",
        "blanks": r + b" : USERID : UNIX :\t al ice\r \t\r\n",
        "long": r + b" : USERID : UNIX : " + b"x" * 2000 + b"\r\n",
        "noeol": r + b" : USERID : UNIX : alice",
        "error": r + b" : ERROR : NO-USER\r\n",
        "nul": r + b" : USERID : UNIX : al\0ice\r\n",
        "colons": r + b" : USERID : UNIX,a:b::c\r\n",
        "slow": r + b" : USERID : UNIX : bob\r\n",
    }
    try:
        if mode == "silent":
            while c.recv(100):
                pass
        elif mode == "slow":
            for i in range(len(answers["slow"])):
                c.sendall(answers["slow"][i:i + 1])
                time.sleep(0.01)
        else:
            c.sendall(answers[mode])
    except OSError:
        pass
    c.close()
    os._exit(0)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    if argv[1] == "--sigpipe-ignored":
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        argv = argv[:1] + argv[2:]
    what = argv[1]
    if what == "conn":
        conn(argv[2], argv[3], argv[4:])
    elif what == "listen":
        listen(argv[2], argv[3:])
    elif what == "unix":
        unix(argv[2:])
    elif what == "identd":
        identd(argv[2], argv[3], argv[4])
    sys.stderr.write("sockexec.py: what is %s?\n" % what)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
