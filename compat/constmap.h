/* constmap.h: a lookup table over a list of NUL-terminated entries (a
   control file as control_readfile gives it), keys compared without
   regard to the case of A-Z. constmap_init builds it over the len bytes
   at s, which must stay in place while it is used; with flagcolon each
   entry is key:value and entries without a colon are left out. It gives
   1, or 0 when out of memory. constmap looks a key up: a pointer into the
   list just past the key (the value, after the colon), or 0. Of keys
   given twice the later wins. constmap_free releases the table. */
#ifndef CONSTMAP_H
#define CONSTMAP_H

typedef unsigned long constmap_hash;

struct constmap {
  int num;
  constmap_hash mask;
  constmap_hash *hash;
  int *first;
  int *next;
  char **input;
  int *inputlen;
} ;

extern int constmap_init(struct constmap *cm, char *s, int len, int flagcolon);
extern void constmap_free(struct constmap *cm);
extern char *constmap(const struct constmap *cm, const char *s, int len);

#endif
