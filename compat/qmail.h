/* qmail.h: giving a message to the queue. qmail_open starts the queue
   program ($QMAILQUEUE, else bin/qmail-queue, run in the qmail home)
   and gives 0, or -1 with errno when it could not be started. Then:
   qmail_put / qmail_puts the message (headers and body), qmail_from the
   sender (which ends the message), qmail_to each recipient, and
   qmail_close, which waits for the program and gives "" when the message
   is queued, else a text whose first letter says D (permanent) or Z
   (temporary). qmail_fail makes qmail_close refuse the message. Write
   errors are remembered for qmail_close; the caller should ignore
   SIGPIPE. qmail_qp is the queue program's pid. */
#ifndef QMAIL_H
#define QMAIL_H

#include "substdio.h"

struct qmail {
  int flagerr;
  unsigned long pid;
  int fdm;
  int fde;
  substdio ss;
  char buf[1024];
} ;

extern int qmail_open(struct qmail *qq);
extern void qmail_put(struct qmail *qq, const char *s, int len);
extern void qmail_puts(struct qmail *qq, const char *s);
extern void qmail_from(struct qmail *qq, const char *s);
extern void qmail_to(struct qmail *qq, const char *s);
extern void qmail_fail(struct qmail *qq);
extern char *qmail_close(struct qmail *qq);
extern unsigned long qmail_qp(const struct qmail *qq);

#endif
