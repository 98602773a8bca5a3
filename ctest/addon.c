/* qmail-addon: a small add-on of the kind packagers build against
   libqmail, written the way qmail's own programs are. It reads a message
   on stdin, puts an X-Addon header line in front of it and queues it
   with the sender argv[1] and the recipients argv[2...] through the
   queue client (qmail_open ... qmail_close), which runs qmail-queue.
   Exit codes as qmail-inject's: 0 queued, 100 refused for good, 111
   temporary failure (the reason on stderr). */
#include "sig.h"
#include "substdio.h"
#include "subfd.h"
#include "getln.h"
#include "stralloc.h"
#include "strerr.h"
#include "qmail.h"
#include "fmt.h"
#include "exit.h"

#define FATAL "qmail-addon: fatal: "

void die_usage() { strerr_die1x(100,"qmail-addon: usage: qmail-addon sender recipient ..."); }
void die_nomem() { strerr_die2x(111,FATAL,"out of memory"); }
void die_read() { strerr_die2sys(111,FATAL,"unable to read input: "); }

struct qmail qqt;
stralloc line = {0};

int main(argc,argv)
int argc;
char **argv;
{
  int match;
  int i;
  char *qqx;
  char num[FMT_ULONG];

  if (argc < 3) die_usage();
  sig_pipeignore();

  if (qmail_open(&qqt) == -1)
    strerr_die2sys(111,FATAL,"unable to start the queue: ");
  qmail_puts(&qqt,"X-Addon: queued by qmail-addon\n");
  for (;;) {
    if (getln(subfdinsmall,&line,&match,'\n') == -1) { qmail_fail(&qqt); break; }
    if (!line.len) break;
    qmail_put(&qqt,line.s,line.len);
    if (!match) break;
  }
  qmail_from(&qqt,argv[1]);
  for (i = 2;i < argc;++i) qmail_to(&qqt,argv[i]);
  num[fmt_ulong(num,qmail_qp(&qqt))] = 0;
  qqx = qmail_close(&qqt);
  if (*qqx)
    strerr_die2x(*qqx == 'D' ? 100 : 111,"qmail-addon: ",qqx + 1);
  substdio_puts(subfdout,"queued by qp ");
  substdio_puts(subfdout,num);
  substdio_puts(subfdout,"\n");
  substdio_flush(subfdout);
  _exit(0);
}
