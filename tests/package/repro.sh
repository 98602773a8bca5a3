#!/bin/sh
# repro.sh: builds the .deb twice from the committed files, in two build
# paths of different depth, with different umask, time zone and locale,
# and the same SOURCE_DATE_EPOCH (from debian/changelog), then compares the
# two .deb files byte for byte. Prints a "N passed, N failed" line.
#
# With an argument, that .deb (the one `make deb` built in the checkout) is
# the first build, and only the second is made here: make package-test
# saves one release build this way, the comparison still crosses two paths.
set -eu
first=${1:+$(cd "$(dirname "$1")" && pwd)/$(basename "$1")}
top=$(cd "$(dirname "$0")/../.." && pwd)
w=$(mktemp -d /tmp/qmail-repro.XXXXXX)
trap 'rm -rf "$w"' EXIT
one=$w/a/qmail-rs
two=$w/second/build/path/qmail-rs
dirs="$one $two"
[ -n "$first" ] && dirs=$two
for d in $dirs; do
  mkdir -p "$d"
  (cd "$top" && git ls-files -z | tar cf - --null -T -) | (cd "$d" && tar xf -)
done
if [ -z "$first" ]; then
  (cd "$one" && umask 022 && TZ=UTC LC_ALL=C dpkg-buildpackage -b -us -uc) >"$w/one.log" 2>&1 ||
    { tail -20 "$w/one.log"; exit 1; }
fi
(cd "$two" && umask 002 && TZ=Asia/Tokyo LC_ALL=C.UTF-8 dpkg-buildpackage -b -us -uc) >"$w/two.log" 2>&1 ||
  { tail -20 "$w/two.log"; exit 1; }
if [ -n "$first" ]; then a=$first; else a=$(ls "$w"/a/qmail-rs_*.deb); fi
b=$(ls "$w"/second/build/path/qmail-rs_*.deb)
if cmp "$a" "$b"; then
  echo "ok - two builds give identical .deb files ($(sha256sum <"$a" | cut -c1-16)...)"
  echo "repro: 1 passed, 0 failed"
else
  echo "not ok - the two .deb files differ"
  mkdir -p "$w/x" "$w/y"
  dpkg-deb -R "$a" "$w/x" && dpkg-deb -R "$b" "$w/y"
  diff -r "$w/x" "$w/y" | head -20
  echo "repro: 0 passed, 1 failed"
  exit 1
fi
