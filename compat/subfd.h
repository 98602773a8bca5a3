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

/* their buffers */
extern char subfd_inbuf[8192];
extern char subfd_inbufsmall[256];
extern char subfd_outbuf[8192];
extern char subfd_outbufsmall[256];
extern char subfd_errbuf[256];

/* the read functions of subfdin and subfdinsmall */
extern int subfd_read(int fd, char *buf, int len);
extern int subfd_readsmall(int fd, char *buf, int len);

#endif
