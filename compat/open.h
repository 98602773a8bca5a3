/* open.h: opening files the way qmail does. Each returns the fd, or -1
   with errno. */
#ifndef OPEN_H
#define OPEN_H

extern int open_read(const char *fn);   /* read, non-blocking */
extern int open_excl(const char *fn);   /* write, created 0644, must not exist */
extern int open_append(const char *fn); /* append, created 0600, non-blocking */
extern int open_trunc(const char *fn);  /* write, created 0644 or emptied, non-blocking */
extern int open_write(const char *fn);  /* write, must exist, non-blocking */

#endif
