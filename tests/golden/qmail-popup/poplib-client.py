# The client of the POP cases under tcpserver: Python's poplib, driven by
# the case's script name (argv[1]). Replies are printed as poplib returns
# them (RETR and TOP lines already un-stuffed); the pid and time in the
# greeting's timestamp are masked.
import poplib
import re
import sys
import time


def show(what, value):
    if isinstance(value, bytes):
        value = re.sub(rb"<[0-9]+\.[0-9]+@", b"<PID.TIME@", value)
    print(what, value, flush=True)


def connect():
    for _ in range(100):
        try:
            p = poplib.POP3("127.0.0.1", 110, timeout=20)
            show("welcome", p.getwelcome())
            return p
        except OSError:
            time.sleep(0.1)
    sys.exit("no server")


def step(what, f, *args):
    try:
        show(what, f(*args))
    except poplib.error_proto as e:
        show(what + " error", e.args[0])


script = sys.argv[1]
if script == "user-pass":
    p = connect()
    step("user", p.user, "alice")
    step("pass", p.pass_, "secret")
    step("stat", p.stat)
    step("list", p.list)
    step("list 2", p.list, 2)
    step("uidl", p.uidl)
    step("retr 3", p.retr, 3)
    step("top 2 1", p.top, 2, 1)
    step("dele 1", p.dele, 1)
    step("retr 1", p.retr, 1)
    step("noop", p.noop)
    step("quit", p.quit)
elif script == "apop":
    p = connect()
    step("apop", p.apop, "alice", "secret")
    step("stat", p.stat)
    step("dele 2", p.dele, 2)
    step("last", p._shortcmd, "LAST")
    step("rset", p.rset)
    step("dele 3", p.dele, 3)
    step("top 1 0", p.top, 1, 0)
    step("quit", p.quit)
elif script == "bad-logins":
    p = connect()
    step("capa", p.capa)
    step("stat", p._shortcmd, "STAT")
    step("user", p.user, "alice")
    step("pass", p.pass_, "wrong")
    p.close()
    p = connect()
    step("apop", p.apop, "alice", "not the secret")
    p.close()
    p = connect()
    step("user", p.user, "alice")
    step("pass", p.pass_, "secret")
    step("dele 1", p.dele, 1)
    step("dele 2", p.dele, 2)
    # gone without QUIT: nothing is deleted
    p.close()
    time.sleep(0.5)
else:
    sys.exit("unknown script " + script)
