/* cdb.h: reading a constant database.
   Two interfaces. The fd one: cdb_seek finds a key and leaves the fd at
   its data. The struct one: cdb_init on an fd, then cdb_find (first
   record of a key) or cdb_findstart and cdb_findnext (every record of a
   key in turn); after a 1, cdb_datapos and cdb_datalen locate the data,
   which cdb_read fetches. Lookups return 1 found, 0 not found, -1 with
   errno; reads return 0, or -1 with errno (EIO if the file is short). */
#ifndef CDB_H
#define CDB_H

#include "uint32.h"

extern uint32 cdb_hash(const char *buf, unsigned int len);
/* the little-endian number in 4 bytes */
extern uint32 cdb_unpack(const char *buf);

/* exactly len bytes from the fd's current position */
extern int cdb_bread(int fd, char *buf, int len);
extern int cdb_seek(int fd, const char *key, unsigned int len, uint32 *dlen);

/* map is always 0 and size 0 here: the file is read, not mapped.
   loop .. hslots: where a lookup stands; dpos, dlen: the data found. */
struct cdb {
  char *map;
  int fd;
  uint32 size;
  uint32 loop;
  uint32 khash;
  uint32 kpos;
  uint32 hpos;
  uint32 hslots;
  uint32 dpos;
  uint32 dlen;
};

extern void cdb_init(struct cdb *c, int fd);
extern void cdb_free(struct cdb *c);
extern void cdb_findstart(struct cdb *c);
extern int cdb_findnext(struct cdb *c, const char *key, unsigned int len);
extern int cdb_find(struct cdb *c, const char *key, unsigned int len);
extern int cdb_read(struct cdb *c, char *buf, unsigned int len, uint32 pos);

#define cdb_datapos(c) ((c)->dpos)
#define cdb_datalen(c) ((c)->dlen)

#endif
