/* subfd.h: ready-made substdios for fds 0, 1 and 2. Reading subfdin
   (subfdinsmall) first flushes subfdout (subfdoutsmall). Buffers: 8192
   bytes for subfdin and subfdout, 256 for the others. */
#ifndef SUBFD_H
#define SUBFD_H

#include "substdio.h"

extern substdio *subfdin;
extern substdio *subfdinsmall;
extern substdio *subfdout;
extern substdio *subfdoutsmall;
extern substdio *subfderr;

/* the read functions of subfdin and subfdinsmall */
extern int subfd_read(int fd, char *buf, int len);
extern int subfd_readsmall(int fd, char *buf, int len);

#endif
