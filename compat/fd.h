/* fd.h: moving descriptors around. fd_copy makes `to` refer to what
   `from` refers to (closing `to` first); fd_move does that and closes
   `from`. Both give 0, or -1 with errno (`from` must be open). */
#ifndef FD_H
#define FD_H

extern int fd_copy(int to, int from);
extern int fd_move(int to, int from);

#endif
