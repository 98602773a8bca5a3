# Helpers for the qmail-qread cases: `. "$CASE/../helpers.sh"` in setup.
#
# mkmsg ID INFO LOCAL REMOTE [MESSAGE]: a message as qmail-send leaves it
# after preprocessing: mess/S/ID, info/S/ID (time 9 Sep 2001), and
# local/S/ID, remote/S/ID unless given as "-". INFO, LOCAL and REMOTE are
# printf formats (records end in \0).
mkmsg() {
  s=$(($1 % 23))
  printf '%s' "${5:-Subject: test

body
}" >queue/mess/$s/$1
  chown qmailq:qmail queue/mess/$s/$1
  printf "$2" >queue/info/$s/$1
  touch -d @1000000000 queue/info/$s/$1
  [ "$3" = - ] || printf "$3" >queue/local/$s/$1
  [ "$4" = - ] || printf "$4" >queue/remote/$s/$1
  chown qmails:qmail queue/info/$s/$1 queue/local/$s/$1 queue/remote/$s/$1 2>/dev/null
  chmod 600 queue/info/$s/$1 queue/local/$s/$1 queue/remote/$s/$1 2>/dev/null
  return 0
}
