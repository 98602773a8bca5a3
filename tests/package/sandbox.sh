#!/bin/sh
# sandbox.sh DEB SCRIPT: runs SCRIPT (a file of this folder) as root in a
# throwaway copy of this machine: private mount, network, UTS and pid
# namespaces, an overlay over / whose upper layer is a tmpfs, chrooted into,
# with its own /proc, /dev and /run. Nothing it installs, creates or
# removes reaches the host. DEB is bind-mounted read-only at /mnt/pkg.deb
# and this folder at /mnt/tests. PKG_USERS (compiled or byname: which
# build the .deb carries) is passed on to SCRIPT.
set -eu
if [ "${PKG_SANDBOX_INSIDE:-}" != 1 ]; then
  export PKG_SANDBOX_INSIDE=1
  exec unshare --mount --net --uts --pid --fork --propagation private -- "$0" "$@"
fi
deb=$(readlink -f "$1")
script=$2
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d /tmp/pkg-sandbox.XXXXXX)
mount -t tmpfs -o mode=755 tmpfs "$t"
mkdir "$t/upper" "$t/work" "$t/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$t/upper,workdir=$t/work" "$t/root"
r=$t/root
mount -t proc proc "$r/proc"
mount --rbind /dev "$r/dev"
mount -t tmpfs -o mode=755 tmpfs "$r/run"
mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
touch "$r/mnt/pkg.deb" && mount --bind -o ro "$deb" "$r/mnt/pkg.deb"
mkdir -p "$r/mnt/tests" && mount --bind "$here" "$r/mnt/tests"
hostname mail.test.example
ip link set lo up
rc=0
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb LANG=C.UTF-8 \
  PKG_USERS="${PKG_USERS:-compiled}" chroot "$r" /bin/sh "/mnt/tests/$script" || rc=$?
exit $rc
