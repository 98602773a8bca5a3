/* ndelay.h: turn non-blocking mode on or off; 0, or -1 with errno. */
#ifndef NDELAY_H
#define NDELAY_H

extern int ndelay_on(int fd);
extern int ndelay_off(int fd);

#endif
