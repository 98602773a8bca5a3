#!/usr/bin/python3
"""smtptls.py PROGRAM STEP... : a scripted SMTP client for qmail-smtpd's
TLS (tests/smtpd_tls.rs). PROGRAM runs on one end of a socket pair (its
fds 0 and 1); the steps talk on the other end:

  send:TEXT   send TEXT as it is (\\r and \\n spelt as escapes)
  read        read one reply (all its lines) and print it
  tls         start TLS (the handshake) and print its outcome; a failed
              handshake prints what comes back in plaintext and stops
  eof         close our end for writing
  cram:U:P    answer the last reply's CRAM-MD5 challenge as user U with
              secret P

A TLS client certificate and key come from $TLS_CERT and $TLS_KEY; the
highest version offered from $TLS_MAX (1.1, 1.2, 1.3). At the end the
program's exit code is printed. $SMTPD_ARGS (split at spaces) are
PROGRAM's arguments.
"""
import base64
import hmac
import os
import socket
import ssl
import subprocess
import sys


def main():
    prog = sys.argv[1]
    ours, theirs = socket.socketpair()
    args = os.environ.get("SMTPD_ARGS", "").split()
    p = subprocess.Popen([prog] + args, stdin=theirs, stdout=theirs)
    theirs.close()
    ours.settimeout(20)
    conn = ours
    buf = b""
    last = b""

    def readline():
        nonlocal buf
        while b"\n" not in buf:
            try:
                d = conn.recv(4096)
            except (ssl.SSLError, OSError) as e:
                d = b""
            if not d:
                line, buf = buf, b""
                return line
            buf += d
        i = buf.index(b"\n") + 1
        line, buf = buf[:i], buf[i:]
        return line

    for step in sys.argv[2:]:
        if step.startswith("send:"):
            text = step[5:].replace("\\r", "\r").replace("\\n", "\n")
            conn.sendall(text.encode("latin-1"))
        elif step.startswith("cram:"):
            _, user, secret = step.split(":")
            chal = base64.b64decode(last[4:].strip())
            digest = hmac.new(secret.encode(), chal, "md5").hexdigest()
            answer = base64.b64encode((user + " " + digest).encode())
            conn.sendall(answer + b"\r\n")
        elif step == "read":
            while True:
                line = readline()
                last = line
                sys.stdout.write(line.decode("latin-1"))
                if len(line) < 4 or line[3:4] != b"-":
                    break
        elif step == "tls":
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            top = os.environ.get("TLS_MAX")
            if top:
                if top == "1.1":
                    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
                    ctx.minimum_version = ssl.TLSVersion.TLSv1
                ctx.maximum_version = {
                    "1.1": ssl.TLSVersion.TLSv1_1,
                    "1.2": ssl.TLSVersion.TLSv1_2,
                    "1.3": ssl.TLSVersion.TLSv1_3,
                }[top]
            if os.environ.get("TLS_CERT"):
                ctx.load_cert_chain(os.environ["TLS_CERT"], os.environ["TLS_KEY"])
            raw = ours.dup()
            try:
                conn = ctx.wrap_socket(ours, server_hostname="golden.example")
                buf = b""
                print("TLS ok", conn.version())
            except (ssl.SSLError, OSError) as e:
                print("TLS failed")
                raw.settimeout(5)
                try:
                    rest = raw.recv(4096)
                except OSError:
                    rest = b""
                # the server's plaintext words, after its TLS alert
                i = rest.find(b"454 ")
                if i >= 0:
                    sys.stdout.write(rest[i:].decode("latin-1"))
                break
        elif step == "eof":
            try:
                conn.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        else:
            raise SystemExit("unknown step " + step)
    try:
        conn.close()
    except OSError:
        pass
    print("exit", p.wait(timeout=20))


main()
