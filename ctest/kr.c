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
#include "alloc.h"

extern int pipe();
extern int close();

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

struct rec { int a; int b; };

/* stock frees arrays of any type with alloc_free and reads records
   straight into structs with substdio_get (gcc 14 rejects both unless the
   header takes void *) */
int records()
{
  int *nums;
  struct rec r;
  char buf[16];
  substdio ss;
  int fd[2];

  nums = (int *) alloc(4 * sizeof(int));
  if (!nums) return 0;
  nums[3] = 7;
  alloc_free(nums);
  if (pipe(fd) == -1) return 0;
  r.a = 1; r.b = 2;
  if (write(fd[1],(char *) &r,sizeof r) != sizeof r) return 0;
  close(fd[1]);
  r.a = r.b = 0;
  substdio_fdbuf(&ss,read,fd[0],buf,sizeof buf);
  if (substdio_get(&ss,&r,sizeof r) != sizeof r) return 0;
  if (substdio_bget(&ss,&r,sizeof r) != 0) return 0;
  close(fd[0]);
  return r.a == 1 && r.b == 2;
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
  if (!records()) _exit(1);
  _exit(0);
}
