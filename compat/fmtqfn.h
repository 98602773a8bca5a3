/* fmtqfn.h: the name of a queue file: dirslash ("mess/", ...), then with
   flagsplit the subdirectory id % conf-split and a slash, then the id,
   then a NUL. Writes into s unless s is 0; returns the length with the
   NUL (at most FMTQFN when dirslash has at most 10 bytes). */
#ifndef FMTQFN_H
#define FMTQFN_H

extern unsigned int fmtqfn(char *s, const char *dirslash, unsigned long id, int flagsplit);
#define FMTQFN 40

#endif
