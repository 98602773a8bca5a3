#!/bin/sh
# qmail-ns.sh HOMEDIR CMD [ARG...]
#
# Runs CMD in private mount, network, UTS and pid namespaces where:
#   - HOMEDIR is bind-mounted on the conf-qmail path ($QHOME, default
#     /var/qmail); when that path does not exist on the host, its parent is
#     hidden behind a tmpfs inside the namespace and the mount point is made
#     there (the host is never changed);
#   - /etc/passwd and /etc/group are replaced by synthetic files holding root,
#     the eight qmail users and two groups with the ids of ids.env, nobody,
#     and any extra lines from $QMAIL_NS_PASSWD / $QMAIL_NS_GROUP (files);
#   - the host name is golden.example and only loopback exists (up);
#   - CMD runs as pid 1 of its own pid namespace with its own /proc: pgrep
#     sees only the run's processes, and whatever is left when CMD exits
#     (a daemon set, say) is killed with it.
# Used by the golden runner, the integration tests and `make demo`.
set -eu
if [ "${QMAIL_NS_INSIDE:-}" != 1 ]; then
  export QMAIL_NS_INSIDE=1
  exec unshare --mount --net --uts --pid --fork --mount-proc --propagation private -- "$0" "$@"
fi
unset QMAIL_NS_INSIDE
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$1" && pwd)
shift
QHOME=${QHOME:-/var/qmail}

if [ ! -d "$QHOME" ]; then
  parent=$(dirname "$QHOME")
  mkdir -p "$parent" 2>/dev/null || true
  mount -t tmpfs -o mode=755 tmpfs "$parent"
  mkdir -p "$QHOME"
fi
mount --bind "$home" "$QHOME"

. "$here/ids.env"
etc=$(mktemp -d /tmp/qmail-ns-etc.XXXXXX)
{
  echo "root:x:0:0:root:/root:/bin/sh"
  echo "alias:x:$QMAIL_UIDA:$QMAIL_GIDN::$QHOME/alias:/bin/false"
  echo "qmaild:x:$QMAIL_UIDD:$QMAIL_GIDN::$QHOME:/bin/false"
  echo "qmaill:x:$QMAIL_UIDL:$QMAIL_GIDN::$QHOME:/bin/false"
  echo "qmailp:x:$QMAIL_UIDP:$QMAIL_GIDN::$QHOME:/bin/false"
  echo "qmailq:x:$QMAIL_UIDQ:$QMAIL_GIDQ::$QHOME:/bin/false"
  echo "qmailr:x:$QMAIL_UIDR:$QMAIL_GIDQ::$QHOME:/bin/false"
  echo "qmails:x:$QMAIL_UIDS:$QMAIL_GIDQ::$QHOME:/bin/false"
  echo "nobody:x:65534:65534:nobody:/nonexistent:/bin/false"
  [ -n "${QMAIL_NS_PASSWD:-}" ] && cat "$QMAIL_NS_PASSWD"
} > "$etc/passwd"
{
  echo "root:x:0:"
  echo "qmail:x:$QMAIL_GIDQ:"
  echo "nofiles:x:$QMAIL_GIDN:"
  echo "nogroup:x:65534:"
  [ -n "${QMAIL_NS_GROUP:-}" ] && cat "$QMAIL_NS_GROUP"
} > "$etc/group"
mount --bind "$etc/passwd" /etc/passwd
mount --bind "$etc/group" /etc/group
rm -rf "$etc"   # the mounts keep the files alive

hostname golden.example
ip link set lo up 2>/dev/null || true
exec "$@"
