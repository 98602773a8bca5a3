#!/bin/sh
# Runs inside sandbox.sh (a throwaway root): installs the .deb on a system
# without qmail accounts (PKG_USERS=compiled, the default package) or on
# one whose qmail accounts already exist with other numbers than
# debian/ids.mk's (PKG_USERS=byname, the users-by-name package), checks the tree, the units and the accounts,
# runs the services under daemontools' svscan, sends mail in with swaks and
# Python smtplib, reads it back with Dovecot (IMAP, POP3), mutt (the mbox)
# and our qmail-pop3d (poplib), then removes and purges the package.
# Prints "ok"/"not ok" lines and a "N passed, N failed" summary; exit 1 on
# any failure.
set -u
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }
check() { # DESCRIPTION COMMAND...
  d=$1; shift
  if "$@" >/tmp/check.out 2>&1; then ok "$d"; else bad "$d"; sed 's/^/  # /' /tmp/check.out; fi
}
finish() {
  echo "package: $pass passed, $fail failed"
  [ $fail -eq 0 ]
  exit $?
}
wait_for() { # SECONDS COMMAND...
  n=$1; shift
  while [ "$n" -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 1; n=$((n - 1)); done
  return 1
}
T=/mnt/tests

# A machine that never had qmail: no accounts, no /var/qmail.
for f in passwd shadow group gshadow; do
  [ -f /etc/$f ] || continue
  grep -vE '^(alias|qmaild|qmaill|qmailp|qmailq|qmailr|qmails|qmail|nofiles):' /etc/$f >/tmp/$f.new
  cat /tmp/$f.new >/etc/$f
done
rm -rf /var/qmail /service
check "no qmail accounts before install" sh -c '! getent passwd qmailq && ! getent group qmail'

# The accounts the users-by-name package must take as they are: made by
# hand, every number unlike debian/ids.mk's (the compiled-in package
# refuses such a machine).
PKG_USERS=${PKG_USERS:-compiled}
byname_ids='alias:8790:3108:/var/qmail/alias qmaild:8791:3108:/var/qmail
qmaill:8792:3108:/var/qmail qmailp:8793:3108:/var/qmail
qmailq:8794:3107:/var/qmail qmailr:8795:3107:/var/qmail
qmails:8796:3107:/var/qmail'
if [ "$PKG_USERS" = byname ]; then
  groupadd -g 3107 qmail && groupadd -g 3108 nofiles
  for a in $byname_ids; do
    n=${a%%:*} r=${a#*:}
    u=${r%%:*} r=${r#*:}
    g=${r%%:*} h=${r#*:}
    useradd -u "$u" -g "$g" -d "$h" -M -s /usr/sbin/nologin "$n"
  done
  check "qmail accounts exist with other ids than debian/ids.mk" sh -c '
    [ "$(getent passwd qmailq | cut -d: -f3,4)" = 8794:3107 ] &&
    [ "$(getent group nofiles | cut -d: -f3)" = 3108 ]'
fi

check "dpkg -i installs the package" dpkg -i /mnt/pkg.deb
[ $fail -eq 0 ] || finish

if [ "$PKG_USERS" = byname ]; then
  check "preinst kept the existing accounts and their ids" sh -c '
    for a in $0; do
      n=${a%%:*}
      [ "$(getent passwd $n | cut -d: -f1,3,4,6)" = "$a" ] || { echo "$n: $(getent passwd $n)"; exit 1; }
    done
    [ "$(getent group qmail | cut -d: -f3)" = 3107 ] &&
    [ "$(getent group nofiles | cut -d: -f3)" = 3108 ]' "$byname_ids"
  check "version and qmail-showctl tell the users-by-name build" sh -c '
    dpkg-query -W -f "\${Version}\n" qmail-rs | grep -q "+byname$" &&
    /var/qmail/bin/qmail-showctl | grep -qx "user and group ids: looked up by name at start."'
  check "postinst registered the owners with dpkg-statoverride" sh -c '
    dpkg-statoverride --list /var/qmail/bin/qmail-queue | grep -qx "qmailq qmail 4711 /var/qmail/bin/qmail-queue" &&
    dpkg-statoverride --list /var/qmail/alias | grep -qx "alias qmail 2755 /var/qmail/alias" &&
    dpkg-statoverride --list /var/qmail/bin/qmail-send | grep -qx "root qmail 711 /var/qmail/bin/qmail-send"'
  check "the archive holds no owner numbers and no setuid bit" sh -c '
    dpkg-deb -c /mnt/pkg.deb >/tmp/contents &&
    ! grep -v "^[-dl][-rwx]\{9\} root/root " /tmp/contents'
else
  check "qmail-showctl does not claim the users-by-name build" sh -c '
    ! /var/qmail/bin/qmail-showctl | grep -q "looked up by name"'
# Accounts, with the ids compiled in (debian/ids.mk).
check "preinst created the users with the package's ids" sh -c '
  [ "$(getent passwd alias | cut -d: -f3,4,6)" = 7790:2108:/var/qmail/alias ] &&
  [ "$(getent passwd qmaild | cut -d: -f3,4)" = 7791:2108 ] &&
  [ "$(getent passwd qmaill | cut -d: -f3,4)" = 7792:2108 ] &&
  [ "$(getent passwd qmailp | cut -d: -f3,4)" = 7793:2108 ] &&
  [ "$(getent passwd qmailq | cut -d: -f3,4)" = 7794:2107 ] &&
  [ "$(getent passwd qmailr | cut -d: -f3,4)" = 7795:2107 ] &&
  [ "$(getent passwd qmails | cut -d: -f3,4)" = 7796:2107 ] &&
  [ "$(getent group qmail | cut -d: -f3)" = 2107 ] &&
  [ "$(getent group nofiles | cut -d: -f3)" = 2108 ]'
fi
# instcheck's only complaints: the bin programs not ported yet, which the
# package does not ship (src/admin/hier.rs, PORTED).
check "instcheck finds stock's tree, owners and modes" sh -c '
  cd /usr/lib/qmail-rs && ./instcheck >/tmp/instcheck.out 2>&1
  cat /tmp/instcheck.out
  ! grep -vE "^instcheck: warning: \.\.\./bin/(qmail-qmqpc|qreceipt|qsmhook|qbiff|maildirwatch|qail|elq|pinq) does not exist$" /tmp/instcheck.out'
check "queue laid out by postinst (trigger fifo, modes)" sh -c '
  [ -p /var/qmail/queue/lock/trigger ] &&
  [ "$(stat -c %U:%G:%a /var/qmail/queue/lock/trigger)" = qmails:qmail:622 ] &&
  [ "$(stat -c %U:%G:%a /var/qmail/queue)" = qmailq:qmail:750 ] &&
  [ "$(stat -c %U:%G:%a /var/qmail/bin/qmail-queue)" = qmailq:qmail:4711 ]'
check "the alias directory is alias's, setgid" sh -c '
  [ "$(stat -c %U:%G:%a /var/qmail/alias)" = alias:qmail:2755 ]'
# The same version again: preinst and postinst run as for an upgrade.
check "reinstalling (upgrade path) keeps owners and the setuid bit" sh -c '
  dpkg -i /mnt/pkg.deb >/tmp/reinstall.out 2>&1 || { cat /tmp/reinstall.out; exit 1; }
  [ "$(stat -c %U:%G:%a /var/qmail/bin/qmail-queue)" = qmailq:qmail:4711 ] &&
  [ "$(stat -c %U:%G:%a /var/qmail/alias)" = alias:qmail:2755 ] &&
  [ "$(stat -c %U:%G:%a /var/qmail/queue/mess/0)" = qmailq:qmail:750 ] &&
  [ "$(stat -c %U:%G:%a /var/qmail/queue/lock/tcpto)" = qmailr:qmail:644 ]'
check "control/me from the host name" sh -c '[ "$(cat /var/qmail/control/me)" = mail.test.example ]'
check "man pages installed" sh -c '[ -f /usr/share/man/man8/qmail-send.8.gz ] && [ -f /var/qmail/man/man8/qmail-send.8 ]'
check "systemd-analyze verify accepts the units" \
  systemd-analyze verify --man=no /lib/systemd/system/qmail-send.service \
  /lib/systemd/system/qmail-smtpd.service /lib/systemd/system/qmail-smtpd.socket \
  /lib/systemd/system/qmail-smtpd@.service

# A local user with a Maildir and an mbox.
useradd -m -s /bin/sh alice
su alice -s /bin/sh -c '/var/qmail/bin/maildirmake $HOME/Maildir && printf "./Maildir/\n./Mailbox\n" >$HOME/.qmail'

# The programs are linked as tools/build-release links them (debian/rules):
# static, not position-independent; their user look-ups still work.
check "programs are static, non-PIE executables" sh -c '
  for p in qmail-getpw qmail-send qmail-queue qmail-smtpd; do
    readelf -lh /var/qmail/bin/$p >/tmp/elf.out || exit 1
    grep -q "Type: *EXEC" /tmp/elf.out || { echo "$p: not EXEC"; exit 1; }
    ! grep -q "program interpreter" /tmp/elf.out || { echo "$p: dynamic"; exit 1; }
  done'
check "static qmail-getpw finds alice (glibc's files source)" sh -c '
  [ "$(/var/qmail/bin/qmail-getpw alice | tr "\0" :)" = \
    "alice:$(id -u alice):$(id -g alice):/home/alice:::" ]'

# The services, under daemontools (svscan makes the log pipes).
mkdir /service
ln -s /etc/sv/qmail-send /etc/sv/qmail-smtpd /service/
SMTPD_ADDR=127.0.0.1 svscan /service >/tmp/svscan.log 2>&1 &
svscan_pid=$!
check "qmail-smtpd answers on port 25 under supervise" wait_for 30 sh -c 'swaks --quit-after connect --server 127.0.0.1 --port 25 | grep -q "^<- *220 mail.test.example ESMTP"'
check "qmail-send logs through multilog" wait_for 30 grep -q "status: local 0/10 remote 0/20" /var/log/qmail/send/current

check "swaks delivers a message" swaks --server 127.0.0.1 --port 25 --helo client.test \
  --from bob@client.test --to alice@mail.test.example --header "Subject: from swaks" \
  --body "sent by swaks"
check "smtplib delivers a message" python3 "$T/smtplib_send.py" /tmp/sent.eml
check "both messages in the Maildir" wait_for 30 sh -c '[ "$(ls /home/alice/Maildir/new | wc -l)" = 2 ]'
check "both messages in the mbox" wait_for 30 sh -c '[ "$(grep -c "^From " /home/alice/Mailbox)" = 2 ]'
check "stored message ends with the exact bytes sent" python3 "$T/stored.py" /tmp/sent.eml /home/alice/Maildir/new
check "the smtpd log has tcpserver's lines" grep -q "tcpserver: ok" /var/log/qmail/smtpd/current

# Readers. The Maildir's files as they are now are what every client must see.
mkdir /tmp/expect && cp /home/alice/Maildir/new/* /tmp/expect/
check "mutt reads the mbox (both messages, exact bytes)" sh "$T/mutt.sh" /home/alice/Mailbox /tmp/expect
check "dovecot starts" sh "$T/dovecot.sh"
check "Dovecot IMAP serves the exact bytes" python3 "$T/readers.py" imap 127.0.0.1 143 /tmp/expect
check "Dovecot POP3 serves the exact bytes" python3 "$T/readers.py" pop3 127.0.0.1 110 /tmp/expect
# Dovecot moves new/ to cur/ as sessions end: let it finish first, or
# qmail-pop3d's scan of new/ then cur/ could miss a file moved in between.
doveadm -c /tmp/dovecot/dovecot.conf stop 2>/dev/null
wait_for 30 sh -c '! pgrep -x dovecot && ! pgrep "^(pop3|imap)"'
tcpserver -H -R 127.0.0.1 1110 sh -c 'cd /home/alice && exec setuidgid alice /var/qmail/bin/qmail-pop3d Maildir' >/dev/null 2>&1 &
pop_pid=$!
wait_for 10 sh -c 'python3 -c "import socket; socket.create_connection((\"127.0.0.1\", 1110))"'
check "qmail-pop3d serves the exact bytes" python3 "$T/readers.py" qmail-pop3d 127.0.0.1 1110 /tmp/expect
kill $pop_pid 2>/dev/null

# Stop the services, then remove: queue and control stay.
svc -dx /service/qmail-send /service/qmail-smtpd /service/qmail-send/log /service/qmail-smtpd/log
kill $svscan_pid
wait_for 30 sh -c '! pgrep -x qmail-send && ! pgrep -x tcpserver && ! pgrep -x supervise'
rm -rf /service

# The same run scripts under runit's runsvdir.
rm -rf /etc/sv/qmail-send/supervise /etc/sv/qmail-send/log/supervise \
  /etc/sv/qmail-smtpd/supervise /etc/sv/qmail-smtpd/log/supervise
mkdir /runit-service
ln -s /etc/sv/qmail-send /etc/sv/qmail-smtpd /runit-service/
SMTPD_ADDR=127.0.0.1 runsvdir /runit-service >/tmp/runsvdir.log 2>&1 &
runsvdir_pid=$!
check "qmail-smtpd answers on port 25 under runsv" wait_for 30 sh -c 'swaks --quit-after connect --server 127.0.0.1 --port 25 | grep -q "^<- *220 mail.test.example ESMTP"'
check "a message delivered under runit" sh -c '
  swaks --server 127.0.0.1 --port 25 --helo client.test --from bob@client.test \
    --to alice@mail.test.example --header "Subject: under runit" --body runit >/dev/null &&
  n=30 && while [ $n -gt 0 ] && ! grep -rqs "^Subject: under runit" /home/alice/Maildir/new; do sleep 1; n=$((n - 1)); done &&
  grep -rqs "^Subject: under runit" /home/alice/Maildir/new'
sv -w 30 force-stop /runit-service/qmail-send /runit-service/qmail-smtpd >/dev/null 2>&1
kill -HUP $runsvdir_pid
wait_for 30 sh -c '! pgrep -x qmail-send && ! pgrep -x tcpserver && ! pgrep -x runsv'
rm -rf /runit-service
echo queued-marker >/var/qmail/control/badmailfrom
check "dpkg -r removes the package" dpkg -r qmail-rs
check "remove keeps queue and control" sh -c '
  [ -d /var/qmail/queue/mess ] && [ -p /var/qmail/queue/lock/trigger ] &&
  [ -f /var/qmail/control/me ] && [ -f /var/qmail/control/badmailfrom ] &&
  [ ! -e /var/qmail/bin/qmail-send ] && [ ! -e /usr/sbin/sendmail ]'
check "dpkg -P purges queue, control and logs" sh -c '
  dpkg -P qmail-rs && [ ! -e /var/qmail/queue ] && [ ! -e /var/qmail/control ] &&
  [ ! -e /var/log/qmail ] && ! dpkg -s qmail-rs'
check "purge leaves no statoverride under /var/qmail" sh -c '
  ! dpkg-statoverride --list "/var/qmail/*" | grep .'
check "reinstall over kept accounts works" sh -c 'dpkg -i /mnt/pkg.deb && dpkg -P qmail-rs'
finish
