"""Sends one message with smtplib to 127.0.0.1:25 and saves the bytes sent
(with LF line ends, as qmail stores them) to argv[1]."""
import smtplib
import sys

MSG = (
    b"From: Bob <bob@client.test>\r\n"
    b"To: alice@mail.test.example\r\n"
    b"Subject: from smtplib\r\n"
    b"Message-ID: <smtplib.1@client.test>\r\n"
    b"\r\n"
    b"first line\r\n"
    b".a line that starts with a dot\r\n"
    b"From the middle of a line\r\n"
    b"\ttabbed, trailing space \r\n"
    b"last line\r\n"
)

with smtplib.SMTP("127.0.0.1", 25, local_hostname="client.test") as s:
    refused = s.sendmail("bob@client.test", ["alice@mail.test.example"], MSG)
    if refused:
        sys.exit("refused: %r" % refused)
with open(sys.argv[1], "wb") as f:
    f.write(MSG.replace(b"\r\n", b"\n"))
