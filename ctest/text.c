/* date822fmt, myctime, fmtqfn, ip, quote, gfrom, slurpclose and
   triggerpull from C, in qmail's style. argv[1]: a scratch directory
   (with lock/trigger made here). */
#include <sys/types.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include "datetime.h"
#include "date822fmt.h"
#include "myctime.h"
#include "fmtqfn.h"
#include "ip.h"
#include "quote.h"
#include "gfrom.h"
#include "slurpclose.h"
#include "triggerpull.h"
#include "trigger.h"
#include <sys/select.h>
#include "stralloc.h"
#include "byte.h"
#include "str.h"
#include "check.h"

static int same(const char *s, unsigned int len, const char *t)
{
  return len == str_len(t) && byte_equal(s, len, t);
}

int main(int argc, char **argv)
{
  char buf[DATE822FMT + FMTQFN + IPFMT];
  struct datetime dt;
  struct ip_address ip;
  stralloc sa = {0};
  stralloc in = {0};
  unsigned int len;
  int p[2];
  int fd;

  if (argc < 2) return 2;

  datetime_tai(&dt, 951825845);
  len = date822fmt(buf, &dt);
  CHECK(same(buf, len, "29 Feb 2000 12:04:05 -0000\n"));
  CHECK(date822fmt((char *) 0, &dt) == len);
  CHECK(str_equal(myctime(951825845), "Tue Feb 29 12:04:05 2000\n"));
  CHECK(str_equal(myctime(0), "Thu Jan 01 00:00:00 1970\n"));

  len = fmtqfn(buf, "mess/", 12345, 1);
  CHECK(len == 14 && str_equal(buf, "mess/17/12345"));
  CHECK(fmtqfn((char *) 0, "mess/", 12345, 1) == 14);
  len = fmtqfn(buf, "todo/", 7, 0);
  CHECK(len == 7 && str_equal(buf, "todo/7"));

  ip.d[0] = 192; ip.d[1] = 0; ip.d[2] = 2; ip.d[3] = 255;
  len = ip_fmt(buf, &ip);
  CHECK(same(buf, len, "192.0.2.255"));
  CHECK(ip_fmt((char *) 0, &ip) == 11);
  CHECK(ip_scan("10.1.2.3x", &ip) == 8 && ip.d[0] == 10 && ip.d[3] == 3);
  CHECK(ip_scan("1.2.259.4", &ip) == 9 && ip.d[2] == 3);
  CHECK(ip_scan("1.2.3", &ip) == 0);
  CHECK(ip_scan("a.b.c.d", &ip) == 0);
  CHECK(ip_scanbracket("[127.0.0.1]>", &ip) == 11 && ip.d[0] == 127 && ip.d[3] == 1);
  CHECK(ip_scanbracket("127.0.0.1", &ip) == 0);
  CHECK(ip_scanbracket("[127.0.0.1", &ip) == 0);

  CHECK(quote_need("plain", 5) == 0);
  CHECK(quote_need("two words", 9) == 1);
  CHECK(quote_need(".dot", 4) == 1 && quote_need("a..b", 4) == 1);
  CHECK(quote_need("", 0) == 1);
  CHECK(stralloc_copys(&in, "a \"b\""));
  CHECK(quote(&sa, &in) == 1 && same(sa.s, sa.len, "\"a \\\"b\\\"\""));
  CHECK(stralloc_copys(&in, "joe"));
  CHECK(quote(&sa, &in) == 1 && same(sa.s, sa.len, "joe"));
  CHECK(quote2(&sa, "x y@example.com") == 1 && same(sa.s, sa.len, "\"x y\"@example.com"));
  CHECK(quote2(&sa, "a@b@c") == 1 && same(sa.s, sa.len, "\"a@b\"@c"));
  CHECK(quote2(&sa, "") == 1 && sa.len == 0);

  CHECK(gfrom("From me", 7) == 1);
  CHECK(gfrom(">>From me", 9) == 1);
  CHECK(gfrom("From", 4) == 0);
  CHECK(gfrom(">from x", 7) == 0);

  if (pipe(p) == -1) return 2;
  CHECK(write(p[1], "slurped ", 8) == 8 && write(p[1], "whole", 5) == 5);
  close(p[1]);
  CHECK(stralloc_copys(&sa, "<"));
  CHECK(slurpclose(p[0], &sa, 3) == 0 && same(sa.s, sa.len, "<slurped whole"));
  CHECK(fcntl(p[0], F_GETFD) == -1);
  CHECK(slurpclose(p[0], &sa, 16) == -1);

  /* triggerpull, from the queue directory */
  if (chdir(argv[1]) == -1) return 2;
  if (mkdir("lock", 0700) == -1) return 2;
  if (mkfifo("lock/trigger", 0600) == -1) return 2;
  fd = open("lock/trigger", O_RDONLY | O_NONBLOCK);
  CHECK(fd != -1);
  triggerpull();
  CHECK(read(fd, buf, sizeof buf) == 1 && buf[0] == 0);
  close(fd);
  {
    fd_set rfds;
    int nfds = 0;
    struct timeval tv;
    trigger_set();
    FD_ZERO(&rfds);
    trigger_selprep(&nfds, &rfds);
    CHECK(nfds > 0);
    tv.tv_sec = 0; tv.tv_usec = 0;
    CHECK(select(nfds, &rfds, (fd_set *) 0, (fd_set *) 0, &tv) == 0);
    CHECK(trigger_pulled(&rfds) == 0);
    triggerpull();
    FD_ZERO(&rfds);
    nfds = 0;
    trigger_selprep(&nfds, &rfds);
    tv.tv_sec = 1; tv.tv_usec = 0;
    CHECK(select(nfds, &rfds, (fd_set *) 0, (fd_set *) 0, &tv) == 1);
    CHECK(trigger_pulled(&rfds) == 1);
    trigger_set();
  }
  triggerpull(); /* nobody listens: nothing happens */
  if (chdir("/") == -1) return 2;
  triggerpull(); /* no fifo at all: nothing happens */
  return DONE();
}
