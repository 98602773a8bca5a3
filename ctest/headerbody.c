/* headerbody from C, in qmail's style: the message on stdin split into
   fields and body, each piece written to stdout tagged (checked by
   tests/ctest.rs, on both libraries). */
#include "headerbody.h"
#include "substdio.h"
#include "subfd.h"
#include "stralloc.h"
#include "readwrite.h"
#include "exit.h"

char inbuf[64];
substdio ssin = SUBSTDIO_FDBUF(read,0,inbuf,sizeof inbuf);

void put(tag,sa) char *tag; stralloc *sa;
{
  substdio_puts(subfdout,tag);
  substdio_put(subfdout,sa->s,sa->len);
}

void dohf(h) stralloc *h;
{
  put("H:",h);
  /* a field handler may change the field; headerbody does not care */
  h->len = 0;
}
void hdone() { substdio_puts(subfdout,"DONE\n"); }
void dobl(b) stralloc *b; { put("B:",b); }

int main()
{
  if (headerbody(&ssin,dohf,hdone,dobl) == -1) _exit(111);
  substdio_puts(subfdout,"END\n");
  substdio_flush(subfdout);
  _exit(0);
}
