"""stored.py SENT MAILDIR_NEW: one file of the Maildir ends with exactly the
bytes of SENT, after qmail's Return-Path, Delivered-To and Received lines
(the sandbox has no DNS: tcpserver names the client "unknown")."""
import os
import sys

sent = open(sys.argv[1], "rb").read()
for name in os.listdir(sys.argv[2]):
    data = open(os.path.join(sys.argv[2], name), "rb").read()
    if data.endswith(sent):
        head = data[: -len(sent)]
        assert head.startswith(b"Return-Path: <bob@client.test>\n"), head
        assert b"\nDelivered-To: alice@mail.test.example\n" in head, head
        assert b"Received: from unknown (HELO client.test) (127.0.0.1)\n  by mail.test.example with SMTP;" in head, head
        sys.exit(0)
sys.exit("no stored message ends with the bytes sent")
