/* seek.h: file offsets. seek_set, seek_end and seek_trunc return 0, or
   -1 with errno; seek_cur returns the offset, or (seek_pos) -1. */
#ifndef SEEK_H
#define SEEK_H

typedef unsigned long seek_pos;

extern seek_pos seek_cur(int fd);
extern int seek_set(int fd, seek_pos pos);
extern int seek_end(int fd);
/* cut the file to pos bytes */
extern int seek_trunc(int fd, seek_pos pos);

#define seek_begin(fd) (seek_set((fd),(seek_pos) 0))

#endif
