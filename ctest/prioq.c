/* prioq from C, in qmail's style: many entries with few distinct times,
   so that most keys tie; what comes out is written to stdout, and
   tests/ctest.rs compares it with stock's own prioq.o doing the same. */
#include "prioq.h"
#include "ipalloc.h"
#include "ipme.h"
#include "substdio.h"
#include "subfd.h"
#include "fmt.h"
#include "check.h"

static unsigned long seed = 12345;
static unsigned long next(void)
{
  seed = seed * 1103515245 + 12345;
  return (seed >> 16) & 32767;
}

static void out(struct prioq_elt *pe)
{
  char num[FMT_ULONG];
  substdio_put(subfdout, num, fmt_ulong(num, (unsigned long) pe->dt));
  substdio_puts(subfdout, " ");
  substdio_put(subfdout, num, fmt_ulong(num, pe->id));
  substdio_puts(subfdout, "\n");
}

int main()
{
  prioq pq = {0};
  struct prioq_elt pe;
  unsigned long id = 0;
  int i;
  datetime_sec last;

  CHECK(prioq_min(&pq, &pe) == 0);
  prioq_delmin(&pq);
  for (i = 0; i < 3000; ++i) {
    if (next() % 3) {
      pe.dt = 1000 + next() % 5;
      pe.id = ++id;
      CHECK(prioq_insert(&pq, &pe) == 1);
    } else if (prioq_min(&pq, &pe)) {
      out(&pe);
      prioq_delmin(&pq);
    }
  }
  CHECK(pq.len > 0 && pq.a >= pq.len);
  last = 0;
  while (prioq_min(&pq, &pe)) {
    CHECK(pe.dt >= last);
    last = pe.dt;
    out(&pe);
    prioq_delmin(&pq);
  }
  CHECK(pq.len == 0);
  substdio_flush(subfdout);

  /* ipalloc, the other growing array of the same kind */
  {
    ipalloc ia = {0};
    struct ip_mx mx;
    for (i = 0; i < 50; ++i) {
      mx.ip.d[0] = 10; mx.ip.d[1] = 0; mx.ip.d[2] = 0; mx.ip.d[3] = i;
      mx.pref = i * 10;
      CHECK(ipalloc_append(&ia, &mx) == 1);
    }
    CHECK(ia.len == 50 && ia.a >= 50);
    CHECK(ia.ix[0].ip.d[3] == 0 && ia.ix[49].ip.d[3] == 49 && ia.ix[49].pref == 490);
    CHECK(ipalloc_readyplus(&ia, 1000) == 1 && ia.a >= 1050 && ia.len == 50);
  }

  /* ipme: 0.0.0.0 first, then loopback among the rest */
  {
    struct ip_address a;
    CHECK(ipme_init() == 1 && ipme.len >= 2);
    CHECK(ipme.ix[0].ip.d[0] == 0 && ipme.ix[0].ip.d[3] == 0);
    a.d[0] = 127; a.d[1] = 0; a.d[2] = 0; a.d[3] = 1;
    CHECK(ipme_is(&a) == 1);
    a.d[0] = 192; a.d[1] = 0; a.d[2] = 2; a.d[3] = 77;
    CHECK(ipme_is(&a) == 0);
    CHECK(ipme_init() == 1);
  }
  return DONE();
}
