# The uids and gids compiled into the package (qmail's drop-in model:
# the programs carry numbers, not names). preinst creates the users and
# groups with exactly these numbers when they are missing, and refuses to
# install over an existing account whose number differs. A packager picks
# other numbers by setting these variables in the environment of the build.
QMAIL_UIDA ?= 7790
QMAIL_UIDD ?= 7791
QMAIL_UIDL ?= 7792
QMAIL_UIDO ?= 0
QMAIL_UIDP ?= 7793
QMAIL_UIDQ ?= 7794
QMAIL_UIDR ?= 7795
QMAIL_UIDS ?= 7796
QMAIL_GIDQ ?= 2107
QMAIL_GIDN ?= 2108
export QMAIL_UIDA QMAIL_UIDD QMAIL_UIDL QMAIL_UIDO QMAIL_UIDP QMAIL_UIDQ \
  QMAIL_UIDR QMAIL_UIDS QMAIL_GIDQ QMAIL_GIDN
