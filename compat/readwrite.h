/* readwrite.h: read and write declared without prototypes, so that they
   can serve as substdio ops (as qmail's sources use them). Do not mix
   with <unistd.h>. */
#ifndef READWRITE_H
#define READWRITE_H

extern int read();
extern int write();

#endif
