#!/bin/sh
# qmail-swap: put Rust programs into a real qmail installation one at a time,
# and take them out again.
#
#   qmail-swap [-d QMAILHOME] [-b RUSTBINDIR] swap PROG...
#   qmail-swap [-d QMAILHOME] [-b RUSTBINDIR] rollback PROG...
#   qmail-swap [-d QMAILHOME] [-b RUSTBINDIR] rollback --all
#   qmail-swap [-d QMAILHOME] [-b RUSTBINDIR] status
#
# QMAILHOME defaults to /var/qmail, RUSTBINDIR to the build/ directory that
# `make` stages next to this script's compat/ directory. See docs/SWAP.md.
#
# How it works:
#   swap      the original QMAILHOME/bin/PROG gets a second hard link,
#             QMAILHOME/bin/.orig/PROG (that directory is root-only, 0700);
#             the Rust program is copied to a temporary name in bin/, given
#             the original's owner, group and mode, and renamed over PROG.
#             Nothing is ever written into a file that may be running, and
#             bin/PROG exists at every moment.
#   rollback  renames bin/.orig/PROG back over bin/PROG: the very same file
#             (bytes, owner, group, mode) that was there before the swap.
#
# Before any change it refuses (exit 100) when a PROG is not a stock qmail
# program, when the Rust build lacks it, or when the Rust build's compiled-in
# values (home, ids, split, spawn limit, paternalism, break character) differ
# from the installation's, as printed by the two qmail-showctl programs, or
# when one of them looks the qmail users up by name at start (the
# users-by-name build: qmail-showctl's eighth line says so) and the other
# has the ids compiled in (stock, and the default build).
# Exit codes: 0 done (including "nothing to do"), 100 refused or usage,
# 111 an operation failed midway (the message says what is left).
set -eu

me=qmail-swap
fatal() { echo "$me: fatal: $*" >&2; exit 100; }
fail() { echo "$me: fatal: $*" >&2; exit 111; }
warn() { echo "$me: warning: $*" >&2; }
say() { echo "$me: $*"; }
usage() {
  cat >&2 <<EOF
usage: $me [-d QMAILHOME] [-b RUSTBINDIR] swap PROG...
       $me [-d QMAILHOME] [-b RUSTBINDIR] rollback PROG... | rollback --all
       $me [-d QMAILHOME] [-b RUSTBINDIR] status
EOF
  exit 100
}

# The programs stock qmail 1.06 installs in QMAILHOME/bin.
STOCK="qmail-queue qmail-lspawn qmail-start qmail-getpw qmail-local
qmail-remote qmail-rspawn qmail-clean qmail-send splogger qmail-newu
qmail-newmrh qmail-pw2u qmail-inject predate datemail mailsubj qmail-showctl
qmail-qread qmail-qstat qmail-tcpto qmail-tcpok qmail-pop3d qmail-popup
qmail-qmqpc qmail-qmqpd qmail-qmtpd qmail-smtpd sendmail tcp-env qreceipt
qsmhook qbiff forward preline condredirect bouncesaying except maildirmake
maildir2mbox maildirwatch qail elq pinq"

is_stock() {
  for s in $STOCK; do
    [ "$s" = "$1" ] && return 0
  done
  return 1
}

# How the running system picks up a new copy of PROG.
lifetime() {
  case $1 in
    qmail-send|qmail-lspawn|qmail-rspawn|qmail-clean|splogger)
      echo "long-running daemon under qmail-start: restart qmail to use it" ;;
    qmail-start)
      echo "runs when qmail starts: used at the next restart of qmail" ;;
    qmail-smtpd|qmail-qmtpd|qmail-qmqpd|qmail-popup|qmail-pop3d|tcp-env)
      echo "started per connection: no restart needed" ;;
    qmail-queue|qmail-local|qmail-remote|qmail-getpw)
      echo "started per message: no restart needed" ;;
    *)
      echo "run on demand: no restart needed" ;;
  esac
}
needs_restart() {
  case $1 in
    qmail-send|qmail-lspawn|qmail-rspawn|qmail-clean|splogger|qmail-start) return 0 ;;
  esac
  return 1
}

home=/var/qmail
here=$(cd "$(dirname "$0")" && pwd)
rust=$here/../build
while getopts d:b: opt; do
  case $opt in
    d) home=$OPTARG ;;
    b) rust=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
cmd=$1
shift

bin=$home/bin
orig=$bin/.orig
[ -d "$bin" ] || fatal "$bin is not a directory (wrong -d?)"

# The seven header lines qmail-showctl prints from its compiled-in values,
# before it looks at any control file.
LABELS="qmail home directory
user-ext delimiter
paternalism (in decimal)
silent concurrency limit
subdirectory split
user ids
group ids"

# What a users-by-name build's qmail-showctl prints after the group ids.
BYNAME_LINE="user and group ids: looked up by name at start."

# header SHOWCTL NAME: print its header lines (empty output if they are
# missing); its fd 2 goes to $tmpd/NAME.err, and $tmpd/NAME.kind says
# "by-name" or "compiled-in".
header() {
  out=$("$1" </dev/null 2>"$tmpd/$2.err") || true
  if [ "$(printf '%s\n' "$out" | sed -n '8p')" = "$BYNAME_LINE" ]; then
    echo by-name >"$tmpd/$2.kind"
  else
    echo compiled-in >"$tmpd/$2.kind"
  fi
  printf '%s\n' "$out" | sed -n '1,7p' >"$tmpd/h"
  n=0
  while IFS= read -r label; do
    n=$((n + 1))
    line=$(sed -n "${n}p" "$tmpd/h")
    case $line in
      "$label: "*) ;;
      *) return 0 ;;
    esac
  done <<EOF
$LABELS
EOF
  cat "$tmpd/h"
}

check_compiled_in() {
  mine=$rust/qmail-showctl
  [ -f "$mine" ] && [ -x "$mine" ] ||
    fatal "$mine is missing: cannot compare the Rust build's compiled-in values"
  # When qmail-showctl itself is swapped, the kept original tells the truth.
  theirs=$bin/qmail-showctl
  [ -f "$orig/qmail-showctl" ] && theirs=$orig/qmail-showctl
  [ -f "$theirs" ] && [ -x "$theirs" ] ||
    fatal "$theirs is missing: cannot read the installation's compiled-in values"
  header "$mine" mine >"$tmpd/mine"
  header "$theirs" theirs >"$tmpd/theirs"
  [ -s "$tmpd/mine" ] ||
    fatal "$mine does not print qmail-showctl's header lines$(errs mine)"
  [ -s "$tmpd/theirs" ] ||
    fatal "$theirs does not print qmail-showctl's header lines$(errs theirs)"
  kmine=$(cat "$tmpd/mine.kind")
  ktheirs=$(cat "$tmpd/theirs.kind")
  if [ "$kmine" != "$ktheirs" ]; then
    {
      echo "$me: fatal: the Rust build in $rust and the installation in $home get the qmail ids in different ways; they cannot be mixed:"
      echo "$me:   installed:  $(describe "$ktheirs")"
      echo "$me:   Rust build: $(describe "$kmine")"
      echo "$me: rebuild with $(rebuild "$ktheirs") (see README.md, \"How uids and gids are chosen\")"
    } >&2
    exit 100
  fi
  if ! cmp -s "$tmpd/mine" "$tmpd/theirs"; then
    {
      echo "$me: fatal: the Rust build in $rust was compiled with other values than the installation in $home:"
      n=0
      while IFS= read -r a; do
        n=$((n + 1))
        b=$(sed -n "${n}p" "$tmpd/mine")
        if [ "$a" != "$b" ]; then
          echo "$me:   installed:  $a"
          echo "$me:   Rust build: $b"
        fi
      done <"$tmpd/theirs"
      echo "$me: rebuild with matching conf-files (and QMAIL_UID*/QMAIL_GID*, see README.md)"
    } >&2
    exit 100
  fi
  h=$(sed -n '1s/^qmail home directory: \(.*\)\.$/\1/p' "$tmpd/theirs")
  if [ "$h" != "$home" ]; then
    warn "the installation in $home says its home is $h"
  fi
}

# errs NAME: ": " and the first line qmail-showctl NAME wrote on fd 2, if any.
errs() {
  e=$(sed -n '1p' "$tmpd/$1.err")
  [ -z "$e" ] || printf ': %s' "$e"
}

describe() {
  case $1 in
    by-name) echo "looks the users up by name at start (users-by-name build)" ;;
    *) echo "ids compiled in (stock, or the default build)" ;;
  esac
}

rebuild() {
  case $1 in
    by-name) echo "'make USERS=byname'" ;;
    *) echo "'make' (USERS=compiled, the default) and the installation's ids" ;;
  esac
}

# id_of FILE: device and inode, to tell two links of one file.
id_of() { stat -c '%d:%i' "$1"; }

swap_one() {
  p=$1
  if [ -e "$orig/$p" ]; then
    if cmp -s "$rust/$p" "$bin/$p"; then
      say "$p: already swapped, nothing to do"
      return 0
    fi
    if [ -e "$bin/$p" ] && [ "$(id_of "$orig/$p")" = "$(id_of "$bin/$p")" ]; then
      say "$p: original already kept in $orig/$p; finishing the swap"
    else
      say "$p: already swapped; installing the newer Rust build (original stays kept)"
    fi
  else
    if cmp -s "$rust/$p" "$bin/$p"; then
      say "$p: $bin/$p already is this Rust build (not installed by $me), nothing to do"
      return 0
    fi
    ln -P "$bin/$p" "$orig/$p" || fail "unable to keep $bin/$p as $orig/$p"
  fi
  # Owner, group and mode come from the kept original, not from whatever is
  # in bin/ now. chown comes before chmod: it would clear a setuid bit.
  read -r uid gid mode <<EOF
$(stat -c '%u %g %a' "$orig/$p")
EOF
  tmp=$bin/.$p.qmail-swap.$$
  rm -f "$tmp"
  if cp "$rust/$p" "$tmp" && chown "$uid:$gid" "$tmp" && chmod "$mode" "$tmp" &&
    mv -f "$tmp" "$bin/$p"; then
    say "swapped $p ($(lifetime "$p"))"
    touched="$touched $p"
  else
    rm -f "$tmp"
    fail "unable to install $rust/$p as $bin/$p; $bin/$p is unchanged (the original is kept in $orig/$p)"
  fi
}

rollback_one() {
  p=$1
  if [ ! -e "$orig/$p" ]; then
    say "$p: not swapped, nothing to do"
    return 0
  fi
  if [ -e "$bin/$p" ] && [ "$(id_of "$orig/$p")" = "$(id_of "$bin/$p")" ]; then
    rm -f "$orig/$p" || fail "unable to remove $orig/$p"
    say "$p: the original was in place already; dropped the extra link"
    return 0
  fi
  mv -f "$orig/$p" "$bin/$p" || fail "unable to move $orig/$p back to $bin/$p"
  say "restored the original $p ($(lifetime "$p"))"
  touched="$touched $p"
}

advise_restart() {
  r=
  for p in $touched; do
    needs_restart "$p" && r="$r $p"
  done
  [ -n "$r" ] || return 0
  say "restart qmail (qmail-start and the daemons it runs) for:$r"
  say "  e.g. svc -t /service/qmail-send, or your init script's restart;"
  say "  until then the running daemons keep using the programs they started with"
}

tmpd=$(mktemp -d "${TMPDIR:-/tmp}/qmail-swap.XXXXXX")
tmp=
# On any exit, also when interrupted, leave no temporary file behind.
trap 'rm -rf "$tmpd"; if [ -n "$tmp" ]; then rm -f "$tmp"; fi' EXIT
trap 'exit 111' HUP INT TERM
touched=
umask 077

case $cmd in
  swap)
    [ $# -ge 1 ] || usage
    for p in "$@"; do
      is_stock "$p" || fatal "$p is not a stock qmail program"
      [ -f "$rust/$p" ] && [ -x "$rust/$p" ] ||
        fatal "the Rust build in $rust does not provide $p"
      if [ -L "$bin/$p" ]; then
        fatal "$bin/$p is a symbolic link; refusing to replace it"
      fi
      [ -f "$bin/$p" ] || fatal "$bin/$p does not exist: nothing to replace"
    done
    check_compiled_in
    if [ ! -d "$orig" ]; then
      mkdir "$orig" || fail "unable to create $orig"
      chmod 700 "$orig" || fail "unable to chmod $orig"
    fi
    for p in "$@"; do
      swap_one "$p"
    done
    advise_restart
    ;;
  rollback)
    [ $# -ge 1 ] || usage
    if [ "$1" = --all ]; then
      [ $# -eq 1 ] || usage
      set --
      if [ -d "$orig" ]; then
        for f in "$orig"/* "$orig"/.[!.]*; do
          [ -e "$f" ] || continue
          p=${f##*/}
          if is_stock "$p"; then
            set -- "$@" "$p"
          else
            warn "$f is not a stock program; left alone"
          fi
        done
      fi
      [ $# -ge 1 ] || say "nothing is swapped"
    else
      for p in "$@"; do
        is_stock "$p" || fatal "$p is not a stock qmail program"
      done
    fi
    for p in "$@"; do
      rollback_one "$p"
    done
    rmdir "$orig" 2>/dev/null || true
    advise_restart
    ;;
  status)
    [ $# -eq 0 ] || usage
    for p in $STOCK; do
      if [ -e "$orig/$p" ]; then
        if [ -e "$bin/$p" ] && [ "$(id_of "$orig/$p")" = "$(id_of "$bin/$p")" ]; then
          s="stock (original also kept in .orig: an interrupted swap)"
        elif [ -f "$rust/$p" ] && cmp -s "$rust/$p" "$bin/$p"; then
          s="swapped"
        elif [ -f "$rust/$p" ]; then
          s="swapped (differs from the Rust build in $rust)"
        else
          s="swapped"
        fi
      elif [ ! -e "$bin/$p" ]; then
        s="missing"
      elif [ -f "$rust/$p" ] && cmp -s "$rust/$p" "$bin/$p"; then
        s="Rust build (installed without $me, no original kept)"
      else
        s="stock"
      fi
      printf '%-14s %s\n' "$p" "$s"
    done
    ;;
  *)
    usage
    ;;
esac
exit 0
