#!/bin/sh
# users-byname.sh BYNAME DEFAULT: the users-by-name build at work, run by
# tests/users_byname.rs inside tests/harness/qmail-ns.sh (QHOME mounted on
# an empty directory, /etc an overlay of this namespace).
#
# BYNAME holds the programs built with `--features users-by-name`
# (qmail-start, qmail-lspawn, qmail-rspawn, qmail-queue, qmail-showctl,
# install, instcheck); DEFAULT the test build (the programs that use no
# ids). The qmail users get ids here that differ from every compiled-in
# one (tests/harness/ids.env has 7790..., 2107, 2108), so whatever works
# below works because the ids were looked up. Prints a transcript on fd 1;
# the test compares it.
set -eu
byname=$1
default=$2
Q=$QHOME

# The accounts: 87xx ids, groups 3107/3108, and the mail user joe.
cat >/etc/passwd <<EOF
root:x:0:0:root:/root:/bin/sh
alias:x:8790:3108::$Q/alias:/bin/false
qmaild:x:8791:3108::$Q:/bin/false
qmaill:x:8792:3108::$Q:/bin/false
qmailp:x:8793:3108::$Q:/bin/false
qmailq:x:8794:3107::$Q:/bin/false
qmailr:x:8795:3107::$Q:/bin/false
qmails:x:8796:3107::$Q:/bin/false
joe:x:8800:3108::$Q/home/joe:/bin/sh
EOF
cat >/etc/group <<EOF
root:x:0:
qmail:x:3107:
nofiles:x:3108:
EOF
cp /etc/passwd "$OUT/passwd.all"
cp /etc/group "$OUT/group.all"

# The tree: queue/ as stock's install makes it, owners by name.
. "$HARNESS/lib.sh"
mkqueue
mkdir -p "$Q/bin" "$Q/control" "$Q/alias"
chown alias:qmail "$Q/alias"
chmod 2755 "$Q/alias"
echo golden.example >"$Q/control/me"
echo golden.example >"$Q/control/locals"
for p in qmail-send qmail-clean qmail-local qmail-getpw qmail-inject maildirmake; do
  cp "$default/$p" "$Q/bin/$p"
done
for p in qmail-start qmail-lspawn qmail-rspawn qmail-showctl instcheck; do
  cp "$byname/$p" "$Q/bin/$p"
done
cp "$byname/qmail-queue" "$Q/bin/qmail-queue"
chown qmailq:qmail "$Q/bin/qmail-queue"
chmod 4711 "$Q/bin/qmail-queue"
mkhome joe
setpriv --reuid=joe --regid=nofiles --clear-groups "$Q/bin/maildirmake" "$Q/home/joe/Maildir"
export PATH="$Q/bin:/usr/bin:/bin"

echo "--- qmail-showctl"
qmail-showctl | sed -n '6,8p'

echo "--- a message from alias to joe, through the daemon set"
qmail_start ./Maildir/
printf 'Subject: by name\n\nhello\n' |
  setpriv --reuid=alias --regid=nofiles --clear-groups qmail-inject joe@golden.example
echo "inject: $?"
queue_wait 20 || echo "queue not empty after 20 s"
qmail_stop
for f in "$Q"/home/joe/Maildir/new/*; do
  echo "owner: $(stat -c %u:%g "$f")"
  sed -e 's/^\(Received: (qmail \)[0-9]*/\1PID/' -e 's/); .*/); DATE/' \
    -e 's/^Message-ID: .*/Message-ID: X/' -e 's/^Date: .*/Date: X/' "$f"
done
grep -c 'delivery 1: success' "$OUT/log" || cat "$OUT/log"

# try CMD...: runs CMD with stdin from /dev/null and prints its exit code,
# the size of its fd 1 and its fd 2.
try() {
  rc=0
  "$@" </dev/null >"$OUT/out" 2>"$OUT/err" || rc=$?
  echo "$1: rc $rc, $(wc -c <"$OUT/out") bytes out, err: $(cat "$OUT/err")"
}

echo "--- without qmailq"
grep -v '^qmailq:' "$OUT/passwd.all" >/etc/passwd
try qmail-showctl
try qmail-start ./Maildir/
try qmail-lspawn ./Maildir/
try qmail-rspawn
try instcheck
try "$byname/install"
# a staged tree's owners are not checked, so nothing is looked up
mkdir "$OUT/stage"
rc=0
DESTDIR=$OUT/stage instcheck >/dev/null 2>"$OUT/err" || rc=$?
echo "instcheck with DESTDIR: rc $rc, $(grep -c 'unable to find' "$OUT/err") lookups failed, $(sed -n 1p "$OUT/err")"

echo "--- without qmails"
grep -v '^qmails:' "$OUT/passwd.all" >/etc/passwd
printf 'x\n' >"$OUT/msg"
rc=0
qmail-queue <"$OUT/msg" 2>"$OUT/err" || rc=$?
echo "qmail-queue: rc $rc, err: $(cat "$OUT/err")"

echo "--- without the group nofiles"
cp "$OUT/passwd.all" /etc/passwd
grep -v '^nofiles:' "$OUT/group.all" >/etc/group
try qmail-showctl
try qmail-lspawn ./Maildir/
try qmail-start ./Maildir/
# qmail-rspawn needs qmailq only: it starts, says its concurrency, ends
try qmail-rspawn
od -An -tu1 "$OUT/out"
