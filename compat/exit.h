/* exit.h: _exit, for sources that do not include <unistd.h>. */
#ifndef EXIT_H
#define EXIT_H

extern void _exit(int);

#endif
