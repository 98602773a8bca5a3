/* timeoutwrite.h: write(2) once fd can take data, waiting at most t
   seconds; the count, or -1 with errno (error_timeout). */
#ifndef TIMEOUTWRITE_H
#define TIMEOUTWRITE_H

extern int timeoutwrite(int t, int fd, const char *buf, int len);

#endif
