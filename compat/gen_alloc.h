/* gen_alloc.h: declares a growing-array struct type `ta` whose array of
   `type` is `field`, with `len` elements in use and `a` allocated. The
   stralloc type is one of these. */
#ifndef GEN_ALLOC_H
#define GEN_ALLOC_H

#define GEN_ALLOC_typedef(ta,type,field,len,a) \
  typedef struct ta { type *field; unsigned int len; unsigned int a; } ta;

#endif
