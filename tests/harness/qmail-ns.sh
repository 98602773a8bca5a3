#!/bin/sh
# qmail-ns.sh HOMEDIR CMD [ARG...]
#
# Runs CMD in private mount, network, UTS and pid namespaces where:
#   - HOMEDIR is bind-mounted on the conf-qmail path ($QHOME, default
#     /var/qmail); when that path does not exist on the host, its parent is
#     hidden behind a tmpfs inside the namespace and the mount point is made
#     there (the host is never changed);
#   - /etc is an overlay (the host's /etc below, a tmpfs above), in which
#     /etc/passwd and /etc/group are synthetic files holding root, the eight
#     qmail users and two groups with the ids of ids.env, nobody, and any
#     extra lines from $QMAIL_NS_PASSWD / $QMAIL_NS_GROUP (files). An overlay
#     and not bind mounts on the two files: when the host replaces its
#     /etc/passwd (useradd renames a new file over it), the kernel drops
#     every bind mount on the old file in all namespaces, and lookups in the
#     middle of a run would fall through to the host's users;
#   - pids are 5 digits wide: the namespace's pid counter is wound to 10000
#     before CMD starts, so sizes that include a pid ("qmail 12345 invoked")
#     do not depend on the host or on how many processes came first;
#   - with QMAIL_NS_CLOCK="YYYY-MM-DD HH:MM:SS" (UTC), the wall clock of every
#     dynamically linked program starts at that instant and runs on from it,
#     file times kept consistent (clock.c, preloaded through the overlay's
#     /etc/ld.so.preload, so the setuid qmail-queue gets it too). It needs
#     QMAIL_NS_CLOCK_LIB, the library built from clock.c (clocklib);
#   - the host name is golden.example and only loopback exists (up);
#   - CMD runs as pid 1 of its own pid namespace with its own /proc: pgrep
#     sees only the run's processes, and whatever is left when CMD exits
#     (a daemon set, say) is killed with it.
# Used by the golden runner, the integration tests and `make demo`.
set -eu
if [ "${QMAIL_NS_INSIDE:-}" != 1 ]; then
  # The mount point of the namespace's tmpfs (the /etc overlay's upper
  # layer) is made out here, where it can be removed afterwards.
  QMAIL_NS_OVL=$(mktemp -d /tmp/qmail-ns-etc.XXXXXX)
  export QMAIL_NS_INSIDE=1 QMAIL_NS_OVL
  rc=0
  unshare --mount --net --uts --pid --fork --mount-proc --propagation private -- "$0" "$@" || rc=$?
  rmdir "$QMAIL_NS_OVL"
  exit $rc
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
# The overlay's upper layer lives on a tmpfs of this namespace only.
ovl=$QMAIL_NS_OVL
unset QMAIL_NS_OVL
mount -t tmpfs -o mode=700 tmpfs "$ovl"
mkdir "$ovl/upper" "$ovl/work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$ovl/upper,workdir=$ovl/work" /etc
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
} > /etc/passwd
{
  echo "root:x:0:"
  echo "qmail:x:$QMAIL_GIDQ:"
  echo "nofiles:x:$QMAIL_GIDN:"
  echo "nogroup:x:65534:"
  [ -n "${QMAIL_NS_GROUP:-}" ] && cat "$QMAIL_NS_GROUP"
} > /etc/group
chmod 644 /etc/passwd /etc/group
# Only the files: a host whose nsswitch.conf also asks systemd, NIS or LDAP
# must not add users to the namespace.
if [ -f /etc/nsswitch.conf ]; then
  sed -E 's/^(passwd|group|shadow|gshadow):.*/\1: files/' /etc/nsswitch.conf >"$ovl/nss"
  cat "$ovl/nss" >/etc/nsswitch.conf
fi
rm -f /etc/ld.so.preload

if [ -n "${QMAIL_NS_CLOCK:-}" ]; then
  : "${QMAIL_NS_CLOCK_LIB:?QMAIL_NS_CLOCK needs QMAIL_NS_CLOCK_LIB (tests/harness/clocklib)}"
  want=$(date -u -d "$QMAIL_NS_CLOCK" +%s)
  echo $((want - $(date -u +%s))) >/etc/harness-clock
  cp "$QMAIL_NS_CLOCK_LIB" "$ovl/clock.so"
  chmod 755 "$ovl" && chmod 644 "$ovl/clock.so"
  echo "$ovl/clock.so" >/etc/ld.so.preload
fi

hostname golden.example
ip link set lo up 2>/dev/null || true
# Last, so that nothing above changes how far the counter has gone.
echo 9999 >/proc/sys/kernel/ns_last_pid
exec "$@"
