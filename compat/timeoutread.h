/* timeoutread.h: read(2) once fd has data, waiting at most t seconds;
   the count, or -1 with errno (error_timeout when nothing came). Used as
   the read function of a substdio through a small wrapper. */
#ifndef TIMEOUTREAD_H
#define TIMEOUTREAD_H

extern int timeoutread(int t, int fd, char *buf, int len);

#endif
