/* An add-on that brings its own copies of library functions, as qmail
   forks and patches do: case_startb (which stock declares but does not
   define), a patched cdbmss (all three functions: it only counts what it
   is given) and a substdio_puts that counts its calls. It also calls
   functions that sit beside them in the library (case_starts,
   substdio_put, cdbmake_hashadd, stralloc_copys), so the library's
   members that define the originals are linked in too. It must link
   without "multiple definition", and its own copies must be the ones
   called. */
#include "case.h"
#include "cdbmss.h"
#include "cdbmake.h"
#include "substdio.h"
#include "stralloc.h"
#include "str.h"
#include "check.h"

static int mine_startb;
static int mine_puts;
static unsigned int mine_records;

/* our own case_startb: only a prefix in lower case counts */
int case_startb(const char *s, unsigned int len, const char *t)
{
  unsigned int i;
  ++mine_startb;
  for (i = 0; t[i]; ++i) {
    if (i >= len) return 0;
    if (s[i] != t[i]) return 0;
  }
  return 1;
}

int cdbmss_start(struct cdbmss *c, int fd)
{
  c->fd = fd;
  c->pos = 0;
  return 0;
}

int cdbmss_add(struct cdbmss *c, const char *key, unsigned int keylen,
  const char *data, unsigned int datalen)
{
  (void) key; (void) data;
  ++mine_records;
  c->pos += keylen + datalen;
  return 0;
}

int cdbmss_finish(struct cdbmss *c)
{
  return c->pos == 0 ? -1 : 0;
}

int substdio_puts(substdio *s, const char *buf)
{
  ++mine_puts;
  return substdio_put(s, buf, str_len(buf));
}

static char outbuf[64];
static int written;
static int count_write(int fd, char *buf, int len)
{
  (void) fd; (void) buf;
  written += len;
  return len;
}

int main(void)
{
  struct cdbmss c;
  substdio ss;
  stralloc sa = {0};

  /* our copy: case matters */
  CHECK(case_startb("Hello", 5, "He") == 1);
  CHECK(case_startb("Hello", 5, "he") == 0);
  CHECK(mine_startb == 2);
  /* the library's neighbour still answers */
  CHECK(case_starts("Hello", "he") == 1);

  CHECK(cdbmss_start(&c, -1) == 0);
  CHECK(cdbmss_add(&c, "key", 3, "data", 4) == 0);
  CHECK(cdbmss_finish(&c) == 0);
  CHECK(mine_records == 1 && c.pos == 7);
  CHECK(cdbmake_hashadd(CDBMAKE_HASHSTART, 'a') == (((5381u << 5) + 5381u) ^ 'a'));

  substdio_fdbuf(&ss, count_write, 1, outbuf, sizeof outbuf);
  CHECK(substdio_puts(&ss, "twelve bytes") == 0);
  CHECK(substdio_put(&ss, "!", 1) == 0);
  CHECK(substdio_flush(&ss) == 0);
  CHECK(mine_puts == 1 && written == 13);

  CHECK(stralloc_copys(&sa, "still the library") == 1 && sa.len == 17);
  return DONE();
}
