#!/bin/sh
# byname-owners.sh TREE: for the users-by-name package (make deb
# USERS=byname). Its archive carries root:root and no setuid/setgid bit,
# since the qmail accounts get their numbers from adduser on the machine
# that installs it; this prints, for each entry of the staged TREE that the
# qmail users or group own in stock's tree, the line
#   USER GROUP MODE /PATH
# that postinst gives to dpkg-statoverride (the /var/qmail tree) or to
# chown/chmod (the queue postinst copies from /usr/lib/qmail-rs/queue).
# MODE is the one the project's install gave the entry in TREE (setuid and
# setgid bits included). The owners follow src/admin/hier.rs; the package
# test runs instcheck, which checks them by name, after install.
set -eu
cd "$1"
# the queue as the package ships it (postinst copies it to /var/qmail/queue)
[ -d usr/lib/qmail-rs/queue ] && [ ! -e var/qmail/queue ] ||
  { echo "byname-owners.sh: $1 has no queue in usr/lib/qmail-rs" >&2; exit 1; }
find var/qmail usr/lib/qmail-rs/queue -printf '%m %p\n' | LC_ALL=C sort -k2 |
while read -r mode path; do
  case $path in
  var/qmail/alias) owner=alias ;;
  var/qmail/bin/qmail-queue) owner=qmailq ;;
  var/qmail | var/qmail/*) owner=root ;;
  usr/lib/qmail-rs/queue/lock/tcpto) owner=qmailr ;;
  usr/lib/qmail-rs/queue/lock/sendmutex) owner=qmails ;;
  usr/lib/qmail-rs/queue/info | usr/lib/qmail-rs/queue/info/* | \
  usr/lib/qmail-rs/queue/local | usr/lib/qmail-rs/queue/local/* | \
  usr/lib/qmail-rs/queue/remote | usr/lib/qmail-rs/queue/remote/* | \
  usr/lib/qmail-rs/queue/bounce) owner=qmails ;;
  usr/lib/qmail-rs/queue | usr/lib/qmail-rs/queue/*) owner=qmailq ;;
  *) echo "byname-owners.sh: no owner known for $path" >&2; exit 1 ;;
  esac
  case $path in
  usr/lib/qmail-rs/queue*) path=/var/qmail/queue${path#usr/lib/qmail-rs/queue} ;;
  *) path=/$path ;;
  esac
  echo "$owner qmail $mode $path"
done
