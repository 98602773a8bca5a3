/* coe.h: mark a descriptor close-on-exec; 0, or -1 with errno. */
#ifndef COE_H
#define COE_H

extern int coe(int fd);

#endif
