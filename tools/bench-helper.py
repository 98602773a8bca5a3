#!/usr/bin/python3
"""Helpers for tools/bench (make bench), run inside its namespace.

bench-helper.py rss OUT CMD [ARG...]
    Runs CMD as the "child subreaper" of everything it starts, so that every
    process of the run, daemons and their children included, is waited for
    here whoever its parent was. When every one has gone (all are killed
    after BENCH_RSS_LIMIT seconds, default 1800), writes to OUT one line:
    the largest maximum resident set size of any single process of the run
    in KiB, and the CPU time (user + system) of all of them together in
    milliseconds. Processes named in BENCH_RSS_SKIP (default python3: the
    load generator, which must be started so that it is reaped here, not by
    the shell) are left out. Exits with CMD's exit code.

bench-helper.py smtp PORT CLIENTS MESSAGES MSGFILE RCPT
    A load generator: CLIENTS SMTP clients at once against 127.0.0.1:PORT
    send MESSAGES messages in all, one session per message (greeting, HELO,
    MAIL, RCPT, DATA, the message of MSGFILE dot-stuffed with CRLF lines,
    QUIT), each client starting its next session as soon as one ends.
    Prints how many were accepted; exits 1 if any session did not get the
    replies of a delivery accepted for queueing.

bench-helper.py queue QUEUEDIR COUNT UID GID [RCPT...]
    Fills an empty queue (made by mkqueue) with COUNT new messages the way
    qmail-queue leaves them: mess/S/N with the message, intd/N with the
    envelope (the RCPTs, by default one local and one remote recipient)
    and todo/N linked to it, N the inode number of the message file, owned
    by UID:GID, mode 644.
"""
import asyncio
import ctypes
import os
import signal
import sys


def rss(out, argv):
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_CHILD_SUBREAPER = 36
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("bench-helper: prctl failed")
    # A process forked from here keeps this interpreter's peak memory even
    # after it execs something else, so the run is started one step away:
    # the first child (a shell) starts CMD in the background and exits at
    # once, and only what CMD's process and its descendants used counts.
    rcfile = out + ".rc"
    try:
        os.unlink(rcfile)
    except FileNotFoundError:
        pass
    first = os.fork()
    if first == 0:
        try:
            os.execvp("sh", ["sh", "-c", '("$@"; echo $? >"$0") </dev/null & exit 0', rcfile] + argv)
        finally:
            os._exit(127)

    def stop(signum, frame):
        for q in children():
            try:
                os.kill(q, signal.SIGKILL)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(int(os.environ.get("BENCH_RSS_LIMIT", "1800")))
    maxrss = 0
    cpu = 0.0
    skip = os.environ.get("BENCH_RSS_SKIP", "python3").split()
    while True:
        try:
            # the process's name, read while it is a zombie, before reaping
            info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)
            if info is None:
                continue
            try:
                with open("/proc/%d/comm" % info.si_pid) as f:
                    comm = f.read().strip()
            except OSError:
                comm = ""
            p, st, ru = os.wait4(info.si_pid, 0)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if p == first or comm in skip:
            continue
        maxrss = max(maxrss, ru.ru_maxrss)
        cpu += ru.ru_utime + ru.ru_stime
    signal.alarm(0)
    with open(out, "w") as f:
        f.write("%d %d\n" % (maxrss, int(cpu * 1000)))
    try:
        with open(rcfile) as f:
            code = int(f.read().strip() or "111")
        os.unlink(rcfile)
    except (OSError, ValueError):
        code = 111
    sys.exit(code)


def children():
    me = str(os.getpid())
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                s = f.read()
        except OSError:
            continue
        # the field after the command name (in parentheses) is the state,
        # then the parent's pid
        fields = s[s.rindex(")") + 2:].split()
        if fields[1] == me:
            found.append(int(d))
    return found


async def session(port, body, rcpt):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    ok = True

    async def reply(want):
        nonlocal ok
        while True:
            line = await r.readline()
            if not line:
                ok = False
                return
            if line[3:4] != b"-":
                break
        if not line.startswith(want):
            ok = False

    await reply(b"220")
    for cmd, want in ((b"HELO client.example", b"250"),
                      (b"MAIL FROM:<joe@client.example>", b"250"),
                      (b"RCPT TO:<%s>" % rcpt, b"250"),
                      (b"DATA", b"354")):
        w.write(cmd + b"\r\n")
        await reply(want)
        if not ok:
            break
    if ok:
        w.write(body)
        await reply(b"250")
        w.write(b"QUIT\r\n")
        await reply(b"221")
    w.close()
    try:
        await w.wait_closed()
    except OSError:
        pass
    return ok


async def load(port, clients, messages, body, rcpt):
    left = [messages]
    counts = [0, 0]

    async def client():
        while left[0] > 0:
            left[0] -= 1
            try:
                good = await session(port, body, rcpt)
            except OSError:
                good = False
            counts[0 if good else 1] += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return counts


def smtp(port, clients, messages, msgfile, rcpt):
    with open(msgfile, "rb") as f:
        msg = f.read()
    lines = msg.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    body = b"".join((b"." + l if l.startswith(b".") else l) + b"\r\n" for l in lines)
    body += b".\r\n"
    good, bad = asyncio.run(load(int(port), int(clients), int(messages), body, rcpt.encode()))
    print("smtp: %d accepted, %d failed" % (good, bad))
    sys.exit(1 if bad else 0)


def queue(qdir, count, uid, gid, *rcpts):
    count, uid, gid = int(count), int(uid), int(gid)
    msg = (b"Received: (qmail 12345 invoked by uid 0); 1 Jan 2026 00:00:00 -0000\n"
           b"From: joe@example.com\nTo: ann@bench.example, bob@remote.example\n"
           b"Subject: one of many\n\n" + b"a line of the body of a queued message\n" * 8)
    rcpts = rcpts or ("ann@bench.example", "bob@remote.example")
    env = b"u0\0p12345\0Fjoe@example.com\0" + b"".join(b"T%s\0" % r.encode() for r in rcpts)
    tmp = os.path.join(qdir, "mess", "new")
    for _ in range(count):
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, msg)
        os.fchown(fd, uid, gid)
        ino = os.fstat(fd).st_ino
        os.close(fd)
        os.rename(tmp, "%s/mess/%d/%d" % (qdir, ino % 23, ino))
        intd = "%s/intd/%d" % (qdir, ino)
        fd = os.open(intd, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, env)
        os.fchown(fd, uid, gid)
        os.close(fd)
        os.link(intd, "%s/todo/%d" % (qdir, ino))


def main():
    a = sys.argv[1:]
    if len(a) >= 3 and a[0] == "rss":
        rss(a[1], a[2:])
    elif len(a) == 6 and a[0] == "smtp":
        smtp(*a[1:])
    elif len(a) >= 5 and a[0] == "queue":
        queue(*a[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
