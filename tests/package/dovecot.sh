#!/bin/sh
# Starts Debian's Dovecot with a private configuration: IMAP on 143 and
# POP3 on 110 of 127.0.0.1, alice/secret, her ~/Maildir as INBOX.
set -eu
d=/tmp/dovecot
mkdir -p $d
echo 'alice:{PLAIN}secret' >$d/passwd
cat >$d/dovecot.conf <<CONF
protocols = imap pop3
listen = 127.0.0.1
base_dir = /run/dovecot-test
state_dir = $d/state
log_path = $d/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:~/Maildir
pop3_uidl_format = %f
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $d/passwd
}
userdb {
  driver = passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = 143
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = 110
  }
  inet_listener pop3s {
    port = 0
  }
}
CONF
mkdir -p $d/state
dovecot -c $d/dovecot.conf
n=20
while [ $n -gt 0 ]; do
  python3 -c 'import socket; socket.create_connection(("127.0.0.1", 143)); socket.create_connection(("127.0.0.1", 110))' 2>/dev/null && exit 0
  sleep 1; n=$((n - 1))
done
cat $d/dovecot.log >&2
exit 1
