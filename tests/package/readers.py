"""readers.py imap|pop3|qmail-pop3d HOST PORT EXPECT_DIR: fetches every
message of alice's mailbox and compares the bytes with the Maildir files
saved in EXPECT_DIR (LF turned into CRLF, as the protocols carry them)."""
import imaplib
import os
import poplib
import sys

kind, host, port, expect_dir = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
expect = sorted(
    open(os.path.join(expect_dir, n), "rb").read().replace(b"\n", b"\r\n")
    for n in os.listdir(expect_dir)
)
if kind == "qmail-pop3d":
    # Stock's qmail-pop3d ends every message with an empty line before the
    # "." (it always sends CRLF, then ".CRLF"); ours does the same.
    expect = sorted(m + b"\r\n" for m in expect)
got = []
if kind == "imap":
    m = imaplib.IMAP4(host, port)
    m.login("alice", "secret")
    m.select("INBOX", readonly=True)
    typ, data = m.fetch("1:*", "(BODY.PEEK[])")
    assert typ == "OK", data
    got = [part[1] for part in data if isinstance(part, tuple)]
    m.logout()
else:
    p = poplib.POP3(host, port)
    if kind == "pop3":
        p.user("alice")
        p.pass_("secret")
    count, _size = p.stat()
    for i in range(1, count + 1):
        _resp, lines, _octets = p.retr(i)
        got.append(b"".join(line + b"\r\n" for line in lines))
    p.quit()
got.sort()
if got != expect:
    print("expected:", expect)
    print("got:     ", got)
    sys.exit(1)
print("%d messages, %d bytes, identical" % (len(got), sum(map(len, got))))
