/* Code in qmail's own style: old-style definitions, read and write
   declared without prototypes and used as substdio ops, the headers
   included the way qmail's sources include them. It must compile
   without warnings and work. */
#include "substdio.h"
#include "subfd.h"
#include "stralloc.h"
#include "readwrite.h"
#include "getln.h"
#include "byte.h"
#include "str.h"
#include "fmt.h"
#include "scan.h"
#include "error.h"
#include "exit.h"

char outbuf[64];
substdio ssout = SUBSTDIO_FDBUF(write,1,outbuf,sizeof outbuf);
char inbuf[16];
substdio ssin = SUBSTDIO_FDBUF(read,0,inbuf,sizeof inbuf);

stralloc line = {0};
stralloc total = {0};

int count(sa, c) stralloc *sa; int c;
{
  return byte_chr(sa->s, sa->len, c) < sa->len;
}

int main()
{
  int match;
  unsigned long n;
  unsigned long sum = 0;
  char num[FMT_ULONG];

  for (;;) {
    if (getln(&ssin,&line,&match,'\n') == -1) _exit(111);
    if (!match && !line.len) break;
    if (!count(&line, '\n')) if (!stralloc_cats(&line, "\n")) _exit(111);
    if (!scan_ulong(line.s,&n)) continue;
    sum += n;
  }
  if (!stralloc_copys(&total,"sum ")) _exit(111);
  if (!stralloc_catb(&total,num,fmt_ulong(num,sum))) _exit(111);
  if (!stralloc_0(&total)) _exit(111);
  if (substdio_puts(&ssout,total.s) == -1) _exit(111);
  if (substdio_puts(&ssout,"\n") == -1) _exit(111);
  if (substdio_flush(&ssout) == -1) _exit(111);
  if (str_len(error_str(error_noent)) != 19) _exit(1);
  _exit(0);
}
