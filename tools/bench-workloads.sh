# The whole-flow workloads of tools/bench (sourced there, and again in the
# process tools/bench-helper.py rss measures), run in $QHOME with the bin/
# of one implementation installed. Each w_NAME writes the milliseconds it
# measured to $work/ms and returns nonzero when the run went wrong.
# Needs QHOME, HARNESS, work, top and the QMAIL_UID*/GID* ids.

ms() { echo $(( $(date +%s%N) / 1000000 )); }

# pids NAME...: the processes with one of these names (not pgrep: it is
# bigger than any program measured here, and a shell's children count)
pids() {
  for _d in /proc/[0-9]*; do
    { read -r _c <"$_d/comm"; } 2>/dev/null || continue
    for _w in "$@"; do [ "$_c" = "$_w" ] && echo "${_d#/proc/}"; done
  done
}

# mdcount: how many messages are in the bench Maildir's new/ (not a glob:
# the shell would grow with the names, and every process it forks after)
mdcount() {
  ls -f "$QHOME/alias/Maildir/new" | awk '!/^\./ { n++ } END { print n + 0 }'
}

# mdwait N LIMIT: waits until N messages were delivered (at most LIMIT
# seconds; 1 on timeout)
mdwait() {
  _end=$(( $(date +%s) + $2 ))
  while [ "$(mdcount)" -lt "$1" ]; do
    [ "$(date +%s)" -ge "$_end" ] && { echo "bench: only $(mdcount) of $1 delivered" >&2; return 1; }
    sleep 0.02
  done
}

# set_start: the daemon set as /var/qmail/rc starts it, delivering to
# ./Maildir/, logging to $work/sendlog; set_stop ends it (qmail-send
# exits on SIGTERM, the spawners and qmail-clean when it has gone).
set_start() {
  : >"$work/sendlog"
  chmod 666 "$work/sendlog"
  env - PATH="$QHOME/bin:/usr/bin:/bin" WORK="$work" \
    "$QHOME/bin/qmail-start" ./Maildir/ sh -c 'exec cat >>"$WORK/sendlog"' &
  SEND_PID=$!
}
set_stop() {
  # the peak memory of the largest of the long-running daemons, to
  # $work/hwm (per process; the spawned programs are in the rusage figure)
  for _p in $(pids qmail-send qmail-lspawn qmail-rspawn qmail-clean); do
    while read -r _k _v _u; do [ "$_k" = VmHWM: ] && echo "$_v"; done <"/proc/$_p/status"
  done 2>/dev/null | sort -n | tail -n 1 >"$work/hwm"
  kill -TERM "$SEND_PID"
  wait "$SEND_PID" 2>/dev/null || true
  _n=0
  while [ -n "$(pids qmail-lspawn qmail-rspawn qmail-clean)" ] && [ $_n -lt 200 ]; do
    _n=$((_n + 1)); sleep 0.05
  done
}

# qmail-queue 2000 times, one after the other
w_queue2000() {
  cd "$QHOME"
  _t0=$(ms)
  _k=0
  while [ $_k -lt 2000 ]; do
    bin/qmail-queue <"$work/in/small" 1<"$work/in/envelope" || return 1
    _k=$((_k + 1))
  done
  echo $(( $(ms) - _t0 )) >"$work/ms"
}

# QUEUE_INJECTS messages injected one after the other, delivered
w_daemon() {
  cd "$QHOME"
  _n=${QUEUE_INJECTS:-1000}
  set_start
  sleep 0.5
  _t0=$(ms)
  _k=0 _rc=0
  while [ $_k -lt "$_n" ]; do
    bin/qmail-inject ann@bench.example <"$work/in/small" || _rc=1
    _k=$((_k + 1))
  done
  mdwait "$_n" 300 || _rc=1
  echo $(( $(ms) - _t0 )) >"$work/ms"
  set_stop
  return $_rc
}

# SMTP_CLIENTS clients at once, SMTP_MESSAGES messages, delivered
w_smtp() {
  cd "$QHOME"
  _n=${SMTP_MESSAGES:-2000}
  set_start
  tcpserver -R -H -l bench.example -c 100 -u "$QMAIL_UIDD" -g "$QMAIL_GIDN" \
    127.0.0.1 25 "$QHOME/bin/qmail-smtpd" 2>/dev/null &
  _tcps=$!
  _h=$(printf ':%04X 00000000:0000 0A' 25)
  _k=0
  while ! grep -q "$_h" /proc/net/tcp && [ $_k -lt 200 ]; do _k=$((_k + 1)); sleep 0.05; done
  sleep 0.3
  _t0=$(ms)
  _rc=0
  # the client is left to the measuring process to reap (bench-helper.py
  # rss leaves it out), so it is waited for through its pid
  (python3 "$top/tools/bench-helper.py" smtp 25 "${SMTP_CLIENTS:-20}" "$_n" \
    "$work/in/small" ann@bench.example >"$work/smtp.out" 2>&1 &
    echo $! >"$work/smtp.pid")
  while kill -0 "$(cat "$work/smtp.pid")" 2>/dev/null; do sleep 0.02; done
  grep -q ' 0 failed' "$work/smtp.out" || _rc=1
  mdwait "$_n" 300 || _rc=1
  echo $(( $(ms) - _t0 )) >"$work/ms"
  kill -TERM "$_tcps"
  wait "$_tcps" 2>/dev/null || true
  set_stop
  return $_rc
}

# a 10 MB DATA through qmail-smtpd on its own
w_smtpd10mb() {
  cd "$QHOME"
  _t0=$(ms)
  TCPLOCALIP=127.0.0.1 TCPREMOTEIP=127.0.0.1 TCPLOCALHOST=bench.example TCPREMOTEHOST=client.example \
    bin/qmail-smtpd <"$work/in/smtp10" >"$work/smtp10.out" || return 1
  echo $(( $(ms) - _t0 )) >"$work/ms"
  grep -q '^250 ok' "$work/smtp10.out"
}
