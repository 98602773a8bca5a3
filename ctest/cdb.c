/* cdb from C: a database written with cdbmss and again with cdb_make
   (byte for byte the same), read with cdb_seek and with struct cdb
   (every record of a duplicated key), a missing key, a short file.
   argv[1]: where to leave the database for the Rust side to read. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cdb.h"
#include "cdbmss.h"
#include "cdb_make.h"
#include "open.h"
#include "check.h"

static char *slurp(const char *fn, int *len)
{
  static char buf[1 << 20];
  int fd = open(fn, O_RDONLY);
  int r;
  *len = 0;
  if (fd == -1) return 0;
  while ((r = read(fd, buf + *len, sizeof buf - *len)) > 0) *len += r;
  close(fd);
  return buf;
}

int main(int argc, char **argv)
{
  static struct cdbmss mss;
#ifndef STOCK_LIBRARY
  static struct cdb_make mk;
  struct cdb c;
  int blen;
#endif
  char fn2[4096];
  char key[32];
  char data[64];
  char *a;
  int alen;
  uint32 dlen;
  int fd;
  int i;

  if (argc < 2) return 2;
  snprintf(fn2, sizeof fn2, "%s.2", argv[1]);

  fd = open_trunc(argv[1]);
  CHECK(fd != -1);
  CHECK(cdbmss_start(&mss, fd) == 0);
  CHECK(lseek(fd, 0, SEEK_CUR) == 2048);
  for (i = 0; i < 3000; ++i) {
    sprintf(key, "key%d", i);
    sprintf(data, "data for %d", i);
    CHECK(cdbmss_add(&mss, key, strlen(key), data, strlen(data)) == 0);
  }
  CHECK(cdbmss_add(&mss, "dup", 3, "first", 5) == 0);
  CHECK(cdbmss_add(&mss, "dup", 3, "second", 6) == 0);
  CHECK(cdbmss_add(&mss, "", 0, "empty key", 9) == 0);
  CHECK(mss.cdbm.numentries == 3003);
  CHECK(mss.cdbm.head != 0 && mss.cdbm.head->num == 3);
  CHECK(cdbmss_finish(&mss) == 0);
  CHECK(close(fd) == 0);

#ifndef STOCK_LIBRARY /* struct cdb and cdb_make are not in stock */
  fd = open_trunc(fn2);
  CHECK(cdb_make_start(&mk, fd) == 0);
  for (i = 0; i < 3000; ++i) {
    sprintf(key, "key%d", i);
    sprintf(data, "data for %d", i);
    CHECK(cdb_make_add(&mk, key, strlen(key), data, strlen(data)) == 0);
  }
  CHECK(cdb_make_add(&mk, "dup", 3, "first", 5) == 0);
  /* the same record in parts */
  CHECK(cdb_make_addbegin(&mk, 3, 6) == 0);
  CHECK(substdio_put(&mk.b, "dup", 3) == 0 && substdio_put(&mk.b, "second", 6) == 0);
  CHECK(cdb_make_addend(&mk, 3, 6, cdb_hash("dup", 3)) == 0);
  CHECK(cdb_make_add(&mk, "", 0, "empty key", 9) == 0);
  CHECK(cdb_make_finish(&mk) == 0);
  CHECK(close(fd) == 0);

  a = slurp(argv[1], &alen);
  {
    char *copy = malloc(alen);
    memcpy(copy, a, alen);
    slurp(fn2, &blen);
    CHECK(alen == blen && memcmp(copy, a, alen) == 0);
    free(copy);
  }
#endif
  a = slurp(argv[1], &alen);
  {
    /* the header is what cdbmss_finish left in final */
    CHECK(memcmp(a, mss.cdbm.final, 2048) == 0);
  }

  fd = open_read(argv[1]);
  CHECK(fd != -1);
  CHECK(cdb_seek(fd, "key1234", 7, &dlen) == 1 && dlen == 13);
  CHECK(read(fd, data, dlen) == (int) dlen && memcmp(data, "data for 1234", 13) == 0);
  CHECK(cdb_seek(fd, "dup", 3, &dlen) == 1 && dlen == 5);
  CHECK(cdb_bread(fd, data, 5) == 0 && memcmp(data, "first", 5) == 0);
  CHECK(cdb_seek(fd, "", 0, &dlen) == 1 && dlen == 9);
  CHECK(cdb_seek(fd, "nokey", 5, &dlen) == 0);
  CHECK(cdb_seek(fd, "key", 3, &dlen) == 0);

#ifndef STOCK_LIBRARY
  cdb_init(&c, fd);
  CHECK(c.map == 0 && c.fd == fd);
  CHECK(cdb_find(&c, "key42", 5) == 1);
  CHECK(cdb_datalen(&c) == 11);
  CHECK(cdb_read(&c, data, cdb_datalen(&c), cdb_datapos(&c)) == 0 && memcmp(data, "data for 42", 11) == 0);
  cdb_findstart(&c);
  CHECK(cdb_findnext(&c, "dup", 3) == 1 && cdb_datalen(&c) == 5);
  CHECK(cdb_findnext(&c, "dup", 3) == 1 && cdb_datalen(&c) == 6);
  CHECK(cdb_read(&c, data, 6, cdb_datapos(&c)) == 0 && memcmp(data, "second", 6) == 0);
  CHECK(cdb_findnext(&c, "dup", 3) == 0);
  CHECK(cdb_find(&c, "absent", 6) == 0);
  errno = 0;
  CHECK(cdb_read(&c, data, 10, alen - 5) == -1 && errno == EIO);
  cdb_free(&c);
#endif
  close(fd);

  CHECK(cdb_hash("", 0) == 5381);
  CHECK(cdb_hash("a", 1) == ((5381u * 33) ^ 'a'));
  {
    uint32 h = CDBMAKE_HASHSTART;
    const char *k = "key1234";
    char packed[4];
    for (i = 0; k[i]; ++i) h = cdbmake_hashadd(h, (unsigned char) k[i]);
    CHECK(h == cdb_hash(k, 7));
    cdbmake_pack(packed, 0x01020304);
    CHECK(packed[0] == 4 && packed[3] == 1 && cdb_unpack(packed) == 0x01020304);
  }

  /* a truncated file: lookups fail with EIO, never crash */
  fd = open_trunc(fn2);
  CHECK(write(fd, a, 100) == 100);
  close(fd);
  fd = open_read(fn2);
  errno = 0;
  CHECK(cdb_seek(fd, "key1", 4, &dlen) == -1 && errno == EIO);
  close(fd);
  unlink(fn2);
  return DONE();
}
