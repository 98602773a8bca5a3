/* A constant database written by hand with the cdbmake primitives, as
   qmail's cdbmss does it: records after a 2048-byte header, each pair
   (hash, position) kept with cdbmake_add, then cdbmake_split and one
   cdbmake_throw per table, the tables after the records, the header
   last. Read back with cdb_seek. argv[1]: the file to write. */
#include <unistd.h>
#include "cdbmake.h"
#include "cdb.h"
#include "alloc.h"
#include "stralloc.h"
#include "open.h"
#include "seek.h"
#include "fmt.h"
#include "byte.h"
#include "str.h"
#include "check.h"

static stralloc out = {0};

static int add(struct cdbmake *cdbm, const char *key, const char *data)
{
  char pack[8];
  uint32 h;
  unsigned int i;
  unsigned int klen = str_len(key);
  unsigned int dlen = str_len(data);

  h = CDBMAKE_HASHSTART;
  for (i = 0; i < klen; ++i) h = cdbmake_hashadd(h, (unsigned char) key[i]);
  if (!cdbmake_add(cdbm, h, 2048 + out.len, alloc)) return 0;
  cdbmake_pack(pack, klen);
  cdbmake_pack(pack + 4, dlen);
  return stralloc_catb(&out, pack, 8) && stralloc_catb(&out, key, klen)
    && stralloc_catb(&out, data, dlen);
}

int main(int argc, char **argv)
{
  struct cdbmake cdbm;
  char key[16];
  char data[32];
  char got[32];
  uint32 len;
  uint32 dlen;
  int fd;
  int i;
  int b;
  unsigned int j;
  unsigned int tables = 0;

  if (argc < 2) return 2;
  cdbmake_init(&cdbm);
  for (i = 0; i < 2500; ++i) {
    key[fmt_str(key, "k")] = 0;
    key[1 + fmt_uint(key + 1, i)] = 0;
    data[fmt_str(data, "value ")] = 0;
    data[6 + fmt_uint(data + 6, i * 7)] = 0;
    CHECK(add(&cdbm, key, data));
  }
  CHECK(add(&cdbm, "k7", "second k7"));
  CHECK(cdbm.numentries == 2501);

  CHECK(cdbmake_split(&cdbm, alloc) == 1);
  for (b = 0; b < 256; ++b) tables += cdbm.count[b];
  CHECK(tables == 2501);
  for (b = 0; b < 256; ++b) {
    char pack[8];
    len = cdbmake_throw(&cdbm, 2048 + out.len, b);
    CHECK(len == 2 * cdbm.count[b]);
    for (j = 0; j < len; ++j) {
      cdbmake_pack(pack, cdbm.hash[j].h);
      cdbmake_pack(pack + 4, cdbm.hash[j].p);
      if (!stralloc_catb(&out, pack, 8)) return 2;
    }
  }

  fd = open_trunc(argv[1]);
  if (fd == -1) return 2;
  if (write(fd, cdbm.final, 2048) != 2048) return 2;
  if (write(fd, out.s, out.len) != (int) out.len) return 2;
  close(fd);

  fd = open_read(argv[1]);
  CHECK(cdb_seek(fd, "k1234", 5, &dlen) == 1 && dlen == 10);
  CHECK(read(fd, got, dlen) == (int) dlen && byte_equal(got, dlen, "value 8638"));
  CHECK(cdb_seek(fd, "k7", 2, &dlen) == 1 && dlen == 8);
  CHECK(cdb_seek(fd, "k2500", 5, &dlen) == 0);
  close(fd);
  return DONE();
}
