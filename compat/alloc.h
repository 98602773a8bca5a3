/* alloc.h: the allocator behind every growing object of this library.
   Memory comes from malloc, so free() and alloc_free() both release it. */
#ifndef ALLOC_H
#define ALLOC_H

/* n bytes (at least one), or 0 with errno ENOMEM. */
extern char *alloc(unsigned int n);
/* releases a block from alloc (or from the library); 0 is ignored.
   Any pointer type: stock's callers free int and struct arrays too. */
extern void alloc_free(void *x);
/* x points at a pointer (of any type) to a block: makes it a block of n
   bytes keeping its first m bytes. 1, or 0 with errno ENOMEM (then the
   pointer is unchanged). */
extern int alloc_re(void *x, unsigned int m, unsigned int n);

#endif
