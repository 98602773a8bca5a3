# Helpers for the qmail-queue cases: `. "$CASE/../helpers.sh"` in cmd.
#
# qq_fix: the intd/todo file of a message holds qmail-queue's pid (the
# `p` record), which differs between runs. For each intd file this records
# in $OUT/pids whether that pid is the one in the message's Received line,
# then rewrites the record to `pPID` in place (todo/N is the same inode and
# follows). A pid/ file left behind gets the name pid/PID.TIME.SEQ.
# A message file over 64 KiB (compared by md5 only) gets its Received line
# moved to $OUT/received and replaced by a fixed one of the same shape.
qq_fix() {
  (
    cd "$QHOME/queue" || exit 0
    for f in intd/*; do
      [ -f "$f" ] || continue
      n=${f#intd/}
      p=$(tr '\0' '\n' <"$f" | sed -n 's/^p\([0-9]*\)$/\1/p' | head -n 1)
      m=mess/$((n % 23))/$n
      if [ -n "$p" ] && [ -f "$m" ] &&
         head -n 1 "$m" | grep -q "^Received: (qmail $p invoked"; then
        echo "intd/$n: pid as in the Received line"
      else
        echo "intd/$n: pid '$p' not found in $m"
      fi >>"$OUT/pids"
      sed -z 's/^p[0-9][0-9]*$/pPID/' "$f" >"$OUT/.fix"
      cat "$OUT/.fix" >"$f"
      rm -f "$OUT/.fix"
    done
    for f in mess/*/*; do
      [ -f "$f" ] || continue
      [ "$(stat -c %s "$f")" -gt 65536 ] || continue
      head -n 1 "$f" >>"$OUT/received"
      { echo "Received: (qmail PID invoked by uid UID); DATE"; tail -n +2 "$f"; } >"$OUT/.fix"
      cat "$OUT/.fix" >"$f"
      rm -f "$OUT/.fix"
    done
    for f in pid/*; do
      [ -f "$f" ] || continue
      mv "$f" "pid/PID.TIME.${f##*.}"
    done
  )
}

# qq_wait_mess: waits (at most 10 s) until a message file exists.
qq_wait_mess() {
  n=0
  while [ -z "$(find "$QHOME/queue/mess" -type f)" ] && [ $n -lt 200 ]; do
    n=$((n + 1)); sleep 0.05
  done
}
