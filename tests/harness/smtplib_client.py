#!/usr/bin/python3
"""smtplib_client.py MODE [ARG...]: Python's smtplib as a real SMTP client
of qmail-smtpd (tests/tls_peers.rs), on golden.example:25. Prints one line a
step, the server's replies as smtplib saw them:

  starttls USER PASS [MECH]  EHLO, STARTTLS, EHLO, login (smtplib's own
                             choice of mechanism, or AUTH MECH alone), then
                             one message from a@client.example to
                             c@elsewhere.example, QUIT
  smtps                      the same over TLS from the first byte, no AUTH

The server's certificate is verified against $CA for the name
golden.example; $TLS_CERT and $TLS_KEY, when set, are the client's
certificate. An SMTP error prints "error CODE TEXT" and exits 1.
"""
import os
import smtplib
import ssl
import sys

HOST = "golden.example"  # 127.0.0.1 in the namespace's /etc/hosts
MSG = b"Subject: smtplib\r\n\r\nhello from smtplib\r\n"


def ctx():
    c = ssl.create_default_context(cafile=os.environ["CA"])
    if os.environ.get("TLS_CERT"):
        c.load_cert_chain(os.environ["TLS_CERT"], os.environ["TLS_KEY"])
    return c


def features(s):
    return "starttls=%s auth=%s" % (
        "yes" if s.has_extn("starttls") else "no",
        s.esmtp_features.get("auth", "none").strip() or "none",
    )


def tls(s):
    o = s.sock
    print("tls", o.version(), o.cipher()[0], "verified", o.server_hostname)


def text(b):
    return b.decode("latin-1") if isinstance(b, bytes) else str(b)


def main():
    mode = sys.argv[1]
    try:
        if mode == "smtps":
            s = smtplib.SMTP_SSL(HOST, 25, timeout=20, context=ctx())
            tls(s)
            code, _ = s.ehlo("client.example")
            print("ehlo", code, features(s))
        else:
            user, password = sys.argv[2], sys.argv[3]
            s = smtplib.SMTP(HOST, 25, timeout=20)
            code, _ = s.ehlo("client.example")
            print("ehlo", code, features(s))
            code, resp = s.starttls(context=ctx())
            print("starttls", code, text(resp))
            tls(s)
            code, _ = s.ehlo("client.example")
            print("ehlo", code, features(s))
            if len(sys.argv) > 4:
                s.user, s.password = user, password
                mech = sys.argv[4]
                obj = getattr(s, "auth_" + mech.lower().replace("-", "_"))
                code, resp = s.auth(mech, obj, initial_response_ok=(mech != "LOGIN"))
            else:
                code, resp = s.login(user, password)
            print("auth", code, text(resp))
        refused = s.sendmail("a@client.example", ["c@elsewhere.example"], MSG)
        print("sendmail refused", refused)
        code, resp = s.quit()
        print("quit", code, text(resp))
    except smtplib.SMTPResponseException as e:
        print("error", e.smtp_code, text(e.smtp_error))
        sys.exit(1)
    except smtplib.SMTPRecipientsRefused as e:
        for rcpt, (code, resp) in e.recipients.items():
            print("error", code, text(resp), rcpt)
        sys.exit(1)


main()
