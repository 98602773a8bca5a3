# Helpers for the POP cases: `. "$CASE/../lib.sh"` in setup or cmd.

# popup ARGS...: runs qmail-popup on the case's stdin and prints what it
# (and whatever it ran) said, with the pid and time in the greeting's
# timestamp masked (the pid depends on what the harness ran before);
# returns qmail-popup's exit code.
popup() {
  qmail-popup "$@" >"$OUT/session"
  rc=$?
  sed 's/^+OK <[0-9]*\.[0-9]*@/+OK <PID.TIME@/' "$OUT/session"
  rm -f "$OUT/session"
  return $rc
}

# mkmaildir DIR: an empty Maildir.
mkmaildir() {
  mkdir -p "$1/new" "$1/cur" "$1/tmp"
}

# msg FILE MTIME TEXT: a message file written with printf's %b (so \n,
# \r and \0 can be spelt) and dated MTIME (UTC).
msg() {
  printf '%b' "$3" >"$1"
  touch -d "$2 UTC" "$1"
}

# alice: alice's home with a Maildir of three messages, two in new/ and
# one in cur/, oldest first: cur/1000, new/1001, new/1002.
alice() {
  md=$QHOME/home/alice/Maildir
  mkmaildir "$md"
  mkdir -p "$QHOME/home/nomaildir"
  msg "$md/cur/1000.10001.golden.example:2,S" '2020-01-01 00:00:00' \
    'Return-Path: <bob@example.org>\nSubject: first\n\nhello alice\n'
  msg "$md/new/1001.10002.golden.example" '2020-01-02 00:00:00' \
    'Subject: second\nX-Two: 2\n\none\ntwo\nthree\n'
  msg "$md/new/1002.10003.golden.example" '2020-01-03 00:00:00' \
    'Subject: third\n\n.leading dot\n..two dots\n.\nlast line without newline'
}
