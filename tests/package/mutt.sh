#!/bin/sh
# mutt.sh MBOX EXPECT_DIR: mutt, driven by pushed keys with no one at the
# keyboard (under script(1) for a terminal), opens MBOX read-only and pipes
# each message out raw: its "From " line, then exactly one of the Maildir
# files in EXPECT_DIR. (The first key is a harmless <first-entry>: mutt
# drops what comes before its index is drawn.)
set -eu
mbox=$1
expect=$2
out=/tmp/mutt-out
rm -rf $out && mkdir $out
cat >/tmp/muttrc <<RC
set mbox_type=mbox
set pipe_decode=no
set wait_key=no
set sort=mailbox-order
set mail_check=0
push "<first-entry><pipe-message>cat >$out/1<enter><next-entry><pipe-message>cat >$out/2<enter><exit>"
RC
TERM=vt100 timeout 60 script -qec "mutt -n -F /tmp/muttrc -R -f $mbox" /dev/null >/dev/null
for n in 1 2; do
  head -n 1 "$out/$n" | grep -q '^From bob@client.test ' || { echo "message $n: no From_ line"; exit 1; }
  tail -n +2 "$out/$n" >"$out/$n.body"
  found=
  for e in "$expect"/*; do
    # qmail-local's mbox quoting: a line that starts with ">*From " gets
    # one more ">"; mutt shows the stored bytes, quoting and all.
    sed 's/^\(>*From \)/>\1/' "$e" >"$out/quoted"
    cmp -s "$out/$n.body" "$out/quoted" && found=1
  done
  if [ -z "$found" ]; then
    echo "mutt's message $n is none of the Maildir's:"
    cat "$out/$n"
    exit 1
  fi
done
cmp -s $out/1.body $out/2.body && { echo "mutt gave the same message twice"; exit 1; }
echo "mutt: 2 messages, identical to the Maildir's"
