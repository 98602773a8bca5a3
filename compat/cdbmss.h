/* cdbmss.h: writing a constant database to a seekable fd. cdbmss_start
   moves the fd past the header; cdbmss_add writes records; cdbmss_finish
   writes the hash tables and then the header. Each returns 0, or -1 with
   errno. The fd is the caller's to fsync and close. */
#ifndef CDBMSS_H
#define CDBMSS_H

#include "cdbmake.h"
#include "substdio.h"

struct cdbmss {
  char ssbuf[1024];
  struct cdbmake cdbm;
  substdio ss;
  char packbuf[8];
  uint32 pos;
  int fd;
} ;

extern int cdbmss_start(struct cdbmss *c, int fd);
extern int cdbmss_add(struct cdbmss *c, const char *key, unsigned int keylen,
  const char *data, unsigned int datalen);
extern int cdbmss_finish(struct cdbmss *c);

#endif
