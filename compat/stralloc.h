/* stralloc.h: strings that grow as needed.
   A stralloc starts as {0}. s points at the bytes (0: nothing allocated
   yet), len counts those in use, a those allocated. Every function
   returns 1 on success and 0 when memory ran out (errno ENOMEM); the
   string is then as it was. Growing to n bytes allocates 30 + n + n/8. */
#ifndef STRALLOC_H
#define STRALLOC_H

#include "gen_alloc.h"

GEN_ALLOC_typedef(stralloc,char,s,len,a)

/* room for n bytes in all / for n more bytes */
extern int stralloc_ready(stralloc *sa, unsigned int n);
extern int stralloc_readyplus(stralloc *sa, unsigned int n);
/* replace the contents with: sa2, a C string, n bytes */
extern int stralloc_copy(stralloc *sa, const stralloc *sa2);
extern int stralloc_copys(stralloc *sa, const char *s);
extern int stralloc_copyb(stralloc *sa, const char *s, unsigned int n);
/* append: sa2, a C string, n bytes */
extern int stralloc_cat(stralloc *sa, const stralloc *sa2);
extern int stralloc_cats(stralloc *sa, const char *s);
extern int stralloc_catb(stralloc *sa, const char *s, unsigned int n);
/* append the single byte that c points at */
extern int stralloc_append(stralloc *sa, const char *c);
/* 1 when the contents begin with the C string s */
extern int stralloc_starts(const stralloc *sa, const char *s);

/* append a NUL byte (it counts in len) */
#define stralloc_0(sa) stralloc_append((sa),"")

#endif
