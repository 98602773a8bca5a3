/* scan.h: numbers read from the start of a buffer. Each function stores
   the value (0 without digits) and returns how many bytes it used; it
   reads up to the first byte that is not a digit. */
#ifndef SCAN_H
#define SCAN_H

extern unsigned int scan_ulong(const char *s, unsigned long *u);
extern unsigned int scan_8long(const char *s, unsigned long *u);

#endif
