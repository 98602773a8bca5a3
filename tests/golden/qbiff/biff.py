# biff.py MODE OWNER RECORDS [NAME [CMD...]]: opens a pty (raw, so the bytes show as
# written), gives its slave MODE and OWNER, writes a private /var/run/utmp
# (on a tmpfs of the case's own) with RECORDS (comma-separated USER:LINE, TTY standing for the pty's
# name below /dev, "partial" for half a record), runs qbiff (or CMD:
# make bench runs it under valgrind) with fd 0 from $CASE/message (or
# /dev/null) and puts what reached the terminal into $OUT/NAME (default
# tty).
import os, select, struct, subprocess, sys, tty

UT_SIZE, UT_LINE, UT_USER = 384, 8, 44
mode, owner, spec = int(sys.argv[1], 8), int(sys.argv[2]), sys.argv[3]
m, s = os.openpty()
tty.setraw(s)
name = os.ttyname(s)
os.chmod(name, mode)
os.chown(name, owner, -1)
recs = b""
for r in spec.split(","):
    if r == "none":
        break
    if r == "partial":
        recs += b"\0" * (UT_SIZE // 2)
        continue
    user, line = r.split(":", 1)
    rec = bytearray(UT_SIZE)
    struct.pack_into("h", rec, 0, 7)
    line = line.replace("TTY", name[len("/dev/"):]).encode()
    rec[UT_LINE:UT_LINE + len(line)] = line
    rec[UT_USER:UT_USER + len(user)] = user.encode()
    recs += bytes(rec)
# a utmp of this case's own: /run (where /var/run points) gets a tmpfs in
# the case's private mount namespace, so the host's /run/utmp is neither
# read nor written, and cases running side by side do not see each
# other's records
subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=755", "tmpfs", "/run"], check=True)
if spec != "none":
    os.makedirs("/var/run", exist_ok=True)
    with open("/var/run/utmp", "wb") as f:
        f.write(recs)
msg = os.path.join(os.environ["CASE"], "message")
stdin = open(msg if os.path.exists(msg) else "/dev/null", "rb")
rc = subprocess.run(sys.argv[5:] or ["qbiff"], stdin=stdin).returncode
print("rc", rc)
# the pty hands written bytes to the master side asynchronously: read
# until nothing more comes for a while (long enough for a loaded machine:
# a 0.5 s gap once cut the last line off under make test)
data = b""
wait = 3.0 if rc == 0 and spec != "none" else 0.5
while select.select([m], [], [], wait)[0]:
    chunk = os.read(m, 4096)
    if not chunk:
        break
    data += chunk
    wait = 2.0
out = sys.argv[4] if len(sys.argv) > 4 else "tty"
with open(os.path.join(os.environ["OUT"], out), "wb") as f:
    f.write(data)
