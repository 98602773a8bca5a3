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
# its exit code, then its report with each NUL shown as a line end and
# every line marked with "| ".
remote() {
  qmail-remote "$@" <"$CASE/msg" >"$OUT/report"
  echo "rc: $?"
  tr '\0' '\n' <"$OUT/report" | sed 's/^/| /'
}

# DNS peers, for cases of programs that look names up (qmail-remote, tcp-env,
# the dns* tools). Call them in `cmd`: they start the server, point
# /etc/resolv.conf at it, and set an EXIT trap that stops it when cmd ends
# (the exit code of cmd stays what it was). Both listen on 127.0.0.1:53,
# so a case uses one of them.
#
# dns_conf [LINE...]: /etc/resolv.conf with `nameserver 127.0.0.1` and then
# each LINE (e.g. "search example" or "options timeout:1 attempts:1"); no
# search list unless given. The servers below call it with no lines unless
# the case called it first.
# dnsmasq_start FILE: dnsmasq with the records of FILE, which holds dnsmasq
# option lines: `mx-host=example,mx.example,10`,
# `host-record=mx.example,127.0.0.2` (A and PTR), `cname=alias.example,
# mx.example`, `ptr-record=5.0.0.127.in-addr.arpa,five.example`,
# `address=/wild.example/127.0.0.3`. No upstream server, no /etc/hosts; names
# under example. and 127.in-addr.arpa. not in FILE get NXDOMAIN (NOERROR
# without records when the name has records of another type); any other
# name is REFUSED. It logs nothing.
# Both are waited for through the namespace's /proc/net/udp (/tmp is the
# host's, shared by cases running at the same time).
# dnsd_start [LOG]: the scripted server tests/harness/dnsd.py (read it for
# the names it answers: truncated, oversized, looping, malformed, silent);
# with LOG, one line per question it receives (`udp|tcp TYPE NAME`) is
# appended to that file (e.g. "$OUT/dnsd.log").
# dns_stop: stops the server now (the EXIT trap then does nothing).
dns_conf() {
  {
    echo "nameserver 127.0.0.1"
    for l in "$@"; do echo "$l"; done
  } >/etc/resolv.conf
  DNS_CONF_DONE=1
}
dns_wait_port() {
  n=0
  until grep -q '^ *[0-9]*: 0100007F:0035 ' /proc/net/udp 2>/dev/null; do
    n=$((n + 1))
    [ $n -ge 100 ] && { echo "dns: no server on 127.0.0.1:53" >&2; return 1; }
    sleep 0.05
  done
}
dnsmasq_start() {
  [ "${DNS_CONF_DONE:-}" = 1 ] || dns_conf
  dnsmasq --keep-in-foreground --conf-file="$1" --no-resolv --no-hosts \
    --listen-address=127.0.0.1 --bind-interfaces --port=53 --user=root \
    --group=root --pid-file= --local=/example/ --local=/127.in-addr.arpa/ \
    --log-facility=/dev/null &
  DNS_PID=$!
  trap dns_stop EXIT
  dns_wait_port
}
dnsd_start() {
  [ "${DNS_CONF_DONE:-}" = 1 ] || dns_conf
  if [ -n "${1:-}" ]; then
    python3 "$HARNESS/dnsd.py" --log "$1" &
  else
    python3 "$HARNESS/dnsd.py" &
  fi
  DNS_PID=$!
  trap dns_stop EXIT
  dns_wait_port
}
dns_stop() {
  if [ -n "${DNS_PID:-}" ]; then
    kill "$DNS_PID" 2>/dev/null
    wait "$DNS_PID" 2>/dev/null
    DNS_PID=
  fi
  return 0
}

# qmqpsink ARG...: starts the scripted QMQP server (qmqpsink.py, see there
# for ARG) in the background and returns once it listens; its pid is in
# QMQPSINK_PID.
qmqpsink() {
  _ready=$(mktemp -u /tmp/qmqpsink.XXXXXX)
  python3 "$HARNESS/qmqpsink.py" --ready "$_ready" "$@" &
  QMQPSINK_PID=$!
  _n=0
  while [ ! -e "$_ready" ] && [ $_n -lt 200 ]; do _n=$((_n + 1)); sleep 0.05; done
  rm -f "$_ready"
}

# listen_wait PORT: waits (at most 10 s) until something listens on TCP
# PORT in this network namespace (a tcpserver started in the background).
listen_wait() {
  _hex=$(printf ':%04X 00000000:0000 0A' "$1")
  _n=0
  while ! grep -q "$_hex" /proc/net/tcp && [ $_n -lt 200 ]; do _n=$((_n + 1)); sleep 0.05; done
}

# blackhole: makes 10.255.0.9 an address whose SYNs are lost (a veth
# pair in 10.255.0.0/24 with a made-up neighbour for it), so a connect to
# it times out.
blackhole() {
  ip link add bh0 type veth peer name bh1
  ip addr add 10.255.0.1/24 dev bh0
  ip link set bh0 up
  ip link set bh1 up
  ip neigh add 10.255.0.9 lladdr 02:00:00:00:00:01 dev bh0 nud permanent
}

# A mini-qmail null client beside the case (see docs/HARNESS.md):
# nullclient_up makes a network namespace joined to the case's by a veth
# pair (case side 10.0.0.1, client 10.0.0.2), held by a sleeping process
# (NULLCLIENT_NS); nullclient CMD... runs CMD in it with $QHOME/client
# mounted on $QHOME (a mount namespace of its own); nullclient_down ends it.
nullclient_up() {
  unshare --net sleep 100000 &
  NULLCLIENT_NS=$!
  _n=0
  while [ "$(readlink /proc/$NULLCLIENT_NS/ns/net)" = "$(readlink /proc/self/ns/net)" ] &&
    [ $_n -lt 200 ]; do _n=$((_n + 1)); sleep 0.05; done
  ip link add hub0 type veth peer name client0 netns "$NULLCLIENT_NS"
  ip addr add 10.0.0.1/24 dev hub0
  ip link set hub0 up
  nsenter -t "$NULLCLIENT_NS" -n sh -c \
    'ip link set lo up; ip addr add 10.0.0.2/24 dev client0; ip link set client0 up'
}
nullclient() {
  nsenter -t "$NULLCLIENT_NS" -n unshare --mount --propagation private sh -c \
    'mount --bind "$QHOME/client" "$QHOME" && cd "$QHOME" && exec "$@"' nullclient "$@"
}
nullclient_down() {
  kill "$NULLCLIENT_NS"
  wait "$NULLCLIENT_NS" 2>/dev/null || true
}
