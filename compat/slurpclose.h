/* slurpclose.h: appends all that fd gives to sa, bufsize bytes at a
   time, then closes fd; 0, or -1 with errno (fd closed either way). */
#ifndef SLURPCLOSE_H
#define SLURPCLOSE_H

#include "stralloc.h"

extern int slurpclose(int fd, stralloc *sa, int bufsize);

#endif
