# Helpers for the qmail-queue cases: `. "$CASE/../helpers.sh"` in cmd.
#
# qq_fix: records in $OUT/pids whether the pid in each intd file (its `p`
# record) is the one in the message's Received line (the harness hides the
# pid itself). A message file over 64 KiB (compared by md5 only) gets its
# Received line moved to $OUT/received and replaced by a fixed one.
qq_fix() {
  (
    cd "$QHOME" || exit 0
    for f in queue/intd/*; do
      [ -f "$f" ] || continue
      n=${f#queue/intd/}
      p=$(tr '\0' '\n' <"$f" | sed -n 's/^p\([0-9]*\)$/\1/p' | head -n 1)
      m=queue/mess/$((n % 23))/$n
      if [ -n "$p" ] && [ -f "$m" ] &&
         head -n 1 "$m" | grep -q "^Received: (qmail $p invoked"; then
        echo "$f: pid as in the Received line"
      else
        echo "$f: pid '$p' not found in $m"
      fi >>"$OUT/pids"
    done
    for f in queue/mess/*/*; do
      [ -f "$f" ] || continue
      [ "$(stat -c %s "$f")" -gt 65536 ] || continue
      head -n 1 "$f" >>"$OUT/received"
      { echo "Received: (qmail PID invoked by uid UID); DATE"; tail -n +2 "$f"; } >"$OUT/.fix"
      cat "$OUT/.fix" >"$f"
      rm -f "$OUT/.fix"
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
