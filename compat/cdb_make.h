/* cdb_make.h: writing a constant database, the interface that goes with
   struct cdb. Like cdbmss with an 8192-byte buffer; a record can also be
   written in parts: cdb_make_addbegin(c, klen, dlen), then klen + dlen
   bytes through substdio_put(&c->b, ...), then cdb_make_addend(c, klen,
   dlen, cdb_hash(key, klen)). Each returns 0, or -1 with errno. */
#ifndef CDB_MAKE_H
#define CDB_MAKE_H

#include "uint32.h"
#include "substdio.h"
#include "cdbmake.h"

#define CDB_HPLIST CDBMAKE_HPLIST

struct cdb_make {
  char bspace[8192];
  char final[2048];
  uint32 count[256];
  uint32 start[256];
  struct cdbmake_hplist *head;
  struct cdbmake_hp *split;
  struct cdbmake_hp *hash;
  uint32 numentries;
  substdio b;
  uint32 pos;
  int fd;
};

extern int cdb_make_start(struct cdb_make *c, int fd);
extern int cdb_make_addbegin(struct cdb_make *c, unsigned int keylen, unsigned int datalen);
extern int cdb_make_addend(struct cdb_make *c, unsigned int keylen, unsigned int datalen, uint32 h);
extern int cdb_make_add(struct cdb_make *c, const char *key, unsigned int keylen,
  const char *data, unsigned int datalen);
extern int cdb_make_finish(struct cdb_make *c);

#endif
