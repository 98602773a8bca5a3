/* gfrom.h: 1 when the len bytes at s are a line an mbox must escape
   with '>' ("From " after any number of '>'), else 0. */
#ifndef GFROM_H
#define GFROM_H

extern int gfrom(const char *s, int len);

#endif
