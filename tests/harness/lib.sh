# Shell helpers for golden cases: `. "$HARNESS/lib.sh"` in setup or cmd.

# mkqueue: an empty queue/ as stock's install makes it (split 23): the
# directories, owners and modes, lock/sendmutex, lock/tcpto and the
# lock/trigger fifo. Taken from the tree the C install produced.
mkqueue() {
  grep '^queue' "$HARNESS/../data/hier-tree.txt" | while read -r p u g m t; do
    case $t in
      d) mkdir -p "$QHOME/$p" ;;
      f) : >"$QHOME/$p" ;;
      p) mkfifo "$QHOME/$p" ;;
    esac
    chown "$u:$g" "$QHOME/$p"
    chmod "$m" "$QHOME/$p"
  done
}

# mkhome USER: a home directory below $QHOME/home owned by USER, for users
# the case adds through its `passwd` file.
mkhome() {
  mkdir -p "$QHOME/home/$1"
  chown "$1" "$QHOME/home/$1"
}

# qmail_start DELIVERY: starts the daemon set under test like /var/qmail/rc
# (qmail-start with the given default delivery), logging to $OUT/log.
# qmail_stop: SIGTERM to qmail-send, then waits for the set to exit.
# queue_wait [SECONDS]: waits until no message is left in the queue (at most
# SECONDS, default 20; returns 1 on timeout).
qmail_start() {
  : >"$OUT/log"
  chmod 666 "$OUT/log"
  chmod 755 "$OUT"
  env - PATH="$QHOME/bin:/usr/bin:/bin" OUTLOG="$OUT/log" \
    qmail-start "$1" sh -c 'exec cat >>"$OUTLOG"' &
  QMAIL_SEND_PID=$!
}
queue_wait() {
  n=0
  limit=$(( ${1:-20} * 10 ))
  while [ "$(find "$QHOME/queue/mess" "$QHOME/queue/todo" -type f | wc -l)" != 0 ]; do
    n=$((n + 1))
    [ $n -ge $limit ] && return 1
    sleep 0.1
  done
  return 0
}
qmail_stop() {
  kill -TERM "$QMAIL_SEND_PID"
  wait "$QMAIL_SEND_PID" 2>/dev/null || true
  # the spawners and the logger exit once qmail-send has gone
  n=0
  for p in qmail-lspawn qmail-rspawn qmail-clean cat; do
    while pgrep -x "$p" >/dev/null && [ $n -lt 50 ]; do
      n=$((n + 1)); sleep 0.1
    done
  done
}

# sink_start SCRIPT [ADDR [PORT [CONNECTIONS]]]: starts the scripted SMTP
# peer (smtpsink.py, read it) with the case's file SCRIPT on ADDR:PORT
# (default 127.0.0.1:25), recording what it receives into
# $OUT/SCRIPT.received; returns once it listens.
# sink_wait: waits until every started peer has finished.
sink_start() {
  _ready=$(mktemp -u /tmp/sink-ready.XXXXXX)
  python3 "$HARNESS/smtpsink.py" "$CASE/$1" "$OUT/$1.received" "$_ready" \
    "${2:-127.0.0.1}" "${3:-25}" "${4:-1}" &
  SINK_PIDS="${SINK_PIDS:-} $!"
  _n=0
  while [ ! -e "$_ready" ] && [ $_n -lt 100 ]; do _n=$((_n + 1)); sleep 0.05; done
  rm -f "$_ready"
}
sink_wait() {
  for _p in ${SINK_PIDS:-}; do wait "$_p" 2>/dev/null || true; done
  SINK_PIDS=
}

# remote ARGS...: runs qmail-remote with the case's msg on fd 0 and shows
# its report with each NUL as a line "<NUL>", then the exit code.
remote() {
  qmail-remote "$@" <"$CASE/msg" >"$OUT/report"
  echo "rc: $?"
  tr '\0' '\n' <"$OUT/report" | sed 's/^/| /'
}
