/* byte.h: operations on n bytes of memory (any object type). */
#ifndef BYTE_H
#define BYTE_H

/* index of the first / last byte equal to c, or n when there is none */
extern unsigned int byte_chr(const void *s, unsigned int n, int c);
extern unsigned int byte_rchr(const void *s, unsigned int n, int c);
/* copy n bytes from `from` to `to`; overlapping areas are fine */
extern void byte_copy(void *to, unsigned int n, const void *from);
extern void byte_copyr(void *to, unsigned int n, const void *from);
/* 0 when equal, else the first differing bytes' difference (unsigned) */
extern int byte_diff(const void *s, unsigned int n, const void *t);
/* n zero bytes */
extern void byte_zero(void *s, unsigned int n);

#define byte_equal(s,n,t) (!byte_diff((s),(n),(t)))

#endif
