#!/usr/bin/python3
"""aiosmtpd_peer.py RECORD READY ADDR PORT [OPTION...]: a real SMTP server
for qmail-remote's TLS tests (tests/tls_peers.rs): aiosmtpd (Debian's
python3-aiosmtpd), with Python's ssl module for TLS. It serves one
connection on ADDR:PORT, touches READY once it listens, and writes what
it saw to RECORD when the connection ends, one line an event:

  tls VERSION CIPHER   the handshake was done (STARTTLS or on connect)
  client CN|none       the client's certificate, as the server verified it
  ehlo NAME, helo NAME, mail ADDR, rcpt ADDR, quit
  data                 then the message as received (dot-unstuffed, CRLF
                       kept) and a line "."
  closed               the connection ended

Options:
  cert=FILE key=FILE   the server's certificate and key; with them STARTTLS
                       is offered
  ca=FILE              ask for a client certificate and verify it with FILE
                       (optional unless require-client)
  require-client       a client without a certificate fails the handshake
  max=1.2              the highest TLS version
  smtps                TLS from the first byte (needs cert and key)
  refuse               offer STARTTLS but answer it with 454, as Postfix
                       does when its TLS set-up is broken
"""
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP

record_path, ready_path, addr, port = sys.argv[1:5]
opts = dict(o.split("=", 1) if "=" in o else (o, "") for o in sys.argv[5:])
events = []


def note(line):
    events.append(line.encode() if isinstance(line, str) else line)


def tls_state(obj):
    if obj is None:
        return
    note("tls %s %s" % (obj.version(), obj.cipher()[0]))
    cert = obj.getpeercert()
    cn = "none"
    if cert:
        for rdn in cert.get("subject", ()):
            for k, v in rdn:
                if k == "commonName":
                    cn = v
    note("client " + cn)


def context():
    if "cert" not in opts:
        return None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(opts["cert"], opts["key"])
    if "max" in opts:
        v = {"1.1": ssl.TLSVersion.TLSv1_1, "1.2": ssl.TLSVersion.TLSv1_2}[opts["max"]]
        if v == ssl.TLSVersion.TLSv1_1:
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = v
    if "ca" in opts:
        ctx.load_verify_locations(opts["ca"])
        ctx.verify_mode = ssl.CERT_REQUIRED if "require-client" in opts else ssl.CERT_OPTIONAL
    return ctx


class Handler:
    async def handle_HELO(self, server, session, envelope, hostname):
        note("helo " + hostname)
        session.host_name = hostname
        return "250 %s" % server.hostname

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        note("ehlo " + hostname)
        session.host_name = hostname
        return responses

    def handle_STARTTLS(self, server, session, envelope):
        tls_state(session.ssl.get("ssl_object") if session.ssl else None)
        return True

    async def handle_MAIL(self, server, session, envelope, address, options):
        note("mail " + address)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        note("rcpt " + address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        note("data")
        note(envelope.original_content + b".")
        return "250 2.0.0 Ok: queued as 4711"

    async def handle_QUIT(self, server, session, envelope):
        note("quit")
        return "221 2.0.0 Bye"


def finish(loop):
    with open(record_path, "wb") as f:
        f.write(b"".join(e + b"\n" for e in events))
    loop.call_soon(loop.stop)


class Peer(SMTP):
    def connection_made(self, transport):
        first = self.transport is None
        super().connection_made(transport)
        if first and "smtps" in opts:
            tls_state(transport.get_extra_info("ssl_object"))

    def connection_lost(self, error):
        super().connection_lost(error)
        note("closed")
        finish(self.loop)

    async def smtp_STARTTLS(self, arg):
        if "refuse" in opts:
            note("starttls refused")
            await self.push("454 4.7.0 TLS not available due to local problem")
            return
        try:
            await super().smtp_STARTTLS(arg)
        except Exception:
            note("tls failed")
            raise


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    ctx = context()
    smtps = "smtps" in opts

    def factory():
        return Peer(
            Handler(),
            hostname="mx.remote.example",
            ident="aiosmtpd",
            tls_context=None if smtps else ctx,
            loop=loop,
        )

    server = loop.run_until_complete(
        loop.create_server(factory, host=addr, port=int(port), ssl=ctx if smtps else None)
    )

    def failed(loop, context):
        # a handshake on connect (smtps) that fails never reaches Peer
        if isinstance(context.get("exception"), (ssl.SSLError, OSError)) and smtps:
            note("tls failed")
            finish(loop)

    loop.set_exception_handler(failed)
    loop.call_later(30, loop.stop)
    open(ready_path, "w").close()
    loop.run_forever()
    server.close()
    if not os.path.exists(record_path):
        with open(record_path, "wb") as f:
            f.write(b"".join(e + b"\n" for e in events) + b"no connection ended\n")


main()
