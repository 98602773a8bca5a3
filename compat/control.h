/* control.h: reading qmail's control files (paths relative to the
   current directory, the qmail home). Each gives 1 when the file was
   read, 0 when it does not exist, -1 with errno on trouble. Lines lose
   their trailing spaces, tabs and newline. control_init reads
   control/me, which control_rldef and control_readfile fall back to when
   flagme is set; control_rldef falls back to def after that (if def is
   not 0). control_readint takes the number starting the first line
   (0, *i unchanged, when there is none). control_readfile gives every
   line that is not empty and does not start with '#', each followed by
   a NUL (sa is emptied first). */
#ifndef CONTROL_H
#define CONTROL_H

#include "stralloc.h"

extern int control_init(void);
extern int control_readline(stralloc *sa, const char *fn);
extern int control_rldef(stralloc *sa, const char *fn, int flagme, const char *def);
extern int control_readint(int *i, const char *fn);
extern int control_readfile(stralloc *sa, const char *fn, int flagme);

#endif
