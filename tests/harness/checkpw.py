#!/usr/bin/python3
"""checkpw.py FILE SUBPROGRAM...: a checkpassword stand-in for the AUTH
tests (tests/smtpd_auth.rs). Reads user NUL secret NUL challenge NUL on
fd 3 and keeps what it read in FILE; the one user is alice, password
wonderland (for CRAM-MD5, the HMAC-MD5 of the challenge keyed with it).
A match runs SUBPROGRAM; anything else exits 1."""
import hmac
import os
import sys

data = b""
while True:
    d = os.read(3, 512)
    if not d:
        break
    data += d
with open(sys.argv[1], "wb") as f:
    f.write(data)
parts = data.split(b"\0")
user, secret, chal = (parts + [b"", b"", b""])[:3]
ok = False
if user == b"alice":
    if chal:
        want = hmac.new(b"wonderland", chal, "md5").hexdigest().encode()
        ok = hmac.compare_digest(want, secret)
    else:
        ok = secret == b"wonderland"
if not ok:
    sys.exit(1)
os.execvp(sys.argv[2], sys.argv[2:])
