/* getln.h: reading lines from a substdio into a stralloc. Both return 0,
   or -1 with errno (out of memory, or a read error). */
#ifndef GETLN_H
#define GETLN_H

#include "substdio.h"
#include "stralloc.h"

/* the line up to and including sep replaces sa's contents; *match is 1,
   or 0 at end of input (sa then holds what came before it) */
extern int getln(substdio *ss, stralloc *sa, int *match, int sep);
/* the same, but the line's last piece (ending in sep) stays in ss's
   buffer: *cont, *clen; sa holds the rest. At end of input *clen is 0. */
extern int getln2(substdio *ss, stralloc *sa, char **cont, unsigned int *clen, int sep);

#endif
