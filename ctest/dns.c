/* dns from C, in qmail's style: each argument is a question, "ip:NAME",
   "mx:NAME:RANDOM", "cname:NAME" or "ptr:A.B.C.D", and each answer goes
   to stdout as one line (the code, then the addresses with their
   preferences or the name). tests/ctest.rs asks them of a dnsmasq in a
   private namespace, linked with this library and with stock's dns.o,
   and compares. Dotted quads need no server and are checked here. */
#include "dns.h"
#include "ip.h"
#include "ipalloc.h"
#include "stralloc.h"
#include "substdio.h"
#include "subfd.h"
#include "scan.h"
#include "str.h"
#include "fmt.h"
#include "check.h"

static void puts1(const char *s) { substdio_puts(subfdout, s); }
static void putn(long n)
{
  char num[FMT_ULONG];
  if (n < 0) { puts1("-"); n = -n; }
  substdio_put(subfdout, num, fmt_ulong(num, (unsigned long) n));
}
static void putia(ipalloc *ia)
{
  char s[IPFMT];
  unsigned int i;
  for (i = 0; i < ia->len; ++i) {
    puts1(" ");
    substdio_put(subfdout, s, ip_fmt(s, &ia->ix[i].ip));
    puts1("/");
    putn(ia->ix[i].pref);
  }
}

int main(int argc, char **argv)
{
  stralloc sa = {0};
  ipalloc ia = {0};
  struct ip_address ip;
  unsigned long random;
  unsigned int n;
  int r;
  int i;

  dns_init(0);

  /* literals answer without a server */
  CHECK(stralloc_copys(&sa, "10.1.2.3") == 1);
  CHECK(dns_ip(&ia, &sa) == 0 && ia.len == 1 && ia.ix[0].ip.d[0] == 10 && ia.ix[0].ip.d[3] == 3);
  CHECK(stralloc_copys(&sa, "[192.0.2.7]") == 1);
  CHECK(dns_mxip(&ia, &sa, 5) == 0 && ia.len == 1 && ia.ix[0].ip.d[0] == 192 && ia.ix[0].pref == 0);
  CHECK(dns_ip(&ia, &sa) == 0 && ia.len == 1 && ia.ix[0].ip.d[3] == 7);
  CHECK(stralloc_copys(&sa, "") == 1);
  CHECK(dns_cname(&sa) == 0 && sa.len == 0);
  CHECK(stralloc_copys(&sa, "[1.2.3.4]") == 1);
  CHECK(dns_cname(&sa) == 0 && sa.len == 9);

  for (i = 1; i < argc; ++i) {
    char *q = argv[i];
    char *name = q + str_chr(q, ':') + 1;
    puts1(q); puts1(" ->");
    if (str_start(q, "ip:")) {
      if (!stralloc_copys(&sa, name)) return 111;
      r = dns_ip(&ia, &sa);
      puts1(" "); putn(r); putia(&ia);
    }
    else if (str_start(q, "mx:")) {
      n = str_chr(name, ':');
      if (!stralloc_copyb(&sa, name, n)) return 111;
      random = 0;
      if (name[n]) scan_ulong(name + n + 1, &random);
      r = dns_mxip(&ia, &sa, random);
      puts1(" "); putn(r); putia(&ia);
    }
    else if (str_start(q, "cname:")) {
      if (!stralloc_copys(&sa, name)) return 111;
      r = dns_cname(&sa);
      puts1(" "); putn(r); puts1(" ");
      substdio_put(subfdout, sa.s, sa.len);
    }
    else if (str_start(q, "ptr:")) {
      if (!ip_scan(name, &ip)) return 100;
      r = dns_ptr(&sa, &ip);
      puts1(" "); putn(r); puts1(" ");
      substdio_put(subfdout, sa.s, sa.len);
    }
    puts1("\n");
  }
  substdio_flush(subfdout);
  return DONE();
}
